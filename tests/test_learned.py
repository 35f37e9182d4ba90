"""The learned finder of reported speech (stance.learned) and its trainer (stance.indirecttrain).

INVENTED TEST DATA: every article, name and sentence below was written for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from stance import indirecttrain, learned
from stance.segment import _Segmenter, segment_text


@pytest.fixture
def finder_on(monkeypatch):
    monkeypatch.setattr(learned, "ENABLED", True)


def _units(text: str) -> list[tuple[str, str, str]]:
    return [(q.kind, q.text, q.speaker) for q in segment_text(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("The Vell Foundation has previously pointed to a rise in drug deaths in the county.\n",
                     [("indirect", "a rise in drug deaths in the county", "Vell Foundation")], id="pointed-to"),
        pytest.param("Chief Constable Bram Olsen has signalled that officers will stop arresting people for "
                     "possession.\n",
                     [("indirect", "officers will stop arresting people for possession", "Bram Olsen")],
                     id="signalled-that"),
    ],
)
def test_the_finder_adds_reported_speech_the_rules_miss(text, expected, finder_on, monkeypatch):
    assert _units(text) == expected
    monkeypatch.setattr(learned, "ENABLED", False)
    assert _units(text) == []  # the rules alone find none of these


@pytest.mark.parametrize(
    "text",
    [
        "The Harbour Board was told the clinic would close in the spring.\n",  # a passive
        "Ada Pike spoke at the hearing.\n\nHis comments came days before the clinic reopened in Kestwick.\n",
        "Ministers said to be considering the plan for the harbour clinic.\n",  # hearsay, no speaker
        "Statistics released on Tuesday showed that deaths in the county rose by a tenth.\n",  # no subject
        "Vale believed the figures were wrong at the time of the raid.\n",  # a past belief is narrative
        "Police found drugs worth £2,000 in his car on the harbour road.\n",  # an act, not speech
        "Police believe the rumours about the club.\n",  # a belief with no clause of its own
    ],
)
def test_the_finder_proposes_nothing_without_a_speaker_or_a_clause(text, finder_on):
    assert [u for u in _units(text) if u[0] == "indirect"] == []


def test_a_phrase_after_announced_is_a_candidate_the_rules_miss(finder_on, monkeypatch):
    # proposed with its speaker; whether it is accepted is the model's call (the weights of the
    # second widening score it just under their threshold, 0.49 against 0.5)
    text = ("Funding boost for clinics\n\nThe Kestwick Trust has announced £2 million of funding to "
            "support the harbour clinic over the next two years.\n")
    page = indirecttrain.page_candidates("d", text, [])
    assert [(text[c.start:c.end], c.speaker[0]) for c in page.cands] == [
        ("£2 million of funding to support the harbour clinic over the next two years", "Kestwick Trust")]
    monkeypatch.setattr(learned, "ENABLED", False)
    assert _units(text) == []  # the rules alone find nothing


def test_the_finder_leaves_what_the_rules_found_alone(finder_on):
    text = "Ada Pike, the council leader, opened the hearing.\n\nMrs Pike said the clinic would stay open until May.\n"
    assert _units(text) == [("indirect", "the clinic would stay open until May", "Ada Pike")]


def test_score_is_a_logistic_of_the_summed_weights():
    assert learned.score(["a", "b"], {"a": 1.5, "b": 0.5}, -2.0) == pytest.approx(0.5)
    assert learned.score(["unknown"], {}, 0.0) == pytest.approx(0.5)
    assert learned.score(["a"], {"a": -100.0}, 0.0) == 0.0


def test_accept_keeps_the_best_of_overlapping_candidates_above_the_threshold():
    cands = [learned.Candidate(0, 10, 0, 0, ("Ann Lee", ""), "person", ["weak"]),
             learned.Candidate(5, 20, 5, 0, ("Ann Lee", ""), "person", ["strong"]),
             learned.Candidate(30, 40, 30, 0, ("Ivo Brack", ""), "person", ["weak"]),
             learned.Candidate(50, 60, 50, 0, ("Ivo Brack", ""), "person", ["bad"])]
    kept = learned.accept(cands, {"weak": 0.5, "strong": 2.0, "bad": -3.0}, 0.0, 0.6)
    assert [(c.start, c.end) for c in kept] == [(5, 20), (30, 40)]


def test_uncovered_drops_candidates_whose_content_or_verb_a_unit_covers():
    cands = [learned.Candidate(10, 20, 5, 0, ("A", ""), "person"),
             learned.Candidate(40, 50, 25, 0, ("A", ""), "person"),
             learned.Candidate(70, 80, 65, 0, ("A", ""), "person")]
    units = [learned.Candidate(15, 18, 0, 0, ("B", ""), "person"), learned.Candidate(22, 30, 0, 0, ("B", ""), "person")]
    assert [c.start for c in learned.uncovered(cands, units)] == [70]


# INVENTED pages for the trainer: a trust announces, a leader says, nobody speaks
_PAGES = [
    ("p1", "The Kestwick Trust has announced £2 million of funding to support the harbour clinic next year.\n\n"
           "The clinic opened in May.\n"),
    ("p2", "Ada Pike, the council leader, opened the hearing.\n\nMrs Pike said the clinic would stay open until May.\n"),
    ("p3", "The Vell Foundation has announced a review of drug treatment services in the county this spring.\n"),
    ("p4", "Ivo Brack, the chief constable, opened the hearing.\n\nMr Brack said officers had made twelve arrests.\n"),
]


def _gold(doc_id: str, text: str, span: str) -> list[dict]:
    start = text.index(span)
    return [{"doc_id": doc_id, "start": start, "end": start + len(span), "kind": "indirect", "speaker": "x",
             "speaker_role": "", "speaker_type": "person"}]


def _tiny_pages() -> list[indirecttrain.Page]:
    spans = {"p1": "£2 million of funding to support the harbour clinic next year",
             "p2": "the clinic would stay open until May",
             "p3": "a review of drug treatment services in the county this spring",
             "p4": "officers had made twelve arrests"}
    return [indirecttrain.page_candidates(pid, text, _gold(pid, text, spans[pid])) for pid, text in _PAGES]


def test_page_candidates_are_labelled_by_the_gold_indirect_units():
    pages = _tiny_pages()
    assert [p.labels for p in pages] == [[1], [1], [1], [1]]
    assert [p.open_ for p in pages] == [[True], [False], [True], [False]]  # the rules find p2's and p4's


def test_exported_weights_score_like_the_fitted_pipeline(tmp_path):
    pages = _tiny_pages()
    pages[3].labels = [0]  # two classes to learn
    model = indirecttrain.fit(pages, 1.0)
    weights, bias = indirecttrain.weights_of(model)
    out = tmp_path / "weights.json"
    indirecttrain.write_weights(out, weights, bias, 0.5, True, {"note": "invented"})
    saved = json.loads(out.read_text(encoding="utf-8"))
    for p in pages:
        for c in p.cands:
            expected = model.predict_proba([dict.fromkeys(c.features, 1)])[0][1]
            assert learned.score(c.features, saved["weights"], saved["bias"]) == pytest.approx(expected, abs=1e-5)
    assert saved["enabled"] is True and saved["threshold"] == 0.5 and saved["provenance"] == {"note": "invented"}


def test_cross_validation_scores_the_segmenter_with_the_finder_off_and_on():
    pages = _tiny_pages()
    pages[3].labels = [0]
    cv = indirecttrain.cross_validate(pages, n_folds=2)
    assert cv["off"]["recall_80"] == pytest.approx(0.5)  # the rules find two of the four units
    assert set(cv["on"]) == {f"C={c} w={w} f={f} feats={fs} t={t}" for c in indirecttrain.C_GRID
                             for w in indirecttrain.OPEN_WEIGHT_GRID for f in indirecttrain.FRESH_WEIGHT_GRID
                             for fs in indirecttrain.FEATURE_SETS for t in indirecttrain.THRESHOLD_GRID}
    assert max(r["recall_80"] for r in cv["on"].values()) >= 0.5


def test_cross_validation_reports_fresh_and_old_pages_apart_and_selects_on_the_fresh():
    pages = _tiny_pages()
    pages[3].labels = [0]
    pages[0].fresh = pages[2].fresh = True  # the two pages the rules miss
    cv = indirecttrain.cross_validate(pages, n_folds=2)
    assert cv["split_off"]["fresh"]["recall_80"] == pytest.approx(0.0)
    assert cv["split_off"]["old"]["recall_80"] == pytest.approx(1.0)
    best = indirecttrain.select(cv)
    assert cv["split_on"][best]["fresh"]["f1_80"] == max(v["fresh"]["f1_80"] for v in cv["split_on"].values())
    assert cv["split_on"][best]["old"]["f1_80"] >= cv["split_off"]["old"]["f1_80"] - indirecttrain.MAX_OLD_DROP


def test_folds_deal_fresh_and_old_pages_out_evenly():
    pages = _tiny_pages()
    pages[0].fresh = pages[1].fresh = True
    folds = indirecttrain._folds(pages, 2)
    assert sorted(i for f in folds for i in f) == [0, 1, 2, 3]
    assert all(sum(pages[i].fresh for i in f) == 1 for f in folds)


def test_a_grid_key_names_its_settings():
    assert indirecttrain.parse_key("C=0.3 w=1.0 f=2.0 feats=no_pairs t=0.8") == {
        "C": 0.3, "w": 1.0, "f": 2.0, "feats": "no_pairs", "t": 0.8}


def test_fitting_can_leave_feature_families_out():
    pages = _tiny_pages()
    pages[3].labels = [0]
    weights, _ = indirecttrain.weights_of(indirecttrain.fit(pages, 1.0, drop=("lemma_how=",)))
    assert weights and not any(name.startswith("lemma_how=") for name in weights)


def test_the_trainer_wants_one_texts_folder_per_listing(capsys):
    with pytest.raises(SystemExit) as exc:
        indirecttrain.main(["--listing", "a", "--listing", "b", "--texts", "t", "--out", "w.json"])
    assert exc.value.code == 2
    assert "one --texts per --listing" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        indirecttrain.main(["--listing", "a", "--texts", "t", "--fresh-listing", "b", "--out", "w.json"])
    assert exc.value.code == 2


def test_the_shipped_weights_were_trained_on_tuning_halves_only():
    prov = json.loads(learned.WEIGHTS_FILE.read_text(encoding="utf-8"))["provenance"]
    assert [(r["listing"], r["fresh"]) for r in prov["read"]] == [
        ("labels/news", False), ("labels/news2", False), ("labels/news3", False),
        ("labels/news4", False), ("labels/news5", False), ("labels/news6", True), ("labels/news7", True)]
    assert {r["half"] for r in prov["read"]} == {"tuning"}
    assert all(len(sha) == 64 for r in prov["read"] for sha in r["pages"].values())
    # selected on the fresh pages' held-out folds, the old pages' F1@80 falling at most 0.3 points
    assert prov["cv_on"]["fresh"]["f1_80"] >= prov["cv_off"]["fresh"]["f1_80"]
    assert prov["cv_on"]["old"]["f1_80"] >= prov["cv_off"]["old"]["f1_80"] - indirecttrain.MAX_OLD_DROP


def test_the_finder_reads_the_rules_regions_afresh():
    # the rules read this quotation as attributed ("cand"); the finder, given the rules' regions,
    # must read the sentence as it does on its own (no stop at a rule-read quotation)
    text = ("The Vell Foundation has announced a review of drug services, and Ada Pike said: \"We will keep "
            "the clinic open for every family in the county.\"\n")
    seg = _Segmenter(text, "d")
    seg.run()
    assert [r.cand for regions, _, _ in seg.seen.values() for r in regions] == ["attrib"]

    def spans(seen):
        return [(c.start, c.end, c.features) for c in learned.find_candidates(text, seg.paras, [], seg.doc, set(),
                                                                                seen=seen)]
    assert spans(seg.seen) == spans(None)
    assert text[spans(seg.seen)[0][0]:spans(seg.seen)[0][1]].endswith("county.\"")



def test_the_segmenter_does_not_import_scikit_learn():
    code = "import sys, stance.segment; sys.exit('sklearn' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_the_finder_leaves_run_on_sentences_to_the_rules(finder_on, monkeypatch):
    # a run-on "sentence" far longer than news prose (or holding more verb words than any news
    # sentence) is not read by the finder: its cost must not grow with the sentence
    calls = []
    real = learned._sentence_candidates
    monkeypatch.setattr(learned, "_sentence_candidates", lambda *a, **k: calls.append(a[5:7]) or real(*a, **k))
    segment_text("The Vell Foundation has announced a review of drug treatment services this spring.\n")
    assert len(calls) == 1  # an ordinary sentence is read
    calls.clear()
    run_on = "he said " * 400  # one 3,200-character sentence with 400 verb words
    many = "The trust " + "warned and said and claimed and " * 5 + "a review was due.\n"  # 15 verb words
    segment_text(run_on)
    segment_text(many)
    assert calls == []
    monkeypatch.setattr(learned, "MAX_SENTENCE", 10**6)
    monkeypatch.setattr(learned, "MAX_VERBS", 10**6)
    for text in (run_on, many):  # without the limits both are read
        calls.clear()
        segment_text(text)
        assert calls


def test_verb_words_are_looked_for_only_in_the_ground_and_found_there_as_everywhere():
    text = "Ann Lee said the quay would close. Ivo Brack warned of floods.\nThe board welcomed the plan."
    paras = [(0, 62), (63, len(text))]
    assert learned._hint_positions(text, paras, []) == [[8, 45], [73, 86]]  # said, warned; said, welcomed
    assert learned._hint_positions(text, paras, [], [(35, 62, 0)]) == [[45], []]  # the second sentence alone
    assert learned._hint_positions(text, paras, [(35, 61)]) == [[8], [73, 86]]  # "warned" inside a unit
    # a piece of ground that ends inside a word still reads the whole word ("welcomed", not "welcome")
    assert learned._hint_positions(text, paras, [], [(63, 90, 1)]) == [[], [73, 86]]


def test_the_chain_words_are_the_chain_patterns_words():
    import re

    words = re.search(r"\(\?:\(\?:(.*)\)\\s\+\)\+\$", learned._CHAIN_BEFORE_RE.pattern).group(1).split("|")
    assert set(words) == learned._CHAIN_WORDS
