"""Benchmark ``stance analyse`` end to end: invented articles of about 3 KB, 1 and 2 jobs, peak memory.

Writes N invented articles (a JSON-lines table; every name and sentence is invented, built
from templates) and runs ``stance analyse`` on them in a fresh process per setting, reporting
wall-clock articles/s, articles/s per job, and the peak resident memory of the largest process
(the main process or one worker: ``ru_maxrss`` of the children). Needs a trained model
(``stance train``). Not run by the tests.

Usage::

    python benchmarks/bench_analyse.py --n 10000 100000 --jobs 1 2 [--model models/stance.joblib]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"

# INVENTED: names, outlets and sentences below are made up for the benchmark.
FIRST = ["Ada", "Bram", "Cora", "Dev", "Elin", "Finn", "Gwen", "Hal", "Ines", "Jory", "Kit", "Lena", "Mona", "Nils"]
LAST = ["Pike", "Olsen", "Marsh", "Dunmore", "Quell", "Varga", "Hallam", "Rooke", "Soto", "Tarr", "Ulbrich", "Wren"]
OUTLETS = ["Invented Gazette", "Invented Echo", "Invented Herald", "Invented Post"]
QUOTES = [
    "\u201cUsers must face arrest and prison,\u201d said {name}, the council leader.",
    "\u201cAddiction is a health issue, not a crime,\u201d {name} told the meeting.",
    "{name} said that the clinic should divert young people into treatment.",
    "\u201cWe will keep listening to residents about the scheme,\u201d said {name}.",
    "According to {name}, possession should mean a criminal record.",
]
FILLER = [
    "The council said it would publish a review later this year.",
    "Officers seized a small quantity of cannabis during the search on Tuesday.",
    "The meeting heard from residents, charities and local businesses about the plans.",
    "Figures released last month showed a rise in the number of people seeking help.",
    "The scheme has been running in three towns since the spring and will be extended.",
]


def invented_article(rng: random.Random, i: int) -> dict:
    paras = [f"Invented report number {i}."]
    while sum(map(len, paras)) < 2900:
        if rng.random() < 0.3:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            paras.append(rng.choice(QUOTES).format(name=name) + " " + rng.choice(FILLER))
        else:
            paras.append(" ".join(rng.sample(FILLER, 3)))
    return {"doc_id": f"inv{i:06d}", "text": "\n\n".join(paras), "outlet": rng.choice(OUTLETS),
            "date": f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}


def corpus(n: int) -> Path:
    path = OUT / f"analyse-{n}.jsonl"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        rng = random.Random(n)
        with open(path, "w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps(invented_article(rng, i), ensure_ascii=False) + "\n")
    return path


def run(table: Path, jobs: int, model: Path) -> dict:
    out = OUT / f"analyse-run-{table.stem}-j{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "stance", "analyse", str(table), "--out", str(out), "--model",
                           str(model), "--jobs", str(jobs), "--n-boot", "200"], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(proc.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"wall_s": round(wall, 1), "peak_mb": round(max(peak, before) / 1024, 1), "stdout": proc.stdout.strip()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "stance.joblib")
    args = ap.parse_args()
    for n in args.n:
        table = corpus(n)
        for jobs in args.jobs:
            r = run(table, jobs, args.model)
            rate = n / r["wall_s"]
            print(f"n={n:,} jobs={jobs}: {r['wall_s']} s, {rate:,.0f} articles/s ({rate / jobs:,.0f} per job), "
                  f"peak {r['peak_mb']} MB (largest process)  [{r['stdout']}]", flush=True)


if __name__ == "__main__":
    main()
