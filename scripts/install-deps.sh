#!/usr/bin/env bash
# Installs what wi-doctor needs: `install-deps.sh build` the Debian packages to build it (make
# build, make demo, make package); `install-deps.sh lint` clang-format and clang-tidy (make lint);
# `install-deps.sh clang` Debian's Clang alone;
# `install-deps.sh fuzz` clang and its libFuzzer runtime (make fuzz);
# `install-deps.sh bench` also the bench's peers and profiler: rg, hyperfine, time, perf (make bench);
# `install-deps.sh test` also the tests' consumers: xmllint, junitparser,
# Chromium, and the npm packages pinned in tests/consumers/package-lock.json (make test). As root
# it runs apt-get; otherwise it prints the exact command and stops, so nothing is half-installed.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-build}
case "$what" in build|test|lint|clang|fuzz|bench) ;; *) echo "usage: $0 [build|test|lint|clang|fuzz|bench]" >&2; exit 2 ;; esac
PKGS=(cmake ninja-build g++ pkg-config
      libre2-dev nlohmann-json3-dev libyaml-cpp-dev libcurl4-openssl-dev libssl-dev
      libcli11-dev libarchive-dev zlib1g-dev libgtest-dev libgmock-dev libbenchmark-dev
      python3
      help2man dpkg-dev file ccache)
# Hyperscan, the scanner's first stage, is packaged for amd64 only; elsewhere the build finds none
# and the RE2::Sets scan alone, with the same results.
if [ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ]; then
  PKGS+=(libhyperscan-dev)
fi
OPTIONAL_PKGS=()
if [ "$what" = lint ]; then
  PKGS=(clang-format clang-tidy)
fi
if [ "$what" = clang ]; then
  PKGS=(clang)
fi
if [ "$what" = fuzz ]; then
  PKGS=(clang libclang-rt-dev)
fi
if [ "$what" = bench ]; then
  PKGS+=(ripgrep hyperfine time linux-perf)
fi
if [ "$what" = test ]; then
  PKGS+=(ripgrep hyperfine libxml2-utils python3-junitparser)
  # The HTML report's browser test. Without it that one test is skipped and says why; everything
  # else still installs.
  OPTIONAL_PKGS+=(chromium)
fi

missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

mapfile -t need < <(missing "${PKGS[@]}")
mapfile -t want < <(missing "${OPTIONAL_PKGS[@]+"${OPTIONAL_PKGS[@]}"}")
if [ ${#need[@]} -gt 0 ] || [ ${#want[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "wi-doctor needs these packages: ${need[*]} ${want[*]}" >&2
    echo "run: sudo apt-get update && sudo apt-get install -y ${need[*]} ${want[*]}" >&2
    [ ${#need[@]} -eq 0 ] || exit 1
  else
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    if [ ${#need[@]} -gt 0 ]; then
      echo "installing: ${need[*]}" >&2
      apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
    if [ ${#want[@]} -gt 0 ]; then
      echo "installing: ${want[*]}" >&2
      apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null ||
        echo "warning: could not install ${want[*]}; the HTML browser test will be skipped" >&2
    fi
  fi
fi

[ "$what" = test ] || exit 0

# SARIF Multitool from the npm registry, exactly as locked. npm comes with Node.js (Debian's own
# npm package conflicts with NodeSource's nodejs, so it is not installed from here).
lock=tests/consumers/package-lock.json
stamp=tests/consumers/node_modules/.wi-doctor-installed
if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
  if ! command -v npm >/dev/null; then
    echo "wi-doctor's SARIF test needs npm (it ships with Node.js 18 or later)" >&2
    exit 1
  fi
  echo "installing tests/consumers (npm ci)" >&2
  npm ci --prefix tests/consumers --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
