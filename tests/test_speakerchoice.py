"""The learned speaker chooser: features, the override rule, the switch, and the trainer."""

import json

import pytest
from listings import write_listing

from stance import speakerchoice as sc
from stance import speakertrain as st
from stance.pagecorpus import half, page_id_for
from stance.segment import _Segmenter, segment_text

ARTICLE = ('Jane Smith, the council leader, opened the meeting. Tom Brown, a local trader, disagreed.\n\n'
           'She said: "We will go ahead with the scheme."\n\n'
           'Mr Brown said the plan would ruin the high street.')


def _segmented(text=ARTICLE):
    seg = _Segmenter(text, "d1")
    with st._chooser_off():
        units = seg.run()
    return seg, units


def test_features_describe_the_pronoun_and_the_attribution():
    seg, units = _segmented()
    assert [(q.kind, q.speaker) for q in units] == [("direct", "Jane Smith"), ("indirect", "Tom Brown")]
    first, second = sc.article_features(seg.text, seg.doc, seg.paras, units)
    assert set(first) == {"Jane Smith", "Tom Brown"}
    assert first["Jane Smith"]["gender_agrees"] == 1.0 and first["Tom Brown"]["gender_clashes"] == 1.0
    assert first["Jane Smith"]["rules_pronoun"] == 1.0 and first["Tom Brown"]["next_speaker"] == 1.0
    assert second["Tom Brown"]["rules_named_here"] == 1.0 and second["Jane Smith"]["prev_speaker"] == 1.0
    assert all(set(x) == set(sc.FEATURES) for x in first.values())


def test_rechoose_overrides_only_beyond_the_margin():
    seg, units = _segmented()
    perverse = sc.SpeakerModel({"gender_clashes": 5.0, "is_rules": 1.0}, 0.0, 2.0, True)
    got = sc.rechoose(seg.text, seg.doc, seg.paras, units, perverse)
    assert got[0].speaker == "Tom Brown" and got[0].speaker_type == "person"
    assert got[0].text == units[0].text and got[1] == units[1]
    cautious = sc.SpeakerModel(perverse.weights, 0.0, 4.5, True)
    assert sc.rechoose(seg.text, seg.doc, seg.paras, units, cautious) == units


def test_only_units_that_need_a_choice_are_rescored(monkeypatch):
    seg, units = _segmented()
    starts = [p[0] for p in seg.paras]
    assert [sc.needs_choice(seg.text, starts, seg.paras, q) for q in units] == [True, False]
    # a model that would hand "Mr Brown said ..." to the previous speaker leaves it alone:
    # the attribution names Tom Brown, so there is nothing to choose
    follower = sc.SpeakerModel({"prev_speaker": 5.0}, 0.0, 0.0, True)
    assert sc.rechoose(seg.text, seg.doc, seg.paras, units, follower) == units
    named = [units[1]]
    monkeypatch.setattr(sc, "_article", lambda *a: pytest.fail("article tables built for no unit"))
    assert sc.rechoose(seg.text, seg.doc, seg.paras, named, follower) == named


def test_a_model_that_cannot_override_costs_nothing(monkeypatch):
    seg, units = _segmented()
    timid = sc.SpeakerModel({"is_rules": 1.0, "gender_clashes": 5.0}, 0.0, 10.0, True)
    bold = sc.SpeakerModel(timid.weights, 0.0, 2.0, True)
    assert timid.ceiling() == 5.0 and not timid.can_override() and bold.can_override()
    monkeypatch.setattr(sc, "_article", lambda *a: pytest.fail("article tables built for a timid model"))
    assert sc.rechoose(seg.text, seg.doc, seg.paras, units, timid) == units


def test_choose_keeps_the_rules_on_a_tie():
    model = sc.SpeakerModel({"person": 1.0}, 0.0, 0.0)
    cands = {"B": {"person": 1.0}, "A": {"person": 1.0}}
    assert sc.choose(cands, "B", model) == "B"


@pytest.mark.parametrize("switch, expected", [("off", False), ("on", True), ("", False)])
def test_environment_switch(monkeypatch, switch, expected):
    monkeypatch.setattr(sc, "_MODEL", sc.SpeakerModel({}, 0.0, 0.0, False))
    monkeypatch.setenv(sc.ENV_SWITCH, switch)
    assert (sc.active() is not None) is expected


def test_committed_model_is_off_by_default_and_loads():
    model = sc.load_model()
    assert model is not None and set(model.weights) == set(sc.FEATURES)
    assert model.enabled is False
    assert sc.load_model("/nonexistent/speaker_model.json") is None


def test_segment_text_unchanged_with_the_committed_model_on(monkeypatch):
    off = segment_text(ARTICLE, "d1")
    monkeypatch.setenv(sc.ENV_SWITCH, "on")
    assert segment_text(ARTICLE, "d1") == off


def _tuning_urls(n):
    urls = (f"https://example.org/speakers/{i}" for i in range(200))
    return [u for u in urls if half(page_id_for(u)) == "tuning"][:n]


def _pages(n):
    body = ('Jane Smith, the council leader, opened the meeting. Tom Brown, a local trader, disagreed.\n\n'
            'She said: "We will go ahead with the scheme."\n\n'
            'Mr Brown said the plan would ruin the high street.')
    units = [("We will go ahead with the scheme.", "direct", "Jane Smith", "council leader", "person"),
             ("the plan would ruin the high street", "indirect", "Tom Brown", "trader", "person")]
    return {u: (body, units) for u in _tuning_urls(n)}


def test_page_examples_pair_rules_with_gold():
    gold = [{"doc_id": "d1", "start": ARTICLE.index("We will"), "end": ARTICLE.index(" with the scheme") + 16,
             "kind": "direct", "speaker": "Tom Brown"}]
    (ex,) = st.page_examples(ARTICLE, "d1", gold)
    assert ex.rules == "Jane Smith" and ex.gold == "Tom Brown"
    assert ex.learnable() and not ex.correct(ex.rules)


def test_train_writes_weights_and_provenance(tmp_path):
    write_listing(tmp_path / "listing", tmp_path / "texts", _pages(4))
    out = tmp_path / "model.json"
    prov = st.train([(str(tmp_path / "listing"), str(tmp_path / "texts"))], out, seed=0)
    saved = json.loads(out.read_text())
    assert saved["features"] == list(sc.FEATURES) and saved["enabled"] is False
    assert prov["cv"]["n_units"] == 8 and prov["cv"]["n_pages"] == 4 and prov["cv"]["off"] == 1.0
    assert prov["cv"]["margin"] == st.NEVER  # the rules are all right: nothing to gain
    assert len(prov["pages"][str(tmp_path / "listing")]) == 4 and prov["half"] == "tuning"
    model = sc.load_model(out)
    assert model.weights == saved["weights"] and model.margin == st.NEVER
    again = tmp_path / "again.json"
    st.train([(str(tmp_path / "listing"), str(tmp_path / "texts"))], again, seed=0)
    assert json.loads(again.read_text()) == saved  # reproducible


def test_cross_validation_learns_to_override_a_wrong_rule():
    # invented examples: the rules always pick a candidate named nowhere near; the gold is the
    # one named in the attribution, so a ranker that knows this wins on held-out pages
    def cands():
        base = dict.fromkeys(sc.FEATURES, 0.0)
        good = dict(base, named_before_window=1.0)
        bad = dict(base, is_rules=1.0)
        return {"Good": good, "Bad": bad}

    examples = [st.Example(f"p{i}", cands(), "Bad", "Good") for i in range(6)]
    examples += [st.Example(f"q{i}", {"Good": dict(dict.fromkeys(sc.FEATURES, 0.0), is_rules=1.0,
                                                   named_before_window=1.0),
                                      "Bad": dict.fromkeys(sc.FEATURES, 0.0)}, "Good", "Good") for i in range(6)]
    cv = st.cross_validate(examples, n_splits=3)
    assert cv["off"] == 0.5 and cv["on"]["0.0"] == 1.0 and cv["margin"] != st.NEVER


def test_cross_validation_reports_fresh_and_old_pages_apart():
    # invented: on fresh pages the rules pick the wrong one of two candidates, on old pages
    # they are right; the ranker learns "named in the attribution" and the selection, made on
    # the fresh pages, overrides without costing the old pages anything
    def ex(page, rules, fresh):
        base = dict.fromkeys(sc.FEATURES, 0.0)
        cands = {"Good": dict(base, named_before_window=1.0, is_rules=float(rules == "Good")),
                 "Bad": dict(base, is_rules=float(rules == "Bad"))}
        return st.Example(page, cands, rules, "Good", fresh)

    examples = [ex(f"f{i}", "Bad", True) for i in range(6)] + [ex(f"o{i}", "Good", False) for i in range(6)]
    cv = st.cross_validate(examples, n_splits=3)
    assert cv["fresh"]["n_units"] == 6 and cv["fresh"]["off"] == 0.0 and cv["old"]["off"] == 1.0
    assert cv["margin"] != st.NEVER and cv["fresh_net_units"] == 6
    assert cv["old"]["on"][cv["variant"]][str(cv["margin"])] == 1.0
    assert cv["fresh_net_ci95"][0] > 0
    assert cv["coverage_fresh"] == {"n_units": 6, "gold_among_candidates": 6, "needs_choice": 6,
                                    "rules_wrong": 6, "rules_wrong_gold_among_candidates": 6}
    assert "fresh: 6 units on 6 pages; off 0.0" in st.render_cv(cv)


def test_main_refuses_a_malformed_source(capsys):
    assert st.main(["labels/news"]) == 2
    assert "LISTING=TEXTS" in capsys.readouterr().err
    assert st.main(["labels/news=t", "--fresh", "labels/news5"]) == 2
    assert "LISTING=TEXTS" in capsys.readouterr().err
