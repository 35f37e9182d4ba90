"""What a Dask run costs end to end, and from what corpus size it beats the local engine here.

Times the whole command, as a user runs it (a fresh process: imports, cluster start-up,
reading, scoring, writing, shutting down), for ``stance predict --input --output`` on
Parquet tables of growing size:

* ``--engine local --jobs 2`` (Parquet file in, Parquet file out);
* ``--engine dask --jobs 2`` (a local cluster of two worker processes; the same file in, a
  folder of parts out).

Prints one row per size (median wall time of ``--runs`` runs each) and the first size at
which Dask was faster, if any. Not run by the tests. Usage::

    python benchmarks/bench_dask_cost.py [--sizes 100,10000,100000,400000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_predict import STANCE, fit_model, make_quotes  # noqa: E402


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,10000,100000,400000", help="quotes per table, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="runs of each command per size (median reported)")
    ap.add_argument("--jobs", type=int, default=2, help="processes for both engines")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model = fit_model(tmp)
        block = make_quotes(100_000, seed=1)
        print(f"{'quotes':>8}  {'local s':>8}  {'dask s':>8}  {'dask - local':>12}")
        first_win = None
        for n in sizes:
            src = tmp / f"in-{n}.parquet"
            pd.DataFrame({"id": [f"q{i:07d}" for i in range(n)],
                          "text": [block[i % len(block)] for i in range(n)]}).to_parquet(src, index=False)
            local, dask = [], []
            for _ in range(args.runs):
                out_local, out_dask = tmp / "local.parquet", tmp / "dask-out"
                local.append(wall([str(STANCE), "predict", "--model", str(model), "--input", str(src),
                                   "--output", str(out_local), "--jobs", str(args.jobs)]))
                dask.append(wall([str(STANCE), "predict", "--model", str(model), "--input", str(src),
                                  "--output", str(out_dask), "--jobs", str(args.jobs), "--engine", "dask"]))
                out_local.unlink()
                shutil.rmtree(out_dask)
            lm, dm = statistics.median(local), statistics.median(dask)
            if dm < lm and first_win is None:
                first_win = n
            print(f"{n:>8,}  {lm:>8.2f}  {dm:>8.2f}  {dm - lm:>+12.2f}", flush=True)
        print("dask first faster at:", f"{first_win:,} quotes" if first_win else f"never, up to {sizes[-1]:,} quotes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
