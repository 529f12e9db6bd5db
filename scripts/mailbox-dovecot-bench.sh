#!/usr/bin/env bash
# Dovecot side of the mailbox deposit benchmark (crates/mailbox/README.md).
#
# Installs dovecot-lmtpd when missing, starts a throwaway Dovecot (LMTP on
# 127.0.0.1, Maildir under a temp directory, default fsync settings, static
# userdb, running as `nobody`), and delivers a 60-second G.711 voice message
# as a 658 KB MIME mail (and the 329 KB G.726 version) over LMTP with 1 and 4
# connections, printing durable deliveries per second. Dovecot acknowledges an
# LMTP delivery only after its Maildir write and fsyncs, so each count is a
# durable deposit. Stops Dovecot and removes everything at the end.
#
# Usage: scripts/mailbox-dovecot-bench.sh [MESSAGES_PER_RUN]   (default 400)
set -euo pipefail
n=${1:-400}
if ! command -v dovecot >/dev/null || ! [[ -x /usr/lib/dovecot/lmtp ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dovecot-lmtpd >/dev/null
fi
d=$(mktemp -d /tmp/missive-dovecot.XXXXXX)
port=$((20000 + RANDOM % 20000))
mkdir -p "$d/run" "$d/state" "$d/mail"
chown nobody:nogroup "$d/mail"
chmod 755 "$d"
cat >"$d/dovecot.conf" <<CONF
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
protocols = lmtp
listen = 127.0.0.1
ssl = no
mail_location = maildir:$d/mail/%u
first_valid_uid = 1
passdb {
  driver = static
  args = nopassword=y
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$d/mail/%u
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $port
  }
}
CONF
cleanup() {
  if [[ -f "$d/run/master.pid" ]]; then
    kill "$(cat "$d/run/master.pid")" 2>/dev/null || true
    sleep 0.5
  fi
  rm -rf "$d"
}
trap cleanup EXIT
dovecot -c "$d/dovecot.conf"
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "dovecot $(dovecot --version) on 127.0.0.1:$port, Maildir in $d/mail"
python3 - "$port" "$n" <<'PY'
import base64, multiprocessing, smtplib, struct, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])

def wav(payload, fmt, bits):
    # RIFF/WAVE header: mono 8 kHz; format 7 = mu-law, 0x64 = G.726.
    rate = 8000
    hdr = b"RIFF" + struct.pack("<I", 36 + len(payload)) + b"WAVEfmt "
    hdr += struct.pack("<IHHIIHH", 16, fmt, 1, rate, rate * bits // 8, max(1, bits // 8), bits)
    return hdr + b"data" + struct.pack("<I", len(payload)) + payload

def mime(audio, name):
    b64 = base64.encodebytes(audio).replace(b"\n", b"\r\n")
    head = ("From: 200@example.org\r\nTo: vm@example.org\r\nSubject: Voice message\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            "--b\r\nContent-Type: audio/wav; name=%s\r\nContent-Transfer-Encoding: base64\r\n\r\n" % name)
    return head.encode() + b64 + b"\r\n--b--\r\n"

seconds = 60
g711 = mime(wav(bytes((i * 37) & 0xff for i in range(8000 * seconds)), 7, 8), "msg.wav")
g726 = mime(wav(bytes((i * 37) & 0xff for i in range(4000 * seconds)), 0x64, 4), "msg.wav")

def worker(args):
    msg, count, user = args
    c = smtplib.LMTP("127.0.0.1", port)
    c.ehlo_or_helo_if_needed()
    for _ in range(count):
        c.sendmail("200@example.org", [user], msg)
    c.quit()

for label, msg in (("G.711 60 s", g711), ("G.726 60 s", g726)):
    for conns in (1, 4):
        per = n // conns
        with multiprocessing.Pool(conns) as pool:
            # One warm-up delivery per connection, then the timed run.
            pool.map(worker, [(msg, 1, "u%d" % i) for i in range(conns)])
            t = time.perf_counter()
            pool.map(worker, [(msg, per, "u%d" % i) for i in range(conns)])
            dt = time.perf_counter() - t
        print("dovecot-lmtp %-10s %7d bytes  %d conn  %5d msgs  %8.1f deposits/s  %6.2f ms/deposit"
              % (label, len(msg), conns, per * conns, per * conns / dt, dt * 1000 / (per * conns)))
PY
du -sh "$d/mail" | sed 's/^/maildir size: /'
