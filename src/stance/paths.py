"""Default locations, derived from the project root in one place.

The root is ``$STANCE_ROOT`` when set; otherwise the source checkout this package was
installed from (it holds ``seeds/`` and ``labels/``); otherwise the current folder. Only the
command line reads these defaults: library functions take paths as arguments.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def project_root() -> Path:
    """The folder that holds ``seeds/``, ``labels/``, ``models/`` and ``experiments/``."""
    env = os.environ.get("STANCE_ROOT")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "labels").is_dir() and (checkout / "seeds").is_dir():
        return checkout
    return Path.cwd()


ROOT = project_root()
SEEDS = ROOT / "seeds"
LABELS = ROOT / "labels"
MODELS = ROOT / "models"
EXPERIMENTS = ROOT / "experiments"
DEFAULT_MODEL = MODELS / "stance.joblib"
SEED_EXPERIMENT = "seeds-baseline"
DEFAULT_MODEL_EXPERIMENT = "default-model"  # what `stance train` fits without a config


def slug(value: str) -> str:
    """``value`` made safe as one file or folder name (experiment names, ``per`` values)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", value).strip("._") or "value"
