"""Articles in, speaker positions out: the streaming run behind ``stance analyse``.

Articles stream from :func:`stance.inputs.iter_inputs` in chunks to worker processes (or a
Dask cluster), each of which segments them (:func:`stance.segment.segment_text`) and scores
their quotes with the plain-data model (:class:`stance.scorer.Scorer`). The main process
writes every quote and every article's status straight to disk and keeps only compact tallies
(per speaker and article: quotes, on-axis quotes, sum of positions), so memory grows with the
number of speaker-article pairs, not with the text. At the end it computes positions with
article-bootstrap intervals (:mod:`stance.positions`), label distributions corrected for the
model's measured errors (:mod:`stance.quantify`), near-variant speaker names
(:mod:`stance.speakers`) and renders the report (:mod:`stance.analysisreport`).

The output folder is built under a temporary name beside it and swapped in at the end: a failed
or interrupted run leaves no half-written folder. An empty, undecodable or unfetchable article
is skipped and listed with its reason in ``articles.csv``; it never stops the run.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

from .analysisreport import write_analysis_report
from .batch import Progress, ordered_map, resolve_jobs
from .errors import InputError
from .evaluate import FEW_QUOTES
from .fetch import require_extractor
from .folders import FolderKind, atomic_folder
from .inputs import check_inputs, iter_inputs
from .labels import load_quotes, load_stance
from .modelfile import open_model, scheme_of
from .pagecorpus import load_listing, load_units
from .positions import compare_positions, gold_positions
from .quantify import error_profile, quantify
from .scorer import Scorer as ChunkScorer, class_order, prediction_columns
from .segment import segment_text
from .speakers import SpeakerRegistry, near_variants, read_speaker_map, speaker_key, spelling_list
from .stats import known
from .tables import write_rows, write_table
from .tally import Tally, period_of, position_rows


# Analysis folders written before the shared folder rule carried this file instead of its marker.
LEGACY_MARKER = ".stance-analyse"
ANALYSIS_FOLDER = FolderKind("analysis (stance analyse)", legacy_required=LEGACY_MARKER,
                             legacy_files=(LEGACY_MARKER, "*.csv", "*.png", "report.md", "report.html",
                                           "provenance.json"),
                             fix="Give a new or empty folder with --out")
PERIODS = ("year", "quarter", "month")
# The quotes.csv of an analysis: the segmenter's columns (stance.segment.QUOTE_COLUMNS) reordered, with the
# canonical speaker name beside the one found; prediction and article columns follow.
ANALYSE_QUOTE_COLUMNS = ("quote_id", "doc_id", "start", "end", "kind", "speaker", "speaker_as_found", "speaker_type",
                         "speaker_role", "text")
ARTICLE_COLUMNS = ("doc_id", "source", "status", "reason", "note", "n_quotes", "n_chars", "date", "period",
                   "outlet", "headline", "url")
META_COLUMNS = ("date", "outlet", "headline", "url")


@dataclass(frozen=True)
class AnalyseOptions:
    """Settings of one run (recorded in ``provenance.json``)."""

    period: str = "year"
    n_boot: int = 1000
    seed: int = 0
    few: int = FEW_QUOTES
    quantification: str = "pacc"
    chunk_size: int = 64
    jobs: int = 1
    encoding: str = "utf-8"
    text_column: str = "text"

    def __post_init__(self):
        if self.period not in PERIODS:
            raise InputError(f"--period must be one of {', '.join(PERIODS)}, got '{self.period}'")
        if self.n_boot < 1:
            raise InputError(f"--n-boot must be 1 or more, got {self.n_boot}")
        if self.chunk_size < 1:
            raise InputError(f"--chunk-size must be 1 or more, got {self.chunk_size}")


@dataclass
class AnalyseResult:
    """What a run produced: counts, the tables, and where the folder is."""

    out: Path
    n_articles: int
    n_used: int
    skipped: dict[str, int]
    n_quotes: int
    quantification: str
    speakers: object  # pandas.DataFrame: speakers.csv
    periods: object
    outlets: object
    variants: list
    classes: list[str]
    overall: dict
    model: dict
    gold: dict | None = None
    seconds: float = 0.0
    options: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------ the workers

class ArticleWorker:
    """Segments a chunk of articles and scores all their quotes at once (one per process).

    Called with ``[(doc_id, text or None), ...]``; returns ``(per_article, quotes, columns)``:
    per article ``(n_quotes, failure reason)``, every quote as a tuple (start, end, kind,
    speaker, speaker_role, text, speaker_type), and the prediction columns of all quotes.
    """

    def __init__(self, model, scheme):
        self.scorer = ChunkScorer(model, scheme)

    def __call__(self, items: Sequence[tuple[str, str | None]]):
        per_article, quotes = [], []
        for doc_id, text in items:
            if text is None:
                per_article.append((0, ""))
                continue
            try:
                found = segment_text(text, doc_id)
            except Exception as exc:  # one article the segmenter cannot handle never stops the run
                per_article.append((0, f"segmenter failed: {type(exc).__name__}: {exc}"[:300]))
                continue
            per_article.append((len(found), ""))
            quotes.extend((q.start, q.end, q.kind, q.speaker, q.speaker_role, q.text,
                           getattr(q, "speaker_type", "") or "") for q in found)
        scored = self.scorer([q[5] for q in quotes])
        return per_article, quotes, scored.columns()


def _dask_chunk(model, scheme, items):
    cache = model.__dict__.setdefault("_article_workers", {})
    key = repr(scheme)
    if key not in cache:
        cache[key] = ArticleWorker(model, scheme)
    return cache[key](items)


def _dask_map(client, model, scheme, chunks: Iterable, in_flight: int) -> Iterator:
    """The same work on a Dask cluster: chunks submitted with bounded look-ahead, results in order."""
    shipped = client.scatter(model, broadcast=True, hash=False)
    pending: deque = deque()
    for chunk in chunks:
        pending.append(client.submit(_dask_chunk, shipped, scheme, chunk, pure=False))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# ------------------------------------------------------------------------------ the run

def _chunks(articles: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def analyse(inputs: Sequence[str | os.PathLike], out: str | os.PathLike, model_path: str | os.PathLike,
            options: AnalyseOptions = AnalyseOptions(), speaker_map: str | os.PathLike | None = None,
            fetcher=None, client=None, gold: str | os.PathLike | None = None,
            root: str | os.PathLike | None = None, progress: bool | None = None,
            force: bool = False) -> AnalyseResult:
    """Run articles -> quotes -> stance -> positions into the folder ``out``.

    Parameters
    ----------
    inputs : sequence of path-like
        Folders of ``.txt`` files, article files, tables (``.csv``/``.jsonl``/``.parquet``) and
        ``.urls`` lists (see :mod:`stance.inputs`).
    out : path-like
        The output folder; written whole at the end or not at all.
    model_path : path-like
        A model trained by ``stance train`` (its verified plain-data twin is used).
    options : AnalyseOptions
    speaker_map : path-like, optional
        A speaker map (:func:`stance.speakers.read_speaker_map`).
    fetcher : stance.fetch.Fetcher, optional
        Needed for URL lists.
    client : distributed.Client, optional
        Run the chunks on this Dask cluster instead of local processes.
    gold : path-like, optional
        A labels folder (``quotes.csv``, ``stance.csv``) whose articles are among the inputs:
        the report then compares the speaker positions with the gold ones.
    root : path-like, optional
        Project root, for the git commit in the provenance.
    progress : bool or None
        Progress bar on stderr (None: when stderr is a terminal).
    force : bool
        Replace an earlier analysis folder even if other files were put into it (the shared
        rule of :mod:`stance.folders`).

    Returns
    -------
    AnalyseResult
    """
    started = time.perf_counter()
    _check_run_inputs(inputs, options, fetcher)
    run = _start_run(model_path, options, speaker_map)
    with atomic_folder(out, ANALYSIS_FOLDER, inputs, force) as tmp:
        scored = _scored_chunks(run, inputs, options, fetcher, client)
        _write_quotes_and_articles(tmp, run, scored, options.period, progress)
        result = _summarise(tmp, run, options, model_path)
        if gold is not None:
            result.gold = _gold_comparison(gold, result.speakers, run.fast, run.scheme, run.registry, options,
                                           run.analysed)
        result.seconds = time.perf_counter() - started
        result.out = Path(out)
        write_analysis_report(result, tmp, root)
    return result


def _check_run_inputs(inputs: Sequence[str | os.PathLike], options: AnalyseOptions, fetcher) -> None:
    """Refuse a run without inputs, or with URL lists and no way to fetch them, before any work."""
    if not inputs:
        raise InputError("give at least one input: a folder of .txt files, a table or a .urls list")
    kinds = check_inputs(inputs, options.text_column)
    if any(k == "urls" for _, k in kinds):
        require_extractor()
        if fetcher is None:
            raise InputError("a .urls input needs a fetcher")


@dataclass
class _Run:
    """What a run holds while the articles stream past: the model, the speakers, tallies and counts."""

    fast: object
    meta: dict
    scheme: object
    classes: list[str]
    profile: object
    registry: SpeakerRegistry
    jobs: int
    pred_columns: list[str]
    tally: Tally
    label_index: dict[str, int]
    skipped: Counter = field(default_factory=Counter)
    analysed: set[str] = field(default_factory=set)
    n_articles: int = 0
    n_used: int = 0
    n_quotes: int = 0


def _start_run(model_path: str | os.PathLike, options: AnalyseOptions,
               speaker_map: str | os.PathLike | None) -> _Run:
    """Open the model and the speaker map; empty tallies over the model's classes."""
    fast, meta = open_model(model_path)
    scheme = scheme_of(meta)
    classes = class_order(fast, scheme)
    profile = error_profile(meta, classes)
    registry = SpeakerRegistry(read_speaker_map(speaker_map) if speaker_map is not None else None)
    return _Run(fast=fast, meta=meta, scheme=scheme, classes=classes, profile=profile, registry=registry,
                jobs=resolve_jobs(options.jobs), pred_columns=prediction_columns(classes),
                tally=Tally(classes, dict(scheme.positions)), label_index={c: i for i, c in enumerate(classes)})


def _scored_chunks(run: _Run, inputs: Sequence[str | os.PathLike], options: AnalyseOptions, fetcher,
                   client) -> Iterator[tuple[list, tuple]]:
    """Each chunk of input articles with what its worker made of it, in input order."""
    chunks = _chunks(iter_inputs(inputs, options.text_column, options.encoding, fetcher), options.chunk_size)
    pending: deque = deque()

    def work_items():
        for chunk in chunks:
            pending.append(chunk)
            yield [(a.doc_id, a.text if a.ok else None) for a in chunk]

    if client is not None:
        in_flight = 2 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
        results = _dask_map(client, run.fast, run.scheme, work_items(), in_flight)
    else:
        results = ordered_map(ArticleWorker, (run.fast, run.scheme), work_items(), run.jobs)
    for result in results:
        yield pending.popleft(), result


def _write_quotes_and_articles(tmp: Path, run: _Run, scored: Iterable[tuple[list, tuple]], period: str,
                               progress: bool | None) -> None:
    """Write ``quotes.csv`` and ``articles.csv`` chunk by chunk, tallying as they go."""
    with open(tmp / "quotes.csv", "w", encoding="utf-8", newline="") as qfh, \
            open(tmp / "articles.csv", "w", encoding="utf-8", newline="") as afh, \
            Progress("analysing", None, "articles", progress) as bar:
        write_rows(qfh, [[*ANALYSE_QUOTE_COLUMNS, *run.pred_columns, *META_COLUMNS]])
        write_rows(afh, [ARTICLE_COLUMNS])
        for chunk, result in scored:
            a_rows, q_rows = _chunk_rows(run, chunk, result, period)
            write_rows(afh, a_rows)
            write_rows(qfh, q_rows)
            bar.advance(len(chunk))


class _Scored(NamedTuple):
    """A chunk's prediction columns, one entry per quote."""

    labels: Sequence[str]
    positions: Sequence
    p_on: Sequence
    prob_rows: Sequence[Sequence[float]]


def _chunk_rows(run: _Run, chunk: Sequence, result: tuple, period: str) -> tuple[list[list], list[list]]:
    """The ``articles.csv`` and ``quotes.csv`` rows of one chunk; counts and tallies updated."""
    per_article, quotes, cols = result
    labels, positions, p_on, *probs = cols
    scored = _Scored(labels, positions, p_on, list(zip(*probs)) if probs else [()] * len(labels))
    q = 0
    a_rows, q_rows = [], []
    for art, (nq, failure) in zip(chunk, per_article):
        run.n_articles += 1
        reason = art.reason or failure
        art_period = period_of(art.date, period)
        if reason:
            run.skipped[reason.split(":")[0]] += 1
            a_rows.append([art.doc_id, art.source, "skipped", reason, art.note, 0, 0, art.date, art_period,
                           art.outlet, art.headline, art.url])
            continue
        run.n_used += 1
        aidx = run.tally.article(art_period, art.outlet)
        run.analysed.add(art.doc_id)
        a_rows.append([art.doc_id, art.source, "ok", "", art.note, nq, len(art.text), art.date, art_period,
                       art.outlet, art.headline, art.url])
        q_rows += _article_quote_rows(run, art, aidx, quotes[q:q + nq], q, scored)
        q += nq
        run.n_quotes += nq
    return a_rows, q_rows


def _article_quote_rows(run: _Run, art, aidx: int, found: Sequence[tuple], first: int,
                        scored: _Scored) -> list[list]:
    """One article's ``quotes.csv`` rows (``found`` are its quotes, the chunk's from ``first``)."""
    registry = run.registry
    rows, sids, lidx = [], [], []
    width = max(2, len(str(len(found))))
    for n, (start, end, kind, speaker, role, text, stype) in enumerate(found):
        sid = registry.resolve(speaker, stype) if speaker.strip() else -1
        name = registry.names[sid] if sid >= 0 else ""
        row_type = registry.types[sid] if sid >= 0 else stype
        i = first + n
        rows.append([f"{art.doc_id}-{n + 1:0{width}d}", art.doc_id, start, end, kind, name, speaker, row_type, role,
                     text, scored.labels[i], known(scored.positions[i]), scored.p_on[i], *scored.prob_rows[i],
                     art.date, art.outlet, art.headline, art.url])
        if sid >= 0:
            sids.append(sid)
            lidx.append(run.label_index[scored.labels[i]])
    run.tally.quotes(aidx, sids, lidx, [scored.prob_rows[first + n] for n, quote in enumerate(found)
                                        if quote[3].strip()])
    return rows


def _summarise(tmp: Path, run: _Run, options: AnalyseOptions, model_path) -> AnalyseResult:
    """Speaker, period and outlet positions and near-variant names from the tallies, written into ``tmp``."""
    # lazy: pandas is heavy; only the final tables need it, not the Dask workers that import this module
    import pandas as pd

    pairs = run.tally.columns()
    speakers, method_used = _speaker_table(run, pairs, options)
    overall = _overall(run, options)
    if not len(speakers):
        method_used = overall["method"]
    periods = _grouped_table(run, pairs, "period", options)
    outlets = _grouped_table(run, pairs, "outlet", options)
    variants = near_variants(run.registry.names, run.registry.types)
    write_table(speakers, tmp / "speakers.csv")
    write_table(periods, tmp / "periods.csv")
    write_table(outlets, tmp / "outlets.csv")
    write_table(pd.DataFrame([{"name_a": v.name_a, "name_b": v.name_b, "reason": v.reason, "canonical": ""}
                              for v in variants], columns=["name_a", "name_b", "reason", "canonical"]),
                tmp / "variants.csv")
    meta = run.meta
    model = {"path": str(model_path), "sha256": meta.get("model_sha256"), "fast_sha256": meta.get("fast_model_sha256"),
             "scheme": meta.get("scheme", {}).get("name"), "cv_scores": meta.get("cv_scores"),
             "cv_confusion": run.profile is not None, "trained_at": meta.get("trained_at")}
    return AnalyseResult(out=tmp, n_articles=run.n_articles, n_used=run.n_used, skipped=dict(run.skipped),
                         n_quotes=run.n_quotes, quantification=method_used, speakers=speakers, periods=periods,
                         outlets=outlets, variants=variants, classes=list(run.classes), overall=overall, model=model,
                         options={k: getattr(options, k) for k in options.__dataclass_fields__})


def _speaker_table(run: _Run, pairs: dict, options: AnalyseOptions) -> tuple[object, str]:
    """The ``speakers.csv`` table, most quoted first, and the quantification method it used."""
    # lazy: pandas is heavy; only the final tables need it, not the Dask workers that import this module
    import pandas as pd

    classes, registry, tally = run.classes, run.registry, run.tally
    rows = {r["sid"]: r for r in position_rows(pairs, ("sid",), options.n_boot, options.seed)}
    out, method_used = [], "cc"
    for sid, name in enumerate(registry.names):
        r = rows.get(sid)
        if r is None:
            continue
        info = registry.info[sid]
        counts = tally.counts[sid]
        method, dist = quantify(counts, tally.probs[sid], run.profile, options.quantification)
        method_used = method
        corr = _position_of(dist, classes, run.scheme)
        out.append({"speaker": name, "speaker_type": registry.types[sid],
                    "organisation": info.organisation if info else "", "role": info.role if info else "",
                    "n_quotes": r["n_quotes"], "n_articles": r["n_articles"], "n_on_axis": r["n_on_axis"],
                    "position": r["position"], "position_low": r["position_low"], "position_high": r["position_high"],
                    "few": r["n_on_axis"] < options.few, "position_corrected": corr,
                    **{f"n_{c}": counts[j] for j, c in enumerate(classes)},
                    **{f"share_{c}": counts[j] / max(1, sum(counts)) for j, c in enumerate(classes)},
                    **{f"corrected_{c}": dist[j] for j, c in enumerate(classes)},
                    "spellings": spelling_list(registry, sid)})
    cols = ["speaker", "speaker_type", "organisation", "role", "n_quotes", "n_articles", "n_on_axis", "position",
            "position_low", "position_high", "few", "position_corrected",
            *[f"n_{c}" for c in classes], *[f"share_{c}" for c in classes], *[f"corrected_{c}" for c in classes],
            "spellings"]
    speakers = pd.DataFrame(out, columns=cols)
    if len(speakers):
        speakers = speakers.sort_values(["n_quotes", "speaker"], ascending=[False, True]).reset_index(drop=True)
    return speakers, method_used


def _overall(run: _Run, options: AnalyseOptions) -> dict:
    """Label counts, shares and the corrected distribution over all quotes with a speaker."""
    classes, tally = run.classes, run.tally
    all_counts = [sum(c[j] for c in tally.counts) for j in range(len(classes))]
    all_probs = [sum(p[j] for p in tally.probs) for j in range(len(classes))]
    method_all, dist_all = quantify(all_counts, all_probs, run.profile, options.quantification)
    return {"counts": dict(zip(classes, all_counts)),
            "share": dict(zip(classes, [c / max(1, sum(all_counts)) for c in all_counts])),
            "corrected": dict(zip(classes, dist_all)), "method": method_all}


def _grouped_table(run: _Run, pairs: dict, column: str, options: AnalyseOptions):
    """Positions per ``column`` (period or outlet): all speakers together, then each speaker."""
    # lazy: pandas is heavy; only the final tables need it, not the Dask workers that import this module
    import pandas as pd

    rows = position_rows(pairs, (column,), options.n_boot, options.seed) + \
        position_rows(pairs, ("sid", column), options.n_boot, options.seed)
    names, labels = run.registry.names, run.tally.names(column)
    df = pd.DataFrame([{**r, "speaker": names[r["sid"]] if "sid" in r else "(all speakers)", column: labels[r[column]]}
                       for r in rows if labels[r[column]] != ""],
                      columns=["speaker", column, "n_quotes", "n_articles", "n_on_axis", "position", "position_low",
                               "position_high"])
    return df.sort_values(["speaker", column], kind="stable").reset_index(drop=True)


def _position_of(dist: Sequence[float], classes: Sequence[str], scheme) -> float | None:
    on = [(p, scheme.positions[c]) for p, c in zip(dist, classes) if c in scheme.positions]
    den = sum(p for p, _ in on)
    return sum(p * x for p, x in on) / den if den > 0 else None


def _gold_comparison(gold: str | os.PathLike, speakers, fast, scheme, registry, options: AnalyseOptions,
                     analysed: set[str]) -> dict:
    """Speaker positions from analyse, and from the model on gold spans, against gold labels.

    The first figure is the end-to-end one (segmenter + model); the second scores the gold
    quote spans with the same model, so the difference is the segmenter's share of the error.
    Only gold quotes of the articles analysed in this run count, so a run over one half of a
    corpus is compared with that half's gold. ``gold`` is a labels folder or a listed corpus
    (``pages.csv``; its texts in ``texts/`` beside it).
    """
    gold = Path(gold)
    if (gold / "pages.csv").is_file():
        quotes = load_units(load_listing(gold), gold / "texts")
    else:
        quotes = load_quotes(gold / "quotes.csv")
    quotes = quotes[quotes["doc_id"].isin(analysed)]
    if not (gold / "stance.csv").is_file():
        raise InputError(f"{gold}: no stance.csv beside quotes.csv; --gold needs a labels folder")
    labels = load_stance(gold / "stance.csv", scheme=scheme)
    # Gold names go through the same speaker map as the run's names.
    quotes = quotes.assign(speaker=[registry.names[registry.ids[k]] if (k := speaker_key(s)) in registry.ids else s
                                    for s in quotes["speaker"]])
    gold_table = gold_positions(quotes, labels, scheme)
    scorer = ChunkScorer(fast, scheme)
    scored = scorer(list(quotes["text"]))
    on_gold_spans = gold_positions(quotes.assign(label=scored.label), None, scheme)
    end_to_end = compare_positions(speakers, gold_table, n_boot=options.n_boot, seed=options.seed)
    spans = compare_positions(on_gold_spans, gold_table, n_boot=options.n_boot, seed=options.seed)
    return {"end_to_end": end_to_end, "gold_spans": spans, "n_gold_quotes": int(len(quotes))}

