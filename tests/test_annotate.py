"""The labelling session, coder files, locks and adjudication, on a tiny invented project.

INVENTED TEST DATA: the articles, speakers and quotes below were written for these tests;
no real person said any of it and no real article holds it.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stance.adjudication import read_stance_rows
from stance.coderfiles import load_annotations, write_annotations
from stance.labelling import label_quotes, LabelSession, order_by_margin, render_label_screen, sample_ids
from stance.lock import LockedError, SessionLock
from stance.screen import build_items, Keymap, parse_command, quote_context
from stance.tables import write_csv_rows
from stance.cli import app
from stance.errors import DataFileError
from stance.labels import load_quotes
from stance.scheme import STANCE_SCHEME

REPO = Path(__file__).resolve().parents[1]
T0 = "2026-01-01T00:00:00+00:00"

# INVENTED TEST DATA (see module docstring): two articles, four quotes.
ARTICLES = {
    "docA": ('Inspector Bob Sample spoke to the council on Monday. "Police should arrest drug users and put '
             'them in prison," he said. Ann Example said the committee meeting was on Tuesday.\nREAD MORE: '
             'Other news\n'),
    "docB": ('Cara Invent runs a charity. "Arrest drug users or divert them to treatment," she said. She added '
             'that we must divert drug users to treatment. The figures come out next month.\n'),
}
QUOTES = [  # quote_id, doc_id, kind, speaker, role, text
    ("docA-01", "docA", "direct", "Bob Sample", "Inspector", "Police should arrest drug users and put them in prison"),
    ("docA-02", "docA", "indirect", "Ann Example", "", "the committee meeting was on Tuesday"),
    ("docB-01", "docB", "direct", "Cara Invent", "charity head", "Arrest drug users or divert them to treatment"),
    ("docB-02", "docB", "indirect", "Cara Invent", "charity head", "we must divert drug users to treatment"),
]
IDS = [q[0] for q in QUOTES]
ANN_HEADER = "quote_id,label,note,annotator,timestamp,codebook_version\n"


def make_project(root: Path) -> tuple[Path, Path]:
    """Write the invented project under ``root``; return (labels folder, articles folder)."""
    labels, arts = root / "labels", root / "articles"
    labels.mkdir(parents=True)
    arts.mkdir()
    (labels / "codebook.md").write_text("Codebook version: 1.0 (2026-01-01)\n\n# Test codebook\n", encoding="utf-8")
    with open(labels / "quotes.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["quote_id", "doc_id", "start", "end", "kind", "speaker", "speaker_role", "text"])
        for qid, doc, kind, speaker, role, text in QUOTES:
            start = ARTICLES[doc].index(text)
            w.writerow([qid, doc, start, start + len(text), kind, speaker, role, text])
    (labels / "stance.csv").write_text("quote_id,label,note\ndocA-01,-2,gold note, quoted\ndocA-02,none,\n"
                                       "docB-01,0,gold reason\n".replace("gold note, quoted", '"gold note, quoted"'),
                                       encoding="utf-8")
    for doc, text in ARTICLES.items():
        (arts / f"{doc}.txt").write_text(text, encoding="utf-8")
    (arts / "articles.csv").write_text("doc_id,file,headline\ndocA,docA.txt,Council hears drug plan\n"
                                       "docB,docB.txt,\n", encoding="utf-8")
    return labels, arts


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def items_of(labels: Path, arts: Path):
    from stance.corpus import load_articles

    return build_items(load_quotes(labels / "quotes.csv"), load_articles([arts]), {"docA": "Council hears drug plan"})


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


# ------------------------------------------------------------------------------ context

@pytest.mark.parametrize("quote, expected", [
    ("Police should arrest drug users and put them in prison",
     ("Inspector Bob Sample spoke to the council on Monday.", '"', '," he said.',
      "Ann Example said the committee meeting was on Tuesday.")),
    ("the committee meeting was on Tuesday",
     ('"Police should arrest drug users and put them in prison," he said.', "Ann Example said ", ".",
      "READ MORE: Other news")),
    ("Inspector Bob Sample", ("", "", " spoke to the council on Monday.",
                              '"Police should arrest drug users and put them in prison," he said.')),
])
def test_context_is_the_sentence_before_the_quote_sentence_and_the_sentence_after(quote, expected):
    text = ARTICLES["docA"]
    start = text.index(quote)
    assert quote_context(text, start, start + len(quote)) == expected


def test_a_quote_of_several_sentences_is_shown_whole():
    text = 'Intro here. "One. Two." she said. Outro.'
    start = text.index("One")
    # '"One. Two." she said.' is ambiguous; the closing mark stays with the quote's sentence
    assert quote_context(text, start, text.index('"', start)) == ("Intro here.", '"', '"', "she said.")


def test_items_carry_headline_speaker_and_context(project):
    items = items_of(*project)
    assert [it.quote_id for it in items] == IDS
    a = items[0]
    assert (a.headline, a.speaker, a.speaker_role, a.kind) == ("Council hears drug plan", "Bob Sample",
                                                               "Inspector", "direct")
    assert a.before == "Inspector Bob Sample spoke to the council on Monday."


def test_items_refuse_offsets_that_miss_the_article(project):
    from stance.corpus import Article
    from stance.errors import InputError

    wrong = {"docA": Article("docA", "docA.txt", "x" * 400), "docB": Article("docB", "docB.txt", ARTICLES["docB"])}
    with pytest.raises(InputError, match=r"quote docA-01: offsets 54-108 of docA.txt give 'xxx"):
        build_items(load_quotes(project[0] / "quotes.csv"), wrong)


# ---------------------------------------------------------------------- sample and order

def test_sample_is_reproducible_in_input_order_and_independent_of_file_order():
    ids = [f"q{i:02d}" for i in range(20)]
    first = sample_ids(ids, 5, seed=1)
    assert first == ['q03', 'q06', 'q07', 'q17', 'q18']  # pinned: sha256 ranks, stable everywhere
    assert sample_ids(ids, 5, seed=1) == first
    assert sample_ids(ids[::-1], 5, seed=1) == first[::-1]
    assert sample_ids(ids, 5, seed=2) != first
    assert set(sample_ids(ids, 5, seed=1)) <= set(sample_ids(ids + ["extra"], 6, seed=1)) | {"extra"}


@pytest.mark.parametrize("n, message", [
    (21, "--sample 21 is more than the 20 quotes in the file; use --sample 20 or fewer"),
    (0, "--sample must be 1 or more, got 0"),
])
def test_sample_size_is_checked(n, message):
    from stance.errors import InputError

    with pytest.raises(InputError, match=message):
        sample_ids([f"q{i}" for i in range(20)], n, seed=0)


def test_least_certain_first_with_ties_in_input_order():
    probs = {
        "sure": {"-2": 0.9, "2": 0.05, "none": 0.05},    # margin 0.85
        "torn": {"-2": 0.4, "2": 0.4, "none": 0.2},      # margin 0.00
        "close": {"-2": 0.45, "2": 0.35, "none": 0.2},   # margin 0.10
        "torn2": {"-2": 0.2, "2": 0.4, "none": 0.4},     # margin 0.00, after "torn"
    }
    assert order_by_margin(list(probs), probs) == ["torn", "torn2", "close", "sure"]


@pytest.fixture
def tiny_model(tmp_path):
    """A model fitted on nine invented sentences (three labels), saved with a sidecar."""
    from stance.model import build_pipeline
    from stance.modelfile import save_model

    train = {"-2": ["arrest drug users", "prison for drug users", "punish users harder"],
             "2": ["treatment for drug users", "divert drug users to treatment", "decriminalise users"],
             "none": ["the meeting was on tuesday", "the report has forty pages", "figures come next month"]}
    texts = [t for ts in train.values() for t in ts]
    labels = [lab for lab, ts in train.items() for _ in ts]
    path = tmp_path / "tiny.joblib"
    save_model(build_pipeline(C=10.0).fit(texts, labels), path, {"scheme": STANCE_SCHEME.to_dict()})
    return path


def test_order_uncertain_asks_the_least_certain_quote_first(project, tiny_model, runner):
    from stance.labelling import margin, model_probabilities

    labels, arts = project
    result = runner.invoke(app, ["label", "--annotator", "al", "--labels", str(labels), "--articles", str(arts),
                                 "--order", "uncertain", "--model", str(tiny_model)], input="q\n")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.split("key>")[0]
    # "Arrest drug users or divert them to treatment" mixes both ends: the model is torn
    assert "quote 1 of 4 · codebook 1.0 · order: uncertain" in first
    assert "«Arrest drug users or divert them to treatment»" in first
    probs = model_probabilities(tiny_model, items_of(labels, arts))
    assert min(probs, key=lambda q: margin(probs[q])) == "docB-01"


def test_order_uncertain_without_a_model_says_what_to_do(project, runner, user_error, tmp_path):
    labels, arts = project
    result = runner.invoke(app, ["label", "--annotator", "al", "--labels", str(labels), "--articles", str(arts),
                                 "--order", "uncertain", "--model", str(tmp_path / "none.joblib")], input="q\n")
    user_error(result, f"stance: {tmp_path / 'none.joblib'}: no trained model for --order uncertain; run "
                       f"'stance train' first, pass --model PATH, or use --order document")


# ------------------------------------------------------------------------- the session

def session_on(project, path=None, existing=(), queue=IDS):
    labels, arts = project
    path = path or labels / "annotations" / "al.csv"
    return LabelSession(items_of(labels, arts), queue, path, "al", "1.0", existing, clock=lambda: T0)


def test_every_answer_is_in_the_file_at_once(project):
    s = session_on(project)
    assert (s.current().quote_id, s.done, s.total) == ("docA-01", 0, 4)
    s.set_note("  two   spaces ")
    s.answer("-2")
    assert rows_of(s.path) == [ANN_HEADER.strip().split(","), ["docA-01", "-2", "two spaces", "al", T0, "1.0"]]
    s.answer("+1")
    assert rows_of(s.path)[2] == ["docA-02", "1", "", "al", T0, "1.0"]
    assert (s.current().quote_id, s.done) == ("docB-01", 2)


def test_skip_moves_on_without_saving_and_undo_brings_quotes_back(project):
    s = session_on(project)
    s.answer("-2")
    s.skip()
    assert s.current().quote_id == "docB-01"
    s.answer("none")
    assert [r[0] for r in rows_of(s.path)[1:]] == ["docA-01", "docB-01"]
    assert s.undo() == "docB-01"                 # the answer is taken back, in the file too
    assert [r[0] for r in rows_of(s.path)[1:]] == ["docA-01"]
    assert s.current().quote_id == "docB-01"
    assert s.undo() == "docA-02"                 # then the skip
    assert s.current().quote_id == "docA-02"
    assert s.undo() == "docA-01"
    assert rows_of(s.path)[1:] == [] and s.current().quote_id == "docA-01"
    assert s.undo() is None and s.message == "nothing to undo"


def test_undo_restores_the_note_and_reaches_answers_of_an_earlier_run(project):
    s = session_on(project)
    s.set_note("hard case")
    s.answer("0")
    later = session_on(project, existing=load_annotations(s.path).rows)
    assert later.current().quote_id == "docA-02"
    assert later.undo() == "docA-01"
    assert (later.current().quote_id, later.note) == ("docA-01", "hard case")
    assert rows_of(s.path)[1:] == []


def test_the_session_ends_when_only_skipped_quotes_are_left(project):
    s = session_on(project, queue=["docA-01", "docB-02"])
    s.answer("2")
    s.skip()
    assert s.current() is None and (s.done, s.total, s.skipped) == (1, 2, ["docB-02"])


def test_a_crash_while_saving_loses_only_the_answer_on_screen(project, monkeypatch):
    s = session_on(project)
    s.answer("-1")
    before = s.path.read_bytes()

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        s.answer("2")
    monkeypatch.undo()
    assert s.path.read_bytes() == before
    assert sorted(p.name for p in s.path.parent.iterdir()) == ["al.csv"]  # no temporary file left
    assert s.current().quote_id == "docA-02" and "docA-02" not in s.rows


def test_screen_shows_progress_context_values_and_keys(project):
    s = session_on(project)
    s.set_note("see R4")
    screen = render_label_screen(s, Keymap(STANCE_SCHEME), width=100, title="order: document")
    assert screen.splitlines()[0] == "stance label · al · quote 1 of 4 · codebook 1.0 · order: document"
    for line in ["Article   docA: Council hears drug plan",
                 "Speaker   Bob Sample (Inspector) · direct quote · docA-01",
                 "  … Inspector Bob Sample spoke to the council on Monday.",
                 '  "«Police should arrest drug users and put them in prison»," he said.',
                 "  Ann Example said the committee meeting was on Tuesday. …",
                 "  1    -2  action against users", "  4    +1  help, prevention, root causes",
                 "  0  none  no stance on this axis", "  s skip   u undo   n note   q quit", "  note: see R4"]:
        assert line in screen.splitlines()


@pytest.mark.parametrize("typed, command", [
    ("1", ("label", "-2")), ("5", ("label", "2")), ("0", ("label", "none")), ("s", ("skip", "")),
    ("u", ("undo", "")), ("q", ("quit", "")), (None, ("quit", "")), ("\x04", ("quit", "")),
    ("n", ("note", "")), ("n unclear speaker", ("note", "unclear speaker")), ("note", ("note", "")),
    ("7", ("unknown", "7")), ("-2", ("unknown", "-2")), ("1 x", ("unknown", "1 x")),
])
def test_keys(typed, command):
    assert parse_command(typed, Keymap(STANCE_SCHEME)) == command


# ------------------------------------------------------------------------- coder files

@pytest.mark.parametrize("body, message", [
    ("quote_id,label,note\n", r"al.csv line 1: header lacks column\(s\) annotator, timestamp, codebook_version"),
    (ANN_HEADER + f"docZ-09,1,,al,{T0},1.0\n",
     r"al.csv line 2: unknown quote_id 'docZ-09': it is not in quotes.csv; label against the quotes file"),
    (ANN_HEADER + f"docA-01,3,,al,{T0},1.0\n", r"al.csv line 2: label '3' is not one of -2, -1, 0, 1, 2, none"),
    (ANN_HEADER + f"docA-01,1,,al,{T0},1.0\ndocA-02,1,,al,{T0},1.0\ndocA-01,2,,al,{T0},1.0\n",
     r"al.csv line 4: duplicate quote_id 'docA-01' \(first at line 2\); keep one row per quote"),
    (ANN_HEADER + f"docA-01,1,,al,{T0},0.9\n",
     r"al.csv line 2: coded under codebook version '0.9', but the current codebook is version '1.0'; labels "
     r"from different codebooks are not comparable: re-code under 1.0 into a new coder file, or compare against "
     r"the codebook of version 0.9 \(stance agree --codebook FILE\)"),
    (ANN_HEADER + f"docA-01,1,,al,{T0},1.0\ndocA-02,1,,bo,{T0},1.0\n",
     r"al.csv line 3: annotator 'bo' differs from 'al' \(line 2\); a coder file holds one coder's labels"),
    (ANN_HEADER + "docA-01,1,,al,yesterday,1.0\n", r"al.csv line 2: timestamp 'yesterday' is not an ISO 8601"),
    (ANN_HEADER + f",1,,al,{T0},1.0\n", r"al.csv line 2: quote_id is empty"),
])
def test_coder_files_are_validated_with_file_and_line(tmp_path, body, message):
    path = tmp_path / "al.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        load_annotations(path, IDS, "1.0", quotes_name="quotes.csv")


def test_label_refuses_a_coder_file_of_another_codebook_version(project, runner, user_error):
    labels, arts = project
    path = labels / "annotations" / "al.csv"
    path.parent.mkdir()
    path.write_text(ANN_HEADER + f"docA-01,1,,al,{T0},0.9\n", encoding="utf-8")
    result = runner.invoke(app, ["label", "--annotator", "al", "--labels", str(labels)], input="q\n")
    assert user_error(result).startswith(f"stance: {path} line 2: coded under codebook version '0.9'")


@pytest.mark.parametrize("name", ["../al", "a/b", "", ".hidden", "x" * 65])
def test_annotator_names_must_be_safe_file_names(project, runner, user_error, name):
    result = runner.invoke(app, ["label", "--annotator", name, "--labels", str(project[0])], input="q\n")
    user_error(result, f"stance: annotator name {name!r} is not usable as a file name; use letters, digits, "
                       f"'.', '_' or '-' (up to 64), e.g. --annotator alice")


def test_writes_preserve_a_gold_file_byte_for_byte(tmp_path):
    copy = tmp_path / "stance.csv"
    copy.write_bytes((REPO / "labels" / "stance.csv").read_bytes())
    header, rows = read_stance_rows(copy)
    write_csv_rows(copy, header, rows)
    assert copy.read_bytes() == (REPO / "labels" / "stance.csv").read_bytes()


# ------------------------------------------------------------------------------- locks

def test_a_second_session_on_the_same_coder_file_is_refused(tmp_path):
    target = tmp_path / "al.csv"
    with SessionLock(target):
        assert (tmp_path / "al.csv.lock").read_text() == f"{os.getpid()}\n"
        with pytest.raises(LockedError) as exc:
            SessionLock(target).acquire()
    assert str(exc.value) == (f"{target} is open in another session (PID {os.getpid()}, lock file {target}.lock); "
                              f"finish that session first (press q there). If no session is running, delete "
                              f"{target}.lock")
    assert not (tmp_path / "al.csv.lock").exists()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("use_flock", [True, False])
def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path, use_flock):
    target, pid = tmp_path / "al.csv", dead_pid()
    (tmp_path / "al.csv.lock").write_text(f"{pid}\n")
    lock = SessionLock(target, use_flock=use_flock).acquire()
    assert lock.taken_over == pid
    assert (tmp_path / "al.csv.lock").read_text() == f"{os.getpid()}\n"
    lock.release()


def test_without_flock_a_live_pid_keeps_its_lock(tmp_path):
    parent = os.getppid()  # alive while the tests run
    (tmp_path / "al.csv.lock").write_text(f"{parent}\n")
    with pytest.raises(LockedError, match=f"another session \\(PID {parent}, "):
        SessionLock(tmp_path / "al.csv", use_flock=False).acquire()


# ------------------------------------------------------------------- the label command

def test_label_command_saves_resumes_and_reports(project, runner):
    labels, arts = project
    args = ["label", "--annotator", "al", "--labels", str(labels), "--articles", str(arts)]
    path = labels / "annotations" / "al.csv"
    first = runner.invoke(app, args, input="1\nn hard one\n0\nq\n")
    assert first.exit_code == 0, first.stderr
    assert first.stderr == (f"quit: 2 answer(s) saved this run; 2 of 4 quotes labelled in {path}; "
                            f"2 left, run the same command to resume\n")
    assert [r[:3] for r in rows_of(path)[1:]] == [["docA-01", "-2", ""], ["docA-02", "none", "hard one"]]
    second = runner.invoke(app, args, input="u\n4\n5\n3\n")
    assert second.exit_code == 0, second.stderr
    screens = second.stdout.split("key>")
    assert "quote 3 of 4" in screens[0] and "docB-01" in screens[0]
    assert "quote 2 of 4" in screens[1] and "undid docA-02 (was none)" in screens[1]
    # docA-02 (answered in the first run) was undone and answered again: three answers of this run
    assert second.stderr == f"done: 3 answer(s) saved this run; 4 of 4 quotes labelled in {path}\n"
    assert [r[:3] for r in rows_of(path)[1:]] == [["docA-01", "-2", ""], ["docA-02", "1", "hard one"],
                                                  ["docB-01", "2", ""], ["docB-02", "0", ""]]
    third = runner.invoke(app, args, input="")
    assert (third.exit_code, third.stderr) == (0, f"all 4 quotes of this run are already labelled in {path}\n")


def test_label_a_sample_of_a_researchers_own_quotes_file(project, runner, tmp_path):
    labels, arts = project
    own = tmp_path / "own.csv"
    own.write_text((labels / "quotes.csv").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "coding" / "al.csv"
    args = ["label", "--annotator", "al", "--quotes", str(own), "--labels", str(labels), "--articles", str(arts),
            "--sample", "2", "--seed", "3", "--output", str(out)]
    result = runner.invoke(app, args, input="1\n2\n")
    assert result.exit_code == 0, result.stderr
    expected = sample_ids(IDS, 2, seed=3)
    assert [r[0] for r in rows_of(out)[1:]] == expected
    assert "quote 1 of 2 · codebook 1.0\n── order: document · sample 2 (seed 3) ──" in result.stdout  # 80 columns


def test_label_without_article_texts_warns_once_and_still_works(project, runner, tmp_path):
    labels, _ = project
    result = runner.invoke(app, ["label", "--annotator", "al", "--labels", str(labels), "--articles",
                                 str(tmp_path / "nowhere")], input="q\n")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (f"stance: the article text of 2 document(s) was not found under "
                                             f"{tmp_path / 'nowhere'}; their quotes show no context. "
                                             f"Pass --articles FOLDER")
    assert "(article text not available: no context)" in result.stdout


def test_label_refuses_another_coders_file(project, runner, user_error, tmp_path):
    labels, arts = project
    other = tmp_path / "bo.csv"
    other.write_text(ANN_HEADER + f"docA-01,1,,bo,{T0},1.0\n", encoding="utf-8")
    result = runner.invoke(app, ["label", "--annotator", "al", "--labels", str(labels), "--output", str(other)],
                           input="q\n")
    user_error(result, f"stance: {other} holds the labels of 'bo', not 'al'; give the right --annotator, "
                       f"or another file with --output")


def test_label_is_refused_while_another_session_holds_the_file(project, runner, user_error):
    labels, _ = project
    path = labels / "annotations" / "al.csv"
    with SessionLock(path):
        result = runner.invoke(app, ["label", "--annotator", "al", "--labels", str(labels)], input="q\n")
    assert user_error(result).startswith(f"stance: {path} is open in another session (PID {os.getpid()}, ")


def test_interrupt_in_a_session_keeps_the_answers_and_exits_130(project, monkeypatch):
    import io

    labels, arts = project

    class CtrlC(io.StringIO):
        def readline(self, *a):
            line = super().readline(*a)
            if not line:
                raise KeyboardInterrupt
            return line

    out, err = io.StringIO(), io.StringIO()
    summary = label_quotes(labels / "quotes.csv", labels, "al", [arts], inp=CtrlC("1\n"), out=out, err=err)
    assert (summary.status, summary.saved, summary.done) == ("interrupted", 1, 1)
    assert not (labels / "annotations" / "al.csv.lock").exists()


# ------------------------------------------------------------------------- adjudication

def coder(labels: Path, name: str, rows: list[tuple[str, str, str]]) -> Path:
    path = labels / "annotations" / f"{name}.csv"
    write_annotations(path, [{"quote_id": q, "label": lab, "note": n, "annotator": name, "timestamp": T0,
                              "codebook_version": "1.0"} for q, lab, n in rows])
    return path


@pytest.fixture
def two_coders(project):
    labels, _ = project
    a = coder(labels, "al", [("docA-01", "-2", ""), ("docA-02", "none", ""), ("docB-01", "0", "both ends"),
                             ("docB-02", "1", "")])
    b = coder(labels, "bo", [("docA-01", "-2", ""), ("docA-02", "none", ""), ("docB-01", "2", "divert"),
                             ("docB-02", "2", "R9")])
    return a, b


def test_adjudicate_from_a_decisions_file_keeps_other_rows_and_order(project, two_coders, runner, tmp_path):
    labels, arts = project
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("quote_id,label,note\ndocB-02,+1,R6 applies\ndocB-01,0,\n", encoding="utf-8")
    args = ["adjudicate", *map(str, two_coders), "--labels", str(labels), "--decisions", str(decisions)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"done: 2 decision(s) written to {labels / 'stance.csv'}\n"
    assert (labels / "stance.csv").read_text(encoding="utf-8") == (
        'quote_id,label,note\ndocA-01,-2,"gold note, quoted"\ndocA-02,none,\n'
        'docB-01,0,"adjudicated (al 0, bo +2): gold reason"\n'
        'docB-02,1,"adjudicated (al +1, bo +2): R6 applies"\n')
    before = (labels / "stance.csv").read_bytes()
    again = runner.invoke(app, args)  # the same decisions again: the same file, byte for byte
    assert again.exit_code == 0 and (labels / "stance.csv").read_bytes() == before


def test_adjudicate_finds_the_archived_codebook_the_coders_used(project, two_coders, runner, tmp_path):
    labels, _ = project
    (labels / "codebook-archive").mkdir()
    (labels / "codebook.md").replace(labels / "codebook-archive" / "codebook-1.0.md")
    (labels / "codebook.md").write_text("Codebook version: 1.1 (2026-02-01)\n\n# Revised\n", encoding="utf-8")
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("quote_id,label,note\ndocB-02,1,\n", encoding="utf-8")
    result = runner.invoke(app, ["adjudicate", *map(str, two_coders), "--labels", str(labels),
                                 "--decisions", str(decisions)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"done: 1 decision(s) written to {labels / 'stance.csv'}; 1 disagreement(s) still open\n"


def test_adjudicate_decisions_must_be_disagreements(project, two_coders, runner, user_error, tmp_path):
    labels, _ = project
    decisions = tmp_path / "d.csv"
    decisions.write_text("quote_id,label,note\ndocA-01,1,\n", encoding="utf-8")
    result = runner.invoke(app, ["adjudicate", *map(str, two_coders), "--labels", str(labels),
                                 "--decisions", str(decisions)])
    user_error(result, f"stance: {decisions} line 2: quote_id 'docA-01' is not a disagreement between the coder "
                       f"files; remove the row (see 'stance agree' for the list)")


def test_adjudicate_interactively_writes_each_decision_at_once_and_resumes(project, two_coders, runner):
    labels, arts = project
    args = ["adjudicate", *map(str, two_coders), "--labels", str(labels), "--articles", str(arts)]
    first = runner.invoke(app, args, input="3\nR6: both named\nq\n")
    assert first.exit_code == 0, first.stderr
    screen = first.stdout.split("key>")[0]
    assert "stance adjudicate · disagreement 1 of 2" in screen
    for line in ["  al              0   both ends", "  bo             +2   divert", "  stance.csv      0   gold reason"]:
        assert line in screen.splitlines()
    assert first.stderr == (f"quit: 1 decision(s) written to {labels / 'stance.csv'}; "
                            f"1 disagreement(s) still open\n")
    assert rows_of(labels / "stance.csv")[3] == ["docB-01", "0", "adjudicated (al 0, bo +2): R6: both named"]
    second = runner.invoke(app, args, input="5\n\n")
    assert "disagreement 1 of 1" in second.stdout and "docB-02" in second.stdout
    assert second.stderr == (f"done: 1 decision(s) written to {labels / 'stance.csv'}; 1 adjudicated before "
                             f"(use --redo to revisit)\n")
    assert rows_of(labels / "stance.csv")[4] == ["docB-02", "2", "adjudicated (al +1, bo +2)"]
    third = runner.invoke(app, args, input="")
    assert third.stderr == (f"nothing-to-do: 0 decision(s) written to {labels / 'stance.csv'}; 2 adjudicated "
                            f"before (use --redo to revisit)\n")
    redo = runner.invoke(app, args + ["--redo"], input="s\n4\nnow +1\n")
    assert "disagreement 1 of 2" in redo.stdout
    assert rows_of(labels / "stance.csv")[3][:2] == ["docB-01", "0"]
    assert rows_of(labels / "stance.csv")[4] == ["docB-02", "1", "adjudicated (al +1, bo +2): now +1"]


def test_new_commands_have_help_with_examples():
    import typer

    cmd = typer.main.get_command(app)
    for name in ("label", "agree", "adjudicate"):
        sub = cmd.commands[name]
        assert "Example" in sub.help, name
        for param in sub.params:
            assert param.help and "Example" in param.help, (name, param.name)
