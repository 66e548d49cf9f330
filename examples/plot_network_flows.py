"""
Network flows: from CICFlowMeter features to synthetic traffic
==============================================================

A walk through the whole method on the shipped CIC-IDS2017 flows: which columns to keep,
what the symbolic encoding does to them, how to learn a generator, how to ask it for flows
of one attack class, and how to check what came out.

Set ``SKSYNTH_EXAMPLE_QUICK=1`` to run it at a tiny size in seconds (the documentation is
built that way, so the figures below come from a barely trained model); by default it learns
6,000 flows, which takes a few minutes on a laptop's CPU.
"""

# %%
# The data
# --------
# 25,127 flows, each described by 90 CICFlowMeter features, and a ``Label``: ``BENIGN`` or
# one of 15 attacks. Rows were drawn per label (at most 2,500 each), so the class balance is
# artificial and the file is sorted by label.
import os

import matplotlib.pyplot as plt
import numpy as np

from sksynth import RNNGenerator, SymbolicDiscretizer, make_synthesis_pipeline
from sksynth.datasets import load_cicids2017

QUICK = os.environ.get("SKSYNTH_EXAMPLE_QUICK") == "1"
N_ROWS = 400 if QUICK else 6_000

bunch = load_cicids2017()
frame = bunch.frame
print(next(line for line in bunch.DESCR.splitlines() if line[:1].isalpha()))
print(frame.shape)
frame["Label"].value_counts()

# %%
# Which columns to learn
# ----------------------
# Identifiers say *which* flow a row is, not what kind of traffic it is: a generator would
# either memorise them or invent meaningless ones. ``id`` repeats across capture days, the
# flow ID and the IP addresses name hosts of one capture, and the timestamp is a moment of
# that capture. ``Attempted Category`` holds a single value. Ports and protocol stay: they
# tell services and attacks apart.
IDENTIFIERS = ["id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category"]
frame[IDENTIFIERS].nunique()

# %%
flows = frame.drop(columns=IDENTIFIERS)
sample = flows.sample(N_ROWS, random_state=0)  # shuffles the rows, too
print(sample.shape)

# %%
# The symbolic encoding
# ---------------------
# Each column becomes a small alphabet. Columns with at most ``n_bins`` distinct values
# (flags, protocol, the label) keep one symbol per value; the others are cut into at most 49
# intervals holding about as many training values each (``strategy="quantile"``).
discretizer = SymbolicDiscretizer(handle_unknown="use_unknown_symbol", random_state=0)
codes = discretizer.fit_transform(sample)
kinds, counts = np.unique(discretizer.feature_kinds_.astype(str), return_counts=True)
print(dict(zip(kinds.tolist(), counts.tolist())))
print("symbols per column:", discretizer.n_symbols_.min(), "to", discretizer.n_symbols_.max())

# %%
# A row is now a sentence of 85 symbols, one per column, as the paper writes them:
for sentence in discretizer.to_sentences(codes[:2]):
    print(sentence[:120], "...")

# %%
# Here are the intervals of one column. Quantile edges put narrow intervals where the values
# are dense and wide ones in the tail; decoding draws one of the training values seen inside
# the symbol's interval (``decode="empirical"``), so spikes such as the many zero-length
# flows come back exactly.
column = "Flow Duration"
j = discretizer.column_index(column)
edges = discretizer.bin_edges_[j]
values = sample[column].to_numpy()

fig, ax = plt.subplots(figsize=(11, 4), layout="constrained")
ax.hist(values + 1, bins=np.logspace(0, np.log10(edges[-1] + 1), 80), color="0.7")
for edge in edges:
    ax.axvline(edge + 1, color="C0", lw=0.6)
for k, (low, high) in enumerate(zip(edges[:-1], edges[1:])):
    if k % 3 == 0:  # every third label, to keep them readable
        middle = np.sqrt((low + 1) * (high + 1))
        ax.annotate(
            f"{k}", (middle, 1.0), xycoords=("data", "axes fraction"), ha="center", va="bottom"
        )
ax.set_xscale("log")
ax.set_xlabel(f"{column} + 1 (microseconds); blue lines: interval edges, numbers: symbols")
ax.set_ylabel("flows")
plt.show()

# %%
# Learn a generator that can be asked for a class
# -----------------------------------------------
# ``condition_on=["Label"]`` makes the model generate the label first and every other column
# given it, so that ``sample(..., conditions={"Label": ...})`` draws flows of one class.
if QUICK:
    size = dict(embedding_dim=8, hidden_size=16, max_epochs=1)
else:
    size = dict(max_epochs=20)
generator = RNNGenerator(condition_on=["Label"], random_state=0, **size)
pipe = make_synthesis_pipeline(discretizer, generator).fit(sample)
generator.history_.tail(3)

# %%
# Unconditional rows follow the learned class frequencies; conditional ones all carry the
# requested label.
synthetic = pipe.sample(N_ROWS, random_state=1)
ddos = pipe.sample(200, random_state=2, conditions={"Label": "DDoS"})
print(ddos["Label"].unique())

# %%
# Compare real and synthetic flows
# --------------------------------
# The destination ports of real and generated DDoS flows, and two related volumes: the
# number of forward packets and their total length.
real_ddos = sample[sample["Label"] == "DDoS"]
fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")
ports = (
    real_ddos["Dst Port"]
    .value_counts(normalize=True)
    .to_frame("real DDoS")
    .join(ddos["Dst Port"].value_counts(normalize=True).rename("synthetic DDoS"), how="outer")
    .fillna(0)
    .sort_values("real DDoS", ascending=False)
    .head(6)
)
ports.plot.bar(ax=axes[0], rot=0)
axes[0].set_xlabel("Dst Port")
axes[0].set_ylabel("share of flows")

for name, table, marker in [("real", sample, "o"), ("synthetic", synthetic, "x")]:
    axes[1].scatter(
        table["Total Fwd Packet"] + 1,
        table["Total Length of Fwd Packet"] + 1,
        s=8,
        alpha=0.5,
        marker=marker,
        label=name,
    )
axes[1].set_xscale("log")
axes[1].set_yscale("log")
axes[1].set_xlabel("Total Fwd Packet + 1")
axes[1].set_ylabel("Total Length of Fwd Packet + 1")
axes[1].legend()
plt.show()

# %%
# Relations that must hold
# ------------------------
# Some columns are tied by exact relations: the smallest forward packet is no longer than
# the mean one, which is no longer than the largest. The default decoding draws each binned
# column's value on its own, inside its symbol's interval, so such relations hold only as far
# as the intervals allow. ``decode="donor"`` instead copies, for each row, the values of the
# training row whose symbols agree with it on the most columns, wherever they agree.
#
# First the decoding alone: encode the real rows and decode their codes both ways.
from sklearn.base import clone


def consistent(table):
    low = table["Fwd Packet Length Min"]
    mean = table["Fwd Packet Length Mean"]
    high = table["Fwd Packet Length Max"]
    return float(((low <= mean) & (mean <= high)).mean())


donor = clone(discretizer).set_params(decode="donor").fit(sample)
real_codes = discretizer.transform(sample)
generated_codes = pipe[-1].sample(N_ROWS, random_state=3)
print(f"real rows: {consistent(sample):.1%}")
for name, decoder in [("empirical", discretizer), ("donor", donor)]:
    decoded = decoder.inverse_transform(real_codes, random_state=0)
    generated = decoder.inverse_transform(generated_codes, random_state=0)
    print(
        f"decode={name!r:12} real codes: {consistent(decoded):6.1%}   "
        f"generated codes: {consistent(generated):6.1%}"
    )

# %%
# Donor decoding keeps the relation wherever the symbols allow it. It cannot repair symbols
# that contradict each other (a minimum whose interval lies above the maximum's): those come
# from the model, and a barely trained one, as at the tiny size the documentation is built
# with, generates many.
#
# Donor decoding reuses training values, whole rows where every symbol agrees: check
# :func:`~sksynth.metrics.memorization_rate` and :func:`~sksynth.metrics.exact_copy_rate`
# before sharing such rows. The metrics of :mod:`sksynth.metrics` judge the rows as a whole:
# see the TSTR benchmark and grid-search examples, and the user guide's evaluation page.
