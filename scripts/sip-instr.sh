#!/bin/sh
# Instruction counts (valgrind callgrind) per operation for missive-sip and
# rsip 0.4 on the bench inputs: a load-independent companion to
# `cargo bench --bench sip`. Prints a Markdown table.
# Usage: scripts/sip-instr.sh [ITERATIONS]
set -eu
cd "$(dirname "$0")/.."
N=${1:-20000}
cargo build -q --release -p missive-benches --example sip_instr
BIN=target/release/examples/sip_instr
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
base=$(count ours-200ok-none "$N")
echo "| case | missive instr/op | rsip instr/op | rsip ÷ missive |"
echo "|---|---|---|---|"
for input in invite 200ok; do
    for op in parse typed serialise; do
        o=$(count "ours-$input-$op" "$N")
        r=$(count "rsip-$input-$op" "$N")
        awk -v o="$o" -v r="$r" -v b="$base" -v n="$N" -v c="$input-$op" \
            'BEGIN { oo=(o-b)/n; rr=(r-b)/n; printf "| %s | %.0f | %.0f | %.2f× |\n", c, oo, rr, rr/oo }'
    done
    # The typed goal is measured against rsip's plain parse.
    o=$(count "ours-$input-typed" "$N")
    r=$(count "rsip-$input-parse" "$N")
    awk -v o="$o" -v r="$r" -v b="$base" -v n="$N" -v c="$input-typed vs rsip plain parse" \
        'BEGIN { oo=(o-b)/n; rr=(r-b)/n; printf "| %s | %.0f | %.0f | %.2f× |\n", c, oo, rr, rr/oo }'
done
