"""
Quickstart: learn a table and sample new rows
=============================================

A :class:`~sksynth.SymbolicDiscretizer` turns every column of a table into a small alphabet
of symbols, so that each row becomes a short sentence; a next-symbol model (here a recurrent
network, :class:`~sksynth.RNNGenerator`) learns these sentences; the
:class:`~sksynth.SynthesisPipeline` that joins them samples new rows in the table's own
values and dtypes.

The table is the sample of CIC-IDS2017 network flows that ships with sksynth.

Set the environment variable ``SKSYNTH_EXAMPLE_QUICK=1`` to run this script at a tiny size
in a few seconds (the documentation is built that way); by default it learns 5,000 flows,
which takes a few minutes on a laptop's CPU.
"""

# %%
# Load the flows and drop the columns that identify a capture
# -------------------------------------------------------------
# Flow and host identifiers and the capture time describe *which* flow it was, not what kind
# of traffic; ``Attempted Category`` is constant. The paper dropped the same columns.
import os

import matplotlib.pyplot as plt
import numpy as np

from sksynth import IndependentGenerator, RNNGenerator, SymbolicDiscretizer, make_synthesis_pipeline
from sksynth.datasets import load_cicids2017

QUICK = os.environ.get("SKSYNTH_EXAMPLE_QUICK") == "1"
N_ROWS = 300 if QUICK else 5_000

IDENTIFIERS = ["id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category"]
flows = load_cicids2017().frame.drop(columns=IDENTIFIERS)
real = flows.sample(2 * N_ROWS, random_state=0)  # the file is sorted by label: shuffle
train, test = real.iloc[:N_ROWS], real.iloc[N_ROWS:]
print(train.shape)

# %%
# Fit a pipeline and sample
# -------------------------
# ``make_synthesis_pipeline`` names the steps after their classes. The generator trains for
# at most ``max_epochs`` passes and stops early when the loss on a held-out tenth of the rows
# stops improving. Rare attack classes may be missing from the training rows:
# ``handle_unknown="use_unknown_symbol"`` lets the discretizer encode (and the model score)
# test rows of a class it never saw instead of raising an error.
if QUICK:
    generator = RNNGenerator(embedding_dim=8, hidden_size=16, max_epochs=1, random_state=0)
else:
    generator = RNNGenerator(max_epochs=15, random_state=0)

discretizer = SymbolicDiscretizer(handle_unknown="use_unknown_symbol", random_state=0)
pipe = make_synthesis_pipeline(discretizer, generator)
pipe.fit(train)
synthetic = pipe.sample(len(train), random_state=0)
synthetic.head()

# %%
# The rows keep the table's columns and dtypes:
print((synthetic.dtypes == train.dtypes).all())

# %%
# How well does the model fit?
# ----------------------------
# ``score`` is the mean log-likelihood of rows (in nats), as for scikit-learn's density
# estimators: greater is better. A model that learned how columns depend on each other beats
# the independent-columns baseline, which only knows each column's symbol frequencies, on rows
# it never saw. (At the tiny size the documentation is built with, one epoch of a tiny model,
# the baseline may still win.)
baseline = make_synthesis_pipeline(
    SymbolicDiscretizer(handle_unknown="use_unknown_symbol", random_state=0),
    IndependentGenerator(),
)
baseline.fit(train)
print(f"sequence model: {pipe.score(test):9.1f} nats per row")
print(f"baseline      : {baseline.score(test):9.1f} nats per row")

# %%
# Compare real and synthetic rows
# -------------------------------
# Class frequencies, and the distribution of a heavy-tailed column on a log scale.
fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")

counts = (
    train["Label"]
    .value_counts()
    .to_frame("real")
    .join(synthetic["Label"].value_counts().rename("synthetic"), how="outer")
    .fillna(0)
    .sort_values("real")
)
counts.plot.barh(ax=axes[0], width=0.8)
axes[0].set_xlabel("rows")
axes[0].set_title("Label")

bins = np.logspace(0, 8.1, 40)
for name, table in [("real", train), ("synthetic", synthetic)]:
    axes[1].hist(table["Flow Duration"] + 1, bins=bins, histtype="step", lw=2, label=name)
axes[1].set_xscale("log")
axes[1].set_xlabel("Flow Duration + 1 (microseconds)")
axes[1].set_ylabel("rows")
axes[1].legend()
axes[1].set_title("Flow Duration")
plt.show()

# %%
# Save the fitted pipeline
# ------------------------
# A fitted pipeline is a plain Python object: store it with :mod:`joblib` (or :mod:`pickle`)
# and sample from it later. Loading a model file runs code from it, so only load files you
# trust (see the user guide's page on persistence).
import tempfile
from pathlib import Path

import joblib

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "flows-generator.joblib"
    joblib.dump(pipe, path)
    restored = joblib.load(path)
    again = restored.sample(5, random_state=0)
print(again.equals(pipe.sample(5, random_state=0)))
