"""Speakers across articles: one key per canonical name, a user's map, near-variants for review.

The segmenter resolves every mention inside one article to a canonical full name ("Mr
Campion", "he" -> "John Campion"). Across articles, the same canonical name (after folding
case, accents' composed form and white space) is one speaker. Near-variants -- "Jon Campion"
and "John Campion", "J. Campion" and "John Campion", "Mr Campion" and "John Campion" -- are
*listed* for review and never merged silently: two people may share a surname. The user
decides in a speaker map (CSV: ``variant, canonical`` and optionally ``speaker_type,
organisation, role``) and re-runs with it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .errors import DataFileError
from .labels import SPEAKER_TYPES
from .lexicon import _HONORIFICS, _RANK_TITLES
from .names import _is_orgish
from .tables import read_table

# The segmenter's own word lists (lexicon, names): one list of honorifics, ranks and organisation words.

MAP_COLUMNS = ("variant", "canonical", "speaker_type", "organisation", "role")
_TITLES = frozenset(_HONORIFICS) | frozenset(k for k in _RANK_TITLES if " " not in k)
_SPACE = re.compile(r"\s+")
MAX_BLOCK = 400  # names compared pairwise within one block at most (a very common surname)


def speaker_key(name: str) -> str:
    """The identity of a canonical name across articles: NFKC, case-folded, single spaces."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", str(name))).strip().casefold()


def default_speaker_type(name: str) -> str:
    """``person`` when ``name`` looks like a personal name, else ``organisation``.

    Used when the quotes carry no ``speaker_type`` of their own. A name looks personal when
    it has one to four capitalised words and none of the segmenter's organisation words.
    """
    tokens = str(name).split()
    if not tokens:
        return ""
    if _is_orgish(tokens) or not 1 <= len(tokens) <= 5 or any(t.isupper() and len(t) > 1 for t in tokens):
        return "organisation"
    words = [t for t in tokens if t.rstrip(".").lower() not in _TITLES]
    if words and all(w[:1].isupper() for w in words):
        return "person"
    return "organisation"


@dataclass(frozen=True)
class SpeakerInfo:
    """What the user's map says about one speaker (empty strings where it says nothing)."""

    canonical: str
    speaker_type: str = ""
    organisation: str = ""
    role: str = ""


def read_speaker_map(path: str | Path) -> dict[str, SpeakerInfo]:
    """Read a speaker map: ``variant`` -> canonical name, type, organisation, role or party.

    Parameters
    ----------
    path : path-like
        A CSV, JSON-lines or Parquet table with columns ``variant`` and ``canonical`` and
        optionally ``speaker_type``, ``organisation``, ``role`` (``party`` is read as role).

    Returns
    -------
    dict
        :func:`speaker_key` of each variant (and of each canonical name) -> SpeakerInfo.
    """
    df = read_table(path, ["variant", "canonical"])
    if "role" not in df.columns and "party" in df.columns:
        df = df.rename(columns={"party": "role"})
    variants: dict[str, SpeakerInfo] = {}
    canon: dict[str, SpeakerInfo] = {}
    for line, row in enumerate(df.to_dict(orient="records"), 2):
        variant, canonical = str(row["variant"] or "").strip(), str(row["canonical"] or "").strip()
        if not variant or not canonical:
            raise DataFileError(path, line, "variant and canonical must both be filled in; fill or drop the row")
        stype = str(row.get("speaker_type") or "").strip().lower()
        if stype and stype not in SPEAKER_TYPES:
            raise DataFileError(path, line, f"speaker_type '{stype}' is not one of {', '.join(SPEAKER_TYPES)}")
        info = SpeakerInfo(canonical, stype, str(row.get("organisation") or "").strip(),
                           str(row.get("role") or "").strip())
        key = speaker_key(variant)
        if key in variants and variants[key].canonical != canonical:
            raise DataFileError(path, line, f"variant '{variant}' is mapped to both '{variants[key].canonical}' "
                                f"and '{canonical}'; keep one row")
        variants[key] = info
        canon.setdefault(speaker_key(canonical), info)
    out = {**canon, **variants}
    return out


class SpeakerRegistry:
    """Numbers speakers across articles as quotes stream in.

    Parameters
    ----------
    mapping : dict, optional
        From :func:`read_speaker_map`.
    """

    def __init__(self, mapping: dict[str, SpeakerInfo] | None = None):
        self.mapping = mapping or {}
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        self.types: list[str] = []
        self.info: list[SpeakerInfo | None] = []
        self.spellings: list[dict[str, int]] = []

    def resolve(self, raw: str, speaker_type: str | None = None) -> int:
        """The speaker id of a canonical name from the segmenter (a new id if unseen)."""
        raw = str(raw).strip()
        info = self.mapping.get(speaker_key(raw))
        name = info.canonical if info is not None else raw
        key = speaker_key(name)
        sid = self.ids.get(key)
        if sid is None:
            sid = self.ids[key] = len(self.names)
            self.names.append(_SPACE.sub(" ", name))
            stype = (info.speaker_type if info is not None and info.speaker_type else
                     speaker_type or default_speaker_type(name))
            self.types.append(stype)
            self.info.append(info)
            self.spellings.append({})
        self.spellings[sid][raw] = self.spellings[sid].get(raw, 0) + 1
        return sid


@dataclass(frozen=True)
class Variant:
    """Two speakers that may be one person, for the user to decide."""

    name_a: str
    name_b: str
    reason: str


def _parts(name: str) -> tuple[list[str], str]:
    """(given-name tokens without titles, surname), case-folded, dots dropped."""
    toks = [t.strip(".,").casefold() for t in name.split()]
    toks = [t for t in toks if t]
    while toks and toks[0] in _TITLES:
        toks = toks[1:]
    if not toks:
        return [], ""
    return toks[:-1], toks[-1]


def _variant_reason(a: str, b: str) -> str | None:
    ga, sa = _parts(a)
    gb, sb = _parts(b)
    if not sa or not sb:
        return None
    if sa == sb:
        if not ga or not gb:
            return "same surname, one without a given name"
        if ga[0][:1] == gb[0][:1] and (len(ga[0]) == 1 or len(gb[0]) == 1):
            return "initial of the same given name"
        if difflib.SequenceMatcher(None, " ".join(ga), " ".join(gb)).ratio() >= 0.8:
            return "given names spelt alike"
        return None
    if ga and gb and ga == gb and difflib.SequenceMatcher(None, sa, sb).ratio() >= 0.75:
        return "surnames spelt alike"
    return None


def near_variants(names: Sequence[str], types: Sequence[str] | None = None) -> list[Variant]:
    """Pairs of distinct speaker names that may be one person (listed, never merged).

    Names are compared within blocks (same surname; same given names and surname initial),
    so the work grows with the block sizes, not with the square of the number of speakers.
    Organisations are left out.
    """
    blocks: dict[tuple, list[int]] = {}
    for i, name in enumerate(names):
        if types is not None and types[i] not in ("person", ""):
            continue
        given, surname = _parts(name)
        if not surname:
            continue
        blocks.setdefault(("s", surname), []).append(i)
        if given:
            blocks.setdefault(("g", tuple(given), surname[:1]), []).append(i)
    seen: set[tuple[int, int]] = set()
    out = []
    for members in blocks.values():
        members = members[:MAX_BLOCK]
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = sorted((members[x], members[y]))
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                reason = _variant_reason(names[i], names[j])
                if reason:
                    out.append(Variant(names[i], names[j], reason))
    return sorted(out, key=lambda v: (v.name_a.casefold(), v.name_b.casefold()))


def spelling_list(registry: SpeakerRegistry, sid: int) -> str:
    """The spellings merged into one speaker (same canonical key), most frequent first."""
    items = sorted(registry.spellings[sid].items(), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(name for name, _ in items)

