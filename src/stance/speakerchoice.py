"""A learned second opinion on who said each unit: rank the article's candidates, maybe override.

The rules (:mod:`stance.reported`, :mod:`stance.direct`) resolve every unit's speaker. This
module re-reads afterwards each found unit whose attribution does not name the rules' speaker
(a pronoun, a role, a quote run; :func:`needs_choice`): the candidates are the people and bodies the
article's first pass registered (``_Doc.mentions`` and ``_Doc.orgs``) plus the rules' own
choice, each described by a few numbers (:data:`FEATURES`: is it the rules' choice, how far
back it was last named, is it named in the attribution, does its gender fit the pronoun, did it
speak the unit before, ...). A logistic model trained offline (:mod:`stance.speakertrain`)
scores them with a plain dot product; the rules' choice is replaced only when another
candidate scores higher by more than the model's cross-validated margin. No scikit-learn at
run time: the weights are a small JSON file committed beside this module
(``speaker_model.json``), with its provenance in ``speaker_model.provenance.json``.

Whether the chooser runs is the file's ``enabled`` flag unless the environment variable
``STANCE_SPEAKER_CHOOSER`` says ``on`` or ``off`` (for measuring one against the other).
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .sources import speaker_type

MODEL_PATH = Path(__file__).with_name("speaker_model.json")
ENV_SWITCH = "STANCE_SPEAKER_CHOOSER"

FEATURES = (
    "is_rules", "rules_named_here", "rules_pronoun", "rules_no_attribution", "person", "org",
    "named_before_window", "named_after_window", "same_para_before", "recency", "never_before",
    "after_only_near", "subject_last", "most_recent", "most_recent_subject", "prev_speaker",
    "next_speaker", "gender_agrees", "gender_clashes", "it_org", "role_shared", "mentions",
    "first_person", "direct",
)

RULES_FEATURES = frozenset({"is_rules", "rules_named_here", "rules_pronoun", "rules_no_attribution"})
_PRONOUN_RE = re.compile(r"\b(he|she|it|they)\b", re.IGNORECASE)
_GENDER_OF = {"he": "m", "she": "f"}
_WORD_RE = re.compile(r"[a-z]{4,}")
_ROLE_STOP = frozenset({"with", "from", "that", "this", "their", "said", "have", "been", "for"})
_BEFORE, _AFTER = 160, 100  # the attribution windows around a unit, in characters


@dataclass(frozen=True)
class SpeakerModel:
    """Weights of the ranker: ``score = bias + sum(weights[f] * x[f])``, override above ``margin``."""

    weights: dict
    bias: float
    margin: float
    enabled: bool = False

    def score(self, x: dict) -> float:
        return self.bias + sum(w * x.get(f, 0.0) for f, w in self.weights.items())

    def ceiling(self) -> float:
        """The highest score a candidate other than the rules' choice can reach (features in [0, 1])."""
        return self.bias + sum(max(0.0, w) for f, w in self.weights.items() if f not in RULES_FEATURES)

    def can_override(self) -> bool:
        """False when even the rules' lowest possible score stays within the margin of the ceiling."""
        floor = self.bias + self.weights.get("is_rules", 0.0)
        floor += sum(min(0.0, w) for f, w in self.weights.items() if f != "is_rules")
        return floor + self.margin < self.ceiling()


def load_model(path: str | os.PathLike = MODEL_PATH) -> SpeakerModel | None:
    """The committed weights, or None when there is no file."""
    path = Path(path)
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return SpeakerModel(dict(raw["weights"]), float(raw["bias"]), float(raw["margin"]), bool(raw.get("enabled")))


_MODEL = load_model()


def active() -> SpeakerModel | None:
    """The model when the chooser should run (file flag, overridden by the environment)."""
    switch = os.environ.get(ENV_SWITCH, "").lower()
    if _MODEL is None or switch == "off":
        return None
    return _MODEL if switch == "on" or _MODEL.enabled else None


@dataclass
class _Article:
    """What the features read of one article: text, paragraphs, candidates and their mentions."""

    text: str
    para_starts: list
    paras: list
    cands: dict  # name -> sorted positions where it is named
    kinds: dict  # name -> "person" | "org"
    subj_pos: dict  # name -> sorted positions where it is named as a subject
    gender: dict
    role: dict
    first_person: str


def _article(text: str, doc, paras) -> _Article:
    cands: dict = {}
    kinds: dict = {}
    subj: dict = {}
    first = ""
    for pos, name, kind, is_subj in doc.mentions:
        if kind == "person" and " " not in name:
            name = doc.canonical([name])
        cands.setdefault(name, []).append(pos)
        kinds.setdefault(name, "person" if kind == "person" else "org")
        if is_subj:
            subj.setdefault(name, []).append(pos)
        if kind == "person" and not first and name[:1].isupper():
            first = name
    for pos, name in doc.orgs:
        cands.setdefault(name, []).append(pos)
        kinds.setdefault(name, "org")
    for name, poss in cands.items():
        poss.extend(_occurrences(text, name))
        poss.sort()
    return _Article(text, [p[0] for p in paras], list(paras), cands, kinds, subj, doc.gender, doc.role, first)


def _occurrences(text: str, name: str) -> list:
    out, at = [], text.find(name)
    while at >= 0 and len(out) < 50:
        out.append(at)
        at = text.find(name, at + 1)
    return out


def _named_in(window: str, name: str) -> bool:
    return bool(name) and (name in window or (" " in name and name.split()[-1] in window))


def _windows(text: str, para_starts: list, paras: list, q) -> tuple[int, str, str]:
    """The unit's paragraph start and the attribution windows before and after it."""
    i = max(0, bisect.bisect_right(para_starts, q.start) - 1)
    p0, p1 = paras[i] if paras else (0, len(text))
    return p0, text[max(p0, q.start - _BEFORE) : q.start], text[q.end : min(p1, q.end + _AFTER)]


def needs_choice(text: str, para_starts: list, paras: list, q) -> bool:
    """True when the rules' speaker is not named beside the unit (a pronoun, a role, a run).

    Only these units are re-read: where the attribution names the speaker there is nothing to
    choose, and skipping them keeps the chooser's cost small.
    """
    _, before, after = _windows(text, para_starts, paras, q)
    return not _named_in(before + after, q.speaker)


def unit_features(art: _Article, units: list, i: int, only=None) -> dict:
    """``{candidate: {feature: value}}`` for unit ``i`` of ``units`` (sorted by start).

    ``only``, a set of names, limits the candidates described (the others still count for
    "most recent" and the like).
    """
    q = units[i]
    p0, before, after = _windows(art.text, art.para_starts, art.paras, q)
    near = before[-60:] + " " + after[:40]
    pron = _PRONOUN_RE.findall(near)
    pronoun = pron[-1].lower() if pron else ""
    attribution_words = set(_WORD_RE.findall((before + " " + after).lower()))
    rules = q.speaker
    prev_spk = units[i - 1].speaker if i else ""
    next_spk = units[i + 1].speaker if i + 1 < len(units) else ""
    names = dict(art.kinds)
    names.setdefault(rules, "person" if q.speaker_type == "person" else "org")
    last_before = {n: _last_before(art.cands.get(n, ()), q.start) for n in names}
    ranked = sorted((p, n) for n, p in last_before.items() if p is not None)
    most_recent = ranked[-1][1] if ranked else ""
    subj_ranked = sorted((s, n) for n in names if (s := _last_before(art.subj_pos.get(n, ()), q.start)) is not None)
    most_recent_subj = subj_ranked[-1][1] if subj_ranked else ""
    rules_named = _named_in(before + after, rules)
    out = {}
    for name, kind in names.items():
        if only is not None and name not in only:
            continue
        last = last_before[name]
        poss = art.cands.get(name, ())
        later = [p for p in poss if q.end <= p <= q.end + 300]
        gender = art.gender.get(name, "")
        role_words = set(_WORD_RE.findall(art.role.get(name, "").lower())) - _ROLE_STOP
        x = {
            "is_rules": float(name == rules),
            "rules_named_here": float(name == rules and rules_named),
            "rules_pronoun": float(name == rules and bool(pronoun) and not rules_named),
            "rules_no_attribution": float(name == rules and not pronoun and not rules_named),
            "person": float(kind == "person"),
            "org": float(kind != "person"),
            "named_before_window": float(name in before or (kind == "person" and _named_in(before, name))),
            "named_after_window": float(_named_in(after, name)),
            "same_para_before": float(last is not None and last >= p0),
            "recency": 0.0 if last is None else 1.0 - min(1.0, math.log1p(q.start - last) / math.log(5000)),
            "never_before": float(last is None),
            "after_only_near": float(last is None and bool(later)),
            "subject_last": float(last is not None and last in art.subj_pos.get(name, ())),
            "most_recent": float(name == most_recent),
            "most_recent_subject": float(name == most_recent_subj),
            "prev_speaker": float(name == prev_spk),
            "next_speaker": float(name == next_spk),
            "gender_agrees": float(pronoun in _GENDER_OF and gender == _GENDER_OF[pronoun]),
            "gender_clashes": float(pronoun in _GENDER_OF and gender in ("m", "f") and gender != _GENDER_OF[pronoun]),
            "it_org": float(pronoun == "it" and kind != "person"),
            "role_shared": float(bool(role_words & attribution_words)),
            "mentions": min(1.0, math.log1p(len(poss)) / math.log(20)),
            "first_person": float(name == art.first_person),
            "direct": float(q.kind == "direct"),
        }
        out[name] = x
    return out


def _last_before(positions, pos: int):
    i = bisect.bisect_left(positions, pos)
    return positions[i - 1] if i else None


def article_features(text: str, doc, paras, units: list) -> list[dict]:
    """Candidate features of every unit (``units`` sorted by start), in order."""
    art = _article(text, doc, paras)
    return [unit_features(art, units, i) for i in range(len(units))]


def choose(cands: dict, rules: str, model: SpeakerModel) -> str:
    """The candidate to keep: the best-scoring one if it beats the rules' choice by the margin."""
    scores = {name: model.score(x) for name, x in cands.items()}
    best = max(sorted(scores), key=lambda n: scores[n])
    if best != rules and scores[best] - scores.get(rules, -math.inf) > model.margin:
        return best
    return rules


def rechoose(text: str, doc, paras, units: list, model: SpeakerModel | None = None) -> list:
    """The units with speakers the model overrides replaced (type and role follow the new name).

    Parameters
    ----------
    text, doc, paras
        The segmenter's article text, its ``_Doc`` and its body paragraphs.
    units : list of Quote
        Sorted by start.
    model : SpeakerModel, optional
        Defaults to :func:`active`; with no active model the units come back unchanged.
        Only units that :func:`needs_choice` are scored; the others keep the rules' speaker.
        A model that cannot override (:meth:`SpeakerModel.can_override`) costs nothing.
    """
    model = model or active()
    if model is None or not units or not model.can_override():
        return units
    starts = [p[0] for p in paras]
    todo = [i for i, q in enumerate(units) if needs_choice(text, starts, paras, q)]
    if not todo:
        return units
    art = _article(text, doc, paras)  # built only when some unit needs a choice
    ceiling = model.ceiling()
    out = list(units)
    for i in todo:
        q = units[i]
        # the rules' candidate first: when no rival can come within the margin, stop there
        if model.score(unit_features(art, units, i, {q.speaker})[q.speaker]) + model.margin >= ceiling:
            continue
        name = choose(unit_features(art, units, i), q.speaker, model)
        if name != q.speaker:
            out[i] = replace(q, speaker=name, speaker_role=doc.role.get(name, ""), speaker_type=speaker_type(name, doc))
    return out
