"""IndependentGenerator: the independent-columns baseline every generator must beat."""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import BaseEstimator, DensityMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from .generator import SequenceGenerator


class IndependentGenerator(DensityMixin, BaseEstimator):
    """Sample every column on its own from its symbol frequencies.

    Keeps each column's distribution and loses every relation between columns: the reference
    a sequence model must beat on log-likelihood, detection, TSTR and pair trends.

    Parameters
    ----------
    alpha : float, default=0.5
        Added to every symbol count, so that symbols unseen in training keep a small
        probability (and a finite log-likelihood).

    Attributes
    ----------
    n_features_in_ : int
    n_symbols_ : ndarray of shape (n_features_in_,)
    probabilities_ : list of ndarray
        Symbol probabilities of each column.

    Examples
    --------
    >>> import numpy as np
    >>> from sksynth import IndependentGenerator
    >>> codes = np.array([[0, 1], [0, 2], [1, 2], [0, 2]])
    >>> gen = IndependentGenerator(alpha=0).fit(codes)
    >>> gen.probabilities_[0]
    array([0.75, 0.25])
    >>> gen.sample(2, random_state=0).shape
    (2, 2)
    """

    _parameter_constraints: dict = {"alpha": [Interval(numbers.Real, 0, None, closed="left")]}

    def __init__(self, alpha=0.5):
        self.alpha = alpha

    def fit(self, X, y=None):
        """Count the symbols of every column.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Non-negative integer codes.
        y : None
            Ignored.

        Returns
        -------
        self : IndependentGenerator
        """
        self._validate_params()
        codes = SequenceGenerator._validate_codes(self, X, reset=True)
        self.probabilities_ = []
        for j, k in enumerate(self.n_symbols_):
            counts = np.bincount(codes[:, j], minlength=k) + self.alpha
            self.probabilities_.append(counts / counts.sum())
        return self

    def sample(self, n_samples=1, random_state=None):
        """Draw rows whose columns are independent.

        Parameters
        ----------
        n_samples : int, default=1
        random_state : int, RandomState instance or None, default=None

        Returns
        -------
        codes : ndarray of shape (n_samples, n_features_in_)
        """
        check_is_fitted(self, "probabilities_")
        if not isinstance(n_samples, numbers.Integral) or n_samples < 1:
            raise ValueError(f"n_samples must be a positive integer, got {n_samples!r}.")
        rng = check_random_state(random_state)
        return np.column_stack(
            [rng.choice(len(p), size=n_samples, p=p) for p in self.probabilities_]
        ).astype(np.int64)

    def score_samples(self, X):
        """Log-likelihood of each row in nats (sum of the columns' log-probabilities).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)

        Returns
        -------
        log_likelihood : ndarray of shape (n_samples,)
        """
        check_is_fitted(self, "probabilities_")
        codes = SequenceGenerator._validate_codes(self, X, reset=False)
        with np.errstate(divide="ignore"):
            logs = [np.log(p)[codes[:, j]] for j, p in enumerate(self.probabilities_)]
        return np.sum(logs, axis=0)

    def score(self, X, y=None):
        """Mean log-likelihood of the rows of ``X``."""
        return float(np.mean(self.score_samples(X)))
