#!/usr/bin/env bash
# Captures real SIP messages exchanged by sipp's built-in uac and uas
# scenarios on loopback and writes each one, byte for byte, to
# conformance-vectors/sip/sipp-NN-<method-or-code>.sip.
#
# The messages come from sipp's own wire trace (-trace_msg logs every UDP
# payload sent and received with its exact length): on this sandbox tshark
# sees no packets on `lo`, so a pcap capture is not used. tshark is used the
# other way round by crates/sip/tests/corpus.rs, which dissects our
# serialised messages.
# Usage: scripts/sip-corpus.sh [CALLS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/conformance-vectors/sip"
calls=${1:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -f "$out"/sipp-*.sip
cd "$work"
timeout 30 sipp -sn uas -i 127.0.0.1 -p 5070 -m "$calls" -nostdin \
    -trace_msg -message_file "$work/uas.log" >/dev/null 2>&1 &
uas=$!
sleep 1
timeout 25 sipp -sn uac 127.0.0.1:5070 -i 127.0.0.1 -p 5071 -m "$calls" -r 10 -nostdin \
    -trace_msg -message_file "$work/uac.log" >/dev/null 2>&1
wait "$uas" || true
python3 - "$work/uac.log" "$out" <<'PY'
import re, sys
log = open(sys.argv[1], 'rb').read()
out = sys.argv[2]
n = 0
for m in re.finditer(rb'UDP message (?:sent \((\d+) bytes\):|received \[(\d+)\] bytes :)\n\n', log):
    size = int(m.group(1) or m.group(2))
    msg = log[m.end():m.end() + size]
    first = msg.split(b'\r\n', 1)[0].split(b' ')
    tag = first[1] if first[0].startswith(b'SIP/') else first[0]
    n += 1
    with open(f"{out}/sipp-{n:02d}-{tag.decode()}.sip", 'wb') as f:
        f.write(msg)
print(f"{n} messages written to {out}")
PY
