#!/usr/bin/env bash
# Times `manabi check` on each adversarial site of
# tests/testsuite/adversarial_cases.rs: wall time, peak memory (RSS), exit
# code and the first diagnostic. Give several binaries to compare them
# (say, one built before a change and one after).
#
#   bash bench/adversarial.sh [BIN...]          # default: target/release/manabi
#   TIMEOUT=120 MEMORY_KB=6000000 bash bench/adversarial.sh OLD NEW
#   CASES="title_huge yaml_flow_deep" bash bench/adversarial.sh   # some only
#
# Each run is stopped after TIMEOUT seconds (default 120) and may use at
# most MEMORY_KB of address space (default 6 GB), so a case that used to
# grow without bound stops instead of taking the machine down.
set -euo pipefail

cd "$(dirname "$0")/.."
TIMEOUT=${TIMEOUT:-120}
MEMORY_KB=${MEMORY_KB:-6000000}
DIR=${ADVERSARIAL_DIR:-/tmp/manabi-adversarial}
TARGET=${CARGO_TARGET_DIR:-target}

cargo build --release --quiet --bin manabi --example adversarial
bins=("$@")
[ ${#bins[@]} -eq 0 ] && bins=("$TARGET/release/manabi")
"$TARGET/release/examples/adversarial" --out "$DIR" --scale issue >/dev/null
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }

for bin in "${bins[@]}"; do
  bin=$(realpath "$bin")
  echo "## $bin"
  echo
  echo "| case | wall | peak RSS | exit | first diagnostic |"
  echo "|---|---|---|---|---|"
  for site in "$DIR"/*/; do
    name=$(basename "$site")
    if [ -n "${CASES:-}" ] && [[ " $CASES " != *" $name "* ]]; then continue; fi
    log=$(mktemp)
    set +e
    (cd "$site" && ulimit -v "$MEMORY_KB" &&
      /usr/bin/time -o "$log.time" -f '%e %M %x' timeout -k 5 "$TIMEOUT" "$bin" check >"$log" 2>&1)
    set -e
    # The last line holds the numbers; `timeout` exits 124 when it
    # stopped the run (TERM, then KILL 5 s later); a line before the
    # numbers names a signal that ended it (an abort when the address
    # space ran out).
    read -r secs kb code < <(tail -n 1 "$log.time") || true
    if [ "${code:-}" = "124" ] || [ "${code:-}" = "137" ]; then
      secs=">$TIMEOUT"; code="stopped (timeout)"
    elif grep -q 'terminated by signal' "$log.time"; then
      code="$(grep -o 'signal [0-9]*' "$log.time") (out of memory at ${MEMORY_KB} KB?)"
    fi
    first=$(grep -m1 -E '^(error|warning)' "$log" | cut -c1-90 || true)
    printf '| %s | %s s | %s MiB | %s | %s |\n' "$name" "$secs" "$(( ${kb:-0} / 1024 ))" "${code:-?}" "$first"
    rm -f "$log" "$log.time"
  done
  echo
done
