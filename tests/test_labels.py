"""Gold data loading and validation, on inline files and on the repository's labels."""

from pathlib import Path

import pytest

from stance.corpus import Article, load_articles
from stance.errors import DataFileError
from stance.labels import (codebook_version, load_gold, load_quotes, load_stance, load_table_dataset,
                           read_csv_records)

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = {"d1": Article("d1", "d1.txt", 'Ann Lee said: "Treat addiction."')}  # invented test data
HEADER = "quote_id,doc_id,start,end,kind,speaker,speaker_role,text\n"


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_valid_quotes_load_with_integer_offsets(tmp_path):
    p = write(tmp_path, "q.csv", HEADER + "q1,d1,15,31,direct,Ann Lee,,Treat addiction.\n")
    df = load_quotes(p, ARTICLES)
    assert df.loc[0, "start"] == 15 and df.loc[0, "text"] == "Treat addiction."


@pytest.mark.parametrize("row, message", [
    ("q1,d1,14,31,direct,Ann Lee,,Treat addiction.", r"q.csv line 2: offsets 14-31 give"),
    ("q1,d9,15,31,direct,Ann Lee,,Treat addiction.", r"q.csv line 2: doc_id 'd9' names no article"),
    ("q1,d1,15,31,quoted,Ann Lee,,Treat addiction.", r"q.csv line 2: kind 'quoted' is not one of direct, indirect"),
    ("q1,d1,x,31,direct,Ann Lee,,Treat addiction.", r"q.csv line 2: start/end must be whole numbers"),
    ("q1,d1,31,15,direct,Ann Lee,,Treat addiction.", r"q.csv line 2: offsets 31-15 are not a span"),
])
def test_quote_errors_name_file_line_and_reason(tmp_path, row, message):
    p = write(tmp_path, "q.csv", HEADER + row + "\n")
    with pytest.raises(DataFileError, match=message):
        load_quotes(p, ARTICLES)


def test_duplicate_id_reports_both_lines_even_after_a_multiline_record(tmp_path):
    p = write(tmp_path, "q.csv", HEADER + 'q1,d1,0,5,direct,A,,"two\nlines"\nq1,d1,0,5,direct,A,,x\n')
    with pytest.raises(DataFileError, match=r"q.csv line 4: duplicate quote_id 'q1' \(first at line 2\)"):
        load_quotes(p)


def test_stance_errors(tmp_path):
    ok = write(tmp_path, "s.csv", "quote_id,label,note\nq1,+1,\nq2,none,hard\n")
    assert load_stance(ok, ["q1", "q2"])["label"].tolist() == ["1", "none"]
    bad = write(tmp_path, "b.csv", "quote_id,label,note\nq1,1,\nq2,3,\n")
    with pytest.raises(DataFileError, match=r"b.csv line 3: label '3' is not one of -2, -1, 0, 1, 2, none"):
        load_stance(bad, ["q1", "q2"])
    unknown = write(tmp_path, "u.csv", "quote_id,label,note\nq7,1,\n")
    with pytest.raises(DataFileError, match=r"u.csv line 2: unknown quote_id 'q7'"):
        load_stance(unknown, ["q1"])


def test_header_without_a_column(tmp_path):
    p = write(tmp_path, "s.csv", "id,label\nq1,1\n")
    with pytest.raises(DataFileError, match=r"s.csv line 1: header lacks column\(s\) quote_id, note"):
        list(read_csv_records(p, ("quote_id", "label", "note")))


def test_codebook_version(tmp_path):
    assert codebook_version(write(tmp_path, "c.md", "Codebook version: 2.1 (2026-01-01)\n# x")) == "2.1"
    with pytest.raises(DataFileError, match="names no version"):
        codebook_version(write(tmp_path, "d.md", "# Codebook\n"))


def test_repository_gold_is_consistent():
    """Every gold span reproduces from its article and every unit carries a valid label."""
    articles = load_articles([ROOT / "seeds"])
    table, info = load_gold(ROOT / "labels", articles)
    quotes = load_quotes(ROOT / "labels" / "quotes.csv", articles)
    assert len(table) == len(quotes) >= 40
    assert set(table["kind"]) == {"direct", "indirect"}
    assert info["codebook_version"] == codebook_version(ROOT / "labels" / "codebook.md")
    assert all(table["speaker"].str.strip() != "")


def test_table_dataset_defaults_groups_to_rows_and_infers_nominal_scheme(tmp_path):
    p = write(tmp_path, "t.csv", "text,label,target\nwe favour it,favor,x\nwe oppose it,against,y\n,,z\n")
    ds = load_table_dataset(p)
    assert ds.scheme.values == ("against", "favor") and not ds.scheme.ordered
    assert ds.table["group"].tolist() == ["row1", "row2"]
