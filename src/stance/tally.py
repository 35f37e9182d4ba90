"""Compact tallies of a ``stance analyse`` run, and positions per group from them.

The run keeps, per speaker and article, the number of quotes, of on-axis quotes and the sum of
their positions in 4-byte arrays (:class:`Tally`), so memory grows with speaker-article pairs,
not with text. :func:`position_rows` turns the pairs into per-group positions with
article-bootstrap intervals; :func:`period_of` names a date's year, quarter or month.
"""

from __future__ import annotations

import re
from array import array
from typing import Sequence

import numpy as np

from .positions import article_bootstrap

_ISO = re.compile(r"((?:1[89]|20)\d\d)(?:[-/.](\d{1,2}))?")


def period_of(date: str, period: str) -> str:
    """``2024``, ``2024-Q1`` or ``2024-03`` from a date (ISO-like ``YYYY[-MM[-DD]]``); '' if none."""
    m = _ISO.search(str(date or ""))
    if not m:
        return ""
    year, month = m.group(1), m.group(2)
    if period == "year":
        return year
    if not month or not 1 <= int(month) <= 12:
        return ""
    return f"{year}-Q{(int(month) - 1) // 3 + 1}" if period == "quarter" else f"{year}-{int(month):02d}"


class Tally:
    """Compact per-speaker and per-article counts for positions and distributions."""

    def __init__(self, classes: Sequence[str], positions: dict):
        self.classes = list(classes)
        self.pos = [positions.get(c) for c in self.classes]
        self.k = len(self.classes)
        # 4-byte counters (24 bytes per speaker-article pair): what grows with the corpus.
        self.pair_sid, self.pair_art = array("i"), array("i")
        self.pair_nq, self.pair_non, self.pair_sum = array("i"), array("i"), array("d")
        self.art_period, self.art_outlet = array("i"), array("i")
        self.periods: dict[str, int] = {}
        self.outlets: dict[str, int] = {}
        self.counts: list[list[int]] = []
        self.probs: list[list[float]] = []

    def article(self, period: str, outlet: str) -> int:
        self.art_period.append(self.periods.setdefault(period, len(self.periods)))
        self.art_outlet.append(self.outlets.setdefault(outlet, len(self.outlets)))
        return len(self.art_period) - 1

    def quotes(self, art: int, sids: Sequence[int], label_idx: Sequence[int], probs: Sequence[Sequence[float]]):
        per: dict[int, list] = {}
        for sid, j, p in zip(sids, label_idx, probs):
            while sid >= len(self.counts):
                self.counts.append([0] * self.k)
                self.probs.append([0.0] * self.k)
            self.counts[sid][j] += 1
            row = self.probs[sid]
            for c in range(self.k):
                row[c] += p[c]
            t = per.setdefault(sid, [0, 0, 0.0])
            t[0] += 1
            if self.pos[j] is not None:
                t[1] += 1
                t[2] += self.pos[j]
        for sid, (nq, non, s) in per.items():
            self.pair_sid.append(sid)
            self.pair_art.append(art)
            self.pair_nq.append(nq)
            self.pair_non.append(non)
            self.pair_sum.append(s)

    def columns(self) -> dict:
        """The pairs as numpy views (no copies): sid, art, nq, non, sum, and period/outlet codes."""
        def view(a, dtype):  # the arrays' own memory, not a copy
            return np.frombuffer(a, dtype=dtype) if len(a) else np.zeros(0, dtype=dtype)

        art = view(self.pair_art, np.int32)
        return {"sid": view(self.pair_sid, np.int32), "art": art, "nq": view(self.pair_nq, np.int32),
                "non": view(self.pair_non, np.int32), "sum": view(self.pair_sum, np.float64),
                "period": view(self.art_period, np.int32)[art], "outlet": view(self.art_outlet, np.int32)[art]}

    def names(self, column: str) -> list[str]:
        codes = self.periods if column == "period" else self.outlets
        out = [""] * len(codes)
        for name, i in codes.items():
            out[i] = name
        return out


def position_rows(cols: dict, by: Sequence[str], n_boot: int, seed: int) -> list[dict]:
    """Per group of ``by``: quotes, articles, on-axis quotes, mean position and 95% article-bootstrap CI.

    ``cols`` are the speaker-article pairs (:meth:`Tally.columns`). Groups are found by one
    sort of integer codes (numpy), so the extra memory is a few arrays of the pairs' length.
    Keys are returned as codes.
    """
    art = cols["art"]
    if not len(art):
        return []
    keys = [cols[k] for k in by]
    order = np.lexsort((art, *reversed(keys)))
    ks = [k[order] for k in keys]
    a = art[order]
    # one row per (group, article): pairs of one article in one group (e.g. two speakers in a period) add up
    change = np.zeros(len(a), dtype=bool)
    change[0] = True
    for k in (*ks, a):
        change[1:] |= k[1:] != k[:-1]
    first = np.flatnonzero(change)
    nq = np.add.reduceat(cols["nq"][order].astype(np.int64), first)
    non = np.add.reduceat(cols["non"][order].astype(np.int64), first)
    sums = np.add.reduceat(cols["sum"][order], first)
    gk = [k[first] for k in ks]
    gchange = np.zeros(len(first), dtype=bool)
    gchange[0] = True
    for k in gk:
        gchange[1:] |= k[1:] != k[:-1]
    starts = np.flatnonzero(gchange)
    ends = np.r_[starts[1:], len(first)]
    rng = np.random.default_rng(seed)
    rows = []
    for i, j in zip(starts.tolist(), ends.tolist()):
        n_on, s = int(non[i:j].sum()), float(sums[i:j].sum())
        on = non[i:j] > 0
        lo, hi = article_bootstrap(sums[i:j][on], non[i:j][on], n_boot, rng) if n_on else (None, None)
        rows.append({**{b: int(k[i]) for b, k in zip(by, gk)}, "n_quotes": int(nq[i:j].sum()), "n_articles": j - i,
                     "n_on_axis": n_on, "position": s / n_on if n_on else None, "position_low": lo,
                     "position_high": hi})
    return rows
