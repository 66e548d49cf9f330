import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, train_test_split

from sksynth import (
    IndependentGenerator,
    RNNGenerator,
    SequenceGenerator,
    SymbolicDiscretizer,
    SynthesisPipeline,
    TransformerGenerator,
    WaveNetGenerator,
    make_synthesis_pipeline,
)

SMALL = {
    "rnn": lambda: RNNGenerator(
        embedding_dim=8, hidden_size=32, max_epochs=6, batch_size=64, random_state=0
    ),
    "transformer": lambda: TransformerGenerator(
        embedding_dim=16, n_layers=2, n_heads=2, max_epochs=6, batch_size=64, random_state=0
    ),
    "wavenet": lambda: WaveNetGenerator(
        embedding_dim=8, hidden_size=32, max_epochs=3, random_state=0
    ),
}


@pytest.fixture(scope="module")
def flows(cic_flows):
    """A stratified 3,000-row sample of the shipped flows, split into train and test."""
    sample, _ = train_test_split(
        cic_flows, train_size=3000, stratify=cic_flows["Label"], random_state=0
    )
    return train_test_split(sample, test_size=0.3, random_state=0)


def discretizer():
    return SymbolicDiscretizer(n_bins=16, handle_unknown="use_unknown_symbol", random_state=0)


@pytest.mark.parametrize("name", list(SMALL))
def test_each_architecture_fits_the_cic_flows_and_beats_independent_columns(name, flows):
    train, test = flows
    pipe = make_synthesis_pipeline(discretizer(), SMALL[name]()).fit(train)
    rows = pipe.sample(200, random_state=0)
    assert list(rows.columns) == list(train.columns)
    assert (rows.dtypes == train.dtypes).all()
    assert set(rows["Label"]) <= set(train["Label"])
    baseline = make_synthesis_pipeline(discretizer(), IndependentGenerator()).fit(train)
    assert pipe.score(test) > baseline.score(test) + 20  # nats per row


def test_sample_is_reproducible_including_decoding(flows):
    train, _ = flows
    pipe = make_synthesis_pipeline(discretizer(), SMALL["rnn"]()).fit(train)
    a = pipe.sample(100, random_state=7)
    b = pipe.sample(100, random_state=7)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(pipe.sample(100, random_state=8))
    # passes sample parameters on to the generator
    assert pipe.sample(5, random_state=0, temperature=0.5).shape == (5, train.shape[1])


def test_generator_sees_names_and_alphabets(flows):
    train, _ = flows
    pipe = make_synthesis_pipeline(discretizer(), SMALL["rnn"]()).fit(train)
    disc, gen = pipe[0], pipe[-1]
    assert list(gen.feature_names_in_) == list(train.columns)
    np.testing.assert_array_equal(gen.n_symbols_, disc.n_symbols_)


def test_clone_set_params_and_slicing(flows):
    train, _ = flows
    pipe = make_synthesis_pipeline(discretizer(), SMALL["rnn"]())
    pipe.set_params(rnngenerator__hidden_size=16, symbolicdiscretizer__n_bins=8)
    cloned = clone(pipe)
    assert cloned.get_params()["rnngenerator__hidden_size"] == 16
    cloned.fit(train)
    assert isinstance(cloned, SynthesisPipeline)
    codes = cloned[:-1].transform(train)
    assert codes.shape == train.shape
    numeric = cloned[0].feature_kinds_ == "numeric"
    assert (cloned[0].n_symbols_[numeric] <= 8).all()


def test_sample_needs_a_generator():
    pipe = SynthesisPipeline([("disc", SymbolicDiscretizer())])
    assert not hasattr(pipe, "sample")


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_grid_search_over_architectures(flows, n_jobs):
    train, _ = flows
    pipe = make_synthesis_pipeline(
        discretizer(),
        SequenceGenerator(
            module_params=dict(embedding_dim=8), max_epochs=1, batch_size=128, random_state=0
        ),
    )
    search = GridSearchCV(
        pipe,
        {"sequencegenerator__architecture": ["wavenet", "rnn", "transformer"]},
        cv=2,
        n_jobs=n_jobs,
    ).fit(train.iloc[:800])
    assert set(search.cv_results_["param_sequencegenerator__architecture"]) == {
        "wavenet",
        "rnn",
        "transformer",
    }
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    rows = search.best_estimator_.sample(10, random_state=0)
    assert rows.shape == (10, train.shape[1])


def test_fit_params_must_name_a_step(flows):
    train, _ = flows
    pipe = make_synthesis_pipeline(discretizer(), SMALL["rnn"]())
    with pytest.raises(ValueError, match="step__param"):
        pipe.fit(train, nonsense=1)


def test_donor_decoding_inside_a_pipeline(flows):
    train, _ = flows
    disc = SymbolicDiscretizer(
        n_bins=16, decode="donor", handle_unknown="use_unknown_symbol", random_state=0
    )
    pipe = make_synthesis_pipeline(disc, SMALL["rnn"]()).fit(train)
    rows = pipe.sample(50, random_state=0)
    assert (rows.dtypes == train.dtypes).all()
    pd.testing.assert_frame_equal(rows, pipe.sample(50, random_state=0))
