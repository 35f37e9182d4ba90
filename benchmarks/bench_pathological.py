"""Time the segmenter on pathological input: one reporting phrase repeated for megabytes.

Real articles never look like this, but scraped text can, and the segmenter must stay linear
in the length of its input: each repetition is a reporting verb whose subject is searched
for. Prints CPU seconds (this process only, so other load on a shared machine counts little)
and wall seconds per size, and the ratio of the largest to the smallest size's CPU time per
megabyte (about 1 when the work is linear). Not run by the tests.

Usage::

    python benchmarks/bench_pathological.py [--sizes 0.5 5] [--phrases "he said " "he said, "]
"""

from __future__ import annotations

import argparse
import time

from stance.segment import segment_text

PHRASES = ["he said ", "he said, ", "Smith said ", "“yes,” he said. ", "said "]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.5, 5.0], help="megabytes (default 0.5 5)")
    ap.add_argument("--phrases", nargs="+", default=PHRASES, help="phrases to repeat")
    args = ap.parse_args(argv)
    for phrase in args.phrases:
        per_mb = []
        for mb in args.sizes:
            n = int(mb * 1_000_000)
            text = (phrase * (n // len(phrase) + 1))[:n]
            c0, t0 = time.process_time(), time.perf_counter()
            units = len(segment_text(text, "x"))
            cpu, wall = time.process_time() - c0, time.perf_counter() - t0
            per_mb.append(cpu / mb)
            print(f"{phrase!r:22} x {mb:5.2f} MB: {cpu:7.2f} s CPU, {wall:7.2f} s wall, {units} units", flush=True)
        if len(per_mb) > 1:
            print(f"{'':22}   CPU per MB, largest / smallest size: {per_mb[-1] / per_mb[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
