"""Patterns of English news writing the segmenter learnt from the tuning half of the real-news
corpus, and the listed-corpus scoring command. Every text here is invented."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listings import write_listing
from segment_helpers import units
from stance import newsscore
from stance.cli import app
from stance.pagecorpus import half, page_id_for
from stance.segment import segment_text
from stance.sources import collective_source, speaker_type
from stance.wrap import is_hard_wrapped, rejoin_wrapped, truncated_end


# -- British house style: multi-paragraph quotations in single marks --------------------------

def test_single_marks_quotation_over_paragraphs_after_a_colon():
    text = ("Two forces made arrests.\n\nInspector Tam Rooke, of the roads unit, said: ‘Eight men were "
            "arrested in the first week.\n\n‘Each of them was tested at the roadside.\n\n‘The arrests are "
            "a warning to drivers.’\n")
    assert units(text) == [
        ("direct", "Tam Rooke", "Eight men were arrested in the first week."),
        ("direct", "Tam Rooke", "Each of them was tested at the roadside."),
        ("direct", "Tam Rooke", "The arrests are a warning to drivers."),
    ]


def test_minimal_single_marks_run_on():
    assert units("The minister spoke.\n\nJane Dunmore said: ‘A.\n\n‘B.’\n") == [
        ("direct", "Jane Dunmore", "A."), ("direct", "Jane Dunmore", "B.")]


def test_name_and_colon_introduce_a_quotation_without_a_verb():
    text = ('Police seized guns.\n\nCounty lines coordinator Ian Vell: "This week has delivered more '
            'results for the region.\n\n"Our work carries on all year."\n')
    assert units(text) == [
        ("direct", "Ian Vell", "This week has delivered more results for the region."),
        ("direct", "Ian Vell", "Our work carries on all year."),
    ]


# -- captions, excerpts, wrapped lines ---------------------------------------------------------

def test_photo_caption_with_a_credit_is_not_speech():
    text = ("Ada Pike opened the clinic.\n\nAda Pike at the launch, where she said it would help – "
            "Credit: Northvale Gazette\n\nAda Pike said the clinic would open in May.\n")
    assert units(text) == [("indirect", "Ada Pike", "the clinic would open in May")]


def test_a_unit_cut_off_by_the_end_of_an_excerpt_is_left_out():
    text = "Jane Roe said the plan was good.\n\nShe added that it would be cheap to run for the whole of"
    assert truncated_end(text) == len(text)
    assert units(text) == [("indirect", "Jane Roe", "the plan was good")]
    assert truncated_end("He said it.\n") is None


WRAPPED = ("Police arrested a man.\n\nDet Sgt Ann Rudd, of the drugs squad, said the man had\n"
           "been seen selling cannabis near a school and that officers\nwould return to the area.\n\n"
           '"We will not tolerate dealing near schools," she said. "Residents\nhave told us what they '
           'see."\n')


def test_hard_wrapped_text_is_detected_and_rejoined_offsets_kept():
    assert is_hard_wrapped(WRAPPED)
    joined = rejoin_wrapped(WRAPPED)
    assert len(joined) == len(WRAPPED) and "had been seen" in joined and "\n\n" in joined
    assert not is_hard_wrapped("One.\nTwo.\nThree.\nFour.\n")
    got = segment_text(WRAPPED)
    assert [(q.kind, q.speaker) for q in got] == [("indirect", "Ann Rudd"), ("direct", "Ann Rudd"),
                                                 ("direct", "Ann Rudd")]
    assert got[0].text.startswith("the man had\nbeen seen")  # the text is the original's
    assert all(WRAPPED[q.start:q.end] == q.text for q in got)


# -- speaker types -------------------------------------------------------------------------

def test_speaker_types_from_the_speaker_phrase():
    assert collective_source("Campaigners") == ("campaigners", "group")
    assert collective_source("a source close to the minister") == ("a source close to the minister", "unnamed")
    assert collective_source("five police forces") == ("five police forces", "group")
    assert collective_source("the officers") is None
    assert speaker_type("critics") == "group" and speaker_type("a spokesperson") == "unnamed"
    assert speaker_type("Ada Pike") == "person"


def test_segmenter_outputs_speaker_type_for_every_unit():
    text = ('The Home Office said it would act.\n\nJane Roe, of Release, said: "We are tired of waiting."\n')
    got = segment_text(text)
    assert [(q.speaker, q.speaker_type) for q in got] == [("Home Office", "organisation"),
                                                          ("Jane Roe", "person")]


# -- scoring a listed corpus ---------------------------------------------------------------

PAGES = {  # invented; story-0 falls in the tuning half, story-1 in the test half
    "https://example-news.test/story-0": 'Cllr Ann Vale said: "We will fund the new clinic."\n',
    "https://example-news.test/story-1": "Tom Hale said the plan was too slow.\n",
}
GOLD = {"story-0": [("We will fund the new clinic.", "direct", "Ann Vale", "person")],
        "story-1": [("the plan was too slow", "indirect", "Tom Hale", "person")]}


@pytest.fixture
def listing(tmp_path):
    folder, texts = tmp_path / "news", tmp_path / "texts"
    write_listing(folder, texts, {url: (text, [(span, kind, spk, "", stype)
                                               for span, kind, spk, stype in GOLD[url.rsplit("/", 1)[1]]])
                                  for url, text in PAGES.items()})
    assert [half(page_id_for(u)) for u in PAGES] == ["tuning", "test"]
    return folder, texts


def test_listing_scored_on_the_tuning_half(listing):
    folder, texts = listing
    res = CliRunner().invoke(app, ["segment", "--gold", str(folder), "--texts", str(texts), "--boot", "20"])
    assert res.exit_code == 0, res.output
    assert "half: tuning  pages: 1" in res.output
    assert "overall               1    1  100.0 100.0  100.0 [100.0, 100.0]" in res.output


def test_errors_refused_for_the_test_half(listing):
    folder, texts = listing
    for half_ in ("test", "both"):
        res = CliRunner().invoke(app, ["segment", "--gold", str(folder), "--texts", str(texts), "--half", half_,
                                       "--errors"])
        assert res.exit_code == 2
        assert "--errors lists misses and false hits only for the tuning half" in res.output


def test_test_half_only_through_the_logged_report(listing):
    folder, texts = listing
    res = CliRunner().invoke(app, ["segment", "--gold", str(folder), "--texts", str(texts), "--half", "test"])
    assert res.exit_code == 2 and "only done through --report" in res.output


def test_report_writes_both_halves_and_logs_each_test_scoring(listing, tmp_path):
    folder, texts = listing
    out = tmp_path / "exp" / "news-segment"
    for n in (1, 2):
        res = CliRunner().invoke(app, ["segment", "--gold", str(folder), "--texts", str(texts), "--report",
                                       str(out), "--boot", "20"])
        assert res.exit_code == 0, res.output
        assert f"now records {n} scoring(s) of a test half" in res.output
    log = (tmp_path / "exp" / "test-half-log.csv").read_text().splitlines()
    assert log[0] == "date,what,commit" and len(log) == 3
    assert log[1].split(",")[1] == f"segment report {folder.as_posix()}"  # the log names the corpus
    report = (out / "report.md").read_text()
    assert "## tuning half" in report and "## test half" in report and "records 2 scoring(s)" in report
    assert (out / "metrics.json").is_file()
    # the commit is the scoring code's (this checkout), not the git state of the report's folder
    # (tmp_path is no repository): a report made by an old checkout says which one it was
    want = newsscore.git_commit(Path(newsscore.__file__).resolve().parent)
    assert log[1].split(",")[2] == want and json.loads((out / "metrics.json").read_text())["commit"] == want


def test_report_options_need_a_listing(tmp_path):
    res = CliRunner().invoke(app, ["segment", str(tmp_path), "--errors"])
    assert res.exit_code == 2 and "need --gold naming a listed corpus folder" in res.output


def test_added_with_an_object_is_not_speech():
    text = "Officers searched the flat.\n\nJohn Hale had added green flakes of cannabis to the mix before selling it.\n"
    assert units(text) == []
    assert units("Jo Marsh spoke.\n\nMs Marsh added the plan was too slow.\n") == [
        ("indirect", "Jo Marsh", "the plan was too slow")]


def test_collective_and_unnamed_sources_are_units_with_their_phrase():
    text = ("Campaigners said the law was cruel.\n\nCritics say the scheme will cost too much.\n\n"
            "A source close to the minister said the plan would be dropped.\n")
    assert [(q.speaker, q.speaker_type, q.text) for q in segment_text(text)] == [
        ("campaigners", "group", "the law was cruel"),
        ("critics", "group", "the scheme will cost too much"),
        ("a source close to the minister", "unnamed", "the plan would be dropped"),
    ]


def test_a_second_annotation_is_scored_against_the_gold_like_a_segmenter(listing, tmp_path):
    from stance.newsscore import score_second_annotation
    from stance.pagecorpus import UNIT_COLUMNS, load_listing

    folder, texts = listing
    pid0, pid1 = (page_id_for(u) for u in PAGES)
    s0 = PAGES["https://example-news.test/story-0"].index("We will")
    s1 = PAGES["https://example-news.test/story-1"].index("the plan")
    second = tmp_path / "second.csv"
    # the second annotator agrees on story-0's span but names another speaker, and cuts
    # story-1's reported clause short ("the plan", 8 of 21 characters: below 80 %)
    second.write_text(",".join(UNIT_COLUMNS) + "\n"
                      f"{pid0}-u01,{pid0},{s0},{s0 + 28},direct,Ann Vail,,person,x\n"
                      f"{pid1}-u01,{pid1},{s1},{s1 + 8},indirect,Tom Hale,,person,x\n", encoding="utf-8")
    got = score_second_annotation(load_listing(folder), texts, second, n_boot=20)
    assert got["n_pages"] == 2 and got["half"] == "second annotation"
    assert got["overall"]["exact"]["recall"] == 0.5  # story-0's span is the same to the character
    assert got["overall"]["overlap80"]["recall"] == 0.5 and got["overall"]["overlap30"]["recall"] == 1.0
    assert got["overall"]["speaker_accuracy"] == 0.5  # Ann Vail is not Ann Vale


def test_the_report_shows_a_second_annotation_when_the_listing_has_one(listing, tmp_path):
    from stance.newsscore import SECOND_ANNOTATION
    from stance.pagecorpus import UNIT_COLUMNS

    folder, texts = listing
    pid0 = page_id_for("https://example-news.test/story-0")
    s0 = PAGES["https://example-news.test/story-0"].index("We will")
    (folder / SECOND_ANNOTATION).write_text(",".join(UNIT_COLUMNS) + "\n"
                                            f"{pid0}-u01,{pid0},{s0},{s0 + 28},direct,Ann Vale,,person,x\n")
    out = tmp_path / "exp" / "news-segment"
    res = CliRunner().invoke(app, ["segment", "--gold", str(folder), "--texts", str(texts), "--report",
                                   str(out), "--boot", "20"])
    assert res.exit_code == 0, res.output
    report = (out / "report.md").read_text()
    assert "## A second annotator against the gold" in report
    assert "half: second annotation  pages: 1" in report
