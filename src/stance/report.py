"""Rendering an evaluation into an experiment folder that researchers read.

``write_report`` produces ``report.md``, ``metrics.json`` (numbers only, byte-stable for the
same config, data and code), ``provenance.json`` (code version, package versions, date),
``predictions.csv`` (out-of-fold, one row per quote) and PNG figures. The folder is built
under a temporary name and swapped into place at the end, so a failed run never leaves a
half-written report.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .evaluate import FEW_QUOTES, Evaluation
from .tables import write_json, write_table, write_text


def _fmt(x, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _ci(pair) -> str:
    if not pair or pair[0] is None:
        return ""
    return f"[{pair[0]:.3f}, {pair[1]:.3f}]"


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def git_commit(root: str | os.PathLike) -> str | None:
    """The checkout's commit (with ``-dirty`` if files changed), or None outside git."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return sha + ("-dirty" if dirty else "") if sha else None


def provenance(root: str | os.PathLike | None = None) -> dict:
    """Code version, package versions and the date: what a reader needs to reproduce a run."""
    from . import __version__
    from .model import package_versions

    return {"stance_version": __version__, "git_commit": git_commit(root) if root else None,
            "packages": package_versions(),
            "date": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()}


# -------------------------------------------------------------------------------- figures

def _figure_confusion(matrix, labels, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1.0 + 0.7 * len(labels), 0.8 + 0.6 * len(labels)), dpi=110)
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted (out-of-fold)")
    ax.set_ylabel("gold")
    top = max(max(r) for r in matrix) or 1
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > top / 2 else "black")
    ax.set_title("Confusion matrix")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def _figure_speakers(speakers, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sp = speakers.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.9 + 0.5 * len(sp)), dpi=110)
    for i, r in sp.iterrows():
        for value, lo, hi, dy, colour, name in (
            (r["gold_mean"], r["gold_ci_low"], r["gold_ci_high"], -0.12, "black", "gold labels"),
            (r["pred_mean"], r["pred_ci_low"], r["pred_ci_high"], 0.12, "tab:orange", "out-of-fold predictions"),
        ):
            if value is None or value != value:
                continue
            ax.errorbar([value], [i + dy], xerr=[[value - lo], [hi - value]] if lo is not None else None,
                        fmt="o", color=colour, capsize=3, mfc="white" if r["few"] else colour)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", ls="", color=c, label=lab)
               for c, lab in (("black", "gold labels"), ("tab:orange", "out-of-fold predictions"))]
    ax.set_yticks(range(len(sp)), [f"{s} (n={n})" for s, n in zip(sp["speaker"], sp["n_quotes"])])
    ax.set_xlim(-2.2, 2.2)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("stance: -2 user-targeting enforcement … +2 treatment / diversion")
    ax.invert_yaxis()
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    ax.set_title(f"Speaker positions, 95% bootstrap intervals (hollow: < {FEW_QUOTES} on-axis quotes)",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


# --------------------------------------------------------------------------------- report

def _limits(m: dict) -> list[str]:
    """Plain-language caveats derived from the numbers themselves."""
    notes = []
    if m["n_groups"] < 20:
        notes.append(f"Only {m['n_groups']} groups (articles): intervals resample articles, so with this few "
                     f"they are wide and coarse; treat every score as indicative, not as an estimate to cite.")
    small = [lab for lab, n in m["label_counts"].items() if 0 < n < 10]
    if small:
        notes.append(f"Labels with fewer than 10 quotes ({', '.join(small)}): their per-class scores rest on a "
                     f"handful of decisions.")
    delta = m["model"]["delta_vs_majority_ci95"]["macro_f1"]
    if delta[0] is not None and delta[0] <= 0:
        notes.append("The interval of the model's macro-F1 gain over the majority baseline includes zero: "
                     "these data do not show that the model beats always guessing the commonest label.")
    zero = [lab for lab, d in m["model"]["per_class"].items() if d["recall"] == 0 and d["support"] > 0]
    if zero:
        notes.append(f"Never correctly predicted: {', '.join(zero)}. Under grouped cross-validation a label "
                     f"that occurs in few articles is often absent from the training folds.")
    return notes


def render_markdown(ev: Evaluation, name: str, prov: dict) -> str:
    """The human-readable report as Markdown."""
    m = ev.metrics
    mod, maj, strat = m["model"], m["baselines"]["majority"], m["baselines"]["stratified"]
    src = m["data"]
    out = [f"# Experiment: {name}", ""]
    out.append(f"{m['n_quotes']} labelled quotes from {m['n_groups']} groups, cross-validated in "
               f"{m['folds_used']} folds grouped by article (no article is split across training and test); "
               f"C tuned inside each training fold only. Scheme: `{m['scheme']['name']}`"
               + (f", codebook version {src['codebook_version']}." if src.get("codebook_version") else "."))
    out += ["", "## Scores", "",
            "95% intervals from a bootstrap over articles "
            f"({m['config']['n_boot']} resamples). Baselines use the same folds.", ""]
    rows = [[metric, f"**{_fmt(mod[key])}** {_ci(mod['ci95'][key])}", f"{_fmt(maj[key])} {_ci(maj['ci95'][key])}",
             f"{_fmt(strat[key])} {_ci(strat['ci95'][key])}", _ci(mod["delta_vs_majority_ci95"][key])]
            for metric, key in (("accuracy", "accuracy"), ("macro-F1", "macro_f1"))]
    out.append(_md_table(["metric", "model", "majority baseline", "stratified random", "model − majority"], rows))
    if m.get("position_mae_on_axis") is not None:
        out += ["", f"Mean absolute error of the predicted axis position on on-axis gold quotes: "
                    f"{_fmt(m['position_mae_on_axis'])} (axis -2…+2)."]
    out += ["", "### Per class", ""]
    out.append(_md_table(["label", "gold n", "precision", "recall", "F1"],
                         [[lab, d["support"], _fmt(d["precision"]), _fmt(d["recall"]), _fmt(d["f1"])]
                          for lab, d in mod["per_class"].items()]))
    labels = m["confusion"]["labels"]
    out += ["", "### Confusion matrix (rows gold, columns predicted)", ""]
    out.append(_md_table(["gold \\ pred"] + labels,
                         [[lab] + [str(v) for v in row] for lab, row in zip(labels, m["confusion"]["matrix"])]))
    out += ["", "![confusion matrix](confusion.png)"]
    if "speakers" in m:
        sp = m["speakers"]
        out += ["", "## Per-speaker stance", "",
                "Mean axis position of each speaker's on-axis quotes (`none` left out), from the gold labels and "
                "from the out-of-fold predicted labels; 95% intervals resample the speaker's quotes. "
                "`expected` is the probability-weighted position. "
                f"Flag `few`: fewer than {sp['few_quotes_threshold']} on-axis gold quotes.", ""]
        out.append(_md_table(
            ["speaker", "quotes", "on-axis", "gold mean [95% CI]", "predicted mean [95% CI]", "expected", "flag"],
            [[r["speaker"], r["n_quotes"], r["n_on_axis"], f"{_fmt(r['gold_mean'], 2)} {_ci([r['gold_ci_low'], r['gold_ci_high']])}",
              f"{_fmt(r['pred_mean'], 2)} {_ci([r['pred_ci_low'], r['pred_ci_high']])}", _fmt(r["pred_expected"], 2),
              "few" if r["few"] else ""] for r in sp["table"]]))
        agree = sp["agreement"]
        out += ["", f"Spearman correlation between gold and predicted speaker positions: "
                    f"{_fmt(agree['spearman'])} over {agree['n_speakers']} speakers"
                    + (f" ({agree['note']})." if agree.get("note") else "."), "",
                "![speaker positions](speakers.png)"]
    notes = _limits(m)
    if notes:
        out += ["", "## What these numbers can and cannot support", ""] + [f"- {n}" for n in notes]
    out += ["", "## Provenance", "",
            f"- data: `{src.get('name')}` ({src.get('kind')}); sha256: "
            + ", ".join(f"{k} `{v[:12]}…`" for k, v in src.get("sha256", {}).items()),
            f"- config: folds {m['folds_used']}, seed {m['config']['seed']}, "
            f"C chosen per fold {m['chosen_C_per_fold']}; model `{m['config']['model']}`",
            f"- code: policy-stance {prov['stance_version']}, commit {prov['git_commit'] or 'unknown'}",
            "- packages: " + ", ".join(f"{k} {v}" for k, v in prov["packages"].items()),
            f"- run at {prov['date']}; full details in `metrics.json` and `provenance.json`", ""]
    return "\n".join(out)


def write_report(ev: Evaluation, out_dir: str | os.PathLike, name: str | None = None,
                 root: str | os.PathLike | None = None) -> Path:
    """Write the experiment folder atomically (built aside, then swapped in).

    Parameters
    ----------
    ev : Evaluation
    out_dir : path-like
        The experiment folder, e.g. ``experiments/seeds-baseline``.
    name : str, optional
        Shown in the title; default the folder's name.
    root : path-like, optional
        Project root, used to record the git commit.

    Returns
    -------
    Path
        The experiment folder.
    """
    out = Path(out_dir)
    name = name or out.name
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        prov = provenance(root)
        write_json(tmp / "metrics.json", ev.metrics)
        write_json(tmp / "provenance.json", prov)
        write_table(ev.predictions, tmp / "predictions.csv")
        m = ev.metrics
        _figure_confusion(m["confusion"]["matrix"], m["confusion"]["labels"], tmp / "confusion.png")
        if "speakers" in m and len(ev.speakers):
            _figure_speakers(ev.speakers, tmp / "speakers.png")
        write_text(tmp / "report.md", render_markdown(ev, name, prov))
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
