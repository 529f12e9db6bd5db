#!/usr/bin/env bash
# Regenerates conformance-vectors/t4: our own test pages (scripts/t4-vectors.py)
# coded by libtiff's tiffcp in every T.4/T.6 coding and both fill orders.
# Needs python3 and libtiff-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
out=conformance-vectors/t4
mkdir -p "$out"
python3 scripts/t4-vectors.py "$out" > "$out/pages.txt"
for c in g3:1d g3:1d:fill g3:2d g3:2d:fill g4; do
  for f in msb2lsb lsb2msb; do
    name="$(echo "$c" | tr ':' '-')-$f.tif"
    tiffcp -c "$c" -f "$f" "$out/source.tif" "$out/$name"
  done
done
# libtiff must read back what it wrote.
for t in "$out"/g*.tif; do
  tiffcmp -t "$out/source.tif" "$t" >/dev/null || { echo "tiffcmp differs: $t" >&2; exit 1; }
done
ls -l "$out"
