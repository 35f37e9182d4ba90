"""Benchmark the quote segmenter: articles per second with one and two worker processes.

Builds >= 10,000 articles from the seed articles, each copy with its people renamed and a few
sentences shuffled and added (so per-article caches do not make repeats free), then times
:func:`stance.batch.segment_articles` with ``jobs=1`` and ``jobs=2``. Reports wall-clock
articles/s and articles per CPU-second (this process plus its finished worker processes): on a
shared machine wall time also counts other people's work, CPU time does not. Not run by the
tests.

Usage::

    python benchmarks/bench_segment.py [--n 10000] [--seeds seeds/] [--jobs 1 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

from stance.corpus import Article, iter_articles
from stance.batch import segment_articles

ROOT = Path(__file__).resolve().parents[1]

# Invented names and sentences used to vary the copies (not real people or news).
FIRST = ["Ada", "Bram", "Cora", "Dev", "Elin", "Finn", "Gwen", "Hal", "Ines", "Jory", "Kit", "Lena"]
LAST = ["Pike", "Olsen", "Marsh", "Dunmore", "Quell", "Varga", "Hallam", "Rooke", "Soto", "Tarr"]
EXTRA = [
    "{name} said the figures showed the scheme was working.",
    "“We will keep listening to residents,” {name} told the meeting.",
    "According to {name}, the clinic will stay open until the spring.",
    "The council said it would publish a review later this year.",
    "Officers seized a small quantity of cannabis during the search.",
]


def build(n: int, seeds: list[Article], rng: random.Random) -> list[Article]:
    out = []
    for i in range(n):
        base = seeds[i % len(seeds)]
        text = base.text
        for old in ("Campion", "Pallister", "Hernandez", "Sidwick", "Rolles", "Garius", "Kent"):
            text = text.replace(old, rng.choice(LAST) + ("" if i % 2 else "e"))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        lines = text.split("\n")
        for _ in range(rng.randint(1, 3)):
            lines.insert(rng.randint(0, len(lines)), rng.choice(EXTRA).format(name=name))
        out.append(Article(f"bench_{i:05d}", "", "\n".join(lines)))
    return out


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the worker processes)."""
    own = time.process_time()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + kids.ru_utime + kids.ru_stime


def timed(articles: list[Article], jobs: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, units found). The machine may be shared and noisy: wall
    time counts time lost to other processes, CPU time does not."""
    c0, t0 = _cpu_seconds(), time.perf_counter()
    units = sum(len(q) for _, q in segment_articles(articles, jobs=jobs))
    return time.perf_counter() - t0, _cpu_seconds() - c0, units


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles to build (default 10000)")
    ap.add_argument("--seeds", default=str(ROOT / "seeds"), help="folder of seed articles")
    ap.add_argument("--seed", type=int, default=0, help="random seed for the variations")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to time (default 1 2)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per worker count; the fastest is reported")
    args = ap.parse_args(argv)
    seeds = list(iter_articles([args.seeds]))
    articles = build(args.n, seeds, random.Random(args.seed))
    mean = sum(len(a.text) for a in articles) / len(articles)
    print(f"{len(articles)} articles, mean {mean:.0f} characters", file=sys.stderr)
    rates = {}
    for jobs in args.jobs:
        best = None
        for _ in range(args.repeat):
            secs, cpu, units = timed(articles, jobs)
            if best is None or secs < best[0]:
                best = (secs, cpu, units)
        secs, cpu, units = best
        rates[jobs] = len(articles) / secs
        print(
            f"jobs={jobs}: {rates[jobs]:8.0f} articles/s wall ({secs:.2f} s), "
            f"{len(articles) / cpu:8.0f} articles per CPU-second ({cpu:.2f} s CPU), {units} units"
        )
    if 1 in rates and 2 in rates:
        print(f"speed-up jobs=2 / jobs=1 (wall): {rates[2] / rates[1]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
