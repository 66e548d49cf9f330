"""The demo experiment (at tiny size) and the plots it draws."""

import numpy as np
import pandas as pd
import pytest
import torch
from matplotlib.figure import Figure

from sksynth import RNNGenerator, TransformerGenerator, WaveNetGenerator, plotting
from sksynth.demo import (
    ARCHITECTURES,
    BASELINE,
    REFERENCE,
    TRAIN_SECONDS,
    check_targets,
    default_generators,
    demo,
    split_for_demo,
    stratified_split,
)

torch.set_num_threads(1)

COLUMNS = [
    "inlier % (paper)",
    "inlier % (calibrated)",
    "TSTR macro-F1",
    "TSTR / TRTR",
    "similarity",
    "pair trends",
    "detection AUC",
    "memorization",
    "exact copies",
    "fit s",
    "sample rows/s",
]


@pytest.fixture(scope="module")
def small(cic_flows):
    """10 columns + Label of the CIC-IDS2017 flows."""
    return cic_flows[list(cic_flows.columns[:10]) + ["Label"]]


@pytest.fixture(scope="module")
def tiny_run(small, tmp_path_factory):
    output = tmp_path_factory.mktemp("demo")
    table = demo(output=output, quick=True, n_rows=400, data=small, verbose=0)
    return output, table


def test_demo_table(tiny_run):
    _, table = tiny_run
    assert list(table.index) == [*ARCHITECTURES, BASELINE, REFERENCE]
    assert list(table.columns) == COLUMNS
    assert table.drop(columns=["fit s", "sample rows/s"]).notna().all().all()
    assert table.loc[REFERENCE, ["fit s", "sample rows/s"]].isna().all()
    assert (table.loc[list(ARCHITECTURES), "fit s"] > 0).all()
    assert table["similarity"].between(0, 1).all()
    assert table["inlier % (calibrated)"].between(0, 100).all()
    assert table.attrs["n_eval_rows"] == 80
    assert 0 < table.attrs["trtr"] <= 1
    targets = table.attrs["targets"]
    assert list(targets.columns) == ["target", "value", "met"]
    assert len(targets) == 6
    assert set(targets["met"]) <= {"yes", "no"}


def test_demo_files(tiny_run):
    output, table = tiny_run
    names = {p.name for p in output.iterdir()}
    models = [*ARCHITECTURES, BASELINE]
    assert {f"synthetic_{m}.csv" for m in models} <= names
    assert {f"correlation_difference_{m}.png" for m in models} <= names
    assert {"table2.csv", "table2.md", "distributions.png", "metrics.png"} <= names
    assert "training_history.png" in names
    for name in names:
        if name.endswith(".png"):
            assert (output / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = pd.read_csv(output / "synthetic_rnn.csv")
    assert rows.shape == (240, 11)  # as many rows as the training split
    saved = pd.read_csv(output / "table2.csv", index_col=0)
    np.testing.assert_allclose(saved.to_numpy(float), table.to_numpy(float), rtol=1e-5)
    report = (output / "table2.md").read_text()
    assert "| rnn " in report and "## Targets" in report and "TRTR" in report


def test_demo_prints_table(small, tmp_path, capsys):
    demo(output=tmp_path, quick=True, n_rows=200, data=small, architectures=["rnn"], verbose=1)
    out = capsys.readouterr().out
    assert "| real holdout" in out
    assert "best similarity >= 0.90" in out


def test_default_generators_use_library_defaults_with_a_time_budget():
    generators = default_generators(quick=False, random_state=3, verbose=0)
    assert list(generators) == ["rnn", "transformer", "wavenet"]
    for name, cls in [("rnn", RNNGenerator), ("transformer", TransformerGenerator)] + [
        ("wavenet", WaveNetGenerator)
    ]:
        params = generators[name].get_params()
        expected = {**cls().get_params(), "verbose": 0, "random_state": 3}
        assert params == {**expected, "max_time": TRAIN_SECONDS}


def test_default_generators_quick_are_small():
    generators = default_generators(quick=True, verbose=0)
    for generator in generators.values():
        assert generator.max_epochs == 2
        default = type(generator)()
        assert generator.embedding_dim <= default.embedding_dim


def test_split_is_disjoint_and_stratified(small):
    split = split_for_demo(small, n_rows=1000, random_state=0)
    sizes = [len(split.train), len(split.reference), len(split.test)]
    assert sizes == [600, 200, 200]
    share = small["Label"].value_counts(normalize=True)["BENIGN"]
    for part in (split.train, split.reference, split.test):
        assert part["Label"].value_counts(normalize=True)["BENIGN"] == pytest.approx(
            share, abs=0.02
        )
    with pytest.raises(ValueError, match="target"):
        split_for_demo(small, target="nope")


def test_stratified_split_with_singleton_classes():
    frame = pd.DataFrame({"x": range(12), "y": ["a"] * 6 + ["b"] * 4 + ["c", "d"]})
    train, test = stratified_split(frame, test_size=0.25, target="y", random_state=0)
    assert len(train) == 9 and len(test) == 3
    assert set(train.index).isdisjoint(test.index)


def test_check_targets():
    table = pd.DataFrame(
        {
            "similarity": [0.93, 0.88, 0.80],
            "TSTR / TRTR": [0.90, 0.70, 0.30],
            "TSTR macro-F1": [0.81, 0.63, 0.27],
            "detection AUC": [0.75, 0.95, 0.90],
            "pair trends": [0.90, 0.85, 0.70],
        },
        index=["rnn", "wavenet", BASELINE],
    )
    targets = check_targets(table).set_index("target")["met"]
    assert targets["best similarity >= 0.90"] == "yes"
    assert targets["best TSTR / TRTR >= 0.85"] == "yes"
    assert targets["best detection AUC <= 0.80"] == "yes"
    assert targets[f"every architecture beats {BASELINE} on TSTR macro-F1"] == "yes"
    assert targets[f"every architecture beats {BASELINE} on detection AUC"] == "no"
    assert targets[f"every architecture beats {BASELINE} on pair trends"] == "yes"


def test_plots_return_figures(small, tmp_path):
    real = small.iloc[:300]
    fake = small.iloc[300:600].reset_index(drop=True)
    columns = plotting.informative_columns(real, "Label", n_columns=3)
    assert len(columns) == 3 and "Label" not in columns
    drift = plotting.informative_columns(real, synthetic=fake, n_columns=2)
    assert len(drift) == 2
    figures = [
        plotting.plot_distributions(real, {"fake": fake}, [*columns, "Label"]),
        plotting.plot_correlation_difference(real, fake, path=tmp_path / "corr.png"),
        plotting.plot_metric_comparison(
            pd.DataFrame({"a": [0.5, 0.7], "b": [0.2, 0.1]}, index=["x", "y"]),
            targets={"a": 0.6},
        ),
    ]
    assert all(isinstance(f, Figure) for f in figures)
    assert (tmp_path / "corr.png").stat().st_size > 0
    with pytest.raises(ValueError, match="target or a synthetic"):
        plotting.informative_columns(real)


@pytest.mark.slow  # starting worker processes takes seconds
def test_evaluate_candidates_same_with_workers(small):
    from sksynth.demo import evaluate_candidates

    split = split_for_demo(small, n_rows=300, random_state=0)
    shuffled = split.reference.apply(lambda c: c.sample(frac=1, random_state=0).to_numpy())
    candidates = {"shuffled": shuffled, REFERENCE: split.reference}
    kwargs = {"target": "Label", "random_state": 0}
    one = evaluate_candidates(split.train, candidates, split.test, n_jobs=1, **kwargs)
    two = evaluate_candidates(split.train, candidates, split.test, n_jobs=2, **kwargs)
    pd.testing.assert_frame_equal(one, two)
