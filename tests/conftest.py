"""Shared fixtures: a tiny invented labelled table and a model trained on it once per session.

INVENTED TEST DATA: every quote, speaker and article id below was written for these tests.
No real person said any of it and no real article holds it; the table only has to be
separable enough that a TF-IDF model learns it, and small enough to cross-validate in a
second or two.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]

# INVENTED TEST DATA (see module docstring). Three labels of the drug-policy scheme, four
# quotes each; four invented articles (doc1..doc4), each quoting one sentence per label, so
# grouped cross-validation gets min(5 folds, 4 groups, 4 per label) = 4 folds.
INVENTED_QUOTES = {
    "-2": [
        "Users must face arrest and prison",
        "Lock up every drug user we catch",
        "Possession should mean a criminal record",
        "Police must arrest people who take cocaine",
    ],
    "2": [
        "Addiction is a health issue not a crime",
        "We should divert users into treatment",
        "Decriminalise possession and fund treatment",
        "Treatment works better than prison for users",
    ],
    "none": [
        "The meeting was held on Tuesday",
        "The report runs to forty pages",
        "The council will publish figures next month",
        "The weather was cold in Leeds",
    ],
}
INVENTED_SPEAKERS = ("Invented Speaker A", "Invented Speaker B")


def invented_rows() -> list[dict]:
    """The invented labelled quotes as records: id, text, label, doc, speaker."""
    rows = []
    for label, texts in INVENTED_QUOTES.items():
        for i, text in enumerate(texts):
            rows.append({"id": f"q-{label}-{i + 1}", "text": text, "label": label,
                         "doc": f"doc{i + 1}", "speaker": INVENTED_SPEAKERS[i % 2]})
    return rows


@pytest.fixture
def labelled_table():
    """A fresh DataFrame of the invented quotes (12 rows, 3 labels, 4 groups, 2 speakers)."""
    import pandas as pd

    return pd.DataFrame(invented_rows())


@pytest.fixture
def labelled_csv(tmp_path, labelled_table) -> Path:
    """The invented table written as ``tmp_path/quotes.csv``."""
    path = tmp_path / "quotes.csv"
    labelled_table.to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory) -> Path:
    """A model trained once per session on the invented table; returns the ``.joblib`` path.

    Read-only for tests: a test that damages a model works on :func:`model_copy`.
    """
    import pandas as pd

    from stance.evaluate import EvalConfig
    from stance.labels import load_table_dataset
    from stance.training import train

    folder = tmp_path_factory.mktemp("model")
    data = folder / "invented.csv"
    pd.DataFrame(invented_rows()).to_csv(data, index=False)
    model = folder / "invented.joblib"
    train(load_table_dataset(data, group_column="doc"), model, EvalConfig(n_boot=50))
    return model


@pytest.fixture
def model_copy(tmp_path, trained_model) -> Path:
    """A private copy of the session model and its sidecar, safe to damage."""
    folder = tmp_path / "copied-model"
    folder.mkdir()
    shutil.copy2(trained_model, folder / trained_model.name)
    shutil.copy2(trained_model.with_suffix(".json"), folder / trained_model.with_suffix(".json").name)
    return folder / trained_model.name


@pytest.fixture(scope="session")
def earlier_report(tmp_path_factory) -> Path:
    """A report folder that ``stance evaluate`` wrote once per session: the invented table as
    ``quotes.csv``, grouped by doc, ``--n-boot 50``. Read-only: a test copies it into its
    ``tmp_path`` (``shutil.copytree``) as the output of an earlier run."""
    import pandas as pd

    from stance.cli import app

    folder = tmp_path_factory.mktemp("earlier")
    data = folder / "quotes.csv"
    pd.DataFrame(invented_rows()).to_csv(data, index=False)
    out = folder / "report"
    result = CliRunner().invoke(app, ["evaluate", "--data", str(data), "--group-column", "doc", "--out", str(out),
                                      "--n-boot", "50"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    return out


@pytest.fixture
def whole_model_copy(tmp_path, trained_model) -> Path:
    """A private copy of the session model with all three of its files (``.joblib``, ``.npz``,
    ``.json``) in ``tmp_path/models``: a usable model, as ``stance train`` leaves it."""
    folder = tmp_path / "models"
    folder.mkdir()
    for suffix in (".joblib", ".npz", ".json"):
        shutil.copy2(trained_model.with_suffix(suffix), folder / trained_model.with_suffix(suffix).name)
    return folder / trained_model.name


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def user_error():
    """Check that a CliRunner result is a user error; return its one stderr line.

    A user error exits with 2 through ``SystemExit`` (not an uncaught exception), prints
    nothing on stdout and exactly one line on stderr starting with ``stance: ``.
    """

    def check(result, expected: str | None = None) -> str:
        detail = (result.exit_code, result.stdout, result.stderr, repr(result.exception))
        assert isinstance(result.exception, SystemExit), detail
        assert result.exit_code == 2, detail
        assert "Traceback" not in result.stdout + result.stderr, detail
        assert result.stdout == "", detail
        lines = result.stderr.splitlines()
        assert len(lines) == 1, detail
        assert lines[0].startswith("stance: "), detail
        if expected is not None:
            assert lines[0] == expected
        return lines[0]

    return check


# Property tests draw the same examples on every run (a suite that is red or green by luck helps no
# one); explore new examples with `python -m pytest --hypothesis-profile explore`.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("default", derandomize=True, database=None)
_hypothesis_settings.register_profile("explore", derandomize=False)
_hypothesis_settings.load_profile("default")
