"""The segmenter's public API: Quote, segment_text, segment_articles, quote_rows.

Article texts in this file are INVENTED TEST DATA, not real news.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from stance.corpus import Article, iter_articles
from stance.errors import InputError
from stance.batch import segment_articles
from stance.segment import QUOTE_COLUMNS, Quote, quote_id, quote_rows, segment_text
from stance.segscore import score_quotes

ROOT = Path(__file__).resolve().parents[1]

# invented test data: a short article with direct, continued and reported speech
ARTICLE = (
    "Clinic plan backed - councillor\n"
    "\n"
    "Councillor Wren Hallam said the new clinic would open in the spring.\n"
    "\n"
    "READ MORE: Town centre car park to close for repairs\n"
    "\n"
    "She said: “People who use drugs need help, and this clinic will give it to them.\n"
    "\n"
    "“We have waited long enough.”\n"
    "\n"
    "Cllr Hallam added that the council would review the scheme after a year.\n"
)


def test_segment_text_finds_units_in_order_with_valid_offsets():
    out = segment_text(ARTICLE, "doc1")
    assert [(q.kind, q.text, q.speaker) for q in out] == [
        ("indirect", "Clinic plan backed", "Wren Hallam"),
        ("indirect", "the new clinic would open in the spring", "Wren Hallam"),
        ("direct", "People who use drugs need help, and this clinic will give it to them.", "Wren Hallam"),
        ("direct", "We have waited long enough.", "Wren Hallam"),
        ("indirect", "the council would review the scheme after a year", "Wren Hallam"),
    ]
    assert [q.start for q in out] == sorted(q.start for q in out)
    assert all(ARTICLE[q.start : q.end] == q.text and q.doc_id == "doc1" for q in out)
    assert out[1].speaker_role == "Councillor"


def test_segment_text_is_deterministic():
    assert segment_text(ARTICLE, "a") == segment_text(ARTICLE, "a")


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n", "\ufeff"])
def test_empty_text_gives_no_units(text):
    assert segment_text(text) == []


def test_segment_text_rejects_bytes():
    with pytest.raises(InputError, match="expects the article text as str"):
        segment_text(b"Ada said hello", "x")  # type: ignore[arg-type]


def test_quote_to_row_has_the_quotes_csv_columns():
    q = Quote("d", 3, 8, "direct", "Ada Pike", "", "hello")
    row = q.to_row("d-01")
    assert tuple(row) == QUOTE_COLUMNS
    assert row["quote_id"] == "d-01" and row["start"] == 3


def test_quote_id_is_two_digits_and_widens_past_99():
    assert quote_id("doc", 3, 12) == "doc-03"
    assert quote_id("doc", 3, 100) == "doc-003"
    assert quote_id("doc", 100, 100) == "doc-100"


def test_quote_rows_numbers_units_per_article():
    rows = quote_rows([("b", segment_text(ARTICLE, "b")), ("a", segment_text(ARTICLE[:101], "a"))])
    assert [r["quote_id"] for r in rows] == ["b-01", "b-02", "b-03", "b-04", "b-05", "a-01", "a-02"]
    assert all(tuple(r) == QUOTE_COLUMNS for r in rows)


def test_quote_rows_accepts_loose_quotes_in_any_order():
    qs = segment_text(ARTICLE, "z")
    rows = quote_rows(list(reversed(qs)))
    assert [r["start"] for r in rows] == sorted(q.start for q in qs)


def _articles(n: int) -> list[Article]:
    # invented test data, varied so that results differ between articles
    return [
        Article(f"art{i:03d}", "", ARTICLE.replace("Hallam", f"Hallam{'x' * (i % 3)}")) for i in range(n)
    ]


def test_segment_articles_parallel_matches_serial_and_keeps_order():
    arts = _articles(23)
    serial = list(segment_articles(arts, jobs=1))
    parallel = list(segment_articles(iter(arts), jobs=2, chunk_size=4))
    assert [d for d, _ in parallel] == [a.doc_id for a in arts]
    assert parallel == serial


@pytest.mark.parametrize("jobs", [-1, 1.5, "2"])
def test_segment_articles_rejects_bad_jobs(jobs):
    with pytest.raises(InputError, match="jobs must be a whole number"):
        list(segment_articles(_articles(1), jobs=jobs))


def test_segment_articles_reads_corpus_files(tmp_path):
    p = tmp_path / "invented_article.txt"
    p.write_bytes(("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode("utf-8"))
    (doc_id, quotes), = list(segment_articles(iter_articles([tmp_path])))
    text = p.read_bytes().decode("utf-8")[1:]
    assert doc_id == "invented_article"
    assert len(quotes) == 5
    assert all(text[q.start : q.end] == q.text and "\r" not in q.text for q in quotes)


GOLD = ROOT / "labels" / "quotes.csv"


@pytest.mark.skipif(not GOLD.exists(), reason="labels/quotes.csv not present")
def test_seed_gold_targets():
    """Issue acceptance: F1 at 80 % overlap >= 0.95 and speaker accuracy >= 0.97 on the seeds."""
    with GOLD.open(encoding="utf-8", newline="") as fh:
        gold = list(csv.DictReader(fh))
    docs = {g["doc_id"] for g in gold}
    arts = [a for a in iter_articles([ROOT / "seeds"]) if a.doc_id in docs]
    assert arts, "the seed articles named in labels/quotes.csv are missing"
    rows = quote_rows(segment_articles(arts))
    for r in rows:
        text = next(a.text for a in arts if a.doc_id == r["doc_id"])
        assert text[r["start"] : r["end"]] == r["text"]
    scores = score_quotes(rows, gold)
    assert scores["overall"]["overlap80"]["f1"] >= 0.95
    assert scores["overall"]["speaker_accuracy"] >= 0.97
    for kind in ("direct", "indirect"):
        assert scores[kind]["overlap80"]["f1"] >= 0.9


def test_segment_table_is_a_quotes_csv_dataframe(tmp_path):
    from stance.batch import segment_table

    (tmp_path / "invented_a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "invented_b.txt").write_text("Nothing quoted here.\n", encoding="utf-8")
    table = segment_table([tmp_path], jobs=1)
    assert list(table.columns) == list(QUOTE_COLUMNS)
    assert list(table["quote_id"]) == [f"invented_a-0{i}" for i in range(1, 6)]
    empty = segment_table([tmp_path / "invented_b.txt"])
    assert list(empty.columns) == list(QUOTE_COLUMNS) and len(empty) == 0
