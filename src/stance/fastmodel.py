"""The fitted model as plain data, scored without scikit-learn.

A fitted TF-IDF + logistic-regression Pipeline is only a vocabulary, idf weights and a
coefficient matrix. :func:`write_fast_model` exports those into ``NAME.npz`` beside the
pickled Pipeline; :func:`read_fast_model` reads them back with the standard library alone
(``zipfile``, ``json``, ``array``), so ``stance predict "quote"`` starts without importing
scikit-learn, scipy, pandas or even numpy.

The file is a zip archive of plain members, readable by ``numpy.load`` too:

``model.json``
    format name and version, the classes, the link function and, per feature block, the
    vectorizer settings that matter at transform time (analyzer, n-gram range, lowercase,
    token pattern, binary, sublinear tf, idf, norm, weight) and its column offset;
``vocabulary.json``
    one list of terms per block, in column order;
``idf.npy``, ``coef.npy``, ``intercept.npy``
    float64 arrays in the ``.npy`` format (little-endian, C order, no pickle).

Nothing in it is executed on load. :class:`FastModel` re-implements exactly what the fitted
``TfidfVectorizer`` blocks, the ``FeatureUnion`` and ``LogisticRegression.predict_proba`` do
(see ``sklearn/feature_extraction/text.py``): lowercase, the word token pattern and n-grams
joined by one space, the ``char`` analyzer's collapsing of whitespace runs, ``char_wb``'s
padded words, ``1 + log(tf)``, idf, the per-block norm, concatenation, then the softmax (or,
for two classes, the logistic function of the one coefficient row). Columns are visited in
the order scikit-learn's sorted CSR rows use, so sums are taken in the same order and the
probabilities agree to the last few bits. :mod:`stance.vectorized` scores many quotes at once
with numpy, for files of millions of quotes.
"""

from __future__ import annotations

import array
import json
import math
import os
import re
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Iterable, Sequence

from .errors import ModelFileError

FAST_FORMAT = "policy-stance-fast-model"
FAST_FORMAT_VERSION = 1
FAST_SUFFIX = ".npz"
MEMBERS = ("model.json", "vocabulary.json", "idf.npy", "coef.npy", "intercept.npy")
LINKS = ("softmax", "logistic", "ovr")

# scikit-learn's _VectorizerMixin._white_spaces: runs of two or more whitespace characters.
_WHITE_SPACES = re.compile(r"\s\s+")
_NPY_MAGIC = b"\x93NUMPY"
_NPY_HEADER = re.compile(
    r"\{\s*'descr'\s*:\s*'<f8'\s*,\s*'fortran_order'\s*:\s*False\s*,\s*'shape'\s*:\s*"
    r"\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?,?\s*\)\s*,?\s*\}\s*"
)
# A fixed timestamp makes the archive byte-identical for identical models.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def fast_model_path(model_path: str | os.PathLike) -> Path:
    """The plain-data twin of a model file: ``NAME.joblib`` -> ``NAME.npz``.

    A model file that itself ends in ``.npz`` gets ``NAME.fast.npz``, so the two never clash.
    """
    p = Path(model_path)
    if p.suffix == FAST_SUFFIX:
        return p.with_name(p.stem + ".fast" + FAST_SUFFIX)
    return p.with_suffix(FAST_SUFFIX)


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
        else:
            yield from char_wb_ngrams(text, lo, hi)


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

    def __getstate__(self):
        # Analyzers (compiled patterns, big dicts) and cached scorers are rebuilt, not shipped.
        return {k: v for k, v in self.__dict__.items() if k not in ("_analyzers", "_chunk_scorers")}

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

    # -- explanations

    def class_weight_rows(self) -> list[array.array]:
        """Coefficient rows, one per class; a binary model's row becomes -w/2 and +w/2."""
        F = self.n_features
        if self.link == "logistic":
            w = self.coef
            return [array.array("d", (-x / 2.0 for x in w)), array.array("d", (x / 2.0 for x in w))]
        return [self.coef[r * F:(r + 1) * F] for r in range(self.n_rows)]

    def explain(self, cols: Sequence[int], vals: Sequence[float], k: int, top: int,
                rows: Sequence[array.array] | None = None) -> list[tuple[str, float]]:
        """The ``top`` n-grams whose ``x_j * (w_kj - mean_c w_cj)`` pushed class k most.

        Ties keep column order (scikit-learn's stable argsort over the sorted CSR row);
        only positive contributions are returned, rounded to 6 decimals.
        """
        if not top or not cols:
            return []
        rows = rows if rows is not None else self.class_weight_rows()
        n = len(rows)
        wk = rows[k]
        contrib = []
        for j, x in zip(cols, vals):
            s = 0.0
            for row in rows:  # numpy's mean over axis 0 adds the rows in order
                s += row[j]
            contrib.append(x * (wk[j] - s / n))
        order = sorted(range(len(cols)), key=lambda i: -contrib[i])[:top]
        return [(self.feature_label(cols[i]), round(contrib[i], 6)) for i in order if contrib[i] > 0]

    def feature_label(self, col: int) -> str:
        """How a feature is shown: words plain, character n-grams in quotes."""
        for b in self.blocks:
            if b.offset <= col < b.offset + len(b.terms):
                gram = b.terms[col - b.offset]
                return gram if b.name == "word" else f"'{gram}'"
        raise IndexError(col)


def _expit(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)  # exp(-x) would overflow for very negative x
    return z / (1.0 + z)


# ------------------------------------------------------------------------- predictions

def predict_fast(model: FastModel, scheme, texts: Sequence[str], top: int = 5) -> list:
    """Predictions for quotes, identical to :func:`stance.model.predict_quotes` on the Pipeline.

    Parameters
    ----------
    model : FastModel
    scheme : stance.scheme.LabelScheme
    texts : sequence of str
    top : int
        How many n-grams to return per quote (0 for none).

    Returns
    -------
    list of stance.model.Prediction
    """
    from .model import Prediction, check_quote

    texts = [check_quote(t) for t in texts]
    classes = list(model.classes)
    order = [v for v in scheme.values if v in classes] + [c for c in classes if c not in scheme.values]
    rows = model.class_weight_rows() if top else None
    out = []
    for text in texts:
        cols, vals = model.features(text)
        proba = model.proba_from_decision(model.decision(cols, vals))
        k = proba.index(max(proba))
        probs = {c: proba[classes.index(c)] for c in order}
        pos, p_on = scheme.expected_position(probs)
        feats = model.explain(cols, vals, k, top, rows) if top else []
        out.append(Prediction(text=text, label=classes[k], probabilities=probs, position=pos,
                              p_on_axis=p_on, features=feats))
    return out


# ------------------------------------------------------------------------- from a Pipeline

def from_pipeline(pipeline) -> FastModel:
    """Export a fitted ``Pipeline([("features", FeatureUnion), ("clf", LogisticRegression)])``.

    Raises
    ------
    ModelFileError
        If the pipeline uses a setting the plain-data scorer does not reproduce (a custom
        analyzer, tokenizer or preprocessor, stop words, accent stripping, float32).
    """
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


# --------------------------------------------------------------------------- file format

def write_fast_model(model: FastModel, path: str | os.PathLike) -> None:
    """Write ``model`` to ``path`` (an ``.npz`` zip of JSON and ``.npy`` members).

    The bytes depend only on the model, so equal models give equal files (and hashes).
    The caller makes the write atomic (see :func:`stance.tables.atomic_path`).
    """
    header = {"format": FAST_FORMAT, "format_version": FAST_FORMAT_VERSION,
              "classes": list(model.classes), "link": model.link, "n_features": model.n_features,
              "blocks": [b.settings() for b in model.blocks]}
    vocabulary = [list(b.terms) for b in model.blocks]
    members = {
        "model.json": (json.dumps(header, indent=1, sort_keys=True) + "\n").encode("ascii"),
        # ensure_ascii keeps any character (even a lone surrogate) representable.
        "vocabulary.json": json.dumps(vocabulary, ensure_ascii=True, separators=(",", ":")).encode("ascii"),
        "idf.npy": _npy_bytes(model.idf, (model.n_features,)),
        "coef.npy": _npy_bytes(model.coef, (model.n_rows, model.n_features)),
        "intercept.npy": _npy_bytes(model.intercept, (model.n_rows,)),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in MEMBERS:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])


def _npy_bytes(values: array.array, shape: tuple[int, ...]) -> bytes:
    """An ``.npy`` (format 1.0) file of little-endian float64 values."""
    shape_txt = f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"
    head = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape_txt + ", }"
    pad = 64 - (len(_NPY_MAGIC) + 4 + len(head) + 1) % 64
    head = head + " " * (pad % 64) + "\n"
    data = array.array("d", values)
    if sys.byteorder == "big":
        data.byteswap()
    return _NPY_MAGIC + b"\x01\x00" + len(head).to_bytes(2, "little") + head.encode("latin-1") + data.tobytes()


def _npy_values(raw: bytes, member: str, path) -> tuple[tuple[int, ...], array.array]:
    bad = f"{path}: member {member} is not a float64 .npy array; retrain with 'stance train'"
    if raw[:6] != _NPY_MAGIC or len(raw) < 10:
        raise ModelFileError(bad)
    major = raw[6]
    if major == 1:
        hlen, start = int.from_bytes(raw[8:10], "little"), 10
    elif major in (2, 3):
        hlen, start = int.from_bytes(raw[8:12], "little"), 12
    else:
        raise ModelFileError(bad)
    m = _NPY_HEADER.fullmatch(raw[start:start + hlen].decode("latin-1"))
    if not m:
        raise ModelFileError(bad)
    shape = tuple(int(g) for g in m.groups() if g is not None)
    data = raw[start + hlen:]
    size = 1
    for s in shape:
        size *= s
    if len(data) != 8 * size:
        raise ModelFileError(f"{path}: member {member} holds {len(data)} bytes, expected {8 * size}; "
                             f"retrain with 'stance train'")
    values = array.array("d")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return shape, values


def read_fast_model(path: str | os.PathLike) -> FastModel:
    """Read a file written by :func:`write_fast_model`; check every member's shape.

    Only JSON and raw float64 arrays are read: nothing in the file is executed. The caller
    checks the file's sha256 against the sidecar first (see :func:`load_fast_model`).

    Raises
    ------
    ModelFileError
        If the file is not such an archive or its parts disagree.
    """
    path = Path(path)

    def broken(why: str) -> ModelFileError:
        return ModelFileError(f"{path}: not a stance fast model ({why}); retrain with 'stance train'")

    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            missing = [m for m in MEMBERS if m not in names]
            if missing:
                raise broken(f"missing {', '.join(missing)}")
            size = path.stat().st_size
            for m in MEMBERS:  # stored members only, none larger than the file: no zip bomb
                info = zf.getinfo(m)
                if info.compress_type != zipfile.ZIP_STORED or info.file_size > size:
                    raise broken(f"member {m} is compressed or larger than the file")
            raw = {m: zf.read(m) for m in MEMBERS}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise broken(f"{type(exc).__name__}: {exc}") from None
    try:
        header = json.loads(raw["model.json"])
        vocabulary = json.loads(raw["vocabulary.json"])
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        raise broken("a JSON member is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") != FAST_FORMAT:
        raise broken(f"format is not '{FAST_FORMAT}'")
    if header.get("format_version") != FAST_FORMAT_VERSION:
        raise broken(f"format version {header.get('format_version')!r}, this tool reads {FAST_FORMAT_VERSION}")
    try:
        classes = [str(c) for c in header["classes"]]
        link = header["link"]
        specs = header["blocks"]
        blocks, offset = [], 0
        if not isinstance(vocabulary, list) or len(vocabulary) != len(specs):
            raise broken("the vocabulary does not have one list per block")
        for spec, terms in zip(specs, vocabulary):
            if not (isinstance(terms, list) and set(map(type, terms)) <= {str}):
                raise broken(f"block {spec.get('name')!r}: the vocabulary is not a list of strings")
            if len(set(terms)) != len(terms) or spec["n_features"] != len(terms) or spec["offset"] != offset:
                raise broken(f"block {spec.get('name')!r}: vocabulary and offsets disagree")
            if spec["analyzer"] not in ("word", "char", "char_wb") or spec["norm"] not in ("l2", "l1", None):
                raise broken(f"block {spec.get('name')!r}: unknown analyzer or norm")
            lo, hi = (int(n) for n in spec["ngram_range"])
            if not 1 <= lo <= hi:
                raise broken(f"block {spec.get('name')!r}: n-gram range {lo}..{hi}")
            blocks.append(Block(name=str(spec["name"]), analyzer=spec["analyzer"], ngram_range=(lo, hi),
                                lowercase=bool(spec["lowercase"]), token_pattern=str(spec["token_pattern"]),
                                binary=bool(spec["binary"]), sublinear_tf=bool(spec["sublinear_tf"]),
                                use_idf=bool(spec["use_idf"]), norm=spec["norm"],
                                weight=None if spec["weight"] is None else float(spec["weight"]),
                                offset=offset, terms=tuple(terms)))
            offset += len(terms)
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
        raise broken(f"model.json is incomplete ({type(exc).__name__}: {exc})") from None
    if link not in LINKS or len(classes) < 2 or (link == "logistic") != (len(classes) == 2):
        raise broken(f"link {link!r} does not fit {len(classes)} classes")
    n_rows = 1 if link == "logistic" else len(classes)
    shapes = {}
    arrays = {}
    for m in ("idf.npy", "coef.npy", "intercept.npy"):
        shapes[m], arrays[m] = _npy_values(raw[m], m, path)
    expected = {"idf.npy": (offset,), "coef.npy": (n_rows, offset), "intercept.npy": (n_rows,)}
    for m, shape in expected.items():
        if shapes[m] != shape:
            raise broken(f"{m} has shape {shapes[m]}, expected {shape}")
    return FastModel(classes, link, blocks, arrays["idf.npy"], arrays["coef.npy"], arrays["intercept.npy"])


def _sha256_file(path) -> str:
    # As stance.labels.sha256_file; repeated so that predicting does not import stance.labels.
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_fast_model(path: str | os.PathLike):
    """Load the verified plain-data model that belongs to the model at ``path``.

    ``path`` is the model as the user names it (``NAME.joblib`` or ``NAME.npz``); its
    sidecar ``NAME.json`` must record both files' sha256, and both must match before
    anything is read. Neither file is unpickled.

    Returns
    -------
    model : FastModel or None
        None when the sidecar records no fast model (a model saved by an older version) or
        the fast file is not beside it; the command line then refuses the model.
    meta : dict
        The sidecar.

    Raises
    ------
    ModelFileError
        If the sidecar is missing or not ours, or a hash does not match.
    """
    from .model import read_sidecar

    path = Path(path)
    meta = read_sidecar(path)
    name = meta.get("fast_model_file")
    # The file the user named is checked even when its twin does the work: a changed
    # .joblib means the model is not the one trained, whichever file is read.
    if path.name != name and _sha256_file(path) != meta.get("model_sha256"):
        raise ModelFileError(f"{path}: the file's sha256 does not match its sidecar; it was changed or "
                             f"damaged after training and is refused. Retrain with 'stance train'")
    if not isinstance(name, str) or Path(name).name != name:
        return None, meta
    fast = path.parent / name
    if not fast.is_file():
        return None, meta
    if _sha256_file(fast) != meta.get("fast_model_sha256"):
        raise ModelFileError(f"{fast}: the file's sha256 does not match its sidecar; it was changed or "
                             f"damaged after training and is refused. Retrain with 'stance train'")
    return read_fast_model(fast), meta


def open_model(path: str | os.PathLike):
    """The verified plain-data model at ``path``, or a refusal: what every command loads.

    No command unpickles a model file: a pickle can run code, and a sidecar that vouches for
    it could be forged along with it.

    Returns
    -------
    model : FastModel
    meta : dict
        The sidecar.
    """
    fast, meta = load_fast_model(path)
    if fast is None:
        raise ModelFileError(f"{path}: its plain-data twin {fast_model_path(path).name} is missing or not named "
                             f"in the sidecar, and pickles are never loaded; retrain with 'stance train'")
    return fast, meta
