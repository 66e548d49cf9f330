"""SynthesisPipeline: a scikit-learn Pipeline whose last step generates rows."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
from sklearn import config_context
from sklearn.pipeline import Pipeline, _name_estimators
from sklearn.utils import check_random_state
from sklearn.utils.metaestimators import available_if


def _final_can_sample(pipeline) -> bool:
    return hasattr(pipeline._final_estimator, "sample")


class SynthesisPipeline(Pipeline):
    """A :class:`~sklearn.pipeline.Pipeline` that samples new rows in the user's values.

    The transformers encode the table (typically a :class:`~sksynth.SymbolicDiscretizer`) and
    the last step, a generator, learns the encoded rows. :meth:`sample` asks the generator for
    rows and decodes them with every transformer's ``inverse_transform``, last to first.
    Everything else (``fit``, ``score``, ``score_samples``, ``set_params``, ``clone``,
    slicing) is the scikit-learn Pipeline's, so it plugs into ``GridSearchCV``.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        Transformers, then a generator with ``fit`` and ``sample``.
    memory : str or object with the joblib.Memory interface, default=None
    verbose : bool, default=False
    transform_input : list of str, default=None
        As in scikit-learn's Pipeline.

    See Also
    --------
    make_synthesis_pipeline : Build one without naming the steps.

    Notes
    -----
    During :meth:`fit` the transformers output DataFrames (``transform_output="pandas"``), so
    the generator sees the column names (``condition_on`` can name columns) and the
    alphabets the last transformer declares in ``n_symbols_``.

    Examples
    --------
    >>> from sksynth import SymbolicDiscretizer, RNNGenerator, make_synthesis_pipeline
    >>> from sksynth.datasets import load_adult
    >>> adult = load_adult().frame.iloc[:500, :6]
    >>> pipe = make_synthesis_pipeline(
    ...     SymbolicDiscretizer(n_bins=8, random_state=0),
    ...     RNNGenerator(hidden_size=16, max_epochs=2, random_state=0))
    >>> rows = pipe.fit(adult).sample(5, random_state=0)
    >>> rows.shape
    (5, 6)
    >>> bool((rows.dtypes == adult.dtypes).all())
    True
    """

    def fit(self, X, y=None, **params):
        """Fit the transformers, then the generator on the encoded table.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
        y : None
            Passed to every step's ``fit`` (generators ignore it).
        **params : dict
            Fit parameters of the steps, named ``stepname__param``.

        Returns
        -------
        self : SynthesisPipeline
        """
        step_params = {name: {} for name, _ in self.steps}
        for key, value in params.items():
            name, _, param = key.partition("__")
            if name not in step_params or not param:
                raise ValueError(f"Fit parameter {key!r} must be named 'step__param'.")
            step_params[name][param] = value
        Xt = X
        with config_context(transform_output="pandas"):
            for _, name, transformer in self._iter(with_final=False):
                Xt = transformer.fit_transform(Xt, y, **step_params[name])
        if not isinstance(Xt, pd.DataFrame):
            Xt = pd.DataFrame(Xt)
        last = [t for _, _, t in self._iter(with_final=False)]
        if last and hasattr(last[-1], "n_symbols_"):
            Xt.attrs["n_symbols"] = np.asarray(last[-1].n_symbols_)
        final_name, final = self.steps[-1]
        if final != "passthrough":
            final.fit(Xt, y, **step_params[final_name])
        return self

    def score_samples(self, X):
        """Log-likelihood of each row under the generator (transforms ``X`` first).

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features_in_)

        Returns
        -------
        log_likelihood : ndarray of shape (n_samples,)
        """
        with config_context(transform_output="pandas"):  # as in fit: names reach the generator
            return super().score_samples(X)

    def score(self, X, y=None, **params):
        """Mean log-likelihood of the rows of ``X`` under the generator (greater is better).

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features_in_)
        y : None
            Ignored.
        **params : dict
            Passed as in scikit-learn's Pipeline.

        Returns
        -------
        score : float
        """
        with config_context(transform_output="pandas"):
            return super().score(X, y, **params)

    def _can_fit_transform(self):  # the last step generates, it does not transform
        return False

    @available_if(_final_can_sample)
    def sample(self, n_samples=1, random_state=None, conditions=None, **sample_params):
        """Generate new rows in the original columns, order and dtypes.

        Parameters
        ----------
        n_samples : int, default=1
        random_state : int, RandomState instance or None, default=None
            Seeds the generator and every transformer's decoding draws: the same int gives
            the same DataFrame.
        conditions : dict or DataFrame or None, default=None
            Values that the generated rows must have, in the user's values: ``{column:
            value}`` (every row), or a DataFrame with ``n_samples`` rows and some of the
            columns (row by row). The generator must have been fitted with these columns in
            its ``condition_on``; the other columns follow their distribution given them.
        **sample_params : dict
            Passed to the generator's ``sample``, e.g. ``temperature``.

        Returns
        -------
        rows : DataFrame of shape (n_samples, n_features_in_)
        """
        rng = check_random_state(random_state)
        generator = self._final_estimator
        if conditions is not None and len(conditions) > 0:
            values = self._condition_frame(conditions, n_samples)
            sample_params["conditions"] = self._encode_conditions(values)
        seed = int(rng.randint(2**31 - 1))
        data = generator.sample(n_samples, random_state=seed, **sample_params)
        for _, _, transformer in reversed(list(self._iter(with_final=False))):
            seed = int(rng.randint(2**31 - 1))
            if "random_state" in inspect.signature(transformer.inverse_transform).parameters:
                data = transformer.inverse_transform(data, random_state=seed)
            else:
                data = transformer.inverse_transform(data)
        if not isinstance(data, pd.DataFrame):
            data = pd.DataFrame(data, columns=getattr(self, "feature_names_in_", None))
        if conditions is not None and len(conditions) > 0:
            # Same symbol, exact value: give every row the value the user asked for.
            for column in values.columns:
                data[column] = values[column].astype(data[column].dtype).to_numpy()
        return data

    def _condition_frame(self, conditions, n_samples) -> pd.DataFrame:
        if isinstance(conditions, pd.DataFrame):
            if len(conditions) != n_samples:
                raise ValueError(
                    f"conditions has {len(conditions)} rows; expected n_samples={n_samples}."
                )
            return conditions.reset_index(drop=True)
        if not isinstance(conditions, dict):
            raise ValueError("conditions must be a dict {column: value} or a DataFrame.")
        for column, value in conditions.items():
            if np.ndim(value) != 0:
                raise ValueError(
                    f"Condition of {column!r} must be a single value; pass a "
                    "DataFrame for per-row values."
                )
        return pd.DataFrame({c: [v] * n_samples for c, v in conditions.items()})

    def _encode_conditions(self, values: pd.DataFrame) -> dict:
        transformers = [t for _, _, t in self._iter(with_final=False)]
        if len(transformers) != 1 or not hasattr(transformers[0], "encode_values"):
            raise ValueError(
                "conditions need a pipeline of exactly one SymbolicDiscretizer "
                "followed by a generator."
            )
        discretizer = transformers[0]
        codes = {}
        for column in values.columns:
            j = discretizer.column_index(column)
            _check_condition_in_range(discretizer, j, column, values[column])
            try:
                codes[column] = discretizer.encode_values(column, values[column])
            except (ValueError, TypeError) as exc:
                raise ValueError(f"Cannot condition on {column!r}: {exc}") from exc
        return codes


def _check_condition_in_range(discretizer, j, column, values: pd.Series) -> None:
    """Conditions must be values the generator has seen: categories, or the fitted range."""
    categories = discretizer.categories_[j]
    if categories is not None:
        unseen = [v for v in pd.unique(values) if v not in set(categories)]
        if unseen:
            raise ValueError(
                f"Condition value {unseen[0]!r} of column {column!r} was never seen in training."
            )
        return
    edges = discretizer.bin_edges_[j]
    numeric = pd.to_datetime(values) if np.issubdtype(edges.dtype, np.datetime64) else values
    low, high = numeric.min(), numeric.max()
    if low < edges[0] or high > edges[-1]:
        bad = low if low < edges[0] else high
        raise ValueError(
            f"Condition value {bad!r} of column {column!r} is outside the fitted "
            f"range [{edges[0]}, {edges[-1]}]."
        )


def make_synthesis_pipeline(*steps, memory=None, verbose=False) -> SynthesisPipeline:
    """Build a :class:`SynthesisPipeline`, naming the steps after their classes.

    Parameters
    ----------
    *steps : estimators
        Transformers, then a generator.
    memory : str or object with the joblib.Memory interface, default=None
    verbose : bool, default=False

    Returns
    -------
    pipeline : SynthesisPipeline

    Examples
    --------
    >>> from sksynth import SymbolicDiscretizer, RNNGenerator, make_synthesis_pipeline
    >>> pipe = make_synthesis_pipeline(SymbolicDiscretizer(), RNNGenerator())
    >>> [name for name, _ in pipe.steps]
    ['symbolicdiscretizer', 'rnngenerator']
    """
    return SynthesisPipeline(_name_estimators(steps), memory=memory, verbose=verbose)
