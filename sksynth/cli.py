"""The ``sksynth`` command line: fit, sample, evaluate, benchmark and demo.

Run ``sksynth --help`` (or ``python -m sksynth --help``) for the subcommands and
``sksynth SUBCOMMAND --help`` for their options::

    sksynth fit flows.csv --output flows.model --drop id "Flow ID" --condition-on Label
    sksynth sample flows.model -n 10000000 --output synthetic.parquet --random-state 0
    sksynth sample flows.model -n 1000 --output heartbleed.csv --conditions Label=Heartbleed
    sksynth evaluate train.csv synthetic.parquet --test test.csv --target Label
    sksynth benchmark flows.csv --target Label --folds 3 --output results/
    sksynth demo --quick

Tables are read and written as CSV (``.csv``, optionally compressed: ``.csv.gz``,
``.csv.bz2``, ``.csv.xz``, ``.csv.zip``) or Parquet (``.parquet``, ``.pq``; needs pyarrow),
chosen by the file name's extension.

Model files are pickles (written with joblib): loading one can run arbitrary code, so only
load model files from sources you trust. A model file records the sksynth version that wrote
it, and a different version refuses to load it.

Bad input (a missing file, an unknown column, an unreadable model file...) prints one line,
``sksynth: error: ...``, on stderr and exits with status 2; ``--traceback`` shows the full
Python traceback instead.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__

__all__ = ["CHUNK_SIZE", "ModelFileError", "load_model", "main", "read_table", "save_model"]

#: Rows sampled and written at a time by ``sksynth sample``.
CHUNK_SIZE = 100_000
#: Architectures the command line knows (the independent baseline is only for benchmarks).
ARCHITECTURE_CHOICES = ("wavenet", "rnn", "transformer")
_FORMAT = "sksynth-model"
_PICKLE_WARNING = (
    "Model files are pickles: only load model files from sources you trust, since loading "
    "one can run arbitrary code."
)
_CSV_SUFFIXES = (".csv", ".csv.gz", ".csv.bz2", ".csv.xz", ".csv.zip")
_PARQUET_SUFFIXES = (".parquet", ".pq")


class CLIError(Exception):
    """Bad input on the command line: reported as one line, without a traceback."""


class ModelFileError(CLIError):
    """A model file that cannot be read, is not a sksynth model or is from another version.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sksynth.cli import ModelFileError, load_model
    >>> try:
    ...     load_model(Path(tempfile.mkdtemp()) / "missing.model")
    ... except ModelFileError as exc:
    ...     print("refused:", type(exc).__name__)
    refused: ModelFileError
    """


# ------------------------------------------------------------------------------- files
def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(_CSV_SUFFIXES):
        return "csv"
    if name.endswith(_PARQUET_SUFFIXES):
        return "parquet"
    raise CLIError(
        f"cannot tell the format of {str(path)!r}: use a .csv, .csv.gz or .parquet file name."
    )


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV or Parquet table, chosen by the file name's extension.

    Parameters
    ----------
    path : str or path-like
        ``.csv`` (optionally ``.gz``, ``.bz2``, ``.xz`` or ``.zip`` compressed), ``.parquet``
        or ``.pq``.

    Returns
    -------
    table : DataFrame

    Raises
    ------
    CLIError
        If the file does not exist, its extension is unknown or it cannot be parsed.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> from sksynth.cli import read_table
    >>> path = Path(tempfile.mkdtemp()) / "flows.csv.gz"
    >>> pd.DataFrame({"port": [80, 443], "proto": ["tcp", "udp"]}).to_csv(path, index=False)
    >>> read_table(path)
       port proto
    0    80   tcp
    1   443   udp
    """
    path = Path(path)
    kind = _kind(path)
    if not path.is_file():
        raise CLIError(f"no such file: {str(path)!r}.")
    try:
        if kind == "csv":
            table = pd.read_csv(path)
        else:
            table = pd.read_parquet(path)
    except ImportError as exc:
        raise CLIError(f"cannot read {str(path)!r}: {exc}") from exc
    except Exception as exc:  # parser errors come in many types
        raise CLIError(f"cannot read {str(path)!r}: {_one_line(exc)}") from exc
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise CLIError(f"{str(path)!r} holds no rows or no columns.")
    return table


def _check_columns(table: pd.DataFrame, columns: Sequence[str], path, what: str) -> None:
    unknown = [c for c in columns if c not in table.columns]
    if unknown:
        shown = ", ".join(map(repr, list(table.columns)[:8]))
        more = ", ..." if table.shape[1] > 8 else ""
        raise CLIError(
            f"unknown column {unknown[0]!r} in {what} (columns of {str(path)!r}: {shown}{more})."
        )


def save_model(pipeline, path: str | os.PathLike, **info) -> None:
    """Save a fitted pipeline with the sksynth version that wrote it (a joblib pickle).

    Parameters
    ----------
    pipeline : SynthesisPipeline
    path : str or path-like
    **info
        Extra metadata stored next to it (e.g. the architecture).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> from sksynth import IndependentGenerator, SymbolicDiscretizer, make_synthesis_pipeline
    >>> from sksynth.cli import load_model, save_model
    >>> table = pd.DataFrame({"port": [80, 443, 80, 22], "proto": ["tcp", "udp", "tcp", "tcp"]})
    >>> pipe = make_synthesis_pipeline(SymbolicDiscretizer(), IndependentGenerator()).fit(table)
    >>> path = Path(tempfile.mkdtemp()) / "flows.model"
    >>> save_model(pipe, path, architecture="independent")
    >>> load_model(path).sample(3, random_state=0).shape
    (3, 2)
    """
    import joblib
    import sklearn
    import torch

    payload = {
        "format": _FORMAT,
        "sksynth_version": __version__,
        "sklearn_version": sklearn.__version__,
        "torch_version": torch.__version__,
        "pipeline": pipeline,
        **info,
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(payload, path)


def load_model(path: str | os.PathLike):
    """Load a pipeline saved by :func:`save_model` (or ``sksynth fit``).

    The file is a pickle: only load files from sources you trust.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    pipeline : SynthesisPipeline

    Raises
    ------
    ModelFileError
        If the file is missing, is not a sksynth model file, or was written by another
        sksynth version.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sksynth import RNNGenerator, SymbolicDiscretizer, make_synthesis_pipeline
    >>> from sksynth.cli import load_model, save_model
    >>> path = Path(tempfile.mkdtemp()) / "flows.model"
    >>> save_model(make_synthesis_pipeline(SymbolicDiscretizer(), RNNGenerator()), path)
    >>> [name for name, _ in load_model(path).steps]
    ['symbolicdiscretizer', 'rnngenerator']
    """
    import joblib

    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"no such model file: {str(path)!r}.")
    try:
        payload = joblib.load(path)
    except Exception as exc:  # unpickling fails in many ways
        raise ModelFileError(
            f"cannot read model file {str(path)!r}: not a sksynth model ({_one_line(exc)})."
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        raise ModelFileError(
            f"{str(path)!r} is not a sksynth model file (write one with 'sksynth fit')."
        )
    version = payload.get("sksynth_version")
    if version != __version__:
        raise ModelFileError(
            f"model file {str(path)!r} was written by sksynth {version}, incompatible with "
            f"this sksynth {__version__}: refit it with 'sksynth fit'."
        )
    return payload["pipeline"]


# ---------------------------------------------------------------------------- commands
def _generator(architecture: str, **params):
    from .generator import RNNGenerator, TransformerGenerator, WaveNetGenerator

    classes = {
        "rnn": RNNGenerator,
        "transformer": TransformerGenerator,
        "wavenet": WaveNetGenerator,
    }
    cls = classes[architecture]
    valid = cls().get_params()
    for name in params:
        if name not in valid:
            raise CLIError(
                f"{cls.__name__} has no parameter {name!r} (it has: {', '.join(sorted(valid))})."
            )
    return cls(**params)


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _key_values(items: Sequence[str] | None, option: str) -> dict[str, str]:
    pairs = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CLIError(f"{option} expects COLUMN=VALUE, got {item!r}.")
        pairs[key] = value
    return pairs


def _cmd_fit(args) -> int:
    from .discretizer import SymbolicDiscretizer
    from .pipeline import make_synthesis_pipeline

    table = read_table(args.data)
    _check_columns(table, args.drop or [], args.data, "--drop")
    table = table.drop(columns=args.drop or [])
    _check_columns(table, args.condition_on or [], args.data, "--condition-on")
    params = {k: _literal(v) for k, v in _key_values(args.param, "--param").items()}
    params.update(verbose=0 if args.quiet else 1, random_state=args.random_state)
    if args.max_epochs is not None:
        params["max_epochs"] = args.max_epochs
    if args.condition_on:
        params["condition_on"] = list(args.condition_on)
    generator = _generator(args.architecture, **params)
    pipeline = make_synthesis_pipeline(
        SymbolicDiscretizer(
            n_bins=args.n_bins,
            decode=args.decode,
            handle_unknown="use_unknown_symbol",
            random_state=args.random_state,
        ),
        generator,
    )
    start = time.perf_counter()
    pipeline.fit(table)
    seconds = time.perf_counter() - start
    save_model(
        pipeline,
        args.output,
        architecture=args.architecture,
        columns=[str(c) for c in table.columns],
        n_rows=len(table),
    )
    if not args.quiet:
        print(
            f"Fitted {args.architecture} on {len(table):,} rows x {table.shape[1]} columns in "
            f"{seconds:.1f} s; model written to {args.output}.",
            file=sys.stderr,
        )
    return 0


def _parse_condition(discretizer, column: str, text: str):
    """The value of ``--conditions COLUMN=TEXT`` in the column's own type."""
    names = [str(c) for c in getattr(discretizer, "feature_names_in_", [])]
    if column not in names:
        raise CLIError(
            f"unknown column {column!r} in --conditions (the model's columns: "
            f"{', '.join(map(repr, names[:8]))}{', ...' if len(names) > 8 else ''})."
        )
    j = names.index(column)
    categories = discretizer.categories_[j]
    if categories is not None:
        for category in categories:
            if str(category) == text or (
                not isinstance(category, str) and _same_number(category, text)
            ):
                return category
        shown = ", ".join(map(str, categories[:10]))
        raise CLIError(
            f"value {text!r} of column {column!r} was never seen in training "
            f"(values: {shown}{', ...' if len(categories) > 10 else ''})."
        )
    edges = discretizer.bin_edges_[j]
    if np.issubdtype(edges.dtype, np.datetime64):
        try:
            return pd.Timestamp(text)
        except ValueError as exc:
            raise CLIError(f"value {text!r} of column {column!r} is not a date.") from exc
    try:
        value = float(text)
    except ValueError as exc:
        raise CLIError(f"value {text!r} of column {column!r} is not a number.") from exc
    return int(value) if value.is_integer() and np.issubdtype(edges.dtype, np.integer) else value


def _same_number(category, text: str) -> bool:
    try:
        return float(category) == float(text)
    except (TypeError, ValueError):
        return False


def _chunk_seeds(random_state: int | None, n_chunks: int) -> list[int]:
    sequence = np.random.SeedSequence(random_state)
    return [int(s.generate_state(1)[0] >> 1) for s in sequence.spawn(n_chunks)]


def _cmd_sample(args) -> int:
    from tqdm.auto import tqdm

    out = Path(args.output)
    kind = _kind(out)
    if args.n_samples < 1:
        raise CLIError(f"-n must be a positive number of rows, got {args.n_samples}.")
    if args.temperature is not None and not args.temperature > 0:
        raise CLIError(f"--temperature must be positive, got {args.temperature}.")
    pipeline = load_model(args.model)
    if "verbose" in pipeline[-1].get_params():
        pipeline[-1].set_params(verbose=0)  # one progress bar: the one over the chunks
    raw = _key_values(args.conditions, "--conditions")
    conditions = {c: _parse_condition(pipeline[0], c, v) for c, v in raw.items()}
    allowed = [str(c) for c in (getattr(pipeline[-1], "condition_on", None) or [])]
    for column in conditions:
        if column not in allowed:
            raise CLIError(
                f"cannot condition on {column!r}: the model was fitted with --condition-on "
                f"{' '.join(allowed) if allowed else '(none)'}; refit it listing {column!r}."
            )
    params = {} if args.temperature is None else {"temperature": args.temperature}
    if kind == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise CLIError("writing Parquet needs pyarrow: pip install pyarrow.") from exc
    chunk = max(1, int(CHUNK_SIZE))
    n_chunks = -(-args.n_samples // chunk)
    seeds = _chunk_seeds(args.random_state, n_chunks)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    writer = handle = None
    try:
        if kind == "csv":
            handle = _open_csv(partial, out)
        with tqdm(total=args.n_samples, unit="rows", desc="sampling", disable=args.quiet) as bar:
            for i, seed in enumerate(seeds):
                n = min(chunk, args.n_samples - i * chunk)
                rows = pipeline.sample(
                    n, random_state=seed, conditions=conditions or None, **params
                )
                if kind == "csv":
                    rows.to_csv(handle, header=i == 0, index=False)
                else:
                    batch = pa.Table.from_pandas(
                        rows, schema=writer.schema if writer else None, preserve_index=False
                    )
                    if writer is None:
                        writer = pq.ParquetWriter(partial, batch.schema)
                    writer.write_table(batch)
                bar.update(n)
    except BaseException:
        for closable in (handle, writer):
            if closable is not None:
                closable.close()
        partial.unlink(missing_ok=True)
        raise
    if handle is not None:
        handle.close()
    if writer is not None:
        writer.close()
    os.replace(partial, out)
    if not args.quiet:
        print(f"Wrote {args.n_samples:,} rows to {out}.", file=sys.stderr)
    return 0


def _open_csv(partial: Path, out: Path):
    name = out.name.lower()
    if name.endswith(".csv"):
        return open(partial, "w", newline="", encoding="utf-8")
    if name.endswith(".csv.gz"):
        return gzip.open(partial, "wt", newline="", encoding="utf-8")
    if name.endswith(".csv.bz2"):
        import bz2

        return bz2.open(partial, "wt", newline="", encoding="utf-8")
    if name.endswith(".csv.xz"):
        import lzma

        return lzma.open(partial, "wt", newline="", encoding="utf-8")
    raise CLIError(f"cannot write {str(out)!r} in chunks: use .csv, .csv.gz or .parquet.")


def _cmd_evaluate(args) -> int:
    from .metrics import evaluate

    train = read_table(args.real_train)
    synthetic = read_table(args.synthetic)
    test = read_table(args.test) if args.test else None
    if args.target is not None:
        _check_columns(train, [args.target], args.real_train, "--target")
    if args.target is not None and test is None:
        raise CLIError("--target needs --test (TSTR trains on synthetic, tests on real rows).")
    report = evaluate(
        train,
        synthetic,
        test,
        target=args.target,
        max_samples=args.max_samples,
        random_state=args.random_state,
        verbose=not args.quiet,
    )
    print(report.to_markdown(index=False, floatfmt=".4f"))
    if args.plots:
        _evaluation_plots(Path(args.plots), train, synthetic, report, args.target)
        if not args.quiet:
            print(f"Plots written to {args.plots}.", file=sys.stderr)
    return 0


def _evaluation_plots(folder: Path, train, synthetic, report, target) -> None:
    from . import plotting

    folder.mkdir(parents=True, exist_ok=True)
    columns = plotting.informative_columns(train, target, synthetic=synthetic)
    plotting.plot_distributions(
        train.iloc[:5000],
        {"synthetic": synthetic.iloc[:5000]},
        columns,
        path=folder / "distributions.png",
    )
    plotting.plot_correlation_difference(
        train, synthetic, path=folder / "correlation_difference.png"
    )
    values = report.set_index("metric")
    table = pd.DataFrame([values["value"], values["ideal"]], index=["synthetic", "reference"])
    plotting.plot_metric_comparison(table, path=folder / "metrics.png")


def _cmd_benchmark(args) -> int:
    from sklearn.model_selection import KFold, StratifiedKFold

    from .demo import BASELINE, _strata, fit_and_sample, make_pipelines, stratified_split
    from .metrics import tstr_score
    from .metrics._validation import column_kind
    from .metrics.tstr import is_classification_target

    table = read_table(args.data)
    _check_columns(table, args.drop or [], args.data, "--drop")
    table = table.drop(columns=args.drop or [])
    _check_columns(table, [args.target], args.data, "--target")
    table = table[table[args.target].notna()].reset_index(drop=True)
    classification = is_classification_target(table[args.target], column_kind(table[args.target]))
    architectures = [a for a in args.architectures if a != BASELINE]
    if args.folds is not None:
        if args.folds < 2:
            raise CLIError(f"--folds must be at least 2, got {args.folds}.")
        splitter = (
            StratifiedKFold(args.folds, shuffle=True, random_state=args.random_state)
            if classification
            else KFold(args.folds, shuffle=True, random_state=args.random_state)
        )
        labels = _strata(table[args.target], args.folds) if classification else None
        folds = [(table.iloc[tr], table.iloc[te]) for tr, te in splitter.split(table, labels)]
    else:
        folds = [
            stratified_split(
                table,
                test_size=0.2,
                target=args.target if classification else None,
                random_state=args.random_state,
            )
        ]
    rows = []
    for fold, (train, test) in enumerate(folds):
        pipelines = make_pipelines(
            architectures,
            random_state=args.random_state,
            verbose=0 if args.quiet else 1,
            baseline=BASELINE in args.architectures,
        )
        trtr = tstr_score(train, train, test, target=args.target)
        rows.append(("real (TRTR)", fold, trtr, np.nan, np.nan))
        for name, pipeline in pipelines.items():
            if args.max_epochs is not None and "max_epochs" in pipeline[-1].get_params():
                pipeline[-1].set_params(max_epochs=args.max_epochs)
            if args.n_bins is not None:
                pipeline[0].set_params(n_bins=args.n_bins)
            synthetic, fit_seconds, _ = fit_and_sample(
                pipeline, train, len(train), random_state=args.random_state
            )
            score = tstr_score(train, synthetic, test, target=args.target)
            rows.append((name, fold, score, score / trtr if trtr else np.nan, fit_seconds))
    scores = pd.DataFrame(rows, columns=["model", "fold", "tstr", "tstr_trtr_ratio", "fit_s"])
    summary = scores.groupby("model", sort=False).agg(
        tstr=("tstr", "mean"),
        tstr_std=("tstr", "std"),
        tstr_trtr_ratio=("tstr_trtr_ratio", "mean"),
        fit_s=("fit_s", "mean"),
    )
    metric = "macro-F1" if classification else "R2"
    print(f"TSTR ({metric} on {args.target!r}), {len(folds)} split(s):")
    print(summary.to_markdown(floatfmt=".3f"))
    if args.output:
        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        summary.to_csv(folder / "benchmark.csv", float_format="%.6g")
        scores.to_csv(folder / "benchmark_folds.csv", index=False, float_format="%.6g")
        (folder / "benchmark.md").write_text(
            f"# TSTR benchmark ({metric} on `{args.target}`, {len(folds)} split(s))\n\n"
            + summary.to_markdown(floatfmt=".3f")
            + "\n",
            encoding="utf-8",
        )
    return 0


def _cmd_demo(args) -> int:
    from .demo import demo

    demo(
        output=args.output,
        quick=args.quick,
        random_state=args.random_state,
        architectures=args.architectures,
        n_rows=args.n_rows,
        n_jobs=args.n_jobs,
        verbose=0 if args.quiet else 1,
    )
    return 0


# ------------------------------------------------------------------------------ parser
class _Parser(argparse.ArgumentParser):
    """Reports usage errors as one line: ``sksynth: error: ...`` and exit status 2."""

    def error(self, message):
        hint = f" (see '{self.prog} --help')"
        self.exit(2, f"sksynth: error: {message}{hint}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``sksynth`` command.

    Returns
    -------
    parser : argparse.ArgumentParser
    """
    from .demo import ARCHITECTURES, BASELINE

    formatter = argparse.HelpFormatter
    parser = _Parser(
        prog="sksynth",
        description="Synthetic tabular data from symbolic sequence models.",
        epilog=_PICKLE_WARNING,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"sksynth {__version__}")
    parser.add_argument(
        "--traceback", action="store_true", help="show Python tracebacks instead of one line"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def common(p, seed=True, quiet=True):
        if seed:
            p.add_argument(
                "--random-state", type=int, default=0, metavar="S", help="seed (default: 0)"
            )
        if quiet:
            p.add_argument("--quiet", action="store_true", help="no progress bars or messages")

    fit = sub.add_parser(
        "fit",
        help="fit a generator on a table and save it",
        description="Fit a SymbolicDiscretizer + generator pipeline on a CSV or Parquet "
        "table and save it as a model file (a joblib pickle).",
        epilog=_PICKLE_WARNING,
        formatter_class=formatter,
    )
    fit.add_argument("data", metavar="DATA", help="table to learn (.csv, .csv.gz, .parquet)")
    fit.add_argument("--output", "-o", required=True, metavar="MODEL", help="model file to write")
    fit.add_argument(
        "--architecture",
        "-a",
        choices=ARCHITECTURE_CHOICES,
        default="rnn",
        help="generator (default: rnn)",
    )
    fit.add_argument("--drop", nargs="+", metavar="COL", help="columns to leave out (e.g. ids)")
    fit.add_argument(
        "--max-epochs",
        type=_positive_int,
        metavar="N",
        help="training epochs (default: the generator's)",
    )
    fit.add_argument(
        "--n-bins",
        type=_positive_int,
        default=49,
        metavar="N",
        help="symbols per numeric column (default: 49, the paper's)",
    )
    fit.add_argument(
        "--decode",
        choices=["donor", "empirical", "uniform", "midpoint"],
        default="donor",
        help="how symbols become values (default: donor, which keeps relations between "
        "columns; see SymbolicDiscretizer)",
    )
    fit.add_argument(
        "--condition-on",
        nargs="+",
        metavar="COL",
        help="columns that 'sksynth sample --conditions' may fix",
    )
    fit.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="other generator parameter, e.g. hidden_size=64 (repeatable)",
    )
    common(fit)
    fit.set_defaults(func=_cmd_fit)

    sample = sub.add_parser(
        "sample",
        help="sample rows from a saved model",
        description="Sample rows from a model file written by 'sksynth fit' and write them "
        f"as CSV or Parquet, {CHUNK_SIZE:,} rows at a time (each chunk seeded from "
        "--random-state), so that any number of rows fits in memory.",
        epilog=_PICKLE_WARNING,
        formatter_class=formatter,
    )
    sample.add_argument("model", metavar="MODEL", help="model file from 'sksynth fit'")
    sample.add_argument(
        "-n", "--n-samples", type=int, required=True, metavar="N", help="rows to sample"
    )
    sample.add_argument(
        "--output",
        "-o",
        required=True,
        metavar="OUT",
        help="table to write (.csv, .csv.gz, .parquet)",
    )
    sample.add_argument(
        "--conditions",
        nargs="+",
        metavar="COL=VALUE",
        help="fix columns listed in 'fit --condition-on', e.g. Label=Heartbleed",
    )
    sample.add_argument(
        "--temperature",
        type=float,
        metavar="T",
        help="below 1: more typical rows; above 1: more diverse (default: 1)",
    )
    common(sample)
    sample.set_defaults(func=_cmd_sample)

    evaluate = sub.add_parser(
        "evaluate",
        help="compare synthetic rows with real ones",
        description="Print every metric of sksynth.metrics.evaluate for a synthetic table "
        "against the real training rows (and real test rows, for TSTR and memorisation).",
        formatter_class=formatter,
    )
    evaluate.add_argument("real_train", metavar="REAL_TRAIN", help="real training rows")
    evaluate.add_argument("synthetic", metavar="SYNTH", help="synthetic rows")
    evaluate.add_argument("--test", metavar="REAL_TEST", help="real rows no generator saw")
    evaluate.add_argument("--target", metavar="T", help="column to predict for TSTR")
    evaluate.add_argument("--plots", metavar="DIR", help="also write PNG plots to DIR")
    evaluate.add_argument(
        "--max-samples",
        type=_positive_int,
        default=5000,
        metavar="N",
        help="rows per table for the subsampled metrics (default: 5000)",
    )
    common(evaluate)
    evaluate.set_defaults(func=_cmd_evaluate)

    benchmark = sub.add_parser(
        "benchmark",
        help="TSTR benchmark of the architectures",
        description="Fit every architecture (and the independent-columns baseline) on "
        "training rows, sample as many rows, and score train-on-synthetic, test-on-real "
        "(TSTR) against train-on-real (TRTR); cross-validated with --folds, otherwise one "
        "stratified 80/20 split.",
        formatter_class=formatter,
    )
    benchmark.add_argument("data", metavar="DATA", help="table (.csv, .csv.gz, .parquet)")
    benchmark.add_argument("--target", required=True, metavar="T", help="column to predict")
    benchmark.add_argument(
        "--architectures",
        nargs="+",
        metavar="A",
        choices=(*ARCHITECTURES, BASELINE),
        default=[*ARCHITECTURES, BASELINE],
        help=f"among {', '.join((*ARCHITECTURES, BASELINE))} (default: all)",
    )
    benchmark.add_argument("--folds", type=int, metavar="K", help="cross-validation folds")
    benchmark.add_argument(
        "--max-epochs",
        type=_positive_int,
        metavar="N",
        help="training epochs (default: the generators')",
    )
    benchmark.add_argument(
        "--n-bins", type=_positive_int, metavar="N", help="symbols per numeric column (default: 49)"
    )
    benchmark.add_argument("--drop", nargs="+", metavar="COL", help="columns to leave out")
    benchmark.add_argument(
        "--output",
        "-o",
        metavar="DIR",
        help="write benchmark.csv, benchmark.md, benchmark_folds.csv",
    )
    common(benchmark)
    benchmark.set_defaults(func=_cmd_benchmark)

    demo = sub.add_parser(
        "demo",
        help="the paper's Table 2, extended, on the shipped CIC-IDS2017 flows",
        description="Fit the three architectures and the independent baseline on the shipped "
        "CIC-IDS2017 flows, evaluate them next to a real holdout, print the table with the "
        "targets and write synthetic CSVs, the table and plots. About 15 minutes on a 2-core "
        "CPU at the defaults, about a minute with --quick.",
        formatter_class=formatter,
    )
    demo.add_argument(
        "--output",
        "-o",
        default="sksynth-demo",
        metavar="DIR",
        help="output folder (default: ./sksynth-demo)",
    )
    demo.add_argument(
        "--quick", action="store_true", help="smoke run: 5,000 rows, small models, 2 epochs"
    )
    demo.add_argument(
        "--architectures",
        nargs="+",
        choices=ARCHITECTURES,
        default=list(ARCHITECTURES),
        metavar="A",
        help=f"among {', '.join(ARCHITECTURES)} (default: all)",
    )
    demo.add_argument(
        "--n-rows",
        type=_positive_int,
        metavar="N",
        help="use a stratified draw of N flows (default: all; 5,000 with --quick)",
    )
    demo.add_argument(
        "--n-jobs",
        type=_positive_int,
        default=1,
        metavar="N",
        help="evaluate N models at a time (processes; default: 1)",
    )
    common(demo)
    demo.set_defaults(func=_cmd_demo)
    return parser


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``sksynth`` command line.

    Model files are pickles: only load model files from sources you trust.

    Parameters
    ----------
    argv : sequence of str, default=None
        The arguments, without the program name; None reads ``sys.argv[1:]``.

    Returns
    -------
    status : int
        0 on success, 2 on bad input (reported as one line on stderr), 130 when
        interrupted.

    Examples
    --------
    >>> from sksynth.cli import main
    >>> main(["--version"])
    sksynth ...
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("sksynth: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.traceback:
            raise
        known = isinstance(exc, CLIError | ValueError | OSError | KeyError)
        prefix = "" if known else f"unexpected {type(exc).__name__}: "
        hint = "" if known else " (run with --traceback for details)"
        print(f"sksynth: error: {prefix}{_one_line(exc)}{hint}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
