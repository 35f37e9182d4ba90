"""Score many quotes at once with numpy: the batch engine behind ``stance predict --input``.

scikit-learn spends most of a batch in Python, building every n-gram string of every quote
and looking each up in a dict. Here Python only lowercases, collapses whitespace and finds
word tokens (C-level string and regex calls); the n-grams themselves never become strings.
Each quote becomes a run of integer codes (code points for the character block, token ids for
the word block); every window of n codes is hashed with a rolling polynomial hash and looked
up in the sorted hashes of the vocabulary's n-grams, and every hit is then checked code by
code against the vocabulary entry, so a hash collision can never count a wrong n-gram: the
matching is exact. From there on the arithmetic is scikit-learn's, in scikit-learn's order
(columns ascending within a row, sums taken left to right): ``1 + log(tf)``, idf, the
per-block norm, the dot product with the coefficients, the softmax.

Blocks this engine does not vectorize (``char_wb``, or a word block with a custom token
pattern) are counted per quote with :class:`collections.Counter` and join the same arithmetic.
"""

from __future__ import annotations

import array
import re
from collections import Counter
from itertools import repeat
from typing import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .fastmodel import _WHITE_SPACES, LONG_TEXT, Block, FastModel

DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
# Odd 64-bit multipliers for the rolling hash; the next is tried if two vocabulary n-grams of
# one length collide (never seen in practice, but exactness must not depend on luck).
_BASES = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)


class _Table:
    """Vocabulary n-grams of one length: sorted hashes, their codes and their columns."""

    __slots__ = ("hashes", "codes", "cols")

    def __init__(self, hashes, codes, cols):
        self.hashes, self.codes, self.cols = hashes, codes, cols


def _hash_rows(codes: np.ndarray, base: np.uint64) -> np.ndarray:
    """Polynomial hash of each row of a 2-D array of codes (wrapping uint64 arithmetic)."""
    h = codes[:, 0].astype(np.uint64)
    for k in range(1, codes.shape[1]):
        h = h * base + codes[:, k].astype(np.uint64)
    return h


class _VectorBlock:
    """One feature block prepared for vectorized matching.

    Parameters
    ----------
    block : Block
        A ``char`` block, or a ``word`` block with the default token pattern (tokens then
        hold no space, so a vocabulary entry splits back into its tokens exactly).
    """

    def __init__(self, block: Block):
        self.block = block
        self.lo, self.hi = block.ngram_range
        self.word = block.analyzer == "word"
        self.token_re = re.compile(block.token_pattern)
        groups: dict[int, tuple[list, list]] = {}
        if self.word:
            self.token_ids: dict[str, int] = {}
            tid = self.token_ids.setdefault
            for j, term in enumerate(block.terms):
                seq = [tid(t, len(self.token_ids)) for t in term.split(" ")]
                g = groups.setdefault(len(seq), ([], []))
                g[0].append(seq)
                g[1].append(block.offset + j)
        else:
            for j, term in enumerate(block.terms):
                g = groups.setdefault(len(term), ([], []))
                g[0].append(term)
                g[1].append(block.offset + j)
        for base in _BASES:
            self.base = np.uint64(base)
            self.tables = {n: self._table(n, seqs, cols) for n, (seqs, cols) in groups.items()}
            if all(t is not None for t in self.tables.values()):
                break
        else:  # pragma: no cover - four independent multipliers all colliding
            raise ValueError(f"feature block '{block.name}': vocabulary hashes collide")
        self.closed = self._substring_closed()

    def _table(self, n: int, seqs: list, cols: list) -> _Table | None:
        if self.word:
            codes = np.asarray(seqs, dtype=np.int64).reshape(len(seqs), n)
        else:
            codes = _code_points("".join(seqs)).reshape(len(seqs), n)
        h = _hash_rows(codes, self.base)
        order = np.argsort(h, kind="stable")
        h = h[order]
        if h.size > 1 and (h[1:] == h[:-1]).any():
            return None
        return _Table(h, codes[order], np.asarray(cols, dtype=np.int64)[order])

    def _lookup(self, n: int, codes: np.ndarray, h: np.ndarray) -> np.ndarray:
        """Index into table n of each code window (hash ``h``), or -1 where it is absent."""
        tab = self.tables[n]
        idx = np.searchsorted(tab.hashes, h)
        np.minimum(idx, tab.hashes.size - 1, out=idx)
        found = tab.hashes[idx] == h
        found[found] = (tab.codes[idx[found]] == codes[found]).all(axis=1)
        return np.where(found, idx, -1)

    def _substring_closed(self) -> bool:
        """True if every vocabulary n-gram's two (n-1)-grams are in the vocabulary too.

        A vocabulary learnt with only ``min_df`` pruning always is (a quote holding an n-gram
        holds both of its (n-1)-grams), and then an n-gram can only be present where both of
        its (n-1)-grams were found: the matcher skips the other windows.
        """
        for n, tab in self.tables.items():
            if n - 1 < self.lo:
                continue
            if n - 1 not in self.tables:
                return False
            for part in (tab.codes[:, :-1], tab.codes[:, 1:]):
                if (self._lookup(n - 1, part, _hash_rows(part, self.base)) < 0).any():
                    return False
        return True

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """All quotes as one run of codes, and each quote's length in codes."""
        lower = self.block.lowercase
        if self.word:
            get = self.token_ids.get
            findall = self.token_re.findall
            ids, lengths = array.array("q"), array.array("q")
            for t in texts:
                toks = findall(t.lower() if lower else t)
                # Unknown tokens become -1, which no vocabulary entry contains.
                ids.extend(array.array("q", map(get, toks, repeat(-1))))
                lengths.append(len(toks))
            return np.frombuffer(ids, dtype=np.int64), np.frombuffer(lengths, dtype=np.int64)
        sub = _WHITE_SPACES.sub
        prepared = [sub(" ", t.lower() if lower else t) for t in texts]
        return _code_points("".join(prepared)), np.fromiter(map(len, prepared), dtype=np.int64,
                                                            count=len(prepared))

    def match(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Row (quote index) and column of every in-vocabulary n-gram occurrence."""
        codes, lengths = self.encode(texts)
        N = codes.size
        rows, cols = [], []
        if N == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        ends = np.cumsum(lengths)
        row_at = np.repeat(np.arange(len(lengths)), lengths)
        end_at = np.repeat(ends, lengths)
        c64 = codes.astype(np.uint64)
        h = c64
        found = None  # where the (n-1)-gram was found, when that prunes the n-gram windows
        for n in range(1, self.hi + 1):
            if n > 1:
                h = h[:-1] * self.base + c64[n - 1:]
            m = N - n + 1
            if m <= 0:
                break
            tab = self.tables.get(n)
            if n < self.lo or tab is None:
                found = None
                continue
            inside = np.arange(n, m + n) <= end_at[:m]  # the window does not run into the next quote
            if found is not None:
                inside &= found[:-1] & found[1:]
            pos = np.flatnonzero(inside)
            idx = self._lookup(n, sliding_window_view(codes, n)[pos], h[pos])
            hit = idx >= 0
            pos, idx = pos[hit], idx[hit]
            if self.closed:
                found = np.zeros(m, dtype=bool)
                found[pos] = True
            rows.append(row_at[pos])
            cols.append(tab.cols[idx])
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(rows), np.concatenate(cols)


def _code_points(text: str) -> np.ndarray:
    # surrogatepass keeps a lone surrogate as the one code unit Python slicing sees.
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _counter_match(block: Block, analyzer, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fallback for blocks not vectorized: per-quote Counter, distinct n-grams looked up."""
    get = analyzer.index.get
    ids, counts, lengths = array.array("q"), array.array("q"), array.array("q")
    for t in texts:
        cnt = Counter(analyzer.grams(t))
        ids.extend(array.array("q", map(get, cnt, repeat(-1))))
        counts.extend(array.array("q", cnt.values()))
        lengths.append(len(cnt))
    j = np.frombuffer(ids, dtype=np.int64)
    row = np.repeat(np.arange(len(texts)), np.frombuffer(lengths, dtype=np.int64))
    keep = j >= 0
    j, row, c = j[keep], row[keep], np.frombuffer(counts, dtype=np.int64)[keep]
    order = np.lexsort((j, row))
    return row[order], j[order], c[order]


class BatchScorer:
    """Probabilities of many quotes, equal to ``Pipeline.predict_proba`` on the same model.

    Parameters
    ----------
    model : FastModel
    """

    slice_size = 512

    def __init__(self, model: FastModel):
        self.model = model
        F, R = model.n_features, model.n_rows
        self.idf = np.frombuffer(model.idf, dtype=np.float64) if F else np.zeros(0)
        self.coef_t = np.ascontiguousarray(np.frombuffer(model.coef, dtype=np.float64).reshape(R, F).T)
        self.intercept = np.frombuffer(model.intercept, dtype=np.float64)
        self.blocks = []
        for b, an in zip(model.blocks, model._analyzers):
            vectorizable = b.analyzer == "char" or (b.analyzer == "word" and b.token_pattern == DEFAULT_TOKEN_PATTERN)
            self.blocks.append((b, _VectorBlock(b) if vectorizable else an))

    def counts(self, block: Block, engine, texts: Sequence[str]):
        """Sorted (row, column, count) triples of one block's non-zero n-gram counts."""
        if isinstance(engine, _VectorBlock):
            row, col = engine.match(texts)
            if not row.size:
                return row, col, row
            F = max(self.model.n_features, 1)
            keys, c = np.unique(row * F + col, return_counts=True)
            return keys // F, keys % F, c
        return _counter_match(block, engine, texts)

    def features(self, texts: Sequence[str]):
        """The TF-IDF matrix of the quotes as sorted CSR-like arrays (row, column, value)."""
        n = len(texts)
        rows, cols, vals = [], [], []
        for b, engine in self.blocks:
            row, j, c = self.counts(b, engine, texts)
            if not row.size:
                continue
            if b.binary:
                v = np.ones(c.size)
            elif b.sublinear_tf:
                v = np.log(c.astype(np.float64))
                v += 1.0
            else:
                v = c.astype(np.float64)
            if b.use_idf:
                v *= self.idf[j]
            if b.norm == "l2":
                s = np.sqrt(np.bincount(row, weights=v * v, minlength=n))
                v /= s[row]
            elif b.norm == "l1":
                s = np.bincount(row, weights=np.abs(v), minlength=n)
                v /= s[row]
            if b.weight is not None:
                v *= b.weight
            rows.append(row)
            cols.append(j)
            vals.append(v)
        if not rows:
            e = np.zeros(0, np.int64)
            return e, e, np.zeros(0)
        row, col, val = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
        if len(rows) > 1:  # blocks come in column order: a stable sort by row interleaves them right
            order = np.argsort(row, kind="stable")
            row, col, val = row[order], col[order], val[order]
        return row, col, val

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """``X @ coef.T + intercept``, each row summed left to right as scipy does."""
        n = len(texts)
        row, col, val = self.features(texts)
        R = self.model.n_rows
        if row.size:
            P = self.coef_t[col]
            P *= val[:, None]
            # One bincount over (row, class) cells adds each cell's terms in column order.
            cell = (row * R)[:, None] + np.arange(R)
            D = np.bincount(cell.ravel(), weights=P.ravel(), minlength=n * R).reshape(n, R)
        else:  # (bincount of nothing is an integer array)
            D = np.zeros((n, R))
        D += self.intercept
        return D

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """An ``(n, n_classes)`` float64 array, classes in :attr:`FastModel.classes` order.

        Quotes longer than :data:`stance.fastmodel.LONG_TEXT` characters go through the
        model's streaming scorer instead: this engine's per-window arrays would need hundreds
        of bytes per character of such a quote.
        """
        long_rows = [i for i, t in enumerate(texts) if len(t) > LONG_TEXT]
        if long_rows:
            keep = [i for i in range(len(texts)) if len(texts[i]) <= LONG_TEXT]
            out = np.empty((len(texts), len(self.model.classes)))
            if keep:
                out[keep] = self.predict_proba([texts[i] for i in keep])
            out[long_rows] = np.array(self.model.predict_proba([texts[i] for i in long_rows]))
            return out
        n, step = len(texts), self.slice_size
        if n <= step:
            return proba_from_decision(self.model.link, self.decision(texts))
        # Slices small enough for the intermediate arrays to stay in the CPU cache.
        return np.concatenate([proba_from_decision(self.model.link, self.decision(texts[i:i + step]))
                               for i in range(0, n, step)])


def _expit(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    z = np.exp(x[~pos])
    out[~pos] = z / (1.0 + z)
    return out


def proba_from_decision(link: str, D: np.ndarray) -> np.ndarray:
    """Probabilities from decision values, as ``LogisticRegression.predict_proba`` computes them."""
    if link == "logistic":
        p = _expit(D[:, 0])
        return np.column_stack([1.0 - p, p])
    if link == "ovr":
        P = _expit(D)
        s = P.sum(axis=1)
        zero = s == 0.0
        P[zero, :] = 1.0
        s[zero] = P.shape[1]
        return P / s.reshape(-1, 1)
    # scikit-learn's softmax, step by step, so that the rounding is the same.
    X = D - D.max(axis=1).reshape(-1, 1)
    np.exp(X, out=X)
    X /= X.sum(axis=1).reshape(-1, 1)
    return X
