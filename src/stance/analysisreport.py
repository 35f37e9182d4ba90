"""The report of a ``stance analyse`` run: speaker positions, distributions, periods, outlets.

:func:`write_analysis_report` writes ``report.md``, a standalone ``report.html`` (figures
embedded), the figures and ``provenance.json`` into the run's folder; the tables themselves
(``speakers.csv`` and the rest) are written by :mod:`stance.analyse`.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import figures
from .mdpage import interval, markdown_to_html, md_table, number
from .provenance import provenance
from .stats import known
from .tables import write_json, write_text

ANALYSE_TOP = 40  # speakers drawn in the figure and listed in the report (all are in speakers.csv)
METHODS = {"pacc": "probabilistic adjusted classify-and-count (PACC, Bella et al. 2010)",
           "acc": "adjusted classify-and-count (ACC, Forman 2008)",
           "cc": "plain classify-and-count (no correction)"}


def _pos_ci(r) -> str:
    def num(x):
        return None if known(x) is None else float(x)

    return f"{number(num(r['position']), 2)} {interval([num(r['position_low']), num(r['position_high'])], 2)}"


def _head(res) -> list[str]:
    lines = ["# Speaker positions", "",
             f"{res.n_articles} input articles, {res.n_used} analysed, {res.n_articles - res.n_used} skipped; "
             f"{res.n_quotes} quotes; {len(res.speakers)} speakers. Model `{Path(res.model['path']).name}` "
             f"(sha256 {str(res.model['sha256'])[:12]}…). Run took {res.seconds:.1f} s.", ""]
    cv = res.model.get("cv_scores") or {}
    if cv:
        lines += [f"The model's own grouped cross-validation: accuracy {number(cv.get('accuracy'))} "
                  f"{interval(cv.get('accuracy_ci95'))}, macro-F1 {number(cv.get('macro_f1'))} "
                  f"{interval(cv.get('macro_f1_ci95'))} (majority baseline {number(cv.get('majority_accuracy'))} / "
                  f"{number(cv.get('majority_macro_f1'))}). Every position below inherits its errors.", ""]
    return lines


def _speakers(res, figures_drawn: set[str]) -> list[str]:
    sp, opt = res.speakers, res.options
    lines = ["## Speakers", "",
             "`position`: mean axis position of the speaker's quotes with an on-axis predicted label (`none` left "
             "out); the 95% interval resamples the speaker's *articles* "
             f"({opt['n_boot']} resamples). Flag `few`: fewer than {opt['few']} on-axis quotes. `corrected`: the "
             f"position of the label distribution corrected for the model's measured errors by "
             f"{METHODS[res.quantification]}.", ""]
    if res.quantification == "cc" and not res.model.get("cv_confusion"):
        lines += ["The model's sidecar holds no out-of-fold confusion matrix (it was trained by an older version), "
                  "so distributions are **not** corrected: plain classify-and-count. Retrain with `stance train` "
                  "to correct them.", ""]
    top = sp.head(ANALYSE_TOP)
    lines += [md_table(["speaker", "type", "quotes", "articles", "on-axis", "position [95% CI]", "corrected", "flag"],
                       [[r["speaker"], r["speaker_type"], r["n_quotes"], r["n_articles"], r["n_on_axis"], _pos_ci(r),
                         number(known(r["position_corrected"]), 2), "few" if r["few"] else ""]
                        for _, r in top.iterrows()])]
    if len(sp) > ANALYSE_TOP:
        lines += ["", f"The {ANALYSE_TOP} speakers with most quotes; all {len(sp)} are in `speakers.csv`."]
    if "speakers.png" in figures_drawn:
        lines += ["", "![speaker positions](speakers.png)"]
    return lines


def _distribution(res) -> list[str]:
    ov, classes = res.overall, res.classes
    return ["", "## Label distribution", "",
            "All quotes with a named speaker: predicted shares and the same corrected for the model's errors "
            f"({ov['method'].upper()}).", "",
            md_table(["label", *classes], [["predicted count", *[ov["counts"][c] for c in classes]],
                                           ["predicted share", *[number(ov["share"][c]) for c in classes]],
                                           ["corrected share", *[number(ov["corrected"][c]) for c in classes]]])]


def _by_period(res, figures_drawn: set[str]) -> list[str]:
    per, period = res.periods, res.options["period"]
    lines = ["", f"## Positions by {period}", ""]
    allp = per[per["speaker"] == "(all speakers)"] if len(per) else per
    if not len(allp):
        return lines + ["No article states a usable date, so positions cannot be placed in time."]
    lines += [md_table([period, "quotes", "articles", "position [95% CI]"],
                       [[r["period"], r["n_quotes"], r["n_articles"], _pos_ci(r)] for _, r in allp.iterrows()]),
              "", "Per speaker and period: `periods.csv`."]
    if "over_time.png" in figures_drawn:
        lines += ["", "![positions over time](over_time.png)"]
    return lines


def _by_outlet(res) -> list[str]:
    outl = res.outlets
    lines = ["", "## Positions by outlet", ""]
    allo = outl[outl["speaker"] == "(all speakers)"] if len(outl) else outl
    if not len(allo):
        return lines + ["No article names its outlet."]
    return lines + [md_table(["outlet", "quotes", "articles", "position [95% CI]"],
                             [[r["outlet"], r["n_quotes"], r["n_articles"], _pos_ci(r)] for _, r in allo.iterrows()]),
                    "", "Per speaker and outlet: `outlets.csv`."]


def _review(res) -> list[str]:
    lines = ["", "## Speaker names to review", ""]
    if res.variants:
        lines += [f"{len(res.variants)} pairs of names may be one speaker. They are **not** merged: to merge, "
                  "write a speaker map (`variant,canonical[,speaker_type,organisation,role]`) and re-run with "
                  "`--speakers MAP.csv`. All pairs are in `variants.csv`.", "",
                  md_table(["name", "name", "why"], [[v.name_a, v.name_b, v.reason] for v in res.variants[:30]])]
    else:
        lines.append("No near-variant names found.")
    lines += ["", "## Skipped articles", ""]
    if res.skipped:
        lines += [md_table(["reason", "articles"], [[k, v] for k, v in sorted(res.skipped.items())]),
                  "", "Each one is listed with its reason in `articles.csv` (status `skipped`)."]
    else:
        lines.append("None.")
    return lines


def _against_gold(g: dict) -> list[str]:
    return ["", "## Against gold positions", "",
            f"Gold: {g['n_gold_quotes']} hand-labelled quotes (gold spans, gold labels).", "",
            md_table(["pipeline", "speakers", "Spearman [95% CI]"],
                     [[name, a.n_speakers, f"{number(a.spearman)} {interval([a.ci_low, a.ci_high])}"]
                      for name, a in (("end to end (segmenter + model)", g["end_to_end"]),
                                      ("gold spans + model", g["gold_spans"]))]),
            "", f"Speakers with at least {g['end_to_end'].min_on_axis} on-axis gold quotes and at least one quote "
                "predicted on the axis; the gap between the two rows is the segmenter's share of the error."]


def render_analysis_markdown(res, prov: dict, figures_drawn: set[str]) -> str:
    """The Markdown report of a ``stance analyse`` run (see :mod:`stance.analyse`)."""
    lines = _head(res) + _speakers(res, figures_drawn) + _distribution(res) + _by_period(res, figures_drawn)
    lines += _by_outlet(res) + _review(res)
    if res.gold is not None:
        lines += _against_gold(res.gold)
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
    drawn = set()
    sp = res.speakers
    if len(sp) and sp["position"].notna().any():
        figures.analysed_speakers(sp, ANALYSE_TOP, folder / "speakers.png")
        drawn.add("speakers.png")
    per = res.periods
    if len(per) and len(set(per["period"])) >= 2:
        top = [s for s in sp[sp["position"].notna()]["speaker"].head(5)] if len(sp) else []
        figures.positions_over_time(per, top, folder / "over_time.png")
        drawn.add("over_time.png")
    md = render_analysis_markdown(res, prov, drawn)
    write_text(folder / "report.md", md)
    images = {name: (folder / name).read_bytes() for name in drawn}
    write_text(folder / "report.html", markdown_to_html(md, images, "Speaker positions"))
