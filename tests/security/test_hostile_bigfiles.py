"""Big and pathological inputs: bounded time and bounded memory.

A 50 MB file on one line (no newline anywhere) goes through ``stance segment`` and through
``read_table`` in child processes whose wall time and peak RSS (``wait4``) are measured. The
bounds are generous -- a linear-time, linear-memory implementation passes with a wide margin,
a quadratic one cannot -- so the tests guard the property, not a benchmark (timings belong in
``benchmarks/``). Inputs that the segmenter handles in super-linear time are pinned as
expected failures with the pattern that triggers them.

INVENTED TEST DATA: all text here is generated.
"""

from __future__ import annotations

import contextlib
import json
import random
import signal
import string
from pathlib import Path

import pytest

from hostile_tools import STANCE, child_env, run_measured

MB = 1 << 20
SIZE = 50 * MB
# Prose without quotation marks or reporting verbs: the segmenter's linear path.
PROSE = "Officers and charities met in the town hall on Tuesday to discuss funding, treatment and prisons. "


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    (folder / "article").mkdir()
    with open(folder / "article" / "one-line.txt", "w", encoding="utf-8") as fh:
        fh.write((PROSE * (SIZE // len(PROSE) + 1))[:SIZE])
    return folder


def test_a_50_mb_single_line_article_segments_in_bounded_time_and_memory(big):
    src, out = big / "article" / "one-line.txt", big / "quotes.csv"
    assert src.stat().st_size == SIZE and b"\n" not in src.read_bytes()[:MB]

    run = run_measured([*STANCE, "segment", str(src), "-o", str(out)], timeout=120, env=child_env(big))

    print(f"\nsegment 50 MB one line: {run.seconds:.1f} s, peak RSS {run.peak_rss_mb:.0f} MB")
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.seconds < 90
    assert run.peak_rss_mb < 25 * SIZE / MB + 250  # linear in the input: no quadratic blow-up
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("quote_id,doc_id,start,end")


READ = """
import sys
from stance.errors import StanceError
from stance.tables import read_table
try:
    df = read_table(sys.argv[1], ["text"])
    print("rows", len(df), "chars", len(df["text"][0]))
except StanceError as exc:
    print("error", len(str(exc)), str(exc)[:120])
"""


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_read_table_on_a_50_mb_single_line_file_is_bounded(big, suffix):
    import sys

    path = big / f"one-line{suffix}"
    text = "x" * (SIZE - 40)
    if suffix == ".jsonl":
        path.write_text(json.dumps({"text": text, "label": "2"}), encoding="utf-8")  # one object, no newline
    else:
        path.write_text(text, encoding="utf-8")  # a 50 MB header and nothing else

    run = run_measured([sys.executable, "-c", READ, str(path)], timeout=60)

    print(f"\nread_table 50 MB one-line {suffix}: {run.seconds:.1f} s, peak RSS {run.peak_rss_mb:.0f} MB, "
          f"{run.stdout.strip()[:80]}")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.seconds < 30 and run.peak_rss_mb < 15 * SIZE / MB + 250
    if suffix == ".jsonl":
        assert run.stdout.startswith(f"rows 1 chars {SIZE - 40}")
    else:  # the missing column is named, and the 50 MB "column name" is cut short in the message
        kind, length, message = run.stdout.split(" ", 2)
        assert kind == "error" and int(length) <= 2000 and "no column named 'text'" in message


# ------------------------------------------------------------------ super-linear patterns

@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ``TimeoutError`` once the block has used ``seconds`` of CPU time (user + system).

    CPU time, not wall time: on a shared machine, or with the suite run on two workers, a
    linear pass can wait for a core far longer than it computes; a quadratic one computes.
    """
    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s of CPU time")

    old = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def _random_text(n: int) -> str:
    rng = random.Random(0)
    return "".join(rng.choices(string.ascii_letters + string.digits + "      .,\"'-:;!?", k=n))


@pytest.mark.parametrize("pattern, size", [("he said ", 40_000), ('"a', 100_000), ("random", 2 * MB)])
def test_the_segmenter_stays_near_linear_on_one_long_paragraph(pattern, size):
    """Regression guard. The segmenter of commit 0228bbe was quadratic on one long paragraph
    ('_subject_before' scanned the whole sentence back for every reporting verb, '_find_regions'
    compared every quote region with every other): 'said ' x 8,000 (40 KB) took 22 s, '"a' x 50,000
    over 15 s, 2 MB of random printable text ~19 s, 50 MB did not finish in 300 s. Bounded
    paragraphs and a bounded subject window in segment.py bring these to about 1 s each here."""
    from stance.segment import segment_text

    text = _random_text(size) if pattern == "random" else pattern * (size // len(pattern))
    with time_limit(10.0):
        quotes = segment_text(text, "long")
    for q in quotes:
        assert text[q.start:q.end] == q.text


def test_predicting_a_2_mb_quote_keeps_memory_bounded(tmp_path, trained_model):
    src = tmp_path / "long.jsonl"
    src.write_text(json.dumps({"text": "users must face arrest or treatment " * (2 * MB // 36)}) + "\n",
                   encoding="utf-8")
    run = run_measured([*STANCE, "predict", "--model", str(trained_model), "--input", str(src), "--output",
                        str(tmp_path / "o.csv")], timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.peak_rss_mb < 25 * 2 + 150, f"peak RSS {run.peak_rss_mb:.0f} MB"


def test_label_starts_quickly_on_a_big_quotes_file(tmp_path):
    import io

    from stance.labelling import label_quotes
    from test_hostile_atomic import big_project, write_coder

    n = 12_000
    labels = big_project(tmp_path, n)
    write_coder(labels / "annotations" / "ann.csv", "ann", {f"q{i:06d}": "none" for i in range(n)})
    with time_limit(3.0):
        summary = label_quotes(labels / "quotes.csv", labels, "ann", [], inp=io.StringIO("q\n"),
                               out=io.StringIO(), err=io.StringIO())
    assert summary.status == "nothing-to-do"
