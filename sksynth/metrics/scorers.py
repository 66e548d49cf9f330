"""Scorers that rate a fitted generator against held-out real rows, for model selection.

A scorer is called as ``scorer(generator, X, y=None)`` by :class:`~sklearn.model_selection.
GridSearchCV`, :func:`~sklearn.model_selection.cross_validate` and friends, ``X`` being the
held-out fold of real rows. It draws ``len(X)`` rows (or ``n_samples``) with
``generator.sample(n, random_state=...)`` and compares them with ``X``; greater is better
for every scorer here. A generator whose ``sample`` returns an array gets ``X``'s column
names put on it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .detection import detection_score
from .inlier import INLIER_PROTOCOLS, inlier_rate
from .similarity import similarity_score
from .tstr import tstr_score


class _GeneratorScorer:
    """Base class: draws synthetic rows from the generator and scores them against ``X``."""

    def __init__(self, *, n_samples: int | None = None, random_state: int | None = 0):
        self.n_samples = n_samples
        self.random_state = random_state

    def _sample(self, estimator, X) -> tuple[pd.DataFrame, pd.DataFrame]:
        if not isinstance(X, pd.DataFrame):
            raise TypeError(
                f"{type(self).__name__} needs the held-out rows as a DataFrame, got "
                f"{type(X).__name__}."
            )
        n = len(X) if self.n_samples is None else self.n_samples
        synthetic = estimator.sample(n, random_state=self.random_state)
        if not isinstance(synthetic, pd.DataFrame):
            synthetic = pd.DataFrame(np.asarray(synthetic), columns=X.columns).infer_objects()
        return X, synthetic

    def _params(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self._params().items())
        return f"{type(self).__name__}({params})"


class InlierScorer(_GeneratorScorer):
    """Inlier rate of sampled rows under a one-class SVM fitted on the held-out fold.

    See :func:`make_inlier_scorer`.

    Examples
    --------
    >>> from sksynth.metrics.scorers import InlierScorer
    >>> scorer = InlierScorer("paper", reference=0.9)
    >>> scorer.protocol, scorer.reference
    ('paper', 0.9)
    """

    def __init__(
        self,
        protocol: str = "calibrated",
        *,
        reference: float | None = None,
        max_samples: int | None = 5000,
        n_samples: int | None = None,
        random_state: int | None = 0,
    ):
        if protocol not in INLIER_PROTOCOLS:
            raise ValueError(f"protocol must be one of {INLIER_PROTOCOLS}, got {protocol!r}.")
        super().__init__(n_samples=n_samples, random_state=random_state)
        self.protocol = protocol
        self.reference = reference
        self.max_samples = max_samples

    def __call__(self, estimator, X, y=None) -> float:
        real, synthetic = self._sample(estimator, X)
        rate = inlier_rate(
            real,
            synthetic,
            protocol=self.protocol,
            max_samples=self.max_samples,
            random_state=self.random_state,
        )
        if self.reference is None:
            return rate
        return -abs(rate - self.reference)


class TSTRScorer(_GeneratorScorer):
    """Train on sampled rows, test on the held-out fold. See :func:`make_tstr_scorer`.

    Examples
    --------
    >>> from sksynth.metrics.scorers import TSTRScorer
    >>> TSTRScorer("Label", n_samples=1000)
    TSTRScorer(n_samples=1000, random_state=0, target='Label', estimator=None, scoring=None)
    """

    def __init__(
        self,
        target: str,
        *,
        estimator=None,
        scoring=None,
        n_samples: int | None = None,
        random_state: int | None = 0,
    ):
        super().__init__(n_samples=n_samples, random_state=random_state)
        self.target = target
        self.estimator = estimator
        self.scoring = scoring

    def __call__(self, estimator, X, y=None) -> float:
        real, synthetic = self._sample(estimator, X)
        return tstr_score(
            real,
            synthetic,
            real,
            target=self.target,
            estimator=self.estimator,
            scoring=self.scoring,
        )


class SimilarityScorer(_GeneratorScorer):
    """sdmetrics quality score of sampled rows. See :func:`make_similarity_scorer`.

    Examples
    --------
    >>> from sksynth.metrics.scorers import SimilarityScorer
    >>> SimilarityScorer(random_state=None)
    SimilarityScorer(n_samples=None, random_state=None, metadata=None)
    """

    def __init__(
        self,
        *,
        metadata: dict | None = None,
        n_samples: int | None = None,
        random_state: int | None = 0,
    ):
        super().__init__(n_samples=n_samples, random_state=random_state)
        self.metadata = metadata

    def __call__(self, estimator, X, y=None) -> float:
        real, synthetic = self._sample(estimator, X)
        return float(similarity_score(real, synthetic, metadata=self.metadata))


class DetectionScorer(_GeneratorScorer):
    """``-|AUC - 0.5|`` of a real-or-synthetic classifier. See :func:`make_detection_scorer`.

    Examples
    --------
    >>> from sksynth.metrics.scorers import DetectionScorer
    >>> scorer = DetectionScorer(max_samples=1000)
    >>> scorer.max_samples, scorer.cv
    (1000, 3)
    """

    def __init__(
        self,
        *,
        max_samples: int | None = 5000,
        cv: int = 3,
        n_samples: int | None = None,
        random_state: int | None = 0,
    ):
        super().__init__(n_samples=n_samples, random_state=random_state)
        self.max_samples = max_samples
        self.cv = cv

    def __call__(self, estimator, X, y=None) -> float:
        real, synthetic = self._sample(estimator, X)
        auc = detection_score(
            real,
            synthetic,
            max_samples=self.max_samples,
            cv=self.cv,
            random_state=self.random_state,
        )
        return -abs(auc - 0.5)


def make_inlier_scorer(protocol: str = "calibrated", **kwargs: Any) -> InlierScorer:
    """Scorer of a generator: inlier rate of its samples under an SVM fitted on ``X``.

    Parameters
    ----------
    protocol : {"calibrated", "paper", "linear"}, default="calibrated"
        See :func:`~sksynth.metrics.inlier_rate`.
    **kwargs
        ``reference`` (float or None, default None): None returns the inlier rate itself
        (greater is better); a float, such as the rate of real held-out rows, returns
        ``-|rate - reference|`` instead (0 is best), which does not reward too-typical rows
        (see the Notes of :func:`~sksynth.metrics.inlier_rate`). ``max_samples`` (default
        5000), ``n_samples`` (rows to draw, default ``len(X)``) and ``random_state`` (seeds
        the sampling and the metric, default 0).

    Returns
    -------
    InlierScorer
        A picklable callable ``scorer(generator, X, y=None) -> float``.

    Examples
    --------
    >>> from sksynth.metrics import make_inlier_scorer
    >>> make_inlier_scorer()
    InlierScorer(n_samples=None, random_state=0, protocol='calibrated', reference=None,
    max_samples=5000)
    """
    return InlierScorer(protocol, **kwargs)


def make_tstr_scorer(target: str, **kwargs: Any) -> TSTRScorer:
    """Scorer of a generator: a model trained on its samples, tested on ``X`` (TSTR).

    The held-out fold ``X`` is the real test set and also the reference for columns and
    kinds (:func:`~sksynth.metrics.tstr_score` is called as ``tstr_score(X, samples, X)``);
    the samples are the training set. Greater is better (macro-F1 or R² by default).

    Parameters
    ----------
    target : str
        Column to predict.
    **kwargs
        ``estimator``, ``scoring`` (see :func:`~sksynth.metrics.tstr_score`), ``n_samples``
        (rows to draw, default ``len(X)``) and ``random_state`` (default 0).

    Returns
    -------
    TSTRScorer
        A picklable callable ``scorer(generator, X, y=None) -> float``.

    Examples
    --------
    >>> from sksynth.metrics import make_tstr_scorer
    >>> make_tstr_scorer("Label")
    TSTRScorer(n_samples=None, random_state=0, target='Label', estimator=None, scoring=None)
    """
    return TSTRScorer(target, **kwargs)


def make_similarity_scorer(**kwargs: Any) -> SimilarityScorer:
    """Scorer of a generator: sdmetrics quality score of its samples against ``X``.

    Greater is better (1 is best). Note that sdmetrics takes several seconds per call on
    wide tables, whatever the number of rows (see :func:`~sksynth.metrics.similarity_score`).

    Parameters
    ----------
    **kwargs
        ``metadata``, ``n_samples`` (rows to draw, default ``len(X)``) and ``random_state``
        (default 0).

    Returns
    -------
    SimilarityScorer
        A picklable callable ``scorer(generator, X, y=None) -> float``.

    Examples
    --------
    >>> from sksynth.metrics import make_similarity_scorer
    >>> make_similarity_scorer()
    SimilarityScorer(n_samples=None, random_state=0, metadata=None)
    """
    return SimilarityScorer(**kwargs)


def make_detection_scorer(**kwargs: Any) -> DetectionScorer:
    """Scorer of a generator: ``-|AUC - 0.5|`` of a classifier telling its samples from ``X``.

    :func:`~sksynth.metrics.detection_score` returns the ROC AUC, 0.5 being best; the scorer
    returns ``-|auc - 0.5|`` so that greater is better, 0 is best and an AUC below 0.5 (noise)
    is not rewarded over 0.5.

    Parameters
    ----------
    **kwargs
        ``max_samples`` (default 5000), ``cv`` (default 3), ``n_samples`` (rows to draw,
        default ``len(X)``) and ``random_state`` (default 0).

    Returns
    -------
    DetectionScorer
        A picklable callable ``scorer(generator, X, y=None) -> float``.

    Examples
    --------
    >>> from sksynth.metrics import make_detection_scorer
    >>> make_detection_scorer(cv=5)
    DetectionScorer(n_samples=None, random_state=0, max_samples=5000, cv=5)
    """
    return DetectionScorer(**kwargs)


__all__ = [
    "DetectionScorer",
    "InlierScorer",
    "SimilarityScorer",
    "TSTRScorer",
    "make_detection_scorer",
    "make_inlier_scorer",
    "make_similarity_scorer",
    "make_tstr_scorer",
]
