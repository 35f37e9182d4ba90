"""Score predicted speech units against a gold ``quotes.csv`` table.

A predicted unit matches a gold unit of the same article when it covers at least a given share
of the *gold* span's characters (30 % and 80 % are reported, as in the Gender Gap Tracker's
quote-extraction evaluation, plus exact spans). Predictions and gold units are paired one to one
within an article, greedily by largest overlap. Per-kind recall counts gold units of that kind;
per-kind precision counts predicted units of that kind. Speaker accuracy is the share of units
matched at 30 % whose canonical speaker names agree after case and whitespace normalisation.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

import numpy as np

from .errors import InputError
from .stats import percentile_ci

THRESHOLDS = {"overlap30": 0.3, "overlap80": 0.8}
_NEEDED = ("doc_id", "start", "end", "kind", "speaker")
_GROUPS = ("overall", "direct", "indirect")


def _rows(table: Any, what: str) -> list[dict]:
    """Accept a list of dicts or a pandas DataFrame; check and normalise the columns."""
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        records = table.to_dict("records")
        columns = set(table.columns)
    else:
        records = list(table)
        columns = set().union(*(r.keys() for r in records)) if records else set(_NEEDED)
    missing = [c for c in _NEEDED if c not in columns]
    if missing:
        raise InputError(
            f"{what} table lacks column(s) {', '.join(missing)}; expected the quotes.csv columns "
            "quote_id,doc_id,start,end,kind,speaker,speaker_role,text"
        )
    out = []
    for i, r in enumerate(records, 1):
        try:
            start, end = int(r["start"]), int(r["end"])
        except (TypeError, ValueError):
            raise InputError(
                f"{what} row {i}: start/end must be whole numbers, got {r.get('start')!r}/{r.get('end')!r}"
            ) from None
        if end <= start:
            raise InputError(f"{what} row {i}: end ({end}) must be greater than start ({start})")
        kind = str(r.get("kind") or "").strip().lower()
        speaker = r.get("speaker")
        speaker = "" if speaker is None or speaker != speaker else str(speaker)  # NaN -> ""
        out.append(
            {
                "doc_id": str(r["doc_id"]),
                "start": start,
                "end": end,
                "kind": kind,
                "speaker": speaker,
                "text": r.get("text", ""),
                "speaker_type": str(r.get("speaker_type") or ""),
                "row": i,
            }
        )
    return out


def normalise_speaker(name: str) -> str:
    """Case- and whitespace-insensitive form used to compare speaker names."""
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


def _overlap(gold: dict, pred: dict) -> float:
    inter = min(gold["end"], pred["end"]) - max(gold["start"], pred["start"])
    return max(0, inter) / (gold["end"] - gold["start"])


def match_units(pred: Any, gold: Any) -> tuple[list[tuple[dict, dict, float]], list[dict], list[dict]]:
    """Pair predicted and gold units one to one within each article, largest overlap first.

    Returns
    -------
    (pairs, gold_rows, pred_rows)
        ``pairs`` holds (gold, pred, overlap) with overlap > 0; overlap is the share of the
        gold span covered by the prediction.
    """
    gold_rows = _rows(gold, "gold")
    pred_rows = _rows(pred, "predicted")
    by_doc: dict[str, tuple[list, list]] = {}
    for g in gold_rows:
        by_doc.setdefault(g["doc_id"], ([], []))[0].append(g)
    for p in pred_rows:
        by_doc.setdefault(p["doc_id"], ([], []))[1].append(p)
    pairs = []
    for doc_id in sorted(by_doc):
        gs, ps = by_doc[doc_id]
        cands = []
        for gi, g in enumerate(gs):
            for pi, p in enumerate(ps):
                ov = _overlap(g, p)
                if ov > 0:
                    cands.append((-ov, g["start"], p["start"], gi, pi))
        cands.sort()
        used_g, used_p = set(), set()
        for neg, _, _, gi, pi in cands:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gs[gi], ps[pi], -neg))
    return pairs, gold_rows, pred_rows


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp_r}


def score_quotes(pred: Any, gold: Any) -> dict:
    """Precision, recall and F1 of speech-unit spans, and speaker accuracy.

    Parameters
    ----------
    pred, gold : list of dict or pandas.DataFrame
        Tables in the ``quotes.csv`` schema (``doc_id, start, end, kind, speaker`` are used).

    Returns
    -------
    dict
        ``{"overall"|"direct"|"indirect": {"n_gold", "n_pred", "overlap30", "overlap80",
        "exact", "speaker_accuracy", "speaker_n"}}``; each of ``overlap30``/``overlap80``/
        ``exact`` is ``{"precision", "recall", "f1", "tp"}``. ``speaker_accuracy`` is None
        when no unit matched.
    """
    pairs, gold_rows, pred_rows = match_units(pred, gold)
    out: dict = {}
    for group in _GROUPS:
        def in_g(row: dict) -> bool:
            return group == "overall" or row["kind"] == group

        n_gold = sum(1 for g in gold_rows if in_g(g))
        n_pred = sum(1 for p in pred_rows if in_g(p))
        res: dict = {"n_gold": n_gold, "n_pred": n_pred}
        tests = {name: (lambda g, p, ov, t=t: ov >= t - 1e-12) for name, t in THRESHOLDS.items()}
        tests["exact"] = lambda g, p, ov: g["start"] == p["start"] and g["end"] == p["end"]
        for name, ok in tests.items():
            hits = [(g, p) for g, p, ov in pairs if ok(g, p, ov)]
            tp_r = sum(1 for g, _ in hits if in_g(g))
            tp_p = sum(1 for _, p in hits if in_g(p))
            res[name] = _prf(tp_p, n_pred, tp_r, n_gold)
        matched = [(g, p) for g, p, ov in pairs if ov >= THRESHOLDS["overlap30"] - 1e-12 and in_g(g)]
        same = sum(1 for g, p in matched if normalise_speaker(g["speaker"]) == normalise_speaker(p["speaker"]))
        res["speaker_n"] = len(matched)
        res["speaker_accuracy"] = same / len(matched) if matched else None
        out[group] = res
    return out


def quote_errors(pred: Any, gold: Any, threshold: float = 0.3) -> list[dict]:
    """List what went wrong, for debugging: missed gold units, spurious predictions,
    partial matches (below 80 % overlap) and speaker mismatches.

    Returns
    -------
    list of dict
        Each with ``error`` (``missed``, ``spurious``, ``partial``, ``speaker``), ``doc_id``,
        the gold and predicted spans/speakers/texts where they exist, and ``overlap``.
    """
    pairs, gold_rows, pred_rows = match_units(pred, gold)
    good = [(g, p, ov) for g, p, ov in pairs if ov >= threshold - 1e-12]
    hit_g = {id(g) for g, _, _ in good}
    hit_p = {id(p) for _, p, _ in good}
    errors = []

    def row(kind: str, g: dict | None, p: dict | None, ov: float | None) -> dict:
        return {
            "error": kind,
            "doc_id": (g or p)["doc_id"],
            "gold_span": (g["start"], g["end"]) if g else None,
            "pred_span": (p["start"], p["end"]) if p else None,
            "gold_kind": g["kind"] if g else "",
            "pred_kind": p["kind"] if p else "",
            "gold_speaker": g["speaker"] if g else "",
            "pred_speaker": p["speaker"] if p else "",
            "gold_text": g["text"] if g else "",
            "pred_text": p["text"] if p else "",
            "overlap": ov,
        }

    for g in gold_rows:
        if id(g) not in hit_g:
            errors.append(row("missed", g, None, None))
    for p in pred_rows:
        if id(p) not in hit_p:
            errors.append(row("spurious", None, p, None))
    for g, p, ov in good:
        if ov < THRESHOLDS["overlap80"] - 1e-12 or (g["start"], g["end"]) != (p["start"], p["end"]):
            errors.append(row("partial", g, p, ov))
        if normalise_speaker(g["speaker"]) != normalise_speaker(p["speaker"]):
            errors.append(row("speaker", g, p, ov))
    errors.sort(key=lambda e: (e["doc_id"], (e["gold_span"] or e["pred_span"])[0]))
    return errors


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{100 * x:5.1f}"


def format_scores(scores: dict) -> str:
    """A small readable table of :func:`score_quotes` output."""
    head = (
        f"{'':9} {'gold':>5} {'pred':>5} | {'P30':>5} {'R30':>5} {'F30':>5} | "
        f"{'P80':>5} {'R80':>5} {'F80':>5} | {'Pex':>5} {'Rex':>5} {'Fex':>5} | {'speaker':>7}"
    )
    lines = [head, "-" * len(head)]
    for group in _GROUPS:
        s = scores.get(group)
        if not s:
            continue
        cells = []
        for name in ("overlap30", "overlap80", "exact"):
            t = s[name]
            cells.append(f"{_pct(t['precision'])} {_pct(t['recall'])} {_pct(t['f1'])}")
        lines.append(
            f"{group:9} {s['n_gold']:5d} {s['n_pred']:5d} | " + " | ".join(cells)
            + f" | {_pct(s['speaker_accuracy']):>7}"
        )
    return "\n".join(lines)


def format_errors(errors: Iterable[dict], width: int = 90) -> str:
    """One or two lines per error from :func:`quote_errors`."""

    def short(t: str) -> str:
        t = re.sub(r"\s+", " ", t or "")
        return t if len(t) <= width else t[: width - 3] + "..."

    lines = []
    for e in errors:
        span = e["gold_span"] or e["pred_span"]
        head = f"{e['error']:8} {e['doc_id']} {span[0]}-{span[1]}"
        if e["error"] == "missed":
            lines.append(f"{head} [{e['gold_kind']}, {e['gold_speaker']}] {short(e['gold_text'])}")
        elif e["error"] == "spurious":
            lines.append(f"{head} [{e['pred_kind']}, {e['pred_speaker']}] {short(e['pred_text'])}")
        elif e["error"] == "speaker":
            lines.append(f"{head} gold {e['gold_speaker']!r} != predicted {e['pred_speaker']!r}")
        else:
            lines.append(f"{head} overlap {e['overlap']:.2f}; predicted {e['pred_span']}: {short(e['pred_text'])}")
    return "\n".join(lines)


def score_segments(pred: Any, gold: Any) -> dict:
    """Score a predicted quotes table against a gold one; same as :func:`score_quotes`."""
    return score_quotes(pred, gold)


# ---------------------------------------------------------------------------------------------
# Per-page counts, so that scores can be bootstrapped over pages and broken down by speaker type.

SPEAKER_TYPE_GROUPS = ("person", "organisation", "group", "unnamed")
_TESTS = ("overlap30", "overlap80", "exact")


def _group_of(row: dict, group: str) -> bool:
    if group == "overall":
        return True
    if group in ("direct", "indirect"):
        return row["kind"] == group
    return row.get("speaker_type", "") == group.split(":", 1)[1]


def page_counts(pred: Any, gold: Any, doc_ids: Iterable[str] = (),
                groups: Iterable[str] = _GROUPS + tuple(f"type:{t}" for t in SPEAKER_TYPE_GROUPS)) -> dict:
    """Counts behind every score, per page: ``{doc_id: {group: {count: n}}}``.

    Counts are ``n_gold``, ``n_pred``, ``<test>_tp_r`` / ``<test>_tp_p`` (gold and predicted
    units of the group matched under the test), ``speaker_n`` and ``speaker_same``. Groups are
    ``overall``, the kinds and ``type:<speaker_type>`` (recall by the gold unit's type, precision
    by the predicted unit's type). Pages in ``doc_ids`` with no unit at all are kept (a
    bootstrap must be able to draw them).
    """
    groups = tuple(groups)
    pairs, gold_rows, pred_rows = match_units(pred, gold)
    empty = {g: dict.fromkeys(["n_gold", "n_pred", "speaker_n", "speaker_same"]
                              + [f"{t}_tp_{x}" for t in _TESTS for x in "rp"], 0) for g in groups}
    out: dict = {d: {g: dict(c) for g, c in empty.items()} for d in doc_ids}

    def counts(doc: str) -> dict:
        if doc not in out:
            out[doc] = {g: dict(c) for g, c in empty.items()}
        return out[doc]

    for g_row in gold_rows:
        c = counts(g_row["doc_id"])
        for grp in groups:
            if _group_of(g_row, grp):
                c[grp]["n_gold"] += 1
    for p_row in pred_rows:
        c = counts(p_row["doc_id"])
        for grp in groups:
            if _group_of(p_row, grp):
                c[grp]["n_pred"] += 1
    for g_row, p_row, ov in pairs:
        c = counts(g_row["doc_id"])
        ok = {"overlap30": ov >= THRESHOLDS["overlap30"] - 1e-12, "overlap80": ov >= THRESHOLDS["overlap80"] - 1e-12,
              "exact": (g_row["start"], g_row["end"]) == (p_row["start"], p_row["end"])}
        same = normalise_speaker(g_row["speaker"]) == normalise_speaker(p_row["speaker"])
        for grp in groups:
            in_g, in_p = _group_of(g_row, grp), _group_of(p_row, grp)
            for t in _TESTS:
                if ok[t]:
                    c[grp][f"{t}_tp_r"] += in_g
                    c[grp][f"{t}_tp_p"] += in_p
            if ok["overlap30"] and in_g:
                c[grp]["speaker_n"] += 1
                c[grp]["speaker_same"] += same
    return out


def scores_from_counts(counts: dict) -> dict:
    """Scores (as :func:`score_quotes`) of summed counts ``{group: {count: n}}``."""
    out = {}
    for grp, c in counts.items():
        res: dict = {"n_gold": c["n_gold"], "n_pred": c["n_pred"]}
        for t in _TESTS:
            res[t] = _prf(c[f"{t}_tp_p"], c["n_pred"], c[f"{t}_tp_r"], c["n_gold"])
        res["speaker_n"] = c["speaker_n"]
        res["speaker_accuracy"] = c["speaker_same"] / c["speaker_n"] if c["speaker_n"] else None
        out[grp] = res
    return out


def _sum_counts(per_page: dict, pages: Iterable[str]) -> dict:
    total: dict = {}
    for d in pages:
        for grp, c in per_page[d].items():
            tg = total.setdefault(grp, dict.fromkeys(c, 0))
            for k, v in c.items():
                tg[k] += v
    return total


def bootstrap_scores(per_page: dict, n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> dict:
    """Point scores with page-bootstrap intervals.

    Pages are drawn with replacement ``n_boot`` times; each draw's counts are summed and
    scored, and the percentile interval of each score is attached beside it as
    ``<score>_ci95`` (``precision``, ``recall``, ``f1`` of each test and ``speaker_accuracy``),
    plus ``indirect_minus_direct`` (recall and F1 at 80 %) with its interval.

    Returns
    -------
    dict
        ``{group: scores}`` as :func:`scores_from_counts`, intervals added, and
        ``"n_pages"``.
    """

    docs = sorted(per_page)
    point = scores_from_counts(_sum_counts(per_page, docs))
    samples: dict = {}
    rng = np.random.default_rng(seed)
    for _ in range(n_boot if docs else 0):
        pick = [docs[i] for i in rng.integers(0, len(docs), len(docs))]
        sc = scores_from_counts(_sum_counts(per_page, pick))
        for grp, res in sc.items():
            for t in _TESTS:
                for k in ("precision", "recall", "f1"):
                    samples.setdefault((grp, t, k), []).append(res[t][k] if res["n_gold"] or res["n_pred"] else None)
            samples.setdefault((grp, "speaker_accuracy"), []).append(res["speaker_accuracy"])
        if "direct" in sc and "indirect" in sc:
            for k in ("recall", "f1"):
                samples.setdefault(("gap", k), []).append(sc["indirect"]["overlap80"][k] - sc["direct"]["overlap80"][k])
    for grp, res in point.items():
        for t in _TESTS:
            for k in ("precision", "recall", "f1"):
                res[t][f"{k}_ci95"] = percentile_ci(samples.get((grp, t, k), []), level)
        res["speaker_accuracy_ci95"] = percentile_ci(samples.get((grp, "speaker_accuracy"), []), level)
    if "direct" in point and "indirect" in point:
        point["indirect_minus_direct"] = {
            k: point["indirect"]["overlap80"][k] - point["direct"]["overlap80"][k] for k in ("recall", "f1")}
        for k in ("recall", "f1"):
            point["indirect_minus_direct"][f"{k}_ci95"] = percentile_ci(samples.get(("gap", k), []), level)
    point["n_pages"] = len(docs)
    return point
