"""Input checks shared by the estimators: any 2-D table in, a DataFrame out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.utils.validation import _check_feature_names, _check_n_features


def as_frame(X, *, reset: bool, estimator) -> pd.DataFrame:
    """Turn ``X`` into a DataFrame, checking its shape and column names.

    With ``reset=True`` (in ``fit``) set ``n_features_in_`` and, when ``X`` has string column
    names, ``feature_names_in_`` on ``estimator``; otherwise check ``X`` against them.
    """
    if sp.issparse(X):
        raise TypeError(
            "Sparse data was passed, but dense data is required: pass a "
            "DataFrame or a dense array (X.toarray())."
        )
    if isinstance(X, pd.DataFrame):
        frame = X
    else:
        array = X if isinstance(X, pd.Series) else np.asarray(X)
        if array.ndim != 2:
            raise ValueError(
                f"Expected a 2-D table (DataFrame or array), got {array.ndim} dimension(s). "
                "Reshape your data with X.reshape(-1, 1) if it has a single column."
            )
        if np.iscomplexobj(array):
            raise ValueError("Complex data not supported.")
        frame = pd.DataFrame(array)
    n_rows, n_cols = frame.shape
    if n_cols == 0:
        raise ValueError(
            f"Found a table with 0 feature(s) (shape={frame.shape}) while a minimum "
            "of 1 is required."
        )
    if n_rows == 0:
        raise ValueError(
            f"Found a table with 0 sample(s) (shape={frame.shape}) while a minimum "
            "of 1 is required."
        )
    columns = frame.columns
    if columns.has_duplicates:
        dup = columns[columns.duplicated()].unique().tolist()
        raise ValueError(f"Duplicate column names: {dup}.")
    # scikit-learn's own checks, so that names and messages match every other estimator's
    _check_feature_names(estimator, X, reset=reset)
    _check_n_features(estimator, frame, reset=reset)
    return frame
