#!/usr/bin/env bash
# Records baresip <-> baresip calls on loopback for missive-rtp's conformance
# tests (crates/rtp/tests/tshark.rs compares our stream statistics and DTMF
# events with tshark's on every capture in conformance-vectors/rtp/).
#
# "bob" (auto-answer) and "alice" are two baresip user agents with
# throwaway configs, a sine source each (ausine) and no sound device
# (aubridge). alice dials bob directly (no registrar), sends the digits
# 1 2 3 # as RFC 4733 telephone-events from baresip's console, and hangs up.
# Both directions carry baresip's own RTP and RTCP (SR/SDES/BYE, APP PING).
# Calls: PCMU at 20 ms, PCMA at 30 ms. dumpcap records loopback.
# Output: conformance-vectors/rtp/baresip-{pcmu-20ms,pcma-30ms}-dtmf.pcapng
# Every process is time-bounded (timeout -k) and killed on exit.
# Needs: baresip, tshark (dumpcap) (scripts/install-deps), root or CAP_NET_RAW.
set -euo pipefail
. "$(dirname "$0")/lib/capture-common.sh"
capture_setup conformance-vectors/rtp baresip dumpcap
mkdir -p "$out"

ua() { # dir name port answermode tone_hz codec ptime
    mkdir -p "$1"
    baresip_config "$3" >"$1/config" <<CFG
module stdio.so
module g711.so
module ausine.so
module aubridge.so
module account.so
module menu.so
audio_player aubridge,$2
audio_source ausine,$5
audio_alert aubridge,$2
ausrc_srate 48000
ausrc_channels 2
auplay_srate 48000
CFG
    echo "<sip:$2@127.0.0.1:$3>;regint=0;answermode=$4;audio_codecs=$6;ptime=$7" >"$1/accounts"
}

call() { # name codec ptime base_port
    local name=$1 codec=$2 ptime=$3 base=$4
    local bob=$base alice=$((base + 10))
    local dir="$work/$name"
    ua "$dir/bob" bob "$bob" auto 440 "$codec" "$ptime"
    ua "$dir/alice" alice "$alice" manual 350 "$codec" "$ptime"
    timeout -k 2 25 dumpcap -q -i lo \
        -f "udp and (port $bob or port $alice or portrange $((bob + 10000))-$((alice + 10008)))" \
        -w "$dir/call.pcapng" >/dev/null 2>&1 &
    local cap=$!
    pids+=("$cap")
    sleep 1.5
    timeout -k 2 15 baresip -f "$dir/bob" -t 12 >"$dir/bob.log" 2>&1 </dev/null &
    local b=$!
    pids+=("$b")
    sleep 1
    # alice's console (stdio): dial, the digits one key press each, hang up.
    {
        sleep 1
        printf '/dial sip:bob@127.0.0.1:%s\n' "$bob"
        sleep 3
        for d in 1 2 3 '#'; do printf '%s' "$d"; sleep 0.6; done
        sleep 2
        printf '/hangup\n'
        sleep 1
        printf '/quit\n'
        sleep 1
    } | timeout -k 2 14 baresip -f "$dir/alice" -t 11 >"$dir/alice.log" 2>&1 || true
    wait "$b" 2>/dev/null || true
    sleep 1
    kill -INT "$cap" 2>/dev/null || true
    wait "$cap" 2>/dev/null || true
    if grep -qi "start_source failed" "$dir"/*.log; then
        echo "$name: baresip could not start its audio source:" >&2
        grep -i "fail" "$dir"/*.log >&2
        exit 1
    fi
    cp "$dir/call.pcapng" "$out/$name.pcapng"
    echo "$out/$name.pcapng: $(stat -c %s "$out/$name.pcapng") bytes"
}

call baresip-pcmu-20ms-dtmf PCMU 20 26070
call baresip-pcma-30ms-dtmf PCMA 30 26170
