"""Coder flags (not a real quote, wrong speaker) and the headline line of the coding screens.

INVENTED TEST DATA: the project of ``test_annotate`` (two invented articles, four quotes).
"""

from __future__ import annotations

import pytest

from stance.agreement import agree_files
from stance.coderfiles import load_annotations, write_annotations
from stance.labelling import LabelSession, render_label_screen
from stance.terminal import clip
from stance.screen import articles_and_headlines, build_items, Keymap, parse_command
from stance.cli import app
from stance.errors import DataFileError
from stance.labels import load_quotes
from stance.scheme import STANCE_SCHEME
from test_annotate import ANN_HEADER, ARTICLES, IDS, T0, items_of, project, rows_of  # noqa: F401 (fixture)

HEADER = ANN_HEADER.strip().split(",")


def session(project, name="al"):
    labels, arts = project
    return LabelSession(items_of(labels, arts), IDS, labels / "annotations" / f"{name}.csv", name, "1.0",
                        clock=lambda: T0)


@pytest.mark.parametrize("key, flag", [("x", "notquote"), ("w", "wrongspeaker")])
def test_a_flag_key_is_its_own_answer(key, flag):
    assert parse_command(key, Keymap(STANCE_SCHEME)) == ("flag", flag)


def test_a_flagged_quote_is_answered_without_a_stance_label_and_can_be_undone(project):
    s = session(project)
    s.flag("notquote")
    assert s.message == "saved docA-01 as not a real quote"
    s.answer("-2")
    assert rows_of(s.path) == [HEADER + ["flag"], ["docA-01", "", "", "al", T0, "1.0", "notquote"],
                               ["docA-02", "-2", "", "al", T0, "1.0", ""]]
    assert (s.done, s.current().quote_id) == (2, "docB-01")
    s.undo()
    s.undo()
    assert s.message == "undid docA-01 (was not a real quote)"
    assert rows_of(s.path) == [HEADER]  # no flag left: the file keeps its six columns


def test_the_screen_lists_the_flag_keys_and_an_unknown_headline_gives_the_first_line(project):
    labels, arts = project
    (arts / "articles.csv").write_text("doc_id,file,headline\ndocA,docA.txt,\ndocB,docB.txt,\n", encoding="utf-8")
    articles, headlines = articles_and_headlines([arts])
    assert headlines == {"docA": "", "docB": ""}
    items = build_items(load_quotes(labels / "quotes.csv"), articles, headlines)
    screen = render_label_screen(LabelSession(items, IDS, labels / "annotations" / "al.csv", "al", "1.0"),
                                 Keymap(STANCE_SCHEME))
    assert "  x not a real quote   w wrong speaker" in screen.splitlines()
    first = ARTICLES["docA"].splitlines()[0]
    # the headline is the first line (cut at 99 characters), then clipped to the 80-column screen
    assert clip(f"Article   docA: {first[:99]}…", 79) in screen.splitlines()
    assert clip(f"Article   docA: {first[:99]}…", 79).startswith(f"Article   docA: {first[:40]}")
    assert "no headline" not in screen


def test_without_headline_or_article_text_the_article_line_is_the_id_alone(project):
    labels, _ = project
    items = build_items(load_quotes(labels / "quotes.csv"), {}, {})
    s = LabelSession(items, IDS, labels / "annotations" / "al.csv", "al", "1.0")
    assert "Article   docA" in render_label_screen(s, Keymap(STANCE_SCHEME)).splitlines()


def test_label_command_saves_flags_and_agreement_leaves_them_out(project, runner):
    labels, arts = project
    base = ["label", "--labels", str(labels), "--articles", str(arts)]
    for name, keys in (("al", "x\n1\n5\n0\n"), ("bo", "1\nw\n5\n0\n")):
        result = runner.invoke(app, [*base, "--annotator", name], input=keys)
        assert result.exit_code == 0, result.stderr
    al = load_annotations(labels / "annotations" / "al.csv")
    assert al.flags == {"docA-01": "notquote"} and "docA-01" not in al.labels
    result = agree_files([labels / "annotations" / "al.csv", labels / "annotations" / "bo.csv"], labels)
    assert result.n_coded == {"al": 3, "bo": 3} and result.n_shared == 2  # docB-01, docB-02


@pytest.mark.parametrize("row, message", [
    (f"docA-01,-2,,al,{T0},1.0,notquote", "a row flagged 'notquote' carries no label, found '-2'; empty the label "
                                           "or the flag"),
    (f"docA-01,,,al,{T0},1.0,duplicate", "flag 'duplicate' is not one of notquote, wrongspeaker (or empty)"),
    (f"docA-01,,,al,{T0},1.0,", "label '' is not one of -2, -1, 0, 1, 2, none"),
])
def test_a_bad_flag_row_is_named_with_its_line(tmp_path, row, message):
    path = tmp_path / "al.csv"
    path.write_text(ANN_HEADER.strip() + ",flag\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_annotations(path)
    assert str(err.value) == f"{path} line 2: {message}"


def test_a_file_without_the_flag_column_reads_as_unflagged(tmp_path):
    path = tmp_path / "al.csv"
    path.write_text(ANN_HEADER + f"docA-01,-2,,al,{T0},1.0\n", encoding="utf-8")
    f = load_annotations(path)
    assert (f.labels, f.flags) == ({"docA-01": "-2"}, {})
    write_annotations(path, f.rows)
    assert path.read_text(encoding="utf-8") == ANN_HEADER + f"docA-01,-2,,al,{T0},1.0\n"
