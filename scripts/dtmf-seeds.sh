#!/usr/bin/env bash
# Regenerates conformance-vectors/dtmf/seeds: small fuzz seeds for the `dtmf`
# fuzz target (first byte = chunk size selector, then s16le audio) made with
# `missive dtmf generate`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/conformance-vectors/dtmf/seeds
mkdir -p "$out"
cd "$root"
cargo build -q -p missive-cli
bin=$root/target/debug/missive
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
for spec in "5#:40:40:-20:0" "1D:45:30:-35:6" "*0:50:10:-10:-3"; do
  IFS=: read -r digits on off level twist <<<"$spec"
  "$bin" dtmf generate "$digits" "$tmp/a.raw" --on-ms "$on" --off-ms "$off" --level-dbm0 "$level" --twist-db "$twist"
  { printf "\\x$(printf %02x $((i * 37 + 5)))"; cat "$tmp/a.raw"; } >"$out/seed-$i.bin"
  i=$((i + 1))
done
ls -l "$out"
