#!/usr/bin/env python3
"""Extract the SDP bodies of sipp's built-in scenarios into
conformance-vectors/sdp/offers/sipp-<scenario>.sdp.

`sipp -sd NAME` dumps an embedded scenario as XML. Each <send> block holds a
SIP message; sipp strips the indentation of every line and substitutes
[keywords] at run time. We do the same with fixed loopback values, cut the
body from `v=0` to the end of the block, and write it with CRLF line ends, as
sipp puts it on the wire. Identical bodies are written once.

Usage: scripts/sdp-vectors-sipp.py   (needs sipp, Debian package sip-tester;
SDP_VECTORS_OUT=DIR writes elsewhere)
"""
import pathlib
import re
import subprocess
import sys

SCENARIOS = ["uac", "uac_pcap", "uas", "regexp", "branchc", "branchs", "3pcc-A", "3pcc-B"]
KEYWORDS = {
    "local_ip": "127.0.0.1",
    "local_ip_type": "4",
    "media_ip": "127.0.0.1",
    "media_ip_type": "4",
    "media_port": "6000",
    "auto_media_port": "6000",
}

import os

OUT = pathlib.Path(
    os.environ.get("SDP_VECTORS_OUT")
    or pathlib.Path(__file__).resolve().parent.parent / "conformance-vectors" / "sdp" / "offers"
)


def bodies(xml):
    for block in re.findall(r"<send[^>]*>\s*<!\[CDATA\[(.*?)\]\]>", xml, re.S):
        lines = [l.strip() for l in block.splitlines()]
        if "v=0" not in lines:
            continue
        sdp = lines[lines.index("v=0"):]
        while sdp and not sdp[-1]:
            sdp.pop()
        text = "\r\n".join(sdp) + "\r\n"
        for k, v in KEYWORDS.items():
            text = text.replace(f"[{k}]", v)
        if "[" in text:
            sys.exit(f"unsubstituted keyword in:\n{text}")
        yield text


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    seen = {}
    for name in SCENARIOS:
        xml = subprocess.run(["sipp", "-sd", name], capture_output=True, text=True).stdout  # sipp exits 99 after -sd
        for text in bodies(xml):
            if text in seen:
                print(f"{name}: same SDP as {seen[text]}")
                continue
            seen[text] = name
            path = OUT / f"sipp-{name}.sdp"
            path.write_bytes(text.encode())
            print(f"{name}: wrote {path}")


if __name__ == "__main__":
    main()
