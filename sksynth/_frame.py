"""Input checks shared by the estimators: any 2-D table in, a DataFrame out."""

from __future__ import annotations

import numpy as np
import pandas as pd


def as_frame(X, *, reset: bool, estimator) -> pd.DataFrame:
    """Turn ``X`` into a DataFrame, checking its shape and column names.

    With ``reset=True`` (in ``fit``) set ``n_features_in_`` and, when ``X`` has string column
    names, ``feature_names_in_`` on ``estimator``; otherwise check ``X`` against them.
    """
    if isinstance(X, pd.DataFrame):
        frame = X
    else:
        if isinstance(X, pd.Series) or np.ndim(X) != 2:
            raise ValueError(
                f"Expected a 2-D table (DataFrame or array), got {np.ndim(X)} dimension(s). "
                "Reshape a single column with X.reshape(-1, 1) or pass a DataFrame."
            )
        array = np.asarray(X)
        if np.iscomplexobj(array):
            raise ValueError("Complex data is not supported.")
        frame = pd.DataFrame(array)
    n_rows, n_cols = frame.shape
    if n_cols == 0:
        raise ValueError("Found a table with 0 columns; at least one is required.")
    if n_rows == 0:
        raise ValueError(f"Found a table with 0 rows (shape {frame.shape}); at least one row "
                         "is required.")
    columns = frame.columns
    if columns.has_duplicates:
        dup = columns[columns.duplicated()].unique().tolist()
        raise ValueError(f"Duplicate column names: {dup}.")
    has_names = isinstance(X, pd.DataFrame) and all(isinstance(c, str) for c in columns)
    if reset:
        estimator.n_features_in_ = n_cols
        if has_names:
            estimator.feature_names_in_ = np.asarray(columns, dtype=object)
        elif hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
        return frame
    if n_cols != estimator.n_features_in_:
        raise ValueError(f"X has {n_cols} columns, but {type(estimator).__name__} was fitted "
                         f"with {estimator.n_features_in_}.")
    fitted = getattr(estimator, "feature_names_in_", None)
    if fitted is not None and has_names and list(columns) != list(fitted):
        missing = [c for c in fitted if c not in set(columns)]
        extra = [c for c in columns if c not in set(fitted)]
        if missing or extra:
            raise ValueError(f"Column names differ from those seen in fit: missing {missing}, "
                             f"unexpected {extra}.")
        return frame[list(fitted)]  # same names in another order: align them
    return frame
