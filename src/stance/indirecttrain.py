"""Train the learned finder of reported speech (:mod:`stance.learned`) and write its weights.

``python -m stance.indirecttrain --listing labels/news --texts /path/to/news/texts ...
--out src/stance/indirectweights.json`` reads the TUNING half of each listing (never the test
half), runs the rules on every page, collects the finder's candidates and labels each one
positive when it covers at least 80 % of a gold indirect unit (the overlap of
:mod:`stance.segscore`). Features and threshold are chosen by page-grouped cross-validation
that scores the whole segmenter on the held-out pages with the finder off and on; the chosen
model is refitted on every page and written as a JSON file of weights with its provenance
(listings, page sha256s, candidate counts, the cross-validated figures).

The segmenter never imports this module or scikit-learn.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from . import learned
from .pagecorpus import load_listing, load_page_texts, load_units, sha256_text
from .segment import MAX_BLOCK, MAX_PARAGRAPH, Quote, _Segmenter, segment_text
from .segscore import _overlap, score_quotes
from .tables import write_json
from .wrap import rejoin_wrapped, truncated_end

SEED = 0
C_GRID = (0.1, 0.3, 1.0)
OPEN_WEIGHT_GRID = (1.0, 3.0)
THRESHOLD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
N_FOLDS = 5


class _Hooked(_Segmenter):
    """The segmenter with its learned step replaced: it records the candidates, or adds the
    accepted ones of a given model (weights, bias, threshold)."""

    def __init__(self, text: str, doc_id: str, cands: list | None = None, model: tuple | None = None) -> None:
        super().__init__(text, doc_id)
        self.cands, self.model = cands, model

    def _learned_units(self, headlines: set) -> None:
        if self.cands is None:  # every candidate, covered or not: the training examples
            self.cands = learned.find_candidates(self.text, self.paras, self.units, self.doc, headlines,
                                                 skip_covered=False)
        if self.model is not None:
            for c in learned.accept(learned.uncovered(self.cands, self.units), *self.model):
                self.add(0, c.start, c.end, "indirect", c.speaker, c.para_idx)


@dataclass
class Page:
    """One tuning page: its text, gold rows and the finder's candidates with their labels."""

    doc_id: str
    text: str
    gold: list[dict]
    cands: list
    labels: list[int]
    open_: list[bool]  # the candidate lies where the rules found nothing (the finder's ground)


def _plain(text: str) -> str | None:
    """The text as :func:`stance.segment.segment_text` reads it on its ordinary path, or None
    for texts it cuts into blocks (the finder is not trained or scored on those)."""
    if len(text) > MAX_BLOCK:
        return None
    work = rejoin_wrapped(text)
    if len(work) <= MAX_PARAGRAPH or ("\n" in work and max(map(len, work.split("\n"))) <= MAX_PARAGRAPH):
        return work
    return None


def segment_with(text: str, doc_id: str, cands: list | None, model: tuple | None) -> list[Quote]:
    """The segmenter's units of one page with the given model (None: the finder off)."""
    work = _plain(text)
    if work is None:
        return segment_text(text, doc_id)
    quotes = _Hooked(work, doc_id, cands if cands is not None else [], model).run()
    cut = truncated_end(text)
    if cut is not None:
        quotes = [q for q in quotes if q.end < cut - 1]
    return [Quote(doc_id, q.start, q.end, q.kind, q.speaker, q.speaker_role, text[q.start:q.end], q.speaker_type)
            for q in quotes]


def page_candidates(doc_id: str, text: str, gold: list[dict]) -> Page:
    """The finder's candidates of one page, each labelled by the gold indirect units."""
    work = _plain(text)
    cands: list = []
    open_: list[bool] = []
    if work is not None:
        seg = _Hooked(work, doc_id)
        seg.run()
        cands = seg.cands or []
        free = {id(c) for c in learned.uncovered(cands, seg.units)}
        open_ = [id(c) in free for c in cands]
    indirect = [g for g in gold if g["kind"] == "indirect"]
    labels = [int(any(_overlap(g, {"start": c.start, "end": c.end}) >= 0.8 - 1e-12 for g in indirect)) for c in cands]
    return Page(doc_id, text, gold, cands, labels, open_)


def load_pages(listings: list[str], texts: list[str]) -> tuple[list[Page], list[dict]]:
    """The tuning pages of every listing, and what was read (for the provenance)."""
    pages, read = [], []
    for folder, tdir in zip(listings, texts):
        listing = load_listing(folder)
        gold = load_units(listing, tdir, ("tuning",))
        by_doc: dict[str, list[dict]] = {}
        for row in gold.to_dict("records"):
            by_doc.setdefault(row["doc_id"], []).append(row)
        page_texts = load_page_texts(listing, tdir, ("tuning",))
        for pid, text in page_texts.items():
            pages.append(page_candidates(pid, text, by_doc.get(pid, [])))
        read.append({"listing": folder, "half": "tuning",
                     "pages": {pid: sha256_text(t) for pid, t in sorted(page_texts.items())}})
    return pages, read


def fit(pages: list[Page], c: float, open_weight: float = 1.0):
    """A DictVectorizer + LogisticRegression pipeline fitted on the pages' candidates."""
    # lazy: scikit-learn only for training, never on the segmenter's path
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    x = [dict.fromkeys(cand.features, 1) for p in pages for cand in p.cands]
    y = [lab for p in pages for lab in p.labels]
    model = make_pipeline(DictVectorizer(), LogisticRegression(C=c, max_iter=2000, random_state=SEED))
    if len(set(y)) < 2:
        return None
    weight = [open_weight if o else 1.0 for p in pages for o in p.open_]
    return model.fit(x, y, logisticregression__sample_weight=weight)


def weights_of(pipeline) -> tuple[dict[str, float], float]:
    """Feature name -> weight, and the bias, of a fitted pipeline (zero weights left out)."""
    vec, clf = pipeline[0], pipeline[-1]
    coef = clf.coef_[0]
    weights = {name: round(float(coef[i]), 6) for name, i in vec.vocabulary_.items() if abs(coef[i]) > 1e-9}
    return dict(sorted(weights.items())), round(float(clf.intercept_[0]), 6)


def _figures(scores: dict) -> dict:
    o, ind = scores["overall"], scores["indirect"]
    return {"f1_80": round(o["overlap80"]["f1"], 4), "recall_80": round(o["overlap80"]["recall"], 4),
            "precision_80": round(o["overlap80"]["precision"], 4), "exact_f1": round(o["exact"]["f1"], 4),
            "speaker_acc": round(o["speaker_accuracy"] or 0.0, 4),
            "indirect_recall_80": round(ind["overlap80"]["recall"], 4)}


def cross_validate(pages: list[Page], n_folds: int = N_FOLDS) -> dict:
    """Page-grouped CV: the segmenter's figures on held-out pages, finder off and on, for
    every (C, threshold) of the grids."""
    # lazy: scikit-learn only for training
    from sklearn.model_selection import GroupKFold

    idx = list(range(len(pages)))
    folds = list(GroupKFold(n_splits=n_folds).split(idx, groups=[p.doc_id for p in pages]))
    gold = [g for p in pages for g in p.gold]
    off = [q.to_row("x") for p in pages for q in segment_with(p.text, p.doc_id, None, None)]
    results = {"off": _figures(score_quotes(off, gold)), "on": {}}
    for c, ow in ((c, ow) for c in C_GRID for ow in OPEN_WEIGHT_GRID):
        preds: dict[float, list] = {t: [] for t in THRESHOLD_GRID}
        for train, held in folds:
            model = fit([pages[i] for i in train], c, ow)
            w, b = weights_of(model) if model is not None else ({}, -10.0)
            for i in held:
                p = pages[i]
                for t in THRESHOLD_GRID:
                    preds[t].extend(q.to_row("x") for q in segment_with(p.text, p.doc_id, p.cands, (w, b, t)))
        for t in THRESHOLD_GRID:
            results["on"][f"C={c} w={ow} t={t}"] = _figures(score_quotes(preds[t], gold))
    return results


def write_weights(out: str | Path, weights: dict, bias: float, threshold: float, enabled: bool, provenance: dict) -> None:
    """Write the weights file that :mod:`stance.learned` reads (JSON, shipped as package data)."""
    model = {"enabled": enabled, "threshold": threshold, "bias": bias, "weights": weights, "provenance": provenance}
    write_json(out, model)


def train(listings: list[str], texts: list[str], out: str | Path, enabled: bool = False, n_folds: int = N_FOLDS) -> dict:
    """Cross-validate, choose (C, threshold) by held-out F1@80, refit on all pages, write.

    Returns
    -------
    dict
        The provenance written next to the weights.
    """
    pages, read = load_pages(listings, texts)
    cv = cross_validate(pages, n_folds)
    best = max(cv["on"], key=lambda k: (cv["on"][k]["f1_80"], cv["on"][k]["exact_f1"]))
    c, ow, t = (float(part.split("=")[1]) for part in best.split())
    model = fit(pages, c, ow)
    weights, bias = weights_of(model) if model is not None else ({}, -10.0)
    provenance = {
        "command": "python -m stance.indirecttrain " + " ".join(sys.argv[1:]) if sys.argv[1:] else "train()",
        "read": read, "n_pages": len(pages), "n_candidates": sum(len(p.cands) for p in pages),
        "n_positive": sum(sum(p.labels) for p in pages), "seed": SEED, "folds": n_folds,
        "chosen": {"C": c, "open_weight": ow, "threshold": t}, "cv_off": cv["off"], "cv_on": cv["on"][best], "cv_grid": cv["on"],
    }
    write_weights(out, weights, bias, t, enabled, provenance)
    return provenance


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stance.indirecttrain",
        description="Train the learned finder of reported speech on the tuning halves of listings. "
                    "Example: python -m stance.indirecttrain --listing labels/news --texts "
                    "../main/labels/news/texts --out src/stance/indirectweights.json")
    parser.add_argument("--listing", action="append", required=True, help="a listing folder (repeat for several)")
    parser.add_argument("--texts", action="append", required=True, help="its page texts (one per --listing)")
    parser.add_argument("--out", required=True, help="the weights file to write (JSON)")
    parser.add_argument("--enable", action="store_true", help="switch the finder on in the written file")
    parser.add_argument("--folds", type=int, default=N_FOLDS, help="cross-validation folds (default 5)")
    args = parser.parse_args(argv)
    if len(args.listing) != len(args.texts):
        parser.error("give one --texts per --listing")
    prov = train(args.listing, args.texts, args.out, args.enable, args.folds)
    print(json.dumps({"off": prov["cv_off"], "on": prov["cv_on"], "chosen": prov["chosen"],
                      "n_candidates": prov["n_candidates"], "n_positive": prov["n_positive"]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
