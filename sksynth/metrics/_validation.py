"""Input checks and shared preprocessing for the synthetic-data metrics.

Every metric compares tables that must describe the same columns. :func:`check_tables` aligns
them by name (column order may differ), checks that each column has a compatible kind in every
table and rejects empty tables and infinite values. :func:`prepare_frame` then turns a table into
the form the scikit-learn models use: numeric and datetime columns as ``float64`` (missing values
kept as ``NaN`` for an imputer or for gradient boosting's native missing-value support) and every
other column as ``str``, a missing value becoming the category :data:`MISSING`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from pandas.api import types as pdt
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, QuantileTransformer
from sklearn.utils import check_random_state
from threadpoolctl import threadpool_limits

#: Category that stands for a missing value in a non-numeric column.
MISSING = "__missing__"

NUMERIC_KINDS = ("numeric", "datetime")
CATEGORICAL_KINDS = ("boolean", "categorical")


def column_kind(column: pd.Series) -> str:
    """Kind of a column: ``"boolean"``, ``"numeric"``, ``"datetime"`` or ``"categorical"``.

    Integer and float columns are both ``"numeric"``; strings, objects and pandas categoricals
    are ``"categorical"``.
    """
    dtype = column.dtype
    if pdt.is_bool_dtype(dtype):
        return "boolean"
    if pdt.is_numeric_dtype(dtype):
        return "numeric"
    if pdt.is_datetime64_any_dtype(dtype):
        return "datetime"
    return "categorical"


def check_tables(
    reference: pd.DataFrame,
    *others: pd.DataFrame,
    names: Sequence[str] = ("real", "synthetic"),
) -> tuple[pd.DataFrame, list[pd.DataFrame], dict[str, str]]:
    """Check that tables share columns and column kinds; align them on the first one's order.

    Parameters
    ----------
    reference : DataFrame
        The table whose column order and kinds the others are checked against.
    *others : DataFrame
        Tables that must have the same columns (in any order) with compatible kinds.
    names : sequence of str
        Names of the tables in error messages, reference first.

    Returns
    -------
    reference : DataFrame
    others : list of DataFrame
        The other tables with their columns in the reference's order.
    kinds : dict
        Column name -> kind, see :func:`column_kind`.

    Raises
    ------
    TypeError
        If a table is not a DataFrame.
    ValueError
        If a table is empty, has duplicated column names, lacks a column or has an extra one, a
        column's kind differs between tables (``int`` against ``float`` is fine, numeric against
        string is not) or a numeric column holds an infinite value.
    """
    tables = (reference, *others)
    names = list(names) + [f"table {i}" for i in range(len(names), len(tables))]
    for table, name in zip(tables, names):
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"{name} must be a pandas DataFrame, got {type(table).__name__}.")
        if table.shape[0] == 0 or table.shape[1] == 0:
            raise ValueError(f"{name} is empty (shape {table.shape}).")
        duplicated = table.columns[table.columns.duplicated()].tolist()
        if duplicated:
            raise ValueError(f"{name} has duplicated column names: {duplicated}.")

    kinds = {col: column_kind(reference[col]) for col in reference.columns}
    problems = []
    aligned = []
    for table, name in zip(others, names[1:]):
        missing = [c for c in reference.columns if c not in table.columns]
        extra = [c for c in table.columns if c not in kinds]
        if missing:
            problems.append(f"{name} lacks columns {missing}")
        if extra:
            problems.append(f"{name} has extra columns {extra}")
        for col in reference.columns:
            if col in table.columns:
                kind = column_kind(table[col])
                if kind != kinds[col]:
                    problems.append(
                        f"column {col!r} is {kinds[col]} ({reference[col].dtype}) in "
                        f"{names[0]} but {kind} ({table[col].dtype}) in {name}"
                    )
        if not missing:
            aligned.append(table[list(reference.columns)])
    if problems:
        raise ValueError("Tables do not match: " + "; ".join(problems) + ".")

    numeric = [c for c, k in kinds.items() if k == "numeric"]
    for table, name in zip((reference, *aligned), names):
        if numeric:
            values = table[numeric].astype("float64").to_numpy()
            infinite = np.isinf(values).any(axis=0)
            if infinite.any():
                bad = [c for c, b in zip(numeric, infinite) if b]
                raise ValueError(f"{name} has infinite values in columns {bad}.")
    return reference, aligned, kinds


def prepare_frame(table: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """Numeric and datetime columns as float64 (NaN kept), the others as str (NaN -> MISSING)."""
    out = {}
    for col in table.columns:
        kind = kinds[col]
        values = table[col]
        if kind == "numeric":
            out[col] = values.astype("float64")
        elif kind == "datetime":
            as_dt = pd.to_datetime(values)
            if getattr(as_dt.dt, "tz", None) is not None:
                as_dt = as_dt.dt.tz_convert("UTC").dt.tz_localize(None)
            seconds = as_dt.astype("datetime64[ns]").astype("int64").astype("float64") / 1e9
            out[col] = seconds.where(as_dt.notna())
        else:
            missing = values.isna()
            strings = values.astype(object).astype(str)
            out[col] = strings.where(~missing, MISSING).astype(object)
    return pd.DataFrame(out, index=table.index)


def split_kinds(kinds: dict[str, str], columns: Sequence[str] | None = None):
    """Column names of numeric-like and categorical-like kinds, in ``columns`` order."""
    columns = list(kinds) if columns is None else list(columns)
    numeric = [c for c in columns if kinds[c] in NUMERIC_KINDS]
    categorical = [c for c in columns if kinds[c] in CATEGORICAL_KINDS]
    return numeric, categorical


def scaling_transformer(
    kinds: dict[str, str],
    *,
    output_distribution: str = "normal",
    n_rows: int,
    random_state: int | None = None,
    categorical_weight: float = 1.0,
) -> ColumnTransformer:
    """Quantile-scaled numeric columns and one-hot categorical ones, for prepared frames.

    Numeric columns are median-imputed and mapped through a :class:`QuantileTransformer` fitted
    on the reference table; categorical ones are one-hot encoded, categories unseen at fit time
    giving all-zero rows.
    """
    numeric, categorical = split_kinds(kinds)
    transformers = []
    if numeric:
        quantiles = QuantileTransformer(
            n_quantiles=max(2, min(1000, n_rows)),
            output_distribution=output_distribution,
            random_state=random_state,
        )
        imputer = SimpleImputer(strategy="median", keep_empty_features=True)
        transformers.append(("num", make_pipeline(imputer, quantiles), numeric))
    if categorical:
        encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False, dtype=np.float64)
        transformers.append(("cat", encoder, categorical))
    return ColumnTransformer(
        transformers,
        remainder="drop",
        transformer_weights={"cat": categorical_weight} if categorical else None,
    )


def subsample(table: pd.DataFrame, max_samples: int | None, random_state) -> pd.DataFrame:
    """At most ``max_samples`` rows drawn without replacement (row order kept)."""
    if max_samples is None or len(table) <= max_samples:
        return table
    rng = check_random_state(random_state)
    rows = np.sort(rng.choice(len(table), size=max_samples, replace=False))
    return table.iloc[rows]


def check_max_samples(max_samples) -> None:
    """Raise ValueError unless ``max_samples`` is None or a positive integer."""
    if max_samples is None:
        return
    if isinstance(max_samples, bool) or not isinstance(max_samples, int | np.integer):
        raise ValueError(f"max_samples must be a positive int or None, got {max_samples!r}.")
    if max_samples < 1:
        raise ValueError(f"max_samples must be a positive int or None, got {max_samples!r}.")


def seed_from(random_state) -> int:
    """An int seed for a scikit-learn component, drawn from ``random_state``."""
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def single_threaded(function: Callable) -> Callable:
    """Run ``function`` with OpenMP and BLAS limited to one thread.

    Gradient boosting and nearest-neighbour searches use OpenMP, NumPy uses a threaded BLAS;
    on a machine whose cores are busy with other work, spinning threads slow them down badly.
    On a shared 2-core machine we measured 0.3 s single-threaded against 71 s with two
    threads for the same gradient-boosting fit, and 11 s against 31 s for the sdmetrics
    report. The metrics are meant to run inside cross-validation loops and benchmarks that
    parallelise at a higher level, so they run single-threaded.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with threadpool_limits(limits=1):
            return function(*args, **kwargs)

    return wrapper
