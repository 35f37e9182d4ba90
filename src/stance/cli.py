"""The ``stance`` command: argument parsing and printing only.

Each command parses its options, calls one library function and prints the result: results
to stdout, progress and messages to stderr. A :class:`stance.errors.StanceError` becomes
one line on stderr (``stance: <message>``) and a non-zero exit. Heavy libraries are imported
inside the commands, so ``stance --help`` and ``stance predict`` start quickly.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import paths
from .errors import InputError, StanceError
from .folders import check_output_file, check_output_folder
from .modelfile import baseline_warning, open_model, scheme_of
from .plainargs import run_plain
from .scorer import check_quote, predict_quotes as predict_fast
from .tables import write_json, write_table

# LAZY: a command's own library module is imported inside the command. Importing them all here
# costs about 0.2 s (the segmenter compiles its patterns, the experiment pulls in reports, the
# labelling session pulls in filelock), paid by every `stance predict` before it scores a quote;
# the modules above are the predict path's own and are light. `stance predict` itself is parsed
# from its own declarations without building the typer app (stance.plainargs, see main).

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Measure where public figures stand on drug policy from their quotes in the news.\n\n"
         "Example: stance train && stance evaluate && stance predict \"Addiction is a health issue\"",
)


def _say(message: str) -> None:
    typer.echo(message, err=True)


def user_errors(func):
    """Turn the library's errors into one stderr line and exit code 2; Ctrl-C into 130."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except StanceError as exc:
            _say(f"stance: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _say("stance: interrupted; no output file was changed")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper


# Options shared by several commands, each declared once.
DATA = typer.Option(None, "--data", help="Train on any labelled table (.csv, .jsonl, .parquet) instead of "
                    "labels/. Example: --data my_quotes.csv")
LABELS = typer.Option(paths.LABELS, "--labels", help="Folder with quotes.csv, stance.csv and codebook.md. "
                      "Example: --labels labels/")
SEEDS = typer.Option(paths.SEEDS, "--seeds", help="Folder of the articles the labels point into. Example: --seeds seeds/")
TEXT_COL = typer.Option("text", "--text-column", help="Column holding the quote text. Example: --text-column quote")
LABEL_COL = typer.Option("label", "--label-column", help="Column holding the label. Example: --label-column stance")
GROUP_COL = typer.Option(None, "--group-column", help="Column of cross-validation groups, e.g. the article id; "
                         "default: each row its own group. Example: --group-column doc_id")
SPEAKER_COL = typer.Option(None, "--speaker-column", help="Column naming the speaker (for per-speaker results). "
                           "Example: --speaker-column speaker")
FOLDS = typer.Option(None, "--folds", help="Cross-validation folds, grouped; default min(5, groups, rarest "
                     "label count). Example: --folds 3")
SEED = typer.Option(0, "--seed", help="Random seed for folds, baselines and bootstrap. Example: --seed 1")
N_BOOT = typer.Option(1000, "--n-boot", help="Bootstrap resamples for intervals. Example: --n-boot 2000")
JOBS = typer.Option(1, "--jobs", "-j", help="Worker processes (0: one per CPU core); with --engine dask, the "
                   "workers of the local cluster. Example: --jobs 2")
ENGINE = typer.Option("local", "--engine", help="local (this machine) or dask (a Dask cluster; partitioned Parquet "
                      "in and out; needs the optional 'dask' extra of policy-stance). Example: --engine dask")
SCHEDULER = typer.Option(None, "--scheduler", help="Address of a Dask scheduler for --engine dask; default: a "
                         "local cluster on 127.0.0.1. Example: --scheduler tcp://10.0.0.5:8786")
FORCE = typer.Option(False, "--force", help="Replace an output folder this command made earlier even if other "
                     "files were put into it since (they are deleted too); never opens any other folder. "
                     "Example: --force")
ENCODING = typer.Option("utf-8", "--encoding", help="Encoding of the .txt article files. Example: --encoding cp1252")
TEXTS = typer.Option(None, "--texts", help="Folder of the listed corpus's page texts (<page_id>.txt files); "
                     "default: its texts/ subfolder. Example: --texts ~/news-texts")
ARTICLES = typer.Option(None, "--articles", help="Article files or folders, for each quote's context "
                        "(repeatable); default seeds/. Example: --articles my_articles/")
QUOTES = typer.Option(None, "--quotes", help="The quotes to label or that were labelled (labels/quotes.csv schema, "
                      "e.g. from stance segment); default LABELS/quotes.csv. Example: --quotes quotes.csv")
CODEBOOK = typer.Option(None, "--codebook", help="The codebook the coder files were coded under; default: the one "
                        "of the version their rows name, LABELS/codebook.md or an edition in "
                        "LABELS/codebook-archive/. Example: --codebook old/codebook.md")
MODEL = typer.Option(paths.DEFAULT_MODEL, "--model", help="Model file (.joblib; its .npz plain-data twin and .json "
                     "sidecar sit beside it). "
                     "Example: --model models/stance.joblib")


@app.command()
@user_errors
def segment(
    paths_: Optional[List[Path]] = typer.Argument(None, metavar="PATH...", help="Article files or folders of "
                                                  ".txt files (not needed with --gold LISTING). "
                                                  "Example: stance segment seeds/"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write quotes here (.csv, .jsonl, .parquet) "
                                          "instead of stdout. Example: -o quotes.csv"),
    as_json: bool = typer.Option(False, "--json", help="JSON lines on stdout, one quote per line. Example: --json"),
    gold: Optional[Path] = typer.Option(None, "--gold", help="Score against a gold quotes file, or a listed corpus "
                                        "folder (with pages.csv; then give --texts), and print precision, "
                                        "recall, F1 and speaker accuracy. Example: --gold labels/news"),
    texts: Optional[Path] = TEXTS,
    half_: str = typer.Option("tuning", "--half", help="Half of a listed corpus to score: tuning, test or both. "
                              "Example: --half tuning"),
    errors: bool = typer.Option(False, "--errors", help="List misses, false hits, partial matches and speaker "
                                "errors (tuning half only). Example: --errors"),
    report: Optional[Path] = typer.Option(None, "--report", help="Score both halves of a listed corpus and write "
                                          "report.md and metrics.json here; logs the test-half scoring in "
                                          "DIR/../test-half-log.csv. Example: --report experiments/news-segment"),
    boot: int = typer.Option(1000, "--boot", help="Page-bootstrap draws for the intervals. Example: --boot 2000"),
    jobs: int = JOBS,
    encoding: str = ENCODING,
    engine: str = ENGINE,
    scheduler: Optional[str] = SCHEDULER,
    force: bool = FORCE,
):
    """Extract attributed quotes (direct and reported) with resolved speakers.

    With --engine dask, PATH may also be a Parquet file or folder of articles (columns doc_id,
    text), and -o names the folder of Parquet parts to write.

    Example: stance segment seeds/ -o quotes.csv
    """
    _check_engine(engine, scheduler)
    if gold is not None and gold.is_dir():
        _score_listing(gold, texts, half_, errors, report, boot, as_json, bool(paths_))
        return
    if texts is not None or errors or report is not None:
        raise InputError("--texts, --errors and --report need --gold naming a listed corpus folder "
                                 "(with pages.csv), e.g. --gold labels/news")
    if not paths_:
        raise InputError("give article files or folders, e.g. stance segment seeds/")
    if engine == "dask":
        if output is None or gold is not None or as_json:
            raise typer.BadParameter("--engine dask writes partitioned Parquet: give -o FOLDER.parquet "
                                     "(and no --gold or --json)", param_hint="--engine")
        from .cluster import QUOTES_FOLDER, dask_client, segment_to_parquet  # lazy: see LAZY above

        check_output_folder(output, QUOTES_FOLDER, paths_, force)  # before a cluster starts
        with dask_client(scheduler, jobs) as client:
            n = segment_to_parquet(client, paths_, output, encoding=encoding, force=force)
        _say(f"wrote {n} quotes to {output}")
        return
    from .batch import segment_files  # lazy: see LAZY above

    if output is not None:
        check_output_file(output, paths_)
    table = segment_files(paths_, jobs=jobs, encoding=encoding)
    if gold is not None:
        from .labels import load_quotes  # lazy: see LAZY above
        from .segscore import format_scores, score_segments  # lazy: see LAZY above

        scores = score_segments(table, load_quotes(gold))
        typer.echo(json.dumps(scores, indent=2, sort_keys=True) if as_json else format_scores(scores))
        if output is not None:
            write_table(table, output)
        return
    if output is not None:
        write_table(table, output)
        _say(f"wrote {len(table)} quotes to {output}")
    elif as_json:
        for row in table.to_dict(orient="records"):
            typer.echo(json.dumps(row, ensure_ascii=False))
    else:
        typer.echo(table.to_csv(index=False, lineterminator="\n"), nl=False)


def _score_listing(gold: Path, texts: Optional[Path], half_: str, errors: bool, report: Optional[Path],
                   boot: int, as_json: bool, has_paths: bool) -> None:
    from .newsscore import (format_listing_scores, halves_of, listing_errors,  # lazy: see LAZY above
                            score_listing, write_report)
    from .pagecorpus import load_listing  # lazy: see LAZY above

    if has_paths:
        raise InputError("with --gold LISTING the pages come from --texts; give no PATH")
    halves_of(half_)
    if boot < 1:
        raise InputError(f"--boot must be at least 1, got {boot}")
    if errors and half_ != "tuning":
        raise InputError("--errors lists misses and false hits only for the tuning half (the test half is "
                         "scored in aggregate only); use --half tuning")
    if errors and report is not None:
        raise InputError("--errors and --report do not go together: the report scores the test half "
                                 "too")
    listing = load_listing(gold)
    texts = texts if texts is not None else gold / "texts"
    if report is not None:
        metrics = write_report(listing, texts, report, n_boot=boot)
        for h in ("tuning", "test"):
            typer.echo(format_listing_scores(metrics["halves"][h]))
        _say(f"wrote {report / 'report.md'} and metrics.json; the log now records "
             f"{metrics['test_half_scorings']} scoring(s) of a test half")
        return
    if errors:
        typer.echo(listing_errors(listing, texts, half_))
        return
    if half_ != "tuning":
        raise InputError(f"scoring the {half_} half is only done through --report, which logs every "
                         f"test-half scoring; use --half tuning or --report DIR")
    scores = score_listing(listing, texts, half_, n_boot=boot)
    typer.echo(json.dumps(scores, indent=2, sort_keys=True) if as_json else format_listing_scores(scores))


CONFIG = typer.Argument(None, metavar="[CONFIG.toml]", help="An experiment config; without one and without "
                        "--data/--labels/--seeds, experiments/seeds-baseline.toml is used. Options given on the "
                        "command line override the config. Example: experiments/seeds-baseline.toml")
TRAIN_CONFIG = typer.Argument(None, metavar="[CONFIG.toml]", help="An experiment config; without one and without "
                              "--data/--labels/--seeds, experiments/default-model.toml (seed labels plus invented "
                              "quotes) is used. Options given on the command line override the config. "
                              "Example: experiments/seeds-baseline.toml")


def _resolve(ctx: typer.Context, config: Optional[Path], default: str):
    """The experiment a command runs: ``config``, the default config, or the data flags, with the
    options typed on the command line applied (see :func:`stance.experiment.resolve`)."""
    from .experiment import Overrides, resolve  # lazy: see LAZY above

    typed = [k for k in ctx.params if ctx.get_parameter_source(k).name == "COMMANDLINE"]
    return resolve(config, Overrides.of(ctx.params, typed), default=default, experiments=paths.EXPERIMENTS)


@app.command()
@user_errors
def train(
    ctx: typer.Context,
    config: Optional[Path] = TRAIN_CONFIG,
    data: Optional[Path] = DATA, labels: Path = LABELS, seeds: Path = SEEDS,
    text_column: str = TEXT_COL, label_column: str = LABEL_COL, group_column: Optional[str] = GROUP_COL,
    speaker_column: Optional[str] = SPEAKER_COL,
    model: Path = MODEL, folds: Optional[int] = FOLDS, seed: int = SEED, n_boot: int = N_BOOT,
):
    """Cross-validate, then fit the TF-IDF + logistic-regression model on all labels and save it.

    Without a config or data flags, experiments/default-model.toml is used: the seed labels plus
    the invented quotes, with the settings chosen in experiments/news-design/. With an
    experiment config the saved model is that
    experiment's model: its data, label scheme and model settings (e.g. its C grid); the
    sidecar records the config.

    Example: stance train experiments/seeds-baseline.toml   |   stance train --data my_quotes.csv --group-column doc_id
    """
    from .experiment import train_experiment  # lazy: see LAZY above
    from .summaries import training_lines

    side = train_experiment(_resolve(ctx, config, paths.DEFAULT_MODEL_EXPERIMENT).experiment, model)
    _say(f"trained on {side['n_train']} quotes (C={side['chosen_C']}); saved {model}, "
         f"{Path(model).with_suffix('.npz').name} and {Path(model).with_suffix('.json').name}")
    for line in training_lines(side):
        typer.echo(line)


def _print_prediction(p, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(p.to_dict(), ensure_ascii=False))
        return
    pos = "–" if p.position is None else f"{p.position:+.2f}"
    # The quote first, so every block matches its input line; JSON string syntax keeps control
    # characters from a pasted or piped quote off the terminal.
    typer.echo("quote          " + json.dumps(p.text, ensure_ascii=False))
    typer.echo(f"label {p.label}   position {pos}   P(on-axis) {p.p_on_axis:.2f}")
    typer.echo("probabilities  " + "  ".join(f"{k}: {v:.2f}" for k, v in p.probabilities.items()))
    if p.features:
        typer.echo("pushed by      " + ", ".join(f"{n} (+{w:.3f})" for n, w in p.features))


@app.command()
@user_errors
def predict(
    quote: Optional[str] = typer.Argument(None, help="The quote to score, or - to read one quote per line from "
                                          "stdin. Example: stance predict \"Addiction is a health issue\""),
    model: Path = MODEL,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per quote. Example: --json"),
    input_: Optional[Path] = typer.Option(None, "--input", help="Score every row of a table (.csv, .jsonl, .parquet). "
                                          "Example: --input quotes.csv --output scored.csv"),
    output: Optional[Path] = typer.Option(None, "--output", help="Where --input's scored table goes; all input columns "
                                          "kept. Example: --output scored.parquet"),
    text_column: str = typer.Option("text", "--text-column", help="Text column of --input. Example: --text-column quote"),
    top: int = typer.Option(5, "--top", help="How many n-grams to show per quote (0 for none). Example: --top 10"),
    jobs: int = JOBS,
    chunk_size: int = typer.Option(5000, "--chunk-size", help="Rows read, scored and written at a time with "
                                   "--input; memory grows with it, not with the input. Example: --chunk-size 20000"),
    engine: str = ENGINE,
    scheduler: Optional[str] = SCHEDULER,
    force: bool = FORCE,
):
    """Predict the stance of a quote: label, probabilities, axis position and the n-grams behind it.

    Example: echo "Users must face arrest" | stance predict - --json
    """
    # Only light modules here: a single quote is scored without scikit-learn, scipy or pandas.
    if input_ is not None or output is not None:
        if input_ is None or output is None:
            raise typer.BadParameter("--input and --output go together", param_hint="--input/--output")
        _check_engine(engine, scheduler)
        fast, meta = open_model(model)
        _warn_weak(meta)
        if engine == "dask":
            from .cluster import SCORED_FOLDER, dask_client, score_parquet  # lazy: see LAZY above

            check_output_folder(output, SCORED_FOLDER, [input_], force)  # before a cluster starts
            with dask_client(scheduler, jobs) as client:
                n = score_parquet(client, fast, scheme_of(meta), input_, output, text_column, force=force)
        else:
            check_output_file(output, [input_])
            from .batch import score_file  # lazy: see LAZY above

            n = score_file(fast, scheme_of(meta), input_, output, text_column, jobs=jobs, chunk_size=chunk_size)
        _say(f"scored {n} rows into {output}")
        return
    if quote is None:
        raise typer.BadParameter("give a quote, '-' for stdin, or --input FILE --output FILE", param_hint="QUOTE")
    texts = [line.rstrip("\r\n") for line in sys.stdin if line.strip()] if quote == "-" else [check_quote(quote)]
    if not texts:
        raise InputError("no quote on standard input; pipe one quote per line, e.g. echo \"quote\" | stance predict -")

    fast, meta = open_model(model)
    _warn_weak(meta)
    for p in predict_fast(fast, scheme_of(meta), texts, top=top):
        _print_prediction(p, as_json)


def quick_predict(argv: List[str]) -> bool:
    """Run ``stance predict ...`` without building the typer app; False: typer runs it.

    typer 0.29 converts every value through pydantic, which takes longer than scoring a quote;
    :func:`stance.plainargs.run_plain` parses predict's own declarations instead.
    """
    return argv[:1] == ["predict"] and run_plain(predict, argv[1:])


def _warn_weak(meta: dict) -> None:
    """One stderr line when the model does not clearly beat its baseline (see the sidecar)."""
    line = baseline_warning(meta)
    if line:
        typer.echo(f"stance: {line}", err=True)


def _check_engine(engine: str, scheduler: Optional[str]) -> None:
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"must be 'local' or 'dask', got '{engine}'", param_hint="--engine")
    if scheduler is not None and engine != "dask":
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")


@app.command()
@user_errors
def evaluate(
    ctx: typer.Context,
    config: Optional[Path] = CONFIG,
    data: Optional[Path] = DATA, labels: Path = LABELS, seeds: Path = SEEDS,
    text_column: str = TEXT_COL, label_column: str = LABEL_COL, group_column: Optional[str] = GROUP_COL,
    speaker_column: Optional[str] = SPEAKER_COL,
    test: Optional[Path] = typer.Option(None, "--test", help="Score a separate test table (same columns) instead of "
                                        "cross-validating. Example: --test test.csv"),
    per: Optional[str] = typer.Option(None, "--per", help="One model per value of this column, plus pooled "
                                      "figures. Example: --per target"),
    by: str = typer.Option("group", "--by", help="Cross-validate by 'group' (articles) or 'speaker' "
                           "(leave-one-speaker-out). Example: --by speaker"),
    repeats: int = typer.Option(1, "--repeats", help="Cross-validation runs with fold seeds seed, seed+1, ... "
                                "Example: --repeats 5"),
    name: Optional[str] = typer.Option(None, "--name", help="Experiment name; the report goes to experiments/out/NAME/. "
                                       "Default: the config's name, or the --data file's name. Example: --name my-run"),
    out: Optional[Path] = typer.Option(None, "--out", help="Write the report folder here instead. "
                                       "Example: --out /tmp/run1"),
    refresh_reference: bool = typer.Option(False, "--refresh-reference", help="Rewrite the committed reference "
                                           "report experiments/NAME/ instead of experiments/out/NAME/; only the "
                                           "config as it is, from a checkout without uncommitted changes. "
                                           "Example: stance evaluate --refresh-reference"),
    folds: Optional[int] = FOLDS, seed: int = SEED, n_boot: int = N_BOOT,
    force: bool = FORCE,
):
    """Evaluate and write an experiment report (scores with intervals and baselines, per-speaker stance).

    Example: stance evaluate experiments/seeds-baseline.toml   |   stance evaluate --data t.csv --per target --test u.csv
    """
    from .experiment import evaluate_resolved  # lazy: see LAZY above
    from .summaries import evaluation_line

    run = _resolve(ctx, config, paths.SEED_EXPERIMENT)
    m = evaluate_resolved(run, paths.ROOT, force=force)
    target = run.report_dir
    _say(f"wrote {target}/report.md" + (" and report.html" if (Path(target) / "report.html").is_file() else ""))
    typer.echo(evaluation_line(m, target))


@app.command()
@user_errors
def analyse(
    inputs: List[Path] = typer.Argument(..., metavar="INPUT...", help="Folders of .txt articles (an articles.csv "
                                        "beside them adds date, outlet, headline, url), tables (.csv, .jsonl, "
                                        ".parquet) with a text column, or .urls lists (one URL per line). "
                                        "Example: stance analyse seeds/ --out analysis/"),
    out: Path = typer.Option(..., "--out", help="Output folder (new, empty, or written by an earlier analyse run). "
                             "Example: --out analysis/"),
    model: Path = MODEL,
    speakers: Optional[Path] = typer.Option(None, "--speakers", help="Speaker map you edit: variant,canonical"
                                            "[,speaker_type,organisation,role]. Example: --speakers speaker_map.csv"),
    text_column: str = typer.Option("text", "--text-column", help="Text column of table inputs. "
                                    "Example: --text-column body"),
    period: str = typer.Option("year", "--period", help="Positions by year, quarter or month. Example: --period quarter"),
    quantification: str = typer.Option("pacc", "--quantification", help="Correct label distributions by pacc, acc "
                                       "or cc (none). Example: --quantification acc"),
    gold: Optional[Path] = typer.Option(None, "--gold", help="A labels folder (quotes.csv, stance.csv) for articles "
                                        "among the inputs: compare speaker positions with gold. Example: --gold labels/"),
    cache: Path = typer.Option(paths.ROOT / ".cache" / "pages", "--cache", help="Where fetched pages are kept, so "
                               "a re-run fetches nothing twice. Example: --cache ~/.cache/stance-pages"),
    delay: float = typer.Option(1.0, "--delay", help="Seconds between two requests to one host. Example: --delay 2"),
    timeout: float = typer.Option(20.0, "--timeout", help="Seconds per request. Example: --timeout 30"),
    jobs: int = JOBS, engine: str = ENGINE, scheduler: Optional[str] = SCHEDULER,
    encoding: str = ENCODING,
    seed: int = SEED, n_boot: int = N_BOOT, force: bool = FORCE,
):
    """Articles in, speaker positions out: segment, score and place every speaker, in one streaming run.

    Writes report.md, report.html, speakers.csv, quotes.csv, articles.csv, periods.csv, outlets.csv,
    variants.csv and provenance.json into --out.

    Example: stance analyse seeds/ --out analysis/   |   stance analyse pages.urls table.csv --out run2/ --jobs 2
    """
    from .analyse import AnalyseOptions, analyse as run_analyse  # lazy: see LAZY above
    from .fetch import Fetcher  # lazy: see LAZY above

    _check_engine(engine, scheduler)
    if quantification not in ("pacc", "acc", "cc"):
        raise typer.BadParameter(f"must be pacc, acc or cc, got '{quantification}'", param_hint="--quantification")
    options = AnalyseOptions(period=period, n_boot=n_boot, seed=seed, quantification=quantification, jobs=jobs,
                             encoding=encoding, text_column=text_column)
    fetcher = Fetcher(cache_dir=cache, timeout=timeout, per_host_interval=delay)
    if engine == "dask":
        from .cluster import dask_client  # lazy: see LAZY above

        with dask_client(scheduler, jobs) as client:
            res = run_analyse(inputs, out, model, options, speakers, fetcher, client=client, gold=gold,
                              root=paths.ROOT, force=force)
    else:
        res = run_analyse(inputs, out, model, options, speakers, fetcher, gold=gold, root=paths.ROOT, force=force)
    skipped = res.n_articles - res.n_used
    typer.echo(f"{res.n_articles} articles ({res.n_used} analysed, {skipped} skipped), {res.n_quotes} quotes, "
               f"{len(res.speakers)} speakers; report: {out / 'report.md'}")


@app.command()
@user_errors
def label(
    annotator: str = typer.Option(..., "--annotator", help="Your coder name; answers go to "
                                  "labels/annotations/NAME.csv. Example: --annotator alice"),
    quotes: Optional[Path] = QUOTES,
    labels: Path = LABELS,
    articles: Optional[List[Path]] = ARTICLES,
    order: str = typer.Option("document", "--order", help="document (article order) or uncertain (the model's "
                              "least certain quote first). Example: --order uncertain"),
    sample: Optional[int] = typer.Option(None, "--sample", help="Label only a reproducible sample of N quotes "
                                         "(same N and --seed give every coder the same quotes). Example: --sample 40"),
    seed: int = typer.Option(0, "--seed", help="Seed of --sample. Example: --seed 1"),
    model: Path = MODEL,
    output: Optional[Path] = typer.Option(None, "--output", help="Write to this coder file instead of "
                                          "LABELS/annotations/NAME.csv. Example: --output coding/alice.csv"),
):
    """Label quotes one at a time; every answer is saved at once and a re-run resumes.

    Keys: 1-5 for -2..+2, 0 for none, x not a real quote, w wrong speaker, s skip, u undo, n note, q quit.

    Example: stance label --annotator alice --sample 40 --seed 1
    """
    from .labelling import label_quotes  # lazy: see LAZY above

    summary = label_quotes(quotes if quotes is not None else labels / "quotes.csv", labels, annotator,
                           articles if articles else [paths.SEEDS], order=order, sample=sample, seed=seed,
                           model_path=model, output=output)
    if summary.status == "nothing-to-do":
        _say(f"all {summary.total} quotes of this run are already labelled in {summary.path}")
        return
    _say(summary.message())
    if summary.status == "interrupted":
        raise typer.Exit(130)


@app.command()
@user_errors
def agree(
    files: List[Path] = typer.Argument(..., metavar="FILE...", help="One coder file per coder. "
                                       "Example: stance agree labels/annotations/alice.csv labels/annotations/bob.csv"),
    labels: Path = LABELS,
    quotes: Optional[Path] = QUOTES,
    as_json: bool = typer.Option(False, "--json", help="Print every number as one JSON object. Example: --json"),
    output: Optional[Path] = typer.Option(None, "--output", help="Also write the JSON to this file (for an "
                                          "experiment report). Example: --output experiments/x/agreement.json"),
    codebook: Optional[Path] = CODEBOOK,
):
    """Inter-coder reliability: Krippendorff's alpha, weighted kappa, agreement, confusion, disagreements.

    Example: stance agree labels/annotations/alice.csv labels/annotations/bob.csv
    """
    from .agreement import agree_files, format_agreement  # lazy: see LAZY above

    result = agree_files(files, labels, quotes, codebook)
    _say(f"coded under codebook {result.codebook_version}: compared with {result.codebook_path}")
    if output is not None:
        write_json(output, result.to_dict())
        _say(f"wrote {output}")
    typer.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) if as_json
               else format_agreement(result))


@app.command()
@user_errors
def adjudicate(
    files: List[Path] = typer.Argument(..., metavar="FILE...", help="The coder files whose disagreements to "
                                       "resolve. Example: stance adjudicate labels/annotations/alice.csv "
                                       "labels/annotations/bob.csv"),
    labels: Path = LABELS,
    articles: Optional[List[Path]] = ARTICLES,
    decisions: Optional[Path] = typer.Option(None, "--decisions", help="Apply decisions from a CSV "
                                             "(quote_id,label,note) in one go instead of asking. "
                                             "Example: --decisions decisions.csv"),
    redo: bool = typer.Option(False, "--redo", help="Also revisit disagreements already adjudicated. "
                              "Example: --redo"),
    codebook: Optional[Path] = CODEBOOK,
):
    """Walk the disagreements and write each resolved label, with a note, into LABELS/stance.csv.

    Example: stance adjudicate labels/annotations/alice.csv labels/annotations/bob.csv
    """
    from .adjudication import adjudicate as run_adjudication  # lazy: see LAZY above

    summary = run_adjudication(files, labels, articles if articles else [paths.SEEDS], decisions=decisions,
                               redo=redo, codebook_path=codebook)
    _say(summary.message())
    if summary.status == "interrupted":
        raise typer.Exit(130)


corpus_app = typer.Typer(no_args_is_help=True, help="Corpora listed as annotations (pages.csv, quotes.csv) "
                         "with their texts in a separate folder. Example: stance corpus verify labels/news")
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("verify")
@user_errors
def corpus_verify(
    folder: Path = typer.Argument(..., help="The listed corpus folder. Example: stance corpus verify labels/news"),
    texts: Optional[Path] = TEXTS,
):
    """Check a folder of page texts against a listing's hashes and offsets.

    Names every missing or changed page and every unit that moved; exit 1 unless all pages
    are present and unchanged.

    Example: stance corpus verify labels/news
    """
    from .pagecorpus import load_listing, verify  # lazy: see LAZY above

    listing = load_listing(folder)
    result = verify(listing, texts if texts is not None else folder / "texts")
    for line in result.lines():
        typer.echo(line)
    if not result.ok:
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    if quick_predict(sys.argv[1:]):
        return
    app(prog_name="stance")


if __name__ == "__main__":  # pragma: no cover
    main()
