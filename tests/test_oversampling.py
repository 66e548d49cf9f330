"""SyntheticOverSampler: imbalanced-learn sampler that adds conditioned synthetic rows."""

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import BaseEstimator, clone
from sklearn.ensemble import HistGradientBoostingClassifier

from sksynth import RNNGenerator, SymbolicDiscretizer, make_synthesis_pipeline

pytest.importorskip("imblearn")

from imblearn.pipeline import make_pipeline  # noqa: E402
from imblearn.utils.estimator_checks import estimator_checks_generator  # noqa: E402

from sksynth.oversampling import SyntheticOverSampler  # noqa: E402

COLUMNS = ["Dst Port", "Protocol", "Flow Duration", "Total Fwd Packet", "Flow Bytes/s"]
COUNTS = {"BENIGN": 150, "DDoS": 80, "Web Attack - XSS": 18, "Heartbleed": 11}


@pytest.fixture(autouse=True)
def _one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def flows(cic_flows):
    """A small imbalanced table: numeric int and float columns, a categorical one, Label."""
    parts = [cic_flows[cic_flows["Label"] == k].head(n) for k, n in COUNTS.items()]
    frame = pd.concat(parts)[COLUMNS + ["Label"]]
    frame["Proto name"] = frame["Protocol"].map({6: "tcp", 17: "udp"}).astype("category")
    X = frame.drop(columns="Label").sample(frac=1.0, random_state=0)
    return X, frame.loc[X.index, "Label"]


def tiny_generator(**params):
    return make_synthesis_pipeline(
        SymbolicDiscretizer(n_bins=8),
        RNNGenerator(hidden_size=16, embedding_dim=8, max_epochs=2, **params),
    )


def test_dict_strategy_tops_up_the_requested_classes(flows):
    X, y = flows
    strategy = {"Heartbleed": 60, "Web Attack - XSS": 40}
    sampler = SyntheticOverSampler(tiny_generator(), sampling_strategy=strategy, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)

    expected = {**COUNTS, **strategy}
    assert y_res.value_counts().to_dict() == expected
    assert sampler.sampling_strategy_ == {"Heartbleed": 49, "Web Attack - XSS": 22}
    # X keeps its type, columns and dtypes; the real rows come first, unchanged
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(X.columns)
    pd.testing.assert_series_equal(X_res.dtypes, X.dtypes)
    assert X_res["Proto name"].dtype == X["Proto name"].dtype  # same categories
    assert y_res.name == "Label"
    assert (X_res.index == np.arange(len(X_res))).all()
    assert (y_res.index == X_res.index).all()
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X.reset_index(drop=True))
    assert y_res.iloc[: len(X)].tolist() == y.tolist()
    assert sorted(y_res.iloc[len(X) :].unique()) == ["Heartbleed", "Web Attack - XSS"]
    assert not X_res.isna().any().any()
    # the generator learned the target column and conditions on it
    assert sampler.target_name_ == "Label"
    assert sampler.generator_[-1].condition_on == ["Label"]
    assert list(sampler.generator_.feature_names_in_) == list(X.columns) + ["Label"]


def test_auto_strategy_equalises_the_classes(flows):
    X, y = flows
    X_res, y_res = SyntheticOverSampler(tiny_generator(), random_state=0).fit_resample(X, y)
    assert y_res.value_counts().to_dict() == dict.fromkeys(COUNTS, 150)
    assert len(X_res) == 4 * 150


def test_nothing_to_add_returns_the_data(flows):
    X, y = flows
    sampler = SyntheticOverSampler(
        tiny_generator(), sampling_strategy={"Heartbleed": 11}, random_state=0
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert len(X_res) == len(X) and y_res.tolist() == y.tolist()


def test_inside_an_imblearn_pipeline(flows):
    X, y = flows
    model = make_pipeline(
        SyntheticOverSampler(tiny_generator(), random_state=0),
        HistGradientBoostingClassifier(max_iter=20, random_state=0),
    )
    model.fit(X, y)
    sampler = model[0]
    assert sum(sampler.sampling_strategy_.values()) == 4 * 150 - len(X)
    predictions = model.predict(X)  # the sampler is skipped at prediction time
    assert len(predictions) == len(X)
    assert (predictions == y.to_numpy()).mean() > 0.8


def test_numpy_input(flows):
    X, y = flows
    X_num = X[COLUMNS].to_numpy(dtype=float)
    y_arr = y.to_numpy()
    sampler = SyntheticOverSampler(
        tiny_generator(), sampling_strategy={"Heartbleed": 30}, random_state=0
    )
    X_res, y_res = sampler.fit_resample(X_num, y_arr)
    assert isinstance(X_res, np.ndarray) and X_res.dtype == np.float64
    assert X_res.shape == (len(X) + 19, len(COLUMNS))
    assert isinstance(y_res, np.ndarray)
    assert (y_res[len(X) :] == "Heartbleed").all()
    np.testing.assert_array_equal(X_res[: len(X)], X_num)
    assert sampler.target_name_ == "target"
    names = [f"x{j}" for j in range(len(COLUMNS))] + ["target"]
    assert list(sampler.generator_.feature_names_in_) == names
    # integer class labels
    codes = pd.factorize(y_arr)[0]
    X_res, y_res = SyntheticOverSampler(
        tiny_generator(), sampling_strategy={3: 20}, random_state=0
    ).fit_resample(X_num, codes)
    assert y_res.dtype == codes.dtype
    assert np.bincount(y_res).tolist() == [*np.bincount(codes)[:3].tolist(), 20]


def test_target_name_clash_and_unnamed_y(flows):
    X, y = flows
    X_clash = X.assign(Label=0)  # y's name is already a feature
    sampler = SyntheticOverSampler(tiny_generator(), sampling_strategy={"Heartbleed": 12})
    sampler.set_params(random_state=0).fit_resample(X_clash, y)
    assert sampler.target_name_ == "target"
    sampler.fit_resample(X, y.rename(None))
    assert sampler.target_name_ == "target"


def test_generator_must_condition_on_the_target_first(flows):
    X, y = flows
    bad = tiny_generator(condition_on=["Protocol", "Label"])
    with pytest.raises(ValueError, match=r"condition on the target column 'Label' first"):
        SyntheticOverSampler(bad, random_state=0).fit_resample(X, y)
    good = tiny_generator(condition_on=["Label", "Protocol"])
    sampler = SyntheticOverSampler(good, sampling_strategy={"Heartbleed": 20}, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert (y_res == "Heartbleed").sum() == 20
    assert good[-1].condition_on == ["Label", "Protocol"]  # the parameter is cloned


def test_default_generator(flows):
    X, y = flows
    X_small = X[["Protocol", "Flow Duration"]]
    sampler = SyntheticOverSampler(sampling_strategy={"Heartbleed": 15}, random_state=0)
    _, y_res = sampler.fit_resample(X_small, y)
    assert (y_res == "Heartbleed").sum() == 15
    assert sampler.generator is None
    discretizer, generator = (step for _, step in sampler.generator_.steps)
    assert isinstance(discretizer, SymbolicDiscretizer)
    assert discretizer.handle_unknown == "use_unknown_symbol"
    assert isinstance(generator, RNNGenerator) and generator.condition_on == ["Label"]


class RecordingGenerator(BaseEstimator):
    """Any estimator with fit and sample(n, random_state, conditions) can generate: this one
    keeps the table it was fitted on and returns rows of it with the requested class."""

    def __init__(self, condition_on=None):
        self.condition_on = condition_on

    def fit(self, X, y=None):
        self.table_ = X.copy()
        return self

    def sample(self, n_samples=1, random_state=None, conditions=None):
        target = self.condition_on[0]
        rows = [self.table_[self.table_[target] == label].iloc[0] for label in conditions[target]]
        return pd.DataFrame(rows).reset_index(drop=True)


def test_max_rows_per_class_caps_the_generator_training_rows(flows):
    X, y = flows
    sampler = SyntheticOverSampler(
        RecordingGenerator(), max_rows_per_class=20, sampling_strategy={"Heartbleed": 30}
    )
    X_res, y_res = sampler.fit_resample(X, y)
    seen = sampler.generator_.table_
    assert seen["Label"].value_counts().to_dict() == {k: min(n, 20) for k, n in COUNTS.items()}
    assert seen.index.is_monotonic_increasing  # original row order
    assert sampler.generator_.condition_on == ["Label"]
    assert (y_res == "Heartbleed").sum() == 30
    first = X[y == "Heartbleed"].iloc[0]
    assert (X_res.iloc[len(X) :] == first.to_numpy()).all().all()
    sampler.fit_resample(X, y)  # random_state=None: another subset, same counts
    assert sampler.generator_.table_["Label"].value_counts()["BENIGN"] == 20
    full = SyntheticOverSampler(RecordingGenerator(), sampling_strategy={"Heartbleed": 12})
    assert len(full.fit_resample(X, y)[0]) == len(X) + 1
    assert len(full.generator_.table_) == len(X)


def test_clone_and_get_params():
    sampler = SyntheticOverSampler(
        tiny_generator(), sampling_strategy={"Heartbleed": 20}, random_state=3
    )
    params = sampler.get_params()
    assert params["sampling_strategy"] == {"Heartbleed": 20}
    assert params["random_state"] == 3
    assert params["generator__rnngenerator__hidden_size"] == 16
    sampler.set_params(generator__rnngenerator__max_epochs=1)
    twin = clone(sampler)
    assert twin.get_params()["generator__rnngenerator__max_epochs"] == 1
    assert twin.generator is not sampler.generator
    assert "generator_" not in vars(twin)
    assert repr(SyntheticOverSampler()) == "SyntheticOverSampler()"


def test_random_state_reproducibility(flows):
    X, y = flows
    strategy = {"Heartbleed": 40}
    runs = [
        SyntheticOverSampler(
            tiny_generator(), sampling_strategy=strategy, random_state=seed
        ).fit_resample(X, y)[0]
        for seed in (0, 0, 1)
    ]
    pd.testing.assert_frame_equal(runs[0], runs[1])
    assert not runs[0].equals(runs[2])


def test_invalid_parameters(flows):
    X, y = flows
    with pytest.raises(ValueError, match="generator"):
        SyntheticOverSampler(generator="rnn").fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy"):
        SyntheticOverSampler(tiny_generator(), sampling_strategy="most").fit_resample(X, y)
    with pytest.raises(ValueError, match="max_rows_per_class"):
        SyntheticOverSampler(tiny_generator(), max_rows_per_class=0).fit_resample(X, y)


SAMPLER_CHECKS = list(
    estimator_checks_generator(
        SyntheticOverSampler(
            make_synthesis_pipeline(
                SymbolicDiscretizer(n_bins=5),
                RNNGenerator(hidden_size=8, embedding_dim=4, max_epochs=1),
            ),
            random_state=0,
        ),
        mark="xfail",
    )
)


def _check_name(check):
    while hasattr(check, "func"):  # functools.partial
        check = check.func
    return check.__name__


@pytest.mark.parametrize(
    "estimator, check", SAMPLER_CHECKS, ids=[_check_name(c) for _, c in SAMPLER_CHECKS]
)
def test_imblearn_sampler_checks(estimator, check):
    check(estimator)
