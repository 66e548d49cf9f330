"""Privacy checks: synthetic rows that copy or sit unusually close to training rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors
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

#: Share of holdout rows that fall under the distance threshold of :func:`memorization_rate`.
HOLDOUT_QUANTILE = 0.05


def _share_below(distances: np.ndarray, threshold: float, tie_weight: float) -> float:
    below = np.mean(distances < threshold)
    ties = np.mean(distances == threshold)
    return float(below + tie_weight * ties)


@single_threaded
def memorization_rate(
    real_train: pd.DataFrame,
    synthetic: pd.DataFrame,
    real_holdout: pd.DataFrame,
    *,
    max_samples: int | None = 5000,
    random_state: int | np.random.RandomState | None = None,
) -> float:
    """Share of synthetic rows closer to a training row than real unseen rows usually are.

    For each holdout row, the distance to its nearest training row is measured; the 5th
    percentile of those distances is the threshold. The result is the share of synthetic rows
    whose nearest training row is closer than the threshold. A generator that has not
    memorised its training rows produces rows that are no closer to them than unseen real
    rows, and scores about 0.05; a clearly larger value means synthetic rows copy or
    near-copy training rows.

    Parameters
    ----------
    real_train : DataFrame
        The rows the generator was trained on.
    synthetic : DataFrame
        Generated rows, same columns (any order).
    real_holdout : DataFrame
        Real rows the generator did not see, same columns.
    max_samples : int or None, default=5000
        At most this many rows of ``synthetic`` and of ``real_holdout`` are drawn at random
        (None uses every row). Every training row is searched, whatever this is: a copy of a
        training row left out of the search would go unnoticed.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsampling and the quantile transformer's subsample.

    Returns
    -------
    float
        The share in ``[0, 1]``; about 0.05 when nothing is memorised.

    Raises
    ------
    ValueError
        If the tables do not match, are empty or hold infinite values.

    See Also
    --------
    exact_copy_rate : Share of synthetic rows identical to a training row.

    Notes
    -----
    Distances are Euclidean in a scaled space fitted on the training rows: numeric columns
    median-imputed and mapped to ``[0, 1]`` by a ``QuantileTransformer``, other columns one-hot
    encoded (missing values as their own category) and weighted by ``1/sqrt(2)``, so that a
    category mismatch weighs as much as the largest possible numeric difference.

    The nearest-neighbour search is exact (brute force) and single-threaded; with 20,000
    training rows and 5,000 rows each of ``synthetic`` and ``real_holdout`` (85 columns) it
    takes about 2 s.

    When many distances equal the threshold (duplicated rows give distance 0), the rows at
    the threshold are counted with the weight that makes the holdout itself score exactly
    0.05; with distinct distances this is the plain share of rows below the threshold.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sksynth.metrics import memorization_rate
    >>> rng = np.random.default_rng(0)
    >>> real = pd.DataFrame({"x": rng.normal(size=600), "y": rng.normal(size=600),
    ...                      "c": rng.choice(["a", "b"], size=600)})
    >>> train, holdout, fresh = real.iloc[:200], real.iloc[200:400], real.iloc[400:]
    >>> memorization_rate(train, fresh, holdout, random_state=0) < 0.15
    True
    >>> memorization_rate(train, train, holdout, random_state=0)
    1.0
    """
    check_max_samples(max_samples)
    real_train, (synthetic, real_holdout), kinds = check_tables(
        real_train, synthetic, real_holdout, names=("real_train", "synthetic", "real_holdout")
    )
    rng = check_random_state(random_state)
    # Every training row is searched: a synthetic copy of a row left out of the search would
    # go unnoticed.
    synthetic = subsample(synthetic, max_samples, rng)
    real_holdout = subsample(real_holdout, max_samples, rng)

    scaler = scaling_transformer(
        kinds,
        output_distribution="uniform",
        n_rows=len(real_train),
        random_state=seed_from(rng),
        categorical_weight=np.sqrt(0.5),
    )
    train = scaler.fit_transform(prepare_frame(real_train, kinds))
    neighbours = NearestNeighbors(n_neighbors=1, algorithm="brute").fit(train)
    holdout_distances = neighbours.kneighbors(scaler.transform(prepare_frame(real_holdout, kinds)))[
        0
    ][:, 0]
    synthetic_distances = neighbours.kneighbors(scaler.transform(prepare_frame(synthetic, kinds)))[
        0
    ][:, 0]

    threshold = float(np.quantile(holdout_distances, HOLDOUT_QUANTILE))
    below = np.mean(holdout_distances < threshold)
    ties = np.mean(holdout_distances == threshold)
    tie_weight = (HOLDOUT_QUANTILE - below) / ties if ties > 0 else 0.0
    return _share_below(synthetic_distances, threshold, float(np.clip(tie_weight, 0.0, 1.0)))


def exact_copy_rate(real_train: pd.DataFrame, synthetic: pd.DataFrame) -> float:
    """Share of synthetic rows identical to some training row.

    Parameters
    ----------
    real_train : DataFrame
        The rows the generator was trained on.
    synthetic : DataFrame
        Generated rows, same columns (any order).

    Returns
    -------
    float
        The share in ``[0, 1]``.

    Raises
    ------
    ValueError
        If the tables do not match, are empty or hold infinite values.

    See Also
    --------
    memorization_rate : Share of synthetic rows unusually close to a training row.

    Notes
    -----
    Rows are compared after aligning the columns by name, with numbers compared as floats
    (``1`` equals ``1.0``) and missing values equal to each other. Real tables can hold
    duplicated rows (network flows do), so compare with the rate of a real holdout,
    ``exact_copy_rate(real_train, real_holdout)``, rather than with 0.

    Examples
    --------
    >>> import pandas as pd
    >>> from sksynth.metrics import exact_copy_rate
    >>> train = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    >>> synthetic = pd.DataFrame({"b": ["x", "y", "q", "x"], "a": [1.0, 5.0, 3.0, 1.0]})
    >>> exact_copy_rate(train, synthetic)
    0.5
    """
    real_train, (synthetic,), kinds = check_tables(real_train, synthetic)
    train_hashes = _row_hashes(real_train, kinds)
    synthetic_hashes = _row_hashes(synthetic, kinds)
    return float(np.mean(np.isin(synthetic_hashes, train_hashes)))


def _row_hashes(table: pd.DataFrame, kinds: dict[str, str]) -> np.ndarray:
    prepared = prepare_frame(table, kinds)
    for col in prepared.columns:
        if prepared[col].dtype == np.float64:
            # One bit pattern for zero (-0.0 + 0.0 is 0.0) and one for NaN.
            values = prepared[col].to_numpy() + 0.0
            prepared[col] = np.where(np.isnan(values), np.nan, values)
    return pd.util.hash_pandas_object(prepared, index=False).to_numpy()


__all__ = ["exact_copy_rate", "memorization_rate"]
