#!/usr/bin/env bash
# Measures the `arize` command line (a benchmark, not a test: nothing here
# asserts a time). Prints, for the release binary built with `--features
# cli` (what `cargo install arize --features cli` installs):
#   - its size, as built and stripped;
#   - start-up: `arize --version`;
#   - a listing against the fake: `arize spaces list -o json` (one page);
#   - `--all` over 1,000 and 20,000 spaces as NDJSON (memory must not grow);
# each as a mean wall time (the best of 5 batches of RUNS runs) and a peak RSS.
# The fake (`arize fake serve`, features cli + testing) runs on 127.0.0.1.
#
#   bash benches/cli/measure.sh            # RUNS=21 by default
#
# Compile times are measured apart, in fresh target directories (see the
# README, "Command line").
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-21}
target=${CARGO_TARGET_DIR:-target}

cargo build --quiet --release --features cli --bin arize
cp "$target/release/arize" "$target/release/arize-cli-only"
cargo build --quiet --release --features cli,testing --bin arize
bin="$target/release/arize-cli-only"
fake_bin="$target/release/arize"

work=$(mktemp -d)
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

stripped="$work/stripped"
strip -o "$stripped" "$bin"
echo "binary: $(stat -c %s "$bin") bytes, stripped $(stat -c %s "$stripped") bytes"

# Starts a fake with `count` spaces; sets ARIZE_BASE_URL and ARIZE_API_KEY.
serve() {
    local count=$1 env="$work/fake-$1.env"
    "$fake_bin" fake serve --organization acme --space "acme:$count" --env-file "$env" \
        > /dev/null 2>&1 &
    servers+=($!)
    for _ in $(seq 1200); do [ -f "$env" ] && break; sleep 0.1; done
    set -a; . "$env"; set +a
}

# Runs a command in 5 batches of `runs` runs: the mean wall time of the
# least disturbed batch (ms; a shared machine's load only adds time), and
# the largest peak RSS (KiB) of 3 more runs under /usr/bin/time. Output is
# discarded.
measure() {
    local label=$1; shift
    local best=0 peak=0
    for _ in 1 2 3 4 5; do
        local start end mean
        start=$(date +%s%N)
        for _ in $(seq "$runs"); do "$@" > /dev/null 2>&1; done
        end=$(date +%s%N)
        mean=$(( (end - start) / runs / 1000 ))
        if [ "$best" -eq 0 ] || [ "$mean" -lt "$best" ]; then best=$mean; fi
    done
    for _ in 1 2 3; do
        /usr/bin/time -f '%M' -o "$work/rss" "$@" > /dev/null 2> /dev/null
        local rss
        rss=$(tail -n 1 "$work/rss")
        if [ "$rss" -gt "$peak" ]; then peak=$rss; fi
    done
    printf '%-44s %8.2f ms   peak RSS %7d KiB\n' "$label" "$(echo "$best / 1000" | bc -l)" "$peak"
}

export HOME="$work"   # no profile: the environment's fake
measure "/bin/true (the harness alone)" /bin/true
measure "arize --version" "$bin" --version
serve 100
measure "arize spaces list -o json (15 of 100)" "$bin" spaces list -o json
measure "arize spaces list --all -o json (100)" "$bin" spaces list --all -o json
serve 1000
measure "arize spaces list --all -o ndjson (1,000)" "$bin" spaces list --all -o ndjson
runs=5
serve 20000
measure "arize spaces list --all -o ndjson (20,000)" "$bin" spaces list --all -o ndjson
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg))"
