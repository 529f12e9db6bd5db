#!/usr/bin/env python3
"""Print criterion's side-by-side results as a Markdown table.

Each group `<crate>/<case>` holds a `missive` function and one function per
peer (see benches/src/lib.rs). One row per (group, peer): medians, throughput
and the speed-up = peer median time / Missive median time (> 1: Missive faster).
"""
import json
import pathlib
import sys


def fmt_time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def fmt_rate(per_s):
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if per_s >= scale:
            return f"{per_s / scale:.3g} {unit}/s"
    return f"{per_s:.3g} /s"


def main(root):
    results = {}
    for bench in pathlib.Path(root).glob("**/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        est = json.loads((bench.parent / "estimates.json").read_text())
        median = est["median"]["point_estimate"]
        elements = (meta.get("throughput") or {}).get("Elements")
        group = meta["group_id"]
        results.setdefault(group, {})[meta["function_id"]] = (median, elements)
    print("| bench | Missive median | Missive rate | peer | peer median | speed-up (peer time / ours) |")
    print("|---|---|---|---|---|---|")
    for group in sorted(results):
        fns = results[group]
        ours = fns.get("missive")
        if ours is None:
            continue
        rate = fmt_rate(ours[1] * 1e9 / ours[0]) if ours[1] else "—"
        peers = sorted(k for k in fns if k != "missive") or [None]
        for peer in peers:
            if peer is None:
                print(f"| {group} | {fmt_time(ours[0])} | {rate} | — | — | — |")
                continue
            pm = fns[peer][0]
            print(f"| {group} | {fmt_time(ours[0])} | {rate} | {peer} | {fmt_time(pm)} | **{pm / ours[0]:.2f}×** |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
