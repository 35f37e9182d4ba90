"""Hostile model files: loading a model must never run code from it.

Researchers pass model folders around. Every case below puts a crafted pickle, whose
``__reduce__`` would create a marker file when unpickled, where a model is expected -- the
``.joblib``, the plain-data ``.npz`` twin, a member inside the ``.npz`` -- with no sidecar,
the genuine sidecar, or a forged sidecar whose recorded sha256 matches the malicious file (an
attacker who controls the whole folder). The test then proves the marker never appeared and
that the refusal is one clear stderr line.

The payload is ``builtins.open(marker, "w")``: harmless, but it is real code execution, so a
marker on disk is proof that unpickling happened.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from hostile_tools import STANCE, run_measured
from stance.cli import app

SRC = Path(__file__).resolve().parents[2] / "src" / "stance"
QUOTE = "Users must face arrest"


class _Payload:
    """Pickles to a call of ``open(marker, "w")``: unpickling creates the marker file."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def malicious_pickle(marker: Path) -> bytes:
    return pickle.dumps(_Payload(marker), protocol=4)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def full_model(tmp_path, trained_model) -> Path:
    """A private copy of all three files of the session model: .joblib, .npz, .json."""
    folder = tmp_path / "shared-model"
    folder.mkdir()
    for suffix in (".joblib", ".npz", ".json"):  # names kept: the sidecar records the twin's name
        shutil.copy2(trained_model.with_suffix(suffix), folder / trained_model.with_suffix(suffix).name)
    return folder / trained_model.name


def forge_sidecar(model: Path, **changes) -> None:
    """Rewrite the sidecar as an attacker would: same provenance, chosen hashes and names."""
    side = model.with_suffix(".json")
    meta = json.loads(side.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    side.write_text(json.dumps(meta), encoding="utf-8")


def one_line_refusal(result) -> str:
    detail = (result.exit_code, result.stdout, result.stderr, repr(result.exception))
    assert result.exit_code == 2, detail
    assert isinstance(result.exception, SystemExit), detail
    assert "Traceback" not in result.stdout + result.stderr, detail
    lines = [ln for ln in result.stderr.splitlines() if not ln.startswith("stance: note:")]
    assert len(lines) == 1 and lines[0].startswith("stance: "), detail
    return lines[0]


# ------------------------------------------------------------------------- the .joblib file

def test_a_malicious_pickle_with_the_genuine_sidecar_is_refused_unopened(runner, full_model, tmp_path):
    marker = tmp_path / "PWNED"
    full_model.write_bytes(malicious_pickle(marker))

    result = runner.invoke(app, ["predict", "--model", str(full_model), QUOTE])

    assert not marker.exists(), "the pickle's payload ran"
    line = one_line_refusal(result)
    assert "sha256 does not match its sidecar" in line


def test_a_malicious_pickle_without_a_sidecar_is_refused_unopened(runner, full_model, tmp_path):
    marker = tmp_path / "PWNED"
    full_model.write_bytes(malicious_pickle(marker))
    full_model.with_suffix(".json").unlink()
    full_model.with_suffix(".npz").unlink()

    result = runner.invoke(app, ["predict", "--model", str(full_model), QUOTE])

    assert not marker.exists(), "the pickle's payload ran"
    assert f"sidecar {full_model.with_suffix('.json').name} is missing" in one_line_refusal(result)


def test_a_forged_sidecar_with_the_genuine_twin_never_opens_the_pickle(runner, full_model, tmp_path):
    # The sidecar vouches for the malicious .joblib; the genuine .npz is what predict reads.
    marker = tmp_path / "PWNED"
    full_model.write_bytes(malicious_pickle(marker))
    forge_sidecar(full_model, model_sha256=sha256(full_model))

    for args in (["predict", "--model", str(full_model), QUOTE],
                 ["predict", "--model", str(full_model), "--json", QUOTE]):
        result = runner.invoke(app, args)
        assert not marker.exists(), "the pickle's payload ran"
        assert result.exit_code in (0, 2), (result.exit_code, result.stderr, repr(result.exception))
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("how", ["twin removed", "twin not named in the sidecar"])
def test_a_forged_sidecar_cannot_make_predict_unpickle_the_joblib(runner, full_model, tmp_path, how):
    marker = tmp_path / "PWNED"
    full_model.write_bytes(malicious_pickle(marker))
    if how == "twin removed":
        full_model.with_suffix(".npz").unlink()
        forge_sidecar(full_model, model_sha256=sha256(full_model))
    else:
        forge_sidecar(full_model, model_sha256=sha256(full_model), fast_model_file=None, fast_model_sha256=None)

    result = runner.invoke(app, ["predict", "--model", str(full_model), QUOTE])

    assert not marker.exists(), "the pickle's payload ran"
    one_line_refusal(result)


def test_label_order_uncertain_never_unpickles_a_forged_model(runner, full_model, tmp_path):
    from test_annotate import make_project  # the invented labelling project of tests/test_annotate.py

    labels, arts = make_project(tmp_path / "project")
    marker = tmp_path / "PWNED"
    full_model.write_bytes(malicious_pickle(marker))
    forge_sidecar(full_model, model_sha256=sha256(full_model))

    result = runner.invoke(app, ["label", "--annotator", "ann", "--labels", str(labels), "--articles", str(arts),
                                 "--order", "uncertain", "--model", str(full_model)], input="q\n")

    assert not marker.exists(), "the pickle's payload ran"
    assert "Traceback" not in result.stdout + result.stderr


def test_predict_table_with_a_malicious_pickle_is_refused_unopened(runner, full_model, tmp_path, labelled_csv):
    marker = tmp_path / "PWNED"
    full_model.write_bytes(malicious_pickle(marker))
    out = tmp_path / "scored.csv"

    result = runner.invoke(app, ["predict", "--model", str(full_model), "--input", str(labelled_csv),
                                 "--output", str(out)])

    assert not marker.exists()
    assert "sha256 does not match" in one_line_refusal(result)
    assert not out.exists()


# ----------------------------------------------------------------- the plain-data .npz twin

def test_a_pickle_in_place_of_the_npz_is_refused_even_with_a_forged_sidecar(runner, full_model, tmp_path):
    marker = tmp_path / "PWNED"
    npz = full_model.with_suffix(".npz")
    npz.write_bytes(malicious_pickle(marker))
    forge_sidecar(full_model, fast_model_sha256=sha256(npz))

    result = runner.invoke(app, ["predict", "--model", str(full_model), QUOTE])

    assert not marker.exists()
    assert "not a stance fast model" in one_line_refusal(result)


def _npz_with(members: dict[str, bytes], path: Path, compression=zipfile.ZIP_STORED) -> None:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_a_pickled_object_array_inside_the_npz_is_never_unpickled(runner, full_model, tmp_path):
    # numpy.load(allow_pickle=True) would run this member; the reader only accepts raw '<f8'.
    import numpy as np

    marker = tmp_path / "PWNED"
    npz = full_model.with_suffix(".npz")
    with zipfile.ZipFile(npz) as zf:
        members = {m: zf.read(m) for m in zf.namelist()}
    buf = io.BytesIO()
    np.save(buf, np.array([_Payload(marker)], dtype=object), allow_pickle=True)
    members["coef.npy"] = buf.getvalue()
    _npz_with(members, npz)
    forge_sidecar(full_model, fast_model_sha256=sha256(npz))

    result = runner.invoke(app, ["predict", "--model", str(full_model), QUOTE])

    assert not marker.exists()
    assert "coef.npy is not a float64 .npy array" in one_line_refusal(result)


@pytest.mark.parametrize("damage", ["truncated", "one byte flipped", "empty", "random bytes"])
@pytest.mark.parametrize("which", [".joblib", ".npz"])
def test_a_damaged_model_file_is_refused_with_one_line(runner, full_model, damage, which):
    f = full_model.with_suffix(which)
    data = f.read_bytes()
    f.write_bytes({"truncated": data[: len(data) // 2], "one byte flipped": data[:100] + bytes([data[100] ^ 1])
                   + data[101:], "empty": b"", "random bytes": bytes(range(256)) * 40}[damage])

    line = one_line_refusal(runner.invoke(app, ["predict", "--model", str(full_model), QUOTE]))
    assert "does not match its sidecar" in line and "Retrain with 'stance train'" in line


@pytest.mark.parametrize("sidecar, why", [
    (b"", "not valid JSON"),
    (b"\xff\xfe{}", "not valid JSON"),
    (b'{"format": "sklearn-onnx"}', "format is not 'policy-stance-model'"),
    (b"[1, 2, 3]", "format is not 'policy-stance-model'"),
    (b'"policy-stance-model"', "format is not 'policy-stance-model'"),
    (b"null", "format is not 'policy-stance-model'"),
    (b'{"format": "policy-stance-model"}', "sha256 does not match"),
    (b'{"format": "policy-stance-model", "model_sha256": 5, "fast_model_file": ["x"]}', "sha256 does not match"),
])
def test_a_sidecar_made_by_another_tool_is_refused_with_one_line(runner, full_model, sidecar, why):
    full_model.with_suffix(".json").write_bytes(sidecar)
    assert why in one_line_refusal(runner.invoke(app, ["predict", "--model", str(full_model), QUOTE]))


def test_a_deeply_nested_sidecar_is_refused_with_one_line(runner, full_model):
    full_model.with_suffix(".json").write_text("[" * 100_000, encoding="utf-8")
    one_line_refusal(runner.invoke(app, ["predict", "--model", str(full_model), QUOTE]))


def test_a_deeply_nested_member_of_the_npz_is_refused_with_one_line(runner, full_model):
    npz = full_model.with_suffix(".npz")
    with zipfile.ZipFile(npz) as zf:
        members = {m: zf.read(m) for m in zf.namelist()}
    members["model.json"] = b"[" * 100_000
    _npz_with(members, npz)
    forge_sidecar(full_model, fast_model_sha256=sha256(npz))
    one_line_refusal(runner.invoke(app, ["predict", "--model", str(full_model), QUOTE]))


def test_a_zip_bomb_member_in_the_npz_keeps_memory_bounded(full_model):
    npz = full_model.with_suffix(".npz")
    with zipfile.ZipFile(npz) as zf:
        members = {m: zf.read(m) for m in zf.namelist()}
    members["vocabulary.json"] = b" " * (300 << 20)  # 300 MB of spaces, ~300 KB deflated
    _npz_with(members, npz, compression=zipfile.ZIP_DEFLATED)
    assert npz.stat().st_size < 2 << 20
    forge_sidecar(full_model, fast_model_sha256=sha256(npz))

    run = run_measured([*STANCE, "predict", "--model", str(full_model), QUOTE], timeout=60)

    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert run.peak_rss_mb < 200, f"peak RSS {run.peak_rss_mb:.0f} MB for a {npz.stat().st_size} B model file"


# ------------------------------------------------------------------------ static guarantees

UNPICKLERS = re.compile(r"\b(?:pickle\.loads?|joblib\.load|cloudpickle\.loads?|dill\.loads?|pd\.read_pickle|"
                        r"read_pickle|torch\.load|yaml\.load|shelve\.open|marshal\.loads?|allow_pickle\s*=\s*True)\b")


def test_the_only_unpickling_call_in_the_package_is_the_hash_checked_one():
    """A new pickle load anywhere in src/stance must be reviewed; today there is one, in load_model."""
    found = []
    for f in sorted(SRC.glob("*.py")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            if UNPICKLERS.search(code):
                found.append((f.name, code.strip()))
    assert found == [("modelfile.py", "pipeline = joblib.load(path)")], found
