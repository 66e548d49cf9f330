"""Train on synthetic, test on real (TSTR): machine-learning utility of synthetic rows."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import f1_score, get_scorer, r2_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OrdinalEncoder

from ._validation import (
    CATEGORICAL_KINDS,
    check_tables,
    prepare_frame,
    single_threaded,
    split_kinds,
)

#: A numeric target with at most this many distinct values (in ``real_train``) is a class label.
MAX_CLASSES_NUMERIC_TARGET = 10

# Gradient boosting bins categorical features into at most 255 codes.
_MAX_CATEGORIES = 255


def is_classification_target(values: pd.Series, kind: str) -> bool:
    """True for a non-numeric target or a numeric one with few distinct values."""
    if kind in CATEGORICAL_KINDS:
        return True
    return values.nunique(dropna=True) <= MAX_CLASSES_NUMERIC_TARGET


def default_estimator(
    kinds: dict[str, str],
    X: pd.DataFrame,
    classification: bool,
    random_state: int = 0,
) -> Pipeline:
    """Histogram gradient boosting with ordinal-encoded native categorical features.

    ``X`` is the prepared training frame (see ``prepare_frame``): its columns are the
    features, except numeric columns without any value, which gradient boosting cannot bin
    and which carry no information. Categories unseen during ``fit`` (and the rarest ones
    past 254 per column) are encoded as missing values, which gradient boosting handles
    natively. The booster uses ``l2_regularization=1.0`` and no early stopping (see the
    comments in the code).
    """
    numeric, categorical = split_kinds(kinds, X.columns)
    numeric = [c for c in numeric if X[c].notna().any()]
    encoder = OrdinalEncoder(
        handle_unknown="use_encoded_value",
        unknown_value=np.nan,
        encoded_missing_value=np.nan,
        max_categories=_MAX_CATEGORIES - 1,
        dtype=np.float64,
    )
    columns = ColumnTransformer(
        [("cat", encoder, categorical), ("num", "passthrough", numeric)],
        remainder="drop",
    )
    is_categorical = [True] * len(categorical) + [False] * len(numeric)
    params = {
        "categorical_features": is_categorical if categorical else None,
        # Without an L2 penalty, boosting diverges on multi-class targets with tiny classes
        # (the CIC-IDS2017 labels: macro-F1 0.24 on its own training rows, 1.0 with it).
        "l2_regularization": 1.0,
        # Early stopping (on by default past 10,000 rows) draws a stratified validation split
        # that fails when a class has a single row, and makes the fit depend on that split.
        "early_stopping": False,
        "random_state": random_state,
    }
    if classification:
        model = HistGradientBoostingClassifier(**params)
    else:
        model = HistGradientBoostingRegressor(**params)
    return Pipeline([("columns", columns), ("model", model)])


def _split(table: pd.DataFrame, target: str, kinds: dict[str, str], classification: bool):
    labelled = table[table[target].notna()]
    X = prepare_frame(labelled.drop(columns=[target]), kinds)
    y = labelled[target]
    if kinds[target] in CATEGORICAL_KINDS:
        y = y.astype(object).astype(str)
    else:  # numbers as float64 (datetimes as seconds)
        y = prepare_frame(labelled[[target]], kinds)[target]
        if classification:  # few distinct numbers: labels "0.0", "1.0"... whatever the dtype
            y = y.astype(str)
    return X, y.to_numpy()


@single_threaded
def tstr_score(
    real_train: pd.DataFrame,
    synthetic: pd.DataFrame,
    real_test: pd.DataFrame,
    *,
    target: str,
    estimator: BaseEstimator | None = None,
    scoring: str | Callable | None = None,
) -> float:
    """Train a model on the synthetic rows and score it on real test rows (TSTR).

    Parameters
    ----------
    real_train : DataFrame
        Real training rows. They serve as the reference for columns and kinds (and decide
        whether the task is classification); the model is trained on ``synthetic``. Pass
        ``real_train`` again as ``synthetic`` to get the train-on-real, test-on-real (TRTR)
        reference that a TSTR score should be compared with.
    synthetic : DataFrame
        Rows the model is trained on, same columns as ``real_train`` (any order).
    real_test : DataFrame
        Real rows the model is scored on, same columns.
    target : str
        The column to predict. It is a classification target when it is not numeric or has at
        most 10 distinct values in ``real_train``, else a regression target.
    estimator : estimator, default=None
        Model to clone and fit. It receives a DataFrame of the other columns, numeric ones as
        ``float64`` (missing as NaN, datetimes as seconds) and the others as ``str`` (missing as
        ``"__missing__"``). None uses a pipeline of an ``OrdinalEncoder`` (unknown categories
        become missing values) and a ``HistGradientBoostingClassifier`` or ``Regressor`` with
        native categorical support.
    scoring : str, callable or None, default=None
        A scikit-learn scorer name or a callable ``scorer(estimator, X, y)``. None uses the
        macro-averaged F1 over the classes present in ``real_test`` (``zero_division=0``) for
        classification and R² for regression.

    Returns
    -------
    float
        The score on ``real_test``; for the default scoring, higher is better.

    Raises
    ------
    ValueError
        If the tables do not match, ``target`` is not a column, no column is left as a
        feature or ``synthetic`` or ``real_test`` has no row with a target value.

    See Also
    --------
    evaluate : Runs TSTR and its TRTR reference together with the other metrics.

    Notes
    -----
    Rows whose target is missing are dropped from ``synthetic`` and ``real_test``. Missing
    feature values are left to the model (the default handles them natively).

    The score never fails because the synthetic rows lack something the real ones have:
    categories missing from ``synthetic`` are unknown to the encoder and treated as missing,
    classes missing from ``synthetic`` simply score an F1 of 0, and when ``synthetic`` holds
    a single class a constant ``DummyClassifier`` (most frequent class) replaces the
    estimator.

    The macro-F1 averages over every class of ``real_test``, so rare classes weigh as much as
    common ones and make the score noisy on small test sets; compare TSTR with the TRTR
    reference computed on the same tables. Fitting runs single-threaded; the default model
    takes about 2 s on 3,000 rows of the 85-column CIC-IDS2017 sample (16 classes) and 9 s on
    20,000.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sksynth.metrics import tstr_score
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=400)
    >>> real = pd.DataFrame({"x": x, "noise": rng.normal(size=400),
    ...                      "y": np.where(x > 0, "pos", "neg")})
    >>> train, test = real.iloc[:200], real.iloc[200:]
    >>> round(tstr_score(train, train, test, target="y"), 2)  # TRTR reference
    1.0
    >>> one_class = train[train["y"] == "pos"]
    >>> tstr_score(train, one_class, test, target="y") < 0.5
    True
    """
    real_train, (synthetic, real_test), kinds = check_tables(
        real_train, synthetic, real_test, names=("real_train", "synthetic", "real_test")
    )
    if target not in kinds:
        raise ValueError(f"target {target!r} is not a column of the tables.")
    features = [c for c in real_train.columns if c != target]
    if not features:
        raise ValueError("The tables have no column besides the target.")
    classification = is_classification_target(real_train[target], kinds[target])
    X_train, y_train = _split(synthetic, target, kinds, classification)
    X_test, y_test = _split(real_test, target, kinds, classification)
    if len(y_train) == 0:
        raise ValueError(f"synthetic has no row with a value for target {target!r}.")
    if len(y_test) == 0:
        raise ValueError(f"real_test has no row with a value for target {target!r}.")

    if estimator is None:
        model = default_estimator(kinds, X_train, classification)
    else:
        model = clone(estimator)
    if classification and len(pd.unique(y_train)) < 2:
        model = DummyClassifier(strategy="most_frequent")
    model.fit(X_train, y_train)

    if scoring is not None:
        scorer = get_scorer(scoring) if isinstance(scoring, str) else scoring
        return float(scorer(model, X_test, y_test))
    predicted = model.predict(X_test)
    if classification:
        labels = pd.unique(y_test)
        return float(f1_score(y_test, predicted, labels=labels, average="macro", zero_division=0))
    return float(r2_score(y_test, predicted))


__all__ = ["tstr_score"]
