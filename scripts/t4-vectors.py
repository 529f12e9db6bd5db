#!/usr/bin/env python3
"""Generates the source pages for conformance-vectors/t4 (see t4-vectors.sh).

Writes pages.pbm (every page as concatenated P4 images) and source.tif
(the same pages, uncompressed, MSB-first, 204x196 dpi, one page per IFD).
Deterministic: a fixed xorshift generator, no dependency beyond Python 3.
"""
import struct
import sys

OUT = sys.argv[1]

state = 0x9E3779B97F4A7C15


def rnd():
    global state
    state ^= (state << 13) & 0xFFFFFFFFFFFFFFFF
    state ^= state >> 7
    state ^= (state << 17) & 0xFFFFFFFFFFFFFFFF
    return state


def blank(w, h):
    return [[0] * w for _ in range(h)]


def text(w, h):
    """Rows of glyph-like blobs: strokes, gaps, word spaces, line gaps."""
    img = blank(w, h)
    y = 8
    while y + 14 < h:
        x = 40
        while x + 12 < w - 40:
            if rnd() % 7 == 0:
                x += 10  # word space
                continue
            gw = 5 + rnd() % 6
            for gy in range(12):
                for gx in range(gw):
                    r = rnd() % 100
                    edge = gx in (0, gw - 1) or gy in (0, 11, 6)
                    if (edge and r < 70) or r < 8:
                        img[y + gy][x + gx] = 1
            x += gw + 2
        y += 18
    return img


def lineart(w, h):
    img = blank(w, h)
    for k in range(0, w, 97):  # diagonals
        for t in range(h):
            x = (k + t * 3) % w
            img[t][x] = 1
            if x + 1 < w:
                img[t][x + 1] = 1
    cx, cy, r = w // 2, h // 2, min(w, h) // 2 - 4
    for t in range(h):
        for x in range(w):
            d = (x - cx) ** 2 + (t - cy) ** 2
            if abs(d - r * r) < 2 * r:
                img[t][x] = 1
    for x in range(w):  # frame
        img[0][x] = img[h - 1][x] = 1
    for t in range(h):
        img[t][0] = img[t][w - 1] = 1
    return img


def halftone(w, h):
    bayer = [[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]
    img = blank(w, h)
    for y in range(h):
        for x in range(w):
            level = (x * 17 // w + y * 3 // h) % 17
            img[y][x] = 1 if bayer[y % 4][x % 4] < level else 0
    return img


def noise(w, h):
    return [[rnd() & 1 for _ in range(w)] for _ in range(h)]


def black(w, h):
    return [[1] * w for _ in range(h)]


def longruns(w, h):
    img = blank(w, h)
    img[0] = [1] * w
    img[2] = [0] + [1] * (w - 1)
    img[3] = [1] * 2600 + [0] * (w - 2600)
    img[4] = [0] * 2624 + [1] * (w - 2624)
    img[5] = [1 if (x // 2561) % 2 else 0 for x in range(w)]
    return img


PAGES = [
    ("text", text(1728, 160)),
    ("lineart", lineart(1728, 120)),
    ("halftone", halftone(1728, 48)),
    ("noise", noise(301, 40)),
    ("black", black(1728, 16)),
    ("single-row", text(2432, 20)[9:10]),
    ("long-runs", longruns(6000, 6)),
    ("odd-1", noise(1, 7)),
    ("odd-13", noise(13, 9)),
    ("odd-2047", lineart(2047, 24)),
]


def pack(img):
    out = bytearray()
    for row in img:
        w = len(row)
        for i in range(0, w, 8):
            b = 0
            for j in range(8):
                b <<= 1
                if i + j < w and row[i + j]:
                    b |= 1
            out.append(b)
    return bytes(out)


with open(f"{OUT}/pages.pbm", "wb") as f:
    for _, img in PAGES:
        f.write(b"P4\n%d %d\n" % (len(img[0]), len(img)))
        f.write(pack(img))

# Uncompressed multi-page TIFF (little-endian).
buf = bytearray(b"II*\x00\x00\x00\x00\x00")
link = 4
for _, img in PAGES:
    w, h = len(img[0]), len(img)
    data = pack(img)
    strip = len(buf)
    buf += data
    if len(buf) % 2:
        buf += b"\x00"
    entries = [
        (256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 1), (259, 3, 1, 1),
        (262, 3, 1, 0), (266, 3, 1, 1), (273, 4, 1, strip), (277, 3, 1, 1),
        (278, 4, 1, h), (279, 4, 1, len(data)), (282, 5, 1, None), (283, 5, 1, None),
        (296, 3, 1, 2),
    ]
    ifd = len(buf)
    struct.pack_into("<I", buf, link, ifd)
    extra = ifd + 2 + 12 * len(entries) + 4
    buf += struct.pack("<H", len(entries))
    for tag, typ, cnt, val in entries:
        if tag == 282:
            val = extra
        elif tag == 283:
            val = extra + 8
        if typ == 3:
            buf += struct.pack("<HHIHH", tag, typ, cnt, val, 0)
        else:
            buf += struct.pack("<HHII", tag, typ, cnt, val)
    link = len(buf)
    buf += b"\x00\x00\x00\x00"
    buf += struct.pack("<IIII", 204, 1, 196, 1)
with open(f"{OUT}/source.tif", "wb") as f:
    f.write(buf)
print("\n".join(name for name, _ in PAGES))
