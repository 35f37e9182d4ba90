"""The widened candidate generator of the learned finder and its bounded feature windows
(stance.learned, stance.findfeatures).

INVENTED TEST DATA: every article, name and sentence below was written for these tests.
"""

from __future__ import annotations

from types import SimpleNamespace

from stance import findfeatures, learned
from stance.segment import _Segmenter


def _candidates(text: str) -> list[tuple[str, tuple[str, str], list[str]]]:
    seg = _Segmenter(text, "d")
    seg.run()
    cands = learned.find_candidates(text, seg.paras, [], seg.doc, set(), skip_covered=False)
    return [(text[c.start:c.end], c.speaker, c.features) for c in cands]


def test_a_progressive_after_a_form_of_be_proposes_speech():
    text = "Clinic plans\n\nThe Kestwick Harbour Trust is warning that the clinic will close on the quay next spring.\n"
    got = [(c, s, f) for c, s, f in _candidates(text)]
    assert any(c == "the clinic will close on the quay next spring" and s[0] == "Kestwick Harbour Trust"
               and "prev=be_ing" in f for c, s, f in got)
    passive = "Clinic plans\n\nThe Kestwick Harbour Trust was told the clinic would open on the quay next spring.\n"
    assert not [c for c, _, f in _candidates(passive) if "lemma=tell" in f]  # "was told": still a passive


def test_verbs_of_stance_are_candidates():
    text = "Clinic plans\n\nThe Vell Foundation wants the harbour clinic to stay open until the summer.\n"
    assert any("lemma=want" in f and c.startswith("the harbour clinic") for c, _, f in _candidates(text))


def test_a_candidate_in_a_sentence_holding_a_rule_unit_is_not_the_finders():
    cand = learned.Candidate(50, 80, 40, 0, ("Ada Pike", ""), "person", [], (0, 100))
    elsewhere = learned.Candidate(150, 180, 140, 0, ("Ada Pike", ""), "person", [], (100, 200))
    unit = SimpleNamespace(start=5, end=30)  # earlier in the first sentence, not over the candidate
    assert learned.uncovered([cand, elsewhere], [unit]) == [elsewhere]


def test_features_read_a_bounded_window_before_the_verb():
    lead = "Ada Pike, " + "who had long worked on the harbour and in the town, " * 40
    short = "Ada Pike, who had long worked on the harbour and in the town, "
    assert len(findfeatures.window_before(lead, 0, len(lead))) <= findfeatures.WINDOW
    assert findfeatures.window_before(short, 0, len(short)) == short  # within the window: all of it
    window = findfeatures.window_before(lead, 0, len(lead))
    assert lead.endswith(window) and not window.startswith(("ho ", "o ", "d "))  # no cut word


def test_verb_words_are_found_as_whole_words_per_paragraph():
    text = "Ada said no.\nThe unsaid words stayed.\nThey warned and said so."
    paras = [(0, 12), (13, 37), (38, len(text))]
    hits = learned._hint_positions(text, paras)
    assert [[text[h:h + 6] for h in p] for p in hits] == [["said n"], [], ["warned", "said s"]]


def test_has_finite_reads_words_as_the_finite_pattern_does():
    from stance.patterns import _FINITE_RE

    text = "The harbour board (which had) voted_ed; isn't sure it would—open. Ann walked,naïve"
    for a in range(len(text) + 1):
        for b in range(a, len(text) + 1, 3):
            assert findfeatures.has_finite(text, a, b) == (_FINITE_RE.search(text, a, b) is not None), (a, b)
    assert findfeatures.has_finite("the trust wanted more", 0, 21)
    assert not findfeatures.has_finite("the trust on the quay", 0, 21)


def test_the_patterns_before_the_verb_read_the_last_two_words_alone():
    for before in ("Ann Lee, who ", "the board has also ", "they would not ", "he said it would\n", "Ann Lee",
                   "police ", "(would ", "it is to "):
        tail = findfeatures._last_two_words(before)
        for rx in (findfeatures._MODAL_BEFORE_RE, findfeatures._AUX_BEFORE_RE, findfeatures._RELATIVE_BEFORE_RE):
            assert bool(rx.search(before)) == bool(tail and rx.search(tail)), (before, rx.pattern)
