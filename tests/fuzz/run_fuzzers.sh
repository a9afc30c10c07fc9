#!/usr/bin/env bash
# Runs every libFuzzer target of a WID_FUZZ build for SECONDS each, one at a time and in one
# process each (no -jobs), under ASan+UBSan. Seeds come from fixtures/ (chosen per target below),
# rules/catalog/ and tests/fuzz/seeds/; what the fuzzer learns goes to BUILD/corpus/<target>/
# (not committed), and a crash, leak or timeout is kept as
# tests/fuzz/regressions/<target>/<kind>-<sha1>, which ctest then replays on every change (and
# each run here reads first, so the saved crashes are replayed under ASan too). Prints each target's executions/s, edges (cov) and findings, and exits
# non-zero when any target found something.
#   usage: tests/fuzz/run_fuzzers.sh BUILD SECONDS [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:?usage: $0 BUILD SECONDS [TARGET...]}
seconds=${2:?usage: $0 BUILD SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/targets/*.cc; do targets+=("$(basename "$f" .cc)"); done
fi

# Which fixture files seed which target (find expressions), and its dictionary.
seeds() {
  case "$1" in
    sniff) find fixtures -type f -size -256k ;;
    text_source) find fixtures -type f -size -256k ;;
    yaml) find fixtures rules/catalog -type f \( -name '*.yaml' -o -name '*.yml' \) ;;
    json) find fixtures -type f -name '*.json' -size -256k ;;
    env_file) find fixtures -type f \( -name '*.env' -o -name '*.txt' \) ;;
    jwt) find fixtures -type f \( -name '*.jwt' -o -name '*.pub' -o -name '*.key' \) ;;
    pem_jwks) find fixtures -type f \( -name '*.pub' -o -name '*.key' -o -name '*.crt' \
                -o -name 'jwks.json' -o -name 'openid-configuration.json' \) ;;
    archive) find tests/fuzz/seeds/archive -type f ;;
    log_records) find fixtures -type f -name '*.log' -size -256k ;;
    catalog) find rules/catalog fixtures/rules -type f -name '*.yaml' ;;
    report) find fixtures/reports -type f -name '*.json' ;;
  esac
}
dict() {
  case "$1" in
    yaml | catalog) echo tests/fuzz/dicts/yaml.dict ;;
    json | pem_jwks | report) echo tests/fuzz/dicts/json.dict ;;
    log_records | sniff) echo tests/fuzz/dicts/klog.dict ;;
    jwt) echo tests/fuzz/dicts/jwt.dict ;;
  esac
}

summary="$build/fuzz-summary.tsv"
printf 'target\tseconds\texecs\texec_per_s\tedges\tfindings\n' >"$summary"
status=0
for t in "${targets[@]}"; do
  bin="$build/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "no $bin: build with make fuzz" >&2; exit 2; }
  corpus="$build/corpus/$t" seed_dir="$build/seeds/$t" out="tests/fuzz/regressions/$t"
  mkdir -p "$corpus" "$seed_dir" "$out"
  seeds "$t" | while read -r f; do cp "$f" "$seed_dir/$(printf '%s' "$f" | sha1sum | cut -c1-16)"; done
  before=$(find "$out" -type f ! -name '.*' | wc -l)
  d=$(dict "$t")
  log="$build/fuzz-$t.log"
  echo "== fuzz_$t for ${seconds}s" >&2
  ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -max_len=262144 -print_final_stats=1 -artifact_prefix="$out/" \
    ${d:+-dict=$d} "$corpus" "$seed_dir" "$out" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  edges=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  found=$(($(find "$out" -type f ! -name '.*' | wc -l) - before))
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$seconds" "${execs:-?}" "${speed:-?}" "${edges:-?}" \
    "$found" >>"$summary"
  if [ $rc -ne 0 ]; then
    echo "fuzz_$t: exit $rc; see $log; the input is under $out/" >&2
    status=1
  fi
done
column -t "$summary" >&2 || cat "$summary" >&2
exit $status
