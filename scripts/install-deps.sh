#!/usr/bin/env bash
# Installs the Debian packages wi-doctor needs to build and test. As root it runs apt-get;
# otherwise it prints the exact command and stops, so nothing is half-installed.
set -euo pipefail
PKGS=(cmake ninja-build g++ pkg-config
      libre2-dev nlohmann-json3-dev libyaml-cpp-dev libcurl4-openssl-dev libssl-dev
      libcli11-dev libarchive-dev zlib1g-dev libgtest-dev libgmock-dev libbenchmark-dev
      python3 ripgrep hyperfine)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "wi-doctor needs these packages: ${missing[*]}" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
