"""The model on disk: one owner of the file format, its hashes, saving and opening.

A saved model is three files: ``NAME.joblib`` (the scikit-learn Pipeline), ``NAME.npz`` (the
same model as plain data, see :mod:`stance.fastmodel`) and ``NAME.json`` (a sidecar of
provenance: package versions, data and codebook hashes, label scheme, config, scores and the
sha256 of both model files). Every loader reads the sidecar first and refuses a model whose
sidecar is missing, is not ours, or whose hash does not match, *before* reading the model:
loading a pickle can run code, so only files this tool wrote are opened, and the commands
open only the plain-data twin (:func:`open_model`), which holds no code at all.

The plain-data file is a zip archive of plain members, readable by ``numpy.load`` too:

``model.json``
    format name and version, the classes, the link function and, per feature block, the
    vectorizer settings that matter at transform time and its column offset;
``vocabulary.json``
    one list of terms per block, in column order;
``idf.npy``, ``coef.npy``, ``intercept.npy``
    float64 arrays in the ``.npy`` format (little-endian, C order, no pickle).

It is read with the standard library alone (``zipfile``, ``json``, ``array``), so
``stance predict "quote"`` starts without importing scikit-learn, scipy, pandas or numpy.
"""

from __future__ import annotations

import array
import json
import os
import platform
import re
import sys
import zipfile
from pathlib import Path

from .errors import InputError, ModelFileError
from .fastmodel import LINKS, Block, FastModel, from_pipeline
from .scheme import LabelScheme
from .tables import atomic_path, sha256_file, write_json

MODEL_FORMAT = "policy-stance-model"
MODEL_FORMAT_VERSION = 1
FAST_FORMAT = "policy-stance-fast-model"
FAST_FORMAT_VERSION = 1
FAST_SUFFIX = ".npz"
MEMBERS = ("model.json", "vocabulary.json", "idf.npy", "coef.npy", "intercept.npy")

_NPY_MAGIC = b"\x93NUMPY"
_NPY_HEADER = re.compile(
    r"\{\s*'descr'\s*:\s*'<f8'\s*,\s*'fortran_order'\s*:\s*False\s*,\s*'shape'\s*:\s*"
    r"\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?,?\s*\)\s*,?\s*\}\s*"
)
# A fixed timestamp makes the archive byte-identical for identical models.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CHANGED = ("the file's sha256 does not match its sidecar; it was changed or damaged after training "
            "and is refused. Retrain with 'stance train'")


# ------------------------------------------------------------------------------ the names

def sidecar_path(model_path: str | os.PathLike) -> Path:
    """The JSON sidecar that travels with a model file."""
    return Path(model_path).with_suffix(".json")


def fast_model_path(model_path: str | os.PathLike) -> Path:
    """The plain-data twin of a model file: ``NAME.joblib`` -> ``NAME.npz``.

    A model file that itself ends in ``.npz`` gets ``NAME.fast.npz``, so the two never clash.
    """
    p = Path(model_path)
    if p.suffix == FAST_SUFFIX:
        return p.with_name(p.stem + ".fast" + FAST_SUFFIX)
    return p.with_suffix(FAST_SUFFIX)


def check_model_path(path: str | os.PathLike) -> Path:
    """Refuse a model path that would collide with its own sidecar."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        raise InputError(f"{path}: a model file must not end in .json, which is its sidecar's name; "
                         f"use e.g. --model {path.with_suffix('.joblib')}")
    return path


# ---------------------------------------------------------------------------- the sidecar

def package_versions() -> dict:
    """Versions of Python and of the packages a model depends on."""
    # lazy: importlib.metadata only when a model is saved, not on the predict path
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("policy-stance", "scikit-learn", "numpy", "scipy", "pandas", "joblib"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


def read_sidecar(path: str | os.PathLike) -> dict:
    """Read and check a model's sidecar; raise :class:`ModelFileError` if it is not ours."""
    path = Path(path)
    side = sidecar_path(path)
    if not path.exists():
        raise ModelFileError(f"{path}: no model file there; run 'stance train' first or pass --model PATH")
    if not side.is_file():
        raise ModelFileError(f"{path}: not a stance model (its sidecar {side.name} is missing); "
                             f"retrain with 'stance train'")
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        raise ModelFileError(f"{side}: not a stance model sidecar (not valid JSON); retrain with 'stance train'") from None
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        raise ModelFileError(f"{side}: not a stance model sidecar (format is not '{MODEL_FORMAT}'); "
                             f"retrain with 'stance train'")
    return meta


def scheme_of(meta: dict) -> LabelScheme:
    """The label scheme recorded in a model's sidecar."""
    if "scheme" not in meta:
        raise ModelFileError("the model's sidecar records no label scheme; retrain with 'stance train'")
    return LabelScheme.from_dict(meta["scheme"])


def baseline_warning(meta: dict) -> str | None:
    """One line when the sidecar says the model does not clearly beat its majority baseline.

    "Clearly" means the 95 % interval of the macro-F1 gain lies above 0: cross-validated, and
    on the held-out check quotes (the real-news tuning half) when the sidecar has them.
    Models saved before these scores were recorded get no warning.
    """
    cv = meta.get("cv_scores") or {}
    where = []
    if cv.get("beats_baseline") is False:
        g = cv.get("gain_macro_f1_ci95") or [None, None]
        where.append(f"cross-validated macro-F1 {cv.get('macro_f1', 0):.2f} vs majority "
                     f"{cv.get('majority_macro_f1', 0):.2f}, gain interval [{g[0]:+.2f}, {g[1]:+.2f}]"
                     if g[0] is not None else "cross-validated")
    chk = meta.get("check_scores") or {}
    if chk.get("beats_baseline") is False:
        g = chk["gain_ci95"]["macro_f1"]
        where.append(f"on {chk.get('what') or 'held-out quotes'} macro-F1 {chk['model']['macro_f1']:.2f} vs majority "
                     f"{chk['majority']['macro_f1']:.2f}, gain interval [{g[0]:+.2f}, {g[1]:+.2f}]")
    if not where:
        return None
    return ("warning: this model does not clearly beat always answering the commonest label ("
            + "; ".join(where) + "); read its labels as weak evidence")


# ------------------------------------------------------------------- saving and loading

def save_model(pipeline, path: str | os.PathLike, sidecar: dict) -> Path:
    """Save a fitted pipeline, its plain-data twin and its provenance sidecar.

    All three are written to temporary files first; only when all are complete are they
    moved into place, back to back, the sidecar last. An interruption while writing (the
    slow part) leaves the previous model whole; only a kill in the microseconds between the
    three renames could leave a set whose hashes disagree, which every loader then refuses.

    Returns
    -------
    Path
        The sidecar's path.
    """
    # lazy: joblib is needed to save and to unpickle, never to open a model for scoring
    import joblib

    path = check_model_path(path)
    fast = fast_model_path(path)  # the same model as plain data, for `stance predict`
    side = sidecar_path(path)
    # atomic_path moves its file into place on leaving the block: innermost first, sidecar last.
    with atomic_path(side) as tmp_side, atomic_path(fast) as tmp_fast, atomic_path(path) as tmp_model:
        joblib.dump(pipeline, tmp_model)
        write_fast_model(from_pipeline(pipeline), tmp_fast)
        meta = {"format": MODEL_FORMAT, "format_version": MODEL_FORMAT_VERSION,
                "model_file": path.name, "model_sha256": sha256_file(tmp_model),
                "fast_model_file": fast.name, "fast_model_format": FAST_FORMAT,
                "fast_model_sha256": sha256_file(tmp_fast), **sidecar}
        write_json(tmp_side, meta)
    return side


def load_model(path: str | os.PathLike):
    """Load the Pipeline saved by :func:`save_model` after verifying it.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
    meta : dict
        The sidecar.

    Raises
    ------
    ModelFileError
        If the file is missing, has no valid sidecar, or its sha256 differs from the one the
        sidecar recorded (the file was changed, truncated or replaced): nothing is unpickled.
    """
    meta = read_sidecar(path)
    if sha256_file(path) != meta.get("model_sha256"):
        raise ModelFileError(f"{path}: {_CHANGED}")
    # lazy: joblib (and the scikit-learn it unpickles) only where a Pipeline is wanted
    import joblib

    try:
        pipeline = joblib.load(path)
    except Exception as exc:  # a verified file that still fails: environment mismatch
        raise ModelFileError(f"{path}: could not be loaded ({type(exc).__name__}: {exc}); "
                             f"retrain with the installed package versions") from None
    if not (hasattr(pipeline, "predict_proba") and hasattr(pipeline, "named_steps")):
        raise ModelFileError(f"{path}: not a stance model pipeline; retrain with 'stance train'")
    return pipeline, meta


def load_fast_model(path: str | os.PathLike):
    """Load the verified plain-data model that belongs to the model at ``path``.

    ``path`` is the model as the user names it (``NAME.joblib`` or ``NAME.npz``); its
    sidecar ``NAME.json`` must record both files' sha256, and both must match before
    anything is read. Neither file is unpickled.

    Returns
    -------
    model : FastModel or None
        None when the sidecar records no fast model (a model saved by an older version) or
        the fast file is not beside it; :func:`open_model` then refuses the model.
    meta : dict
        The sidecar.

    Raises
    ------
    ModelFileError
        If the sidecar is missing or not ours, or a hash does not match.
    """
    path = Path(path)
    meta = read_sidecar(path)
    name = meta.get("fast_model_file")
    # The file the user named is checked even when its twin does the work: a changed
    # .joblib means the model is not the one trained, whichever file is read.
    if path.name != name and sha256_file(path) != meta.get("model_sha256"):
        raise ModelFileError(f"{path}: {_CHANGED}")
    if not isinstance(name, str) or Path(name).name != name:
        return None, meta
    fast = path.parent / name
    if not fast.is_file():
        return None, meta
    if sha256_file(fast) != meta.get("fast_model_sha256"):
        raise ModelFileError(f"{fast}: {_CHANGED}")
    return read_fast_model(fast), meta


def open_model(path: str | os.PathLike):
    """The verified plain-data model at ``path``, or a refusal: what every command loads.

    No command unpickles a model file: a pickle can run code, and a sidecar that vouches for
    it could be forged along with it.

    Returns
    -------
    model : FastModel
    meta : dict
        The sidecar.
    """
    fast, meta = load_fast_model(path)
    if fast is None:
        raise ModelFileError(f"{path}: its plain-data twin {fast_model_path(path).name} is missing or not named "
                             f"in the sidecar, and pickles are never loaded; retrain with 'stance train'")
    return fast, meta


# ------------------------------------------------------------------- the plain-data file

def write_fast_model(model: FastModel, path: str | os.PathLike) -> None:
    """Write ``model`` to ``path`` (an ``.npz`` zip of JSON and ``.npy`` members).

    The bytes depend only on the model, so equal models give equal files (and hashes).
    The caller makes the write atomic (see :func:`stance.tables.atomic_path`).
    """
    header = {"format": FAST_FORMAT, "format_version": FAST_FORMAT_VERSION,
              "classes": list(model.classes), "link": model.link, "n_features": model.n_features,
              "blocks": [b.settings() for b in model.blocks]}
    vocabulary = [list(b.terms) for b in model.blocks]
    members = {
        "model.json": (json.dumps(header, indent=1, sort_keys=True) + "\n").encode("ascii"),
        # ensure_ascii keeps any character (even a lone surrogate) representable.
        "vocabulary.json": json.dumps(vocabulary, ensure_ascii=True, separators=(",", ":")).encode("ascii"),
        "idf.npy": _npy_bytes(model.idf, (model.n_features,)),
        "coef.npy": _npy_bytes(model.coef, (model.n_rows, model.n_features)),
        "intercept.npy": _npy_bytes(model.intercept, (model.n_rows,)),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in MEMBERS:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])


def _npy_bytes(values: array.array, shape: tuple[int, ...]) -> bytes:
    """An ``.npy`` (format 1.0) file of little-endian float64 values."""
    shape_txt = f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"
    head = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape_txt + ", }"
    pad = 64 - (len(_NPY_MAGIC) + 4 + len(head) + 1) % 64
    head = head + " " * (pad % 64) + "\n"
    data = array.array("d", values)
    if sys.byteorder == "big":
        data.byteswap()
    return _NPY_MAGIC + b"\x01\x00" + len(head).to_bytes(2, "little") + head.encode("latin-1") + data.tobytes()


def _npy_values(raw: bytes, member: str, path) -> tuple[tuple[int, ...], array.array]:
    bad = f"{path}: member {member} is not a float64 .npy array; retrain with 'stance train'"
    if raw[:6] != _NPY_MAGIC or len(raw) < 10:
        raise ModelFileError(bad)
    major = raw[6]
    if major == 1:
        hlen, start = int.from_bytes(raw[8:10], "little"), 10
    elif major in (2, 3):
        hlen, start = int.from_bytes(raw[8:12], "little"), 12
    else:
        raise ModelFileError(bad)
    m = _NPY_HEADER.fullmatch(raw[start:start + hlen].decode("latin-1"))
    if not m:
        raise ModelFileError(bad)
    shape = tuple(int(g) for g in m.groups() if g is not None)
    data = raw[start + hlen:]
    size = 1
    for s in shape:
        size *= s
    if len(data) != 8 * size:
        raise ModelFileError(f"{path}: member {member} holds {len(data)} bytes, expected {8 * size}; "
                             f"retrain with 'stance train'")
    values = array.array("d")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return shape, values


def _broken(path: Path, why: str) -> ModelFileError:
    return ModelFileError(f"{path}: not a stance fast model ({why}); retrain with 'stance train'")


def _read_members(path: Path) -> dict[str, bytes]:
    """Every member's bytes; only stored members no larger than the file (no zip bomb)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            missing = [m for m in MEMBERS if m not in names]
            if missing:
                raise _broken(path, f"missing {', '.join(missing)}")
            size = path.stat().st_size
            for m in MEMBERS:
                info = zf.getinfo(m)
                if info.compress_type != zipfile.ZIP_STORED or info.file_size > size:
                    raise _broken(path, f"member {m} is compressed or larger than the file")
            return {m: zf.read(m) for m in MEMBERS}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _broken(path, f"{type(exc).__name__}: {exc}") from None


def _blocks(path: Path, specs, vocabulary) -> list[Block]:
    """The feature blocks of ``model.json``, checked against the vocabulary lists."""
    blocks, offset = [], 0
    if not isinstance(vocabulary, list) or len(vocabulary) != len(specs):
        raise _broken(path, "the vocabulary does not have one list per block")
    for spec, terms in zip(specs, vocabulary):
        if not (isinstance(terms, list) and set(map(type, terms)) <= {str}):
            raise _broken(path, f"block {spec.get('name')!r}: the vocabulary is not a list of strings")
        if spec["n_features"] != len(terms) or spec["offset"] != offset:
            raise _broken(path, f"block {spec.get('name')!r}: vocabulary and offsets disagree")
        if spec["analyzer"] not in ("word", "char", "char_wb") or spec["norm"] not in ("l2", "l1", None):
            raise _broken(path, f"block {spec.get('name')!r}: unknown analyzer or norm")
        lo, hi = (int(n) for n in spec["ngram_range"])
        if not 1 <= lo <= hi:
            raise _broken(path, f"block {spec.get('name')!r}: n-gram range {lo}..{hi}")
        blocks.append(Block(name=str(spec["name"]), analyzer=spec["analyzer"], ngram_range=(lo, hi),
                            lowercase=bool(spec["lowercase"]), token_pattern=str(spec["token_pattern"]),
                            binary=bool(spec["binary"]), sublinear_tf=bool(spec["sublinear_tf"]),
                            use_idf=bool(spec["use_idf"]), norm=spec["norm"],
                            weight=None if spec["weight"] is None else float(spec["weight"]),
                            offset=offset, terms=tuple(terms)))
        offset += len(terms)
    return blocks


def read_fast_model(path: str | os.PathLike) -> FastModel:
    """Read a file written by :func:`write_fast_model`; check every member's shape.

    Only JSON and raw float64 arrays are read: nothing in the file is executed. The caller
    checks the file's sha256 against the sidecar first (see :func:`load_fast_model`).

    Raises
    ------
    ModelFileError
        If the file is not such an archive or its parts disagree.
    """
    path = Path(path)
    raw = _read_members(path)
    try:
        header = json.loads(raw["model.json"])
        vocabulary = json.loads(raw["vocabulary.json"])
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        raise _broken(path, "a JSON member is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") != FAST_FORMAT:
        raise _broken(path, f"format is not '{FAST_FORMAT}'")
    if header.get("format_version") != FAST_FORMAT_VERSION:
        raise _broken(path, f"format version {header.get('format_version')!r}, this tool reads {FAST_FORMAT_VERSION}")
    try:
        classes = [str(c) for c in header["classes"]]
        link = header["link"]
        blocks = _blocks(path, header["blocks"], vocabulary)
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
        raise _broken(path, f"model.json is incomplete ({type(exc).__name__}: {exc})") from None
    if link not in LINKS or len(classes) < 2 or (link == "logistic") != (len(classes) == 2):
        raise _broken(path, f"link {link!r} does not fit {len(classes)} classes")
    n_rows, F = 1 if link == "logistic" else len(classes), sum(len(b.terms) for b in blocks)
    shapes, arrays = {}, {}
    for m in ("idf.npy", "coef.npy", "intercept.npy"):
        shapes[m], arrays[m] = _npy_values(raw[m], m, path)
    for m, shape in {"idf.npy": (F,), "coef.npy": (n_rows, F), "intercept.npy": (n_rows,)}.items():
        if shapes[m] != shape:
            raise _broken(path, f"{m} has shape {shapes[m]}, expected {shape}")
    model = FastModel(classes, link, blocks, arrays["idf.npy"], arrays["coef.npy"], arrays["intercept.npy"])
    for name in model.blocks_with_repeated_terms():  # found while indexing the terms, not by a second pass
        raise _broken(path, f"block {name!r}: vocabulary and offsets disagree (a term is listed twice)")
    return model
