"""``stance analyse``: articles in, speaker positions out.

INVENTED TEST DATA: every article, person and outlet below was written for these tests.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from stance.analyse import AnalyseOptions, analyse
from stance.tally import period_of
from stance.cli import app
from stance.errors import InputError, OutputFolderError
from stance.folders import MARKER

ARTICLE_A = ('Invented article one.\n\n"Users must face arrest and prison," said Ada Pike, the council leader.\n\n'
             'Mrs Pike added that possession should mean a criminal record.\n\n'
             '"Addiction is a health issue not a crime," said Bram Olsen, a nurse.\n')
ARTICLE_B = ('Invented article two.\n\n"Lock up every drug user we catch," said Ada Pike, the council leader.\n\n'
             '"We should divert users into treatment," said Ada Pyke, a pharmacist.\n')


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"caf\xe9 \xff\xfe broken")
    (folder / "articles.csv").write_text("doc_id,file,headline,outlet,date\na,a.txt,Head A,Gazette,2024-02-03\n"
                                         "b,b.txt,Head B,Echo,2024-07-09\n", encoding="utf-8")
    return folder


def run(corpus, out, model, **kw):
    return analyse([corpus], out, model, AnalyseOptions(n_boot=50, **kw.pop("options", {})), **kw)


def test_folder_to_speakers(tmp_path, corpus, trained_model):
    out = tmp_path / "out"
    res = run(corpus, out, trained_model)
    assert (res.n_articles, res.n_used, res.n_quotes) == (4, 2, 5)
    assert res.skipped == {"empty text": 1, "undecodable": 1}
    sp = pd.read_csv(out / "speakers.csv")
    for col in ("speaker", "speaker_type", "n_quotes", "n_articles", "position", "position_low", "position_high"):
        assert col in sp.columns
    ada = sp[sp["speaker"] == "Ada Pike"].iloc[0]
    assert (ada["n_quotes"], ada["n_articles"], ada["speaker_type"]) == (3, 2, "person")
    # A near-variant is listed for review, never merged.
    assert "Ada Pyke" in set(sp["speaker"])
    variants = pd.read_csv(out / "variants.csv")
    assert variants[["name_a", "name_b"]].values.tolist() == [["Ada Pike", "Ada Pyke"]]
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert arts.set_index("doc_id")["status"].to_dict() == {"a": "ok", "b": "ok", "bad": "skipped", "empty": "skipped"}
    assert arts.set_index("doc_id").loc["bad", "reason"].startswith("undecodable: ")
    quotes = pd.read_csv(out / "quotes.csv", keep_default_na=False)
    assert len(quotes) == 5
    assert quotes.set_index("quote_id").loc["a-02", ["speaker", "outlet", "date", "headline"]].tolist() == \
        ["Ada Pike", "Gazette", "2024-02-03", "Head A"]
    assert {"pred_label", "pred_position", "p_none"} <= set(quotes.columns)
    periods = pd.read_csv(out / "periods.csv")
    assert sorted(periods[periods["speaker"] == "(all speakers)"]["period"].astype(str)) == ["2024"]
    outlets = pd.read_csv(out / "outlets.csv")
    assert sorted(outlets[outlets["speaker"] == "(all speakers)"]["outlet"]) == ["Echo", "Gazette"]
    assert (out / MARKER).is_file() and (out / "report.html").is_file() and (out / "speakers.png").is_file()
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["quantification"] == "pacc" and prov["n_articles"] == 4
    assert "Ada Pike" in (out / "report.md").read_text()


def test_speaker_map_merges_on_rerun(tmp_path, corpus, trained_model):
    smap = tmp_path / "map.csv"
    smap.write_text("variant,canonical,speaker_type,organisation,role\nAda Pyke,Ada Pike,person,Invented Council,"
                    "leader\n", encoding="utf-8")
    out = tmp_path / "out"
    run(corpus, out, trained_model)
    run(corpus, out, trained_model, speaker_map=smap)  # re-run over its own folder
    sp = pd.read_csv(out / "speakers.csv", keep_default_na=False)
    ada = sp[sp["speaker"] == "Ada Pike"].iloc[0]
    assert (ada["n_quotes"], ada["organisation"], ada["role"]) == (4, "Invented Council", "leader")
    assert "Ada Pyke" not in set(sp["speaker"]) and "Ada Pyke" in ada["spellings"]


def test_table_input_with_metadata_and_empty_row(tmp_path, trained_model):
    table = tmp_path / "arts.jsonl"
    rows = [{"id": "x1", "text": ARTICLE_A, "outlet": "Gazette", "date": "2023-11-30"},
            {"id": "x2", "text": "", "outlet": "Echo"},
            {"id": "x3", "text": ARTICLE_B, "outlet": "Echo", "date": "2024-01-02"}]
    table.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    res = analyse([table], out, trained_model, AnalyseOptions(n_boot=20, period="quarter"))
    assert (res.n_articles, res.n_used, res.skipped) == (3, 2, {"empty text": 1})
    periods = pd.read_csv(out / "periods.csv")
    assert sorted(periods[periods["speaker"] == "(all speakers)"]["period"]) == ["2023-Q4", "2024-Q1"]


def test_refuses_foreign_folder_and_writes_nothing_on_failure(tmp_path, corpus, trained_model, monkeypatch):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="is not empty and was not written by stance"):
        run(corpus, foreign, trained_model)
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]

    import stance.analyse as mod

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(mod, "write_analysis_report", boom)
    with pytest.raises(RuntimeError):
        run(corpus, tmp_path / "new", trained_model)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "foreign"]


def test_older_sidecar_falls_back_to_classify_and_count(tmp_path, corpus, trained_model, model_copy):
    import shutil

    shutil.copy2(trained_model.with_suffix(".npz"), model_copy.with_suffix(".npz"))
    side = model_copy.with_suffix(".json")
    meta = json.loads(side.read_text())
    del meta["cv_confusion"]
    side.write_text(json.dumps(meta))
    out = tmp_path / "out"
    res = run(corpus, out, model_copy)
    assert res.quantification == "cc"
    assert "not** corrected: plain classify-and-count" in (out / "report.md").read_text()


def test_two_jobs_match_one(tmp_path, corpus, trained_model):
    run(corpus, tmp_path / "one", trained_model)
    run(corpus, tmp_path / "two", trained_model, options={"jobs": 2, "chunk_size": 1})
    for name in ("quotes.csv", "articles.csv", "speakers.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_dask_local_cluster_matches_local(tmp_path, corpus, trained_model):
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    run(corpus, tmp_path / "local", trained_model)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, host="127.0.0.1", protocol="tcp",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        run(corpus, tmp_path / "dask", trained_model, client=client, options={"chunk_size": 1})
    for name in ("quotes.csv", "articles.csv", "speakers.csv"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()


@pytest.mark.parametrize("date, period, expected", [
    ("2024-03-05", "year", "2024"), ("2024-03-05", "quarter", "2024-Q1"), ("2024-11", "month", "2024-11"),
    ("2013", "quarter", ""), ("", "year", ""), ("5 March", "year", ""),
])
def test_period_of(date, period, expected):
    assert period_of(date, period) == expected


def test_cli_user_errors(runner, user_error, tmp_path, corpus, trained_model):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "x").write_text("x")
    res = runner.invoke(app, ["analyse", str(corpus), "--out", str(foreign), "--model", str(trained_model)])
    assert user_error(res) == (f"stance: {foreign}: is not empty and was not written by stance (x); nothing was "
                               f"changed. Give a new or empty folder with --out")
    res = runner.invoke(app, ["analyse", str(tmp_path / "nope"), "--out", str(tmp_path / "o"),
                              "--model", str(trained_model)])
    assert user_error(res) == f"stance: {tmp_path / 'nope'}: no such file or folder; check the path"
    assert not (tmp_path / "o").exists()


def test_cli_runs(runner, tmp_path, corpus, trained_model):
    res = runner.invoke(app, ["analyse", str(corpus), "--out", str(tmp_path / "o"), "--model", str(trained_model),
                              "--n-boot", "20"])
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith("4 articles (2 analysed, 2 skipped), 5 quotes, 3 speakers; report: ")


def test_a_file_planted_in_an_earlier_analysis_is_kept_and_refused_without_force(runner, tmp_path, corpus,
                                                                                trained_model):
    out = tmp_path / "o"
    args = ["analyse", str(corpus), "--out", str(out), "--model", str(trained_model), "--n-boot", "20"]
    assert runner.invoke(app, args).exit_code == 0
    (out / "notes.txt").write_bytes(b"my notes\n")

    res = runner.invoke(app, args)

    assert res.exit_code == 2
    assert res.stderr == (f"stance: {out}: holds 1 file(s) that stance did not write (notes.txt); nothing was "
                          f"changed. Move them out, or pass --force to replace the folder and them\n")
    assert (out / "notes.txt").read_bytes() == b"my notes\n"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert not (out / "notes.txt").exists()


def test_an_output_inside_an_input_is_refused(runner, tmp_path, corpus, trained_model):
    inside = corpus / "analysis"
    res = runner.invoke(app, ["analyse", str(corpus), "--out", str(inside), "--model", str(trained_model)])
    assert res.exit_code == 2
    assert res.stderr == f"stance: {inside}: lies inside the input {corpus}; write the output outside it\n"
    assert not inside.exists()


def test_an_analysis_written_before_the_shared_rule_is_replaced(runner, tmp_path, corpus, trained_model):
    old = tmp_path / "old"
    old.mkdir()
    for name in (".stance-analyse", "report.md", "speakers.csv", "speakers.png"):
        (old / name).write_text("earlier run\n", encoding="utf-8")
    res = runner.invoke(app, ["analyse", str(corpus), "--out", str(old), "--model", str(trained_model),
                              "--n-boot", "20"])
    assert res.exit_code == 0, res.stderr
    assert (old / MARKER).is_file() and not (old / ".stance-analyse").exists()
