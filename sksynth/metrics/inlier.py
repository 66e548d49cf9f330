"""Inlier rate: the share of synthetic rows a one-class SVM fitted on real rows accepts."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.svm import OneClassSVM
from sklearn.utils import check_random_state

from ._validation import (
    check_max_samples,
    check_tables,
    prepare_frame,
    scaling_transformer,
    seed_from,
    single_threaded,
    subsample,
)

#: Names accepted by the ``protocol`` parameter of :func:`inlier_rate`.
INLIER_PROTOCOLS = ("calibrated", "paper", "linear")


def _inlier_model(kinds: dict[str, str], protocol: str, n_rows: int, seed: int) -> Pipeline:
    if protocol == "calibrated":
        features = scaling_transformer(
            kinds, output_distribution="normal", n_rows=n_rows, random_state=seed
        )
        svm = OneClassSVM(kernel="rbf", gamma="scale", nu=0.1)
        return Pipeline([("features", features), ("svm", svm)])
    numeric = [c for c, k in kinds.items() if k == "numeric"]
    if not numeric:
        raise ValueError(f"protocol={protocol!r} uses numeric columns only and there are none.")
    # Raw, unscaled numeric columns; the imputer only matters when values are missing.
    imputer = SimpleImputer(strategy="median", keep_empty_features=True)
    features = ColumnTransformer([("num", imputer, numeric)])
    if protocol == "paper":
        svm = OneClassSVM(kernel="poly", degree=2, nu=0.2)
    else:
        svm = OneClassSVM(kernel="linear", nu=0.2)
    return Pipeline([("features", features), ("svm", svm)])


@single_threaded
def inlier_rate(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    protocol: str = "calibrated",
    max_samples: int | None = 5000,
    random_state: int | np.random.RandomState | None = None,
) -> float:
    """Share of synthetic rows that a one-class SVM fitted on the real rows calls inliers.

    Parameters
    ----------
    real : DataFrame
        Real rows; the one-class SVM is fitted on (a subsample of) them.
    synthetic : DataFrame
        Rows to judge, with the same columns as ``real`` (in any order).
    protocol : {"calibrated", "paper", "linear"}, default="calibrated"
        How the rows are represented and which SVM is used:

        - ``"calibrated"``: every column is scaled (numeric columns median-imputed and mapped
          by a ``QuantileTransformer(output_distribution="normal")``, other columns one-hot
          encoded, unseen categories ignored), then ``OneClassSVM(kernel="rbf", gamma="scale",
          nu=0.1)``.
        - ``"paper"``: the evaluation the authors ran, ``OneClassSVM(kernel="poly", degree=2,
          nu=0.2)`` with the default gamma, on the raw, unscaled numeric columns only
          (non-numeric columns, datetimes included, are dropped). Pass ``max_samples=None``
          to fit on every real row.
        - ``"linear"``: ``OneClassSVM(kernel="linear", nu=0.2)`` on the raw numeric columns,
          as the paper's text describes it.
    max_samples : int or None, default=5000
        At most this many rows of ``real`` (to fit) and of ``synthetic`` (to judge) are drawn
        at random; None uses every row (the SVM's cost grows about quadratically with it).
    random_state : int, RandomState instance or None, default=None
        Seeds the subsampling and the quantile transformer's subsample.

    Returns
    -------
    float
        Share of the judged synthetic rows predicted as inliers, in ``[0, 1]``.

    Raises
    ------
    ValueError
        If ``protocol`` is unknown, the tables do not match (see
        :func:`~sksynth.metrics._validation.check_tables`), a table is empty or holds infinite
        values, or the ``"paper"``/``"linear"`` protocol finds no numeric column.

    See Also
    --------
    detection_score : A classifier's ability to tell real from synthetic rows.
    similarity_score : Marginal and pairwise similarity (sdmetrics' quality report).

    Notes
    -----
    The inlier rate is not a score to maximise. Compare it with the rate of a real holdout
    (``inlier_rate(real_train, real_holdout)``): about ``1 - nu`` of the real distribution lies
    inside the SVM's boundary, so a generator that matches the data reproduces the holdout's
    rate. A synthetic rate *above* the holdout's means the synthetic rows are too typical,
    concentrated in the dense core and missing the tails and rare classes (mode collapse),
    not that they are more realistic.

    The ``"paper"`` protocol is kept to reproduce published figures, not to judge data: on raw
    CICFlowMeter features the columns' scales differ by up to ten orders of magnitude, so the
    polynomial kernel (and the linear one) only sees the few largest-valued columns, and its
    ``gamma="scale"`` makes the fit numerically fragile (results move a lot with the drawn
    rows). It rates rows whose columns were shuffled independently, so that every
    relationship between columns is gone, *higher* than real held-out rows. On the shared
    CIC-IDS2017 sample (85 columns, SVM fitted on 5,000 rows, 5,000 other rows judged, three
    random draws) we measured, with the paper protocol, 69%, 18% and 76% inliers for real
    held-out rows against 99.7%, 7% and 100% for the same rows with their columns shuffled
    (fitted on 20,000 rows: 82%, 71%, 78% against 100%); with the calibrated protocol, 90%
    for real held-out rows against 4% for shuffled ones, in every draw. The issue that asked
    for this function reported 27% (real) and 70% (shuffled) for the paper protocol: the
    ordering reproduces in most draws, the figures depend on the draw.

    Missing values are median-imputed in numeric columns and become their own category in
    the others.

    Examples
    --------
    Rows whose columns were shuffled independently keep every column's distribution but lose
    the relationships between columns:

    >>> import numpy as np
    >>> import pandas as pd
    >>> from sksynth.metrics import inlier_rate
    >>> def draw(rng, n):
    ...     x = rng.normal(size=n)
    ...     c = np.where(x + rng.normal(size=n) > 0, "a", "b")
    ...     return pd.DataFrame({"x": x, "y": x + 0.3 * rng.normal(size=n), "c": c})
    >>> rng = np.random.default_rng(0)
    >>> real, holdout = draw(rng, 300), draw(rng, 300)
    >>> shuffled = holdout.apply(lambda column: rng.permutation(column.to_numpy()))
    >>> round(inlier_rate(real, holdout, random_state=0), 2)
    0.88
    >>> round(inlier_rate(real, shuffled, random_state=0), 2)
    0.31

    The paper protocol rates the shuffled rows above real ones:

    >>> round(inlier_rate(real, holdout, protocol="paper", random_state=0), 2)
    0.8
    >>> round(inlier_rate(real, shuffled, protocol="paper", random_state=0), 2)
    0.9
    """
    if protocol not in INLIER_PROTOCOLS:
        raise ValueError(f"protocol must be one of {INLIER_PROTOCOLS}, got {protocol!r}.")
    check_max_samples(max_samples)
    real, (synthetic,), kinds = check_tables(real, synthetic)
    return inlier_rates(real, [synthetic], kinds, protocol, max_samples, random_state)[0]


def inlier_rates(
    real: pd.DataFrame,
    others: list[pd.DataFrame],
    kinds: dict[str, str],
    protocol: str,
    max_samples: int | None,
    random_state,
) -> list[float]:
    """Inlier rate of each of ``others`` under one SVM fitted on ``real`` (checked tables)."""
    if protocol not in INLIER_PROTOCOLS:
        raise ValueError(f"protocol must be one of {INLIER_PROTOCOLS}, got {protocol!r}.")
    check_max_samples(max_samples)
    rng = check_random_state(random_state)
    real = subsample(real, max_samples, rng)
    model = _inlier_model(kinds, protocol, len(real), seed_from(rng))
    model.fit(prepare_frame(real, kinds))
    rates = []
    for table in others:
        predicted = model.predict(prepare_frame(subsample(table, max_samples, rng), kinds))
        rates.append(float(np.mean(predicted == 1)))
    return rates


__all__ = ["INLIER_PROTOCOLS", "inlier_rate"]
