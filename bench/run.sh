#!/usr/bin/env bash
# Benchmark `manabi build` against the performance floor and Hugo.
#
#   bash bench/run.sh [--notes 1000,10000] [--runs 5] [--warmup 1] [--seed 1]
#                     [--tools floor,manabi,hugo]
#
# Environment:
#   BENCH_DIR      work dir for corpora, logs and results (default /tmp/manabi-bench)
#   BENCH_OUT_DIR  where the tools write their output (default: a folder on
#                  /dev/shm when it is writable, else $BENCH_DIR/out); see README
#   CARGO_TARGET_DIR  honoured when building
#   MANABI_BIN     time this manabi binary instead of the freshly built one
#                  (e.g. an older build, to compare two commits)
#
# See bench/README.md for what is measured and how to read the table.
set -euo pipefail

usage() {
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

NOTES="1000,10000"
RUNS=5
WARMUP=1
SEED=1
TOOLS="floor,manabi,hugo"
while (($#)); do
    case "$1" in
        --notes) NOTES="${2:?--notes needs a value}"; shift 2 ;;
        --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
        --warmup) WARMUP="${2:?--warmup needs a value}"; shift 2 ;;
        --seed) SEED="${2:?--seed needs a value}"; shift 2 ;;
        --tools) TOOLS="${2:?--tools needs a value}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in "$RUNS" "$WARMUP" "$SEED"; do
    [[ "$v" =~ ^[0-9]+$ ]] || { echo "run.sh: not a number: $v" >&2; exit 2; }
done
((RUNS >= 1)) || { echo "run.sh: --runs must be at least 1" >&2; exit 2; }
IFS=',' read -r -a SIZES <<<"$NOTES"
IFS=',' read -r -a TOOL_LIST <<<"$TOOLS"
for n in "${SIZES[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "run.sh: bad --notes entry: $n" >&2; exit 2; }
done
for t in "${TOOL_LIST[@]}"; do
    case "$t" in floor|manabi|hugo) ;; *) echo "run.sh: unknown tool: $t" >&2; exit 2 ;; esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/manabi-bench}"
mkdir -p "$BENCH_DIR"
BENCH_DIR="$(cd "$BENCH_DIR" && pwd)"
LOG_DIR="$BENCH_DIR/logs"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"

log() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------------------
# Tools

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else log "run.sh: need root (or sudo) to run: $*"; return 1
    fi
}

missing=()
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if ((${#missing[@]})); then
    log "==> installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y "${missing[@]}"; then
        as_root apt-get update
        as_root apt-get install -y "${missing[@]}"
    fi
fi
command -v cargo >/dev/null 2>&1 || { log "run.sh: cargo not found (install Rust >= 1.85 first)"; exit 1; }
HUGO_VERSION="$(hugo version 2>&1 | head -n1)"

# ---------------------------------------------------------------------------
# Build

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
GEN=""
FLOOR=""
MANABI=""
MANABI_NOTE=""
cd "$ROOT"
log "==> cargo build --release --bin manabi --examples"
if cargo build --release --bin manabi --examples; then
    GEN="$TARGET_DIR/release/examples/gen_corpus"
    FLOOR="$TARGET_DIR/release/examples/floor"
    MANABI="$TARGET_DIR/release/manabi"
else
    log "==> the combined build failed; building manabi and the benchmark helpers separately"
    if cargo build --release --examples; then
        GEN="$TARGET_DIR/release/examples/gen_corpus"
        FLOOR="$TARGET_DIR/release/examples/floor"
    else
        log "==> the crate's examples do not build; using the stand-alone bench/harness crate"
        CARGO_TARGET_DIR="$TARGET_DIR/bench-harness" cargo build --release \
            --manifest-path "$ROOT/bench/harness/Cargo.toml"
        GEN="$TARGET_DIR/bench-harness/release/gen_corpus"
        FLOOR="$TARGET_DIR/bench-harness/release/floor"
    fi
    if cargo build --release --bin manabi; then
        MANABI="$TARGET_DIR/release/manabi"
    else
        MANABI_NOTE="manabi does not build"
        log "==> manabi does not build; its rows will be reported as failed"
    fi
fi

if [ -n "${MANABI_BIN:-}" ]; then
    MANABI="$MANABI_BIN"
    MANABI_NOTE=""
    log "==> timing MANABI_BIN=$MANABI"
fi

# ---------------------------------------------------------------------------
# Output location

if [ -n "${BENCH_OUT_DIR:-}" ]; then
    OUT_BASE="$BENCH_OUT_DIR"
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
    OUT_BASE="/dev/shm/manabi-bench-out"
else
    OUT_BASE="$BENCH_DIR/out"
fi
mkdir -p "$(dirname "$OUT_BASE")"
OUT_FS="$(df -PT "$(dirname "$OUT_BASE")" 2>/dev/null | awk 'NR==2 {print $2}' || true)"
# Only ever delete folders this script created (they carry a marker).
OUT_MARK=".manabi-bench-out"
if [ -e "$OUT_BASE" ] && [ ! -e "$OUT_BASE/$OUT_MARK" ] && [ -n "$(ls -A "$OUT_BASE")" ]; then
    log "run.sh: $OUT_BASE exists and was not made by run.sh; refusing to use it"
    exit 1
fi
rm -rf "$OUT_BASE"
mkdir -p "$OUT_BASE"
: >"$OUT_BASE/$OUT_MARK"
cleanup() { rm -rf "$OUT_BASE"; }
trap cleanup EXIT

# ---------------------------------------------------------------------------
# Corpora

declare -A CORPUS_INFO
for n in "${SIZES[@]}"; do
    dir="$BENCH_DIR/corpus-$n"
    log "==> generating $n notes into $dir"
    "$GEN" --notes "$n" --seed "$SEED" --out "$dir/site" --hugo "$dir/hugo" >&2
    files=$(find "$dir/site/content" -name '*.md' | wc -l)
    size=$(du -sk "$dir/site" | awk '{print $1}')
    CORPUS_INFO[$n]="$files $size"
done

# ---------------------------------------------------------------------------
# Runs

SAMPLES="$BENCH_DIR/samples.tsv"
printf 'notes\ttool\trun\twall_ns\tpeak_rss_kib\tcpu_s\n' >"$SAMPLES"
TIME_OUT="$LOG_DIR/time.out"
declare -A FAILED PAGES

tool_cmd() { # tool notes -> command in CMD
    local dir="$BENCH_DIR/corpus-$2" out="$OUT_BASE/$1-$2"
    case "$1" in
        floor) CMD=("$FLOOR" --root "$dir/site" --out "$out") ;;
        manabi) CMD=("$MANABI" build --root "$dir/site" --out "$out" -q) ;;
        hugo) CMD=(hugo --quiet -s "$dir/hugo" -d "$out") ;;
    esac
}

ntools=${#TOOL_LIST[@]}
for n in "${SIZES[@]}"; do
    if [ -z "$MANABI" ]; then FAILED["manabi,$n"]="${MANABI_NOTE:-not built}"; fi
    total=$((WARMUP + RUNS))
    for ((i = 0; i < total; i++)); do
        # Rotate the starting tool each iteration so no tool always runs
        # right after the same neighbour.
        for ((k = 0; k < ntools; k++)); do
            tool="${TOOL_LIST[$(((i + k) % ntools))]}"
            [ -z "${FAILED["$tool,$n"]:-}" ] || continue
            out="$OUT_BASE/$tool-$n"
            tool_cmd "$tool" "$n"
            rm -rf "$out"
            tlog="$LOG_DIR/$tool-$n.log"
            printf '=== run %d: %s\n' "$i" "${CMD[*]}" >>"$tlog"
            t0=$(date +%s%N)
            if /usr/bin/time -f '%e %M %U %S' -o "$TIME_OUT" "${CMD[@]}" >>"$tlog" 2>&1; then
                t1=$(date +%s%N)
                rss=$(tail -n1 "$TIME_OUT" | awk '{print $2}')
                cpu=$(tail -n1 "$TIME_OUT" | awk '{printf "%.2f", $3 + $4}')
                wall=$((t1 - t0))
                if ((i < WARMUP)); then
                    label="warmup"
                else
                    label="run $((i - WARMUP + 1))/$RUNS"
                    printf '%s\t%s\t%d\t%d\t%d\t%s\n' "$n" "$tool" "$((i - WARMUP + 1))" "$wall" "$rss" "$cpu" >>"$SAMPLES"
                fi
                log "$(printf '[%6s notes] %-13s %-6s %8.3f s wall %8.2f s cpu %7.1f MiB' "$n" "$label" "$tool" \
                    "$(awk -v w="$wall" 'BEGIN {print w / 1e9}')" "$cpu" "$(awk -v r="$rss" 'BEGIN {print r / 1024}')")"
                if ((i == total - 1)); then
                    PAGES["$tool,$n"]=$(find "$out" -name '*.html' | wc -l)
                fi
            else
                code=$?
                FAILED["$tool,$n"]="exit $code"
                log "[$n notes] $tool FAILED (exit $code); last lines of $tlog:"
                tail -n 15 "$tlog" | sed 's/^/    /' >&2
            fi
        done
    done
done

# ---------------------------------------------------------------------------
# Report

# stats notes tool -> "count median min max rss_median_mib cpu_median" (seconds) or "0"
stats() {
    awk -F'\t' -v n="$1" -v t="$2" 'NR > 1 && $1 == n && $2 == t {print $4, $5, $6}' "$SAMPLES" |
        awk '
            function med(a, k,   m) { m = (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2; return m }
            { w[NR] = $1; r[NR] = $2; c[NR] = $3 }
            END {
                if (NR == 0) { print 0; exit }
                # insertion sort (a handful of samples)
                for (i = 2; i <= NR; i++) { x = w[i]; j = i - 1; while (j > 0 && w[j] > x) { w[j + 1] = w[j]; j-- } w[j + 1] = x }
                for (i = 2; i <= NR; i++) { x = r[i]; j = i - 1; while (j > 0 && r[j] > x) { r[j + 1] = r[j]; j-- } r[j + 1] = x }
                for (i = 2; i <= NR; i++) { x = c[i]; j = i - 1; while (j > 0 && c[j] > x) { c[j + 1] = c[j]; j-- } c[j + 1] = x }
                printf "%d %.3f %.3f %.3f %.1f %.2f\n", NR, med(w, NR) / 1e9, w[1] / 1e9, w[NR] / 1e9, med(r, NR) / 1024, med(c, NR)
            }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }

MD="$BENCH_DIR/results.md"
JSON="$BENCH_DIR/results.json"
DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
CPUS="$(nproc)"
REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)"
{
    echo "# manabi benchmark"
    echo
    echo "- date: $DATE, commit: $REV, cpus: $CPUS, $(uname -sr)"
    echo "- $HUGO_VERSION"
    echo "- runs: $RUNS measured (+ $WARMUP warm-up) per tool and size, tools alternated; seed $SEED"
    echo "- output written to $OUT_BASE (${OUT_FS:-unknown} filesystem)"
    echo
} >"$MD"
JSON_SIZES=()

for n in "${SIZES[@]}"; do
    read -r cfiles ckib <<<"${CORPUS_INFO[$n]}"
    declare -A MED=() CPU=()
    {
        echo "## $n notes ($cfiles .md files, $(awk -v k="$ckib" 'BEGIN {printf "%.1f", k / 1024}') MiB on disk)"
        echo
        echo "| tool | median s | min s | max s | median cpu s | median peak MiB | html pages | runs | status |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    } >>"$MD"
    JSON_TOOLS=()
    for tool in "${TOOL_LIST[@]}"; do
        s=$(stats "$n" "$tool")
        fail="${FAILED["$tool,$n"]:-}"
        pages="${PAGES["$tool,$n"]:-}"
        if [ "$s" = 0 ] || [ -n "$fail" ]; then
            status="failed${fail:+ ($fail)}"
            echo "| $tool | - | - | - | - | - | - | 0 | $status |" >>"$MD"
            JSON_TOOLS+=("{\"tool\":\"$tool\",\"status\":\"$status\"}")
            continue
        fi
        read -r cnt med mn mx rss cpu <<<"$s"
        MED[$tool]=$med
        CPU[$tool]=$cpu
        echo "| $tool | $med | $mn | $mx | $cpu | $rss | ${pages:-?} | $cnt | ok |" >>"$MD"
        JSON_TOOLS+=("{\"tool\":\"$tool\",\"status\":\"ok\",\"runs\":$cnt,\"median_s\":$med,\"min_s\":$mn,\"max_s\":$mx,\"median_cpu_s\":$cpu,\"median_peak_mib\":$rss,\"html_pages\":${pages:-null}}")
    done
    r_floor=$(ratio "${MED[manabi]:-}" "${MED[floor]:-}")
    r_hugo=$(ratio "${MED[manabi]:-}" "${MED[hugo]:-}")
    c_floor=$(ratio "${CPU[manabi]:-}" "${CPU[floor]:-}")
    c_hugo=$(ratio "${CPU[manabi]:-}" "${CPU[hugo]:-}")
    {
        echo
        echo "manabi/floor: **$r_floor**, manabi/hugo: **$r_hugo** (ratios of median wall times;" \
            "of median cpu times: $c_floor and $c_hugo)"
        echo
    } >>"$MD"
    jr() { [ "$1" = n/a ] && echo null || echo "$1"; }
    JSON_SIZES+=("{\"notes\":$n,\"md_files\":$cfiles,\"corpus_kib\":$ckib,\"results\":[$(IFS=,; echo "${JSON_TOOLS[*]}")],\"manabi_over_floor\":$(jr "$r_floor"),\"manabi_over_hugo\":$(jr "$r_hugo"),\"cpu_manabi_over_floor\":$(jr "$c_floor"),\"cpu_manabi_over_hugo\":$(jr "$c_hugo")}")
    unset MED CPU
done

json_str() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
printf '{"date":"%s","commit":"%s","cpus":%s,"hugo_version":"%s","runs":%s,"warmup":%s,"seed":%s,"output_dir":"%s","output_fs":"%s","sizes":[%s]}\n' \
    "$DATE" "$REV" "$CPUS" "$(json_str "$HUGO_VERSION")" "$RUNS" "$WARMUP" "$SEED" \
    "$(json_str "$OUT_BASE")" "${OUT_FS:-unknown}" "$(IFS=,; echo "${JSON_SIZES[*]}")" >"$JSON"

echo
cat "$MD"
echo "results: $MD, $JSON; raw samples: $SAMPLES; logs: $LOG_DIR"
