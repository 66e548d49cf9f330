"""Rare-class augmentation on the shipped CIC-IDS2017 flows: does it help an intrusion classifier?

An intrusion classifier is trained on a real training split (70%, stratified) three ways and
scored on the real test split (30%):

- ``real only``: the real training rows;
- ``+ RandomOverSampler``: plus duplicates of the rare classes' rows (imbalanced-learn);
- ``+ SyntheticOverSampler``: plus synthetic rows of the rare classes, drawn from a
  generator conditioned on the class (:class:`sksynth.oversampling.SyntheticOverSampler`).

The rare classes are those with fewer than 500 training rows (Web Attack - Brute Force,
Infiltration, Web Attack - XSS, Web Attack - SQL Injection, Heartbleed: 51 down to 8 rows);
both samplers top each of them up to 500 rows. The script reports, averaged over the seeds
(each seed changes the split, the generator and the classifier), the F1 score of every rare
class and the macro F1 over the rare classes and over all 16 classes, for two classifiers:
a random forest and histogram gradient boosting. It also reports the *label fidelity* of the
synthetic rows: the share that the classifier trained on the real rows assigns to the class
they were generated for.

Settings (the defaults, as measured in ``docs/augmentation_results.md``):

- data: the 25,127 shipped flows, identifier columns dropped (84 features + Label);
- generator: ``SymbolicDiscretizer(handle_unknown="use_unknown_symbol")`` (49 quantile bins)
  and ``RNNGenerator(hidden_size=128, embedding_dim=32, lr=1e-2, max_epochs=60,
  patience=None, validation_fraction=None)``, fitted by the sampler with
  ``max_rows_per_class=100`` (about 1,200 rows: all rows of the rare classes, 100 of each
  other class);
- classifiers: ``RandomForestClassifier(n_estimators=100)`` and
  ``HistGradientBoostingClassifier(l2_regularization=1.0)``, one thread;
- seeds 0, 1, 2. About 6 minutes on one thread of a 2-core CPU.

With ``--max-epochs 30`` (measured once, same seeds) the generator learned the rare classes
less well (label fidelity about half as high) and SyntheticOverSampler changed the mean macro
F1 by -0.004 to -0.000 instead of the small gains of 60 epochs.

Run from the repository root::

    python benchmarks/augmentation.py            # writes docs/augmentation_results.md
    python benchmarks/augmentation.py --quick    # a smoke test (tiny settings, no file)
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import imblearn
import numpy as np
import pandas as pd
import sklearn
import torch
from imblearn.over_sampling import RandomOverSampler
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

import sksynth
from sksynth import RNNGenerator, SymbolicDiscretizer, make_synthesis_pipeline
from sksynth.datasets import load_cicids2017
from sksynth.oversampling import SyntheticOverSampler

IDENTIFIERS = ["id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category"]
TARGET = "Label"
VARIANTS = ["real only", "+ RandomOverSampler", "+ SyntheticOverSampler"]

FULL = dict(
    seeds=[0, 1, 2],
    top_up_to=500,
    test_size=0.3,
    hidden_size=128,
    embedding_dim=32,
    lr=1e-2,
    max_epochs=60,
    max_rows_per_class=100,
    n_estimators=100,
    decode="empirical",
)
# Written after measuring the default settings and seeds, whose results are deterministic on
# a CPU; printed only for them.
CONCLUSION = """\
## Conclusion

On these flows, augmentation brings no reliable gain. A classifier trained on the real rows
alone already reaches a macro F1 of 0.97 to 0.98 over the 16 classes. The synthetic rows
raised the mean macro F1 a little (random forest +0.005, gradient boosting +0.012; on the
rare classes +0.016 and +0.038), but most of it comes from one split (seed 1, where the
real-only classifiers were weakest), one seed in three got worse with each classifier, and
the changes are within the seed-to-seed spread. Duplicating rows (RandomOverSampler) moved
it by similar amounts (-0.000 to +0.024). Many synthetic rows of the rarest classes are not
recognised as their class by a classifier trained on real rows (label fidelity 0.09 to 0.46
for the classes with 8 to 25 training rows, 0.75 to 0.78 for Brute Force with 51): the
generator learned those classes from a handful of rows, and numeric values are decoded from
bins whose stored values come from every class. With 30 generator epochs instead of 60
(label fidelity about half as high) the synthetic rows changed the mean macro F1 by -0.004
to -0.000. With the discretizer's donor decoding (`--decode donor`, measured once with the
same seeds), which takes the values of a training row whose symbols agree, label fidelity
rose (Heartbleed 0.40 to 0.45) but the mean macro F1 changed by -0.001 (random forest) and
+0.010 (gradient boosting, again from seed 1). SyntheticOverSampler is worth trying where
duplicates overfit, measured on held-out real data; it should not be expected to lift a
classifier that already separates the classes.
"""

QUICK = dict(
    FULL,
    seeds=[0],
    top_up_to=100,
    hidden_size=16,
    embedding_dim=8,
    max_epochs=2,
    max_rows_per_class=50,
    n_estimators=20,
)


def load_flows(rows=None, seed=0):
    frame = load_cicids2017().frame.drop(columns=IDENTIFIERS)
    if rows is not None:  # quick runs: a stratified subset
        frame, _ = train_test_split(
            frame, train_size=rows, stratify=frame[TARGET], random_state=seed
        )
    return frame.drop(columns=TARGET), frame[TARGET]


def make_generator(settings):
    return make_synthesis_pipeline(
        SymbolicDiscretizer(handle_unknown="use_unknown_symbol", decode=settings["decode"]),
        RNNGenerator(
            hidden_size=settings["hidden_size"],
            embedding_dim=settings["embedding_dim"],
            lr=settings["lr"],
            max_epochs=settings["max_epochs"],
            patience=None,
            validation_fraction=None,
            condition_on=[TARGET],
        ),
    )


def make_classifiers(settings, seed):
    return {
        "RandomForest": RandomForestClassifier(
            n_estimators=settings["n_estimators"], n_jobs=1, random_state=seed
        ),
        "HistGradientBoosting": HistGradientBoostingClassifier(
            l2_regularization=1.0, random_state=seed
        ),
    }


def run_seed(X, y, seed, settings, log=print):
    """Scores of every classifier and variant on one split: a long DataFrame."""
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=settings["test_size"], stratify=y, random_state=seed
    )
    counts = y_train.value_counts()
    strategy = {c: settings["top_up_to"] for c in counts.index if counts[c] < settings["top_up_to"]}
    rare = list(strategy)
    labels = sorted(y.unique())

    t0 = time.perf_counter()
    ros = RandomOverSampler(sampling_strategy=strategy, random_state=seed)
    training = {
        "real only": (X_train, y_train),
        "+ RandomOverSampler": ros.fit_resample(X_train, y_train),
    }
    sampler = SyntheticOverSampler(
        make_generator(settings),
        sampling_strategy=strategy,
        max_rows_per_class=settings["max_rows_per_class"],
        random_state=seed,
    )
    training["+ SyntheticOverSampler"] = sampler.fit_resample(X_train, y_train)
    generator_s = time.perf_counter() - t0
    X_syn = training["+ SyntheticOverSampler"][0].iloc[len(X_train) :]
    y_syn = training["+ SyntheticOverSampler"][1].iloc[len(X_train) :].to_numpy()
    log(f"  seed {seed}: generator fitted and sampled in {generator_s:.0f} s")

    records = []
    for name, classifier in make_classifiers(settings, seed).items():
        for variant in VARIANTS:
            t0 = time.perf_counter()
            model = sklearn.clone(classifier).fit(*training[variant])
            predicted = model.predict(X_test)
            per_class = f1_score(y_test, predicted, labels=labels, average=None, zero_division=0)
            scores = dict(zip(labels, per_class))
            row = dict(seed=seed, classifier=name, variant=variant)
            records += [dict(row, metric=c, value=scores[c]) for c in rare]
            records.append(
                dict(row, metric="macro F1, rare classes", value=np.mean([scores[c] for c in rare]))
            )
            records.append(dict(row, metric="macro F1, all classes", value=np.mean(per_class)))
            if variant == "real only":  # label fidelity of the synthetic rows
                judged = model.predict(X_syn) == y_syn
                for c in rare:
                    records.append(
                        dict(row, variant="fidelity", metric=c, value=judged[y_syn == c].mean())
                    )
            log(
                f"  seed {seed}: {name:<20} {variant:<24} macro F1 {np.mean(per_class):.3f} "
                f"({time.perf_counter() - t0:.0f} s)"
            )
    test_counts = y_test.value_counts()
    return (
        pd.DataFrame(records),
        {c: (int(counts[c]), int(test_counts[c])) for c in rare},
        generator_s,
    )


def mean_std(values: pd.Series) -> str:
    if len(values) == 1:
        return f"{values.iloc[0]:.3f}"
    return f"{values.mean():.3f} ± {values.std(ddof=1):.3f}"


def markdown_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" if i == 0 else "---:" for i in range(len(frame.columns))) + "|"
    rows = ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


def report(results, sizes, settings, elapsed, generator_s, n_rows) -> str:
    rare = list(sizes)
    metrics = rare + ["macro F1, rare classes", "macro F1, all classes"]
    seeds = sorted(results["seed"].unique())
    lines = [
        "# Rare-class augmentation on the CIC-IDS2017 flows",
        "",
        f"Measured on {datetime.date.today().isoformat()} on a 2-core CPU (one thread) with "
        f"`benchmarks/augmentation.py` in {elapsed / 60:.1f} min (the generator: "
        f"{np.mean(generator_s):.0f} s per seed to fit and sample). sksynth "
        f"{sksynth.__version__}, scikit-learn {sklearn.__version__}, imbalanced-learn "
        f"{imblearn.__version__}, torch {torch.__version__}, Python {platform.python_version()}.",
        "",
        f"**Set-up.** The {n_rows:,} shipped flows (identifier columns dropped: 84 features) are "
        f"split into {1 - settings['test_size']:.0%} training and {settings['test_size']:.0%} "
        "test rows, stratified on `Label`. Classes with fewer than "
        f"{settings['top_up_to']} training rows are topped up to {settings['top_up_to']} rows, "
        "with duplicates (`RandomOverSampler`) or with synthetic rows conditioned on the class "
        '(`SyntheticOverSampler`: `SymbolicDiscretizer(handle_unknown="use_unknown_symbol", '
        f'decode="{settings["decode"]}")`, '
        f"`RNNGenerator(hidden_size={settings['hidden_size']}, "
        f"embedding_dim={settings['embedding_dim']}, lr={settings['lr']}, "
        f"max_epochs={settings['max_epochs']}, patience=None, validation_fraction=None)`, "
        f"`max_rows_per_class={settings['max_rows_per_class']}`). Classifiers: "
        f"`RandomForestClassifier(n_estimators={settings['n_estimators']})` and "
        "`HistGradientBoostingClassifier(l2_regularization=1.0)`. F1 on the real test rows, "
        f"mean ± standard deviation over {len(seeds)} seed(s) ({', '.join(map(str, seeds))}); "
        "each seed changes the split, the generator and the classifier.",
        "",
        "Rare classes (training / test rows per split): "
        + ", ".join(f"{c} ({n_train} / {n_test})" for c, (n_train, n_test) in sizes.items())
        + ". With so few test rows, one flow more or less moves a class's F1 by 0.1 to 0.3.",
        "",
    ]
    summary = {}
    for name, group in results[results["variant"] != "fidelity"].groupby("classifier", sort=False):
        table = group.groupby(["metric", "variant"])["value"].apply(mean_std).unstack("variant")
        table = table.loc[metrics, VARIANTS].reset_index().rename(columns={"metric": "F1"})
        lines += [f"## {name}", "", markdown_table(table), ""]
        means = group.groupby(["metric", "variant"])["value"].mean().unstack("variant")
        summary[name] = means
    fidelity = results[results["variant"] == "fidelity"]
    table = fidelity.groupby(["metric", "classifier"], sort=False)["value"].apply(mean_std)
    table = table.unstack("classifier").loc[rare].reset_index().rename(columns={"metric": "class"})
    lines += [
        "## Label fidelity of the synthetic rows",
        "",
        "Share of the synthetic rows of each class that the classifier trained on the real "
        "rows only assigns to that class (1 for duplicates of correctly learned rows).",
        "",
        markdown_table(table),
        "",
        "## Per seed",
        "",
        "Macro F1 of the classifier trained on the real rows only, and the change that each "
        "sampler brings on the same split (paired by seed).",
        "",
    ]
    scores = results[results["variant"] != "fidelity"]
    paired = scores.pivot_table(
        index=["seed", "classifier"], columns=["metric", "variant"], values="value"
    )
    table = pd.DataFrame(index=paired.index)
    for metric, short in [("macro F1, rare classes", "rare"), ("macro F1, all classes", "all")]:
        base = paired[(metric, "real only")]
        table[f"{short}: real only"] = base.map("{:.3f}".format)
        for variant, tag in [
            ("+ RandomOverSampler", "ROS"),
            ("+ SyntheticOverSampler", "synthetic"),
        ]:
            table[f"{short}: Δ {tag}"] = (paired[(metric, variant)] - base).map("{:+.3f}".format)
    lines += [markdown_table(table.reset_index()), "", "## Summary", ""]
    for name, means in summary.items():
        for metric in ["macro F1, rare classes", "macro F1, all classes"]:
            base = means.loc[metric, "real only"]
            deltas = paired.xs(name, level="classifier")
            base_seeds = deltas[(metric, "real only")]
            change = {
                v: (
                    int((deltas[(metric, v)] > base_seeds).sum()),
                    int((deltas[(metric, v)] < base_seeds).sum()),
                )
                for v in ["+ RandomOverSampler", "+ SyntheticOverSampler"]
            }
            text = "; ".join(
                f"{v[2:]} {means.loc[metric, v] - base:+.3f} (better on {up}, worse on {down} "
                f"of {len(seeds)} seeds)"
                for v, (up, down) in change.items()
            )
            lines.append(f"- {name}, {metric}: real only {base:.3f}; {text}.")
    if settings == FULL:
        lines += ["", CONCLUSION.rstrip("\n")]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny settings, one seed")
    parser.add_argument("--seeds", type=int, nargs="+", help="seeds (default: 0 1 2)")
    parser.add_argument("--max-epochs", type=int, help="generator epochs (default: 60)")
    parser.add_argument(
        "--decode",
        choices=["empirical", "donor"],
        help="how the discretizer decodes numbers (default: empirical)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="Markdown file to write (default: docs/augmentation_results.md, none with --quick)",
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    settings = dict(QUICK if args.quick else FULL)
    if args.seeds:
        settings["seeds"] = args.seeds
    if args.decode:
        settings["decode"] = args.decode
    if args.max_epochs:
        settings["max_epochs"] = args.max_epochs
    output = args.output
    if output is None and not args.quick:
        output = Path(__file__).resolve().parents[1] / "docs" / "augmentation_results.md"

    X, y = load_flows(rows=5000 if args.quick else None)
    start = time.perf_counter()
    results, generator_s = [], []
    for seed in settings["seeds"]:
        scores, sizes, seconds = run_seed(X, y, seed, settings)
        results.append(scores)
        generator_s.append(seconds)
    text = report(
        pd.concat(results, ignore_index=True),
        sizes,
        settings,
        time.perf_counter() - start,
        generator_s,
        n_rows=len(X),
    )
    print(text)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        print(f"Written to {output}")


if __name__ == "__main__":
    main()
