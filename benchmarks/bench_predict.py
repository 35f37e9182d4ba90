"""Benchmark prediction: a cold ``stance predict "quote"`` and in-memory batch scoring.

Two measurements, each against scikit-learn in the same run:

* cold start: the median wall time of ``stance predict "QUOTE"`` in a fresh process, beside
  the median of ``python -c "import sklearn.linear_model"`` (what any pickled-Pipeline
  prediction pays before it reads the quote);
* scoring: quotes per second of :class:`stance.vectorized.BatchScorer` and of the raw
  ``Pipeline.predict_proba`` on the same model and quotes (process CPU time, best of three,
  interleaved, so that other load on the machine hurts both alike).

The model is the default one (seed labels plus invented quotes, experiments/default-model.toml); the quotes are built from the seed
articles and the codebook (sentences cut, recombined, re-cased, with unicode and
punctuation), so that many of their n-grams are not in the vocabulary, as with new text.
Not run by the tests. Usage::

    python benchmarks/bench_predict.py [--n 50000] [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STANCE = Path(sys.executable).with_name("stance")
QUOTE = "Nobody should be criminalised for personal drug use"

# Invented fragments mixed into the generated quotes (not real people or news).
EXTRA = ["“We will not arrest our way out of this,” she said.", "Straße, café, naïve — İstanbul.",
         "Die Polizei sagte nichts.", "Полиция ничего не сказала.",
         "Officers seized 2kg of cocaine!!", "Treatment, not prison.", "(see p. 14)",
         "£1.2m for the clinic", "#drugs #policy 😀"]


def make_quotes(n: int, seed: int = 0) -> list[str]:
    """``n`` varied quotes, deterministic for a seed."""
    rng = random.Random(seed)
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    text += " " + (ROOT / "labels" / "codebook.md").read_text(encoding="utf-8")
    words = re.findall(r"\S+", text) + EXTRA
    out = []
    for _ in range(n):
        k = rng.randint(6, 45)
        i = rng.randrange(len(words) - k)
        parts = words[i:i + k]
        if rng.random() < 0.4:
            parts = parts[: k // 2] + [rng.choice(EXTRA)] + words[rng.randrange(len(words) - 10):][:rng.randint(1, 10)]
        q = " ".join(parts)
        r = rng.random()
        if r < 0.1:
            q = q.upper()
        elif r < 0.2:
            q = q.replace(" ", "  ")
        out.append(q)
    return out


def fit_model(folder: Path) -> Path:
    """Fit the default model (experiments/default-model.toml: seeds + invented quotes, its model
    settings) and save it (Pipeline, plain-data twin, sidecar)."""
    from stance.datasets import load_dataset
    from stance.experiment import load_experiment
    from stance.model import fit_pipeline
    from stance.modelfile import save_model

    exp = load_experiment(ROOT / "experiments" / "default-model.toml")
    ds = load_dataset(exp.data, exp.scheme)
    t = ds.table
    pipe, _ = fit_pipeline(t["text"], t["label"], t["group"], exp.config.model, ds.scheme)
    path = folder / "bench.joblib"
    save_model(pipe, path, {"scheme": ds.scheme.to_dict()})
    return path


def _wall(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0


def cold_start(model: Path, runs: int = 15) -> dict:
    """Medians of a cold ``stance predict`` and of importing scikit-learn, interleaved."""
    env = dict(os.environ)
    predict = [str(STANCE), "predict", "--model", str(model), QUOTE]
    sklearn = [sys.executable, "-c", "import sklearn.linear_model"]
    # Write the package's bytecode cache first, as any installed package has one.
    subprocess.run(predict, check=True, stdout=subprocess.DEVNULL, env={**env, "PYTHONDONTWRITEBYTECODE": ""})
    times = {"predict": [], "sklearn": []}
    for _ in range(runs):
        times["predict"].append(_wall(predict, env))
        times["sklearn"].append(_wall(sklearn, env))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"predict_s": med["predict"], "sklearn_import_s": med["sklearn"],
            "ratio": med["predict"] / med["sklearn"], "runs": runs}


def scoring(model: Path, quotes: list[str], repeats: int = 3) -> dict:
    """Quotes per second, CPU time, best of ``repeats``: BatchScorer vs Pipeline.predict_proba."""
    import numpy as np

    from stance.modelfile import load_fast_model, load_model
    from stance.vectorized import BatchScorer

    pipe, _ = load_model(model)
    scorer = BatchScorer(load_fast_model(model)[0])
    best = {"sklearn": float("inf"), "fast": float("inf")}
    diff = 0.0
    for _ in range(repeats):
        t0 = time.process_time()
        P = pipe.predict_proba(quotes)
        best["sklearn"] = min(best["sklearn"], time.process_time() - t0)
        t0 = time.process_time()
        Q = scorer.predict_proba(quotes)
        best["fast"] = min(best["fast"], time.process_time() - t0)
        diff = max(diff, float(np.abs(P - Q).max()))
    n = len(quotes)
    return {"sklearn_qps": n / best["sklearn"], "fast_qps": n / best["fast"],
            "ratio": best["sklearn"] / best["fast"], "max_abs_diff": diff, "n": n}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=50_000, help="quotes to score (default 50000)")
    ap.add_argument("--runs", type=int, default=15, help="cold-start runs of each command (default 15)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        model = fit_model(Path(tmp))
        cold = cold_start(model, args.runs)
        print(f"cold stance predict: median {cold['predict_s']:.3f} s; import sklearn.linear_model: median "
              f"{cold['sklearn_import_s']:.3f} s; ratio {cold['ratio']:.2f} ({cold['runs']} runs each)")
        s = scoring(model, make_quotes(args.n))
        print(f"scoring {s['n']} quotes in memory: BatchScorer {s['fast_qps']:.0f}/s, Pipeline.predict_proba "
              f"{s['sklearn_qps']:.0f}/s, ratio {s['ratio']:.2f}; max |difference| {s['max_abs_diff']:.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
