"""Metrics for synthetic tabular data.

Every metric compares a synthetic table with real ones that have the same columns (in any
order; numeric columns may be integer in one table and float in the other):

- :func:`inlier_rate`: share of synthetic rows a one-class SVM fitted on real rows accepts.
- :func:`tstr_score`: train on synthetic rows, test on real ones (TSTR).
- :func:`similarity_score`: sdmetrics' quality report (column shapes and pair trends).
- :func:`detection_score`: ROC AUC of a classifier telling real from synthetic rows.
- :func:`memorization_rate`, :func:`exact_copy_rate`: synthetic rows that copy or sit
  unusually close to training rows.
- :func:`evaluate`: all of the above as one tidy table.

The ``make_*_scorer`` functions wrap them as scorers of a fitted generator (an estimator with
a ``sample(n, random_state=...)`` method) for :class:`~sklearn.model_selection.GridSearchCV`
and :func:`~sklearn.model_selection.cross_validate`.

Tables with mismatched columns or column kinds, empty tables and infinite values raise
``ValueError``. Missing values are allowed: numeric ones are imputed (median) or left to
gradient boosting, non-numeric ones become a category of their own.
"""

from .detection import detection_score
from .evaluate import evaluate
from .inlier import INLIER_PROTOCOLS, inlier_rate
from .privacy import exact_copy_rate, memorization_rate
from .scorers import (
    DetectionScorer,
    InlierScorer,
    SimilarityScorer,
    TSTRScorer,
    make_detection_scorer,
    make_inlier_scorer,
    make_similarity_scorer,
    make_tstr_scorer,
)
from .similarity import infer_metadata, similarity_score
from .tstr import tstr_score

__all__ = [
    "INLIER_PROTOCOLS",
    "DetectionScorer",
    "InlierScorer",
    "SimilarityScorer",
    "TSTRScorer",
    "detection_score",
    "evaluate",
    "exact_copy_rate",
    "infer_metadata",
    "inlier_rate",
    "make_detection_scorer",
    "make_inlier_scorer",
    "make_similarity_scorer",
    "make_tstr_scorer",
    "memorization_rate",
    "similarity_score",
    "tstr_score",
]
