#!/usr/bin/env bash
# Captures SIP traffic between real peers on loopback and writes every
# distinct UDP payload, byte for byte, to
# conformance-vectors/sip/peers/<peer>-<n>.sip (peer = who sent it).
#
# Peers (all throwaway configs in a temp dir, non-default ports):
#   kamailio  registrar + record-routing proxy on 127.0.0.1:25060; answers
#             OPTIONS to itself and SUBSCRIBE for message-summary (202)
#   baresip   "bob" (auto-answer) on :25070 and "alice" on :25080: REGISTER,
#             OPTIONS, INVITE/200/ACK, MESSAGE, BYE, un-REGISTER via kamailio
#   sipp      "carol" on :25090 (scenario below): REGISTER, OPTIONS to the
#             proxy, SUBSCRIBE message-summary, MESSAGE, INVITE/ACK/BYE to bob,
#             INVITE to an unknown user (404 + ACK), un-REGISTER
# dumpcap records loopback; tshark extracts the payloads.
# Every process is time-bounded (timeout -k) and killed on exit.
# Needs: kamailio baresip sip-tester tshark (scripts/install-deps).
# Usage: scripts/sip-capture-peers.sh
set -euo pipefail
. "$(dirname "$0")/lib/capture-common.sh"
capture_setup conformance-vectors/sip/peers kamailio baresip sipp dumpcap tshark
K=25060 BOB=25070 ALICE=25080 CAROL=25090

# --- kamailio: registrar + proxy -------------------------------------------
kmods=$(dirname "$(find /usr/lib -name registrar.so -path '*kamailio*' | head -n1)")
cat >"$work/kamailio.cfg" <<EOF
#!KAMAILIO
debug=2
log_stderror=yes
children=1
disable_tcp=yes
auto_aliases=no
listen=udp:127.0.0.1:$K
alias="127.0.0.1:$K"
mpath="$kmods/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "sanity.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
modparam("usrloc", "db_mode", 0)
request_route {
    if (!mf_process_maxfwd_header("10")) { sl_send_reply("483","Too Many Hops"); exit; }
    if (!sanity_check()) { exit; }
    if (has_totag()) {
        if (loose_route()) { t_relay(); exit; }
        if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
        sl_send_reply("404","Not here"); exit;
    }
    if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
    if (is_method("REGISTER")) { if (!save("location")) { sl_reply_error(); } exit; }
    if (is_method("OPTIONS") && \$rU == \$null) {
        append_to_reply("Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, MESSAGE, SUBSCRIBE, NOTIFY, REGISTER\r\n");
        sl_send_reply("200","Keepalive"); exit;
    }
    if (is_method("SUBSCRIBE") && \$hdr(Event) == "message-summary") {
        append_to_reply("Contact: <sip:voicemail@127.0.0.1:$K>\r\nExpires: 3600\r\n");
        sl_send_reply("202","Accepted"); exit;
    }
    if (is_method("INVITE|SUBSCRIBE")) { record_route(); }
    if (!lookup("location")) { sl_send_reply("404","Not Found"); exit; }
    t_relay();
}
EOF

# --- baresip user agents ----------------------------------------------------
ua() { # name port answermode
    mkdir -p "$work/$1"
    baresip_config "$2" >"$work/$1/config" <<EOF
module g711.so
module aubridge.so
module account.so
module menu.so
module contact.so
audio_player aubridge,$1
audio_source aubridge,$1
audio_alert aubridge,$1
EOF
    echo "<sip:$1@127.0.0.1:$K>;regint=60;answermode=$3;mwi=no" >"$work/$1/accounts"
    echo "\"Bob\" <sip:bob@127.0.0.1:$K>" >"$work/$1/contacts"
}
ua bob "$BOB" auto
ua alice "$ALICE" manual

# --- sipp scenario for carol (one Call-ID: sipp maps replies by it) -----------
hdrs='Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
Max-Forwards: 70
From: "Carol" <sip:carol@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag[call_number]'
cat >"$work/carol.xml" <<EOF
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="carol">
<send><![CDATA[
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
$hdrs
To: "Carol" <sip:carol@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:carol@[local_ip]:[local_port]>;expires=60
User-Agent: sipp
Content-Length: 0

]]></send>
<recv response="200"/>
<send><![CDATA[
OPTIONS sip:[remote_ip]:[remote_port] SIP/2.0
$hdrs
To: <sip:[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 2 OPTIONS
Accept: application/sdp
Content-Length: 0

]]></send>
<recv response="200"/>
<send><![CDATA[
SUBSCRIBE sip:carol@[remote_ip]:[remote_port] SIP/2.0
$hdrs
To: "Carol" <sip:carol@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 3 SUBSCRIBE
Contact: <sip:carol@[local_ip]:[local_port]>
Event: message-summary
Accept: application/simple-message-summary
Expires: 3600
Content-Length: 0

]]></send>
<recv response="202"/>
<send><![CDATA[
MESSAGE sip:bob@[remote_ip]:[remote_port] SIP/2.0
$hdrs
To: "Bob" <sip:bob@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 4 MESSAGE
Content-Type: text/plain
Content-Length: [len]

You have 2 new voice messages]]></send>
<recv response="200"/>
<send><![CDATA[
INVITE sip:bob@[remote_ip]:[remote_port] SIP/2.0
$hdrs
To: "Bob" <sip:bob@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 5 INVITE
Contact: <sip:carol@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=carol 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 8 0 101
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
]]></send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="200" rrs="true"/>
<send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
Max-Forwards: 70
[routes]
[last_From:]
[last_To:]
Call-ID: [call_id]
CSeq: 5 ACK
Content-Length: 0

]]></send>
<pause milliseconds="500"/>
<send><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
Max-Forwards: 70
[routes]
[last_From:]
[last_To:]
Call-ID: [call_id]
CSeq: 6 BYE
Content-Length: 0

]]></send>
<recv response="200"/>
<send><![CDATA[
INVITE sip:nobody@[remote_ip]:[remote_port] SIP/2.0
$hdrs
To: <sip:nobody@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 7 INVITE
Contact: <sip:carol@[local_ip]:[local_port]>
Content-Length: 0

]]></send>
<recv response="100" optional="true"/>
<recv response="404"/>
<send><![CDATA[
ACK sip:nobody@[remote_ip]:[remote_port] SIP/2.0
[last_Via:]
Max-Forwards: 70
[last_From:]
[last_To:]
Call-ID: [call_id]
CSeq: 7 ACK
Content-Length: 0

]]></send>
<send><![CDATA[
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
$hdrs
To: "Carol" <sip:carol@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 8 REGISTER
Contact: <sip:carol@[local_ip]:[local_port]>;expires=0
User-Agent: sipp
Content-Length: 0

]]></send>
<recv response="200"/>
</scenario>
EOF

# --- run ---------------------------------------------------------------------
cd "$work"
timeout -k 2 45 dumpcap -q -i lo -f "udp and (port $K or port $BOB or port $ALICE or port $CAROL)" \
    -w "$work/peers.pcapng" >/dev/null 2>&1 &
pids+=($!)
sleep 1
timeout -k 2 40 kamailio -f "$work/kamailio.cfg" -DD -E >"$work/kamailio.log" 2>&1 &
pids+=($!)
sleep 1
timeout -k 2 30 baresip -f "$work/bob" -t 24 >"$work/bob.log" 2>&1 &
pids+=($!)
sleep 1.5
# alice: OPTIONS, a call and a MESSAGE to bob; quitting hangs up and unregisters.
timeout -k 2 14 baresip -f "$work/alice" -t 8 -e "/options sip:bob@127.0.0.1:$K" \
    -e "/dial sip:bob@127.0.0.1:$K" -e "/message Call me back" >"$work/alice.log" 2>&1 &
alice=$!
pids+=("$alice")
wait "$alice" || true
timeout -k 2 15 sipp 127.0.0.1:$K -sf "$work/carol.xml" -i 127.0.0.1 -p $CAROL -m 1 -nostdin \
    -mi 127.0.0.1 -mp $((CAROL + 10000)) -trace_err >"$work/sipp.log" 2>&1 ||
    { echo "sipp scenario failed:" >&2; tail -n 20 "$work"/*errors.log "$work/sipp.log" >&2 || true; }
# Let bob unregister, then stop the capture.
for p in "${pids[@]:2:1}"; do wait "$p" 2>/dev/null || true; done
sleep 1
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()

# --- extract -----------------------------------------------------------------
mkdir -p "$out"
rm -f "$out"/*.sip
tshark -r "$work/peers.pcapng" -Y sip -T fields -e udp.srcport -e udp.payload 2>/dev/null |
    python3 -c '
import sys
out, ports = sys.argv[1], {sys.argv[2]: "kamailio", sys.argv[3]: "baresip", sys.argv[4]: "baresip", sys.argv[5]: "sipp"}
seen, count = set(), {}
for line in sys.stdin:
    port, payload = line.split()
    data = bytes.fromhex(payload.replace(":", ""))
    if data in seen:  # retransmissions
        continue
    seen.add(data)
    peer = ports.get(port, "other")
    count[peer] = count.get(peer, 0) + 1
    with open(f"{out}/{peer}-{count[peer]:02d}.sip", "wb") as f:
        f.write(data)
print(", ".join(f"{n} from {p}" for p, n in sorted(count.items())), "written to", out)
' "$out" $K $BOB $ALICE $CAROL
