"""SyntheticOverSampler: top up minority classes with conditioned synthetic rows.

An imbalanced-learn sampler (``fit_resample``), so it plugs into :mod:`imblearn.pipeline`
pipelines and cross-validation like ``RandomOverSampler`` or ``SMOTENC``. imbalanced-learn is
an optional dependency (``pip install sksynth[imbalanced]``): this module imports without it,
and the sampler raises an ``ImportError`` only when it is fitted.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import validate_data

from .discretizer import SymbolicDiscretizer
from .generator import RNNGenerator
from .pipeline import make_synthesis_pipeline

try:  # optional dependency
    from imblearn.over_sampling.base import BaseOverSampler as _Base
    from imblearn.utils import check_target_type

    _IMBLEARN_ERROR = None
except ImportError as _exc:  # pragma: no cover - exercised only without imbalanced-learn
    _IMBLEARN_ERROR = _exc

    class _Base(BaseEstimator):
        """Stand-in base class so that the module imports without imbalanced-learn."""

        _sampling_type = "over-sampling"

        def __init__(self, sampling_strategy="auto"):
            self.sampling_strategy = sampling_strategy

        def fit(self, X, y, **params):
            raise ImportError(_MISSING_IMBLEARN) from _IMBLEARN_ERROR

        def fit_resample(self, X, y, **params):
            raise ImportError(_MISSING_IMBLEARN) from _IMBLEARN_ERROR


_MISSING_IMBLEARN = (
    "SyntheticOverSampler needs imbalanced-learn: pip install 'sksynth[imbalanced]' "
    "(or pip install imbalanced-learn)."
)

#: Name of the target column when ``y`` has no name (or a name that ``X`` already uses).
DEFAULT_TARGET_NAME = "target"


class SyntheticOverSampler(_Base):
    """Over-sample classes with synthetic rows drawn from a generator conditioned on the class.

    The generator (a :class:`~sksynth.SynthesisPipeline`) learns the joint distribution of the
    features and the class: it is fitted on ``X`` with ``y`` as one more column, the target
    column, which its generator models first (``condition_on``). The new rows of a class are
    sampled with that column fixed to the class, so their features follow the class's own
    distribution rather than being copies (``RandomOverSampler``) or interpolations
    (``SMOTE``) of its rows. How many rows each class gets is imbalanced-learn's
    ``sampling_strategy``.

    Parameters
    ----------
    generator : SynthesisPipeline or None, default=None
        An unfitted pipeline (or any estimator with ``fit(table)`` and ``sample(n_samples,
        random_state=..., conditions=DataFrame)``) whose generator, its last step, has
        ``condition_on`` starting with the target column, named after ``y`` (``y.name``, or
        ``"target"`` when ``y`` has no name or ``X`` already has a column of that name). A
        generator whose ``condition_on`` is ``None`` is set to condition on the target. It
        is cloned before fitting. ``None`` uses ``make_synthesis_pipeline(SymbolicDiscretizer(
        handle_unknown="use_unknown_symbol"), RNNGenerator(condition_on=[target]))``.
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows to add per class, as in imbalanced-learn: ``"auto"`` (every class but
        the majority up to the majority's count), ``"minority"``, ``"not minority"``,
        ``"not majority"``, ``"all"``, a dict ``{class: number of rows after resampling}``,
        a float (binary targets: minority / majority ratio after resampling) or a callable
        ``y -> dict``.
    max_rows_per_class : int or None, default=None
        Fit the generator on at most this many rows of each class (a random subset of the
        larger classes; all the rows of the smaller ones). It makes fitting faster and gives
        the rare classes more weight: trained on all the rows, a generator sees a class of
        ten rows among thousands too seldom to learn it. ``None`` fits on every row.
    random_state : int, RandomState instance or None, default=None
        Seeds the subset of ``max_rows_per_class``, fitting (every ``random_state`` of the
        generator's steps left at ``None``) and sampling: with an int, :meth:`fit_resample`
        returns the same rows on the same data.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of synthetic rows added}``.
    generator_ : SynthesisPipeline
        The fitted generator (features and target column).
    target_name_ : str
        Name of the target column in the table the generator learned.
    n_features_in_ : int
        Number of features of ``X``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features of ``X``, when it is a DataFrame with string column names.

    See Also
    --------
    imblearn.over_sampling.RandomOverSampler : Over-sample by duplicating rows.
    imblearn.over_sampling.SMOTENC : Over-sample by interpolating rows (mixed types).
    sksynth.SynthesisPipeline.sample : Conditioned sampling (``conditions``).

    Notes
    -----
    - The generator sees every class, so rare classes borrow the structure that they share
      with the others (column types, ranges, correlations) while their rows are drawn
      given the class. With very few rows a class's conditional distribution is learned
      only roughly: measure the effect on held-out real data (``benchmarks/augmentation.py``
      does it on the CIC-IDS2017 flows).
    - ``X`` keeps its type, columns and dtypes; the synthetic rows are appended after the
      real ones (a new ``RangeIndex`` for DataFrames). Sparse ``X`` is not supported.
    - The target is learned as a categorical column, whatever the dtype of ``y``.
    - With many rows per class, set ``max_rows_per_class`` (a few hundred): the generator
      then trains faster and learns the rare classes better. On the CIC-IDS2017 flows,
      trained on every row it drew rows of the rarest classes that a classifier trained on
      real rows almost never recognised; capped at 100 rows per class, it did far more
      often (see ``benchmarks/augmentation.py``).

    Examples
    --------
    >>> import pandas as pd
    >>> from sksynth import SymbolicDiscretizer, RNNGenerator, make_synthesis_pipeline
    >>> from sksynth.oversampling import SyntheticOverSampler
    >>> from sksynth.datasets import load_cicids2017
    >>> flows = load_cicids2017().frame
    >>> flows = pd.concat([flows[flows["Label"] == "BENIGN"].head(289),
    ...                    flows[flows["Label"] == "Heartbleed"]])  # 11 flows
    >>> X = flows[["Dst Port", "Protocol", "Flow Duration", "Total Fwd Packet"]]
    >>> y = flows["Label"]
    >>> generator = make_synthesis_pipeline(
    ...     SymbolicDiscretizer(n_bins=16),
    ...     RNNGenerator(hidden_size=16, embedding_dim=8, max_epochs=3))
    >>> sampler = SyntheticOverSampler(
    ...     generator, sampling_strategy={"Heartbleed": 100}, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> y_res.value_counts().to_dict()
    {'BENIGN': 289, 'Heartbleed': 100}
    >>> bool((X_res.dtypes == X.dtypes).all())
    True
    >>> sampler.generator_[-1].condition_on
    ['Label']
    """

    _parameter_constraints: dict = {
        "generator": [HasMethods(["fit", "sample"]), None],
        "sampling_strategy": [
            Interval(numbers.Real, 0, 1, closed="right"),
            StrOptions({"auto", "minority", "not minority", "not majority", "all"}),
            Mapping,
            callable,
        ],
        "max_rows_per_class": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        generator=None,
        *,
        sampling_strategy="auto",
        max_rows_per_class=None,
        random_state=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.generator = generator
        self.max_rows_per_class = max_rows_per_class
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        tags.input_tags.sparse = False
        return tags

    def _check_X_y(self, X, y):
        if _IMBLEARN_ERROR is not None:  # pragma: no cover
            raise ImportError(_MISSING_IMBLEARN) from _IMBLEARN_ERROR
        name = getattr(y, "name", None)
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        if not isinstance(X, pd.DataFrame):
            if hasattr(X, "toarray") or hasattr(X, "tocsr"):
                raise TypeError(
                    "SyntheticOverSampler needs dense data: pass a DataFrame or a dense array."
                )
            X = check_array(X, dtype=None, ensure_all_finite=False)
        validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
        self._y_name = name
        return X, y, binarize_y

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        features = _feature_frame(X)
        target = _target_name(self._y_name, features.columns)
        table = features.copy()
        # object dtype: the discretizer gives every class its own symbol, whatever y holds
        table[target] = pd.Series(np.asarray(y), dtype=object, index=table.index)

        generator = self._make_generator(target, rng)
        if self.max_rows_per_class is not None:
            table = table.iloc[_capped_rows(np.asarray(y), self.max_rows_per_class, rng)]
        generator.fit(table)
        self.generator_ = generator
        self.target_name_ = target

        labels = [c for c, n in self.sampling_strategy_.items() for _ in range(int(n))]
        if not labels:
            return X, y
        conditions = pd.DataFrame({target: pd.Series(labels, dtype=object)})
        seed = int(rng.randint(2**31 - 1))
        rows = generator.sample(len(labels), random_state=seed, conditions=conditions)
        new_y = np.asarray(labels, dtype=y.dtype)
        new = rows[list(features.columns)]
        if isinstance(X, pd.DataFrame):
            new = pd.concat(
                [new.iloc[:, j].astype(X.dtypes.iloc[j]) for j in range(X.shape[1])], axis=1
            ).set_axis(X.columns, axis=1)
            X_res = pd.concat([X, new], ignore_index=True)
        else:
            X_res = np.concatenate([X, new.to_numpy(dtype=X.dtype)])
        return X_res, np.concatenate([np.asarray(y), new_y])

    def _make_generator(self, target, rng):
        if self.generator is None:
            generator = make_synthesis_pipeline(
                SymbolicDiscretizer(handle_unknown="use_unknown_symbol"),
                RNNGenerator(condition_on=[target]),
            )
        else:
            generator = clone(self.generator)
        final = generator.steps[-1][1] if hasattr(generator, "steps") else generator
        params = final.get_params(deep=False)
        if "condition_on" in params:
            condition_on = params["condition_on"]
            if condition_on is None:
                final.set_params(condition_on=[target])
            elif list(condition_on)[:1] != [target]:
                raise ValueError(
                    f"The generator must condition on the target column {target!r} first: "
                    f"set condition_on=[{target!r}, ...] (got {list(condition_on)!r})."
                )
        # Seed every step left unseeded, so that an int random_state fixes the whole result.
        seeds = {
            key: int(rng.randint(2**31 - 1))
            for key, value in sorted(generator.get_params(deep=True).items())
            if key.endswith("random_state") and value is None
        }
        if self.random_state is not None and seeds:
            generator.set_params(**seeds)
        return generator


def _capped_rows(y, cap, rng) -> np.ndarray:
    """Sorted positions of at most ``cap`` rows of each class (all rows of smaller ones)."""
    keep = []
    for label in pd.unique(y):
        rows = np.flatnonzero(y == label)
        keep.append(rows if len(rows) <= cap else rng.choice(rows, cap, replace=False))
    return np.sort(np.concatenate(keep))


def _feature_frame(X) -> pd.DataFrame:
    """``X`` as a DataFrame with unique string column names (what the generator needs)."""
    if isinstance(X, pd.DataFrame):
        frame = X.reset_index(drop=True)
        names = [str(c) for c in X.columns]
        if not all(isinstance(c, str) for c in X.columns) or len(set(names)) != len(names):
            frame = frame.set_axis([f"x{j}" for j in range(X.shape[1])], axis=1)
        return frame
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    return frame.infer_objects() if X.dtype == object else frame


def _target_name(name, columns) -> str:
    """``y``'s name, or ``"target"`` (followed by as many ``_`` as needed to be new)."""
    columns = set(columns)
    if isinstance(name, str) and name and name not in columns:
        return name
    target = DEFAULT_TARGET_NAME
    while target in columns:
        target += "_"
    return target
