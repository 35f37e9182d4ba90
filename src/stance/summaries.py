"""The one-line summaries ``stance train`` and ``stance evaluate`` print on stdout.

Plain functions of the sidecar (:func:`stance.model.train`) and of the metrics
(:func:`stance.experiment.run_experiment`); the full figures are in the files they name.
"""

from __future__ import annotations

from pathlib import Path

from .results import Metrics

# The parts of a metrics.json the headline reads; a real-news experiment's file has them in the same
# shape, but its other parts (e.g. its speaker list) are not an evaluation's.
HEADLINE_PARTS = ("n_quotes", "protocol", "model", "baselines", "repeats")


def ci_text(pair) -> str:
    """``[low, high]`` to three decimals; empty when there is no interval."""
    return f"[{pair[0]:.3f}, {pair[1]:.3f}]" if pair and pair[0] is not None else ""


def training_lines(side: dict) -> list[str]:
    """The cross-validated scores of a trained model and, when it was run, its real-news check."""
    cv = side["cv_scores"]
    lines = [f"cross-validated ({cv['folds']} grouped folds): accuracy {cv['accuracy']:.3f} "
             f"{ci_text(cv['accuracy_ci95'])}, macro-F1 {cv['macro_f1']:.3f} {ci_text(cv['macro_f1_ci95'])}; "
             f"majority baseline accuracy {cv['majority_accuracy']:.3f}, macro-F1 {cv['majority_macro_f1']:.3f}"]
    chk = side.get("check_scores")
    if chk:
        m, g = chk["model"], chk["gain_ci95"]["macro_f1"]
        qwk = "-" if m["qwk"] is None else format(m["qwk"], ".3f")
        lines.append(f"on {chk['what']} ({chk['n_quotes']} real quotes, never trained on): macro-F1 "
                     f"{m['macro_f1']:.3f} {ci_text(m['macro_f1_ci95'])}, detection F1 {m['detection_f1']:.3f}, "
                     f"QWK {qwk}; majority macro-F1 {chk['majority']['macro_f1']:.3f}, gain {ci_text(g)}")
    return lines


def evaluation_line(metrics: Metrics | dict, target: Path) -> str:
    """An experiment's headline scores beside the majority baseline, and where its report is.

    ``metrics`` is the evaluation's :class:`~stance.results.Metrics` or a ``metrics.json`` form,
    an evaluation's or a real-news experiment's (:data:`HEADLINE_PARTS` are read).
    """
    m = metrics if isinstance(metrics, Metrics) else Metrics.from_dict(
        {k: metrics[k] for k in HEADLINE_PARTS if k in metrics})
    r = m.repeats
    runs = (f"mean over {len(r.seeds)} runs: accuracy {r.model['accuracy'].mean:.3f}, macro-F1 "
            f"{r.model['macro_f1'].mean:.3f} (sd {r.model['macro_f1'].sd:.3f}); first run: " if r else "")
    model, majority = m.model, m.majority
    return (f"{m.n_quotes} quotes, {m.protocol}: {runs}accuracy {model.accuracy:.3f} "
            f"{ci_text(model.ci('accuracy'))}, macro-F1 {model.macro_f1:.3f} {ci_text(model.ci('macro_f1'))} "
            f"(majority baseline {majority.accuracy:.3f} / {majority.macro_f1:.3f}); "
            f"report: {Path(target) / 'report.md'}")
