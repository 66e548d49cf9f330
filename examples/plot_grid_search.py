"""
Choosing an architecture with GridSearchCV
==========================================

A :class:`~sksynth.SynthesisPipeline` is a scikit-learn estimator, so
:class:`~sklearn.model_selection.GridSearchCV` can compare generators. What it needs is a way
to score a fitted generator on held-out real rows:

- the pipeline's own ``score``, the mean log-likelihood of held-out rows (the default when
  ``scoring`` is not given);
- the scorers of :mod:`sksynth.metrics`, which draw rows from the generator and compare them
  with the held-out fold: :func:`~sksynth.metrics.make_tstr_scorer` (train a classifier on
  synthetic rows, test it on the real fold), :func:`~sksynth.metrics.make_detection_scorer`,
  :func:`~sksynth.metrics.make_inlier_scorer` and
  :func:`~sksynth.metrics.make_similarity_scorer`. Every one is "greater is better".

The architecture is a parameter of :class:`~sksynth.SequenceGenerator`, so a single pipeline
step, named ``sequencegenerator``, can be searched over ``"rnn"``, ``"transformer"`` and
``"wavenet"``. (The architecture-specific classes :class:`~sksynth.RNNGenerator`,
:class:`~sksynth.TransformerGenerator` and :class:`~sksynth.WaveNetGenerator` are separate
estimators, which a grid can also swap as whole steps.)

Set ``SKSYNTH_EXAMPLE_QUICK=1`` to run it at a tiny size in seconds (the documentation is
built that way, so the scores below compare barely trained models); by default it runs 3-fold
cross-validation on 3,000 flows, which takes several minutes on a laptop's CPU.
"""

# %%
# Data: a few columns of the network flows
# ----------------------------------------
# Sixteen columns keep the search quick: the scorers' cost grows with the number of columns.
import os

import matplotlib.pyplot as plt
import pandas as pd
from sklearn.model_selection import GridSearchCV, KFold

from sksynth import SequenceGenerator, SymbolicDiscretizer, make_synthesis_pipeline
from sksynth.datasets import load_cicids2017
from sksynth.metrics import (
    make_detection_scorer,
    make_inlier_scorer,
    make_similarity_scorer,
    make_tstr_scorer,
)

QUICK = os.environ.get("SKSYNTH_EXAMPLE_QUICK") == "1"
N_ROWS = 300 if QUICK else 3_000

COLUMNS = [
    "Dst Port",
    "Protocol",
    "Flow Duration",
    "Total Fwd Packet",
    "Total Bwd packets",
    "Total Length of Fwd Packet",
    "Total Length of Bwd Packet",
    "Fwd Packet Length Max",
    "Bwd Packet Length Max",
    "Flow IAT Mean",
    "SYN Flag Count",
    "ACK Flag Count",
    "PSH Flag Count",
    "FWD Init Win Bytes",
    "Bwd Init Win Bytes",
    "Label",
]
flows = load_cicids2017().frame[COLUMNS].sample(N_ROWS, random_state=0)

# %%
# The pipeline and the grid
# -------------------------
# ``module_params`` holds each architecture's own sizes, so every architecture comes with its
# sizes in a grid of its own.
if QUICK:
    sizes = {
        "rnn": dict(cell="gru", embedding_dim=8, hidden_size=16),
        "transformer": dict(embedding_dim=16, n_layers=1, n_heads=2),
        "wavenet": dict(embedding_dim=8, hidden_size=16),
    }
    max_epochs, n_splits = 1, 2
else:
    sizes = {"rnn": dict(cell="gru"), "transformer": {}, "wavenet": {}}
    max_epochs, n_splits = 15, 3

pipe = make_synthesis_pipeline(
    SymbolicDiscretizer(handle_unknown="use_unknown_symbol", random_state=0),
    SequenceGenerator(max_epochs=max_epochs, random_state=0),
)
param_grid = [
    {
        "sequencegenerator__architecture": [architecture],
        "sequencegenerator__module_params": [params],
    }
    for architecture, params in sizes.items()
]

# %%
# The scorers
# -----------
# The inlier rate is not a score to maximise: rows that are too typical score above real
# rows. With ``reference=0.9``, the rate real rows get under the calibrated protocol (its
# one-class SVM keeps about 90% of the real distribution inside), the scorer returns
# ``-|rate - 0.9|`` instead. The detection scorer likewise returns ``-|AUC - 0.5|``.


def log_likelihood(estimator, X, y=None):
    """Mean log-likelihood of the held-out rows (what GridSearchCV uses by default)."""
    return estimator.score(X)


scoring = {
    "log_likelihood": log_likelihood,
    "tstr": make_tstr_scorer("Label"),
    "detection": make_detection_scorer(),
    "inlier": make_inlier_scorer(reference=0.9),
    "similarity": make_similarity_scorer(),
}

# The file is sorted by label and the sample above is shuffled; shuffle the folds anyway.
search = GridSearchCV(
    pipe,
    param_grid,
    scoring=scoring,
    refit="tstr",
    cv=KFold(n_splits, shuffle=True, random_state=0),
    error_score="raise",
)
search.fit(flows)

# %%
# Results
# -------
# One row per architecture, the mean of each score over the folds (greater is better for
# every column).
results = pd.DataFrame(search.cv_results_)
table = results.set_index("param_sequencegenerator__architecture")[
    [f"mean_test_{name}" for name in scoring]
]
table.columns = list(scoring)
table.index.name = "architecture"
table.round(3)

# %%
fig, axes = plt.subplots(1, len(scoring), figsize=(13, 3.2), layout="constrained")
for ax, name in zip(axes, scoring):
    table[name].plot.bar(ax=ax, rot=0, color=["C0", "C1", "C2"])
    ax.set_title(name)
    ax.set_xlabel("")
plt.show()

# %%
# ``refit="tstr"`` refitted the architecture with the best TSTR score on all the rows, as
# ``search.best_estimator_``: a fitted pipeline, ready to sample.
print(search.best_params_["sequencegenerator__architecture"])
search.best_estimator_.sample(5, random_state=0)
