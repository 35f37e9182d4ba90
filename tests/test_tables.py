"""Tables: readers by extension and atomic writers."""

import pandas as pd
import pytest

from stance.errors import DataFileError, InputError
from stance.tables import atomic_path, read_table, write_json, write_table


@pytest.mark.parametrize("ext", ["csv", "jsonl", "parquet"])
def test_round_trip_every_format(tmp_path, ext):
    df = pd.DataFrame({"text": ["a, \"quoted\"\nline", "b"], "label": ["1", "none"]})
    path = tmp_path / f"t.{ext}"
    write_table(df, path)
    back = read_table(path, ["text", "label"])
    assert back["text"].tolist() == df["text"].tolist()
    assert back["label"].astype(str).tolist() == ["1", "none"]


def test_missing_column_lists_the_columns_present(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("quote,stance\nx,1\n")
    with pytest.raises(InputError, match=r"no column named 'text'; the table has: quote, stance"):
        read_table(path, ["text"])


def test_broken_json_line_is_reported_by_number(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"text": "a"}\n{"text": \n')
    with pytest.raises(DataFileError, match=r"t.jsonl line 2: not valid JSON"):
        read_table(path)


def test_unknown_extension(tmp_path):
    with pytest.raises(InputError, match=r"unknown table format '.xlsx'"):
        read_table(tmp_path / "t.xlsx")


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    path = tmp_path / "out.json"
    write_json(path, {"a": 1})
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with atomic_path(path) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
