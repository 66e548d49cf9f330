"""The experiment behind ``sksynth demo``: the paper's Table 2, extended, on CIC-IDS2017 flows.

:func:`demo` runs it end to end and returns the table; the other functions are its steps, so
that the benchmarks (``benchmarks/paper_table2.py``) can reuse them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from tqdm.auto import tqdm

from .baseline import IndependentGenerator
from .discretizer import SymbolicDiscretizer
from .generator import RNNGenerator, SequenceGenerator, TransformerGenerator, WaveNetGenerator
from .metrics import (
    detection_score,
    exact_copy_rate,
    memorization_rate,
    similarity_score,
    tstr_score,
)
from .metrics._validation import check_tables, subsample
from .metrics.inlier import inlier_rates
from .pipeline import SynthesisPipeline, make_synthesis_pipeline

__all__ = [
    "ARCHITECTURES",
    "BASELINE",
    "IDENTIFIER_COLUMNS",
    "REFERENCE",
    "TARGETS",
    "DemoSplit",
    "check_targets",
    "default_generators",
    "demo",
    "evaluate_candidates",
    "fit_and_sample",
    "format_table",
    "load_flows",
    "make_pipelines",
    "split_for_demo",
    "stratified_split",
]

#: Columns of the CIC-IDS2017 flows that identify a flow rather than describe it (the paper
#: dropped IPs and timestamps; ``Attempted Category`` is a second label).
IDENTIFIER_COLUMNS = ("id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category")
#: Architectures of the paper, in the order of its Table 2.
ARCHITECTURES = ("rnn", "transformer", "wavenet")
#: Name of the independent-columns baseline and of the real-holdout reference rows.
BASELINE, REFERENCE = "independent", "real holdout"
#: What the best architecture should reach at the default settings.
TARGETS = {"similarity": 0.90, "TSTR / TRTR": 0.85, "detection AUC": 0.80}

#: Shares of the rows held out as test rows and as the real-holdout reference.
TEST_SIZE, REFERENCE_SIZE = 0.2, 0.2
#: Rows used with ``quick=True`` (about 3,000 training rows).
QUICK_ROWS = 5000
#: At most this many rows of each candidate are evaluated (every candidate gets as many).
MAX_EVAL_ROWS = 5000

_GENERATORS = {
    "rnn": RNNGenerator,
    "transformer": TransformerGenerator,
    "wavenet": WaveNetGenerator,
}
_QUICK_PARAMS = {
    "rnn": {"embedding_dim": 16, "hidden_size": 32},
    "transformer": {"embedding_dim": 32, "n_layers": 1, "n_heads": 2},
    "wavenet": {"embedding_dim": 16, "hidden_size": 32},
}
_COLUMNS = [
    "inlier % (paper)",
    "inlier % (calibrated)",
    "TSTR macro-F1",
    "TSTR / TRTR",
    "similarity",
    "pair trends",
    "detection AUC",
    "memorization",
    "exact copies",
    "fit s",
    "sample rows/s",
]


# ------------------------------------------------------------------------------------ data
def load_flows() -> pd.DataFrame:
    """The shipped CIC-IDS2017 flows without their identifier columns (85 columns).

    Returns
    -------
    flows : DataFrame of shape (25127, 85)

    Examples
    --------
    >>> flows = load_flows()
    >>> flows.shape, "Label" in flows.columns, "Flow ID" in flows.columns
    ((25127, 85), True, False)
    """
    from .datasets import load_cicids2017

    return load_cicids2017().frame.drop(columns=list(IDENTIFIER_COLUMNS))


def _strata(labels: pd.Series, min_count: int = 2) -> np.ndarray:
    """Labels to stratify on: classes too small to be split are pooled (then into the largest)."""
    labels = labels.astype(object).where(labels.notna(), "__missing__").astype(str)
    counts = labels.value_counts()
    rare = counts.index[counts < min_count]
    strata = labels.where(~labels.isin(rare), "__rare__")
    if 0 < (strata == "__rare__").sum() < min_count:
        strata = strata.where(strata != "__rare__", counts.index[0])
    return strata.to_numpy()


def stratified_split(
    frame: pd.DataFrame,
    *,
    test_size: float | int,
    target: str | None,
    random_state: int | None = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train and test rows, stratified on ``target`` even when some classes are tiny.

    Classes with a single row are pooled for the stratification, so the split never fails;
    a target with many distinct numbers (a regression target) is not stratified.

    Parameters
    ----------
    frame : DataFrame
    test_size : float or int
        As in :func:`~sklearn.model_selection.train_test_split`.
    target : str or None
    random_state : int or None, default=0

    Returns
    -------
    train, test : DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"x": range(10), "y": ["a"] * 5 + ["b"] * 4 + ["c"]})
    >>> train, test = stratified_split(frame, test_size=0.4, target="y", random_state=0)
    >>> sorted(test["y"].value_counts().items())
    [('a', 2), ('b', 2)]
    """
    strata = None
    if target is not None:
        labels = frame[target]
        numeric = pd.api.types.is_numeric_dtype(labels.dtype)
        if not numeric or labels.nunique() <= 10:
            strata = _strata(labels)
    try:
        return train_test_split(
            frame, test_size=test_size, stratify=strata, random_state=random_state
        )
    except ValueError:  # too few rows to hold every stratum on both sides
        return train_test_split(frame, test_size=test_size, random_state=random_state)


@dataclass
class DemoSplit:
    """Disjoint real rows of the demo: ``train`` (the generators learn it), ``reference`` (the
    real-holdout candidate, judged as if it were synthetic) and ``test`` (TSTR, memorisation).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"x": range(10)})
    >>> split = DemoSplit(train=frame[:6], reference=frame[6:8], test=frame[8:])
    >>> len(split.train), len(split.reference), len(split.test)
    (6, 2, 2)
    """

    train: pd.DataFrame
    reference: pd.DataFrame
    test: pd.DataFrame


def split_for_demo(
    frame: pd.DataFrame,
    *,
    target: str = "Label",
    n_rows: int | None = None,
    random_state: int | None = 0,
) -> DemoSplit:
    """Split rows 60/20/20 into train, real-holdout reference and test, stratified on ``target``.

    Parameters
    ----------
    frame : DataFrame
    target : str, default="Label"
    n_rows : int or None, default=None
        First draw this many rows (stratified); None keeps them all.
    random_state : int or None, default=0

    Returns
    -------
    split : DemoSplit

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"x": range(50), "Label": ["a", "b"] * 25})
    >>> split = split_for_demo(frame, random_state=0)
    >>> len(split.train), len(split.reference), len(split.test)
    (30, 10, 10)
    >>> sorted(split.test["Label"].value_counts().items())
    [('a', 5), ('b', 5)]
    """
    if target not in frame.columns:
        raise ValueError(f"target {target!r} is not a column of the table.")
    if n_rows is not None and n_rows < len(frame):
        if n_rows < 20:
            raise ValueError(f"n_rows must be at least 20, got {n_rows}.")
        frame, _ = stratified_split(
            frame, test_size=len(frame) - n_rows, target=target, random_state=random_state
        )
    rest, test = stratified_split(
        frame, test_size=TEST_SIZE, target=target, random_state=random_state
    )
    train, reference = stratified_split(
        rest,
        test_size=REFERENCE_SIZE / (1 - TEST_SIZE),
        target=target,
        random_state=random_state,
    )
    return DemoSplit(
        *(t.reset_index(drop=True) for t in (train, reference, test)),
    )


# ------------------------------------------------------------------------------- models
TRAIN_SECONDS = 140


def default_generators(
    quick: bool = False, random_state: int | None = 0, *, verbose: int = 1
) -> dict[str, SequenceGenerator]:
    """The generators of the demo, one per architecture.

    At ``quick=False`` they are the library defaults of :class:`~sksynth.RNNGenerator`,
    :class:`~sksynth.TransformerGenerator` and :class:`~sksynth.WaveNetGenerator`, with
    ``verbose``, ``random_state`` and a training budget of ``TRAIN_SECONDS`` each
    (``max_time``). ``quick=True`` uses small models trained for two
    epochs with batches of 64 rows.

    Parameters
    ----------
    quick : bool, default=False
    random_state : int or None, default=0
    verbose : int, default=1
        Progress bars and epoch lines of the generators.

    Returns
    -------
    generators : dict of str to SequenceGenerator
        Keyed ``"rnn"``, ``"transformer"``, ``"wavenet"`` (unfitted).

    Examples
    --------
    >>> gens = default_generators(quick=True, verbose=0)
    >>> sorted(gens), gens["rnn"].max_epochs
    (['rnn', 'transformer', 'wavenet'], 2)
    """
    generators = {}
    for name, cls in _GENERATORS.items():
        # A training budget per architecture keeps the whole demo within 15 minutes on two
        # CPU cores; early stopping usually ends the RNN sooner.
        params = {"verbose": verbose, "random_state": random_state, "max_time": TRAIN_SECONDS}
        if quick:
            params.update(_QUICK_PARAMS[name], max_epochs=2, batch_size=64, max_time=None)
        generators[name] = cls(**params)
    return generators


def _discretizer(random_state, decode="donor"):
    # Donor decoding keeps the exact relations between flow columns (totals, means, rates)
    # that independent draws inside each interval break; the independent-columns baseline
    # keeps independent ("empirical") draws, so that no column relation reaches it.
    return SymbolicDiscretizer(
        decode=decode, handle_unknown="use_unknown_symbol", random_state=random_state
    )


def make_pipelines(
    architectures: Sequence[str] = ARCHITECTURES,
    *,
    quick: bool = False,
    random_state: int | None = 0,
    verbose: int = 1,
    baseline: bool = True,
) -> dict[str, SynthesisPipeline]:
    """A discretizer + generator pipeline per architecture, and the independent baseline.

    Parameters
    ----------
    architectures : sequence of {"rnn", "transformer", "wavenet"}
    quick : bool, default=False
    random_state : int or None, default=0
    verbose : int, default=1
    baseline : bool, default=True
        Add ``"independent"``: the discretizer + :class:`~sksynth.IndependentGenerator`.

    Returns
    -------
    pipelines : dict of str to SynthesisPipeline

    Examples
    --------
    >>> pipelines = make_pipelines(["wavenet", "rnn"], quick=True, verbose=0)
    >>> list(pipelines)
    ['wavenet', 'rnn', 'independent']
    >>> [name for name, _ in pipelines["independent"].steps]
    ['symbolicdiscretizer', 'independentgenerator']
    """
    unknown = [a for a in architectures if a not in _GENERATORS]
    if unknown:
        raise ValueError(f"Unknown architecture {unknown[0]!r}; choose from {ARCHITECTURES}.")
    generators = default_generators(quick, random_state, verbose=verbose)
    pipelines = {
        name: make_synthesis_pipeline(_discretizer(random_state), gen)
        for name, gen in generators.items()
        if name in architectures
    }
    pipelines = {name: pipelines[name] for name in architectures}
    if baseline:
        pipelines[BASELINE] = make_synthesis_pipeline(
            _discretizer(random_state, decode="empirical"), IndependentGenerator()
        )
    return pipelines


def fit_and_sample(
    pipeline: SynthesisPipeline,
    train: pd.DataFrame,
    n_samples: int,
    *,
    random_state: int | None = 0,
) -> tuple[pd.DataFrame, float, float]:
    """Fit a pipeline, sample rows and time both.

    Parameters
    ----------
    pipeline : SynthesisPipeline
    train : DataFrame
    n_samples : int
    random_state : int or None, default=0

    Returns
    -------
    synthetic : DataFrame
    fit_seconds : float
    rows_per_second : float
        Sampling speed, decoding included.

    Examples
    --------
    >>> flows = load_flows().sample(2000, random_state=0)
    >>> pipeline = make_pipelines(["rnn"], quick=True, verbose=0)["rnn"]
    >>> synthetic, fit_seconds, speed = fit_and_sample(
    ...     pipeline, flows, 100, random_state=0)  # doctest: +SKIP
    >>> synthetic.shape  # doctest: +SKIP
    (100, 85)
    """
    start = time.perf_counter()
    pipeline.fit(train)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    synthetic = pipeline.sample(n_samples, random_state=random_state)
    rows_per_second = n_samples / max(time.perf_counter() - start, 1e-9)
    return synthetic, fit_seconds, rows_per_second


# ----------------------------------------------------------------------------- metrics
def evaluate_candidates(
    real_train: pd.DataFrame,
    candidates: dict[str, pd.DataFrame],
    real_test: pd.DataFrame,
    *,
    target: str | None,
    max_rows: int = MAX_EVAL_ROWS,
    random_state: int | None = 0,
    n_jobs: int | None = 1,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """The metrics of the demo's table for several candidate tables, judged alike.

    Every candidate is judged on the same number of rows (as many as the smallest candidate
    has, at most ``max_rows``, drawn at random), because several metrics depend on it. Both
    inlier rates come from one SVM per protocol fitted on ``real_train`` that judges every
    candidate (the paper's protocol); similarity and detection compare each candidate with
    ``real_test``, rows no generator saw; TSTR is compared with one train-on-real reference
    (TRTR) trained on as many real training rows.

    Parameters
    ----------
    real_train : DataFrame
        The rows the generators were fitted on.
    candidates : dict of str to DataFrame
        Synthetic tables (and, as a reference, real rows no generator saw).
    real_test : DataFrame
        Real rows for TSTR, similarity, detection and memorisation, disjoint from the others.
    target : str or None
        Column for TSTR; None leaves the TSTR columns NaN.
    max_rows : int, default=5000
    random_state : int or None, default=0
    n_jobs : int or None, default=1
        Candidates evaluated in parallel (processes); every metric is single-threaded, so
        ``n_jobs=2`` about halves the time on an otherwise idle 2-core machine. The results
        do not depend on it.
    progress : callable, default=None
        Called with a candidate's name after it has been evaluated.

    Returns
    -------
    table : DataFrame
        One row per candidate (index ``model``) and the metric columns; ``attrs["trtr"]``
        holds the TRTR macro-F1 and ``attrs["n_eval_rows"]`` the rows judged per candidate.

    Examples
    --------
    >>> split = split_for_demo(load_flows(), n_rows=2000)
    >>> baseline = make_pipelines([], verbose=0)["independent"]
    >>> synthetic = baseline.fit(split.train).sample(len(split.train), random_state=0)
    >>> table = evaluate_candidates(
    ...     split.train,
    ...     {"independent": synthetic, "real holdout": split.reference},
    ...     split.test,
    ...     target="Label",
    ... )  # doctest: +SKIP
    >>> list(table.index)  # doctest: +SKIP
    ['independent', 'real holdout']
    """
    names = list(candidates)
    real_train, aligned, kinds = check_tables(
        real_train,
        *candidates.values(),
        real_test,
        names=["real_train", *names, "real_test"],
    )
    real_test = aligned.pop()
    rng = check_random_state(random_state)
    n_eval = min(max_rows, *(len(t) for t in aligned))
    tables = {name: subsample(t, n_eval, rng) for name, t in zip(names, aligned)}

    def seed() -> int:
        return int(rng.randint(2**31 - 1))

    rows = {name: dict.fromkeys(_COLUMNS, np.nan) for name in names}
    for protocol, column in (
        ("paper", "inlier % (paper)"),
        ("calibrated", "inlier % (calibrated)"),
    ):
        if protocol == "paper" and "numeric" not in kinds.values():
            continue
        rates = inlier_rates(real_train, list(tables.values()), kinds, protocol, max_rows, seed())
        for name, rate in zip(names, rates):
            rows[name][column] = 100 * rate
    trtr = np.nan
    if target is not None:
        trtr = tstr_score(real_train, subsample(real_train, n_eval, rng), real_test, target=target)
    seeds = {name: (seed(), seed()) for name in names}
    jobs = (
        delayed(_candidate_metrics)(
            name, real_train, table, real_test, target, trtr, max_rows, seeds[name]
        )
        for name, table in tables.items()
    )
    for name, metrics in Parallel(n_jobs=n_jobs, return_as="generator_unordered")(jobs):
        rows[name].update(metrics)
        if progress is not None:
            progress(name)
    table = pd.DataFrame.from_dict(rows, orient="index")[_COLUMNS]
    table.index.name = "model"
    table.attrs.update(trtr=float(trtr), n_eval_rows=int(n_eval))
    return table


def _candidate_metrics(name, real_train, table, real_test, target, trtr, max_rows, seeds):
    """Every metric of one candidate but the inlier rates (run in a worker when n_jobs > 1)."""
    row = {}
    if target is not None:
        row["TSTR macro-F1"] = tstr_score(real_train, table, real_test, target=target)
        row["TSTR / TRTR"] = row["TSTR macro-F1"] / trtr if trtr else np.nan
    # Judged against the test rows, which no generator saw: comparing with the training
    # rows would reward copies of them.
    details = similarity_score(real_test, table, details=True)
    row["similarity"] = details["score"]
    row["pair trends"] = details["column_pair_trends"]
    row["detection AUC"] = detection_score(
        real_test, table, max_samples=max_rows, random_state=seeds[0]
    )
    row["memorization"] = memorization_rate(
        real_train, table, real_test, max_samples=max_rows, random_state=seeds[1]
    )
    row["exact copies"] = exact_copy_rate(real_train, table)
    return name, row


def check_targets(table: pd.DataFrame, architectures: Sequence[str] | None = None) -> pd.DataFrame:
    """Whether the results meet the demo's targets (:data:`TARGETS`).

    The best architecture must reach similarity >= 0.90, TSTR >= 0.85 of train-on-real and a
    detection AUC <= 0.80; every architecture must beat the independent baseline on TSTR,
    detection AUC and pair trends (when the table has the baseline).

    Parameters
    ----------
    table : DataFrame
        As :func:`evaluate_candidates` returns it.
    architectures : sequence of str, default=None
        Rows that are architectures; None takes every row but the baseline and the reference.

    Returns
    -------
    targets : DataFrame
        Columns ``target``, ``value`` (the best value, or the worst architecture against the
        baseline) and ``met`` (``"yes"`` or ``"no"``).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame(
    ...     {
    ...         "TSTR macro-F1": [0.80, 0.40],
    ...         "TSTR / TRTR": [0.90, 0.45],
    ...         "similarity": [0.92, 0.85],
    ...         "pair trends": [0.88, 0.70],
    ...         "detection AUC": [0.85, 0.99],
    ...     },
    ...     index=["rnn", "independent"],
    ... )
    >>> targets = check_targets(table)
    >>> targets.loc[2, "target"], targets.loc[2, "met"]
    ('best detection AUC <= 0.80', 'no')
    >>> targets["met"].tolist()
    ['yes', 'yes', 'no', 'yes', 'yes', 'yes']
    """
    if architectures is None:
        architectures = [m for m in table.index if m not in (BASELINE, REFERENCE)]
    arch = table.loc[list(architectures)]
    rows = []
    for metric, threshold in TARGETS.items():
        values = arch[metric].dropna()
        lower = metric == "detection AUC"
        best = values.min() if lower else values.max()
        sign = "<=" if lower else ">="
        met = bool(len(values)) and (best <= threshold if lower else best >= threshold)
        rows.append((f"best {metric} {sign} {threshold:.2f}", f"{best:.4f}", met))
    if BASELINE in table.index:
        base = table.loc[BASELINE]
        for metric, lower in (
            ("TSTR macro-F1", False),
            ("detection AUC", True),
            ("pair trends", False),
        ):
            values = arch[metric]
            worst = values.max() if lower else values.min()
            met = bool(len(values)) and bool(
                (values < base[metric]).all() if lower else (values > base[metric]).all()
            )
            rows.append(
                (
                    f"every architecture beats {BASELINE} on {metric}",
                    f"worst {worst:.4f} vs {base[metric]:.4f}",
                    met,
                )
            )
    targets = pd.DataFrame(rows, columns=["target", "value", "met"])
    targets["met"] = targets["met"].map({True: "yes", False: "no"})
    return targets


def format_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every number formatted for printing (NaN as an empty cell).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> table = pd.DataFrame(
    ...     {"similarity": [0.91234, np.nan], "sample rows/s": [123456.7, 9876.0]},
    ...     index=["rnn", "independent"],
    ... )
    >>> format_table(table)
                similarity sample rows/s
    rnn              0.912       123,457
    independent                    9,876
    """
    formats = {
        "inlier % (paper)": "{:.1f}",
        "inlier % (calibrated)": "{:.1f}",
        "fit s": "{:.1f}",
        "sample rows/s": "{:,.0f}",
    }
    out = table.copy().astype(object)
    for column in table.columns:
        fmt = formats.get(column, "{:.3f}")
        out[column] = [
            "" if pd.isna(v) else fmt.format(v) if isinstance(v, int | float) else str(v)
            for v in table[column]
        ]
    return out


# -------------------------------------------------------------------------------- demo
def demo(
    output: str | Path = "sksynth-demo",
    quick: bool = False,
    random_state: int | None = 0,
    architectures: Sequence[str] = ARCHITECTURES,
    n_rows: int | None = None,
    *,
    data: pd.DataFrame | None = None,
    target: str = "Label",
    n_jobs: int | None = 1,
    verbose: int = 1,
) -> pd.DataFrame:
    """Run the paper's Table 2, extended, on the shipped CIC-IDS2017 flows.

    1. Load the 25,127 flows without their identifier columns (:data:`IDENTIFIER_COLUMNS`)
       and split them 60/20/20, stratified on ``Label``, into *train* rows, a *real holdout*
       and *test* rows.
    2. Fit a :class:`~sksynth.SymbolicDiscretizer` + generator pipeline per architecture
       (:func:`default_generators`) and the independent-columns baseline on the train rows,
       and sample as many rows as the train split has.
    3. Judge every synthetic table and, as the reference of what real data scores, the real
       holdout (real rows no generator saw, judged as if they were synthetic) against the
       same train and test rows with :func:`evaluate_candidates`: inlier rate (the paper's
       protocol and the calibrated one), TSTR macro-F1 on ``Label`` and its ratio to
       train-on-real, sdmetrics similarity and its column-pair-trends part, detection AUC,
       memorisation and exact-copy rates, fit seconds and sampling speed. Every candidate
       is judged on as many rows as the real holdout has (at most 5,000).
    4. Print the table and the targets block (:func:`check_targets`) and write everything to
       ``output``.

    Written to ``output``:

    - ``synthetic_<model>.csv``: the sampled rows of each architecture and of the baseline;
    - ``table2.csv`` and ``table2.md``: the table (the Markdown file adds the targets block);
    - ``distributions.png``: empirical CDFs, train rows against every synthetic table, of
      the six columns with the highest mutual information with ``Label`` in the train rows
      (numeric columns cut into 20 quantile bins), i.e. the columns a classifier of the
      attack class relies on most;
    - ``correlation_difference_<model>.png``: heat map of the absolute difference of the
      Spearman correlation matrices, train rows against each synthetic table;
    - ``metrics.png``: the metrics that lie in [0, 1], one bar per model, targets dashed;
    - ``training_history.png``: loss per epoch of every architecture.

    At the defaults the demo is meant to finish within 15 minutes on a 2-core CPU.

    Parameters
    ----------
    output : str or Path, default="sksynth-demo"
        Folder of the outputs (created if needed).
    quick : bool, default=False
        A smoke run: 5,000 rows (3,000 to train on), small models, two epochs.
    random_state : int or None, default=0
        Seeds the split, the models, the sampling and the metrics.
    architectures : sequence of {"rnn", "transformer", "wavenet"}, default=all three
    n_rows : int or None, default=None
        Use this many rows of the table (a stratified draw); None uses every row, or 5,000
        with ``quick=True``.
    data : DataFrame or None, default=None
        Another table to run on instead of the CIC-IDS2017 flows (it must hold ``target``).
    target : str, default="Label"
        Column for the stratification, TSTR and the choice of plotted columns.
    n_jobs : int or None, default=1
        Candidates evaluated in parallel (see :func:`evaluate_candidates`); training always
        uses the generators' own settings.
    verbose : int, default=1
        Print the table and show progress bars; 0 is silent.

    Returns
    -------
    table : DataFrame
        One row per architecture, then ``"independent"`` and ``"real holdout"`` (index
        ``model``), with the columns ``inlier % (paper)``, ``inlier % (calibrated)``,
        ``TSTR macro-F1``, ``TSTR / TRTR``, ``similarity``, ``pair trends``,
        ``detection AUC``, ``memorization``, ``exact copies``, ``fit s`` and
        ``sample rows/s``. ``attrs`` holds ``"trtr"``, ``"n_eval_rows"``, ``"targets"``
        (the :func:`check_targets` table) and ``"seconds"`` (the total run time).

    Notes
    -----
    Why a separate real holdout: judging the test rows against the train rows while also
    testing TSTR on them would let the reference train and test on the same rows. The
    holdout is disjoint from both, is judged against the same train rows as the synthetic
    tables, and its TSTR model is trained on as many rows as theirs; its row shows what real
    data scores under each metric (for instance about 0.05 memorisation and an inlier rate
    near ``1 - nu``), which is the value to compare with, not a perfect score.

    Examples
    --------
    A smoke run, a few minutes on a laptop CPU:

    >>> import tempfile
    >>> table = demo(tempfile.mkdtemp(), quick=True, verbose=0)  # doctest: +SKIP
    >>> list(table.index)  # doctest: +SKIP
    ['rnn', 'transformer', 'wavenet', 'independent', 'real holdout']
    >>> table.attrs["targets"].columns.tolist()  # doctest: +SKIP
    ['target', 'value', 'met']
    """
    started = time.perf_counter()
    architectures = tuple(architectures)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    if n_rows is None and quick:
        n_rows = QUICK_ROWS
    pipelines = make_pipelines(
        architectures, quick=quick, random_state=random_state, verbose=verbose
    )
    n_steps = 1 + 2 * len(pipelines) + 2 + 1
    bar = tqdm(total=n_steps, desc="demo", disable=not verbose, position=0)

    def step(label: str) -> None:
        bar.set_postfix_str(label)
        bar.update()

    bar.set_postfix_str("loading data")
    frame = load_flows() if data is None else data
    split = split_for_demo(frame, target=target, n_rows=n_rows, random_state=random_state)
    step("data split")

    synthetic, timing, histories = {}, {}, {}
    for name, pipeline in pipelines.items():
        bar.set_postfix_str(f"fitting {name}")
        table, fit_seconds, speed = fit_and_sample(
            pipeline, split.train, len(split.train), random_state=random_state
        )
        synthetic[name], timing[name] = table, (fit_seconds, speed)
        if hasattr(pipeline[-1], "history_"):
            histories[name] = pipeline[-1].history_
        step(f"fitted {name}")
        table.to_csv(output / f"synthetic_{_slug(name)}.csv", index=False)
        step(f"wrote synthetic_{_slug(name)}.csv")

    bar.set_postfix_str("evaluating")
    results = evaluate_candidates(
        split.train,
        {**synthetic, REFERENCE: split.reference},
        split.test,
        target=target,
        random_state=random_state,
        n_jobs=n_jobs,
        progress=lambda name: bar.set_postfix_str(f"evaluated {name}"),
    )
    for name, (fit_seconds, speed) in timing.items():
        results.loc[name, ["fit s", "sample rows/s"]] = [fit_seconds, speed]
    targets = check_targets(results, architectures)
    step("evaluated")

    bar.set_postfix_str("plotting")
    _plots(output, split, synthetic, results, histories, target)
    step("plotted")

    results.attrs["targets"] = targets
    results.attrs["seconds"] = time.perf_counter() - started
    source = "CIC-IDS2017 flows" if data is None else "The table"
    report = _report(results, targets, split, quick, random_state, source)
    results.to_csv(output / "table2.csv", float_format="%.6g")
    (output / "table2.md").write_text(report, encoding="utf-8")
    step("wrote table2")
    bar.close()
    if verbose:
        print(report)
        print(f"Outputs in {output.resolve()} ({results.attrs['seconds']:.0f} s in all).")
    return results


def _slug(name: str) -> str:
    return name.replace(" ", "_")


def _plots(output, split, synthetic, results, histories, target) -> None:
    from . import plotting

    columns = plotting.informative_columns(split.train, target, n_columns=6)
    shown = {name: t.iloc[:MAX_EVAL_ROWS] for name, t in synthetic.items()}
    plotting.plot_distributions(
        split.train.iloc[:MAX_EVAL_ROWS], shown, columns, path=output / "distributions.png"
    )
    for name, table in synthetic.items():
        plotting.plot_correlation_difference(
            split.train,
            table,
            title=name,
            path=output / f"correlation_difference_{_slug(name)}.png",
        )
    chart = results[
        ["inlier % (calibrated)", "TSTR / TRTR", "similarity", "pair trends", "detection AUC"]
    ].copy()
    chart["inlier % (calibrated)"] /= 100
    chart = chart.rename(columns={"inlier % (calibrated)": "inlier (calibrated)"})
    chart["memorization"] = results["memorization"]
    plotting.plot_metric_comparison(
        chart.clip(upper=1.0), targets=TARGETS, path=output / "metrics.png"
    )
    if histories:
        plotting.plot_training_history(histories, path=output / "training_history.png")


def _with_target_row(shown: pd.DataFrame) -> pd.DataFrame:
    row = pd.Series("", index=shown.columns)
    for metric, threshold in TARGETS.items():
        row[metric] = f"{'<=' if metric == 'detection AUC' else '>='} {threshold:.2f}"
    return pd.concat([shown, row.to_frame("target (best architecture)").T]).rename_axis("model")


def _markdown(shown: pd.DataFrame) -> str:
    align = ("left",) + ("right",) * shown.shape[1]
    return shown.to_markdown(disable_numparse=True, colalign=align)


def _report(results, targets, split, quick, random_state, source) -> str:
    n_train, n_ref, n_test = len(split.train), len(split.reference), len(split.test)
    lines = [
        "# sksynth demo: the paper's Table 2, extended",
        "",
        f"{source}, {split.train.shape[1]} columns; {n_train:,} train, {n_ref:,} "
        f"real-holdout and {n_test:,} test rows (stratified on the label, random_state="
        f"{random_state}{', quick run' if quick else ''}). Each candidate is judged on "
        f"{results.attrs['n_eval_rows']:,} rows; train-on-real (TRTR) macro-F1: "
        f"{results.attrs['trtr']:.3f}.",
        "",
        _markdown(_with_target_row(format_table(results))),
        "",
        "## Targets",
        "",
        targets.to_markdown(index=False),
        "",
    ]
    return "\n".join(lines)
