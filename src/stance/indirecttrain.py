"""Train the learned finder of reported speech (:mod:`stance.learned`) and write its weights.

``python -m stance.indirecttrain --listing labels/news --texts /path/to/news/texts ...
--out src/stance/indirectweights.json`` reads the TUNING half of each listing (never the test
half), runs the rules on every page, collects the finder's candidates and labels each one
positive when it covers at least 80 % of a gold indirect unit (the overlap of
:mod:`stance.segscore`). C, the example weights, the feature set and the threshold are chosen by
page-grouped cross-validation that scores the whole segmenter on the held-out pages with the
finder off and on, on the FRESH listings' pages (``--fresh-listing``: batches the rules were never
tuned on) with the old pages' F1@80 kept within :data:`MAX_OLD_DROP` of the rules alone; the chosen
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
FRESH_WEIGHT_GRID = (1.0, 2.0)
THRESHOLD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# feature sets by the prefixes they leave out
FEATURE_SETS = {"all": (), "no_pairs": ("lemma_how=", "subj_head=")}
N_FOLDS = 5
MAX_OLD_DROP = 0.003  # the old pages' F1@80 may fall this much below the rules alone


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
    fresh: bool = False  # from a batch the rules were never tuned on


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


def load_pages(listings: list[str], texts: list[str], fresh: tuple[bool, ...] = ()) -> tuple[list[Page], list[dict]]:
    """The tuning pages of every listing, and what was read (for the provenance). ``fresh``
    marks the listings the rules were never tuned on (default: none)."""
    pages, read = [], []
    fresh = tuple(fresh) + (False,) * (len(listings) - len(fresh))
    for folder, tdir, new in zip(listings, texts, fresh):
        listing = load_listing(folder)
        gold = load_units(listing, tdir, ("tuning",))
        by_doc: dict[str, list[dict]] = {}
        for row in gold.to_dict("records"):
            by_doc.setdefault(row["doc_id"], []).append(row)
        page_texts = load_page_texts(listing, tdir, ("tuning",))
        for pid, text in page_texts.items():
            page = page_candidates(pid, text, by_doc.get(pid, []))
            page.fresh = new
            pages.append(page)
        read.append({"listing": folder, "half": "tuning", "fresh": new,
                     "n_candidates": sum(len(p.cands) for p in pages if p.doc_id in page_texts),
                     "n_positive": sum(sum(p.labels) for p in pages if p.doc_id in page_texts),
                     "pages": {pid: sha256_text(t) for pid, t in sorted(page_texts.items())}})
    return pages, read


def fit(pages: list[Page], c: float, open_weight: float = 1.0, fresh_weight: float = 1.0,
        drop: tuple[str, ...] = ()):
    """A DictVectorizer + LogisticRegression pipeline fitted on the pages' candidates.

    ``open_weight`` weighs candidates where the rules found nothing, ``fresh_weight`` those of
    fresh pages; features starting with a prefix of ``drop`` are left out.
    """
    # lazy: scikit-learn only for training, never on the segmenter's path
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    x = [dict.fromkeys((f for f in cand.features if not f.startswith(drop)), 1) for p in pages for cand in p.cands]
    y = [lab for p in pages for lab in p.labels]
    model = make_pipeline(DictVectorizer(), LogisticRegression(C=c, max_iter=2000, random_state=SEED))
    if len(set(y)) < 2:
        return None
    weight = [(open_weight if o else 1.0) * (fresh_weight if p.fresh else 1.0) for p in pages for o in p.open_]
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


def _grid() -> list[dict]:
    return [{"C": c, "w": ow, "f": fw, "feats": fs} for c in C_GRID for ow in OPEN_WEIGHT_GRID
            for fw in FRESH_WEIGHT_GRID for fs in FEATURE_SETS]


def _key(cfg: dict, t: float) -> str:
    return f"C={cfg['C']} w={cfg['w']} f={cfg['f']} feats={cfg['feats']} t={t}"


def parse_key(key: str) -> dict:
    """The settings a grid key names: ``{"C": 0.1, "w": 1.0, "f": 1.0, "feats": "all", "t": 0.8}``."""
    parts = dict(part.split("=", 1) for part in key.split())
    return {k: (v if k == "feats" else float(v)) for k, v in parts.items()}


def _split_figures(rows: dict[int, list], pages: list[Page]) -> dict:
    """Figures over all held-out pages, the fresh ones and the old ones."""
    out = {}
    for name, keep in (("all", lambda p: True), ("fresh", lambda p: p.fresh), ("old", lambda p: not p.fresh)):
        chosen = [i for i, p in enumerate(pages) if keep(p)]
        if chosen:
            out[name] = _figures(score_quotes([r for i in chosen for r in rows[i]],
                                              [g for i in chosen for g in pages[i].gold]))
    return out


def _folds(pages: list[Page], n_folds: int) -> list[list[int]]:
    """Page folds, fresh and old pages dealt out separately (sorted by page id) so that every
    fold holds its share of each."""
    folds: list[list[int]] = [[] for _ in range(n_folds)]
    for fresh in (False, True):
        group = sorted((i for i, p in enumerate(pages) if p.fresh == fresh), key=lambda i: pages[i].doc_id)
        for k, i in enumerate(group):
            folds[k % n_folds].append(i)
    return [f for f in folds if f]


def cross_validate(pages: list[Page], n_folds: int = N_FOLDS) -> dict:
    """Page-grouped CV: the segmenter's figures on held-out pages, finder off and on, for
    every setting of the grids (``on``: all pages; ``fresh``/``old``: each kind of page)."""
    folds = _folds(pages, n_folds)
    off_rows = {i: [q.to_row("x") for q in segment_with(p.text, p.doc_id, None, None)] for i, p in enumerate(pages)}
    off = _split_figures(off_rows, pages)
    results = {"off": off["all"], "on": {}, "split_off": off, "split_on": {}}
    done: dict[tuple, list] = {}  # (page, accepted candidates) -> its units: most models add nothing
    for cfg in _grid():
        drop = FEATURE_SETS[cfg["feats"]]
        rows: dict[float, dict[int, list]] = {t: {} for t in THRESHOLD_GRID}
        for held in folds:
            train_ = [pages[i] for i in range(len(pages)) if i not in set(held)]
            model = fit(train_, cfg["C"], cfg["w"], cfg["f"], drop)
            w, b = weights_of(model) if model is not None else ({}, -10.0)
            for i in held:
                p = pages[i]
                free = [c for c, o in zip(p.cands, p.open_) if o]
                for t in THRESHOLD_GRID:
                    kept = tuple(id(c) for c in learned.accept(free, w, b, t))
                    if not kept:
                        rows[t][i] = off_rows[i]
                        continue
                    if (i, kept) not in done:
                        done[i, kept] = [q.to_row("x") for q in segment_with(p.text, p.doc_id, p.cands, (w, b, t))]
                    rows[t][i] = done[i, kept]
        for t in THRESHOLD_GRID:
            split = _split_figures(rows[t], pages)
            results["on"][_key(cfg, t)] = split["all"]
            results["split_on"][_key(cfg, t)] = split
    return results


def select(cv: dict, max_old_drop: float = MAX_OLD_DROP) -> str:
    """The grid key chosen: the best F1@80 on the fresh pages' held-out folds (then exact F1,
    then old pages' F1@80) among the settings whose F1@80 on the old pages falls at most
    ``max_old_drop`` below the rules alone; the best overall F1@80 when no page is fresh."""
    split_off, split_on = cv["split_off"], cv["split_on"]
    if "fresh" not in split_off:
        return max(cv["on"], key=lambda k: (cv["on"][k]["f1_80"], cv["on"][k]["exact_f1"]))
    floor = split_off["old"]["f1_80"] - max_old_drop if "old" in split_off else -1.0
    ok = [k for k, v in split_on.items() if v.get("old", {"f1_80": 1.0})["f1_80"] >= floor - 1e-9]
    return max(ok or list(split_on), key=lambda k: (split_on[k]["fresh"]["f1_80"], split_on[k]["fresh"]["exact_f1"],
                                                   split_on[k].get("old", split_on[k]["fresh"])["f1_80"]))


def write_weights(out: str | Path, weights: dict, bias: float, threshold: float, enabled: bool, provenance: dict) -> None:
    """Write the weights file that :mod:`stance.learned` reads (JSON, shipped as package data)."""
    model = {"enabled": enabled, "threshold": threshold, "bias": bias, "weights": weights, "provenance": provenance}
    write_json(out, model)


def train(listings: list[str], texts: list[str], out: str | Path, enabled: bool = False, n_folds: int = N_FOLDS,
          fresh: tuple[bool, ...] = ()) -> dict:
    """Cross-validate, choose the settings by :func:`select`, refit on all pages, write.

    Returns
    -------
    dict
        The provenance written next to the weights.
    """
    pages, read = load_pages(listings, texts, fresh)
    cv = cross_validate(pages, n_folds)
    best = select(cv)
    cfg = parse_key(best)
    model = fit(pages, cfg["C"], cfg["w"], cfg["f"], FEATURE_SETS[cfg["feats"]])
    weights, bias = weights_of(model) if model is not None else ({}, -10.0)
    provenance = {
        "command": "python -m stance.indirecttrain " + " ".join(sys.argv[1:]) if sys.argv[1:] else "train()",
        "read": read, "n_pages": len(pages), "n_fresh_pages": sum(p.fresh for p in pages),
        "n_candidates": sum(len(p.cands) for p in pages), "n_positive": sum(sum(p.labels) for p in pages),
        "seed": SEED, "folds": n_folds,
        "selection": f"max F1@80 on the fresh pages' held-out folds, old pages' F1@80 at most {MAX_OLD_DROP} "
                     "below the rules alone",
        "chosen": {"C": cfg["C"], "open_weight": cfg["w"], "fresh_weight": cfg["f"], "features": cfg["feats"],
                   "dropped": list(FEATURE_SETS[cfg["feats"]]), "threshold": cfg["t"]},
        "cv_off": cv["split_off"], "cv_on": cv["split_on"][best], "cv_grid": cv["split_on"],
    }
    write_weights(out, weights, bias, cfg["t"], enabled, provenance)
    return provenance


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stance.indirecttrain",
        description="Train the learned finder of reported speech on the tuning halves of listings. "
                    "Example: python -m stance.indirecttrain --listing labels/news --texts "
                    "../main/labels/news/texts --fresh-listing labels/news4 --fresh-texts "
                    "../main/labels/news4/texts --out src/stance/indirectweights.json")
    parser.add_argument("--listing", action="append", required=True, help="a listing folder (repeat for several)")
    parser.add_argument("--texts", action="append", required=True, help="its page texts (one per --listing)")
    parser.add_argument("--fresh-listing", action="append", default=[],
                        help="a listing the rules were never tuned on (repeat; selection is on these)")
    parser.add_argument("--fresh-texts", action="append", default=[], help="its page texts (one per --fresh-listing)")
    parser.add_argument("--out", required=True, help="the weights file to write (JSON)")
    parser.add_argument("--enable", action="store_true", help="switch the finder on in the written file")
    parser.add_argument("--folds", type=int, default=N_FOLDS, help="cross-validation folds (default 5)")
    args = parser.parse_args(argv)
    if len(args.listing) != len(args.texts) or len(args.fresh_listing) != len(args.fresh_texts):
        parser.error("give one --texts per --listing and one --fresh-texts per --fresh-listing")
    fresh = (False,) * len(args.listing) + (True,) * len(args.fresh_listing)
    prov = train(args.listing + args.fresh_listing, args.texts + args.fresh_texts, args.out, args.enable,
                 args.folds, fresh)
    print(json.dumps({"off": prov["cv_off"], "on": prov["cv_on"], "chosen": prov["chosen"],
                      "n_candidates": prov["n_candidates"], "n_positive": prov["n_positive"]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
