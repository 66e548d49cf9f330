"""Conditioned sampling through SynthesisPipeline.sample(conditions=...) on the CIC flows."""

import numpy as np
import pandas as pd
import pytest
import torch

from sksynth import RNNGenerator, SymbolicDiscretizer, make_synthesis_pipeline

# The 11 Heartbleed flows of the shipped data all target port 444 and 10 of them last
# about 119 s (Flow Duration is in microseconds); among all flows port 444 is 0.2% and
# durations above 100 s are 13%.
HEARTBLEED_PORT = 444
LONG = 1e8


@pytest.fixture(scope="module")
def training_rows(cic_flows):
    heartbleed = cic_flows[cic_flows["Label"] == "Heartbleed"]
    others = cic_flows[cic_flows["Label"] != "Heartbleed"].sample(500, random_state=0)
    return pd.concat([others, heartbleed], ignore_index=True)


@pytest.fixture(scope="module")
def fitted(training_rows):
    torch.set_num_threads(1)
    pipe = make_synthesis_pipeline(
        SymbolicDiscretizer(random_state=0),
        RNNGenerator(
            hidden_size=32,
            embedding_dim=8,
            max_epochs=40,
            lr=1e-2,
            patience=None,
            validation_fraction=None,
            condition_on=["Label", "Dst Port"],
            random_state=0,
        ),
    )
    return pipe.fit(training_rows)


def test_real_heartbleed_rows_are_distinctive(cic_flows):
    """What the conditioned samples must reproduce (checks the premise of the next test)."""
    heartbleed = cic_flows[cic_flows["Label"] == "Heartbleed"]
    assert len(heartbleed) == 11
    assert (heartbleed["Dst Port"] == HEARTBLEED_PORT).all()
    assert (heartbleed["Flow Duration"] > LONG).mean() > 0.9
    assert (cic_flows["Dst Port"] == HEARTBLEED_PORT).mean() < 0.01
    assert (cic_flows["Flow Duration"] > LONG).mean() < 0.2


def test_conditioned_rows_follow_the_conditional_distribution(fitted, training_rows):
    rows = fitted.sample(200, random_state=0, conditions={"Label": "Heartbleed"})
    assert rows.shape == (200, training_rows.shape[1])
    assert list(rows.columns) == list(training_rows.columns)
    assert (rows.dtypes == training_rows.dtypes).all()
    assert (rows["Label"] == "Heartbleed").all()

    # The other columns are drawn given the label, not merely carrying an overwritten value:
    # port 444 and long flows are far more frequent than among all training rows and than
    # in unconditioned samples of the same model.
    port = (rows["Dst Port"] == HEARTBLEED_PORT).mean()
    long = (rows["Flow Duration"] > LONG).mean()
    base = fitted.sample(200, random_state=0)
    assert port > 0.5
    assert port > 10 * (training_rows["Dst Port"] == HEARTBLEED_PORT).mean()
    assert port > 5 * (base["Dst Port"] == HEARTBLEED_PORT).mean()
    assert long > 0.35
    assert long > 2 * (training_rows["Flow Duration"] > LONG).mean()
    assert long > 2 * (base["Flow Duration"] > LONG).mean()


def test_per_row_conditions(fitted):
    labels = ["Heartbleed"] * 30 + ["DDoS"] * 30
    conditions = pd.DataFrame({"Label": labels}, index=np.arange(100, 160))  # index ignored
    rows = fitted.sample(60, random_state=1, conditions=conditions)
    assert rows["Label"].tolist() == labels
    port = rows["Dst Port"] == HEARTBLEED_PORT
    assert port[:30].mean() > 0.5
    assert port[30:].mean() < 0.1
    # DDoS flows of the data target port 80
    assert (rows["Dst Port"][30:] == 80).mean() > 0.5


def test_conditions_on_several_columns_keep_the_exact_values(fitted):
    conditions = {"Label": "Heartbleed", "Dst Port": 444}
    rows = fitted.sample(20, random_state=0, conditions=conditions)
    assert (rows["Label"] == "Heartbleed").all()
    assert (rows["Dst Port"] == 444).all()
    assert rows["Dst Port"].dtype == np.int64
    per_row = pd.DataFrame({"Label": ["BENIGN", "DDoS"], "Dst Port": [53, 80]})
    rows = fitted.sample(2, random_state=0, conditions=per_row)
    assert rows["Label"].tolist() == ["BENIGN", "DDoS"]
    assert rows["Dst Port"].tolist() == [53, 80]


def test_unseen_label_raises(fitted):
    with pytest.raises(ValueError, match=r"'Label'") as info:
        fitted.sample(5, conditions={"Label": "Ransomware"})
    assert "Ransomware" in str(info.value)
    per_row = pd.DataFrame({"Label": ["BENIGN", "Wannacry"]})
    with pytest.raises(ValueError, match=r"'Wannacry'.*'Label'"):
        fitted.sample(2, conditions=per_row)


def test_out_of_range_numeric_condition_raises(fitted):
    with pytest.raises(ValueError, match=r"70000.*'Dst Port'.*outside the fitted range"):
        fitted.sample(5, conditions={"Label": "BENIGN", "Dst Port": 70000})
    with pytest.raises(ValueError, match=r"'Dst Port'.*outside"):
        fitted.sample(5, conditions={"Label": "BENIGN", "Dst Port": -1})


def test_condition_on_a_column_not_in_condition_on_raises(fitted):
    with pytest.raises(ValueError, match=r"'Flow Duration'.*condition_on"):
        fitted.sample(5, conditions={"Label": "BENIGN", "Flow Duration": 1000})
    # condition_on columns form a prefix: Dst Port alone leaves the label unfixed
    with pytest.raises(ValueError, match=r"before them in condition_on: \['Label'\]"):
        fitted.sample(5, conditions={"Dst Port": 80})
    with pytest.raises(ValueError, match="Unknown column"):
        fitted.sample(5, conditions={"Nope": 1})


def test_bad_conditions_raise(fitted):
    with pytest.raises(ValueError, match="expected n_samples=5"):
        fitted.sample(5, conditions=pd.DataFrame({"Label": ["BENIGN"] * 4}))
    with pytest.raises(ValueError, match="single value"):
        fitted.sample(2, conditions={"Label": ["BENIGN", "DDoS"]})


def test_conditioned_sampling_is_reproducible(fitted):
    first = fitted.sample(50, random_state=3, conditions={"Label": "Heartbleed"})
    again = fitted.sample(50, random_state=3, conditions={"Label": "Heartbleed"})
    other = fitted.sample(50, random_state=4, conditions={"Label": "Heartbleed"})
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_unconditioned_generator_refuses_conditions(training_rows):
    pipe = make_synthesis_pipeline(
        SymbolicDiscretizer(n_bins=8, random_state=0),
        RNNGenerator(hidden_size=8, embedding_dim=4, max_epochs=1, random_state=0),
    ).fit(training_rows.iloc[:100])
    with pytest.raises(ValueError, match=r"'Label'.*condition_on"):
        pipe.sample(3, conditions={"Label": "BENIGN"})
