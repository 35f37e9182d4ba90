"""Where an experiment's labelled quotes come from, and loading them as a dataset.

A :class:`DataSpec` names one of four kinds of data: a labels folder with its articles, a
table, several tagged training sources, or one half of a listed real-news corpus.
:func:`load_dataset` turns it into a :class:`stance.labels.Dataset`. Experiments
(:mod:`stance.experiment`) and their real-news runs (:mod:`stance.newsexp`) both load data here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .corpus import load_articles
from .labels import Dataset, articles_metadata, load_seed_dataset, load_table_dataset
from .newsdata import load_news_half, load_training
from .scheme import STANCE_SCHEME, LabelScheme


@dataclass(frozen=True)
class DataSpec:
    """Where labelled quotes come from: a labels folder (with its articles) or a table."""

    labels: Path | None = None
    seeds: Path | None = None
    table: Path | None = None
    text_column: str = "text"
    label_column: str = "label"
    group_column: str | None = None
    speaker_column: str | None = None
    date_column: str | None = None
    id_column: str | None = None
    # several tagged training sources: (tag, path, texts folder or None, half)
    sources: tuple = ()
    # one half of a listed corpus (labels/news) with its page texts
    listing: Path | None = None
    half: str = "test"
    texts: Path | None = None

    def describe(self) -> dict:
        out = {}
        for k, v in self.__dict__.items():
            if v is None or v == ():
                continue
            if k == "sources":
                out[k] = [{"tag": t, "path": Path(p).name, **({"half": h} if x is not None else {})}
                          for t, p, x, h in v]
            elif k == "half" and self.listing is None:
                continue
            else:
                out[k] = Path(v).name if isinstance(v, Path) else v
        return out

    @property
    def needs_texts(self) -> list[Path]:
        """The page-text folders this spec reads (listed corpora only)."""
        found = [Path(x) for _, _, x, _ in self.sources if x is not None]
        return found + ([self.texts] if self.listing is not None else [])


def load_dataset(spec: DataSpec, scheme: LabelScheme | None = None, keep: tuple[str, ...] = ()) -> Dataset:
    """The :class:`stance.labels.Dataset` a data spec names."""
    if spec.sources:
        return load_training([(t, p) for t, p, _, _ in spec.sources], scheme or STANCE_SCHEME,
                             texts={t: x for t, _, x, _ in spec.sources if x is not None},
                             halves={t: h for t, _, _, h in spec.sources})
    if spec.listing is not None:
        return load_news_half(spec.listing, spec.texts, spec.half, scheme or STANCE_SCHEME)
    if spec.labels is not None:
        return load_seed_dataset(spec.labels, load_articles([spec.seeds]),
                                 articles_metadata(Path(spec.seeds) / "articles.csv"), scheme or STANCE_SCHEME)
    return load_table_dataset(spec.table, spec.text_column, spec.label_column, spec.group_column,
                              spec.speaker_column, spec.id_column, scheme=scheme, date_column=spec.date_column,
                              keep_columns=keep)
