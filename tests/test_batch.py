"""Batch scoring and segmentation: chunked, ordered, bounded, same answers as one by one.

INVENTED TEST DATA: every quote and article below was written for these tests.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from stance.batch import ordered_map, score_file, segment_files
from stance.cli import app
from stance.errors import InputError
from stance.fastmodel import from_pipeline
from stance.model import ModelConfig, build_pipeline
from stance.modelfile import save_model
from stance.scheme import STANCE_SCHEME, infer_scheme
from stance.scorer import Scorer, predict_quotes
from stance.tablestream import TableReader

TRAIN = [("Users must face arrest and prison", "-2"), ("Lock up every drug user", "-2"),
         ("Possession should mean a criminal record", "-2"), ("Addiction is a health issue", "2"),
         ("Divert users into treatment", "2"), ("Treatment works better than prison", "2"),
         ("The meeting was held on Tuesday", "none"), ("The report runs to forty pages", "none")]
QUOTES = ["Arrest them all", "Treatment for users, not prison", "The council met on Monday", "Ça va “bien”",
          "naïve\tquote\n\nwith lines", "0007", "users users users", "A", "Prison, prison and prison!",
          "Health issue — treatment"]
PRED = ["pred_label", "pred_position", "pred_p_on_axis", "p_-2", "p_2", "p_none"]


@pytest.fixture(scope="module")
def pipe():
    return build_pipeline(ModelConfig(), C=10.0).fit([t for t, _ in TRAIN], [label for _, label in TRAIN])


@pytest.fixture(scope="module")
def model(pipe):
    return from_pipeline(pipe)


def expected_rows(model, texts, scheme=STANCE_SCHEME):
    """What one-by-one prediction says, as prediction columns."""
    out = []
    for p in predict_quotes(model, scheme, texts, top=0):
        out.append([p.label, p.position, p.p_on_axis, *p.probabilities.values()])
    return out


def write_table(df, path):
    if path.suffix == ".csv":
        df.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        df.to_parquet(path, index=False)


def read_back(path):
    import pandas as pd

    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype=False)
    return pd.read_parquet(path)


def input_table(n_repeat=3):
    import pandas as pd

    texts = QUOTES * n_repeat
    return pd.DataFrame({"id": [f"{i:04d}" for i in range(len(texts))], "quote": texts,
                         "source": ["invented"] * len(texts)})


# ------------------------------------------------------------------------------ scoring

@pytest.mark.parametrize("src_suffix", [".csv", ".jsonl", ".parquet"])
@pytest.mark.parametrize("dest_suffix", [".csv", ".jsonl", ".parquet"])
def test_score_file_keeps_columns_and_matches_single_predictions(model, tmp_path, src_suffix, dest_suffix):
    table = input_table()
    src, dest = tmp_path / f"in{src_suffix}", tmp_path / "out" / f"scored{dest_suffix}"
    write_table(table, src)

    n = score_file(model, STANCE_SCHEME, src, dest, text_column="quote", chunk_size=4)

    assert n == len(table)
    got = read_back(dest)
    assert list(got.columns) == ["id", "quote", "source", *PRED]
    assert got["id"].astype(str).tolist() == table["id"].tolist()  # order and leading zeros kept
    assert got["quote"].tolist() == table["quote"].tolist()
    expected = expected_rows(model, table["quote"].tolist())
    assert got["pred_label"].astype(str).tolist() == [r[0] for r in expected]
    for j, col in enumerate(PRED[1:], 1):
        assert got[col].astype(float).tolist() == pytest.approx([r[j] for r in expected], abs=1e-12)
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]  # no temporary file left


def test_two_jobs_write_the_same_bytes_as_one(model, tmp_path):
    src = tmp_path / "in.csv"
    write_table(input_table(7), src)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    score_file(model, STANCE_SCHEME, src, one, "quote", jobs=1, chunk_size=3)
    score_file(model, STANCE_SCHEME, src, two, "quote", jobs=2, chunk_size=3)
    assert one.read_bytes() == two.read_bytes()


def test_csv_output_carries_full_precision_probabilities(model, tmp_path):
    src, dest = tmp_path / "in.csv", tmp_path / "out.csv"
    write_table(input_table(1), src)
    score_file(model, STANCE_SCHEME, src, dest, "quote")
    got = read_back(dest)
    # Bit equality is the contract between the file and the engine that wrote it: repr round-trips.
    in_memory = Scorer(model, STANCE_SCHEME)(QUOTES).columns()
    assert [float(x) for x in got["p_2"]] == list(in_memory[4])
    # Against the one-by-one scorer (pure Python, another summation order) only to a stated tolerance.
    expected = expected_rows(model, QUOTES)
    assert [float(x) for x in got["p_2"]] == pytest.approx([r[4] for r in expected], rel=0, abs=1e-12)


def test_a_nominal_scheme_has_no_position(tmp_path):
    pipe = build_pipeline(ModelConfig(), C=10.0).fit([t for t, _ in TRAIN], ["a"] * 3 + ["b"] * 5)
    src, dest = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_table(input_table(1), src)
    score_file(from_pipeline(pipe), infer_scheme(["a", "b"]), src, dest, "quote")
    rows = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    assert {r["pred_position"] for r in rows} == {None}
    assert {r["pred_p_on_axis"] for r in rows} == {1.0}
    assert all(r["p_a"] + r["p_b"] == pytest.approx(1.0) for r in rows)


def test_scoring_an_input_that_already_has_predictions_overwrites_them(model, tmp_path):
    src, once, twice = tmp_path / "in.csv", tmp_path / "once.csv", tmp_path / "twice.csv"
    write_table(input_table(1), src)
    score_file(model, STANCE_SCHEME, src, once, "quote")
    score_file(model, STANCE_SCHEME, once, twice, "quote")
    assert once.read_bytes() == twice.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_an_empty_text_in_a_later_chunk_names_its_row_and_writes_nothing(model, tmp_path, suffix):
    table = input_table(1)
    table.loc[6, "quote"] = None if suffix != ".csv" else ""
    src, dest = tmp_path / f"in{suffix}", tmp_path / "out" / "scored.csv"
    write_table(table, src)
    with pytest.raises(InputError, match=r"^row 7 of column 'quote' is empty; fill or drop it$"):
        score_file(model, STANCE_SCHEME, src, dest, "quote", chunk_size=2, jobs=2)
    assert not dest.exists()
    assert sorted(p.name for p in dest.parent.iterdir()) == []


def test_an_empty_first_row_creates_no_output_folder(model, tmp_path):
    src, dest = tmp_path / "in.csv", tmp_path / "new" / "scored.csv"
    src.write_text("quote\n\"  \"\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 1 of column 'quote' is empty"):
        score_file(model, STANCE_SCHEME, src, dest, "quote")
    assert not dest.parent.exists()


@pytest.mark.parametrize("dest_suffix", [".csv", ".jsonl", ".parquet"])
def test_a_table_with_no_rows_gives_an_empty_table_with_all_columns(model, tmp_path, dest_suffix):
    src, dest = tmp_path / "in.csv", tmp_path / f"out{dest_suffix}"
    src.write_text("quote,id\n", encoding="utf-8")
    assert score_file(model, STANCE_SCHEME, src, dest, "quote") == 0
    if dest_suffix == ".jsonl":
        assert dest.read_text() == ""
    else:
        assert list(read_back(dest).columns) == ["quote", "id", *PRED]


def test_csv_errors_name_the_file_and_line(model, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("quote,id\nfine,1\ntoo,many,fields\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"in\.csv line 3: 3 fields where the header has 2; quote the text"):
        score_file(model, STANCE_SCHEME, src, tmp_path / "o.csv", "quote")
    src.write_bytes("quote\ncaf\u00e9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"in\.csv: byte 9 is not valid UTF-8; save the table as UTF-8"):
        score_file(model, STANCE_SCHEME, src, tmp_path / "o.csv", "quote")


def test_a_utf8_error_far_into_a_big_file_reports_the_file_offset(model, tmp_path):
    src = tmp_path / "in.csv"
    head = ("quote\n" + "a fine quote\n" * 20000).encode("utf-8")
    src.write_bytes(head + b"caf\xe9\n")
    with pytest.raises(InputError, match=rf"byte {len(head) + 3} is not valid UTF-8"):
        score_file(model, STANCE_SCHEME, src, tmp_path / "o.csv", "quote")


def test_reader_checks_the_text_column_before_reading_rows(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "a b"}\n{"text": "c d", "extra": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"no column named 'quote'; the table has: text, extra"):
        TableReader(src, "quote")


def test_parquet_types_survive(model, tmp_path):
    import pandas as pd

    src, dest = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pd.DataFrame({"n": [1, 2, 3], "when": pd.to_datetime(["2020-01-01"] * 3), "text": QUOTES[:3]}).to_parquet(src)
    score_file(model, STANCE_SCHEME, src, dest, chunk_size=2)
    got = pd.read_parquet(dest)
    assert got["n"].tolist() == [1, 2, 3] and str(got["n"].dtype) == "int64"
    assert str(got["when"].dtype).startswith("datetime64")
    assert got["pred_position"].dtype == np.float64


# ------------------------------------------------------------------------ the machinery

def test_ordered_map_keeps_order_and_reads_ahead_at_most_two_items_per_job():
    pulled = []

    def items():
        for i in range(20):
            pulled.append(i)
            yield i

    results = []
    for r in ordered_map(_Doubler, (), items(), jobs=2):
        if not results:
            assert len(pulled) <= 4  # 2 jobs x 2 in flight, not the whole input
        results.append(r)
    assert results == [2 * i for i in range(20)]


class _Doubler:
    def __call__(self, x):
        return 2 * x


def test_chunk_scorer_matches_single_predictions(model):
    cols = Scorer(model, STANCE_SCHEME)(QUOTES).columns()
    for i, row in enumerate(expected_rows(model, QUOTES)):
        got = [c[i] for c in cols]
        assert got[0] == row[0]
        assert (got[1] is None) == (row[1] is None)
        assert [x for x in got[1:] if x is not None] == pytest.approx([x for x in row[1:] if x is not None], abs=1e-12)


# ------------------------------------------------------------------------------ command

@pytest.fixture(scope="module")
def saved(pipe, tmp_path_factory):
    path = tmp_path_factory.mktemp("m") / "m.joblib"
    save_model(pipe, path, {"scheme": STANCE_SCHEME.to_dict()})
    return path


def test_predict_command_with_jobs_and_chunks(saved, tmp_path):
    src, dest = tmp_path / "in.csv", tmp_path / "scored.parquet"
    write_table(input_table(), src)
    result = CliRunner().invoke(app, ["predict", "--model", str(saved), "--input", str(src), "--output", str(dest),
                                      "--text-column", "quote", "--jobs", "2", "--chunk-size", "5"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr == f"scored {len(QUOTES) * 3} rows into {dest}\n"  # no progress bar: not a terminal
    assert read_back(dest)["pred_label"].tolist() == [r[0] for r in expected_rows(from_pipeline_of(saved), QUOTES * 3)]


def from_pipeline_of(saved):
    from stance.modelfile import load_fast_model

    return load_fast_model(saved)[0]


@pytest.mark.parametrize("args, message", [
    (["--jobs", "-1"], "stance: --jobs must be a whole number >= 0 (0 = one per CPU core), got -1"),
    (["--chunk-size", "0"], "stance: --chunk-size must be 1 or more, got 0"),
])
def test_predict_command_refuses_bad_batch_settings(saved, tmp_path, args, message):
    src = tmp_path / "in.csv"
    write_table(input_table(1), src)
    result = CliRunner().invoke(app, ["predict", "--model", str(saved), "--input", str(src), "--output",
                                      str(tmp_path / "o.csv"), "--text-column", "quote", *args])
    assert result.exit_code == 2
    assert result.stderr == message + "\n"


def test_progress_bar_draws_on_a_terminal(model, tmp_path, monkeypatch):
    import io

    from stance import batch

    class Tty(io.StringIO):
        def isatty(self):
            return True

    fake = Tty()
    monkeypatch.setattr(batch.sys, "stderr", fake)
    src, dest = tmp_path / "in.csv", tmp_path / "out.csv"
    write_table(input_table(1), src)
    score_file(model, STANCE_SCHEME, src, dest, "quote", chunk_size=2)
    assert "scoring in.csv" in fake.getvalue()

    quiet = Tty()
    monkeypatch.setattr(batch.sys, "stderr", quiet)
    score_file(model, STANCE_SCHEME, src, dest, "quote", chunk_size=2, progress=False)
    assert quiet.getvalue() == ""


# ----------------------------------------------------------------------------- segment

ARTICLES = {
    "invented_a": "THE council said on Monday it would review the scheme.\n\n"
                  "Councillor Ada Pike said: “We must treat addiction as a health issue.”\n\n"
                  "She added that users should be diverted into treatment.\n",
    "invented_b": "Police Chief Bram Olsen said officers would keep arresting dealers.\n\n"
                  "“Possession is a crime and we will enforce the law,” he said.\n",
    "invented_c": "Nothing was said here.\n",
}


@pytest.fixture
def article_dir(tmp_path):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    for i, (name, text) in enumerate(ARTICLES.items()):
        (folder / ("sub" if i == 2 else "") / f"{name}.txt").write_text(text * 2, encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs, chunk", [(1, 64), (2, 1)])
def test_segment_files_equals_segment_table(article_dir, jobs, chunk):
    from stance.batch import segment_table

    expected = segment_table([article_dir])
    got = segment_files([article_dir], jobs=jobs, chunk_size=chunk)
    assert got.to_dict(orient="records") == expected.to_dict(orient="records")
    assert len(got) > 0


def test_segment_command_with_jobs(article_dir, tmp_path):
    from stance.batch import segment_table

    out = tmp_path / "q.csv"
    result = CliRunner().invoke(app, ["segment", str(article_dir), "--jobs", "2", "-o", str(out)])
    assert result.exit_code == 0, (result.stderr, result.exception)
    expected = segment_table([article_dir])
    assert result.stderr == f"wrote {len(expected)} quotes to {out}\n"
    assert read_back(out).to_dict(orient="records") == expected.astype(str).to_dict(orient="records")


@pytest.mark.parametrize("dest_suffix", [".csv", ".parquet"])
def test_a_json_key_missing_from_the_first_rows_is_refused_for_fixed_columns(model, tmp_path, dest_suffix):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "a b"}\n{"text": "c d"}\n{"text": "e f", "late": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"^row 3 has the key 'late', which the first rows do not have"):
        score_file(model, STANCE_SCHEME, src, tmp_path / f"o{dest_suffix}", chunk_size=2)
    jsonl = tmp_path / "o.jsonl"
    assert score_file(model, STANCE_SCHEME, src, jsonl, chunk_size=2) == 3
    assert json.loads(jsonl.read_text().splitlines()[2])["late"] == 1
