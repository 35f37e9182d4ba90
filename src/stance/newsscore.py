"""Score the segmenter on a listed corpus (``labels/news/`` layout) and write its report.

The listing gives the gold units (offsets, kind, speaker, speaker_type); the page texts come
from a separate, git-ignored folder. Pages fall into a *tuning* and a *test* half
(:func:`stance.pagecorpus.half`). Errors may be listed only for the tuning half: the test half
is scored in aggregate, a handful of times, and every scoring of it is logged
(``experiments/test-half-log.csv``: date, what, git commit) so that the count is known.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
from pathlib import Path

from . import provenance
from .errors import InputError
from .pagecorpus import HALVES, Listing, load_page_texts, load_units, read_units
from .segment import quote_rows, segment_text
from .segscore import SPEAKER_TYPE_GROUPS, bootstrap_scores, format_errors, page_counts, quote_errors
from .tables import write_json, write_text

HALF_CHOICES = ("tuning", "test", "both")
LOG_COLUMNS = ("date", "what", "commit")
SECOND_ANNOTATION = "units-second.csv"  # in a listing folder, when there is one
GROUP_ORDER = ("overall", "direct", "indirect") + tuple(f"type:{t}" for t in SPEAKER_TYPE_GROUPS)


def halves_of(choice: str) -> tuple[str, ...]:
    """``'both'`` -> both halves, else the one named; anything else is refused."""
    if choice not in HALF_CHOICES:
        raise InputError(f"--half must be one of {', '.join(HALF_CHOICES)}, got '{choice}'")
    return HALVES if choice == "both" else (choice,)


def segment_pages(listing: Listing, texts: str | os.PathLike, halves: tuple[str, ...]):
    """Segment the pages of the given halves: ``(pred rows, gold DataFrame, page ids)``."""

    gold = load_units(listing, texts, halves)
    pages = load_page_texts(listing, texts, halves)
    pred = quote_rows((pid, segment_text(text, pid)) for pid, text in pages.items())
    return pred, gold, sorted(pages)


def score_listing(listing: Listing, texts: str | os.PathLike, choice: str = "tuning",
                  n_boot: int = 1000, seed: int = 0) -> dict:
    """Scores with page-bootstrap 95 % intervals for one half or both (pooled).

    Returns
    -------
    dict
        As :func:`stance.segscore.bootstrap_scores`, plus ``half`` and ``n_cut_units`` (units
        cut off by excerpt ends, left out of the gold).
    """
    halves = halves_of(choice)
    pred, gold, pages = segment_pages(listing, texts, halves)
    return _page_scores(listing, pred, gold, pages, choice, n_boot, seed)


def score_second_annotation(listing: Listing, texts: str | os.PathLike, second: str | os.PathLike,
                            n_boot: int = 1000, seed: int = 0) -> dict:
    """How far a second, independent marking of the same pages agrees with the listing's gold.

    ``second`` is a units file in the listing's ``quotes.csv`` schema, made by an annotator who
    never saw the gold. Scored exactly as the segmenter is (the second marking in the place of
    the predictions), on the pages it covers, so its F1 is a ceiling of sorts for any segmenter
    judged against one annotator's gold.

    Returns
    -------
    dict
        As :func:`score_listing`, with ``half`` set to ``"second annotation"``.
    """
    units = read_units(second, listing.pages)
    pages = sorted({u.doc_id for u in units})
    gold = load_units(listing, texts)
    gold = gold[gold["doc_id"].isin(pages)]
    pred = [{"doc_id": u.doc_id, "start": u.start, "end": u.end, "kind": u.kind, "speaker": u.speaker,
             "speaker_type": u.speaker_type} for u in units]
    return _page_scores(listing, pred, gold, pages, "second annotation", n_boot, seed)


def _page_scores(listing: Listing, pred, gold, pages: list[str], label: str, n_boot: int, seed: int) -> dict:
    """Bootstrap scores over ``pages``, labelled, with the units their excerpts cut off."""
    out = bootstrap_scores(page_counts(pred, gold, pages, GROUP_ORDER), n_boot=n_boot, seed=seed)
    out["half"] = label
    out["n_cut_units"] = sum(listing.pages[pid].cut_units for pid in pages)
    return out


def listing_errors(listing: Listing, texts: str | os.PathLike, choice: str) -> str:
    """Misses, false hits, partial matches and speaker errors: tuning half only."""
    if choice != "tuning":
        raise InputError("--errors lists misses and false hits only for the tuning half (the test "
                         "half is scored in aggregate only); use --half tuning")
    pred, gold, _ = segment_pages(listing, texts, ("tuning",))
    return format_errors(quote_errors(pred, gold))


def _pct(x) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def _ci(pair) -> str:
    if not pair or pair[0] is None:
        return ""
    return f" [{100 * pair[0]:.1f}, {100 * pair[1]:.1f}]"


def format_listing_scores(scores: dict) -> str:
    """A readable table: one line per group, F1 at 30 %/80 %, exact F1, speaker accuracy."""
    lines = [f"half: {scores['half']}  pages: {scores['n_pages']}  (units cut by excerpt ends, "
             f"not counted: {scores['n_cut_units']})",
             f"{'group':18} {'gold':>4} {'pred':>4}  {'P80':>5} {'R80':>5}  {'F1@80 [95% CI]':<20} "
             f"{'F1@30':>5}  {'exact F1':>8}  {'speaker acc [95% CI]':<20}"]
    for grp in GROUP_ORDER:
        s = scores.get(grp)
        if not s:
            continue
        o80 = s["overlap80"]
        lines.append(f"{grp:18} {s['n_gold']:4d} {s['n_pred']:4d}  {_pct(o80['precision']):>5} "
                     f"{_pct(o80['recall']):>5}  {(_pct(o80['f1']) + _ci(o80['f1_ci95'])):<20} "
                     f"{_pct(s['overlap30']['f1']):>5}  {_pct(s['exact']['f1']):>8}  "
                     f"{(_pct(s['speaker_accuracy']) + _ci(s['speaker_accuracy_ci95'])):<20}")
    gap = scores.get("indirect_minus_direct")
    if gap:
        lines.append(f"indirect - direct, recall at 80%: {100 * gap['recall']:+.1f} points"
                     f"{_ci(gap['recall_ci95'])}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The report: both halves, logged.

def git_commit(where: str | os.PathLike = ".") -> str:
    """Short commit of the checkout (``-dirty`` when tracked files changed), or ``unknown``."""
    full = provenance.git_commit(where)
    if not full:
        return "unknown"
    sha, _, dirty = full.partition("-")
    return sha[:7] + ("-" + dirty if dirty else "")


def log_test_scoring(log: Path, what: str, commit: str) -> int:
    """Append one line to the test-half log; return how many scorings it now records."""
    rows = read_log(log)
    rows.append({"date": _dt.date.today().isoformat(), "what": what, "commit": commit})
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=LOG_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text(log, buf.getvalue())
    return len(rows)


def read_log(log: Path) -> list[dict]:
    """The rows of the test-half log (empty when it does not exist yet)."""
    if not log.is_file():
        return []
    with open(log, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or list(reader.fieldnames) != list(LOG_COLUMNS):
            raise InputError(f"{log}: expected the columns {','.join(LOG_COLUMNS)}; fix or move the file")
        return [dict(r) for r in reader]


def write_report(listing: Listing, texts: str | os.PathLike, out_dir: str | os.PathLike,
                 log: str | os.PathLike | None = None, what: str | None = None,
                 n_boot: int = 1000, seed: int = 0) -> dict:
    """Score both halves, write ``report.md`` and ``metrics.json`` and log the test scoring.

    Parameters
    ----------
    out_dir : path-like
        Report folder, e.g. ``experiments/news-segment``.
    log : path-like, optional
        The test-half log; default ``<out_dir>/../test-half-log.csv``.
    what : str, optional
        What the scoring was for, written to the log; default ``segment report <folder>``, so
        that the log says which corpus's test half was scored.

    Returns
    -------
    dict
        The metrics written to ``metrics.json``.
    """
    out_dir = Path(out_dir)
    log = Path(log) if log is not None else out_dir.parent / "test-half-log.csv"
    read_log(log)  # refuse a malformed log before doing anything
    halves = {h: score_listing(listing, texts, h, n_boot=n_boot, seed=seed) for h in HALVES}
    second = listing.folder / SECOND_ANNOTATION
    commit = git_commit(Path(__file__).resolve().parent)  # the code that scored, not the report's folder
    n_scored = log_test_scoring(log, what or f"segment report {listing.folder.as_posix()}", commit)
    metrics = {"halves": halves, "n_boot": n_boot, "seed": seed, "commit": commit,
               "test_half_scorings": n_scored}
    if second.is_file():  # the gold's own reliability, beside the segmenter's scores
        metrics["second_annotation"] = score_second_annotation(listing, texts, second, n_boot, seed)
    write_json(out_dir / "metrics.json", metrics)
    body = [
        "# Segmenter on the real-news corpus",
        "",
        f"Made by `stance segment --gold {listing.folder} --texts DIR --report {out_dir}` at commit "
        f"{commit}. Gold: `{listing.folder}` (units cut off by excerpt ends are left out). A unit "
        f"matches when the prediction covers >= 80 % (or 30 %) of the gold span; exact means the "
        f"same offsets. Speaker accuracy is over units matched at 30 %. Intervals: 95 % percentile "
        f"bootstrap over pages ({n_boot} draws, seed {seed}). Type rows: recall by the gold "
        f"unit's speaker_type, precision by the predicted one.",
        "",
        f"The log `{log.name}` now records {n_scored} scoring(s) of a test half, all corpora and "
        f"experiments together (each line names what was scored); errors are only ever listed "
        f"for the tuning half.",
        "",
    ]
    for h in HALVES:
        body += [f"## {h} half", "", "```", format_listing_scores(halves[h]), "```", ""]
    if "second_annotation" in metrics:
        body += ["## A second annotator against the gold", "",
                 f"`{SECOND_ANNOTATION}`: the same pages marked again by an annotator who never saw the "
                 f"gold, scored exactly as the segmenter is. It shows how far two careful readings of "
                 f"the unit rules agree: a ceiling of sorts for any segmenter judged against one of them.",
                 "", "```", format_listing_scores(metrics["second_annotation"]), "```", ""]
    write_text(out_dir / "report.md", "\n".join(body))
    return metrics
