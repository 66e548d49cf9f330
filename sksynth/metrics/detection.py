"""Detection: how well a classifier tells synthetic rows from real ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.utils import check_random_state

from ._validation import (
    check_max_samples,
    check_tables,
    prepare_frame,
    seed_from,
    single_threaded,
    subsample,
)
from .tstr import default_estimator


@single_threaded
def detection_score(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    max_samples: int | None = 5000,
    cv: int = 3,
    random_state: int | np.random.RandomState | None = None,
) -> float:
    """Cross-validated ROC AUC of a classifier trained to tell real from synthetic rows.

    Parameters
    ----------
    real, synthetic : DataFrame
        Tables with the same columns (any order).
    max_samples : int or None, default=5000
        Rows drawn from each table. The two classes are balanced: both tables contribute
        ``min(len(real), len(synthetic), max_samples)`` rows. None uses as many as the smaller
        table has.
    cv : int, default=3
        Number of stratified, shuffled folds.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsampling and the folds.

    Returns
    -------
    float
        Mean ROC AUC over the folds, as is: 0.5 means the classifier cannot tell the tables
        apart, 1 that it separates them perfectly. Values a little under 0.5 are noise, not
        better data.

    Raises
    ------
    ValueError
        If the tables do not match, are empty or hold infinite values, or have fewer rows
        than ``cv``.

    See Also
    --------
    sksynth.metrics.make_detection_scorer : A greater-is-better scorer built on this metric.

    Notes
    -----
    The classifier is the default model of :func:`tstr_score`: an ordinal encoder for
    non-numeric columns (missing values as their own category, unseen ones as missing) and a
    ``HistGradientBoostingClassifier`` (missing numeric values handled natively). It runs
    single-threaded.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sksynth.metrics import detection_score
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=600)
    >>> real = pd.DataFrame({"x": x, "y": x + 0.1 * rng.normal(size=600)})
    >>> shuffled = real.assign(y=rng.permutation(real["y"].to_numpy()))
    >>> detection_score(real.iloc[:300], real.iloc[300:], random_state=0) < 0.65
    True
    >>> detection_score(real, shuffled, random_state=0) > 0.9
    True
    """
    check_max_samples(max_samples)
    real, (synthetic,), kinds = check_tables(real, synthetic)
    n = min(len(real), len(synthetic))
    if max_samples is not None:
        n = min(n, max_samples)
    if n < cv:
        raise ValueError(f"Need at least cv={cv} rows in each table, got {n}.")
    rng = check_random_state(random_state)
    both = pd.concat(
        [subsample(real, n, rng), subsample(synthetic, n, rng)], axis=0, ignore_index=True
    )
    X = prepare_frame(both, kinds)
    y = np.repeat([0, 1], n)
    model = default_estimator(kinds, X, classification=True)
    folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed_from(rng))
    scores = cross_val_score(model, X, y, cv=folds, scoring="roc_auc", n_jobs=1)
    return float(np.mean(scores))


__all__ = ["detection_score"]
