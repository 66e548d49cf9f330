"""
Benchmarking generators with TSTR (train on synthetic, test on real)
====================================================================

Synthetic rows are useful when a model trained on them does well on real data. TSTR measures
exactly that: train a classifier on synthetic rows, test it on real rows the generator never
saw, and compare with the same classifier trained on the real training rows (TRTR).

This script compares the three architectures with the independent-columns baseline on the
shipped network flows, predicting the traffic class (``Label``, 16 classes) with the default
model of :func:`~sksynth.metrics.tstr_score` (gradient boosting; macro-averaged F1, so every
class weighs the same).

Set ``SKSYNTH_EXAMPLE_QUICK=1`` to run it at a tiny size in seconds (the documentation is
built that way, so the scores below compare barely trained models); by default it trains on
5,000 flows, which takes several minutes on a laptop's CPU.
"""

# %%
import os
import time

import matplotlib.pyplot as plt
import pandas as pd

from sksynth import (
    IndependentGenerator,
    RNNGenerator,
    SymbolicDiscretizer,
    TransformerGenerator,
    WaveNetGenerator,
    make_synthesis_pipeline,
)
from sksynth.datasets import load_cicids2017
from sksynth.metrics import tstr_score

QUICK = os.environ.get("SKSYNTH_EXAMPLE_QUICK") == "1"
N_ROWS = 300 if QUICK else 5_000
N_DRAWS = 1 if QUICK else 3  # synthetic tables drawn per generator

IDENTIFIERS = ["id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category"]
flows = load_cicids2017().frame.drop(columns=IDENTIFIERS).sample(2 * N_ROWS, random_state=0)
train, test = flows.iloc[:N_ROWS], flows.iloc[N_ROWS:]

# %%
# The generators
# --------------
if QUICK:
    common = dict(max_epochs=1, random_state=0)
    generators = {
        "independent": IndependentGenerator(),
        "rnn": RNNGenerator(embedding_dim=8, hidden_size=16, **common),
        "transformer": TransformerGenerator(embedding_dim=16, n_layers=1, n_heads=2, **common),
        "wavenet": WaveNetGenerator(embedding_dim=8, hidden_size=16, **common),
    }
else:
    common = dict(max_epochs=20, random_state=0)
    generators = {
        "independent": IndependentGenerator(),
        "rnn": RNNGenerator(**common),
        "transformer": TransformerGenerator(**common),
        "wavenet": WaveNetGenerator(**common),
    }

# %%
# Fit, sample, score
# ------------------
# Each generator learns the training rows, draws as many rows, and a classifier trained on
# them is tested on the real test rows. The TRTR reference trains the same classifier on the
# real training rows.
trtr = tstr_score(train, train, test, target="Label")
rows = []
for name, generator in generators.items():
    pipe = make_synthesis_pipeline(
        SymbolicDiscretizer(handle_unknown="use_unknown_symbol", random_state=0), generator
    )
    start = time.perf_counter()
    pipe.fit(train)
    fit_seconds = time.perf_counter() - start
    for draw in range(N_DRAWS):
        synthetic = pipe.sample(len(train), random_state=draw)
        rows.append(
            {
                "generator": name,
                "draw": draw,
                "fit_seconds": fit_seconds,
                "log_likelihood": pipe.score(test),
                "tstr_macro_f1": tstr_score(train, synthetic, test, target="Label"),
            }
        )
results = pd.DataFrame(rows)
summary = results.groupby("generator", sort=False).mean().drop(columns="draw")
summary["tstr / trtr"] = summary["tstr_macro_f1"] / trtr
print(f"TRTR (trained on real rows): macro-F1 {trtr:.3f}")
summary.round(3)

# %%
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
spread = results.groupby("generator", sort=False)["tstr_macro_f1"]
ax.bar(summary.index, spread.mean(), yerr=spread.std().fillna(0), color="C0", capsize=4)
ax.axhline(trtr, color="k", ls="--", label="TRTR (trained on real rows)")
ax.set_ylabel("macro-F1 on real test rows")
ax.set_title("Train on synthetic, test on real")
ax.legend(loc="lower right")
plt.show()

# %%
# Reading the results
# -------------------
# - TSTR is only meaningful next to TRTR: the ratio says how much of the real rows' value
#   the synthetic ones keep.
# - The independent baseline keeps every column's distribution but no relation between
#   columns, and a classifier needs those relations: a sequence model that does not beat it
#   has not learned the table.
# - Macro-F1 counts the rarest classes (a handful of rows each) as much as the common ones,
#   so it moves with the draw on small test sets; compare several draws, as above.
# - :func:`sksynth.metrics.evaluate` computes TSTR together with every other metric.
