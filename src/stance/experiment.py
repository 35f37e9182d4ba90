"""Experiments as files: ``experiments/<name>.toml`` names the data, scheme, model and protocol.

A config is plain TOML; relative paths are read from the config file's folder::

    [data]                       # either a labels folder ...
    labels = "../labels"
    seeds = "../seeds"
    annotations = ["../labels/annotations/coder-a.csv", "../labels/annotations/coder-c.csv"]
    # ... or any table:  table = "train.csv", text_column = "text", label_column = "label",
    #                    group_column = "doc_id", speaker_column = "speaker", date_column = "date"
    per = "target"               # optional: one model per value of this column
    [test]                       # optional: a separate test table instead of cross-validation
    table = "test.csv"
    [scheme]                     # optional: default inferred from the labels
    values = ["against", "none", "favor"]
    positions = { against = -1, favor = 1 }
    [model]                      # any field of stance.model.ModelConfig
    c_grid = [0.1, 1.0, 10.0]
    [cv]                         # any field of stance.evaluate.EvalConfig but model
    by = "group"
    repeats = 5
    seed = 0

:func:`run_experiment` evaluates and writes the report folder; the same config and data give
a byte-identical ``metrics.json``.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from .agreement import Agreement, agree_files, format_agreement
from .datasets import DataSpec, load_dataset
from .errors import DataFileError, InputError, MissingFileError
from .evaluate import EvalConfig, evaluate, evaluate_per
from .folders import check_output_folder
from .model import ModelConfig
from .newsdata import texts_present
from .newsexp import require_texts, run_news
from .paths import SEED_EXPERIMENT, slug
from .provenance import git_changes
from .report import REPORT_FOLDER, write_report
from .scheme import LabelScheme, scheme_from_values
from .tables import sha256_file
from .training import train

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_DATA_KEYS = {"labels", "seeds", "table", "text_column", "label_column", "group_column", "speaker_column",
              "date_column", "id_column", "annotations", "annotations_codebook", "per", "sources", "listing",
              "half", "texts"}
_SOURCE_KEYS = {"tag", "path", "half", "texts"}
_TOP_KEYS = {"name", "description", "data", "test", "scheme", "model", "cv", "curve", "check"}
_CURVE_KEYS = {"source", "sizes", "plus", "seed"}


@dataclass(frozen=True)
class Experiment:
    """One experiment: data, optional test table and per-column split, scheme, protocol."""

    name: str
    data: DataSpec
    test: DataSpec | None = None
    per: str | None = None
    scheme: LabelScheme | None = None
    config: EvalConfig = field(default_factory=EvalConfig)
    annotations: tuple[Path, ...] = ()
    annotations_codebook: Path | None = None
    description: str = ""
    source: Path | None = None  # the config file, when read from one
    curve: dict | None = None  # [curve]: learning curve over one training source's size
    check: DataSpec | None = None  # [check]: a real tuning half scored for the model's sidecar


_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def check_name(name: str, where: str = "experiment name") -> str:
    """An experiment name becomes a folder under experiments/: letters, digits, '.', '_', '-' only."""
    if not _NAME_RE.fullmatch(name) or ".." in name:
        raise InputError(f"{where} {name!r} must be a plain folder name (letters, digits, '.', '_', '-'), "
                         f"not a path; e.g. name = \"my-run\"")
    return name


def _check_keys(section: dict, known: set, where: str) -> None:
    unknown = sorted(set(section) - known)
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(known))}")


def _sources(raw, base: Path, where: str) -> tuple:
    if not isinstance(raw, list) or not raw:
        raise InputError(f"{where}: 'sources' is a list of tables, e.g. sources = [{{tag = \"invented\", "
                         f"path = \"../labels/invented\"}}]")
    out, tags = [], set()
    for s in raw:
        if not isinstance(s, dict) or "path" not in s:
            raise InputError(f"{where}: every source needs a 'path', e.g. {{tag = \"seeds\", path = \"../labels\"}}")
        _check_keys(s, _SOURCE_KEYS, f"{where} sources")
        path = base / s["path"]
        tag = str(s.get("tag", path.name))
        if tag in tags:
            raise InputError(f"{where}: two sources are tagged '{tag}'; give each its own tag")
        tags.add(tag)
        listed = (path / "pages.csv").is_file()
        texts = (base / s["texts"]) if "texts" in s else (path / "texts" if listed else None)
        half = str(s.get("half", "tuning"))
        if half not in ("tuning", "test"):
            raise InputError(f"{where}: half must be 'tuning' or 'test', got '{half}'")
        out.append((tag, path, texts if listed else None, half))
    return tuple(out)


def _data_spec(d: dict, base: Path, where: str) -> DataSpec:
    _check_keys(d, _DATA_KEYS, where)
    paths = {k: (base / d[k]) for k in ("labels", "seeds", "table", "listing", "texts") if k in d}
    extra = {}
    if "sources" in d:
        extra["sources"] = _sources(d["sources"], base, where)
    if "half" in d:
        if d["half"] not in ("tuning", "test"):
            raise InputError(f"{where}: half must be 'tuning' or 'test', got '{d['half']}'")
        extra["half"] = d["half"]
    spec = DataSpec(**paths, **extra, **{k: d[k] for k in ("text_column", "label_column", "group_column",
                                                           "speaker_column", "date_column", "id_column") if k in d})
    given = [k for k in ("labels", "table", "sources", "listing") if getattr(spec, k) not in (None, ())]
    if len(given) != 1:
        raise InputError(f"{where}: give either 'labels' (a labels folder), 'table' (a data file), 'sources' "
                         f"(several tagged sources) or 'listing' (a half of a listed corpus), just one")
    if spec.listing is not None and spec.texts is None:
        spec = replace(spec, texts=spec.listing / "texts")
    if spec.labels is not None and spec.seeds is None:
        spec = replace(spec, seeds=spec.labels.parent / "seeds")
    return spec


def load_experiment(path: str | os.PathLike) -> Experiment:
    """Read and check an experiment config (TOML).

    Raises
    ------
    MissingFileError, DataFileError, InputError
        With the file and the key at fault.
    """
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingFileError(f"{p}: no such experiment config; check the path") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise InputError(f"{p}: not a TOML text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(p, None, f"not valid TOML ({exc})") from None
    _check_keys(raw, _TOP_KEYS, str(p))
    base = p.parent
    data_raw = dict(raw.get("data", {}))
    annotations = tuple(base / a for a in data_raw.pop("annotations", []))
    annotations_codebook = data_raw.pop("annotations_codebook", None)
    per = data_raw.pop("per", None)
    data = _data_spec(data_raw, base, f"{p} [data]")
    test = None
    if "test" in raw:
        inherit = {k: getattr(data, k) for k in ("text_column", "label_column", "group_column", "speaker_column",
                                                  "date_column", "id_column") if getattr(data, k) is not None}
        test_raw = {**inherit, **raw["test"]} if "listing" not in raw["test"] else dict(raw["test"])
        test = _data_spec(test_raw, base, f"{p} [test]")
    check = _data_spec(dict(raw["check"]), base, f"{p} [check]") if "check" in raw else None
    if check is not None and (check.listing is None or check.half != "tuning"):
        raise InputError(f"{p} [check]: the check is a listed corpus's tuning half: listing = \"...\", half = \"tuning\"")
    curve = None
    if "curve" in raw:
        c = dict(raw["curve"])
        _check_keys(c, _CURVE_KEYS, f"{p} [curve]")
        if not data.sources or c.get("source") not in [t for t, *_ in data.sources]:
            raise InputError(f"{p} [curve]: 'source' must name one of the [data] sources' tags")
        sizes = c.get("sizes", [])
        if not sizes or any(not isinstance(n, int) or n < 1 for n in sizes):
            raise InputError(f"{p} [curve]: sizes is a list of positive whole numbers, e.g. sizes = [50, 100, 200]")
        curve = {"source": c["source"], "sizes": [int(n) for n in sizes], "seed": int(c.get("seed", 0)),
                 "plus": _sources(c["plus"], base, f"{p} [curve] plus") if "plus" in c else ()}
    scheme = None
    if "scheme" in raw:
        s = raw["scheme"]
        _check_keys(s, {"values", "positions", "name"}, f"{p} [scheme]")
        if "values" not in s:
            raise InputError(f"{p} [scheme]: list the label values, e.g. values = [\"against\", \"none\", \"favor\"]")
        scheme = scheme_from_values(s["values"], s.get("positions"), name=s.get("name", p.stem))
    model = ModelConfig.from_dict(raw.get("model", {}))
    cv = dict(raw.get("cv", {}))
    _check_keys(cv, set(EvalConfig.__dataclass_fields__) - {"model"}, f"{p} [cv]")
    if "learning_curve" in cv:
        cv["learning_curve"] = tuple(cv["learning_curve"])
    try:
        config = EvalConfig(**cv, model=model)
    except TypeError as exc:
        raise InputError(f"{p} [cv]: {exc}") from None
    if annotations and data.labels is None:
        raise InputError(f"{p} [data]: 'annotations' (coder files) need 'labels', the folder of the quotes they code")
    return Experiment(name=check_name(str(raw.get("name", p.stem)), f"{p}: name"), data=data, test=test, per=per, scheme=scheme,
                      config=config, annotations=annotations,
                      annotations_codebook=base / annotations_codebook if annotations_codebook else None,
                      description=str(raw.get("description", "")).strip(), source=p, curve=curve, check=check)


# ------------------------------------------------------------- a config plus command-line flags

_DATA_FLAGS = ("data", "labels", "seeds", "test", "per")  # flags that name the data: not with a config
_CV_FLAGS = ("folds", "seed", "n_boot", "by", "repeats")  # EvalConfig fields a flag overrides


@dataclass(frozen=True)
class Overrides:
    """What the command line says about an experiment: option values, and which were typed.

    ``given`` names the options typed on the command line; the other fields hold the command's
    defaults, read only to build an experiment from data flags when no config is used.
    """

    given: frozenset[str] = frozenset()
    data: Path | None = None
    labels: Path | None = None
    seeds: Path | None = None
    text_column: str = "text"
    label_column: str = "label"
    group_column: str | None = None
    speaker_column: str | None = None
    test: Path | None = None
    per: str | None = None
    folds: int | None = None
    seed: int | None = None
    n_boot: int | None = None
    by: str | None = None
    repeats: int | None = None
    name: str | None = None
    out: Path | None = None
    refresh_reference: bool = False

    @classmethod
    def of(cls, values: dict, given) -> "Overrides":
        """From a command's option values (unknown names ignored) and the names typed."""
        known = set(cls.__dataclass_fields__) - {"given"}
        return cls(given=frozenset(g for g in given if g in known), **{k: v for k, v in values.items() if k in known})


@dataclass(frozen=True)
class Resolved:
    """An experiment with the command line applied, and where its report goes."""

    experiment: Experiment  # named as its config (or its --data file): the model's sidecar records it
    variant: dict  # cross-validation options typed over a config: the run is a variant of it
    report_name: str  # the config's name, the variant's own name, or --name
    report_dir: Path
    reference: bool = False  # report_dir is the committed reference report


def _flag_experiment(o: Overrides) -> Experiment:
    """The experiment data flags describe: a --data table (with --test) or a labels folder."""
    if o.test is not None and o.data is None:
        raise InputError("--test needs --data: the training table")
    if o.data is None:
        return Experiment(name=SEED_EXPERIMENT, data=DataSpec(labels=o.labels, seeds=o.seeds), per=o.per)
    spec = DataSpec(table=o.data, text_column=o.text_column, label_column=o.label_column,
                    group_column=o.group_column, speaker_column=o.speaker_column)
    return Experiment(name=slug(Path(o.data).stem), data=spec, per=o.per,
                      test=replace(spec, table=o.test) if o.test is not None else None)


def resolve(config: str | os.PathLike | None, overrides: Overrides = Overrides(), *, default: str = SEED_EXPERIMENT,
            experiments: str | os.PathLike = "experiments") -> Resolved:
    """The experiment a command runs: a config, or ``experiments/<default>.toml``, or data flags.

    Without a config and without data flags (``--data``, ``--labels``, ``--seeds``, ``--test``,
    ``--per``) the default config is used when it exists. Cross-validation flags typed on the
    command line override the config; over a config they make a variant, reported under its
    own name (``<name>-seed-2``) unless ``--name`` names it.

    Raises
    ------
    InputError
        A config and data flags together, ``--test`` without ``--data``, or
        ``--refresh-reference`` with anything but the config as it is.
    """
    o = overrides
    data_flags = [f for f in _DATA_FLAGS if f in o.given]
    fallback = Path(experiments) / f"{default}.toml"
    if config is None and not data_flags and fallback.is_file():
        config = fallback
    if config is not None and data_flags:
        raise InputError("the config names the data; drop --" + ", --".join(data_flags) + " or drop the config")
    exp = load_experiment(config) if config is not None else _flag_experiment(o)
    cv = {k: getattr(o, k) for k in _CV_FLAGS if k in o.given}
    if cv:
        exp = replace(exp, config=replace(exp.config, **cv))
    variant = cv if config is not None else {}
    if o.refresh_reference and (exp.source is None or variant or o.name or o.out):
        raise InputError("--refresh-reference refreshes the reference report of a config as it is: give the config "
                         "(or none, for the seed experiment) and no --data, --name, --out or cross-validation options")
    name = o.name or exp.name + "".join(f"-{k.replace('_', '-')}-{v}" for k, v in variant.items())
    name = check_name(name)
    target = Path(o.out) if o.out is not None else report_folder(experiments, name, reference=o.refresh_reference)
    return Resolved(exp, variant, name, target, o.refresh_reference)


def evaluate_resolved(run: Resolved, root: str | os.PathLike, force: bool = False) -> dict:
    """Evaluate a resolved experiment into its report folder (see :func:`run_experiment`).

    A refresh of the committed reference report first requires a checkout without changes.
    """
    if run.reference:
        require_clean_checkout(root)
    return run_experiment(replace(run.experiment, name=run.report_name), run.report_dir, root=root, force=force)


def train_experiment(exp: Experiment, model_path: str | os.PathLike) -> dict:
    """Fit and save the model an experiment evaluates: its data, scheme and model settings.

    The sidecar records the experiment's config (and the config file's name and sha256), so
    the saved model is the one whose scores the experiment's report shows.

    Returns
    -------
    dict
        The sidecar written (see :func:`stance.model.train`).
    """
    if exp.per:
        raise InputError(f"experiment '{exp.name}' fits one model per value of '{exp.per}' (per); train fits one "
                         f"model: drop 'per' from the config or train on one value's table")
    require_texts(exp)
    if exp.test is not None:
        raise InputError(f"experiment '{exp.name}' scores a separate [test] set; train fits on its [data] only: "
                         f"use a config without [test] (e.g. experiments/default.toml)")
    record = {"name": exp.name, "data": exp.data.describe()}
    if exp.source is not None:
        record.update(file=exp.source.name, sha256=sha256_file(exp.source))
    data = load_dataset(exp.data, exp.scheme)
    check = None
    if exp.check is not None:
        if texts_present(exp.check.texts):
            check = load_dataset(exp.check, data.scheme)
            record["check"] = exp.check.describe()
        else:
            record["check"] = "skipped: page texts absent"
    return train(data, model_path, exp.config, experiment=record, check=check)


OUTPUT_FOLDER = "out"  # experiments/out/: every report a run writes, git-ignored


def report_folder(experiments_dir: str | os.PathLike, name: str, reference: bool = False) -> Path:
    """Where an experiment's report goes.

    Runs write to ``<experiments_dir>/out/<name>/``, which git ignores, so running the tool
    never changes the checkout; only a deliberate refresh of a committed reference report
    (``reference=True``) writes ``<experiments_dir>/<name>/``.
    """
    base = Path(experiments_dir)
    return base / name if reference else base / OUTPUT_FOLDER / name


def require_clean_checkout(root: str | os.PathLike) -> None:
    """Refuse to refresh a committed reference report from a checkout with uncommitted changes.

    The report records the commit it was made from; from a dirty tree that commit does not
    hold the code or data that made it.
    """
    changes = git_changes(root)
    if changes is None:
        raise InputError(f"{root}: not a git checkout; a committed reference report is refreshed only in the "
                         f"project's git checkout (drop --refresh-reference to write to experiments/out/)")
    if changes:
        shown = ", ".join(c[3:] for c in changes[:3]) + (f" and {len(changes) - 3} more" if len(changes) > 3 else "")
        raise InputError(f"the checkout has uncommitted changes ({shown}); commit or stash them first, so the "
                         f"reference report records the commit that made it (or drop --refresh-reference)")


def experiment_inputs(exp: Experiment) -> list[Path]:
    """Every file and folder an experiment reads (its report may not be, or lie in, one)."""
    found = []
    for spec in (exp.data, exp.test):
        if spec is not None:
            found += [p for p in (spec.labels, spec.seeds, spec.table) if p is not None]
    return found + list(exp.annotations)


def run_experiment(exp: Experiment, out_dir: str | os.PathLike, root: str | os.PathLike | None = None,
                   force: bool = False) -> dict:
    """Evaluate an experiment and write its report folder.

    The folder follows the rule of :mod:`stance.folders` (checked before the evaluation
    starts): a new or empty folder, or an earlier report; ``force`` also replaces an earlier
    report into which other files were put.

    Returns
    -------
    dict
        The metrics written to ``metrics.json`` (pooled metrics when ``per`` is set).
    """
    if exp.test is not None and exp.test.listing is not None:
        return run_news(exp, out_dir, root)
    require_texts(exp)
    keep = (exp.per,) if exp.per else ()
    train = load_dataset(exp.data, exp.scheme, keep)
    test = load_dataset(exp.test, train.scheme, keep) if exp.test is not None else None
    inputs = experiment_inputs(exp)
    check_output_folder(out_dir, REPORT_FOLDER, inputs, force)  # before the long evaluation
    agreement = coder_agreement(exp, train) if exp.annotations else None
    if exp.per:
        for ds, what in ((train, "data"), (test, "test table")):
            if ds is not None and exp.per not in ds.table.columns:
                raise InputError(f"the {what} has no column '{exp.per}' to split by (--per); "
                                 f"it has: {', '.join(ds.table.columns)}")
        results = evaluate_per(train, train.table[exp.per], exp.config, test,
                               test.table[exp.per] if test is not None else None)
        pooled = results.pop("(pooled)")
        _attach(pooled, agreement)
        write_report(pooled, out_dir, name=exp.name, root=root, per=(exp.per, results), agreement=agreement,
                     description=exp.description, inputs=inputs, force=force)
        return pooled.metrics
    ev = evaluate(train, exp.config, test)
    _attach(ev, agreement)
    write_report(ev, out_dir, name=exp.name, root=root, agreement=agreement, description=exp.description,
                 inputs=inputs, force=force)
    return ev.metrics


def _attach(ev, agreement: Agreement | None) -> None:
    """Put the agreement figures (not the rendered text or file paths) into the metrics."""
    if agreement:
        figures = {k: v for k, v in agreement.to_dict().items() if k not in ("text", "sources", "codebook_path")}
        figures["sha256"] = {c: s.sha256 for c, s in agreement.sources.items()}
        ev.metrics["coder_agreement"] = figures


def coder_agreement(exp: Experiment, dataset) -> Agreement:
    """Agreement between the coder files named in the config, with its plain-text rendering."""
    for a in exp.annotations:
        if not Path(a).is_file():
            raise MissingFileError(f"{a}: coder file named in the experiment config does not exist")
    result = agree_files([str(a) for a in exp.annotations], exp.data.labels, codebook_path=exp.annotations_codebook)
    return replace(result, text=format_agreement(result, dataset.scheme))
