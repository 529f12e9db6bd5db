#!/usr/bin/env bash
# Missive's mailbox store vs Dovecot, INTERLEAVED (crates/mailbox/README.md).
#
# Installs dovecot-lmtpd and dovecot-imapd when missing, starts a throwaway
# Dovecot (LMTP and IMAP on 127.0.0.1, Maildir under a temp directory,
# default fsync settings, static userdb, running as `nobody`), builds the
# Missive timing helper (crates/mailbox/examples/mailbox_rate.rs, release),
# and then alternates batches of the two, round after round, so that both
# see the same disk and the same load from other processes:
#
# 1. Durable deposits: a 60-second G.711 voice message as a 658 KB MIME mail
#    and the 329 KB G.726 version, with 1 and 4 writers (Missive: threads
#    calling `Store::deposit`; Dovecot: LMTP connections from separate
#    processes). Dovecot acknowledges an LMTP delivery only after its Maildir
#    write and fsyncs, Missive only once the deposit is durable, so every
#    count is a durable deposit. Missive's store lives in the same /tmp
#    directory tree (same file system) as Dovecot's Maildir.
# 2. A 1,000-message inbox: Dovecot IMAP `SELECT INBOX` + `FETCH 1:*
#    (FLAGS ENVELOPE)` on one logged-in connection (warm), read with a raw
#    socket client that only waits for the tagged OK, vs Missive's list (play
#    order) + MWI of a 1,000-message mailbox.
#
# Prints, per case, the best (minimum-time) batch and the median batch of
# each side and their ratios. Preemption only adds time, so the best batch is
# the stable figure on a loaded machine. Stops Dovecot and removes everything
# at the end.
#
# Usage: scripts/mailbox-dovecot-bench.sh [ROUNDS] [DEPOSITS_PER_BATCH]
#        (defaults 8 and 40)
set -euo pipefail
rounds=${1:-8}
batch=${2:-40}
root=$(cd "$(dirname "$0")/.." && pwd)
need=()
[[ -x /usr/lib/dovecot/lmtp ]] || need+=(dovecot-lmtpd)
[[ -x /usr/lib/dovecot/imap ]] || need+=(dovecot-imapd)
if ((${#need[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
(cd "$root" && cargo build -q --release -p missive-mailbox --example mailbox_rate)
helper="$root/target/release/examples/mailbox_rate"
d=$(mktemp -d /tmp/missive-dovecot.XXXXXX)
lport=$((20000 + RANDOM % 20000))
iport=$((lport + 1))
mkdir -p "$d/run" "$d/state" "$d/mail" "$d/missive"
chown nobody:nogroup "$d/mail"
chmod 755 "$d"
cat >"$d/dovecot.conf" <<CONF
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
protocols = lmtp imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
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
    port = $lport
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $iport
  }
  inet_listener imaps {
    port = 0
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
  (exec 3<>"/dev/tcp/127.0.0.1/$iport") 2>/dev/null && break
  sleep 0.1
done
echo "dovecot $(dovecot --version) LMTP :$lport IMAP :$iport, Maildir in $d/mail; missive store in $d/missive"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$lport" "$iport" "$rounds" "$batch" "$helper" "$d" <<'PY'
import base64, glob, multiprocessing, os, smtplib, socket, statistics, struct, subprocess, sys, time
lport, iport, rounds, batch = (int(x) for x in sys.argv[1:5])
helper, d = sys.argv[5], sys.argv[6]

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

def lmtp_worker(args):
    msg, count, user = args
    c = smtplib.LMTP("127.0.0.1", lport)
    c.ehlo_or_helo_if_needed()
    for _ in range(count):
        c.sendmail("200@example.org", [user], msg)
    c.quit()

def empty_maildirs():
    # Keep Dovecot's Maildirs the same size from batch to batch, as Missive's
    # helper does with its store (outside the timing).
    for f in glob.glob(os.path.join(d, "mail", "u*", "new", "*")):
        os.unlink(f)

def dovecot_batch(pool, msg, conns):
    per = -(-batch // conns)
    pool.map(lmtp_worker, [(msg, 1, "u%d" % i) for i in range(conns)])  # warm-up
    t = time.perf_counter()
    pool.map(lmtp_worker, [(msg, per, "u%d" % i) for i in range(conns)])
    dt = time.perf_counter() - t
    empty_maildirs()
    return per * conns, dt

def missive_batch(size, writers):
    out = subprocess.run([helper, "deposit", os.path.join(d, "missive", "deposit"), str(size),
                          str(writers), str(batch)], check=True, capture_output=True, text=True).stdout
    f = out.split()
    return int(f[3]), float(f[4])

def show(label, ours, theirs):
    # ours/theirs: lists of (count, seconds)
    best_o = max(n / s for n, s in ours); best_d = max(n / s for n, s in theirs)
    med_o = statistics.median(n / s for n, s in ours); med_d = statistics.median(n / s for n, s in theirs)
    print("%-22s missive best %7.1f/s median %7.1f/s | dovecot best %6.1f/s median %6.1f/s | "
          "ratio best %4.1fx median %4.1fx" % (label, best_o, med_o, best_d, med_d, best_o / best_d, med_o / med_d),
          flush=True)

cases = [("658 KB, 1 writer", g711, 1), ("658 KB, 4 writers", g711, 4),
         ("329 KB, 1 writer", g726, 1), ("329 KB, 4 writers", g726, 4)]
print("deposits: %d rounds x %d deposits per batch, batches alternate missive/dovecot" % (rounds, batch), flush=True)
with multiprocessing.Pool(4) as pool:
    for label, msg, w in cases:
        ours, theirs = [], []
        for r in range(rounds):
            # Alternate which side goes first.
            if r % 2 == 0:
                ours.append(missive_batch(len(msg), w)); theirs.append(dovecot_batch(pool, msg, w))
            else:
                theirs.append(dovecot_batch(pool, msg, w)); ours.append(missive_batch(len(msg), w))
        show(label + " (%d B)" % len(msg), ours, theirs)

# --- 1,000-message inbox: IMAP SELECT + FETCH (FLAGS ENVELOPE) vs list + MWI
N = 1000
c = smtplib.LMTP("127.0.0.1", lport)
c.ehlo_or_helo_if_needed()
for i in range(N):
    # Small e-mail-sized messages (Missive's side uses 1,200-byte bodies).
    c.sendmail("%d@example.org" % (1000 + i), ["ibox"],
               ("From: Caller %d <%d@example.org>\r\nTo: ibox@example.org\r\nSubject: Voice message %d\r\n"
                "Date: Sun, 22 Nov 2026 03:00:00 +0000\r\nMessage-ID: <m%d@example.org>\r\n\r\n" % (i, 1000 + i, i, i)
                ).encode() + b"x" * 1200 + b"\r\n")
c.quit()

class Imap:
    def __init__(self):
        self.s = socket.create_connection(("127.0.0.1", iport))
        self.n = 0
        self.buf = b""
        self.read_until(b"* OK")
        self.cmd(b"LOGIN ibox x")
    def read_until(self, end):
        # The awaited line is the last one: look at the tail only.
        while not self.buf.endswith(b"\r\n") or not (
                self.buf.startswith(end) or (b"\r\n" + end) in self.buf[-400:]):
            chunk = self.s.recv(1 << 20)
            if not chunk:
                raise SystemExit("imap: connection closed")
            self.buf += chunk
        out, self.buf = self.buf, b""
        return out
    def cmd(self, line):
        self.n += 1
        tag = b"a%d" % self.n
        self.s.sendall(tag + b" " + line + b"\r\n")
        out = self.read_until(tag + b" ")
        if (tag + b" OK") not in out:
            raise SystemExit("imap: %r failed: %r" % (line, out[-200:]))
        return out

imap = Imap()
out = imap.cmd(b"SELECT INBOX")
assert b"* %d EXISTS" % N in out, out[:300]
out = imap.cmd(b"FETCH 1:* (FLAGS ENVELOPE)")  # warms Dovecot's index cache
assert out.count(b"ENVELOPE") == N
per = 20
dov, ours = [], []
print("inbox of %d messages: %d rounds x %d calls, batches alternate" % (N, rounds, per), flush=True)
for r in range(rounds):
    o = subprocess.run([helper, "list", os.path.join(d, "missive", "list"), str(N), str(per)],
                       check=True, capture_output=True, text=True).stdout.split()
    ours.append((float(o[2]), float(o[3])))
    for _ in range(per):
        t = time.perf_counter()
        imap.cmd(b"SELECT INBOX")
        out = imap.cmd(b"FETCH 1:* (FLAGS ENVELOPE)")
        dov.append(time.perf_counter() - t)
        assert out.count(b"ENVELOPE") == N
best_o = min(m for m, _ in ours); med_o = statistics.median(m for _, m in ours)
best_d = min(dov); med_d = statistics.median(dov)
print("list+MWI vs SELECT+FETCH  missive best %7.3f ms median %7.3f ms | dovecot best %6.2f ms median %6.2f ms | "
      "ratio best %5.1fx median %5.1fx" % (best_o * 1e3, med_o * 1e3, best_d * 1e3, med_d * 1e3,
                                           best_d / best_o, med_d / med_o))
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
