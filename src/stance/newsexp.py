"""Experiments scored on a half of a listed real-news corpus, and their reports.

An experiment whose ``[test]`` is ``listing = ..., half = ..., texts = ...`` fits its model on
the ``[data]`` sources (C chosen by grouped cross-validation inside them) and scores the named
half with :func:`stance.newsmetrics.score_predictions`: macro-F1 over the six values,
detection F1, QWK and MAE^M on the axis, Spearman of speaker positions, each with a page-
bootstrap interval, beside the majority and stratified baselines and beside the two coders
(each coder against the adjudicated gold, on the same quotes: the ceiling).

A ``[curve]`` section refits on growing random subsets of one source (``sizes``, then all of
it), alone and with the ``plus`` sources added: how many real labels are needed.

Every run that scores the test half appends one line to ``test-half-log.csv`` beside the
config, and its report states how many times the test half has been scored. Reports show ids,
labels, scores and speaker names, never quote text.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from .coderfiles import load_annotations
from .datasets import load_dataset
from .evaluate import holdout_predictions
from .newsdata import TextsMissing, load_training, texts_present
from .newsmetrics import KEYS, coder_predictions, fmt, score_predictions, speaker_set
from .newsscore import git_commit, log_test_scoring, read_log
from .positions import mean_position
from .tables import write_json, write_text

LABELS = {"macro_f1": "macro-F1 (6 values)", "detection_f1": "on-axis detection F1", "qwk": "QWK on the axis",
          "mae_macro": "MAE^M on the axis", "spearman": "Spearman, speakers", "accuracy": "accuracy"}


def require_texts(exp) -> None:
    """Stop with one line when a page-text folder the experiment reads is absent.

    The ``[check]`` half is optional: without its texts the model is saved without check scores.
    """
    for spec in (exp.data, exp.test):
        if spec is None:
            continue
        for folder in spec.needs_texts:
            if not texts_present(folder):
                raise TextsMissing(f"experiment '{exp.name}' needs the page texts in {folder}, which are not there "
                                   f"(they are never committed); rebuild them (README, 'The real-news corpus') "
                                   f"or run another experiment")
    if exp.curve:
        for _, _, folder, _ in exp.curve["plus"]:
            if folder is not None and not texts_present(folder):
                raise TextsMissing(f"experiment '{exp.name}' needs the page texts in {folder}, which are not there")


def _coders(listing: Path, test_table, scheme, preds) -> dict:
    """Each coder of ``listing/annotations`` against the adjudicated gold on the scored quotes."""
    gold = dict(zip(preds["id"], preds["gold"]))
    out, labels = {}, {}

    def scored(frame) -> dict:  # the coder's labels scored as a model, beside the run's own baselines
        base = preds.set_index("id").loc[frame["id"]]
        for col in [c for c in preds.columns if c.startswith(("majority", "stratified", "prior_"))]:
            frame[col] = base[col].to_numpy()
        return score_predictions(frame, scheme, n_boot=200, seed=0)["model"]

    for path in sorted((listing / "annotations").glob("*.csv")):
        # flagged rows (not a quote, wrong speaker) carry no stance label and are left out
        coder = {q: v for q, v in load_annotations(path, scheme=scheme).labels.items() if q in gold}
        frame = coder_predictions(gold, coder, test_table, scheme)
        if not len(frame):
            continue
        out[path.stem] = scored(frame)
        labels[path.stem] = coder
    names = sorted(labels)
    if len(names) == 2:  # the two coders against each other: agreement without adjudication
        a, b = names
        both = {q: v for q, v in labels[a].items() if q in labels[b]}
        out[f"{b} vs {a}"] = scored(coder_predictions(both, labels[b], test_table[test_table["id"].isin(both)], scheme))
    return out


def _speaker_table(preds, scheme, speakers: list[str]) -> list[dict]:
    rows = []
    for s in speakers:
        f = preds[preds["speaker"] == s]
        rows.append({"speaker": s, "n_quotes": int(len(f)),
                     "n_gold_on_axis": int(f["gold"].isin(list(scheme.positions)).sum()),
                     "gold_mean": mean_position(f["gold"], scheme),
                     "n_pred_on_axis": int(f["pred"].isin(list(scheme.positions)).sum()),
                     "pred_mean": mean_position(f["pred"], scheme)})
    return sorted(rows, key=lambda r: (r["gold_mean"], r["speaker"]))


def _table(rows: list[tuple[str, dict]]) -> list[str]:
    head = "| system | " + " | ".join(LABELS[k] for k in KEYS) + " |"
    out = [head, "|" + "---|" * (len(KEYS) + 1)]
    for name, block in rows:
        out.append(f"| {name} | " + " | ".join(fmt(block, k) for k in KEYS) + " |")
    return out


def run_news(exp, out_dir: str | os.PathLike, root=None, log: str | os.PathLike | None = None) -> dict:
    """Run an experiment whose test set is a half of a listed corpus; write report.md, metrics.json.

    Returns
    -------
    dict
        The metrics, with ``model``, ``baselines`` (as :func:`stance.evaluate.evaluate`) and
        ``test_half_scorings``.
    """
    require_texts(exp)
    out_dir = Path(out_dir)
    test_spec = exp.test
    log = Path(log) if log is not None else (exp.source.parent if exp.source else out_dir.parent) / "test-half-log.csv"
    if test_spec.half == "test":
        read_log(log)  # refuse a malformed log before scoring anything
    train = load_dataset(exp.data, exp.scheme)
    scheme = train.scheme
    test = load_dataset(test_spec, scheme)
    config = exp.config
    if exp.curve:
        runs = _curve_runs(exp, train, test, config)
    else:
        preds = holdout_predictions(train, test, config)
        runs = [("model", len(train.table), preds)]
    speakers = speaker_set(test.table["label"], test.table["speaker"], scheme)
    results = []
    for name, n_train, preds in runs:
        s = score_predictions(preds, scheme, n_boot=config.n_boot, seed=config.seed, speakers=speakers)
        results.append({"name": name, "n_train": int(n_train), "scores": s})
    first = runs[-1][2]
    coders = _coders(test_spec.listing, test.table, scheme, first)
    commit = git_commit(root or ".")
    n_scored = None
    if test_spec.half == "test":
        n_scored = log_test_scoring(log, f"{exp.name} (stance evaluate)", commit)
    main = results[-1]["scores"]
    metrics = {
        "name": exp.name, "protocol": f"holdout on the {test_spec.half} half of {test_spec.listing.name}",
        "data": exp.data.describe(), "test_data": test_spec.describe(), "config": config.to_dict(),
        "n_quotes": int(len(first)), "n_pages": main["n_pages"], "n_speakers": main["n_speakers"],
        "label_counts": {v: int((test.table["label"] == v).sum()) for v in scheme.values},
        "runs": results, "coders": coders, "commit": commit, "test_half_scorings": n_scored,
        "model": main["model"], "baselines": {"majority": main["majority"], "stratified": main["stratified"]},
        "gain_vs_majority_ci95": main["gain"],
    }
    if not exp.curve:
        metrics["speakers"] = _speaker_table(first, scheme, speakers)
    write_json(out_dir / "metrics.json", metrics)
    write_text(out_dir / "report.md", _report(exp, metrics, log))
    return metrics


def _subsample(dataset, n: int, seed: int):
    t = dataset.table
    if n >= len(t):
        return dataset
    rng = np.random.default_rng(seed)
    keep = np.sort(rng.choice(len(t), size=n, replace=False))
    return replace(dataset, table=t.iloc[keep].reset_index(drop=True))


def _curve_runs(exp, train, test, config):
    """(name, n_train, predictions) for each size of the curve source, alone and with ``plus``."""
    curve = exp.curve
    src = train.table[train.table["source"] == curve["source"]]
    real = replace(train, table=src.reset_index(drop=True))
    plus = None
    if curve["plus"]:
        plus = load_training([(t, p) for t, p, _, _ in curve["plus"]], train.scheme,
                             texts={t: x for t, _, x, _ in curve["plus"] if x is not None},
                             halves={t: h for t, _, _, h in curve["plus"]})
    sizes = [n for n in curve["sizes"] if n < len(real.table)] + [len(real.table)]
    runs = []
    if plus is not None:
        runs.append(("plus only (0 real)", len(plus.table), holdout_predictions(plus, test, config)))
    for n in sizes:
        sub = _subsample(real, n, curve["seed"])
        label = f"{n} real" if n < len(real.table) else f"all {n} real"
        if sub.table["label"].nunique() >= 2:
            runs.append((label, len(sub.table), holdout_predictions(sub, test, config)))
        if plus is not None:
            both = replace(plus, table=pd.concat([plus.table, sub.table], ignore_index=True))
            runs.append((f"{label} + plus", len(both.table), holdout_predictions(both, test, config)))
    return runs


def _report(exp, m: dict, log: Path) -> str:
    lines = [f"# {exp.name}", ""]
    if exp.description:
        lines += [exp.description, ""]
    lines += [f"Protocol: {m['protocol']} ({m['n_quotes']} quotes, {m['n_pages']} pages); trained on "
              f"{', '.join(s['tag'] for s in m['data'].get('sources', [])) or 'the [data]'}; C chosen by grouped "
              f"cross-validation inside the training data. Intervals: 95 % percentile bootstrap over pages "
              f"({m['config']['n_boot']} draws). Spearman over the {m['n_speakers']} speakers with at least 3 gold "
              f"on-axis quotes in this half. Commit {m['commit']}.", ""]
    if m["test_half_scorings"] is not None:
        lines += [f"**The test half has now been scored {m['test_half_scorings']} time(s)** (all scorings: "
                  f"`{log.name}`). No per-quote error of the test half is listed or read.", ""]
    lines += ["## Scores", ""]
    rows = []
    for r in m["runs"]:
        rows.append((f"{r['name']} (n={r['n_train']})" if len(m["runs"]) > 1 else "model", r["scores"]["model"]))
    rows += [("majority baseline", m["baselines"]["majority"]), ("stratified baseline", m["baselines"]["stratified"])]
    rows += [(f"coder {c} (ceiling)" if " vs " in c else f"coder {c} vs adjudicated gold", b)
             for c, b in m["coders"].items()]
    lines += _table(rows)
    lines += ["", "Gain over the majority baseline (model - majority, paired page bootstrap, 95 %):", ""]
    for k in KEYS:
        ci = m["gain_vs_majority_ci95"].get(k)
        if ci and ci[0] is not None:
            lines.append(f"- {LABELS[k]}: [{ci[0]:+.3f}, {ci[1]:+.3f}]")
    lines += ["", "Gold label counts: " + ", ".join(f"{k}: {v}" for k, v in m["label_counts"].items()), ""]
    if m.get("speakers"):
        lines += ["## Speaker positions (speakers with >= 3 gold on-axis quotes)", "",
                  "Gold mean: the speaker's on-axis gold labels; predicted mean: the values predicted on the axis.",
                  "", "| speaker | quotes | gold on-axis | gold mean | predicted on-axis | predicted mean |",
                  "|---|---|---|---|---|---|"]
        for r in m["speakers"]:
            pm = "-" if r["pred_mean"] is None else f"{r['pred_mean']:+.2f}"
            lines.append(f"| {r['speaker']} | {r['n_quotes']} | {r['n_gold_on_axis']} | {r['gold_mean']:+.2f} | "
                         f"{r['n_pred_on_axis']} | {pm} |")
        lines.append("")
    return "\n".join(lines) + "\n"
