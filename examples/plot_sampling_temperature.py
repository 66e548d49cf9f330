"""
Sampling temperature: typical rows versus diverse rows
======================================================

A generator draws each symbol from the distribution its model predicts given the symbols
before it. ``temperature`` divides the model's logits before the draw: below 1 the likely
symbols get likelier (more typical rows, fewer rare ones), above 1 the distribution flattens
(more diverse rows, more implausible ones). 1 samples what the model learned.

This example fits one generator on the UCI Adult census table (mixed numeric and string
columns, with missing values) and samples it at several temperatures.

Set ``SKSYNTH_EXAMPLE_QUICK=1`` to run it at a tiny size in seconds (the documentation is
built that way); by default it learns 8,000 people, which takes a few minutes on a CPU.
"""

# %%
import os

import matplotlib.pyplot as plt
import pandas as pd

from sksynth import SymbolicDiscretizer, TransformerGenerator, make_synthesis_pipeline
from sksynth.datasets import load_adult
from sksynth.metrics import inlier_rate

QUICK = os.environ.get("SKSYNTH_EXAMPLE_QUICK") == "1"
N_ROWS = 300 if QUICK else 8_000

adult = load_adult().frame.sample(2 * N_ROWS, random_state=0)
train, test = adult.iloc[:N_ROWS], adult.iloc[N_ROWS:]

if QUICK:
    size = dict(embedding_dim=16, n_layers=1, n_heads=2, max_epochs=1)
else:
    size = dict(max_epochs=20)
pipe = make_synthesis_pipeline(
    SymbolicDiscretizer(handle_unknown="use_unknown_symbol", random_state=0),
    TransformerGenerator(random_state=0, **size),
).fit(train)

# %%
# Sample at several temperatures
# ------------------------------
# For each temperature: the mean log-likelihood of the sampled rows under the model (how
# typical they are for it), their inlier rate under a one-class SVM fitted on real rows
# (calibrated protocol) next to that of real held-out rows, and how many of the occupations
# appear among them.
temperatures = [0.5, 0.75, 1.0, 1.25, 1.5]
rows = []
for temperature in temperatures:
    synthetic = pipe.sample(N_ROWS, random_state=0, temperature=temperature)
    rows.append(
        {
            "temperature": temperature,
            "log_likelihood": pipe.score(synthetic),
            "inlier_rate": inlier_rate(train, synthetic, random_state=0),
            "occupations": synthetic["occupation"].nunique(),
        }
    )
results = pd.DataFrame(rows).set_index("temperature")
holdout_rate = inlier_rate(train, test, random_state=0)
print(f"real held-out rows: log-likelihood {pipe.score(test):.1f}, inlier rate {holdout_rate:.2f}")
results.round(3)

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), layout="constrained")
results["log_likelihood"].plot(ax=axes[0], marker="o")
axes[0].axhline(pipe.score(test), color="k", ls="--", label="real held-out rows")
axes[0].set_ylabel("mean log-likelihood (nats)")
axes[0].legend()
results["inlier_rate"].plot(ax=axes[1], marker="o")
axes[1].axhline(holdout_rate, color="k", ls="--", label="real held-out rows")
axes[1].set_ylabel("inlier rate (calibrated)")
axes[1].legend()
results["occupations"].plot(ax=axes[2], marker="o")
axes[2].axhline(train["occupation"].nunique(), color="k", ls="--", label="real rows")
axes[2].set_ylabel("distinct occupations")
axes[2].legend()
plt.show()

# %%
# Reading the curves
# ------------------
# Cold sampling (temperature below 1) produces rows the model finds likelier than real rows
# and that sit in the dense core of the data: a higher inlier rate than real held-out rows
# is a symptom of too-typical rows, not a better generator. Hot sampling does the opposite.
# To imitate the real table, sample at 1 and compare every metric with the value real
# held-out rows get.
