"""The fitted model as plain data, scored without scikit-learn.

A fitted TF-IDF + logistic-regression Pipeline is only a vocabulary, idf weights and a
coefficient matrix. :func:`from_pipeline` takes those out of a fitted Pipeline into a
:class:`FastModel`, which scores quotes with the standard library alone, so
``stance predict "quote"`` starts without importing scikit-learn, scipy, pandas or even
numpy. How the model is written to and read from disk is :mod:`stance.modelfile`'s; how its
answers become labels and positions is :mod:`stance.scorer`'s.

:class:`FastModel` re-implements exactly what the fitted ``TfidfVectorizer`` blocks, the
``FeatureUnion`` and ``LogisticRegression.predict_proba`` do (see
``sklearn/feature_extraction/text.py``): lowercase, the word token pattern and n-grams
joined by one space, the ``char`` analyzer's collapsing of whitespace runs, ``char_wb``'s
padded words, ``1 + log(tf)``, idf, the per-block norm, concatenation, then the softmax (or,
for two classes, the logistic function of the one coefficient row). Columns are visited in
the order scikit-learn's sorted CSR rows use, so sums are taken in the same order and the
probabilities agree to the last few bits. :mod:`stance.vectorized` does the same arithmetic
with numpy on many quotes at once, for files of millions of quotes.
"""

from __future__ import annotations

import array
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from .errors import ModelFileError

LINKS = ("softmax", "logistic", "ovr")

# scikit-learn's _VectorizerMixin._white_spaces: runs of two or more whitespace characters.
_WHITE_SPACES = re.compile(r"\s\s+")


# -------------------------------------------------------------------------------- analyzers

def word_ngrams(text: str, token_re: re.Pattern, lo: int, hi: int) -> list[str]:
    """Word n-grams as ``CountVectorizer(analyzer="word")`` yields them (stop words: none).

    Parameters
    ----------
    text : str
        Already lowercased if the vectorizer lowercases.
    token_re : compiled pattern
        The vectorizer's ``token_pattern``; ``findall`` gives the tokens.
    lo, hi : int
        The n-gram range.
    """
    tokens = token_re.findall(text)
    if hi == 1:
        return tokens
    n_tok = len(tokens)
    grams = list(tokens) if lo == 1 else []
    join = " ".join
    for n in range(max(lo, 2), min(hi + 1, n_tok + 1)):
        grams += [join(tokens[i:i + n]) for i in range(n_tok - n + 1)]
    return grams


def char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams as ``analyzer="char"`` yields them, after collapsing whitespace runs."""
    text = _WHITE_SPACES.sub(" ", text)
    size = len(text)
    grams = list(text) if lo == 1 else []
    for n in range(max(lo, 2), min(hi + 1, size + 1)):
        grams += [text[i:i + n] for i in range(size - n + 1)]
    return grams


def char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams inside space-padded words, as ``analyzer="char_wb"`` yields them."""
    text = _WHITE_SPACES.sub(" ", text)
    grams: list[str] = []
    add = grams.append
    for w in text.split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(lo, hi + 1):
            offset = 0
            add(w[offset:offset + n])
            while offset + n < w_len:
                offset += 1
                add(w[offset:offset + n])
            if offset == 0:  # a word shorter than n is counted once, as scikit-learn does
                break
    return grams


@dataclass(frozen=True)
class Block:
    """One TF-IDF feature block of the FeatureUnion, as plain settings and a vocabulary.

    Parameters
    ----------
    name : str
        The FeatureUnion's name for it (``word``, ``char``); prefixes feature names.
    analyzer : str
        ``word``, ``char`` or ``char_wb``.
    ngram_range : (int, int)
    lowercase, binary, sublinear_tf, use_idf : bool
        The vectorizer's settings.
    token_pattern : str
        Used by the ``word`` analyzer only.
    norm : str or None
        ``l2``, ``l1`` or None.
    weight : float or None
        The FeatureUnion's transformer weight (None: not weighted).
    offset : int
        Column of the block's first feature in the concatenated matrix.
    terms : tuple of str
        The vocabulary in column order.
    """

    name: str
    analyzer: str
    ngram_range: tuple[int, int]
    lowercase: bool
    token_pattern: str
    binary: bool
    sublinear_tf: bool
    use_idf: bool
    norm: str | None
    weight: float | None
    offset: int
    terms: tuple[str, ...]

    def settings(self) -> dict:
        """The block's entry in ``model.json`` (everything but the vocabulary)."""
        return {"name": self.name, "analyzer": self.analyzer, "ngram_range": list(self.ngram_range),
                "lowercase": self.lowercase, "token_pattern": self.token_pattern, "binary": self.binary,
                "sublinear_tf": self.sublinear_tf, "use_idf": self.use_idf, "norm": self.norm,
                "weight": self.weight, "offset": self.offset, "n_features": len(self.terms)}


LONG_TEXT = 20_000  # characters; longer quotes are counted n-gram by n-gram


class _Analyzer:
    """A block made callable: text -> {global column: count} for in-vocabulary n-grams."""

    def __init__(self, block: Block):
        self.block = block
        self.lo, self.hi = block.ngram_range
        self.lowercase = block.lowercase
        self.kind = block.analyzer
        self.token_re = re.compile(block.token_pattern)
        off = block.offset
        self.index = dict(zip(block.terms, range(off, off + len(block.terms))))  # C loops: a cold start pays this

    def grams(self, text: str) -> list[str]:
        if self.lowercase:
            text = text.lower()
        if self.kind == "word":
            return word_ngrams(text, self.token_re, self.lo, self.hi)
        if self.kind == "char":
            return char_ngrams(text, self.lo, self.hi)
        return char_wb_ngrams(text, self.lo, self.hi)

    def counts(self, text: str) -> list[tuple[int, int]]:
        """(global column, count) of every in-vocabulary n-gram, sorted by column."""
        get = self.index.get
        if len(text) > LONG_TEXT:
            counter: Counter = Counter()
            for g in self.stream(text):
                j = get(g)
                if j is not None:
                    counter[j] += 1
            return sorted(counter.items())
        hits = [(j, c) for g, c in Counter(self.grams(text)).items() if (j := get(g)) is not None]
        hits.sort()
        return hits

    def stream(self, text: str) -> Iterator[str]:
        """The same n-grams as :meth:`grams`, one at a time: memory stays bounded by the
        vocabulary on a very long text (a list of every n-gram of a 2 MB quote is ~0.5 GB)."""
        if self.lowercase:
            text = text.lower()
        lo, hi = self.lo, self.hi
        if self.kind == "word":
            tokens = self.token_re.findall(text)
            n_tok = len(tokens)
            for n in range(lo, hi + 1):
                for i in range(n_tok - n + 1):
                    yield tokens[i] if n == 1 else " ".join(tokens[i:i + n])
        elif self.kind == "char":
            text = _WHITE_SPACES.sub(" ", text)
            size = len(text)
            for n in range(lo, hi + 1):
                for i in range(size - n + 1):
                    yield text[i:i + n]
        else:  # word by word, so that no list of the whole text's n-grams is built
            for word in _WHITE_SPACES.sub(" ", text).split():
                yield from char_wb_ngrams(word, lo, hi)


# ------------------------------------------------------------------------------- the model

class FastModel:
    """A fitted TF-IDF + logistic-regression model held as plain Python data.

    Build one with :func:`read_fast_model` (from a file) or :func:`from_pipeline` (from a
    fitted scikit-learn Pipeline). Scoring needs only the standard library.

    Parameters
    ----------
    classes : sequence of str
        The classifier's classes in scikit-learn's order.
    link : str
        ``softmax`` (multinomial), ``logistic`` (two classes, one coefficient row) or ``ovr``.
    blocks : sequence of Block
    idf : array of float
        One value per column of the concatenated matrix.
    coef : array of float
        ``R x n_features`` coefficients, row-major; R is 1 for ``logistic``, else the number
        of classes.
    intercept : array of float
        R values.
    """

    def __init__(self, classes: Sequence[str], link: str, blocks: Sequence[Block], idf, coef, intercept):
        self.classes = tuple(classes)
        self.link = link
        self.blocks = tuple(blocks)
        self.idf = idf
        self.coef = coef
        self.intercept = intercept
        self.n_features = sum(len(b.terms) for b in self.blocks)
        self.n_rows = len(intercept)
        self._analyzers = [_Analyzer(b) for b in self.blocks]

    def blocks_with_repeated_terms(self) -> list[str]:
        """Names of blocks whose vocabulary lists a term twice (its index came out shorter)."""
        return [a.block.name for a in self._analyzers if len(a.index) != len(a.block.terms)]

    def __getstate__(self):
        # Analyzers (compiled patterns, big dicts) are rebuilt, not shipped.
        return {k: v for k, v in self.__dict__.items() if k != "_analyzers"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._analyzers = [_Analyzer(b) for b in self.blocks]

    # -- features

    def features(self, text: str) -> tuple[list[int], list[float]]:
        """The quote's non-zero TF-IDF features: columns (ascending) and values.

        Equal to the quote's row of ``pipeline.named_steps["features"].transform([text])``.
        """
        cols: list[int] = []
        vals: list[float] = []
        idf, log = self.idf, math.log
        for an in self._analyzers:
            b = an.block
            hits = an.counts(text)
            if not hits:
                continue
            if b.binary:
                tf = [1.0] * len(hits)
            elif b.sublinear_tf:
                tf = [log(c) + 1.0 for _, c in hits]
            else:
                tf = [float(c) for _, c in hits]
            v = [t * idf[j] for t, (j, _) in zip(tf, hits)] if b.use_idf else tf
            if b.norm == "l2":
                s = 0.0
                for x in v:
                    s += x * x
                if s != 0.0:
                    s = math.sqrt(s)
                    v = [x / s for x in v]
            elif b.norm == "l1":
                s = 0.0
                for x in v:
                    s += abs(x)
                if s != 0.0:
                    v = [x / s for x in v]
            if b.weight is not None:
                v = [x * b.weight for x in v]
            cols += [j for j, _ in hits]
            vals += v
        return cols, vals

    # -- classifier

    def decision(self, cols: Sequence[int], vals: Sequence[float]) -> list[float]:
        """``X @ coef.T + intercept`` for one row, summed in column order as scipy does."""
        coef, F = self.coef, self.n_features
        out = []
        for r in range(self.n_rows):
            base, s = r * F, 0.0
            for j, x in zip(cols, vals):
                s += x * coef[base + j]
            out.append(s + self.intercept[r])
        return out

    def proba_from_decision(self, d: Sequence[float]) -> list[float]:
        """Class probabilities from decision values, as ``LogisticRegression.predict_proba``."""
        if self.link == "logistic":
            p = _expit(d[0])
            return [1.0 - p, p]
        if self.link == "ovr":
            p = [_expit(x) for x in d]
            s = sum(p)
            return [x / s for x in p] if s != 0.0 else [1.0 / len(p)] * len(p)
        m = max(d)
        e = [math.exp(x - m) for x in d]
        s = 0.0
        for x in e:
            s += x
        return [x / s for x in e]

    def predict_proba(self, texts: Iterable[str]) -> list[list[float]]:
        """Probabilities per quote, columns in :attr:`classes` order (pure Python)."""
        return [self.proba_from_decision(self.decision(*self.features(t))) for t in texts]


def _expit(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)  # exp(-x) would overflow for very negative x
    return z / (1.0 + z)


# ------------------------------------------------------------------------- from a Pipeline

def from_pipeline(pipeline) -> FastModel:
    """Export a fitted ``Pipeline([("features", FeatureUnion), ("clf", LogisticRegression)])``.

    Raises
    ------
    ModelFileError
        If the pipeline uses a setting the plain-data scorer does not reproduce (a custom
        analyzer, tokenizer or preprocessor, stop words, accent stripping, float32).
    """
    # lazy: numpy only when a fitted Pipeline is exported (training), never when scoring
    import numpy as np

    features, clf = pipeline.named_steps["features"], pipeline.named_steps["clf"]
    weights = features.transformer_weights or {}
    blocks, idf_parts, offset = [], [], 0
    for name, vec in features.transformer_list:
        _check_exportable(name, vec)
        vocab = vec.vocabulary_
        terms = [None] * len(vocab)
        for term, j in vocab.items():
            terms[j] = term
        use_idf = bool(vec.use_idf)
        idf = np.asarray(vec.idf_, dtype=np.float64) if use_idf else np.ones(len(terms))
        w = weights.get(name)
        blocks.append(Block(name=name, analyzer=vec.analyzer, ngram_range=tuple(int(n) for n in vec.ngram_range),
                            lowercase=bool(vec.lowercase), token_pattern=str(vec.token_pattern),
                            binary=bool(vec.binary), sublinear_tf=bool(vec.sublinear_tf), use_idf=use_idf,
                            norm=vec.norm, weight=None if w is None else float(w), offset=offset,
                            terms=tuple(terms)))
        idf_parts.append(idf)
        offset += len(terms)
    classes = [str(c) for c in clf.classes_]
    coef = np.ascontiguousarray(clf.coef_, dtype=np.float64)
    intercept = np.asarray(clf.intercept_, dtype=np.float64).reshape(-1)
    if coef.shape != (intercept.size, offset):
        raise ModelFileError(f"the classifier has {coef.shape[1]} coefficients per class but the features "
                             f"number {offset}; retrain with 'stance train'")
    if len(classes) <= 2:
        link = "logistic"
    elif getattr(clf, "multi_class", "auto") == "ovr" or getattr(clf, "solver", "") == "liblinear":
        link = "ovr"
    else:
        link = "softmax"
    return FastModel(classes, link, blocks,
                     array.array("d", np.concatenate(idf_parts).tobytes()) if idf_parts else array.array("d"),
                     array.array("d", coef.tobytes()), array.array("d", intercept.tobytes()))


def _check_exportable(name: str, vec) -> None:
    problems = []
    if type(vec).__name__ != "TfidfVectorizer":
        problems.append(f"it is a {type(vec).__name__}, not a TfidfVectorizer")
    else:
        if vec.analyzer not in ("word", "char", "char_wb"):
            problems.append("its analyzer is a function")
        for attr in ("preprocessor", "tokenizer", "stop_words", "strip_accents"):
            if getattr(vec, attr) is not None:
                problems.append(f"it sets {attr}")
        if vec.norm not in ("l2", "l1", None):
            problems.append(f"norm={vec.norm!r}")
        if getattr(vec, "input", "content") != "content":
            problems.append(f"input={vec.input!r}")
        if getattr(vec, "dtype", None) is not None and str(getattr(vec.dtype, "__name__", vec.dtype)) != "float64":
            problems.append("its dtype is not float64")
    if problems:
        raise ModelFileError(f"feature block '{name}' cannot be exported as plain data ({'; '.join(problems)}); "
                             f"use the model settings of 'stance train'")
