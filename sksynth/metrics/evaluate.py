"""All the metrics in one call, as a tidy table."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state
from tqdm.auto import tqdm

from ._validation import check_max_samples, check_tables, seed_from, single_threaded, subsample
from .detection import detection_score
from .inlier import inlier_rates
from .privacy import HOLDOUT_QUANTILE, exact_copy_rate, memorization_rate
from .similarity import similarity_score
from .tstr import tstr_score

HIGHER, LOWER, REFERENCE = "higher", "lower", "closer to reference"


@single_threaded
def evaluate(
    real_train: pd.DataFrame,
    synthetic: pd.DataFrame,
    real_test: pd.DataFrame | None = None,
    *,
    target: str | None = None,
    max_samples: int | None = 5000,
    random_state: int | np.random.RandomState | None = None,
    verbose: bool = False,
) -> pd.DataFrame:
    """Compute every metric of :mod:`sksynth.metrics` and return them as a tidy table.

    Parameters
    ----------
    real_train : DataFrame
        The real rows the generator was trained on.
    synthetic : DataFrame
        Generated rows, same columns (any order).
    real_test : DataFrame, default=None
        Real rows the generator did not see, same columns. Needed for the holdout
        references, :func:`memorization_rate` and TSTR; the rows that need it are left out
        without it.
    target : str, default=None
        Column to predict for TSTR (train on synthetic, test on ``real_test``) and its TRTR
        reference (train on ``real_train``). TSTR is left out without it.
    max_samples : int or None, default=5000
        Rows per table for the metrics that subsample (inlier rates, detection,
        memorisation, and the training rows of TSTR and TRTR, so that both learn from as
        many rows). The similarity and exact-copy metrics use every row.
    random_state : int, RandomState instance or None, default=None
        Seeds every metric.
    verbose : bool, default=False
        Show a progress bar.

    Returns
    -------
    DataFrame
        One row per metric with columns ``metric``, ``value``, ``ideal`` and ``direction``
        (``"higher"``, ``"lower"`` or ``"closer to reference"``, the reference being
        ``ideal``). The metrics, in order:

        - ``inlier_rate_paper``, ``inlier_rate_calibrated``: :func:`inlier_rate`; ideal is
          the rate of ``real_test`` under the same SVM (NaN without ``real_test``). The paper
          protocol's value is NaN when the tables have no numeric column.
        - ``similarity``: :func:`similarity_score`; ideal 1.
        - ``detection_auc``: :func:`detection_score`; ideal 0.5, lower is better.
        - ``memorization_rate``: :func:`memorization_rate` (needs ``real_test``); ideal 0.05,
          lower is better.
        - ``exact_copy_rate``: :func:`exact_copy_rate`; ideal is the rate of ``real_test``
          (0 without it), lower is better.
        - ``tstr``, ``trtr``, ``tstr_trtr_ratio`` (need ``target`` and ``real_test``):
          :func:`tstr_score` with default scoring (macro-F1 or R²) trained on ``synthetic``
          and on ``real_train``, and their ratio; the ideal of ``tstr`` is ``trtr`` and that
          of the ratio is 1. ``trtr`` is a reference and has no ideal.

        ``report.attrs["seconds"]`` holds the run time of each step.

    Raises
    ------
    ValueError
        If the tables do not match, are empty or hold infinite values, or ``target`` is not
        a column.

    See Also
    --------
    inlier_rate, similarity_score, detection_score, memorization_rate, exact_copy_rate,
    tstr_score

    Notes
    -----
    Everything runs single-threaded. On the CIC-IDS2017 sample (20,000 training rows, 20,000
    synthetic rows, 5,127 test rows, 85 columns, ``target="Label"``) one call took 21 to 25 s
    on a shared 2-core machine: the sdmetrics report about 11 s, TSTR and TRTR (5,000
    training rows each) 6 to 10 s, detection 2 s, memorisation 1.5 s, both inlier rates 1 s.

    ``tstr_trtr_ratio`` is only meaningful when TRTR is clearly positive (an R² near or under
    0 makes it meaningless).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sksynth.metrics import evaluate
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=600)
    >>> real = pd.DataFrame({"x": x, "y": x + 0.5 * rng.normal(size=600),
    ...                      "label": np.where(x > 0, "pos", "neg")})
    >>> train, synthetic, test = real.iloc[:200], real.iloc[200:400], real.iloc[400:]
    >>> report = evaluate(train, synthetic, test, target="label", random_state=0)
    >>> report["metric"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['inlier_rate_paper', 'inlier_rate_calibrated', 'similarity', 'detection_auc',
     'memorization_rate', 'exact_copy_rate', 'tstr', 'trtr', 'tstr_trtr_ratio']
    >>> report.columns.tolist()
    ['metric', 'value', 'ideal', 'direction']
    """
    check_max_samples(max_samples)
    tables = [real_train, synthetic] + ([] if real_test is None else [real_test])
    names = ("real_train", "synthetic", "real_test")
    real_train, others, kinds = check_tables(*tables, names=names)
    synthetic = others[0]
    real_test = others[1] if real_test is not None else None
    if target is not None and target not in kinds:
        raise ValueError(f"target {target!r} is not a column of the tables.")
    if target is not None and real_test is None:
        warnings.warn("TSTR needs real_test; it is left out.", UserWarning, stacklevel=3)
    rng = check_random_state(random_state)

    rows: list[tuple[str, float, float, str]] = []
    tasks: list[tuple[str, Callable[[int], None]]] = []

    def inlier(protocol: str) -> Callable[[int], None]:
        def run(seed: int) -> None:
            judged = [synthetic] + ([] if real_test is None else [real_test])
            if protocol != "calibrated" and "numeric" not in kinds.values():
                rates = [np.nan, np.nan]  # the raw protocols use numeric columns only
            else:
                rates = inlier_rates(real_train, judged, kinds, protocol, max_samples, seed)
            reference = rates[1] if real_test is not None else np.nan
            rows.append((f"inlier_rate_{protocol}", rates[0], reference, REFERENCE))

        return run

    tasks.append(("inlier rate (paper)", inlier("paper")))
    tasks.append(("inlier rate (calibrated)", inlier("calibrated")))

    def similarity(seed: int) -> None:
        rows.append(("similarity", similarity_score(real_train, synthetic), 1.0, HIGHER))

    def detection(seed: int) -> None:
        value = detection_score(real_train, synthetic, max_samples=max_samples, random_state=seed)
        rows.append(("detection_auc", value, 0.5, LOWER))

    def memorization(seed: int) -> None:
        value = memorization_rate(
            real_train, synthetic, real_test, max_samples=max_samples, random_state=seed
        )
        rows.append(("memorization_rate", value, HOLDOUT_QUANTILE, LOWER))

    def copies(seed: int) -> None:
        reference = 0.0 if real_test is None else exact_copy_rate(real_train, real_test)
        rows.append(("exact_copy_rate", exact_copy_rate(real_train, synthetic), reference, LOWER))

    def tstr(seed: int) -> None:
        seeds = check_random_state(seed)
        train = subsample(real_train, max_samples, seeds)
        fake = subsample(synthetic, max_samples, seeds)
        tstr_value = tstr_score(real_train, fake, real_test, target=target)
        trtr_value = tstr_score(real_train, train, real_test, target=target)
        ratio = tstr_value / trtr_value if trtr_value != 0 else np.nan
        rows.append(("tstr", tstr_value, trtr_value, HIGHER))
        rows.append(("trtr", trtr_value, np.nan, HIGHER))
        rows.append(("tstr_trtr_ratio", ratio, 1.0, HIGHER))

    tasks += [("similarity", similarity), ("detection", detection)]
    if real_test is not None:
        tasks.append(("memorization", memorization))
    tasks.append(("exact copies", copies))
    if target is not None and real_test is not None:
        tasks.append(("TSTR and TRTR", tstr))

    seeds = [seed_from(rng) for _ in tasks]
    seconds = {}
    with tqdm(total=len(tasks), disable=not verbose, desc="evaluate") as bar:
        for (name, task), seed in zip(tasks, seeds):
            bar.set_postfix_str(name)
            start = time.perf_counter()
            task(seed)
            seconds[name] = time.perf_counter() - start
            bar.update()

    report = pd.DataFrame(rows, columns=["metric", "value", "ideal", "direction"])
    report[["value", "ideal"]] = report[["value", "ideal"]].astype(float)
    report.attrs["seconds"] = seconds
    return report


__all__ = ["evaluate"]
