"""Train the speaker chooser of :mod:`stance.speakerchoice` on listed gold pages, offline.

For every unit the rules find that matches a gold unit (30 % overlap, as the scorer pairs
them), each candidate speaker becomes one row: its features, and whether it is the gold
speaker. A scikit-learn ``LogisticRegression`` (fixed ``random_state``) learns the weights; the
override margin is chosen by page-grouped cross-validation (``GroupKFold`` over pages),
measured as speaker accuracy of the held-out pages with the chooser on against off, on the
"fresh" listings (pages the rules were never tuned on) and the old ones apart; the selection is
made on the fresh pages (:func:`cross_validate`). Only the *tuning* half of each listing is
read, and only aggregate figures are printed. One command::

    python -m stance.speakertrain labels/news=/work/main/labels/news/texts \\
        labels/news2=/work/main/labels/news2/texts labels/news3=/work/main/labels/news3/texts \\
        --fresh labels/news4=/work/main/labels/news4/texts --fresh labels/news5=/work/main/labels/news5/texts

writes ``src/stance/speaker_model.json`` (weights, margin) and
``speaker_model.provenance.json`` beside it (listings, halves, page sha256s, CV figures).
"""

from __future__ import annotations

import argparse
import os
import random
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
VARIANTS = ("all", "gated")  # fit on every matched unit, or only on units that need a choice
OLD_SLACK = 0.005  # the old pages' CV accuracy may fall at most half a point below off


@dataclass(frozen=True)
class Example:
    """One matched unit: its page, candidates with features, the rules' and the gold speaker."""

    page: str
    cands: dict
    rules: str
    gold: str
    fresh: bool = False  # from a listing the rules were never tuned on

    @property
    def gated(self) -> bool:
        """The unit needs a choice: the rules' speaker is not named beside it."""
        return not self.cands.get(self.rules, {}).get("rules_named_here", 0.0)

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


def page_examples(text: str, page: str, gold: list[dict], fresh: bool = False) -> list[Example]:
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
            out.append(Example(page, feats[i], units[i].speaker, g["speaker"], fresh))
    return out


def listing_examples(folder: str | os.PathLike, texts: str | os.PathLike,
                     fresh: bool = False) -> tuple[list[Example], dict]:
    """Examples of a listing's tuning half and ``{page_id: sha256}`` of the pages read."""
    listing = load_listing(folder)
    gold = load_units(listing, texts, (HALF,))
    pages = load_page_texts(listing, texts, (HALF,))
    out = []
    for pid, text in pages.items():
        rows = gold[gold["doc_id"] == pid].to_dict("records")
        out.extend(page_examples(text, pid, rows, fresh))
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
    right = sum(ex.correct(decide(ex, model)) for ex in examples)
    return right / len(examples)


def decide(ex: Example, model: SpeakerModel | None) -> str:
    """The speaker kept for one example: the rules' unless the unit needs a choice and the model overrides."""
    return choose(ex.cands, ex.rules, model) if model is not None and ex.gated else ex.rules


def _fold_predictions(examples: list[Example], margins, n_splits: int, seed: int) -> dict:
    """``{(variant, margin): [right or wrong per example]}`` over page-grouped held-out folds."""
    # lazy: scikit-learn only for offline training
    from sklearn.model_selection import GroupKFold

    groups = [ex.page for ex in examples]
    hits = {(v, m): [False] * len(examples) for v in VARIANTS for m in margins}
    for train_idx, test_idx in GroupKFold(n_splits=n_splits).split(examples, groups=groups):
        pool = [examples[i] for i in train_idx]
        for v in VARIANTS:
            model = fit_model([ex for ex in pool if ex.gated] if v == "gated" else pool, seed=seed)
            for m in margins:
                tuned = SpeakerModel(model.weights, model.bias, m)
                for i in test_idx:
                    hits[(v, m)][i] = examples[i].correct(decide(examples[i], tuned))
    return hits


def _net_ci(examples: list[Example], hits: list, seed: int, n_boot: int = 2000) -> tuple[float, float]:
    """95 % page-bootstrap interval of the net units gained (on right minus off right)."""
    per_page: dict = {}
    for ex, hit in zip(examples, hits):
        per_page[ex.page] = per_page.get(ex.page, 0) + int(hit) - int(ex.correct(ex.rules))
    nets = list(per_page.values())
    if not nets:
        return 0.0, 0.0
    rng = random.Random(seed)
    sums = sorted(sum(rng.choice(nets) for _ in nets) for _ in range(n_boot))
    return float(sums[int(0.025 * n_boot)]), float(sums[int(0.975 * n_boot) - 1])


def cross_validate(examples: list[Example], margins=MARGINS, n_splits: int = 5, seed: int = 0) -> dict:
    """Page-grouped CV over all pages; held-out speaker accuracy off and on, fresh and old pages apart.

    The selection rule, declared before the figures were seen: the variant and margin with the
    best held-out accuracy on the *fresh* pages (those the rules were not written from; all
    pages when none is fresh), provided the old pages' accuracy does not fall more than
    :data:`OLD_SLACK` below off; ties go to the larger margin. :data:`NEVER` when nothing beats
    the rules on the fresh pages.

    Returns
    -------
    dict
        ``n_units``, ``n_pages``, ``off``, ``on`` (margin -> accuracy of the chosen variant),
        ``variant``, ``margin``, ``gain``; ``fresh`` and ``old`` (units, pages, off, on per
        variant and margin); ``fresh_net_units`` and ``fresh_net_ci95`` of the chosen setting.
    """
    groups = [ex.page for ex in examples]
    n_splits = min(n_splits, len(set(groups)))
    hits = _fold_predictions(examples, margins, n_splits, seed)
    fresh_idx = [i for i, ex in enumerate(examples) if ex.fresh]
    old_idx = [i for i, ex in enumerate(examples) if not ex.fresh]
    sel_idx = fresh_idx or list(range(len(examples)))

    def part(idx):
        n = len(idx)
        off = sum(examples[i].correct(examples[i].rules) for i in idx)
        on = {v: {str(m): sum(hits[(v, m)][i] for i in idx) / n for m in margins} for v in VARIANTS} if n else {}
        return {"n_units": n, "n_pages": len({examples[i].page for i in idx}), "off": off / n if n else None,
                "off_right": off, "on": on}

    fresh, old, every = part(fresh_idx), part(old_idx), part(list(range(len(examples))))
    sel = fresh if fresh_idx else every
    choices = [(v, m) for v in VARIANTS for m in sorted(margins, reverse=True)
               if not old_idx or old["on"][v][str(m)] >= old["off"] - OLD_SLACK]
    variant, margin = max(choices, key=lambda c: sel["on"][c[0]][str(c[1])]) if choices else (VARIANTS[0], NEVER)
    if not choices or sel["on"][variant][str(margin)] * sel["n_units"] <= sel["off_right"] + 1e-9:
        margin = NEVER
    chosen = hits[(variant, margin)] if margin != NEVER else [examples[i].correct(examples[i].rules)
                                                              for i in range(len(examples))]
    sel_ex = [examples[i] for i in sel_idx]
    sel_hits = [chosen[i] for i in sel_idx]
    net = sum(sel_hits) - sel["off_right"]
    n = len(examples)
    return {"n_units": n, "n_pages": len(set(groups)), "n_splits": n_splits, "off": every["off"],
            "on": every["on"][variant], "variant": variant, "margin": margin,
            "gain": (sum(chosen) - every["off_right"]) / n if n else 0.0,
            "fresh": fresh, "old": old, "fresh_net_units": net,
            "fresh_net_ci95": list(_net_ci(sel_ex, sel_hits, seed)),
            "old_slack": OLD_SLACK, "coverage_fresh": coverage([examples[i] for i in fresh_idx])}


def coverage(examples: list[Example]) -> dict:
    """Aggregate counts: units, gold among the candidates, rules wrong, and gold among those."""
    wrong = [ex for ex in examples if not ex.correct(ex.rules)]
    return {"n_units": len(examples), "gold_among_candidates": sum(ex.learnable() for ex in examples),
            "needs_choice": sum(ex.gated for ex in examples), "rules_wrong": len(wrong),
            "rules_wrong_gold_among_candidates": sum(ex.learnable() for ex in wrong)}


def train(sources: list[tuple[str, str]], out: str | os.PathLike = MODEL_PATH, seed: int = 0,
          enabled: bool = False, fresh: list[tuple[str, str]] = ()) -> dict:
    """Read the listings' tuning halves, cross-validate, fit on all, write weights and provenance.

    Parameters
    ----------
    sources : list of (listing folder, texts folder)
        Listings the rules were written from ("old" pages).
    out : path
        The weights file; the provenance goes beside it (``<stem>.provenance.json``).
    enabled : bool
        The flag the segmenter reads: run the chooser by default.
    fresh : list of (listing folder, texts folder)
        Listings the rules were never tuned on; the selection measure (read only through
        training and aggregate figures).

    Returns
    -------
    dict
        The provenance written.
    """
    examples, pages, per_listing = [], {}, {}
    for (folder, texts), is_fresh in [(s, False) for s in sources] + [(s, True) for s in fresh]:
        ex, shas = listing_examples(folder, texts, is_fresh)
        examples.extend(ex)
        pages[str(folder)] = shas
        per_listing[str(folder)] = len(ex)
    cv = cross_validate(examples, seed=seed)
    pool = [ex for ex in examples if ex.gated] if cv["variant"] == "gated" else examples
    model = fit_model(pool, margin=cv["margin"], seed=seed)
    out = Path(out)
    write_json(out, {"features": list(FEATURES), "weights": model.weights, "bias": model.bias,
                     "margin": model.margin, "enabled": bool(enabled)})
    command = "python -m stance.speakertrain " + " ".join(f"{f}={t}" for f, t in sources)
    command += "".join(f" --fresh {f}={t}" for f, t in fresh)
    prov = {"what": "speaker chooser (stance.speakerchoice), logistic ranker over candidates",
            "command": command, "half": HALF, "seed": seed, "listings": per_listing,
            "fresh_listings": [str(f) for f, _ in fresh], "pages": pages,
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
    parser.add_argument("--fresh", action="append", default=[], metavar="LISTING=TEXTS",
                        help="a listing the rules were never tuned on (the selection measure), "
                             "e.g. --fresh labels/news5=/work/main/labels/news5/texts")
    args = parser.parse_args(argv)
    try:
        sources = [tuple(s.split("=", 1)) for s in args.sources]
        fresh = [tuple(s.split("=", 1)) for s in args.fresh]
        if any(len(s) != 2 for s in sources + fresh):
            raise InputError("each source is LISTING=TEXTS, e.g. labels/news=/work/main/labels/news/texts")
        prov = train(sources, args.out, args.seed, args.enable, fresh)
    except (InputError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(render_cv(prov["cv"]))
    return 0


def render_cv(cv: dict) -> str:
    """The CV figures as a small table: fresh and old pages, off and on per variant and margin."""
    lines = [f"units {cv['n_units']} on {cv['n_pages']} pages, {cv['n_splits']} page-grouped folds"]
    for name in ("fresh", "old"):
        part = cv[name]
        if not part["n_units"]:
            continue
        lines.append(f"{name}: {part['n_units']} units on {part['n_pages']} pages; off {100 * part['off']:.1f}")
        for v, accs in part["on"].items():
            lines.append(f"  on ({v:>5}): " + "  ".join(f"{m}:{100 * a:.1f}" for m, a in accs.items()))
    margin = "never override" if cv["margin"] == NEVER else f"{cv['margin']} ({cv['variant']})"
    lo, hi = cv["fresh_net_ci95"]
    lines.append(f"chosen margin: {margin}; selection pages net {cv['fresh_net_units']:+d} units, "
                 f"95 % page-bootstrap interval [{lo:+.0f}, {hi:+.0f}]")
    c = cv["coverage_fresh"]
    if c["n_units"]:
        lines.append(f"fresh coverage: gold among candidates {c['gold_among_candidates']}/{c['n_units']}; "
                     f"rules wrong {c['rules_wrong']}, gold among candidates for "
                     f"{c['rules_wrong_gold_among_candidates']}; needs a choice {c['needs_choice']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
