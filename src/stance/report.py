"""Rendering an evaluation into an experiment folder that researchers read.

:func:`write_report` produces ``report.md`` and a standalone ``report.html`` (figures embedded,
opens offline), ``metrics.json`` (numbers only, byte-stable for the same config, data and
code), ``provenance.json`` (code version, package versions, date), ``predictions.csv``
(out-of-fold, one row per quote) and PNG figures. The folder is built under a temporary name
and swapped into place at the end, so a failed run never leaves a half-written report.

The report reads the typed :class:`stance.results.Metrics`; Markdown and HTML come from
:mod:`stance.mdpage`, the figures from :mod:`stance.figures`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from . import figures
from .agreement import Agreement
from .folders import FolderKind, atomic_folder
from .mdpage import CONTENTS_MARK, add_contents, interval, markdown_to_html, md_table, number
from .paths import slug
from .provenance import provenance
from .results import Evaluation, Metrics, Repeats, Spread, as_metrics
from .tables import write_json, write_table, write_text

# Reports written before folders carried a marker are recognised by their files.
REPORT_FOLDER = FolderKind("experiment report (stance evaluate)", legacy_required="metrics.json",
                           legacy_files=("metrics.json", "provenance.json", "predictions.csv", "report.md",
                                         "report.html", "*.png", "per-*"),
                           fix="Give a new or empty folder with --out, or another experiment name")

LOWER_IS_BETTER = {"mae_macro", "brier"}
SCORE_ROWS = (("accuracy", "accuracy"), ("macro-F1", "macro_f1"), ("on-axis detection F1", "detection_f1"),
              ("MAE^M on the axis (lower is better)", "mae_macro"), ("quadratic-weighted kappa", "qwk"),
              ("Brier score (lower is better)", "brier"))


# ------------------------------------------------------------------------- reading the numbers

def _gain(m: Metrics, key: str) -> list:
    return (m.model.gain_over_majority or {}).get(key, [None, None])


def _limits(m: Metrics | dict) -> list[str]:
    """Plain-language caveats derived from the numbers themselves."""
    m = as_metrics(m)
    notes = []
    if m.n_groups < 20:
        notes.append(f"Only {m.n_groups} groups (articles): intervals resample articles, so with this few "
                     f"they are wide and coarse; treat every score as indicative, not as an estimate to cite.")
    small = [lab for lab, n in m.label_counts.items() if 0 < n < 10]
    if small:
        notes.append(f"Labels with fewer than 10 quotes ({', '.join(small)}): their per-class scores rest on a "
                     f"handful of decisions.")
    delta = _gain(m, "macro_f1")
    if delta[0] is not None and delta[0] <= 0:
        notes.append("The interval of the model's macro-F1 gain over the majority baseline includes zero: "
                     "these data do not show that the model beats always guessing the commonest label.")
    zero = [lab for lab, d in m.model.per_class.items() if d.recall == 0 and d.support > 0]
    if zero:
        notes.append(f"Never correctly predicted: {', '.join(zero)}. Under grouped cross-validation a label "
                     f"that occurs in few articles is often absent from the training folds.")
    return notes


def _spread(v: Spread) -> str:
    """``mean (sd 0.012; runs 0.100–0.130)`` for a repeated score."""
    known = [x for x in v.values if x is not None]
    sd = f"sd {number(v.sd)}; " if v.sd is not None else ""
    return f"{number(v.mean)} ({sd}runs {number(min(known))}–{number(max(known))})" if known else "–"


def _signed(x: float) -> str:
    """``+0.018`` / ``-0.006``; a gain that rounds to zero is shown as ``0.000``, without a sign."""
    return "0.000" if round(x, 3) == 0 else f"{x:+.3f}"


def _run_gains(r: Repeats, key: str) -> tuple[float | None, int, int]:
    """Mean model − majority gain over repeated runs, runs where the model was better, runs scored."""
    pairs = [(a, b) for a, b in zip(r.model[key].values, r.majority[key].values) if a is not None and b is not None]
    if not pairs:
        return None, 0, 0
    better = sum((a < b) if key in LOWER_IS_BETTER else (a > b) for a, b in pairs)
    return sum(a - b for a, b in pairs) / len(pairs), better, len(pairs)


def _repeated(m: Metrics) -> Repeats | None:
    """The repeated runs, when they carry the paired majority baseline."""
    return m.repeats if m.repeats is not None and m.repeats.majority else None


def _verdict(lo: float | None, hi: float | None, first: str) -> str:
    if lo is None:
        return "The data are too few to put an interval on the model's gain over the majority baseline."
    if lo > 0:
        return (f"The model beats always guessing the commonest label: {first} the 95% interval of its "
                f"macro-F1 gain over the majority baseline, {interval([lo, hi])}, lies above zero.")
    if hi < 0:
        return (f"The model does worse than always guessing the commonest label: {first} the 95% interval "
                f"of its macro-F1 gain over the majority baseline, {interval([lo, hi])}, lies below zero.")
    return (f"These data do not show that the model beats always guessing the commonest label: "
            f"{first} the 95% interval of its macro-F1 gain over the majority baseline, "
            f"{interval([lo, hi])}, includes zero.")


def bottom_line(m: Metrics | dict) -> str:
    """A short, honest verdict drawn from the numbers: does the model beat the majority baseline?"""
    m = as_metrics(m)
    mod, maj = m.model, m.majority
    r = _repeated(m)
    out = [_verdict(*_gain(m, "macro_f1"), "in the first run" if r else "here")]
    if r:
        gain, better, n = _run_gains(r, "macro_f1")
        f1, f1_maj = r.model["macro_f1"], r.majority["macro_f1"]
        out.append(f"Over {len(r.seeds)} cross-validation runs (fold seeds {', '.join(map(str, r.seeds))}) "
                   f"its macro-F1 averages {number(f1.mean)} (sd {number(f1.sd)}) against "
                   f"the baseline's {number(f1_maj.mean)}, a mean gain of {_signed(gain)}; it "
                   f"scored higher in {better} of {n} runs.")
        qwk = r.model.get("qwk")
        if qwk is not None and qwk.mean is not None:
            out.append(f"Placing quotes on the axis, its quadratic-weighted kappa averages {number(qwk.mean)} "
                       f"(sd {number(qwk.sd)}; 0 is chance, 1 perfect).")
    else:
        out.append(f"Its macro-F1 is {number(mod.macro_f1)} {interval(mod.ci('macro_f1'))} against the "
                   f"baseline's {number(maj.macro_f1)}.")
        if mod.qwk is not None:
            out.append(f"Placing quotes on the axis, its quadratic-weighted kappa is {number(mod.qwk)} "
                       f"{interval(mod.ci('qwk'))} (0 is chance, 1 perfect).")
    if m.n_groups < 20:
        out.append(f"With {m.n_groups} articles, every figure is indicative only.")
    return " ".join(out)


# ------------------------------------------------------------------------------- sections

def _headline(r: Repeats, n_boot: int) -> list[str]:
    """The mean over repeated runs, then the heading of the first run's details."""
    titles = dict((key, title) for title, key in SCORE_ROWS)
    head = []
    for k, v in r.model.items():
        gain, better, n = _run_gains(r, k)
        head.append([titles.get(k, k), f"**{_spread(v)}**", number(r.majority[k].mean),
                     "–" if gain is None else _signed(gain), f"{better} of {n}"])
    seeds = ", ".join(map(str, r.seeds))
    return ["", f"### Headline: mean over {len(r.seeds)} cross-validation runs", "",
            f"The cross-validation was run {len(r.seeds)} times with fold seeds {seeds} "
            "(different splits of the articles into folds). These means, with the spread between runs, are the "
            "figures to quote; one run alone can be lucky or unlucky.", "",
            md_table(["metric", "model: mean (sd; range over runs)", "majority baseline: mean",
                      "model − majority: mean", "runs where the model is better"], head),
            "", f"### First run in detail (fold seed {r.seeds[0]})", "",
            "Every score of the first run, with 95% intervals from "
            f"{n_boot} bootstrap resamples of articles (groups); the per-class scores and "
            "the confusion matrix below are from this run too."]


def _scores_section(m: Metrics) -> list[str]:
    mod, maj, strat = m.model, m.majority, m.stratified
    rows = [[title, f"**{number(mod.value(key))}** {interval(mod.ci(key))}",
             f"{number(maj.value(key))} {interval(maj.ci(key))}",
             f"{number(strat.value(key))} {interval(strat.ci(key))}",
             interval((mod.gain_over_majority or {}).get(key))]
            for title, key in SCORE_ROWS if mod.has(key)]
    out = ["## Scores", "",
           f"Protocol: {m.protocol}. Baselines use the same folds: the training fold's majority label, and random "
           "draws from its label distribution (Brier: its label frequencies as probabilities)."]
    r = _repeated(m)
    if r:
        out += _headline(r, m.config["n_boot"])
    else:
        out += ["", f"95% intervals from {m.config['n_boot']} bootstrap resamples of articles (groups)."]
    out += ["", md_table(["metric", "model", "majority baseline", "stratified random", "model − majority"], rows)]
    if mod.has("mae_macro"):
        out += ["", "On-axis detection is the F1 of telling on-axis quotes from `none`. MAE^M (Baccianella, Esuli "
                    "& Sebastiani 2009) and kappa score *placement* on quotes whose gold label is on the axis: MAE^M "
                    "uses the predicted position (probability-weighted over on-axis classes), kappa the most probable "
                    "on-axis class; for the baselines, the training fold's commonest on-axis label and random on-axis "
                    "draws."]
    return out


def _class_sections(m: Metrics) -> list[str]:
    run = ", first run" if m.repeats is not None else ""
    out = ["", f"### Per class{run}", "",
           md_table(["label", "gold n", "precision [95% CI]", "recall [95% CI]", "F1 [95% CI]"],
                    [[lab, d.support, f"{number(d.precision)} {interval(d.ci('precision'))}",
                      f"{number(d.recall)} {interval(d.ci('recall'))}", f"{number(d.f1)} {interval(d.ci('f1'))}"]
                     for lab, d in m.model.per_class.items()])]
    labels = m.confusion.labels
    out += ["", f"### Confusion matrix{run} (rows gold, columns predicted)", "",
            md_table(["gold \\ pred"] + labels,
                     [[lab] + [str(v) for v in row] for lab, row in zip(labels, m.confusion.matrix)]),
            "", "![confusion matrix](confusion.png)"]
    return out


def _agreement_section(agreement: Agreement, m: Metrics) -> list[str]:
    out = ["## Coder agreement (the ceiling)", "",
           "Agreement between coders on the same quotes: the model is judged against this ceiling, not against "
           "perfection. Reading thresholds (Krippendorff): alpha ≥ 0.8 reliable, ≥ 0.667 tentative, below that "
           f"unreliable. Coded under codebook version {agreement.codebook_version or '?'}.", ""]
    text = agreement.text
    if text:
        out += ["```", text.rstrip(), "```", ""]
    qwk = m.repeats.model.get("qwk") if m.repeats is not None else None
    if qwk is not None and qwk.mean is not None:
        out.append(f"For comparison, the model's out-of-fold quadratic-weighted kappa against the gold labels is "
                   f"{_spread(qwk)}, mean over {len(m.repeats.seeds)} cross-validation runs.")
    elif m.model.qwk is not None:
        out.append(f"For comparison, the model's out-of-fold quadratic-weighted kappa against the gold labels is "
                   f"{number(m.model.qwk)} {interval(m.model.ci('qwk'))}.")
    return out


def _over_time(t: dict) -> list[str]:
    out = ["", "### Positions over time", ""]
    if len(t.get("years", [])) >= 1 and t.get("table"):
        out.append(f"{t['n_quotes_dated']} quotes come from articles with a known year ({', '.join(t['years'])}).")
        out += ["", md_table(["speaker", "year", "quotes", "gold mean", "predicted mean"],
                             [[r["speaker"], r["year"], r["n_quotes"], number(r["gold_mean"], 2),
                               number(r["pred_mean"], 2)] for r in t["table"]])]
        if len(t["years"]) < 2:
            out += ["", "One year only: no trend can be read from these data."]
    else:
        out.append("No article in these data states its date, so positions cannot be placed in time.")
    return out


def _speakers_section(m: Metrics) -> list[str]:
    sp = m.speakers
    out = ["## Per-speaker stance", "",
           "Mean axis position of each speaker's on-axis quotes (`none` left out), from the gold labels and from "
           "the out-of-fold predicted labels; 95% intervals resample the speaker's quotes. `expected` uses the "
           "model's probabilities instead of its labels: over all the speaker's quotes, the sum of each on-axis "
           "class's probability times its position, divided by the summed probability of being on the axis. It "
           "keeps the model's uncertainty (a quote the model thinks is off the axis weighs little), and a "
           "strongly regularised model's soft probabilities pull it towards 0. Flag `few`: fewer than "
           f"{sp.few_quotes_threshold} on-axis gold quotes.", "",
           md_table(["speaker", "quotes", "on-axis", "gold mean [95% CI]", "predicted mean [95% CI]", "expected",
                     "flag"],
                    [[r["speaker"], r["n_quotes"], r["n_on_axis"],
                      f"{number(r['gold_mean'], 2)} {interval([r['gold_ci_low'], r['gold_ci_high']], 2)}",
                      f"{number(r['pred_mean'], 2)} {interval([r['pred_ci_low'], r['pred_ci_high']], 2)}",
                      number(r["pred_expected"], 2), "few" if r["few"] else ""] for r in sp.table])]
    agree = sp.agreement
    out += ["", f"Spearman correlation between gold and predicted speaker positions: {number(agree['spearman'])} "
                f"over {agree['n_speakers']} speakers" + (f" ({agree['note']})." if agree.get("note") else "."),
            "", "![speaker positions](speakers.png)"]
    return out + _over_time(sp.over_time or {})


def _learned_section(m: Metrics) -> list[str]:
    tn = m.top_ngrams
    out = ["## What the model learned", "",
           f"The n-grams with the largest class weights (centred across classes) in the model fitted on all the "
           f"data (C={tn.C}). Words plain, character n-grams in quotes.", ""]
    rows = [[c, ", ".join(f"{g['ngram']} ({g['weight']:+.2f})" for g in grams)] for c, grams in tn.classes.items()]
    return out + [md_table(["class", "top n-grams"], rows)]


def _data_section(m: Metrics, per: tuple[str, dict] | None) -> list[str]:
    """What was scored and how, the label counts, and the per-value table of a ``--per`` run."""
    if m.protocol == "holdout":
        how = ("a separate test table: the model is fitted on all the training data (C tuned inside it by grouped "
               "cross-validation) and scored once on the test rows")
    else:
        unit = "speaker" if m.config.get("by") == "speaker" else "group"
        how = (f"{m.protocol} ({m.folds_used} folds grouped so that no {unit} is split "
               f"between training and test; C tuned inside each training part only)")
    version = m.data.get("codebook_version")
    out = [f"{m.n_quotes} labelled quotes from {m.n_groups} groups; {how}. Scheme: `{m.scheme['name']}`"
           + (f", codebook version {version}." if version else ".")]
    out += ["", "Label counts: " + ", ".join(f"{k}: {v}" for k, v in m.label_counts.items()) + ".", ""]
    if per is not None:
        column, subs = per
        out += [f"## Per {column}", "", f"One model per value of `{column}`; the scores below the table pool every "
                f"model's predictions. Mean macro-F1 over values: {number(m.per.macro_f1_mean)}.", "",
                md_table([column, "quotes", "accuracy [95% CI]", "macro-F1 [95% CI]", "majority macro-F1", "report"],
                         [[v, d.n_quotes, f"{number(d.accuracy)} {interval(d.accuracy_ci95)}",
                           f"{number(d.macro_f1)} {interval(d.macro_f1_ci95)}", number(d.majority_macro_f1),
                           f"[{v}]({subs[v]}/report.md)"] for v, d in m.per.scores.items()]), ""]
    return out


def _calibration_section(m: Metrics) -> list[str]:
    cal = m.calibration
    return ["", "## Calibration", "",
            f"Brier score {number(m.model.brier)} {interval(m.model.ci('brier'))} (stratified prior "
            f"{number(m.stratified.brier)}, lower is better); expected calibration error "
            f"{number(cal.ece)} over {len(cal.bins)} confidence bins.", "",
            md_table(["confidence bin", "quotes", "mean confidence", "accuracy"],
                     [[f"{b.low:.1f}–{b.high:.1f}", b.n, number(b.confidence), number(b.accuracy)]
                      for b in cal.bins]), "", "![reliability](reliability.png)"]


def _learning_section(m: Metrics) -> list[str]:
    return ["", "## Learning curve", "",
            "Each outer fold's model refitted on a seeded share of its training groups (articles kept whole, "
            "C fixed at the fold's tuned value), scored on the fold's test part; what more labels would buy.", "",
            md_table(["share of training groups", "training quotes (mean)", "accuracy", "macro-F1"],
                     [[f"{p.share_of_groups:.2f}", f"{p.train_quotes:.1f}", number(p.accuracy),
                       number(p.macro_f1)] for p in m.learning_curve]),
            "", "![learning curve](learning_curve.png)"]


def _provenance_section(m: Metrics, prov: dict) -> list[str]:
    src, cfg = m.data, m.config
    return ["", "## Provenance", "",
            f"- data: `{src.get('name')}` ({src.get('kind')}); sha256: "
            + ", ".join(f"{k} `{v[:12]}…`" for k, v in src.get("sha256", {}).items()),
            f"- protocol: {m.protocol}, folds {m.folds_used}, seed {cfg['seed']}, repeats {cfg['repeats']}, "
            f"bootstrap {cfg['n_boot']}; C chosen per fold {m.chosen_C_per_fold}",
            f"- model: `{cfg['model']}`",
            f"- code: policy-stance {prov['stance_version']}, commit {prov['git_commit'] or 'unknown'}",
            "- packages: " + ", ".join(f"{k} {v}" for k, v in prov["packages"].items()),
            f"- run at {prov['date']}; every number is in `metrics.json`, the run details in `provenance.json`", ""]


def render_markdown(ev: Evaluation, name: str, prov: dict, agreement: Agreement | None = None,
                    per: tuple[str, dict] | None = None, description: str = "") -> str:
    """The human-readable report as Markdown."""
    m = ev.result
    out = [f"# Experiment: {name}", "", "## Bottom line", "", bottom_line(m), "", CONTENTS_MARK, ""]
    if description:
        out += [" ".join(description.split()), ""]
    out += _data_section(m, per) + _scores_section(m) + _class_sections(m)
    if agreement:
        out += [""] + _agreement_section(agreement, m)
    out += _calibration_section(m)
    if m.learning_curve:
        out += _learning_section(m)
    if m.speakers is not None:
        out += [""] + _speakers_section(m)
    if m.top_ngrams is not None:
        out += [""] + _learned_section(m)
    notes = _limits(m)
    if notes:
        out += ["", "## What these numbers can and cannot support", ""] + [f"- {n}" for n in notes]
    return "\n".join(add_contents(out + _provenance_section(m, prov)))


# -------------------------------------------------------------------------------- writing

def _render_into(ev: Evaluation, folder: Path, name: str, prov: dict, agreement: Agreement | None = None,
                 per: tuple[str, dict] | None = None, description: str = "") -> None:
    m = ev.result
    write_json(folder / "metrics.json", ev.metrics)
    write_json(folder / "provenance.json", prov)
    write_table(ev.predictions, folder / "predictions.csv")
    figures.confusion_matrix(m.confusion.matrix, m.confusion.labels, folder / "confusion.png")
    figures.reliability(m.calibration, folder / "reliability.png")
    if m.learning_curve:
        figures.learning_curve(m.learning_curve, m.majority.macro_f1, folder / "learning_curve.png")
    if m.speakers is not None and len(ev.speakers):
        figures.speaker_positions(ev.speakers, folder / "speakers.png")
    md = render_markdown(ev, name, prov, agreement, per, description)
    write_text(folder / "report.md", md)
    images = {p.name: p.read_bytes() for p in folder.glob("*.png")}
    write_text(folder / "report.html", markdown_to_html(md, images, f"Experiment: {name}"))


def write_report(ev: Evaluation, out_dir: str | os.PathLike, name: str | None = None,
                 root: str | os.PathLike | None = None, agreement: Agreement | None = None,
                 per: tuple[str, dict] | None = None, description: str = "", inputs: Sequence = (),
                 force: bool = False) -> Path:
    """Write the experiment folder atomically (built aside, then swapped in).

    The folder follows the rule of :mod:`stance.folders`: it is written only into a new or
    empty folder or over an earlier report, never over a folder holding other files
    (unless ``force`` and the folder is an earlier report), and never into an input.

    Parameters
    ----------
    ev : Evaluation
    out_dir : path-like
        The experiment folder, e.g. ``experiments/seeds-baseline``.
    name : str, optional
        Shown in the title; default the folder's name.
    root : path-like, optional
        Project root, used to record the git commit.
    agreement : Agreement, optional
        Coder agreement (from :func:`stance.agreement.agree_files`, with its ``text``) shown beside the scores.
    per : (column, {value: Evaluation}), optional
        Per-value evaluations, each written to ``per-<column>/<value>/`` with its own report.
    description : str, optional
        A paragraph shown under the title (from the experiment config).
    inputs : sequence of path-like
        What the evaluation read; the report may not be, lie inside or hold one of them.
    force : bool
        Replace an earlier report even if other files were put into it.

    Returns
    -------
    Path
        The experiment folder.
    """
    out = Path(out_dir)
    name = name or out.name
    with atomic_folder(out, REPORT_FOLDER, inputs, force) as tmp:
        prov = provenance(root)
        links = None
        if per is not None:
            column, subs = per
            links = {}
            for value, sub_ev in subs.items():
                rel = base = f"per-{slug(column)}/{slug(value)}"
                while (tmp / rel).exists():  # "x y" and "x_y" share a slug: keep both reports
                    rel = f"{base}-{len(links) + 1}"
                (tmp / rel).mkdir(parents=True)
                _render_into(sub_ev, tmp / rel, f"{name}: {column} = {value}", prov)
                links[value] = rel
            per = (column, links)
        _render_into(ev, tmp, name, prov, agreement, per, description)
    return out
