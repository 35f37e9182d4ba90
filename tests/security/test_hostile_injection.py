"""Values from files stay data: never shell, never markup, never a format string, never a path.

Label values, column names, speaker names, quote text and file names below are chosen to do
damage if they were interpolated: HTML and script, a ``javascript:`` link in the report's
Markdown link syntax, shell substitutions, Python format fields, terminal escape sequences
and path traversal.

INVENTED TEST DATA: every quote and name is made up for these tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from stance.cli import app

SRC = Path(__file__).resolve().parents[2] / "src" / "stance"
HOSTILE_SPEAKERS = ["[click me](javascript:alert%28document.cookie%29)", "<script>alert(1)</script>",
                    '"><img src=x onerror=alert(2)>']


def hostile_table(tmp_path: Path) -> Path:
    import pandas as pd
    from conftest import invented_rows

    rows = invented_rows()
    for i, r in enumerate(rows):
        r["speaker"] = HOSTILE_SPEAKERS[i % 3]
        r["text"] = r["text"] + " <b>bold</b> [x](javascript:alert%283%29) `code`"
        # "x y" and "../x_y" both become the folder name x_y: a collision and a traversal attempt
        r["target"] = "x y" if r["doc"] in ("doc1", "doc2") else "../x_y"
    path = tmp_path / "hostile.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_the_html_report_escapes_every_value_and_links_only_its_own_pages(runner, tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(app, ["evaluate", "--data", str(hostile_table(tmp_path)), "--group-column", "doc",
                                 "--speaker-column", "speaker", "--per", "target", "--folds", "2", "--n-boot", "10",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.stderr

    pages = sorted(out.rglob("report.html"))
    # one sub-report per value, both inside the report folder, despite the shared slug and the "../"
    assert sorted(p.relative_to(out).as_posix() for p in pages) == [
        "per-target/x_y-2/report.html", "per-target/x_y/report.html", "report.html"]
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    shown = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "<img src=x" not in html and "<b>bold" not in html
        for href in re.findall(r'href="([^"]*)"', html):
            # its own sub-reports, or a section of the same page (the contents list)
            assert re.fullmatch(r"per-[\w.-]+/[\w.-]+/report\.md|#[a-z0-9_-]+", href), href
        for anchor in re.findall(r'href="#([^"]*)"', html):
            assert f'id="{anchor}"' in html  # every contents link lands on a heading of the page
        assert "javascript:" not in "".join(re.findall(r"<a [^>]*>", html))
        shown += html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert shown >= 1  # the speaker is shown, as text


def test_labels_and_column_names_that_look_like_format_strings_are_data(runner, tmp_path):
    import pandas as pd
    from conftest import invented_rows

    odd = {"-2": "{0}", "2": "%s%n", "none": "{label.__class__}"}
    rows = [{"{text}": r["text"], "%(label)s": odd[r["label"]], "doc": r["doc"]} for r in invented_rows()]
    data = tmp_path / "odd.csv"
    pd.DataFrame(rows).to_csv(data, index=False)
    model = tmp_path / "odd.joblib"

    trained = runner.invoke(app, ["train", "--data", str(data), "--text-column", "{text}", "--label-column",
                                  "%(label)s", "--group-column", "doc", "--model", str(model), "--n-boot", "10"])
    assert trained.exit_code == 0, trained.stderr
    predicted = runner.invoke(app, ["predict", "--model", str(model), "--json", "Users must face arrest"])
    assert predicted.exit_code == 0, predicted.stderr
    answer = json.loads(predicted.stdout)
    assert set(answer["probabilities"]) == set(odd.values()) and answer["label"] in odd.values()


@pytest.mark.parametrize("column", ["$(touch PWNED)", "{0}", "%s", "a\nb", "\x1b[2Jcls", "\u202eevil"])
def test_a_hostile_column_name_in_an_error_is_shown_escaped_on_one_line(runner, user_error, labelled_csv, tmp_path,
                                                                        column):
    result = runner.invoke(app, ["train", "--data", str(labelled_csv), "--text-column", column, "--model",
                                 str(tmp_path / "m.joblib")])
    line = user_error(result)
    assert "no column named" in line and line.isprintable()
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


@pytest.mark.parametrize("name", ["$(touch PWNED)", "`touch PWNED`", ";touch PWNED;", "a'b\"c", "{0}%s"])
def test_article_file_names_are_never_run_or_formatted(runner, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / f"{name}.txt").write_text('"We will act now," said Ada Invented.\n', encoding="utf-8")

    result = runner.invoke(app, ["segment", str(arts), "--json"])

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["doc_id"] == name
    assert not (tmp_path / "PWNED").exists()


def test_the_package_runs_no_shell_and_evaluates_no_strings():
    """The only child process is ``git`` with a fixed argument list; nothing is eval'd."""
    risky = re.compile(r"shell\s*=\s*True|os\.system|os\.popen|\beval\(|\bexec\(|\.format_map\(|"
                       r"subprocess\.(?:run|call|check_output|check_call|Popen)\(")
    found = sorted((f.name, m.group(0)) for f in SRC.glob("*.py")
                   for m in risky.finditer(f.read_text(encoding="utf-8")))
    assert found == [("provenance.py", "subprocess.run(")] * 3, found
    report = (SRC / "provenance.py").read_text(encoding="utf-8")
    assert 'subprocess.run(["git", "rev-parse", "HEAD"]' in report
    assert 'subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"]' in report
    assert 'subprocess.run(["git", "status", "--porcelain"], cwd=root' in report


def test_a_label_with_a_terminal_escape_is_shown_escaped(runner, tmp_path):
    stance_csv = tmp_path / "stance.csv"
    stance_csv.write_bytes(b"quote_id,label,note\nq1,\x1b]0;owned\x07,\n")
    from stance.labels import load_stance

    with pytest.raises(Exception) as err:
        load_stance(stance_csv)
    assert "\x1b" not in str(err.value) and "\\x1b]0;owned\\x07" in str(err.value)


def test_the_labelling_screen_shows_control_characters_as_data(tmp_path):
    from stance.labelling import LabelSession, render_label_screen
    from stance.screen import Keymap, QuoteItem

    evil = "\x1b]0;owned\x07\x1b[2J\x1b]52;c;ZWNobyBvd25lZA==\x07"
    item = QuoteItem("q1", "doc1", "direct", f"Ada{evil}", "role" + evil, f"We will act{evil} now",
                     headline=f"Headline{evil}")
    session = LabelSession([item], ["q1"], tmp_path / "ann.csv", "ann", "1.0")
    screen = render_label_screen(session, Keymap(session.scheme), color=False)
    assert "\x1b" not in screen and "\x07" not in screen


def test_an_experiment_name_cannot_leave_the_experiments_folder(runner, tmp_path, monkeypatch, labelled_csv):
    import stance.paths

    experiments = tmp_path / "project" / "experiments"
    experiments.mkdir(parents=True)
    monkeypatch.setattr(stance.paths, "EXPERIMENTS", experiments)
    config = experiments / "shared.toml"
    config.write_text(f'name = "../../escaped"\n[data]\ntable = "{labelled_csv.as_posix()}"\n'
                      f'group_column = "doc"\n[cv]\nn_boot = 10\n', encoding="utf-8")

    result = runner.invoke(app, ["evaluate", str(config)])

    assert not (tmp_path / "escaped").exists(), "the report was written outside experiments/"
    assert result.exit_code == 2
