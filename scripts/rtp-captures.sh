#!/usr/bin/env bash
# Records small RTP captures for missive-rtp's conformance tests:
# a sipp UAC plays its bundled G.711 A-law and RFC 2833/4733 DTMF pcaps
# (the built-in `uac_pcap` scenario) to a sipp UAS on loopback, while dumpcap
# records the calls. Output: conformance-vectors/rtp/sipp-uac-pcap-*.pcapng.
# Needs: sip-tester (sipp), tshark (dumpcap), root or CAP_NET_RAW.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/conformance-vectors/rtp"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"
ln -s /usr/share/sip-tester pcap

record() { # name uas_port uac_port media_port
  local name="$1" uas="$2" uac="$3" media="$4"
  dumpcap -q -i lo -f "udp and (port $uas or port $uac or portrange $media-$((media + 3)))" \
    -w "$work/$name.pcapng" &
  local cap=$!
  sleep 1.5
  sipp -sn uas -i 127.0.0.1 -p "$uas" -m 1 -nostdin >/dev/null 2>&1 &
  local uas_pid=$!
  sipp -sn uac_pcap 127.0.0.1:"$uas" -i 127.0.0.1 -p "$uac" -mp "$media" -m 1 -nostdin \
    -timeout 30s >/dev/null 2>&1 || true
  sleep 1
  kill -INT "$cap"; wait "$cap" || true
  kill "$uas_pid" 2>/dev/null || true
  wait "$uas_pid" 2>/dev/null || true
  cp "$work/$name.pcapng" "$out/$name.pcapng"
  echo "$out/$name.pcapng: $(stat -c %s "$out/$name.pcapng") bytes"
}

record sipp-uac-pcap-1 5080 5082 6000
record sipp-uac-pcap-2 5090 5092 6100
