"""The speed-and-scale benchmark: every figure of the README's "Speed and scale", in one run.

Prints, each measured in this run against scikit-learn where there is a target:

1. cold ``stance predict "quote"``: median wall time, beside the median of
   ``python -c "import sklearn.linear_model"`` (target: <= 0.25 s);
2. batch throughput, file to file (CSV in, CSV out, ``stance.batch.score_file``) with one
   and two jobs, as a ratio to the raw ``Pipeline.predict_proba`` of the same model on the
   same quotes held in memory (targets: >= 0.9 and >= 1.7), wall time, best of ``--repeats``;
3. peak memory (max RSS of the largest process) of ``stance predict --input --output`` on
   1,000,000 quotes, beside the same on 100,000, to show it is set by the chunk size;
4. segmentation: articles per second of ``stance.batch.segment_files`` with one and two jobs;
5. Dask: quotes and articles per second on a ``distributed.LocalCluster`` of two worker
   processes on 127.0.0.1 (cluster start-up reported apart), if Dask is installed.

Not run by the tests. Usage::

    python benchmarks/bench_speed.py [--n 50000] [--big 1000000] [--articles 2000] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_predict import ROOT, STANCE, cold_start, fit_model, make_quotes  # noqa: E402

CHUNK = 5000
# Invented names and sentences to vary the article copies (not real people or news).
FIRST = ["Ada", "Bram", "Cora", "Dev", "Elin", "Finn", "Gwen", "Hal", "Ines", "Jory"]
LAST = ["Pike", "Olsen", "Marsh", "Dunmore", "Quell", "Varga", "Hallam", "Rooke"]
EXTRA = ["{name} said the figures showed the scheme was working.",
         "“We will keep listening to residents,” {name} told the meeting.",
         "According to {name}, the clinic will stay open until the spring."]


def write_quotes_csv(path: Path, quotes: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "text"])
        w.writerows((f"q{i:07d}", q) for i, q in enumerate(quotes))


def write_big_csv(path: Path, n: int) -> None:
    block = make_quotes(100_000, seed=1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "text"])
        for i in range(n):
            w.writerow((f"q{i:07d}", block[i % len(block)]))


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def batch_throughput(model: Path, quotes: list[str], folder: Path, repeats: int) -> dict:
    """Wall time, best of ``repeats``, interleaved: raw predict_proba vs score_file jobs 1 and 2."""
    from stance.batch import score_file
    from stance.modelfile import load_fast_model, load_model, scheme_of

    pipe, _ = load_model(model)
    fast, meta = load_fast_model(model)
    scheme = scheme_of(meta)
    src = folder / "quotes.csv"
    write_quotes_csv(src, quotes)
    best = {"sklearn": float("inf"), 1: float("inf"), 2: float("inf")}
    for _ in range(repeats):
        best["sklearn"] = min(best["sklearn"], timed(lambda: pipe.predict_proba(quotes)))
        for jobs in (1, 2):
            best[jobs] = min(best[jobs], timed(lambda: score_file(fast, scheme, src, folder / "out.csv",
                                                                   jobs=jobs, chunk_size=CHUNK, progress=False)))
    n = len(quotes)
    return {"n": n, "sklearn_qps": n / best["sklearn"], "jobs1_qps": n / best[1], "jobs2_qps": n / best[2],
            "ratio1": best["sklearn"] / best[1], "ratio2": best["sklearn"] / best[2]}


def peak_memory(model: Path, src: Path, dest: Path, jobs: int) -> tuple[float, float]:
    """(peak RSS in MB of the largest process, wall seconds) of one ``stance predict`` run."""
    code = ("import resource, subprocess, sys, time\nt = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t)\n")
    cmd = [str(STANCE), "predict", "--model", str(model), "--input", str(src), "--output", str(dest),
           "--jobs", str(jobs), "--chunk-size", str(CHUNK)]
    out = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True).stdout
    kb, secs = out.split()
    return int(kb) / 1024, float(secs)


def build_articles(folder: Path, n: int, seed: int = 0) -> None:
    """``n`` article files: the seed articles with people renamed and sentences added."""
    from stance.corpus import iter_articles

    rng = random.Random(seed)
    seeds = list(iter_articles([ROOT / "seeds"]))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = seeds[i % len(seeds)].text
        for old in ("Campion", "Pallister", "Hernandez", "Sidwick", "Rolles", "Garius", "Kent"):
            text = text.replace(old, rng.choice(LAST))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        lines = text.split("\n")
        for _ in range(rng.randint(1, 3)):
            lines.insert(rng.randint(0, len(lines)), rng.choice(EXTRA).format(name=name))
        (folder / f"bench_{i:05d}.txt").write_text("\n".join(lines), encoding="utf-8")


def segmentation(folder: Path, n: int) -> dict:
    from stance.batch import segment_files

    out = {}
    for jobs in (1, 2):
        secs = timed(lambda: segment_files([folder], jobs=jobs, progress=False))
        out[jobs] = n / secs
    return out


def dask_figures(model: Path, quotes: list[str], articles: Path, n_articles: int, folder: Path) -> dict | None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        return None
    import pandas as pd

    from stance.cluster import dask_client, score_parquet, segment_to_parquet
    from stance.modelfile import load_fast_model, scheme_of

    parts = folder / "in.parquet"
    parts.mkdir()
    df = pd.DataFrame({"id": [f"q{i:07d}" for i in range(len(quotes))], "text": quotes})
    step = -(-len(df) // 8)
    for k in range(8):
        df.iloc[k * step:(k + 1) * step].to_parquet(parts / f"part.{k}.parquet", index=False)
    fast, meta = load_fast_model(model)
    t0 = time.perf_counter()
    with dask_client(None, workers=2) as client:  # what `--engine dask` starts without --scheduler
        startup = time.perf_counter() - t0
        secs = timed(lambda: score_parquet(client, fast, scheme_of(meta), parts, folder / "out.parquet"))
        seg = timed(lambda: segment_to_parquet(client, [articles], folder / "quotes.parquet"))
    return {"startup_s": startup, "quotes_qps": len(quotes) / secs, "articles_ps": n_articles / seg}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=50_000, help="quotes for the throughput ratios (default 50000)")
    ap.add_argument("--big", type=int, default=1_000_000, help="quotes for the peak-memory run (default 1000000)")
    ap.add_argument("--articles", type=int, default=2000, help="articles to segment (default 2000)")
    ap.add_argument("--repeats", type=int, default=3, help="best of this many throughput runs (default 3)")
    ap.add_argument("--runs", type=int, default=15, help="cold-start runs of each command (default 15)")
    ap.add_argument("--quick", action="store_true", help="small sizes, to check the script runs")
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.big, args.articles, args.repeats, args.runs = 5000, 50_000, 200, 1, 5
    import os

    print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model = fit_model(tmp)

        cold = cold_start(model, args.runs)
        print(f"1. cold `stance predict \"quote\"`: median {cold['predict_s']:.3f} s; `import sklearn.linear_model`: "
              f"median {cold['sklearn_import_s']:.3f} s; ratio {cold['ratio']:.2f} ({cold['runs']} runs each)")

        quotes = make_quotes(args.n)
        b = batch_throughput(model, quotes, tmp, args.repeats)
        print(f"2. batch, CSV file to CSV file, {b['n']} quotes: raw Pipeline.predict_proba (in memory) "
              f"{b['sklearn_qps']:.0f}/s; --jobs 1 {b['jobs1_qps']:.0f}/s = {b['ratio1']:.2f}x; "
              f"--jobs 2 {b['jobs2_qps']:.0f}/s = {b['ratio2']:.2f}x")

        small, big = tmp / "small.csv", tmp / "big.csv"
        write_big_csv(small, args.big // 10)
        write_big_csv(big, args.big)
        mem = {}
        for label, src in (("small", small), ("big", big)):
            mem[label] = peak_memory(model, src, tmp / "scored.csv", jobs=2)
        print(f"3. peak memory of `stance predict --input --output --jobs 2 --chunk-size {CHUNK}`: "
              f"{args.big:,} quotes {mem['big'][0]:.0f} MB ({args.big / mem['big'][1]:.0f} quotes/s incl. start); "
              f"{args.big // 10:,} quotes {mem['small'][0]:.0f} MB")
        big.unlink()

        articles = tmp / "articles"
        build_articles(articles, args.articles)
        seg = segmentation(articles, args.articles)
        print(f"4. segmentation of {args.articles} articles: --jobs 1 {seg[1]:.0f} articles/s; "
              f"--jobs 2 {seg[2]:.0f} articles/s")

        d = dask_figures(model, quotes, articles, args.articles, tmp)
        if d is None:
            print("5. dask: not installed (pip install 'policy-stance[dask]'); skipped")
        else:
            print(f"5. dask LocalCluster, 2 worker processes on 127.0.0.1 (start-up {d['startup_s']:.1f} s): "
                  f"predict {d['quotes_qps']:.0f} quotes/s; segment {d['articles_ps']:.0f} articles/s")

    ok = {"cold predict <= 0.25 s": cold["predict_s"] <= 0.25, "batch jobs 1 >= 0.9x": b["ratio1"] >= 0.9,
          "batch jobs 2 >= 1.7x": b["ratio2"] >= 1.7}
    print("targets: " + "; ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in ok.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
