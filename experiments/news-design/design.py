"""Design study for issue 13: each model choice measured on the real TUNING half only.

Run from the repository root with the page texts present (git-ignored):

    python experiments/news-design/design.py [--texts labels/news/texts] [--only NAME,...]

Training data: the seed labels folder plus the invented quotes (committed). Hyper-parameters
(C) are chosen by grouped cross-validation inside the training data (groups: seed article,
invented speaker) on the variant's selection metric; the tuning half only scores the variants.
The TF-IDF vocabulary and idf are fitted on the training texts once per feature set (no label
is used) and shared by the inner folds, so that the study runs in minutes; the shipped model
fits them inside :func:`stance.model.fit_pipeline`.

Writes ``experiments/news-design/results.json`` (one entry per variant, merged with earlier
runs) and prints one line per variant. Never reads the test half.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from stance.newsdata import load_news_half, load_training  # noqa: E402
from stance.newsmetrics import score_predictions  # noqa: E402
from stance.ordinal import TwoStage  # noqa: E402
from stance.scheme import STANCE_SCHEME  # noqa: E402
from stance.selection import scores_for  # noqa: E402

OUT = Path(__file__).resolve().parent / "results.json"
C_GRID = (3.0, 10.0, 30.0, 100.0)  # the old default grid chose 100 (its top); below 3 never won

FEATURES = {
    "word13+char25": dict(word=(1, 3), char=(2, 5), analyzer="char", min_df=1),
    "word13+char25 min_df2": dict(word=(1, 3), char=(2, 5), analyzer="char", min_df=2),
    "word12+charwb25": dict(word=(1, 2), char=(2, 5), analyzer="char_wb", min_df=1),
    "word13": dict(word=(1, 3), char=None, analyzer="char", min_df=1),
    "char25": dict(word=None, char=(2, 5), analyzer="char", min_df=1),
    "word13 stop": dict(word=(1, 3), char=None, analyzer="char", min_df=1, stop=True),
}

# name: (features, model kind, class_weight, selection metric)
VARIANTS = {
    "seeds only (before issue 13)": ("word13+char25", "flat", "balanced", "macro_f1"),
    "LR balanced macroF1 (old default)": ("word13+char25", "flat", "balanced", "macro_f1"),
    "LR unweighted macroF1": ("word13+char25", "flat", None, "macro_f1"),
    "LR balanced accuracy-selected": ("word13+char25", "flat", "balanced", "accuracy"),
    "LR balanced Favg(on-axis)-selected": ("word13+char25", "flat", "balanced", "f_avg"),
    "LR balanced min_df2": ("word13+char25 min_df2", "flat", "balanced", "macro_f1"),
    "LR balanced word12+charwb25": ("word12+charwb25", "flat", "balanced", "macro_f1"),
    "LR balanced word only": ("word13", "flat", "balanced", "macro_f1"),
    "LR balanced char only": ("char25", "flat", "balanced", "macro_f1"),
    "LR balanced word stop-words": ("word13 stop", "flat", "balanced", "macro_f1"),
    "two-stage, multinomial placement": ("word13+char25", "two-stage-multinomial", "balanced", "macro_f1"),
    "two-stage, cumulative placement": ("word13+char25", "two-stage-cumulative", "balanced", "macro_f1"),
}


def featurize(name, train_texts, other_texts):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    f = FEATURES[name]
    parts = []
    if f["word"]:
        parts.append(("word", TfidfVectorizer(analyzer="word", ngram_range=f["word"], sublinear_tf=True,
                                              min_df=f["min_df"], stop_words="english" if f.get("stop") else None)))
    if f["char"]:
        parts.append(("char", TfidfVectorizer(analyzer=f["analyzer"], ngram_range=f["char"], sublinear_tf=True,
                                              min_df=f["min_df"])))
    union = FeatureUnion(parts)
    X = union.fit_transform(train_texts)
    return X, union.transform(other_texts)


def pick_c(make, X, y, groups, metric, folds=3):
    """C by grouped k-fold inside the training data on ``metric``; ties go to the C nearest 1."""
    from sklearn.model_selection import GroupKFold

    splits = list(GroupKFold(n_splits=folds, shuffle=True, random_state=0).split(X, y, groups))
    per_c = {C: [] for C in C_GRID}
    for tr, te in splits:
        est = None
        for C in sorted(C_GRID):  # a flat LR is warm-started along the C path (same optimum, fewer iterations)
            est = make(C, warm=est)
            est.fit(X[tr], y[tr])
            per_c[C].append(scores_for(metric, y[te], est.predict(X[te]), STANCE_SCHEME))
    scores = {C: float(np.mean(v)) for C, v in per_c.items()}
    best = max(scores.values())
    tied = [c for c, s in scores.items() if s >= best - 1e-12]
    return min(tied, key=lambda c: abs(np.log10(c))), scores


def run(name, train, tune):
    from sklearn.linear_model import LogisticRegression

    feats, kind, cw, metric = VARIANTS[name]
    if name.startswith("seeds only"):
        train = train[train["source"] == "seeds"]
    X, Xt = featurize(feats, list(train["text"]), list(tune["text"]))
    y = train["label"].to_numpy().astype(str)
    groups = train["group"].to_numpy()
    if kind == "flat":
        def make(C, warm=None):
            if warm is not None:
                return warm.set_params(C=C, warm_start=True)
            return LogisticRegression(C=C, class_weight=cw, max_iter=5000)
    else:
        placement = kind.split("-")[-1]

        def make(C, warm=None):
            return TwoStage(C_detect=C, C_place=C, class_weight=cw, placement=placement, on_axis=STANCE_SCHEME.on_axis)
    C, inner = pick_c(make, X, y, groups, metric)
    est = make(C).fit(X, y)  # noqa: the final fit starts cold
    proba = est.predict_proba(Xt)
    classes = [str(c) for c in est.classes_]
    pred = [str(p) for p in est.predict(Xt)]
    return C, inner, proba, classes, pred


def predictions_frame(tune, train, proba, classes, pred):
    """Rows as stance.evaluate.holdout_predictions makes them (baselines from the training labels)."""
    import pandas as pd

    from stance.evaluate import baseline_columns

    scheme = STANCE_SCHEME
    rng = np.random.default_rng(0)
    extra = baseline_columns(train["label"], len(tune), scheme, rng)
    rows = []
    for j, (_, q) in enumerate(tune.iterrows()):
        probs = {c: float(proba[j, classes.index(c)]) if c in classes else 0.0 for c in scheme.values}
        pos, p_on = scheme.expected_position(probs)
        row = {"id": q["id"], "group": q["group"], "speaker": q["speaker"], "date": "", "text": "", "gold": q["label"],
               "pred": pred[j], **{f"p_{c}": probs[c] for c in scheme.values}, "position": pos, "p_on_axis": p_on,
               "pred_on": max(scheme.on_axis, key=lambda c: (probs[c], -scheme.on_axis.index(c)))}
        row.update({k: v[j] for k, v in extra.items()})
        rows.append(row)
    return pd.DataFrame(rows)


def dump(results: dict) -> str:
    """results.json: one compact line per variant (predictions are long lists)."""
    lines = [f"{json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in results.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


REFERENCE = "LR balanced macroF1 (old default)"
LABELS = {"macro_f1": "macro-F1", "detection_f1": "detection F1", "qwk": "QWK", "mae_macro": "MAE^M",
          "spearman": "Spearman"}


def frame_of(entry, tune, train):
    """The stored predictions of a variant as prediction rows (baselines from the training labels)."""
    pr = entry["predictions"]
    if list(pr["id"]) != list(tune["id"]):
        raise SystemExit("stored predictions do not match the tuning half; rerun the variants")
    P = np.array(pr["p"]).T
    return predictions_frame(tune, train, P, list(STANCE_SCHEME.values), pr["pred"])


def write_report(results, train, tune, n_boot):
    from stance.newsexp import _coders
    from stance.newsmetrics import fmt, paired_gain

    ref = frame_of(results[REFERENCE], tune, train)
    keys = list(LABELS)
    head = ("| variant | C | " + " | ".join(LABELS[k] + " [95% CI]" for k in keys) + " | "
            + " | ".join(f"Δ {LABELS[k]} vs old default" for k in ("macro_f1", "detection_f1", "qwk", "spearman")) + " |")
    lines = [head, "|" + "---|" * (2 + len(keys) + 4)]
    for name, entry in results.items():
        if "predictions" not in entry:
            continue
        s = entry["scores"]["model"]
        cells = [fmt(s, k) for k in keys]
        if name == REFERENCE:
            deltas = ["(reference)"] * 4
        else:
            g = paired_gain(frame_of(entry, tune, train), ref, STANCE_SCHEME, n_boot=n_boot)
            deltas = []
            for k in ("macro_f1", "detection_f1", "qwk", "spearman"):
                d = g[k]
                deltas.append("-" if d["diff"] is None else
                              f"{d['diff']:+.3f} [{d['ci95'][0]:+.3f}, {d['ci95'][1]:+.3f}]")
        lines.append(f"| {name} | {entry['C']:g} | " + " | ".join(cells) + " | " + " | ".join(deltas) + " |")
    base = results[REFERENCE]["scores"]
    for b in ("majority", "stratified"):
        lines.append(f"| {b} baseline | | " + " | ".join(fmt(base[b], k) for k in keys) + " | | | | |")
    coders = _coders(ROOT / "labels/news", tune, STANCE_SCHEME, ref)
    for c, block in coders.items():
        who = f"coder {c} (ceiling)" if " vs " in c else f"coder {c} vs adjudicated gold"
        lines.append(f"| {who} | | " + " | ".join(fmt(block, k) for k in keys)
                     + " | | | | |")
    return lines, coders


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", default=str(ROOT / "labels/news/texts"))
    ap.add_argument("--only", default="", help="variant names separated by ;")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--report", action="store_true", help="render report-table.md from results.json; fit nothing")
    ap.add_argument("--em", action="store_true", help="add EM prior-shift rows from stored probabilities; fit nothing")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    from threadpoolctl import threadpool_limits

    train = load_training([("seeds", ROOT / "labels"), ("invented", ROOT / "labels/invented")]).table
    tune = load_news_half(ROOT / "labels/news", args.texts, "tuning").table
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.is_file() else {}
    if args.em:
        # Calibration to the real label distribution without labels: EM prior estimate
        # (Saerens et al. 2002) on the tuning half's predicted probabilities, then a prior shift.
        from stance.ordinal import em_prior, prior_shift

        vals = list(STANCE_SCHEME.values)
        for base in ("LR balanced macroF1 (old default)", "LR balanced word only"):
            P = np.array(results[base]["predictions"]["p"]).T
            uniform = np.ones(len(vals)) / len(vals)  # balanced class weights: a uniform training prior
            q = em_prior(P, uniform)
            P2 = prior_shift(P, uniform, q)
            pred = [vals[i] for i in P2.argmax(axis=1)]
            frame = predictions_frame(tune, train, P2, vals, pred)
            name = f"{base} + EM prior shift"
            results[name] = {"variant": results[base]["variant"] + ["em-prior"], "C": results[base]["C"],
                             "inner": results[base]["inner"], "em_prior": dict(zip(vals, q.round(4).tolist())),
                             "scores": score_predictions(frame, STANCE_SCHEME, n_boot=args.n_boot),
                             "predictions": {"id": list(frame["id"]), "pred": pred,
                                             "p": [[round(float(x), 6) for x in P2[:, j]] for j in range(len(vals))]}}
        out.write_text(dump(results))
        return
    if args.report:
        lines, coders = write_report(results, train, tune, args.n_boot)
        (OUT.parent / "report-table.md").write_text("\n".join(lines) + "\n")
        print("\n".join(lines))
        return
    names = [n for n in VARIANTS if not args.only or n in args.only.split(";")]
    for name in names:
        t0 = time.time()
        with threadpool_limits(1):
            C, inner, proba, classes, pred = run(name, train, tune)
        frame = predictions_frame(tune, train, proba, classes, pred)
        s = score_predictions(frame, STANCE_SCHEME, n_boot=args.n_boot)
        results[name] = {"variant": VARIANTS[name], "C": C, "inner": inner, "scores": s,
                         "predictions": {"id": list(frame["id"]), "pred": list(frame["pred"]),
                                         "p": [[round(float(x), 6) for x in frame[f"p_{c}"]]
                                               for c in STANCE_SCHEME.values]}}
        m = s["model"]
        print(f"{name:40} C={C:<6} mF1 {m['macro_f1']:.3f} det {m['detection_f1']:.3f} qwk {m['qwk']:.3f} "
              f"maeM {m['mae_macro']:.3f} rho {m['spearman'] if m['spearman'] is None else round(m['spearman'], 3)} "
              f"({time.time() - t0:.0f}s)", flush=True)
        out.write_text(dump(results))


if __name__ == "__main__":
    main()
