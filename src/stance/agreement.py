"""Inter-coder reliability: how far two or more coders, labelling the same quotes, agree.

Krippendorff's alpha is computed from the coincidence matrix, following Krippendorff (2011),
"Computing Krippendorff's Alpha-Reliability", Annenberg School for Communication, University
of Pennsylvania (https://repository.upenn.edu/asc_papers/43). For every unit with m >= 2
pairable values, each ordered pair of values (c, k) from two different coders adds
1 / (m - 1) to the coincidence o_ck; with n_c = sum_k o_ck and n = sum_c n_c,

    alpha = 1 - (n - 1) * sum_ck o_ck * delta2_ck / sum_ck n_c * n_k * delta2_ck

where delta2 is the metric's squared difference: nominal 0/1; interval (c - k)**2; ordinal
(sum of n_g over the ranks g from c to k, minus (n_c + n_k) / 2) squared. Alpha is undefined
(None here) when the expected disagreement is zero, i.e. every value is the same.

The drug-policy scheme is an axis (-2 ... +2) plus ``none``, which has no place on the axis.
The choice made here, stated in every report:

* **nominal** alpha uses all six values, so it counts "on the axis or not" disagreements;
* **ordinal** and **interval** alpha use the on-axis values only: a ``none`` is treated as a
  missing value, and a quote enters when at least two coders put it on the axis. They answer
  "when coders place a quote on the axis, do they place it alike?".

Quadratic-weighted Cohen's kappa (scikit-learn) is given for every pair of coders on the
quotes both placed on the axis, beside the unweighted kappa and raw agreement over all
shared quotes. Reading thresholds for alpha (Krippendorff 2004, *Content Analysis*, 2nd ed.,
p. 241): >= 0.800 reliable; >= 0.667 tentative conclusions only; below that, unreliable.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from itertools import combinations
from typing import Hashable, Iterable, Mapping, Sequence

from .coderfiles import coder_files_codebook, load_coder_files
from .errors import InputError
from .labels import GoldPaths, codebook_version
from .pagecorpus import quote_texts
from .scheme import STANCE_SCHEME, LabelScheme
from .stats import cohen_kappa
from .tables import sha256_file

RELIABLE = 0.800
TENTATIVE = 0.667
METRICS = ("nominal", "ordinal", "interval")
THRESHOLD_TEXT = (f"Reading (Krippendorff 2004): alpha >= {RELIABLE:.3f} reliable; {TENTATIVE:.3f} <= alpha < "
                  f"{RELIABLE:.3f} tentative conclusions only; below {TENTATIVE:.3f} unreliable.")
NONE_HANDLING = ("nominal alpha: all values including 'none'; ordinal and interval alpha: on-axis values only, "
                 "'none' treated as missing (a quote counts when at least two coders put it on the axis)")


@dataclass(frozen=True)
class PairConfusion:
    """How one coder's labels (rows) meet another's (columns), over ``labels``."""

    rows: str
    columns: str
    labels: list[str]
    matrix: list[list[int]]


@dataclass(frozen=True)
class PairAgreement:
    """Two coders on the quotes both coded: raw agreement, kappas and their confusion table.

    ``kappa_quadratic`` is computed over the ``n_on_axis`` quotes both put on the axis; the rest
    over all ``n`` shared quotes (``agree`` of them labelled alike).
    """

    coders: list[str]
    n: int
    agree: int
    raw_agreement: float | None
    kappa: float | None
    kappa_quadratic: float | None
    n_on_axis: int
    confusion: PairConfusion


@dataclass(frozen=True)
class RawAgreement:
    """On how many of the ``n`` shared quotes every coder gave the same label."""

    all_agree: int
    n: int
    proportion: float


@dataclass(frozen=True)
class Disagreement:
    """A shared quote the coders labelled differently; notes and text when they were given."""

    quote_id: str
    labels: dict[str, str]
    notes: dict[str, str] | None = None
    text: str | None = None

    def to_dict(self) -> dict:
        out = {"quote_id": self.quote_id, "labels": self.labels}
        if self.notes is not None:
            out["notes"] = self.notes
        if self.text is not None:
            out["text"] = self.text
        return out


@dataclass(frozen=True)
class CoderSource:
    """A coder file: where it is and its sha256."""

    path: str
    sha256: str


@dataclass(frozen=True)
class Agreement:
    """Every reliability statistic of :func:`agreement` (floats rounded to 6 places, None if undefined).

    ``alpha``, ``alpha_units`` (the quotes each alpha rests on) and ``alpha_reading`` are keyed by
    metric. :func:`agree_files` adds ``codebook_version``, ``codebook_path`` and ``sources``;
    an experiment adds ``text``, the plain-text rendering (:func:`format_agreement`).
    ``to_dict`` gives the JSON form, leaving out what was not added.
    """

    coders: list[str]
    n_coded: dict[str, int]
    n_shared: int
    alpha: dict[str, float | None]
    alpha_units: dict[str, int]
    alpha_reading: dict[str, str]
    raw_agreement: RawAgreement
    pairs: list[PairAgreement]
    disagreements: list[Disagreement]
    none_handling: str = NONE_HANDLING
    thresholds: dict = field(default_factory=lambda: {"reliable": RELIABLE, "tentative": TENTATIVE,
                                                      "source": "Krippendorff 2004, p. 241"})
    codebook_version: str | None = None
    codebook_path: str | None = None
    sources: dict[str, CoderSource] | None = None
    text: str | None = None

    def to_dict(self) -> dict:
        out = {"coders": self.coders, "n_coded": self.n_coded, "n_shared": self.n_shared, "alpha": self.alpha,
               "alpha_units": self.alpha_units, "alpha_reading": self.alpha_reading,
               "none_handling": self.none_handling, "raw_agreement": asdict(self.raw_agreement),
               "pairs": [asdict(p) for p in self.pairs], "disagreements": [d.to_dict() for d in self.disagreements],
               "thresholds": self.thresholds}
        for name in ("codebook_version", "codebook_path", "text"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.sources is not None:
            out["sources"] = {c: asdict(s) for c, s in self.sources.items()}
        return out


def coincidences(units: Iterable[Sequence[Hashable]]) -> dict[tuple[Hashable, Hashable], float]:
    """The coincidence matrix of Krippendorff (2011) as ``{(c, k): o_ck}``.

    Parameters
    ----------
    units : iterable of sequences
        For each unit, the values the coders gave it (missing values left out). Units with
        fewer than two values are not pairable and contribute nothing.

    Returns
    -------
    dict
        Symmetric: ``o[(c, k)] == o[(k, c)]``; cells that are zero are absent.
    """
    o: dict[tuple[Hashable, Hashable], float] = {}
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    key = (values[i], values[j])
                    o[key] = o.get(key, 0.0) + 1.0 / (m - 1)
    return o


def krippendorff_alpha(units: Iterable[Sequence[Hashable]], metric: str = "nominal",
                       order: Sequence[Hashable] | None = None) -> float | None:
    """Krippendorff's alpha for any number of coders, with missing values.

    Parameters
    ----------
    units : iterable of sequences
        Values per unit, missing values left out.
    metric : str
        ``nominal``, ``ordinal`` (needs ``order``) or ``interval`` (values must be numbers).
    order : sequence, optional
        The ranks of the ordinal metric, lowest first; every value must appear in it.

    Returns
    -------
    float or None
        None when alpha is undefined: no pairable values, or no variation at all.
    """
    if metric not in METRICS:
        raise InputError(f"metric '{metric}' is not one of {', '.join(METRICS)}")
    o = coincidences(units)
    marg: dict[Hashable, float] = {}
    for (c, _k), v in o.items():
        marg[c] = marg.get(c, 0.0) + v
    n = sum(marg.values())
    if n <= 1:
        return None
    delta2 = _metric(metric, marg, order)
    values = list(marg)
    observed = sum(v * delta2(c, k) for (c, k), v in o.items())
    expected = sum(marg[c] * marg[k] * delta2(c, k) for c in values for k in values)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def _metric(metric: str, marg: Mapping[Hashable, float], order: Sequence[Hashable] | None):
    if metric == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if metric == "interval":
        return lambda c, k: (float(c) - float(k)) ** 2
    if order is None:
        raise InputError("the ordinal metric needs the order of the values")
    rank = {v: i for i, v in enumerate(order)}
    unknown = [v for v in marg if v not in rank]
    if unknown:
        raise InputError(f"value(s) {', '.join(map(str, unknown))} are not in the ordinal order "
                         f"{', '.join(map(str, order))}")
    freq = [marg.get(v, 0.0) for v in order]

    def delta2(c, k):
        a, b = sorted((rank[c], rank[k]))
        return (sum(freq[a:b + 1]) - (freq[a] + freq[b]) / 2.0) ** 2

    return delta2


def reading(alpha: float | None) -> str:
    """The conventional reading of an alpha value (see the module docstring)."""
    if alpha is None:
        return "undefined"
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "unreliable"


def _kappa(a: Sequence[str], b: Sequence[str], labels: Sequence[str], weights: str | None) -> float | None:
    return cohen_kappa(a, b, labels, weights) if len(a) >= 2 else None


def _round(x):
    return None if x is None else round(x, 6)


def agreement(coders: Mapping[str, Mapping[str, str]], scheme: LabelScheme = STANCE_SCHEME,
              texts: Mapping[str, str] | None = None,
              notes: Mapping[str, Mapping[str, str]] | None = None) -> Agreement:
    """Every reliability statistic over the quotes coded by more than one coder.

    Parameters
    ----------
    coders : mapping coder -> (mapping quote_id -> label)
        Labels as scheme values (``"-2"`` ... ``"2"``, ``"none"``); at least two coders.
    scheme : LabelScheme
        Gives the value order; ``scheme.on_axis`` are the values of the ordinal metric.
    texts : mapping quote_id -> text, optional
        Quote texts, copied into the disagreements.
    notes : mapping coder -> (mapping quote_id -> note), optional
        The coders' notes, copied into the disagreements.

    Returns
    -------
    Agreement
        Alpha per metric with its reading and units, raw agreement, every pair of coders (raw
        agreement, weighted and unweighted kappa, confusion table) and the disagreements;
        ``to_dict()`` is its JSON form.
    """
    names, shared = _shared_quotes(coders)
    per_unit = {q: [(c, coders[c][q]) for c in names if q in coders[c]] for q in shared}

    nominal_units = [[lab for _, lab in per_unit[q]] for q in shared]
    axis_units = [[lab for lab in u if lab in scheme.positions] for u in nominal_units]
    alpha = _alphas(nominal_units, axis_units, scheme)
    n_axis_units = sum(len(u) >= 2 for u in axis_units)
    all_agree = sum(len(set(u)) == 1 for u in nominal_units)

    pairs = [_pair(a, b, coders, shared, scheme) for a, b in combinations(names, 2)]
    return Agreement(
        coders=names,
        n_coded={c: len(coders[c]) for c in names},
        n_shared=len(shared),
        alpha={m: _round(v) for m, v in alpha.items()},
        alpha_units={"nominal": len(shared), "ordinal": n_axis_units, "interval": n_axis_units},
        alpha_reading={m: reading(v) for m, v in alpha.items()},
        raw_agreement=RawAgreement(all_agree, len(shared), _round(all_agree / len(shared))),
        pairs=pairs,
        disagreements=_disagreements(per_unit, texts, notes),
    )


def _pair(a: str, b: str, coders: Mapping[str, Mapping[str, str]], shared: Sequence[str],
          scheme: LabelScheme) -> PairAgreement:
    """Coders ``a`` and ``b`` on the shared quotes both coded."""
    values, on_axis = list(scheme.values), list(scheme.on_axis)
    both = [q for q in shared if q in coders[a] and q in coders[b]]
    la, lb = [coders[a][q] for q in both], [coders[b][q] for q in both]
    axis = [(x, y) for x, y in zip(la, lb) if x in scheme.positions and y in scheme.positions]
    agree = sum(x == y for x, y in zip(la, lb))
    matrix = [[sum(1 for x, y in zip(la, lb) if x == r and y == c) for c in values] for r in values]
    return PairAgreement(
        coders=[a, b],
        n=len(both),
        agree=agree,
        raw_agreement=_round(agree / len(both)) if both else None,
        kappa=_round(_kappa(la, lb, values, None)),
        kappa_quadratic=_round(_kappa([x for x, _ in axis], [y for _, y in axis], on_axis, "quadratic"))
        if on_axis else None,
        n_on_axis=len(axis),
        confusion=PairConfusion(a, b, values, matrix),
    )


def _shared_quotes(coders: Mapping[str, Mapping[str, str]]) -> tuple[list[str], list[str]]:
    """The coders' names and the quotes (sorted) that at least two of them coded; refused when none are."""
    names = list(coders)
    if len(names) < 2:
        raise InputError(f"agreement needs at least two coders, found {len(names)}; give one file per coder")
    all_ids = sorted({q for labels in coders.values() for q in labels})
    shared = [q for q in all_ids if sum(q in coders[c] for c in names) >= 2]
    if not shared:
        raise InputError("no quote was coded by more than one coder; double-code a shared sample, "
                         "e.g. stance label --annotator NAME --sample 40 --seed 1 for each coder")
    return names, shared


def _alphas(nominal_units: list[list[str]], axis_units: list[list[str]], scheme: LabelScheme) -> dict:
    """Alpha per metric: nominal over all values, ordinal and interval over the on-axis ones."""
    on_axis = list(scheme.on_axis)
    return {
        "nominal": krippendorff_alpha(nominal_units, "nominal"),
        "ordinal": krippendorff_alpha(axis_units, "ordinal", order=on_axis) if on_axis else None,
        "interval": (krippendorff_alpha([[scheme.positions[v] for v in u] for u in axis_units], "interval")
                     if on_axis else None),
    }


def _disagreements(per_unit: Mapping[str, list[tuple[str, str]]], texts: Mapping[str, str] | None,
                   notes: Mapping[str, Mapping[str, str]] | None) -> list[Disagreement]:
    """Every shared quote the coders labelled differently, with their labels (and notes and text)."""
    out = []
    for q, coded in per_unit.items():
        labels = dict(coded)
        if len(set(labels.values())) > 1:
            said = None if notes is None else {c: notes.get(c, {}).get(q, "") for c in labels}
            out.append(Disagreement(q, labels, said, None if texts is None else texts.get(q, "")))
    return out


def _fmt(x: float | None) -> str:
    return "  –  " if x is None else f"{x:.3f}"


def _show(label: str, scheme: LabelScheme) -> str:
    return f"+{label}" if label in scheme.positions and scheme.positions[label] > 0 else label


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_agreement(result: Agreement, scheme: LabelScheme = STANCE_SCHEME) -> str:
    """Render :func:`agreement`'s result as a plain-text report (thresholds included)."""
    coded = ", ".join(f"{c} {n}" for c, n in result.n_coded.items())
    lines = [f"Agreement over {result.n_shared} quotes coded by more than one coder (quotes coded: {coded})",
             "", "Krippendorff's alpha"]
    units = result.alpha_units
    scope = {"nominal": f"all values incl. none, {units['nominal']} quotes",
             "ordinal": f"on-axis values only, none as missing, {units['ordinal']} quotes",
             "interval": f"on-axis positions only, none as missing, {units['interval']} quotes"}
    for m in ("ordinal", "nominal", "interval"):
        lines.append(f"  {m:<9} {_fmt(result.alpha[m])}  {result.alpha_reading[m]:<11} ({scope[m]})")
    lines += [THRESHOLD_TEXT, ""]
    ra = result.raw_agreement
    lines.append(f"Raw agreement: all coders agree on {ra.all_agree} of {ra.n} quotes ({ra.proportion:.3f})")
    lines += ["", "Pairs"]
    for p in result.pairs:
        a, b = p.coders
        raw = "  –  " if p.raw_agreement is None else f"{p.raw_agreement:.3f}"
        lines.append(f"  {a} vs {b}: {p.n} shared, raw agreement {raw} ({p.agree}/{p.n}), "
                     f"quadratic-weighted kappa {_fmt(p.kappa_quadratic)} ({p.n_on_axis} on-axis pairs), "
                     f"kappa {_fmt(p.kappa)}")
    for p in result.pairs:
        conf = p.confusion
        heads = [_show(v, scheme) for v in conf.labels]
        width = max(5, *(len(h) + 1 for h in heads))
        lines += ["", f"Confusion: {conf.rows} (rows) vs {conf.columns} (columns)",
                  " " * 7 + "".join(h.rjust(width) for h in heads)]
        for h, row in zip(heads, conf.matrix):
            lines.append(f"  {h:<5}" + "".join(str(v).rjust(width) for v in row))
    dis = result.disagreements
    lines += ["", f"Disagreements ({len(dis)})"]
    for d in dis:
        labs = "  ".join(f"{c} {_show(v, scheme)}" for c, v in d.labels.items())
        text = f"  \"{_short(d.text)}\"" if d.text else ""
        lines.append(f"  {d.quote_id}  {labs}{text}")
    if not dis:
        lines.append("  (none)")
    return "\n".join(lines)


def agree_files(paths, labels_dir, quotes_path=None, codebook_path=None) -> Agreement:
    """Load and validate coder files, then compute :func:`agreement` over them.

    Parameters
    ----------
    paths : sequence of path-like
        One coder file per coder (``labels/annotations/<name>.csv``), at least two.
    labels_dir : path-like
        Holds ``codebook.md`` (coder files must carry its version) and ``quotes.csv``.
    quotes_path : path-like, optional
        The quotes the coders labelled, if not ``<labels_dir>/quotes.csv``.
    codebook_path : path-like, optional
        The codebook the files were coded under. Default: the one of the version the files'
        rows name, ``<labels_dir>/codebook.md`` or an edition archived in
        ``<labels_dir>/codebook-archive/`` (e.g. the version whose disagreements led to a revision).

    Returns
    -------
    Agreement
        :func:`agreement`'s result plus ``codebook_version``, ``codebook_path`` (the codebook
        used) and ``sources`` (path and sha256 of every coder file), ready for an experiment report.
    """
    if len(paths) < 2:
        raise InputError(f"agreement needs at least two coder files, got {len(paths)}; "
                         f"e.g. stance agree labels/annotations/alice.csv labels/annotations/bob.csv")
    gp = GoldPaths.in_folder(labels_dir)
    qpath = quotes_path if quotes_path is not None else gp.quotes
    quote_ids, quote_text = quote_texts(qpath)
    if codebook_path is None:
        codebook_path = coder_files_codebook(paths, labels_dir)
    version = codebook_version(codebook_path)
    files = load_coder_files(paths, quote_ids, version, str(qpath))
    result = agreement({f.annotator: f.labels for f in files}, STANCE_SCHEME, texts=quote_text,
                       notes={f.annotator: f.notes for f in files})
    return replace(result, codebook_version=version, codebook_path=str(codebook_path),
                   sources={f.annotator: CoderSource(str(f.path), sha256_file(f.path)) for f in files})
