"""Rendering an evaluation into an experiment folder that researchers read.

:func:`write_report` produces ``report.md`` and a standalone ``report.html`` (figures embedded,
opens offline), ``metrics.json`` (numbers only, byte-stable for the same config, data and
code), ``provenance.json`` (code version, package versions, date), ``predictions.csv``
(out-of-fold, one row per quote) and PNG figures. The folder is built under a temporary name
and swapped into place at the end, so a failed run never leaves a half-written report.

The HTML is made from the Markdown by a small converter for exactly the constructs this
module writes (headings, paragraphs, lists, pipe tables, images, bold, code). It escapes
every piece of text, so quote text or labels from a data file can never inject markup.
"""

from __future__ import annotations

import base64
import html
import os
import re
from pathlib import Path
from typing import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .evaluate import FEW_QUOTES, Evaluation
from .folders import FolderKind, atomic_folder
from .paths import slug
from .provenance import git_commit, provenance  # noqa: F401 (git_commit: newsscore imports it from here)
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


def _fmt(x, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _ci(pair, digits: int = 3) -> str:
    if not pair or pair[0] is None:
        return ""
    return f"[{pair[0]:.{digits}f}, {pair[1]:.{digits}f}]"


def _md_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in r) + " |" for r in rows]
    return "\n".join(lines)


# -------------------------------------------------------------------------------- figures

def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    _pyplot().close(fig)


def _figure_confusion(matrix, labels, path: Path) -> None:
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


def _figure_speakers(speakers, path: Path) -> None:
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
    ax.set_yticks(range(len(sp)), [f"{s} (n={n})" for s, n in zip(sp["speaker"], sp["n_quotes"])])
    ax.set_xlim(-2.2, 2.2)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("stance: -2 user-targeting enforcement … +2 treatment / diversion")
    ax.invert_yaxis()
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    ax.set_title(f"Speaker positions, 95% bootstrap intervals (hollow: < {FEW_QUOTES} on-axis quotes)", fontsize=9)
    _save(fig, path)


def _figure_reliability(cal: dict, path: Path) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.2, 4.0), dpi=110)
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--", label="perfect calibration")
    bins = cal["bins"]
    ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], "o-", color="tab:blue", label="model")
    for b in bins:
        ax.annotate(f"n={b['n']}", (b["confidence"], b["accuracy"]), fontsize=7, xytext=(3, -10),
                    textcoords="offset points")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("top-label confidence")
    ax.set_ylabel("observed accuracy")
    ax.set_title(f"Reliability (ECE {cal['ece']:.3f})", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    _save(fig, path)


def _figure_learning(points: list[dict], baseline: float, path: Path) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 3.4), dpi=110)
    ax.plot([p["train_quotes"] for p in points], [p["macro_f1"] for p in points], "o-", label="model macro-F1")
    ax.axhline(baseline, color="grey", ls="--", lw=0.8, label="majority baseline (all data)")
    ax.set_xlabel("training quotes (mean per fold; groups kept whole)")
    ax.set_ylabel("macro-F1")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=7)
    ax.set_title("Learning curve", fontsize=9)
    _save(fig, path)


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
    delta = m["model"]["delta_vs_majority_ci95"].get("macro_f1", [None, None])
    if delta[0] is not None and delta[0] <= 0:
        notes.append("The interval of the model's macro-F1 gain over the majority baseline includes zero: "
                     "these data do not show that the model beats always guessing the commonest label.")
    zero = [lab for lab, d in m["model"]["per_class"].items() if d["recall"] == 0 and d["support"] > 0]
    if zero:
        notes.append(f"Never correctly predicted: {', '.join(zero)}. Under grouped cross-validation a label "
                     f"that occurs in few articles is often absent from the training folds.")
    return notes


def _spread(v: dict) -> str:
    """``mean (sd 0.012; runs 0.100–0.130)`` for a repeated score."""
    known = [x for x in v["values"] if x is not None]
    sd = f"sd {_fmt(v['sd'])}; " if v.get("sd") is not None else ""
    return f"{_fmt(v['mean'])} ({sd}runs {_fmt(min(known))}–{_fmt(max(known))})" if known else "–"


def _signed(x: float) -> str:
    """``+0.018`` / ``-0.006``; a gain that rounds to zero is shown as ``0.000``, without a sign."""
    return "0.000" if round(x, 3) == 0 else f"{x:+.3f}"


def _run_gains(r: dict, key: str) -> tuple[float | None, int, int]:
    """Mean model − majority gain over repeated runs, runs where the model was better, runs scored."""
    pairs = [(a, b) for a, b in zip(r[key]["values"], r["majority"][key]["values"]) if a is not None and b is not None]
    if not pairs:
        return None, 0, 0
    better = sum((a < b) if key in LOWER_IS_BETTER else (a > b) for a, b in pairs)
    return sum(a - b for a, b in pairs) / len(pairs), better, len(pairs)


def bottom_line(m: dict) -> str:
    """A short, honest verdict drawn from the numbers: does the model beat the majority baseline?"""
    mod, maj = m["model"], m["baselines"]["majority"]
    lo, hi = mod["delta_vs_majority_ci95"].get("macro_f1", [None, None])
    r = m.get("repeats")
    first = "In the first run" if r and "majority" in r else "Here"
    if lo is None:
        verdict = "The data are too few to put an interval on the model's gain over the majority baseline."
    elif lo > 0:
        verdict = (f"The model beats always guessing the commonest label: {first.lower()} the 95% interval of its "
                   f"macro-F1 gain over the majority baseline, {_ci([lo, hi])}, lies above zero.")
    elif hi < 0:
        verdict = (f"The model does worse than always guessing the commonest label: {first.lower()} the 95% interval "
                   f"of its macro-F1 gain over the majority baseline, {_ci([lo, hi])}, lies below zero.")
    else:
        verdict = (f"These data do not show that the model beats always guessing the commonest label: "
                   f"{first.lower()} the 95% interval of its macro-F1 gain over the majority baseline, "
                   f"{_ci([lo, hi])}, includes zero.")
    out = [verdict]
    if r and "majority" in r:
        gain, better, n = _run_gains(r, "macro_f1")
        out.append(f"Over {len(r['seeds'])} cross-validation runs (fold seeds {', '.join(map(str, r['seeds']))}) "
                   f"its macro-F1 averages {_fmt(r['macro_f1']['mean'])} (sd {_fmt(r['macro_f1']['sd'])}) against "
                   f"the baseline's {_fmt(r['majority']['macro_f1']['mean'])}, a mean gain of {_signed(gain)}; it "
                   f"scored higher in {better} of {n} runs.")
        if "qwk" in r and r["qwk"]["mean"] is not None:
            out.append(f"Placing quotes on the axis, its quadratic-weighted kappa averages {_fmt(r['qwk']['mean'])} "
                       f"(sd {_fmt(r['qwk']['sd'])}; 0 is chance, 1 perfect).")
    else:
        out.append(f"Its macro-F1 is {_fmt(mod['macro_f1'])} {_ci(mod.get('macro_f1_ci95'))} against the "
                   f"baseline's {_fmt(maj['macro_f1'])}.")
        if mod.get("qwk") is not None:
            out.append(f"Placing quotes on the axis, its quadratic-weighted kappa is {_fmt(mod['qwk'])} "
                       f"{_ci(mod.get('qwk_ci95'))} (0 is chance, 1 perfect).")
    if m["n_groups"] < 20:
        out.append(f"With {m['n_groups']} articles, every figure is indicative only.")
    return " ".join(out)


def _scores_section(m: dict) -> list[str]:
    mod, maj, strat = m["model"], m["baselines"]["majority"], m["baselines"]["stratified"]
    rows = []
    for title, key in SCORE_ROWS:
        if key not in mod:
            continue
        rows.append([title, f"**{_fmt(mod[key])}** {_ci(mod.get(key + '_ci95'))}",
                     f"{_fmt(maj[key])} {_ci(maj.get(key + '_ci95'))}",
                     f"{_fmt(strat[key])} {_ci(strat.get(key + '_ci95'))}",
                     _ci(mod["delta_vs_majority_ci95"].get(key))])
    protocol = m.get("protocol", "cross-validation")
    out = ["## Scores", "",
           f"Protocol: {protocol}. Baselines use the same folds: the training fold's majority label, and random "
           "draws from its label distribution (Brier: its label frequencies as probabilities)."]
    r = m.get("repeats")
    if r and "majority" in r:
        titles = dict((key, title) for title, key in SCORE_ROWS)
        head = []
        for k, v in r.items():
            if k in ("seeds", "majority"):
                continue
            gain, better, n = _run_gains(r, k)
            head.append([titles.get(k, k), f"**{_spread(v)}**", _fmt(r["majority"][k]["mean"]),
                         "–" if gain is None else _signed(gain), f"{better} of {n}"])
        out += ["", f"### Headline: mean over {len(r['seeds'])} cross-validation runs", "",
                f"The cross-validation was run {len(r['seeds'])} times with fold seeds {', '.join(map(str, r['seeds']))} "
                "(different splits of the articles into folds). These means, with the spread between runs, are the "
                "figures to quote; one run alone can be lucky or unlucky.", "",
                _md_table(["metric", "model: mean (sd; range over runs)", "majority baseline: mean",
                           "model − majority: mean", "runs where the model is better"], head),
                "", f"### First run in detail (fold seed {r['seeds'][0]})", "",
                "Every score of the first run, with 95% intervals from "
                f"{m['config']['n_boot']} bootstrap resamples of articles (groups); the per-class scores and "
                "the confusion matrix below are from this run too."]
    else:
        out += ["", f"95% intervals from {m['config']['n_boot']} bootstrap resamples of articles (groups)."]
    out += ["", _md_table(["metric", "model", "majority baseline", "stratified random", "model − majority"], rows)]
    if "mae_macro" in mod:
        out += ["", "On-axis detection is the F1 of telling on-axis quotes from `none`. MAE^M (Baccianella, Esuli "
                    "& Sebastiani 2009) and kappa score *placement* on quotes whose gold label is on the axis: MAE^M "
                    "uses the predicted position (probability-weighted over on-axis classes), kappa the most probable "
                    "on-axis class; for the baselines, the training fold's commonest on-axis label and random on-axis "
                    "draws."]
    return out


def _class_sections(m: dict) -> list[str]:
    mod = m["model"]
    run = ", first run" if "repeats" in m else ""
    out = ["", f"### Per class{run}", "",
           _md_table(["label", "gold n", "precision [95% CI]", "recall [95% CI]", "F1 [95% CI]"],
                     [[lab, d["support"], f"{_fmt(d['precision'])} {_ci(d.get('precision_ci95'))}",
                       f"{_fmt(d['recall'])} {_ci(d.get('recall_ci95'))}", f"{_fmt(d['f1'])} {_ci(d.get('f1_ci95'))}"]
                      for lab, d in mod["per_class"].items()])]
    labels = m["confusion"]["labels"]
    out += ["", f"### Confusion matrix{run} (rows gold, columns predicted)", "",
            _md_table(["gold \\ pred"] + labels,
                      [[lab] + [str(v) for v in row] for lab, row in zip(labels, m["confusion"]["matrix"])]),
            "", "![confusion matrix](confusion.png)"]
    return out


def _agreement_section(agreement: dict, m: dict) -> list[str]:
    out = ["## Coder agreement (the ceiling)", "",
           "Agreement between coders on the same quotes: the model is judged against this ceiling, not against "
           "perfection. Reading thresholds (Krippendorff): alpha ≥ 0.8 reliable, ≥ 0.667 tentative, below that "
           f"unreliable. Coded under codebook version {agreement.get('codebook_version', '?')}.", ""]
    text = agreement.get("text")
    if text:
        out += ["```", text.rstrip(), "```", ""]
    qwk, r = m["model"].get("qwk"), m.get("repeats", {})
    if "qwk" in r and r["qwk"]["mean"] is not None:
        out.append(f"For comparison, the model's out-of-fold quadratic-weighted kappa against the gold labels is "
                   f"{_spread(r['qwk'])}, mean over {len(r['seeds'])} cross-validation runs.")
    elif qwk is not None:
        out.append(f"For comparison, the model's out-of-fold quadratic-weighted kappa against the gold labels is "
                   f"{_fmt(qwk)} {_ci(m['model'].get('qwk_ci95'))}.")
    return out


def _speakers_section(m: dict) -> list[str]:
    sp = m["speakers"]
    out = ["## Per-speaker stance", "",
           "Mean axis position of each speaker's on-axis quotes (`none` left out), from the gold labels and from "
           "the out-of-fold predicted labels; 95% intervals resample the speaker's quotes. `expected` uses the "
           "model's probabilities instead of its labels: over all the speaker's quotes, the sum of each on-axis "
           "class's probability times its position, divided by the summed probability of being on the axis. It "
           "keeps the model's uncertainty (a quote the model thinks is off the axis weighs little), and a "
           "strongly regularised model's soft probabilities pull it towards 0. Flag `few`: fewer than "
           f"{sp['few_quotes_threshold']} on-axis gold quotes.", "",
           _md_table(["speaker", "quotes", "on-axis", "gold mean [95% CI]", "predicted mean [95% CI]", "expected",
                      "flag"],
                     [[r["speaker"], r["n_quotes"], r["n_on_axis"],
                       f"{_fmt(r['gold_mean'], 2)} {_ci([r['gold_ci_low'], r['gold_ci_high']], 2)}",
                       f"{_fmt(r['pred_mean'], 2)} {_ci([r['pred_ci_low'], r['pred_ci_high']], 2)}",
                       _fmt(r["pred_expected"], 2), "few" if r["few"] else ""] for r in sp["table"]])]
    agree = sp["agreement"]
    out += ["", f"Spearman correlation between gold and predicted speaker positions: {_fmt(agree['spearman'])} "
                f"over {agree['n_speakers']} speakers" + (f" ({agree['note']})." if agree.get("note") else "."),
            "", "![speaker positions](speakers.png)"]
    t = sp.get("over_time", {})
    out += ["", "### Positions over time", ""]
    if len(t.get("years", [])) >= 1 and t.get("table"):
        out.append(f"{t['n_quotes_dated']} quotes come from articles with a known year ({', '.join(t['years'])}).")
        out += ["", _md_table(["speaker", "year", "quotes", "gold mean", "predicted mean"],
                              [[r["speaker"], r["year"], r["n_quotes"], _fmt(r["gold_mean"], 2),
                                _fmt(r["pred_mean"], 2)] for r in t["table"]])]
        if len(t["years"]) < 2:
            out += ["", "One year only: no trend can be read from these data."]
    else:
        out.append("No article in these data states its date, so positions cannot be placed in time.")
    return out


def _learned_section(m: dict) -> list[str]:
    tn = m["top_ngrams"]
    out = ["## What the model learned", "",
           f"The n-grams with the largest class weights (centred across classes) in the model fitted on all the "
           f"data (C={tn['C']}). Words plain, character n-grams in quotes.", ""]
    rows = [[c, ", ".join(f"{g['ngram']} ({g['weight']:+.2f})" for g in grams)] for c, grams in tn["classes"].items()]
    return out + [_md_table(["class", "top n-grams"], rows)]


def render_markdown(ev: Evaluation, name: str, prov: dict, agreement: dict | None = None,
                    per: tuple[str, dict] | None = None, description: str = "") -> str:
    """The human-readable report as Markdown."""
    m = ev.metrics
    src = m["data"]
    out = [f"# Experiment: {name}", "", "## Bottom line", "", bottom_line(m), "", CONTENTS_MARK, ""]
    if description:
        out += [" ".join(description.split()), ""]
    if m.get("protocol") == "holdout":
        how = ("a separate test table: the model is fitted on all the training data (C tuned inside it by grouped "
               "cross-validation) and scored once on the test rows")
    else:
        unit = "speaker" if m["config"].get("by") == "speaker" else "group"
        how = (f"{m.get('protocol', 'cross-validation')} ({m['folds_used']} folds grouped so that no {unit} is split "
               f"between training and test; C tuned inside each training part only)")
    out.append(f"{m['n_quotes']} labelled quotes from {m['n_groups']} groups; {how}. Scheme: `{m['scheme']['name']}`"
               + (f", codebook version {src['codebook_version']}." if src.get("codebook_version") else "."))
    out += ["", "Label counts: " + ", ".join(f"{k}: {v}" for k, v in m["label_counts"].items()) + ".", ""]
    if per is not None:
        column, subs = per
        out += [f"## Per {column}", "", f"One model per value of `{column}`; the scores below the table pool every "
                f"model's predictions. Mean macro-F1 over values: {_fmt(m['macro_f1_mean_over_values'])}.", "",
                _md_table([column, "quotes", "accuracy [95% CI]", "macro-F1 [95% CI]", "majority macro-F1", "report"],
                          [[v, d["n_quotes"], f"{_fmt(d['accuracy'])} {_ci(d['accuracy_ci95'])}",
                            f"{_fmt(d['macro_f1'])} {_ci(d['macro_f1_ci95'])}", _fmt(d["majority_macro_f1"]),
                            f"[{v}]({subs[v]}/report.md)"] for v, d in m["per_value"].items()]), ""]
    out += _scores_section(m)
    out += _class_sections(m)
    if agreement:
        out += [""] + _agreement_section(agreement, m)
    mod = m["model"]
    cal = m["calibration"]
    out += ["", "## Calibration", "",
            f"Brier score {_fmt(mod['brier'])} {_ci(mod.get('brier_ci95'))} (stratified prior "
            f"{_fmt(m['baselines']['stratified']['brier'])}, lower is better); expected calibration error "
            f"{_fmt(cal['ece'])} over {len(cal['bins'])} confidence bins.", "",
            _md_table(["confidence bin", "quotes", "mean confidence", "accuracy"],
                      [[f"{b['low']:.1f}–{b['high']:.1f}", b["n"], _fmt(b["confidence"]), _fmt(b["accuracy"])]
                       for b in cal["bins"]]), "", "![reliability](reliability.png)"]
    if m.get("learning_curve"):
        out += ["", "## Learning curve", "",
                "Each outer fold's model refitted on a seeded share of its training groups (articles kept whole, "
                "C fixed at the fold's tuned value), scored on the fold's test part; what more labels would buy.", "",
                _md_table(["share of training groups", "training quotes (mean)", "accuracy", "macro-F1"],
                          [[f"{p['share_of_groups']:.2f}", f"{p['train_quotes']:.1f}", _fmt(p["accuracy"]),
                            _fmt(p["macro_f1"])] for p in m["learning_curve"]]),
                "", "![learning curve](learning_curve.png)"]
    if "speakers" in m:
        out += [""] + _speakers_section(m)
    if "top_ngrams" in m:
        out += [""] + _learned_section(m)
    notes = _limits(m)
    if notes:
        out += ["", "## What these numbers can and cannot support", ""] + [f"- {n}" for n in notes]
    cfg = m["config"]
    out += ["", "## Provenance", "",
            f"- data: `{src.get('name')}` ({src.get('kind')}); sha256: "
            + ", ".join(f"{k} `{v[:12]}…`" for k, v in src.get("sha256", {}).items()),
            f"- protocol: {m.get('protocol')}, folds {m['folds_used']}, seed {cfg['seed']}, repeats {cfg['repeats']}, "
            f"bootstrap {cfg['n_boot']}; C chosen per fold {m['chosen_C_per_fold']}",
            f"- model: `{cfg['model']}`",
            f"- code: policy-stance {prov['stance_version']}, commit {prov['git_commit'] or 'unknown'}",
            "- packages: " + ", ".join(f"{k} {v}" for k, v in prov["packages"].items()),
            f"- run at {prov['date']}; every number is in `metrics.json`, the run details in `provenance.json`", ""]
    return "\n".join(_contents(out))


CONTENTS_MARK = "\x00contents"  # replaced by the list of sections once they are all known


def heading_id(title: str) -> str:
    """The anchor of a heading, as GitHub makes it: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def _contents(lines: list[str]) -> list[str]:
    """Put a linked list of the ``##`` sections (after the bottom line) where the mark is."""
    at = lines.index(CONTENTS_MARK)
    sections = [ln[3:].strip() for ln in lines[at:] if ln.startswith("## ")]
    return lines[:at] + ["**Contents:** " + " · ".join(f"[{t}](#{heading_id(t)})" for t in sections)] + lines[at + 1:]


# ---------------------------------------------------------------------- markdown -> html

_SAFE_TARGET = re.compile(r"per-[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/report\.md|#[a-z0-9_-]+")  # what we link
_FIGURE = re.compile(r"[A-Za-z0-9_.-]+\.png")  # what we inline as an image (if the run drew it)


def _markdown_parser(images: dict[str, bytes]) -> MarkdownIt:
    """CommonMark with tables, raw HTML escaped, and only our own link targets and images accepted."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Only our own relative links (per-value reports, sections of the page) and the run's own
    # figures pass: a speaker or label named "[x](javascript:...)" stays text, never a live link.
    md.validateLink = lambda url: bool(_SAFE_TARGET.fullmatch(url) or _FIGURE.fullmatch(url))
    return md


def _unlink(children: list[Token], images: dict[str, bytes]) -> list[Token]:
    """Links whose target is not one of our pages (e.g. a figure's name) back to text; figures inlined."""
    out, closing = [], []
    for tok in children:
        if tok.type == "image":
            src = str(tok.attrGet("src"))
            if src not in images:  # not drawn by this run: shown as the text it was
                out.append(Token("text", "", 0, content=f"![{tok.content}]({src})"))
                continue
            tok.attrSet("src", "data:image/png;base64," + base64.b64encode(images[src]).decode("ascii"))
        if tok.type == "link_open":
            href = str(tok.attrGet("href") or "")
            keep = bool(_SAFE_TARGET.fullmatch(href))
            closing.append(None if keep else f"]({href})")
            if not keep:
                tok = Token("text", "", 0, content="[")
        elif tok.type == "link_close":
            tail = closing.pop()
            if tail is not None:
                tok = Token("text", "", 0, content=tail)
        out.append(tok)
    return out


def markdown_to_html(md: str, images: dict[str, bytes], title: str) -> str:
    """A standalone HTML page from this module's Markdown, with PNG images inlined.

    Parameters
    ----------
    md : str
        Markdown written by this module; every value from the data in it is shown as text.
    images : dict[str, bytes]
        PNG bytes by file name; ``![alt](name)`` of a name given here is inlined, others dropped.
    title : str
        The page title.

    Returns
    -------
    str
        The HTML page; ``##`` headings carry the ids the contents list links to.
    """
    parser = _markdown_parser(images)
    tokens = parser.parse(md)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2":
            tok.attrSet("id", heading_id(tokens[i + 1].content))
        if tok.type == "inline" and tok.children:
            only = tok.children[0] if len(tok.children) == 1 else None
            if only is not None and only.type == "image" and str(only.attrGet("src")) not in images:
                # a figure line of a figure this run did not draw: left out, as the figure is
                tok.children = []
                tokens[i - 1].hidden = tokens[i + 1].hidden = True
                continue
            tok.children = _unlink(tok.children, images)
    body = parser.renderer.render(tokens, parser.options, {})
    style = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
             "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;"
             "font-size:.9rem;text-align:left}th{background:#f3f3f3}img{max-width:100%}pre{background:#f6f6f6;"
             "padding:.6rem;overflow-x:auto}code{background:#f3f3f3;padding:0 .2rem}")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>\n" + body + "</body></html>\n")


# -------------------------------------------------------------------------------- writing

def _render_into(ev: Evaluation, folder: Path, name: str, prov: dict, agreement: dict | None = None,
                 per: tuple[str, dict] | None = None, description: str = "") -> None:
    m = ev.metrics
    write_json(folder / "metrics.json", m)
    write_json(folder / "provenance.json", prov)
    write_table(ev.predictions, folder / "predictions.csv")
    _figure_confusion(m["confusion"]["matrix"], m["confusion"]["labels"], folder / "confusion.png")
    _figure_reliability(m["calibration"], folder / "reliability.png")
    if m.get("learning_curve"):
        _figure_learning(m["learning_curve"], m["baselines"]["majority"]["macro_f1"], folder / "learning_curve.png")
    if "speakers" in m and len(ev.speakers):
        _figure_speakers(ev.speakers, folder / "speakers.png")
    md = render_markdown(ev, name, prov, agreement, per, description)
    write_text(folder / "report.md", md)
    images = {p.name: p.read_bytes() for p in folder.glob("*.png")}
    write_text(folder / "report.html", markdown_to_html(md, images, f"Experiment: {name}"))


def write_report(ev: Evaluation, out_dir: str | os.PathLike, name: str | None = None,
                 root: str | os.PathLike | None = None, agreement: dict | None = None,
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
    agreement : dict, optional
        Coder agreement (from :func:`stance.agreement.agree_files`) shown beside the scores.
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


# ----------------------------------------------------------------- stance analyse reports

ANALYSE_TOP = 40  # speakers drawn in the figure and listed in the report (all are in speakers.csv)


def _figure_analysis_speakers(speakers, path: Path) -> None:
    plt = _pyplot()
    sp = speakers[speakers["position"].notna()].head(ANALYSE_TOP).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.9 + 0.35 * max(1, len(sp))), dpi=110)
    for i, r in sp.iterrows():
        value, lo, hi = r["position"], r["position_low"], r["position_high"]
        ax.errorbar([value], [i], xerr=[[value - lo], [hi - value]] if lo is not None and lo == lo else None,
                    fmt="o", color="tab:blue", capsize=3, mfc="white" if r["few"] else "tab:blue")
        if r["position_corrected"] is not None and r["position_corrected"] == r["position_corrected"]:
            ax.plot([r["position_corrected"]], [i], marker="x", ls="", color="tab:red")
    ax.set_yticks(range(len(sp)), [f"{s} (n={n})" for s, n in zip(sp["speaker"], sp["n_quotes"])])
    ax.set_xlim(-2.2, 2.2)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("stance: -2 user-targeting enforcement … +2 treatment / diversion")
    ax.invert_yaxis()
    ax.set_title("Speaker positions, 95% article-bootstrap intervals (hollow: few quotes; x: corrected)", fontsize=9)
    _save(fig, path)


def _figure_over_time(periods, top_speakers: list[str], path: Path) -> None:
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


def _pos_ci(r) -> str:
    def num(x):
        return None if x is None or x != x else float(x)

    return f"{_fmt(num(r['position']), 2)} {_ci([num(r['position_low']), num(r['position_high'])], 2)}"


def render_analysis_markdown(res, prov: dict, figures: set[str]) -> str:
    """The Markdown report of a ``stance analyse`` run (see :mod:`stance.analyse`)."""
    sp = res.speakers
    classes = res.classes
    opt = res.options
    method = {"pacc": "probabilistic adjusted classify-and-count (PACC, Bella et al. 2010)",
              "acc": "adjusted classify-and-count (ACC, Forman 2008)",
              "cc": "plain classify-and-count (no correction)"}[res.quantification]
    lines = ["# Speaker positions", "",
             f"{res.n_articles} input articles, {res.n_used} analysed, {res.n_articles - res.n_used} skipped; "
             f"{res.n_quotes} quotes; {len(sp)} speakers. Model `{Path(res.model['path']).name}` "
             f"(sha256 {str(res.model['sha256'])[:12]}…). Run took {res.seconds:.1f} s.", ""]
    cv = res.model.get("cv_scores") or {}
    if cv:
        lines += [f"The model's own grouped cross-validation: accuracy {_fmt(cv.get('accuracy'))} "
                  f"{_ci(cv.get('accuracy_ci95'))}, macro-F1 {_fmt(cv.get('macro_f1'))} {_ci(cv.get('macro_f1_ci95'))} "
                  f"(majority baseline {_fmt(cv.get('majority_accuracy'))} / {_fmt(cv.get('majority_macro_f1'))}). "
                  "Every position below inherits its errors.", ""]
    lines += ["## Speakers", "",
              "`position`: mean axis position of the speaker's quotes with an on-axis predicted label (`none` left "
              "out); the 95% interval resamples the speaker's *articles* "
              f"({opt['n_boot']} resamples). Flag `few`: fewer than {opt['few']} on-axis quotes. `corrected`: the "
              f"position of the label distribution corrected for the model's measured errors by {method}.", ""]
    if res.quantification == "cc" and not res.model.get("cv_confusion"):
        lines += ["The model's sidecar holds no out-of-fold confusion matrix (it was trained by an older version), "
                  "so distributions are **not** corrected: plain classify-and-count. Retrain with `stance train` "
                  "to correct them.", ""]
    top = sp.head(ANALYSE_TOP)
    lines += [_md_table(["speaker", "type", "quotes", "articles", "on-axis", "position [95% CI]", "corrected", "flag"],
                        [[r["speaker"], r["speaker_type"], r["n_quotes"], r["n_articles"], r["n_on_axis"], _pos_ci(r),
                          _fmt(r["position_corrected"] if r["position_corrected"] == r["position_corrected"] else None,
                               2), "few" if r["few"] else ""] for _, r in top.iterrows()])]
    if len(sp) > ANALYSE_TOP:
        lines += ["", f"The {ANALYSE_TOP} speakers with most quotes; all {len(sp)} are in `speakers.csv`."]
    if "speakers.png" in figures:
        lines += ["", "![speaker positions](speakers.png)"]
    ov = res.overall
    lines += ["", "## Label distribution", "",
              "All quotes with a named speaker: predicted shares and the same corrected for the model's errors "
              f"({ov['method'].upper()}).", "",
              _md_table(["label", *classes], [["predicted count", *[ov["counts"][c] for c in classes]],
                                              ["predicted share", *[_fmt(ov["share"][c]) for c in classes]],
                                              ["corrected share", *[_fmt(ov["corrected"][c]) for c in classes]]])]
    per = res.periods
    lines += ["", f"## Positions by {opt['period']}", ""]
    allp = per[per["speaker"] == "(all speakers)"] if len(per) else per
    if len(allp):
        lines += [_md_table([opt["period"], "quotes", "articles", "position [95% CI]"],
                            [[r["period"], r["n_quotes"], r["n_articles"], _pos_ci(r)] for _, r in allp.iterrows()]),
                  "", "Per speaker and period: `periods.csv`."]
        if "over_time.png" in figures:
            lines += ["", "![positions over time](over_time.png)"]
    else:
        lines.append("No article states a usable date, so positions cannot be placed in time.")
    outl = res.outlets
    lines += ["", "## Positions by outlet", ""]
    allo = outl[outl["speaker"] == "(all speakers)"] if len(outl) else outl
    if len(allo):
        lines += [_md_table(["outlet", "quotes", "articles", "position [95% CI]"],
                            [[r["outlet"], r["n_quotes"], r["n_articles"], _pos_ci(r)] for _, r in allo.iterrows()]),
                  "", "Per speaker and outlet: `outlets.csv`."]
    else:
        lines.append("No article names its outlet.")
    lines += ["", "## Speaker names to review", ""]
    if res.variants:
        lines += [f"{len(res.variants)} pairs of names may be one speaker. They are **not** merged: to merge, "
                  "write a speaker map (`variant,canonical[,speaker_type,organisation,role]`) and re-run with "
                  "`--speakers MAP.csv`. All pairs are in `variants.csv`.", "",
                  _md_table(["name", "name", "why"], [[v.name_a, v.name_b, v.reason] for v in res.variants[:30]])]
    else:
        lines.append("No near-variant names found.")
    lines += ["", "## Skipped articles", ""]
    if res.skipped:
        lines += [_md_table(["reason", "articles"], [[k, v] for k, v in sorted(res.skipped.items())]),
                  "", "Each one is listed with its reason in `articles.csv` (status `skipped`)."]
    else:
        lines.append("None.")
    if res.gold is not None:
        g = res.gold
        lines += ["", "## Against gold positions", "",
                  f"Gold: {g['n_gold_quotes']} hand-labelled quotes (gold spans, gold labels).", "",
                  _md_table(["pipeline", "speakers", "Spearman [95% CI]"],
                            [[name, a.n_speakers, f"{_fmt(a.spearman)} {_ci([a.ci_low, a.ci_high])}"]
                             for name, a in (("end to end (segmenter + model)", g["end_to_end"]),
                                             ("gold spans + model", g["gold_spans"]))]),
                  "", f"Speakers with at least {g['end_to_end'].min_on_axis} on-axis gold quotes and at least one quote predicted on the axis; the gap "
                  "between the two rows is the segmenter's share of the error."]
    lines += ["", "## Files", "",
              "- `speakers.csv`: one row per speaker (positions, counts, label distribution, corrected distribution);",
              "- `quotes.csv`: every quote with its prediction and its article's metadata;",
              "- `articles.csv`: one row per input article with its status;",
              "- `periods.csv`, `outlets.csv`, `variants.csv`, `provenance.json`.", "",
              f"stance {prov.get('stance_version')}, commit {prov.get('git_commit') or 'unknown'}, {prov.get('date')}."]
    return "\n".join(lines) + "\n"


def write_analysis_report(res, folder: str | os.PathLike, root: str | os.PathLike | None = None) -> None:
    """Write ``report.md``, ``report.html``, figures and ``provenance.json`` of an analyse run into ``folder``."""
    folder = Path(folder)
    prov = {**provenance(root), "command": "stance analyse", "options": res.options, "model": res.model,
            "n_articles": res.n_articles, "n_used": res.n_used, "skipped": res.skipped, "n_quotes": res.n_quotes,
            "quantification": res.quantification}
    write_json(folder / "provenance.json", prov)
    figures = set()
    sp = res.speakers
    if len(sp) and sp["position"].notna().any():
        _figure_analysis_speakers(sp, folder / "speakers.png")
        figures.add("speakers.png")
    per = res.periods
    if len(per) and len(set(per["period"])) >= 2:
        top = [s for s in sp[sp["position"].notna()]["speaker"].head(5)] if len(sp) else []
        _figure_over_time(per, top, folder / "over_time.png")
        figures.add("over_time.png")
    md = render_analysis_markdown(res, prov, figures)
    write_text(folder / "report.md", md)
    images = {name: (folder / name).read_bytes() for name in figures}
    write_text(folder / "report.html", markdown_to_html(md, images, "Speaker positions"))
