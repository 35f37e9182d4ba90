"""The Dask engine on a local cluster (loopback only): same answers as the local engine.

Skipped, with the reason, when the optional extra is not installed:
``pip install 'policy-stance[dask]'``.

INVENTED TEST DATA: every quote and article below was written for these tests.
"""

from __future__ import annotations

import re
import sys

import pytest

pytest.importorskip("dask.dataframe", reason="the dask extra is not installed: pip install 'policy-stance[dask]'")
pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'policy-stance[dask]'")

import pandas as pd  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from stance.batch import score_file, segment_files  # noqa: E402
from stance.cli import app  # noqa: E402
from stance.cluster import require_dask, score_parquet, segment_to_parquet  # noqa: E402
from stance.errors import InputError  # noqa: E402
from stance.fastmodel import from_pipeline  # noqa: E402
from stance.model import ModelConfig, build_pipeline  # noqa: E402
from stance.modelfile import save_model  # noqa: E402
from stance.scheme import STANCE_SCHEME  # noqa: E402

TRAIN = [("Users must face arrest and prison", "-2"), ("Lock up every drug user", "-2"),
         ("Addiction is a health issue", "2"), ("Divert users into treatment", "2"),
         ("The meeting was held on Tuesday", "none"), ("The report runs to forty pages", "none")]
QUOTES = ["Arrest them all", "Treatment for users, not prison", "The council met on Monday", "Ça va “bien”",
          "naïve\tquote\n\nwith lines", "A", "Prison, prison and prison!"]


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    # Threads, not processes, to start in well under a second; loopback only.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, host="127.0.0.1", protocol="tcp",
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def model():
    pipe = build_pipeline(ModelConfig(), C=10.0).fit([t for t, _ in TRAIN], [label for _, label in TRAIN])
    return from_pipeline(pipe)


@pytest.fixture
def parts(tmp_path):
    """A partitioned Parquet table: three part files in one folder."""
    folder = tmp_path / "quotes.parquet"
    folder.mkdir()
    texts = QUOTES * 3
    df = pd.DataFrame({"id": [f"{i:03d}" for i in range(len(texts))], "text": texts})
    for k in range(3):
        df.iloc[k * 7:(k + 1) * 7].to_parquet(folder / f"part.{k}.parquet", index=False)
    return folder, df


def test_score_parquet_on_a_cluster_equals_the_local_engine(client, model, parts, tmp_path):
    folder, df = parts
    out = tmp_path / "scored.parquet"

    n = score_parquet(client, model, STANCE_SCHEME, folder, out)

    assert n == len(df)
    assert sorted(p.name for p in out.iterdir()) == [".stance-folder.json", "part.0.parquet", "part.1.parquet",
                                                     "part.2.parquet"]
    got = pd.read_parquet(out)
    local_in, local_out = tmp_path / "all.parquet", tmp_path / "local.parquet"
    df.to_parquet(local_in, index=False)
    score_file(model, STANCE_SCHEME, local_in, local_out)
    expected = pd.read_parquet(local_out)
    assert list(got.columns) == list(expected.columns)
    assert got["id"].tolist() == expected["id"].tolist()
    assert got["pred_label"].astype(str).tolist() == expected["pred_label"].astype(str).tolist()
    for col in ("pred_position", "pred_p_on_axis", "p_-2", "p_2", "p_none"):
        assert got[col].tolist() == expected[col].tolist()  # same code, bit for bit
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary folder


def test_rescoring_replaces_the_output_folder_it_made(client, model, parts, tmp_path):
    folder, df = parts
    out = tmp_path / "scored.parquet"
    score_parquet(client, model, STANCE_SCHEME, folder, out)
    (out / "part.1.parquet").write_bytes(b"damaged")  # a part it wrote: replaced
    score_parquet(client, model, STANCE_SCHEME, folder.parent / "quotes.parquet" / "part.0.parquet", out)
    assert len(pd.read_parquet(out)) == 7


def test_an_empty_quote_on_a_worker_is_the_users_error(client, model, tmp_path):
    src = tmp_path / "in.parquet"
    pd.DataFrame({"text": ["fine quote", " "]}).to_parquet(src)
    with pytest.raises(InputError, match="column 'text' holds an empty quote; fill or drop it"):
        score_parquet(client, model, STANCE_SCHEME, src, tmp_path / "out.parquet")
    assert not (tmp_path / "out.parquet").exists()


def test_a_missing_text_column_is_named(client, model, parts, tmp_path):
    folder, _ = parts
    with pytest.raises(InputError, match=r"no column named 'quote'; the table has: id, text"):
        score_parquet(client, model, STANCE_SCHEME, folder, tmp_path / "o.parquet", text_column="quote")


ARTICLES = {
    "invented_a": "Councillor Ada Pike said: “We must treat addiction as a health issue.”\n\n"
                  "She added that users should be diverted into treatment.\n",
    "invented_b": "Police Chief Bram Olsen said officers would keep arresting dealers.\n\n"
                  "“Possession is a crime and we will enforce the law,” he said.\n",
    "invented_c": "Nothing was said here.\n",
}


@pytest.fixture
def article_dir(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_segment_on_a_cluster_equals_the_local_engine(client, article_dir, tmp_path):
    out = tmp_path / "quotes.parquet"
    n = segment_to_parquet(client, [article_dir], out, files_per_partition=2)
    expected = segment_files([article_dir])
    got = pd.read_parquet(out)
    assert n == len(expected) > 0
    assert got.astype(str).to_dict(orient="records") == expected.astype(str).to_dict(orient="records")
    assert len(list(out.glob("*.parquet"))) == 2  # 3 articles, 2 per partition


def test_segment_an_articles_table_on_a_cluster(client, article_dir, tmp_path):
    table = tmp_path / "articles.parquet"
    pd.DataFrame({"doc_id": list(ARTICLES), "text": list(ARTICLES.values())}).to_parquet(table)
    out = tmp_path / "quotes.parquet"
    segment_to_parquet(client, [table], out)
    expected = segment_files([article_dir])
    assert pd.read_parquet(out).astype(str).to_dict(orient="records") == \
        expected.astype(str).to_dict(orient="records")


def test_commands_with_engine_dask_and_a_scheduler_address(client, model, parts, article_dir, tmp_path):
    folder, df = parts
    pipe = build_pipeline(ModelConfig(), C=10.0).fit([t for t, _ in TRAIN], [label for _, label in TRAIN])
    saved = tmp_path / "m.joblib"
    save_model(pipe, saved, {"scheme": STANCE_SCHEME.to_dict()})
    address = client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    out = tmp_path / "scored.parquet"

    result = CliRunner().invoke(app, ["predict", "--model", str(saved), "--input", str(folder), "--output", str(out),
                                      "--engine", "dask", "--scheduler", address])

    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr == f"scored {len(df)} rows into {out}\n"
    assert len(pd.read_parquet(out)) == len(df)

    quotes = tmp_path / "q.parquet"
    result = CliRunner().invoke(app, ["segment", str(article_dir), "-o", str(quotes), "--engine", "dask",
                                      "--scheduler", address])
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr == f"wrote {len(segment_files([article_dir]))} quotes to {quotes}\n"


@pytest.mark.parametrize("args, message", [
    (["--engine", "spark"], "must be 'local' or 'dask', got 'spark'"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
])
def test_engine_options_are_checked(tmp_path, args, message):
    result = CliRunner().invoke(app, ["segment", str(tmp_path), "-o", str(tmp_path / "q.parquet"), *args])
    assert result.exit_code == 2
    assert message in re.sub(r"[\s│]+", " ", result.stderr)


def test_segment_with_dask_needs_an_output_folder(tmp_path):
    result = CliRunner().invoke(app, ["segment", str(tmp_path), "--engine", "dask"])
    assert result.exit_code == 2
    flat = re.sub(r"[\s│]+", " ", result.stderr)  # typer boxes and wraps the message
    assert "--engine dask writes partitioned Parquet: give -o FOLDER.parquet" in flat


def test_without_dask_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(InputError, match=r"--engine dask needs Dask \(distributed is not installed\); "
                                         r"pip install 'policy-stance\[dask\]'"):
        require_dask()


# ------------------------------------------------------------------ nothing lost (stance.folders)

NOTES = b"my own notes, not written by stance\n"


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    pipe = build_pipeline(ModelConfig(), C=10.0).fit([t for t, _ in TRAIN], [label for _, label in TRAIN])
    path = tmp_path_factory.mktemp("model") / "m.joblib"
    save_model(pipe, path, {"scheme": STANCE_SCHEME.to_dict()})
    return path


def _predict(client, saved_model, inp, out, *more):
    return CliRunner().invoke(app, ["predict", "--model", str(saved_model), "--input", str(inp), "--output", str(out),
                                    "--engine", "dask", "--scheduler", client.scheduler.address, *more])


def _segment(client, inp, out, *more):
    return CliRunner().invoke(app, ["segment", str(inp), "-o", str(out), "--engine", "dask",
                                    "--scheduler", client.scheduler.address, *more])


def _refused(result, message):
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert result.stderr == f"stance: {message}\n"


def _victim(tmp_path):
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "notes.txt").write_bytes(NOTES)
    return folder


@pytest.mark.parametrize("command", ["predict", "segment"])
def test_dask_commands_keep_a_planted_file(client, saved_model, parts, article_dir, tmp_path, command):
    victim = _victim(tmp_path)
    result = (_predict(client, saved_model, parts[0], victim) if command == "predict"
              else _segment(client, article_dir, victim))
    option = "--output" if command == "predict" else "-o"
    _refused(result, f"{victim}: is not empty and was not written by stance (notes.txt); nothing was changed. "
                     f"Give a new or empty folder with {option}")
    assert sorted(p.name for p in victim.iterdir()) == ["notes.txt"]
    assert (victim / "notes.txt").read_bytes() == NOTES


@pytest.mark.parametrize("command", ["predict", "segment"])
def test_dask_commands_keep_a_file_put_into_their_own_folder_unless_forced(client, saved_model, parts, article_dir,
                                                                          tmp_path, command):
    out = tmp_path / "out"
    run = (lambda *more: _predict(client, saved_model, parts[0], out, *more)) if command == "predict" else \
        (lambda *more: _segment(client, article_dir, out, *more))
    assert run().exit_code == 0
    (out / "notes.txt").write_bytes(NOTES)

    _refused(run(), f"{out}: holds 1 file(s) that stance did not write (notes.txt); nothing was changed. "
                    f"Move them out, or pass --force to replace the folder and them")
    assert (out / "notes.txt").read_bytes() == NOTES
    result = run("--force")
    assert result.exit_code == 0, result.stderr
    assert not (out / "notes.txt").exists()


def test_a_scored_folder_is_not_a_quotes_folder(client, saved_model, parts, article_dir, tmp_path):
    out = tmp_path / "out"
    assert _predict(client, saved_model, parts[0], out).exit_code == 0
    _refused(_segment(client, article_dir, out, "--force"),
             f"{out}: holds a scored-quotes folder (stance predict), not a quotes folder (stance segment); "
             f"nothing was changed. Give a new or empty folder with -o")


def test_dask_predict_refuses_its_input_as_output(client, saved_model, parts):
    folder, _ = parts
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    _refused(_predict(client, saved_model, folder, folder), f"{folder}: is also an input; write the output to a new path")
    _refused(_predict(client, saved_model, folder / "part.0.parquet", folder),
             f"{folder}: holds the input {folder / 'part.0.parquet'}, which replacing it would delete; "
             f"write the output to a new folder")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_dask_segment_refuses_an_output_inside_its_input(client, article_dir):
    out = article_dir / "quotes"
    _refused(_segment(client, article_dir, out), f"{out}: lies inside the input {article_dir}; "
                                                f"write the output outside it")
    assert not out.exists()


def test_dask_output_folders_are_shareable(client, saved_model, parts, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert _predict(client, saved_model, parts[0], tmp_path / "out").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o755


# ------------------------------------------------------------------ inputs in plain words

@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_dask_reads_csv_and_json_lines_like_the_local_engine(client, model, tmp_path, suffix):
    df = pd.DataFrame({"id": [f"{i:03d}" for i in range(len(QUOTES))], "text": QUOTES})
    src = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        df.to_csv(src, index=False)
    else:
        df.to_json(src, orient="records", lines=True, force_ascii=False)

    n = score_parquet(client, model, STANCE_SCHEME, src, tmp_path / "out")

    local = tmp_path / "local.parquet"
    score_file(model, STANCE_SCHEME, src, local)
    got, expected = pd.read_parquet(tmp_path / "out"), pd.read_parquet(local)
    assert n == len(QUOTES)
    assert got["id"].tolist() == expected["id"].tolist() == df["id"].tolist()
    assert got["pred_label"].astype(str).tolist() == expected["pred_label"].astype(str).tolist()
    assert got["p_none"].tolist() == expected["p_none"].tolist()


def test_a_csv_named_parquet_is_refused_in_plain_words(client, saved_model, tmp_path):
    src = tmp_path / "tiny.parquet"
    src.write_text("id,text\n1,Arrest them all\n", encoding="utf-8")
    result = _predict(client, saved_model, src, tmp_path / "out")
    assert result.exit_code == 2
    _refused(result, f"{src}: not a Parquet file (no Parquet magic bytes); --engine dask reads Parquet, CSV (.csv) "
                     f"and JSON lines (.jsonl): give the file its right extension")
    assert not (tmp_path / "out").exists()


def test_a_single_file_is_split_across_the_workers(client, model, tmp_path):
    src = tmp_path / "one.parquet"
    pd.DataFrame({"text": QUOTES * 4}).to_parquet(src, index=False)

    n = score_parquet(client, model, STANCE_SCHEME, src, tmp_path / "out")

    assert n == len(QUOTES) * 4
    assert len(list((tmp_path / "out").glob("*.parquet"))) == 2  # the fixture cluster has 2 worker threads
    assert pd.read_parquet(tmp_path / "out")["text"].tolist() == QUOTES * 4  # order kept
