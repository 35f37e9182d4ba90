"""The PNG figures of the reports, drawn with matplotlib (Agg backend, no display needed).

Each function draws one figure into ``path``; files carry no software or date stamp, so the
same numbers give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from .positions import FEW_QUOTES
from .results import Calibration, LearningPoint


def _pyplot():
    # lazy: matplotlib is slow to import and loads only when a figure is drawn
    import matplotlib

    matplotlib.use("Agg")
    # lazy: pyplot only after the Agg backend is chosen, and only when a figure is drawn
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    _pyplot().close(fig)


def confusion_matrix(matrix, labels, path: Path) -> None:
    plt = _pyplot()
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
    _save(fig, path)


def _speaker_axis(ax, sp) -> None:
    """One row a speaker (its name and number of quotes), top down, on the stance axis."""
    ax.set_yticks(range(len(sp)), [f"{s} (n={n})" for s, n in zip(sp["speaker"], sp["n_quotes"])])
    ax.set_xlim(-2.2, 2.2)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("stance: -2 user-targeting enforcement … +2 treatment / diversion")
    ax.invert_yaxis()


def speaker_positions(speakers, path: Path) -> None:
    # lazy: matplotlib is slow to import and loads only when a figure is drawn
    from matplotlib.lines import Line2D

    plt = _pyplot()
    sp = speakers.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.9 + 0.5 * len(sp)), dpi=110)
    for i, r in sp.iterrows():
        for value, lo, hi, dy, colour in (
            (r["gold_mean"], r["gold_ci_low"], r["gold_ci_high"], -0.12, "black"),
            (r["pred_mean"], r["pred_ci_low"], r["pred_ci_high"], 0.12, "tab:orange"),
        ):
            if value is None or value != value:
                continue
            ax.errorbar([value], [i + dy], xerr=[[value - lo], [hi - value]] if lo is not None else None,
                        fmt="o", color=colour, capsize=3, mfc="white" if r["few"] else colour)
    handles = [Line2D([], [], marker="o", ls="", color=c, label=lab)
               for c, lab in (("black", "gold labels"), ("tab:orange", "out-of-fold predictions"))]
    _speaker_axis(ax, sp)
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    ax.set_title(f"Speaker positions, 95% bootstrap intervals (hollow: < {FEW_QUOTES} on-axis quotes)", fontsize=9)
    _save(fig, path)


def reliability(cal: Calibration, path: Path) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.2, 4.0), dpi=110)
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--", label="perfect calibration")
    bins = cal.bins
    ax.plot([b.confidence for b in bins], [b.accuracy for b in bins], "o-", color="tab:blue", label="model")
    for b in bins:
        ax.annotate(f"n={b.n}", (b.confidence, b.accuracy), fontsize=7, xytext=(3, -10),
                    textcoords="offset points")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("top-label confidence")
    ax.set_ylabel("observed accuracy")
    ax.set_title(f"Reliability (ECE {cal.ece:.3f})", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    _save(fig, path)


def learning_curve(points: list[LearningPoint], baseline: float, path: Path) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 3.4), dpi=110)
    ax.plot([p.train_quotes for p in points], [p.macro_f1 for p in points], "o-", label="model macro-F1")
    ax.axhline(baseline, color="grey", ls="--", lw=0.8, label="majority baseline (all data)")
    ax.set_xlabel("training quotes (mean per fold; groups kept whole)")
    ax.set_ylabel("macro-F1")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=7)
    ax.set_title("Learning curve", fontsize=9)
    _save(fig, path)


def analysed_speakers(speakers, most: int, path: Path) -> None:
    plt = _pyplot()
    sp = speakers[speakers["position"].notna()].head(most).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.9 + 0.35 * max(1, len(sp))), dpi=110)
    for i, r in sp.iterrows():
        value, lo, hi = r["position"], r["position_low"], r["position_high"]
        ax.errorbar([value], [i], xerr=[[value - lo], [hi - value]] if lo is not None and lo == lo else None,
                    fmt="o", color="tab:blue", capsize=3, mfc="white" if r["few"] else "tab:blue")
        if r["position_corrected"] is not None and r["position_corrected"] == r["position_corrected"]:
            ax.plot([r["position_corrected"]], [i], marker="x", ls="", color="tab:red")
    _speaker_axis(ax, sp)
    ax.set_title("Speaker positions, 95% article-bootstrap intervals (hollow: few quotes; x: corrected)", fontsize=9)
    _save(fig, path)


def positions_over_time(periods, top_speakers: list[str], path: Path) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=110)
    order = sorted(set(periods["period"]))
    x = {p: i for i, p in enumerate(order)}
    for name in ["(all speakers)", *top_speakers]:
        d = periods[(periods["speaker"] == name) & periods["position"].notna()].sort_values("period")
        if not len(d):
            continue
        xs = [x[p] for p in d["period"]]
        style = dict(color="black", lw=2) if name == "(all speakers)" else dict(lw=1, alpha=0.8)
        ax.plot(xs, d["position"], marker="o", label=name, **style)
    ax.set_xticks(range(len(order)), order, rotation=45 if len(order) > 6 else 0, fontsize=7)
    ax.set_ylim(-2.2, 2.2)
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_ylabel("mean position")
    ax.legend(fontsize=7, loc="best")
    ax.set_title("Positions over time", fontsize=9)
    _save(fig, path)
