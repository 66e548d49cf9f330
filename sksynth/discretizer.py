"""SymbolicDiscretizer: every column of a table becomes a small alphabet of symbols, and back."""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.cluster import KMeans
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ._frame import as_frame

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def symbol_name(code: int) -> str:
    """Printable name of a code, as the paper writes them: a..z, then a1..z1, a2..z2, ..."""
    q, r = divmod(int(code), len(_LETTERS))
    return _LETTERS[r] + (str(q) if q else "")


def _symbol_code(name: str) -> int:
    letter, rest = name[:1], name[1:]
    if letter not in _LETTERS or len(letter) != 1 or (rest and not rest.isdigit()):
        raise ValueError(
            f"{name!r} is not a symbol (expected a letter a-z, optionally + a number)."
        )
    return _LETTERS.index(letter) + len(_LETTERS) * (int(rest) if rest else 0)


@dataclass
class _Column:
    """What the discretizer learned about one column (private; the public view is on the
    estimator as ``categories_``, ``bin_edges_``, ``feature_kinds_`` and ``n_symbols_``)."""

    name: str
    kind: str  # "categorical", "discrete", "numeric" or "datetime"
    dtype: object
    has_missing_symbol: bool
    categories: np.ndarray | None = None  # categorical and discrete columns
    edges: np.ndarray | None = None  # numeric and datetime: lower edge of each bin, then max
    integer: bool = False  # values are int64 (integers, datetimes) rather than float64
    bin_min: np.ndarray | None = None  # smallest training value in each bin
    stored: np.ndarray | None = None  # training values kept for empirical decoding
    stored_start: np.ndarray | None = None
    stored_count: np.ndarray | None = None

    @property
    def n_values(self) -> int:
        if self.categories is not None:
            return len(self.categories)
        return len(self.edges) - 1

    @property
    def n_symbols(self) -> int:
        return self.n_values + int(self.has_missing_symbol)


def _is_missing(series: pd.Series) -> np.ndarray:
    return np.asarray(series.isna(), dtype=bool)


def _numeric_values(series: pd.Series, kind: str, integer: bool) -> np.ndarray:
    """Non-missing values of a numeric or datetime column as int64 or float64."""
    values = series[~series.isna()]
    if kind == "datetime":
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_convert("UTC").dt.tz_localize(None)
        return values.to_numpy(dtype="datetime64[ns]").view("int64")
    if integer:
        return values.to_numpy(dtype="int64")
    return values.to_numpy(dtype="float64")


class SymbolicDiscretizer(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Encode each column of a table as symbols of a small alphabet, and decode them back.

    The symbolic encoding of the paper: numeric columns are cut into at most ``n_bins``
    intervals, one symbol each, so that a row becomes a short sentence and generating rows
    becomes next-symbol classification. Categorical columns get one symbol per category and
    numeric columns with at most ``n_bins`` distinct values one symbol per value, so both come
    back exactly. Missing values get a symbol of their own and come back as missing.

    Parameters
    ----------
    n_bins : int, default=49
        Largest number of intervals per numeric column (the paper uses 49). Intervals that
        would hold no training value are merged into their neighbours, so a column can have
        fewer; a column with at most ``n_bins`` distinct values keeps one symbol per value.
    strategy : {"quantile", "uniform", "kmeans"}, default="quantile"
        Where the interval edges go. ``"quantile"``: about as many training values in each
        interval (edges are training values); ``"uniform"``: equal-width intervals between the
        minimum and the maximum (the paper's); ``"kmeans"``: edges halfway between the centres
        of a 1-D k-means.
    categorical_features : "auto", list of str or int, or None, default="auto"
        Which columns hold categories. ``"auto"``: columns of object, string, category and
        bool dtypes. A list names them (column names, or indices for arrays); numeric columns
        in it keep one symbol per value whatever their number. Other columns must be numeric
        or datetime.
    decode : {"empirical", "donor", "uniform", "midpoint"}, default="empirical"
        How :meth:`inverse_transform` picks a value inside a numeric interval.
        ``"empirical"``: one of the training values seen in that interval, drawn with their
        frequencies (keeps spikes such as zeros and integer grids; at most
        ``max_values_per_bin`` are stored per interval); ``"donor"``: for each row, the
        values of a training row (the donor) whose symbols agree with the row's on the most
        columns, for every column where they agree, and ``"empirical"`` draws elsewhere: this
        hot-deck decoding keeps the exact relations between columns (minimum <= mean <=
        maximum, rates = amounts / duration) that independent draws break, at the price of
        reusing whole training rows where all symbols agree (check
        :func:`~sksynth.metrics.memorization_rate`); ``"uniform"``: a uniform draw inside the
        interval (the paper's); ``"midpoint"``: the middle of the interval.
    max_values_per_bin : int, default=256
        How many training values the ``"empirical"`` decoding keeps per interval (a random
        subset when there are more), which bounds the size of a fitted discretizer.
    max_donors : int, default=20_000
        How many training rows (a random subset) ``"donor"`` decoding keeps and searches.
    handle_unknown : {"error", "use_unknown_symbol"}, default="error"
        What :meth:`transform` does with a category not seen in :meth:`fit`. ``"error"`` raises
        a ``ValueError``; ``"use_unknown_symbol"`` gives every categorical column a symbol for
        "missing or unknown" that such values map to (it decodes to a missing value).
    random_state : int, RandomState instance or None, default=None
        Seeds the subset of stored values and k-means in :meth:`fit` and the draws of
        :meth:`inverse_transform` (which also takes its own ``random_state``). With an int,
        every call draws the same values.

    Attributes
    ----------
    n_features_in_ : int
        Number of columns seen in :meth:`fit`.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names seen in :meth:`fit` (only when ``X`` had string column names).
    n_symbols_ : ndarray of shape (n_features_in_,)
        Alphabet size of each column: codes of column ``j`` lie in ``[0, n_symbols_[j])``.
        The missing-value symbol, when a column has one, is the last code.
    feature_kinds_ : ndarray of shape (n_features_in_,)
        ``"categorical"``, ``"discrete"`` (numeric, one symbol per value), ``"numeric"``
        (binned) or ``"datetime"`` (binned on time) for each column.
    bin_edges_ : list of ndarray or None
        For binned columns, the interval edges: symbol ``k`` covers
        ``[bin_edges_[j][k], bin_edges_[j][k + 1])`` (the last interval includes its upper
        edge). Datetime edges are ``datetime64[ns]``. ``None`` for other columns.
    categories_ : list of ndarray or None
        For categorical and discrete columns, the value of each symbol; ``None`` otherwise.
    missing_symbol_ : ndarray of shape (n_features_in_,)
        Code of the missing-value (or unknown) symbol of each column, -1 when it has none.

    See Also
    --------
    sklearn.preprocessing.KBinsDiscretizer : Binning of numeric columns only.
    sklearn.preprocessing.OrdinalEncoder : Integer codes for categories.

    Notes
    -----
    - Values outside the fitted range fall into the first or last interval.
    - ``transform(inverse_transform(codes))`` equals ``codes`` exactly, and every decoded
      numeric value lies inside its symbol's interval (decoded values that would leave it,
      for instance through rounding to ``float32``, are replaced by the smallest training
      value of that interval).
    - Integer columns decode to integers within the training range; columns keep their
      dtype, including pandas nullable and pyarrow-backed dtypes, and datetimes (time-zone
      aware ones too) come back as datetimes. Strings that hold dates are categories: convert
      them with :func:`pandas.to_datetime` first to bin them on time.
    - A column whose values are all equal, or all missing, is a one-symbol column.
    - An object column must not mix numbers and strings: convert it first, for instance
      with ``astype(str)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sksynth import SymbolicDiscretizer
    >>> X = pd.DataFrame({"bytes": [0, 0, 40, 1500, 60000, 61000],
    ...                   "proto": ["tcp", "udp", "tcp", "tcp", "udp", None]})
    >>> disc = SymbolicDiscretizer(n_bins=3, random_state=0).fit(X)
    >>> disc.n_symbols_
    array([3, 3])
    >>> codes = disc.transform(X)
    >>> codes
    array([[0, 0],
           [0, 1],
           [1, 0],
           [2, 0],
           [2, 1],
           [2, 2]])
    >>> disc.to_sentences(codes[:2])
    ['a a', 'a b']
    >>> decoded = disc.inverse_transform(codes)
    >>> (disc.transform(decoded) == codes).all()
    np.True_
    """

    _parameter_constraints: dict = {
        "n_bins": [Interval(numbers.Integral, 1, None, closed="left")],
        "strategy": [StrOptions({"quantile", "uniform", "kmeans"})],
        "categorical_features": [StrOptions({"auto"}), list, tuple, np.ndarray, None],
        "decode": [StrOptions({"empirical", "donor", "uniform", "midpoint"})],
        "max_donors": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_values_per_bin": [Interval(numbers.Integral, 1, None, closed="left")],
        "handle_unknown": [StrOptions({"error", "use_unknown_symbol"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_bins=49,
        *,
        strategy="quantile",
        categorical_features="auto",
        decode="empirical",
        max_values_per_bin=256,
        max_donors=20_000,
        handle_unknown="error",
        random_state=None,
    ):
        self.n_bins = n_bins
        self.strategy = strategy
        self.categorical_features = categorical_features
        self.decode = decode
        self.max_values_per_bin = max_values_per_bin
        self.max_donors = max_donors
        self.handle_unknown = handle_unknown
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        tags.transformer_tags.preserves_dtype = []
        return tags

    # ------------------------------------------------------------------ fit
    def fit(self, X, y=None):
        """Learn the alphabet of every column.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
            The table. Mixed dtypes are welcome.
        y : None
            Ignored.

        Returns
        -------
        self : SymbolicDiscretizer
        """
        self._validate_params()
        frame = as_frame(X, reset=True, estimator=self)
        categorical = self._categorical_mask(frame)
        rng = check_random_state(self.random_state)
        self._columns = [
            self._fit_column(frame.iloc[:, j], str(frame.columns[j]), categorical[j], rng)
            for j in range(frame.shape[1])
        ]
        cols = self._columns
        self.n_symbols_ = np.array([c.n_symbols for c in cols], dtype=np.int64)
        self.feature_kinds_ = np.array([c.kind for c in cols], dtype=object)
        self.categories_ = [c.categories for c in cols]
        self.bin_edges_ = [
            None
            if c.edges is None
            else c.edges.view("datetime64[ns]")
            if c.kind == "datetime"
            else c.edges
            for c in cols
        ]
        self.missing_symbol_ = np.array(
            [c.n_values if c.has_missing_symbol else -1 for c in cols], dtype=np.int64
        )
        if self.decode == "donor":
            n = len(frame)
            keep = (
                np.sort(rng.choice(n, self.max_donors, replace=False))
                if n > self.max_donors
                else np.arange(n)
            )
            self._donors = frame.iloc[keep].reset_index(drop=True)
            self._donor_codes = torch.as_tensor(
                np.asarray(self.transform(self._donors), dtype=np.int64)
            )
        return self

    def _categorical_mask(self, frame: pd.DataFrame) -> np.ndarray:
        n = frame.shape[1]
        spec = self.categorical_features
        if spec is None:
            return np.zeros(n, dtype=bool)
        if isinstance(spec, str):  # "auto"
            return np.array([_is_categorical_dtype(frame.dtypes.iloc[j]) for j in range(n)])
        mask = np.zeros(n, dtype=bool)
        names = [str(c) for c in frame.columns]
        for item in spec:
            if isinstance(item, numbers.Integral) and not isinstance(item, bool):
                if not -n <= item < n:
                    raise ValueError(
                        f"categorical_features: index {item} is out of range for {n} columns."
                    )
                mask[item] = True
            elif isinstance(item, str):
                if item not in names:
                    raise ValueError(f"categorical_features: no column named {item!r}.")
                mask[names.index(item)] = True
            else:
                raise ValueError(
                    f"categorical_features must list column names or indices, got {item!r}."
                )
        return mask

    def _fit_column(self, series: pd.Series, name: str, categorical: bool, rng) -> _Column:
        dtype = series.dtype
        missing = _is_missing(series)
        has_missing = bool(missing.any())
        if categorical or _is_categorical_dtype(dtype):
            values = series[~missing]
            _check_not_mixed(values, name)
            categories = _sorted_categories(values, dtype)
            has_symbol = has_missing or self.handle_unknown == "use_unknown_symbol"
            return _Column(name, "categorical", dtype, has_symbol, categories=categories)

        if pd.api.types.is_datetime64_any_dtype(dtype):
            kind, integer = "datetime", True
        elif pd.api.types.is_integer_dtype(dtype):
            kind, integer = "numeric", True
        elif pd.api.types.is_float_dtype(dtype):
            kind, integer = "numeric", False
        else:
            raise ValueError(
                f"Column {name!r} has dtype {dtype}, which is neither numeric, datetime nor "
                "categorical; convert it, or list it in categorical_features."
            )
        values = _numeric_values(series, kind, integer)
        if not integer and not np.isfinite(values).all():
            raise ValueError(f"Column {name!r} contains infinite values; replace them first.")
        distinct = np.unique(values)
        if len(distinct) == 0:  # all missing: only the missing symbol
            kind = "datetime" if kind == "datetime" else "discrete"
            return _Column(name, kind, dtype, True, categories=distinct, integer=integer)
        if kind != "datetime" and len(distinct) <= self.n_bins:
            return _Column(
                name, "discrete", dtype, has_missing, categories=distinct, integer=integer
            )
        if len(distinct) == 1:  # a constant datetime column
            edges = np.concatenate([distinct, distinct])
        else:
            edges = self._edges(values, distinct, integer, rng)
        column = _Column(name, kind, dtype, has_missing, edges=edges, integer=integer)
        self._store_values(column, values, rng)
        return column

    def _edges(self, values, distinct, integer, rng) -> np.ndarray:
        """Lower edges of the intervals followed by the maximum; every interval is non-empty."""
        n_bins, lo, hi = self.n_bins, distinct[0], distinct[-1]
        if self.strategy == "quantile":
            # Edges are training values ("nearest" quantiles), so they are exact in any dtype.
            ranks = np.round(np.linspace(0, 1, n_bins + 1)[1:-1] * (len(values) - 1))
            inner = np.sort(values)[ranks.astype(np.int64)]
        elif self.strategy == "uniform":
            inner = np.linspace(float(lo), float(hi), n_bins + 1)[1:-1]
        else:  # kmeans, on a subsample: 1-D k-means converges fast and is only a guide
            sample = values if len(values) <= 20_000 else rng.choice(values, 20_000, False)
            k = min(n_bins, len(np.unique(sample)))
            km = KMeans(n_clusters=k, n_init=1, random_state=rng.randint(2**31 - 1))
            centers = np.sort(km.fit(sample.reshape(-1, 1).astype(float)).cluster_centers_[:, 0])
            inner = (centers[1:] + centers[:-1]) / 2
        if integer:
            inner = np.ceil(np.asarray(inner, dtype=float)).astype(np.int64)
        inner = np.unique(inner[(inner > lo) & (inner <= hi)])
        # Keep only edges that start a non-empty interval: the smallest value >= each edge.
        starts = np.unique(distinct[np.searchsorted(distinct, inner, side="left")])
        starts = starts[starts > lo]
        return np.concatenate([[lo], starts, [hi]]).astype(values.dtype)

    def _store_values(self, column: _Column, values: np.ndarray, rng) -> None:
        codes = self._bin(column, values)
        order = np.argsort(codes, kind="stable")
        counts = np.bincount(codes, minlength=column.n_values)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        column.bin_min = column.edges[:-1]  # every lower edge is a training value
        keep, kept_counts = [], []
        for s, c in zip(starts, counts):
            idx = order[s : s + c]
            if c > self.max_values_per_bin:
                idx = rng.choice(idx, self.max_values_per_bin, replace=False)
            keep.append(values[idx])
            kept_counts.append(len(idx))
        column.stored = np.concatenate(keep) if keep else values[:0]
        column.stored_count = np.asarray(kept_counts, dtype=np.int64)
        column.stored_start = np.concatenate([[0], np.cumsum(kept_counts)[:-1]]).astype(np.int64)

    @staticmethod
    def _bin(column: _Column, values: np.ndarray) -> np.ndarray:
        """Interval of each value; values outside the range go to the edge intervals."""
        inner = column.edges[1:-1]
        return np.searchsorted(inner, values, side="right").astype(np.int64)

    # ------------------------------------------------------------ transform
    def transform(self, X):
        """Encode a table as integer codes, one column of codes per column of ``X``.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features_in_)

        Returns
        -------
        codes : ndarray of shape (n_samples, n_features_in_), dtype int64
            Column ``j`` holds codes in ``[0, n_symbols_[j])``.
        """
        check_is_fitted(self, "n_symbols_")
        frame = as_frame(X, reset=False, estimator=self)
        codes = np.empty(frame.shape, dtype=np.int64)
        for j, column in enumerate(self._columns):
            codes[:, j] = self._encode_column(column, frame.iloc[:, j])
        return codes

    def _encode_column(self, column: _Column, series: pd.Series) -> np.ndarray:
        missing = _is_missing(series)
        out = np.empty(len(series), dtype=np.int64)
        if missing.any():
            if not column.has_missing_symbol:
                raise ValueError(
                    f"Column {column.name!r} has missing values, but had none during fit."
                )
            out[missing] = column.n_values
        present = series[~missing]
        if column.kind == "categorical":
            _check_not_mixed(present, column.name)
            codes = pd.Index(column.categories).get_indexer(present.to_numpy(dtype=object))
            unknown = codes < 0
            if unknown.any():
                if self.handle_unknown == "error":
                    seen = present[unknown].unique()[:5].tolist()
                    raise ValueError(
                        f"Column {column.name!r} has categories not seen during fit: {seen}. "
                        "Set handle_unknown='use_unknown_symbol' to map them to the "
                        "missing/unknown symbol."
                    )
                codes[unknown] = column.n_values
            out[~missing] = codes
            return out
        kind = "datetime" if column.kind == "datetime" else "numeric"
        if pd.api.types.is_datetime64_any_dtype(series.dtype) != (kind == "datetime"):
            raise ValueError(
                f"Column {column.name!r} has dtype {series.dtype}, but was "
                f"{column.dtype} during fit."
            )
        if not (pd.api.types.is_numeric_dtype(series.dtype) or kind == "datetime") or (
            pd.api.types.is_bool_dtype(series.dtype)
        ):
            raise ValueError(f"Column {column.name!r} must be numeric, got dtype {series.dtype}.")
        values = _numeric_values(present, kind, integer=column.integer and _int_like(present))
        if values.dtype.kind == "f" and not np.isfinite(values).all():
            raise ValueError(f"Column {column.name!r} contains infinite values.")
        if column.categories is not None:  # one symbol per value
            cats = column.categories
            if len(cats) == 0 and len(values):
                raise ValueError(
                    f"Column {column.name!r} held only missing values during fit "
                    "and cannot encode values."
                )
            # One interval per value, cut halfway between neighbouring values.
            mids = (cats[1:].astype(float) + cats[:-1].astype(float)) / 2
            out[~missing] = np.searchsorted(mids, values.astype(float), side="right")
        else:
            out[~missing] = self._bin(column, values)
        return out

    # ---------------------------------------------------- inverse_transform
    def inverse_transform(self, X, *, random_state=None):
        """Decode codes back to a table with the original columns, order and dtypes.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)
            Integer codes, column ``j`` in ``[0, n_symbols_[j])``.
        random_state : int, RandomState instance or None, default=None
            Seeds the draws inside intervals; defaults to the estimator's ``random_state``.

        Returns
        -------
        table : DataFrame of shape (n_samples, n_features_in_)
            Always a DataFrame, whatever :meth:`set_output` says.
        """
        check_is_fitted(self, "n_symbols_")
        codes = self._check_codes(X)
        rng = check_random_state(self.random_state if random_state is None else random_state)
        data = {}
        for j, column in enumerate(self._columns):
            data[j] = self._decode_column(column, codes[:, j], rng)
        if self.decode == "donor":
            donor, agree = self._find_donors(codes, rng)
            for j in range(self.n_features_in_):
                values = self._donors.iloc[donor, j].reset_index(drop=True)
                data[j] = data[j].where(~agree[:, j], values)
        frame = pd.DataFrame(data)
        frame.columns = self._output_names()
        return frame

    def _find_donors(self, codes: np.ndarray, rng):
        """For each row, a training row that agrees with it on the most columns (ties drawn
        at random), and where they agree: (n,) donor indices and an (n, d) boolean mask."""
        donor_codes = self._donor_codes.numpy()
        offsets = np.concatenate([[0], np.cumsum(self.n_symbols_)[:-1]])
        n_donors, width = donor_codes.shape
        size = int(self.n_symbols_.sum())
        # Agreement counts are products of one-hot encodings: a sparse (donors x symbols)
        # matrix times the queries' one-hot columns.
        with warnings.catch_warnings():  # torch calls its sparse CSR support "beta"
            warnings.filterwarnings("ignore", message="Sparse CSR tensor support")
            warnings.filterwarnings("ignore", message="Sparse invariant checks")
            onehot = torch.sparse_csr_tensor(
                torch.arange(0, n_donors * width + 1, width),
                torch.as_tensor((donor_codes + offsets).ravel()),
                torch.ones(n_donors * width),
                size=(n_donors, size),
                check_invariants=False,
            )
        generator = torch.Generator().manual_seed(int(rng.randint(2**31 - 1)))
        chunk = 512
        best = []
        for start in range(0, len(codes), chunk):
            q = torch.as_tensor(codes[start : start + chunk] + offsets)
            queries = torch.zeros(size, len(q))
            queries[q.T, torch.arange(len(q))] = 1.0
            agreement = onehot @ queries  # (donors, chunk)
            agreement += torch.rand(agreement.shape, generator=generator) * 0.5
            best.append(agreement.argmax(0))
        donor = torch.cat(best).numpy()
        return donor, donor_codes[donor] == codes

    def _output_names(self):
        if hasattr(self, "feature_names_in_"):
            return pd.Index(self.feature_names_in_)
        return pd.RangeIndex(self.n_features_in_)

    def _check_codes(self, X) -> np.ndarray:
        if isinstance(X, pd.DataFrame):
            X = X.to_numpy()
        codes = np.asarray(X)
        if codes.ndim != 2:
            raise ValueError(f"Expected a 2-D array of codes, got {codes.ndim} dimension(s).")
        if codes.shape[1] != self.n_features_in_:
            raise ValueError(
                f"Expected codes for {self.n_features_in_} columns, got {codes.shape[1]}."
            )
        if codes.dtype.kind not in "iu":
            if (
                codes.dtype.kind != "f"
                or not np.all(np.isfinite(codes))
                or not np.all(codes == np.round(codes))
            ):
                raise ValueError(f"Codes must be integers, got dtype {codes.dtype}.")
        codes = codes.astype(np.int64)
        bad = (codes < 0) | (codes >= self.n_symbols_)
        if bad.any():
            j = int(np.nonzero(bad.any(axis=0))[0][0])
            name = self._columns[j].name
            raise ValueError(
                f"Codes of column {name!r} must lie in [0, {self.n_symbols_[j]}), "
                f"got {codes[bad[:, j], j][0]}."
            )
        return codes

    def _decode_column(self, column: _Column, codes: np.ndarray, rng) -> pd.Series:
        missing = codes == column.n_values
        present = ~missing
        if column.categories is not None:
            values = column.categories[codes[present]]
        else:
            values = self._decode_numeric(column, codes[present], rng)
        return _restore(column, values, missing)

    def _decode_numeric(self, column: _Column, codes: np.ndarray, rng) -> np.ndarray:
        lo, hi = column.edges[codes], column.edges[codes + 1]
        if self.decode in ("empirical", "donor"):
            pick = (rng.random_sample(len(codes)) * column.stored_count[codes]).astype(np.int64)
            values = column.stored[column.stored_start[codes] + pick]
        elif self.decode == "uniform":
            last = codes == column.n_values - 1
            if column.integer:  # integers of [lo, hi), or [lo, hi] for the last interval
                span = (hi - lo + last).astype(float)
                values = lo + np.floor(rng.random_sample(len(codes)) * span).astype(np.int64)
            else:
                values = lo + rng.random_sample(len(codes)) * (hi - lo)
        else:  # midpoint
            mid = lo + (hi - lo) / 2
            values = np.floor(mid).astype(np.int64) if column.integer else mid
        if column.integer:
            values = np.asarray(values, dtype=np.int64)
        # Keep every value inside its interval, also after a cast to the column's dtype.
        values = np.clip(values, lo, hi)
        if not column.integer and _float_dtype(column.dtype) == np.float32:
            values = values.astype(np.float32).astype(np.float64)
        outside = self._bin(column, values) != codes
        values[outside] = column.bin_min[codes[outside]]
        return values

    # ------------------------------------------------------------ sentences
    def to_sentences(self, codes) -> list[str]:
        """Render rows of codes as the paper's sentences of space-separated symbols.

        Symbols are ``a`` .. ``z`` for codes 0-25, then ``a1`` .. ``z1``, ``a2``, ...

        Parameters
        ----------
        codes : array-like of shape (n_samples, n_features_in_)

        Returns
        -------
        sentences : list of str
        """
        check_is_fitted(self, "n_symbols_")
        codes = self._check_codes(codes)
        names = np.array([symbol_name(k) for k in range(int(self.n_symbols_.max()))])
        return [" ".join(row) for row in names[codes]]

    def from_sentences(self, sentences) -> np.ndarray:
        """Parse sentences written by :meth:`to_sentences` back into codes.

        Parameters
        ----------
        sentences : iterable of str

        Returns
        -------
        codes : ndarray of shape (n_sentences, n_features_in_)
        """
        check_is_fitted(self, "n_symbols_")
        if isinstance(sentences, str):
            raise ValueError("Expected a list of sentences, got a single string.")
        rows = []
        for i, sentence in enumerate(sentences):
            symbols = sentence.split()
            if len(symbols) != self.n_features_in_:
                raise ValueError(
                    f"Sentence {i} has {len(symbols)} symbols; expected {self.n_features_in_}."
                )
            rows.append([_symbol_code(s) for s in symbols])
        codes = np.array(rows, dtype=np.int64).reshape(-1, self.n_features_in_)
        return self._check_codes(codes)

    def encode_values(self, column, values) -> np.ndarray:
        """Codes of some values of a single column (used to turn conditions into symbols).

        Parameters
        ----------
        column : str or int
            Column name (or index when fitted without names).
        values : array-like of shape (n_values,)

        Returns
        -------
        codes : ndarray of shape (n_values,)
        """
        check_is_fitted(self, "n_symbols_")
        j = self.column_index(column)
        col = self._columns[j]
        series = pd.Series(list(values) if np.ndim(values) else [values])
        if col.kind != "categorical":
            series = (
                series.astype(col.dtype)
                if not pd.api.types.is_object_dtype(series.dtype) or col.kind != "datetime"
                else pd.to_datetime(series)
            )
        return self._encode_column(col, series)

    def column_index(self, column) -> int:
        """Position of a column given its name (or its index)."""
        check_is_fitted(self, "n_symbols_")
        names = [c.name for c in self._columns]
        if isinstance(column, numbers.Integral) and not isinstance(column, bool):
            if not 0 <= column < len(names):
                raise ValueError(f"Column index {column} is out of range.")
            return int(column)
        if str(column) not in names:
            raise ValueError(f"Unknown column {column!r}.")
        return names.index(str(column))


# ------------------------------------------------------------------ helpers
def _is_categorical_dtype(dtype) -> bool:
    return (
        pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_bool_dtype(dtype)
    )


def _int_like(series: pd.Series) -> bool:
    return pd.api.types.is_integer_dtype(series.dtype) or pd.api.types.is_datetime64_any_dtype(
        series.dtype
    )


def _float_dtype(dtype):
    try:
        return np.dtype(getattr(dtype, "numpy_dtype", dtype))
    except TypeError:
        return np.dtype("float64")


def _check_not_mixed(values: pd.Series, name: str) -> None:
    if not pd.api.types.is_object_dtype(values.dtype) or len(values) == 0:
        return
    is_str = np.array([isinstance(v, str) for v in values], dtype=bool)
    if is_str.any() and not is_str.all():
        example = values[~is_str].iloc[0]
        raise ValueError(
            f"Column {name!r} mixes strings and other values (e.g. {example!r}); convert it "
            "to one type first, for instance with astype(str)."
        )


def _sorted_categories(values: pd.Series, dtype) -> np.ndarray:
    if isinstance(dtype, pd.CategoricalDtype):
        seen = set(values.unique())
        return np.array([c for c in dtype.categories if c in seen], dtype=object)
    unique = pd.unique(values.to_numpy(dtype=object))
    try:
        unique = sorted(unique)
    except TypeError:  # values that do not compare: keep the order of appearance
        unique = list(unique)
    return np.array(unique, dtype=object)


def _restore(column: _Column, values: np.ndarray, missing: np.ndarray) -> pd.Series:
    """Build a Series of the column's original dtype; missing positions become missing."""
    dtype = column.dtype
    if column.kind == "datetime":
        stamps = np.full(len(missing), np.iinfo(np.int64).min, dtype=np.int64)  # NaT
        stamps[~missing] = np.asarray(values, dtype=np.int64)
        out = pd.Series(stamps.view("datetime64[ns]"))
        if isinstance(dtype, pd.DatetimeTZDtype):
            out = out.dt.tz_localize("UTC").dt.tz_convert(dtype.tz)
        return out.astype(dtype)
    if column.kind == "categorical":
        full = np.full(len(missing), None, dtype=object)
        full[~missing] = values
        out = pd.Series(full, dtype=object)
        if isinstance(dtype, pd.CategoricalDtype) or not pd.api.types.is_object_dtype(dtype):
            if dtype == np.dtype(bool) and missing.any():
                return out  # a numpy bool column cannot hold missing values
            return out.astype(dtype)
        return out
    # numeric (binned or discrete)
    if missing.any():
        full = np.full(len(missing), np.nan)
        full[~missing] = np.asarray(values, dtype=float)
        if pd.api.types.is_extension_array_dtype(dtype):
            out = pd.Series(full).astype(dtype)
        else:
            out = pd.Series(full)
            if pd.api.types.is_float_dtype(dtype):
                out = out.astype(dtype)
        return out
    arr = np.asarray(values)
    if column.integer:
        arr = arr.astype(np.int64)
    return pd.Series(arr).astype(dtype)
