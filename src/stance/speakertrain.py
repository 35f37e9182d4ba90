"""Train the speaker chooser of :mod:`stance.speakerchoice` on listed gold pages, offline.

For every unit the rules find that matches a gold unit (30 % overlap, as the scorer pairs
them), each candidate speaker becomes one row: its features, and whether it is the gold
speaker. A scikit-learn ``LogisticRegression`` (fixed ``random_state``) learns the weights; the
override margin is chosen by page-grouped cross-validation (``GroupKFold`` over pages),
measured as speaker accuracy of the held-out pages with the chooser on against off. Only the
*tuning* half of each listing is read. One command::

    python -m stance.speakertrain labels/news=/work/main/labels/news/texts \\
        labels/news2=/work/main/labels/news2/texts labels/news3=/work/main/labels/news3/texts

writes ``src/stance/speaker_model.json`` (weights, margin) and
``speaker_model.provenance.json`` beside it (listings, halves, page sha256s, CV figures).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import provenance
from .errors import InputError
from .pagecorpus import load_listing, load_page_texts, load_units
from .segment import _Segmenter
from .segscore import match_units, normalise_speaker
from .speakerchoice import ENV_SWITCH, FEATURES, MODEL_PATH, SpeakerModel, article_features, choose
from .tables import write_json
from .wrap import rejoin_wrapped

HALF = "tuning"  # the only half ever read
MARGINS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
NEVER = 1e9  # the margin of a chooser that never overrides


@dataclass(frozen=True)
class Example:
    """One matched unit: its page, candidates with features, the rules' and the gold speaker."""

    page: str
    cands: dict
    rules: str
    gold: str

    def correct(self, name: str) -> bool:
        return normalise_speaker(name) == normalise_speaker(self.gold)

    def learnable(self) -> bool:
        return any(self.correct(n) for n in self.cands)


@contextmanager
def _chooser_off():
    old = os.environ.get(ENV_SWITCH)
    os.environ[ENV_SWITCH] = "off"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(ENV_SWITCH, None)
        else:
            os.environ[ENV_SWITCH] = old


def page_examples(text: str, page: str, gold: list[dict]) -> list[Example]:
    """The examples of one page: the rules' units (chooser off) paired with the gold units.

    ``gold`` rows need ``doc_id, start, end, kind, speaker``.
    """
    with _chooser_off():
        seg = _Segmenter(rejoin_wrapped(text), page)
        units = seg.run()
    feats = article_features(seg.text, seg.doc, seg.paras, units)
    by_span = {(q.start, q.end): i for i, q in enumerate(units)}
    pred = [{"doc_id": page, "start": q.start, "end": q.end, "kind": q.kind, "speaker": q.speaker} for q in units]
    pairs, _, _ = match_units(pred, gold)
    out = []
    for g, p, ov in pairs:
        if ov >= 0.3 - 1e-12:
            i = by_span[(p["start"], p["end"])]
            out.append(Example(page, feats[i], units[i].speaker, g["speaker"]))
    return out


def listing_examples(folder: str | os.PathLike, texts: str | os.PathLike) -> tuple[list[Example], dict]:
    """Examples of a listing's tuning half and ``{page_id: sha256}`` of the pages read."""
    listing = load_listing(folder)
    gold = load_units(listing, texts, (HALF,))
    pages = load_page_texts(listing, texts, (HALF,))
    out = []
    for pid, text in pages.items():
        rows = gold[gold["doc_id"] == pid].to_dict("records")
        out.extend(page_examples(text, pid, rows))
    return out, {pid: listing.pages[pid].sha256 for pid in pages}


def _rows(examples: list[Example]):
    X, y = [], []
    for ex in examples:
        if not ex.learnable() or len(ex.cands) < 2:
            continue
        for name, x in ex.cands.items():
            X.append([x[f] for f in FEATURES])
            y.append(int(ex.correct(name)))
    return X, y


def fit_model(examples: list[Example], margin: float = 0.0, seed: int = 0, c: float = 1.0) -> SpeakerModel:
    """Fit the logistic ranker on the examples' candidate rows."""
    # lazy: scikit-learn only for offline training; the segmenter scores with a dot product
    from sklearn.linear_model import LogisticRegression

    X, y = _rows(examples)
    if len(set(y)) < 2:
        raise InputError(f"speaker training needs right and wrong candidates; got {len(y)} rows of one class")
    clf = LogisticRegression(C=c, max_iter=2000, random_state=seed).fit(X, y)
    weights = {f: round(float(w), 6) for f, w in zip(FEATURES, clf.coef_[0])}
    return SpeakerModel(weights, round(float(clf.intercept_[0]), 6), margin)


def accuracy(examples: list[Example], model: SpeakerModel | None) -> float:
    """Speaker accuracy over the examples with the chooser (None: the rules alone)."""
    if not examples:
        return float("nan")
    right = sum(ex.correct(choose(ex.cands, ex.rules, model) if model else ex.rules) for ex in examples)
    return right / len(examples)


def cross_validate(examples: list[Example], margins=MARGINS, n_splits: int = 5, seed: int = 0) -> dict:
    """Page-grouped CV: held-out speaker accuracy off, and on at each margin.

    Returns
    -------
    dict
        ``n_units``, ``n_pages``, ``off``, ``on`` (margin -> accuracy), ``margin`` (the best,
        ties to the larger; :data:`NEVER` when no margin beats the rules), ``gain``.
    """
    # lazy: scikit-learn only for offline training
    from sklearn.model_selection import GroupKFold

    groups = [ex.page for ex in examples]
    n_splits = min(n_splits, len(set(groups)))
    right = {m: 0 for m in margins}
    off = 0
    for train, test in GroupKFold(n_splits=n_splits).split(examples, groups=groups):
        model = fit_model([examples[i] for i in train], seed=seed)
        held = [examples[i] for i in test]
        off += sum(ex.correct(ex.rules) for ex in held)
        for m in margins:
            tuned = SpeakerModel(model.weights, model.bias, m)
            right[m] += sum(ex.correct(choose(ex.cands, ex.rules, tuned)) for ex in held)
    n = len(examples)
    best = max(sorted(margins, reverse=True), key=lambda m: right[m])
    margin = best if right[best] > off else NEVER
    return {"n_units": n, "n_pages": len(set(groups)), "n_splits": n_splits, "off": off / n,
            "on": {str(m): right[m] / n for m in margins}, "margin": margin,
            "gain": (right[best] - off) / n if margin != NEVER else 0.0}


def train(sources: list[tuple[str, str]], out: str | os.PathLike = MODEL_PATH, seed: int = 0,
          enabled: bool = False) -> dict:
    """Read the listings' tuning halves, cross-validate, fit on all, write weights and provenance.

    Parameters
    ----------
    sources : list of (listing folder, texts folder)
    out : path
        The weights file; the provenance goes beside it (``<stem>.provenance.json``).
    enabled : bool
        The flag the segmenter reads: run the chooser by default.

    Returns
    -------
    dict
        The provenance written.
    """
    examples, pages, per_listing = [], {}, {}
    for folder, texts in sources:
        ex, shas = listing_examples(folder, texts)
        examples.extend(ex)
        pages[str(folder)] = shas
        per_listing[str(folder)] = len(ex)
    cv = cross_validate(examples, seed=seed)
    model = fit_model(examples, margin=cv["margin"], seed=seed)
    out = Path(out)
    write_json(out, {"features": list(FEATURES), "weights": model.weights, "bias": model.bias,
                     "margin": model.margin, "enabled": bool(enabled)})
    prov = {"what": "speaker chooser (stance.speakerchoice), logistic ranker over candidates",
            "command": "python -m stance.speakertrain " + " ".join(f"{f}={t}" for f, t in sources),
            "half": HALF, "seed": seed, "listings": per_listing, "pages": pages,
            "n_learnable": sum(ex.learnable() for ex in examples), "cv": cv,
            "code": provenance.provenance(Path(__file__).resolve().parents[2])}
    write_json(out.with_name(out.stem + ".provenance.json"), prov)
    return prov


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stance.speakertrain", description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", help="LISTING=TEXTS, e.g. labels/news=/work/main/labels/news/texts")
    parser.add_argument("--out", default=str(MODEL_PATH), help="weights file (default: the packaged one)")
    parser.add_argument("--seed", type=int, default=0, help="random_state of the classifier")
    parser.add_argument("--enable", action="store_true", help="run the chooser by default in the segmenter")
    args = parser.parse_args(argv)
    try:
        sources = [tuple(s.split("=", 1)) for s in args.sources]
        if any(len(s) != 2 for s in sources):
            raise InputError("each source is LISTING=TEXTS, e.g. labels/news=/work/main/labels/news/texts")
        prov = train(sources, args.out, args.seed, args.enable)
    except (InputError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cv = prov["cv"]
    print(f"units {cv['n_units']} on {cv['n_pages']} pages; CV speaker accuracy off {100 * cv['off']:.1f}")
    for m, acc in cv["on"].items():
        print(f"  margin {m:>5}: on {100 * acc:.1f}")
    print(f"chosen margin: {'never override' if cv['margin'] == NEVER else cv['margin']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
