#!/usr/bin/env python3
"""Oracle vectors for missive-sms (writes conformance-vectors/sms/).

Peers: python-gsmmodem-new (PyPI: `pip install python-gsmmodem-new`) encodes
SMS-SUBMIT and decodes everything; python3-gammu (Debian) encodes SMS-DELIVER.
STATUS-REPORTs are assembled here field by field and decoded by gsmmodem.
Every expected field in the output is what the *oracle decoder* (gsmmodem)
reports for the PDU, except `original` (the text we asked the encoders for).

Outputs (deterministic, seed fixed):
  vectors.tsv          kind, maker, group, pdu hex, oracle JSON
  ours_by_oracle.tsv   (only with --ours BIN) text, options, our PDU hexes
                       (space separated), the text gsmmodem decodes from them,
                       the texts gammu decodes from each (JSON list; gammu's
                       decoder appends one junk character per escape septet
                       and doubles '~' in UCS-2, see crates/sms/tests)

Usage:
  python3 scripts/sms-vectors.py [--ours target/debug/missive]

Quirks handled (see ../shared/design/PEERS.md): gsmmodem returns UCS-2 as
unpaired surrogates (re-joined with surrogatepass) and cannot encode
characters beyond the BMP (we hand it surrogate pairs); gammu drops the
time zone (we write zone +00) and reads year 99 as 2089 (we avoid 99);
gammu picks its own concatenation references, so regenerated DELIVERs differ
in those octets;
gammu's UCS-2 encoder turns '~' into U+0001 (no '~' in its UCS-2 texts);
gsmmodem's TP-MR-less tpduLength is 7 too high when an SMSC is given (we
check the real length).
"""
import argparse
import datetime
import json
import os
import random
import subprocess
import sys

sys.path.append("/usr/lib/python3/dist-packages")  # Debian's python3-gammu
import gammu  # noqa: E402
from gsmmodem.pdu import decodeSmsPdu, encodeGsm7, encodeSmsSubmitPdu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "conformance-vectors", "sms")

ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()*+-/=<>#%&"
EXT = "€{}[]~|^\\"
GSM_LATIN = "éèùìòÇØøÅåÆæßÉÄÖÑÜäöñüà@£$¥¤§¿¡ΔΦΓΛΩΠΨΣΘΞ\n"
NON_GSM = "áíóúâêôãõçşğı"
CYRILLIC = "Привет мир Доставка"
CJK = "中文信息你好世界"
EMOJI = ["😀", "🎉", "👍🏽", "📞", "🇩🇪", "❤️"]


def fix_surrogates(s):
    return s.encode("utf-16-be", "surrogatepass").decode("utf-16-be")


def to_surrogates(s):
    out = []
    for ch in s:
        c = ord(ch)
        if c > 0xFFFF:
            c -= 0x10000
            out += [chr(0xD800 + (c >> 10)), chr(0xDC00 + (c & 0x3FF))]
        else:
            out.append(ch)
    return "".join(out)


def is_gsm(s):
    try:
        encodeGsm7(s)
        return True
    except ValueError:
        return False


def rand_text(rng, kind, n):
    if kind == "ascii":
        pool = list(ASCII)
    elif kind == "ext":
        pool = list(ASCII) * 3 + list(EXT)
    elif kind == "latin":
        pool = list(ASCII) * 2 + list(GSM_LATIN) + list(EXT)
    elif kind == "nongsm":
        pool = list(ASCII) * 3 + list(NON_GSM)
    elif kind == "cyrillic":
        pool = list(CYRILLIC) + list(" .,")
    elif kind == "cjk":
        pool = list(CJK) + list(ASCII[:10])
    else:  # emoji
        pool = list(ASCII) * 2 + EMOJI
    s = "".join(rng.choice(pool) for _ in range(n))
    return s


def iso(t):
    return t.isoformat() if t is not None else None


def oracle(pdu_hex):
    try:
        d = decodeSmsPdu(pdu_hex)
    except Exception:
        print("oracle failed on", pdu_hex, file=sys.stderr)
        raise
    o = {"type": d["type"], "smsc": d.get("smsc"), "number": d.get("number"), "tpdu_length": d["tpdu_length"]}
    if "text" in d:
        o["text"] = fix_surrogates(d["text"])
    for k in ("reference", "status", "protocol_id"):
        if k in d:
            o[k] = d[k]
    for k in ("time", "discharge"):
        if k in d:
            o[k] = iso(d[k])
    for ie in d.get("udh", []):
        if hasattr(ie, "parts"):
            o["concat"] = {"ref": ie.reference, "total": ie.parts, "seq": ie.number}
    return o


def submits(rng, rows):
    kinds = ["ascii", "ext", "latin", "nongsm", "cyrillic", "cjk", "emoji"]
    group = 0
    for i in range(70):
        kind = kinds[i % len(kinds)]
        n = rng.choice([1, 5, 20, 60, 70, 71, 140, 153, 160, 161, 200, 320, 400])
        text = rand_text(rng, kind, n)
        number = rng.choice(["+4915112345678", "+31641600986", "0791234567", "+1234", "12345678901"])
        smsc = rng.choice([None, "+491710760000"])
        ref = rng.randrange(256)
        srr = rng.random() < 0.3
        pdus = encodeSmsSubmitPdu(number, to_surrogates(text), reference=ref, smsc=smsc, requestStatusReport=srr)
        group += 1
        for p in pdus:
            h = p.data.hex().upper()
            o = oracle(h)
            o["original"] = text
            o["tpdu_length_claimed"] = p.tpduLength
            rows.append(("SMS-SUBMIT", "gsmmodem", "s%d" % group, h, o))


def delivers(rng, rows):
    kinds = ["ascii", "ext", "latin", "nongsm", "cyrillic", "cjk", "emoji"]
    group = 0
    for i in range(70):
        kind = kinds[(i + 3) % len(kinds)]
        n = rng.choice([1, 10, 50, 70, 71, 134, 153, 160, 161, 250, 459])
        text = rand_text(rng, kind, n)
        unicode = not is_gsm(text)
        if unicode:
            text = text.replace("~", "-")  # gammu's UCS-2 encoder turns '~' into U+0001
        info = {"Class": -1, "Unicode": unicode, "Entries": [{"ID": "ConcatenatedTextLong", "Buffer": text}]}
        enc = gammu.EncodeSMS(info)
        when = datetime.datetime(rng.choice([2003, 2012, 2021, 2024]), rng.randrange(1, 13), rng.randrange(1, 29),
                                 rng.randrange(24), rng.randrange(60), rng.randrange(60))
        sender = rng.choice(["+491701234567", "+447700900123", "0612345678", "4242"])
        group += 1
        for m in enc:
            m["Number"] = sender
            m["SMSC"] = {"Location": 0, "Number": "+491710760000"}
            m["DateTime"] = when
            m["Type"] = "Deliver"
            h = gammu.EncodePDU(m, "Deliver").hex().upper()
            o = oracle(h)
            o["original"] = text
            rows.append(("SMS-DELIVER", "gammu", "d%d" % group, h, o))


def semi(s):
    if len(s) % 2:
        s += "F"
    return "".join(s[i + 1] + s[i] for i in range(0, len(s), 2))


def ts(t, q):
    s = "%02d%02d%02d%02d%02d%02d" % (t.year % 100, t.month, t.day, t.hour, t.minute, t.second)
    b = semi(s)
    tz = "%02d" % abs(q)
    tzb = int(tz[1] + tz[0], 16) | (0x08 if q < 0 else 0)
    return b + "%02X" % tzb


def status_reports(rng, rows):
    for i in range(60):
        mr = rng.randrange(256)
        num = rng.choice(["+4915112345678", "+31641600986", "0791234567", "+12025550123"])
        intl = num.startswith("+")
        digits = num.lstrip("+")
        ra = "%02X%s%s" % (len(digits), "91" if intl else "81", semi(digits))
        t1 = datetime.datetime(rng.randrange(2000, 2030), rng.randrange(1, 13), rng.randrange(1, 29),
                               rng.randrange(24), rng.randrange(60), rng.randrange(60))
        t2 = t1 + datetime.timedelta(seconds=rng.randrange(1, 90000))
        q = rng.choice([0, 4, 8, -20, 36, -16, 22])
        st = rng.choice([0x00, 0x01, 0x02, 0x20, 0x21, 0x30, 0x40, 0x41, 0x45, 0x60, 0x62, 0x65])
        smsc = rng.choice(["00", "07919471016700F0" if False else "0791947101670000"])
        first = rng.choice([0x06, 0x02, 0x22, 0x06])
        h = smsc + "%02X%02X" % (first, mr) + ra + ts(t1, q) + ts(t2, q) + "%02X" % st
        o = oracle(h)
        rows.append(("SMS-STATUS-REPORT", "script", "r%d" % i, h, o))


def ours(binary, rng):
    texts = ["Hello", "€ {curly} [square] ~tilde| ^caret\\", "Grüße aus Köln: ÄÖÜäöüß",
             "Привет, как дела?", "emoji 😀🎉👍🏽 mix", "a" * 160, "b" * 161, "€" * 81, "я" * 70, "я" * 71,
             "😀" * 40, "Çalışma", "中文信息" * 30]
    for _ in range(40):
        kind = rng.choice(["ascii", "ext", "latin", "cyrillic", "emoji", "cjk"])
        texts.append(rand_text(rng, kind, rng.choice([10, 159, 161, 300])))
    out = []
    for text in texts:
        for enc in ("auto", "ucs2"):
            r = subprocess.run([binary, "sms", "encode", "--to", "+4915112345678", "--encoding", enc, "--", text],
                               capture_output=True, text=True, check=True)
            hexes = [l for l in r.stdout.split() if not l.startswith("AT+")]
            got = "".join(oracle(h).get("text", "") for h in hexes)
            got_gammu = [gammu.DecodePDU(bytes.fromhex(h))["Text"] for h in hexes]
            out.append((text, enc, hexes, got, got_gammu))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", help="path to the missive binary: also check our encodings with the oracle")
    a = ap.parse_args()
    rng = random.Random(23040)
    rows = []
    submits(rng, rows)
    delivers(rng, rows)
    status_reports(rng, rows)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "vectors.tsv"), "w", encoding="utf-8") as f:
        for kind, maker, group, h, o in rows:
            f.write("%s\t%s\t%s\t%s\t%s\n" % (kind, maker, group, h, json.dumps(o, ensure_ascii=True, sort_keys=True)))
    print("vectors.tsv: %d PDUs" % len(rows))
    if a.ours:
        res = ours(a.ours, random.Random(1))
        bad = bad_gammu = 0
        with open(os.path.join(OUT, "ours_by_oracle.tsv"), "w", encoding="utf-8") as f:
            for text, enc, hexes, got, got_gammu in res:
                bad += got != text
                bad_gammu += "".join(got_gammu) != text
                f.write("%s\t%s\t%s\t%s\t%s\n" % (json.dumps(text), enc, " ".join(hexes), json.dumps(got),
                                                  json.dumps(got_gammu)))
        print("ours_by_oracle.tsv: %d texts; decoded to a different text by gsmmodem: %d, by gammu: %d"
              % (len(res), bad, bad_gammu))


if __name__ == "__main__":
    main()
