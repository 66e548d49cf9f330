"""Tests of sksynth.metrics on real CIC-IDS2017 flows (85 columns) and small tables."""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator
from sklearn.model_selection import GridSearchCV, KFold, cross_validate

from sksynth.metrics import (
    INLIER_PROTOCOLS,
    detection_score,
    evaluate,
    exact_copy_rate,
    infer_metadata,
    inlier_rate,
    make_detection_scorer,
    make_inlier_scorer,
    make_similarity_scorer,
    make_tstr_scorer,
    memorization_rate,
    similarity_score,
    tstr_score,
)

ID_COLUMNS = ["id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category"]
N = 3000  # rows per sample of the CIC table


# --------------------------------------------------------------------------- data


@pytest.fixture(scope="module")
def cic() -> pd.DataFrame:
    """The CIC-IDS2017 sample without identifier columns: 85 columns, target ``Label``."""
    try:
        from sksynth.datasets import load_cicids2017

        frame = load_cicids2017().frame
    except ImportError:
        path = Path(__file__).resolve().parents[2] / "shared/data/cicids2017_sample.csv.gz"
        frame = pd.read_csv(path)
    frame = frame.drop(columns=[c for c in ID_COLUMNS if c in frame.columns])
    assert frame.shape[1] == 85
    return frame


def shuffle_columns(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Each column permuted on its own: same marginals, no relationship between columns."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {c: rng.permutation(table[c].to_numpy()) for c in table.columns}, index=table.index
    )


@pytest.fixture(scope="module")
def samples(cic):
    """Disjoint real samples of N rows (train, holdout, other) and a shuffled holdout."""
    rows = np.random.default_rng(0).permutation(len(cic))
    train, holdout, other = (cic.iloc[rows[i * N : (i + 1) * N]] for i in range(3))
    return {
        "train": train,
        "holdout": holdout,
        "other": other,
        "shuffled": shuffle_columns(holdout, seed=1),
    }


def toy(n: int = 300, seed: int = 0) -> pd.DataFrame:
    """A small table: two correlated numbers, an integer and a category tied to them."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return pd.DataFrame(
        {
            "x": x,
            "y": x + 0.3 * rng.normal(size=n),
            "k": rng.integers(0, 5, size=n),
            "c": np.where(x + rng.normal(size=n) > 0, "a", "b"),
        }
    )


# --------------------------------------------------------------------------- sanity on CIC


def test_inlier_rate_calibrated_sanity(samples):
    real = inlier_rate(samples["train"], samples["holdout"], random_state=0)
    shuffled = inlier_rate(samples["train"], samples["shuffled"], random_state=0)
    # About 1 - nu = 0.9 of real rows are inliers; shuffled rows almost never are.
    assert 0.8 <= real <= 0.97
    assert shuffled <= 0.2
    assert real - shuffled >= 0.6


@pytest.mark.parametrize("protocol", ["paper", "linear"])
def test_inlier_rate_raw_protocols_run(samples, protocol):
    # The raw-feature protocols are unstable on this table and can rank shuffled rows above
    # real ones (see the Notes of inlier_rate): only check they run and give a share.
    for name in ("holdout", "shuffled"):
        rate = inlier_rate(samples["train"], samples[name], protocol=protocol, random_state=0)
        assert 0.0 <= rate <= 1.0


def test_similarity_sanity(samples):
    real = similarity_score(samples["train"], samples["holdout"], details=True)
    shuffled = similarity_score(samples["train"], samples["shuffled"], details=True)
    assert real["score"] >= 0.95
    assert shuffled["score"] <= real["score"] - 0.1
    # Shuffling keeps the marginals, so the loss is in the column pairs.
    assert abs(shuffled["column_shapes"] - real["column_shapes"]) < 0.01
    assert shuffled["column_pair_trends"] <= real["column_pair_trends"] - 0.2
    per_column = real["per_column"]
    assert list(per_column.columns) == ["column", "metric", "score"]
    assert len(per_column) == 85
    assert per_column["score"].between(0, 1).all()
    assert real["score"] == pytest.approx((real["column_shapes"] + real["column_pair_trends"]) / 2)


def test_detection_sanity(samples):
    real = detection_score(samples["train"], samples["holdout"], random_state=0)
    shuffled = detection_score(samples["train"], samples["shuffled"], random_state=0)
    assert real <= 0.6
    assert shuffled >= 0.9


def test_tstr_sanity(samples):
    train, test = samples["train"], samples["other"].iloc[:2000]
    real = tstr_score(train, samples["holdout"].iloc[:2000], test, target="Label")
    shuffled = tstr_score(train, samples["shuffled"].iloc[:2000], test, target="Label")
    assert real >= 0.75
    assert shuffled <= 0.3


def test_memorization_sanity(samples):
    train, holdout = samples["train"], samples["holdout"]
    fresh = memorization_rate(train, samples["other"], holdout, random_state=0)
    copied = memorization_rate(train, train, holdout, random_state=0)
    assert 0.01 <= fresh <= 0.12  # about 0.05 without memorisation
    assert copied >= 0.95


def test_memorization_searches_every_training_row(samples):
    # Copies of training rows are found even when far more training rows than max_samples.
    train = samples["train"]
    copies = train.sample(n=400, replace=True, random_state=0)
    rate = memorization_rate(train, copies, samples["holdout"], max_samples=400, random_state=0)
    assert rate == 1.0


def test_exact_copy_rate_sanity(samples):
    train = samples["train"]
    assert exact_copy_rate(train, train) == 1.0
    assert exact_copy_rate(train, samples["shuffled"]) <= 0.01
    half = pd.concat([train.iloc[:100], samples["other"].iloc[:100]])
    assert exact_copy_rate(train, half) >= 0.5


# --------------------------------------------------------------------------- behaviour


METRICS = {
    "inlier": lambda real, syn: inlier_rate(real, syn, random_state=0),
    "inlier_paper": lambda real, syn: inlier_rate(real, syn, protocol="paper", random_state=0),
    "similarity": lambda real, syn: similarity_score(real, syn),
    "detection": lambda real, syn: detection_score(real, syn, random_state=0),
    "memorization": lambda real, syn: memorization_rate(real, syn, real, random_state=0),
    "copies": exact_copy_rate,
    "tstr": lambda real, syn: tstr_score(real, syn, real, target="c"),
}


@pytest.mark.parametrize("metric", METRICS)
def test_column_mismatch_raises(metric):
    real = toy()
    with pytest.raises(ValueError, match=r"lacks columns \['y'\]"):
        METRICS[metric](real, real.drop(columns="y"))
    with pytest.raises(ValueError, match=r"extra columns \['extra'\]"):
        METRICS[metric](real, real.assign(extra=1.0))
    with pytest.raises(ValueError, match="'x' is numeric .* but categorical"):
        METRICS[metric](real, real.assign(x=real["x"].astype(str)))


@pytest.mark.parametrize("metric", METRICS)
def test_empty_and_infinite_raise(metric):
    real = toy()
    with pytest.raises(ValueError, match="synthetic is empty"):
        METRICS[metric](real, real.iloc[:0])
    with pytest.raises(ValueError, match="real is empty|real_train is empty"):
        METRICS[metric](real.iloc[:0], real)
    bad = real.copy()
    bad.loc[3, "y"] = np.inf
    with pytest.raises(ValueError, match=r"infinite values in columns \['y'\]"):
        METRICS[metric](real, bad)
    bad.loc[3, "y"] = -np.inf
    with pytest.raises(ValueError, match="infinite"):
        METRICS[metric](bad, real)


@pytest.mark.parametrize("metric", METRICS)
def test_column_order_and_int_float(metric):
    real, other = toy(seed=0), toy(seed=1)
    reordered = other[["c", "k", "y", "x"]].assign(k=other["k"].astype(float))
    assert METRICS[metric](real, reordered) == pytest.approx(METRICS[metric](real, other))


@pytest.mark.parametrize("metric", METRICS)
def test_missing_values_are_handled(metric):
    real, other = toy(seed=0), toy(seed=1)
    rng = np.random.default_rng(2)
    for table in (real, other):
        for col in ("x", "k", "c"):
            table.loc[rng.random(len(table)) < 0.1, col] = np.nan
    value = METRICS[metric](real, other)
    assert np.isfinite(value)


def test_not_a_dataframe_raises():
    with pytest.raises(TypeError, match="DataFrame"):
        inlier_rate(toy().to_numpy(), toy())


def test_invalid_protocol_raises():
    with pytest.raises(ValueError, match="protocol must be one of"):
        inlier_rate(toy(), toy(), protocol="rbf")
    with pytest.raises(ValueError, match="protocol must be one of"):
        make_inlier_scorer("rbf")
    assert set(INLIER_PROTOCOLS) == {"calibrated", "paper", "linear"}


def test_raw_protocols_need_numeric_columns():
    table = pd.DataFrame({"c": list("abcab") * 20})
    with pytest.raises(ValueError, match="numeric columns"):
        inlier_rate(table, table, protocol="paper")
    assert 0.0 <= inlier_rate(table, table) <= 1.0


def test_invalid_max_samples_raises():
    with pytest.raises(ValueError, match="max_samples"):
        inlier_rate(toy(), toy(), max_samples=0)
    with pytest.raises(ValueError, match="max_samples"):
        detection_score(toy(), toy(), max_samples=2.5)


def test_determinism(samples):
    small = {k: v.iloc[:800] for k, v in samples.items()}
    train, synthetic = small["train"], small["shuffled"]
    for protocol in INLIER_PROTOCOLS:
        first = inlier_rate(train, synthetic, protocol=protocol, max_samples=500, random_state=3)
        again = inlier_rate(train, synthetic, protocol=protocol, max_samples=500, random_state=3)
        assert first == again
    assert detection_score(train, synthetic, random_state=3) == detection_score(
        train, synthetic, random_state=3
    )
    assert memorization_rate(
        train, synthetic, small["holdout"], random_state=3
    ) == memorization_rate(train, synthetic, small["holdout"], random_state=3)
    real, other = toy(seed=0), toy(seed=1)
    assert similarity_score(real, other) == similarity_score(real, other)
    assert similarity_score(real, other, max_samples=200, random_state=3) == similarity_score(
        real, other, max_samples=200, random_state=3
    )


def test_tstr_robust_to_missing_classes_and_categories(samples):
    train, test = samples["train"].iloc[:1000], samples["other"].iloc[:1000]
    one_class = train[train["Label"] == "BENIGN"]
    score = tstr_score(train, one_class, test, target="Label")
    n_classes = test["Label"].nunique()
    # Only BENIGN can be right: its F1 at most, averaged over the test classes.
    assert 0.0 <= score <= 1.0 / n_classes + 1e-9
    two_classes = train[train["Label"].isin(["BENIGN", "DDoS"])]
    assert 0.0 < tstr_score(train, two_classes, test, target="Label") <= 2.0 / n_classes
    # A categorical feature whose test categories the synthetic rows never show.
    real = toy(400, seed=0).assign(cat=lambda d: np.where(d["k"] > 2, "hi", "lo"))
    synthetic = real.assign(cat="lo")
    assert 0.0 <= tstr_score(real, synthetic, real, target="c") <= 1.0


def test_tstr_regression_estimator_and_scoring():
    real, other = toy(400, seed=0), toy(400, seed=1)
    r2 = tstr_score(real, real, other, target="y")  # many distinct values: regression
    assert 0.7 <= r2 <= 1.0
    assert tstr_score(real, shuffle_columns(real, 0), other, target="y") < 0.2
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline

    linear = make_pipeline(make_column_transformer(("passthrough", ["x"])), LinearRegression())
    assert tstr_score(real, real, other, target="y", estimator=linear) == pytest.approx(r2, abs=0.1)
    mae = tstr_score(real, real, other, target="y", scoring="neg_mean_absolute_error")
    assert -0.4 < mae < 0
    # A numeric target with few distinct values is a class label.
    assert 0.0 <= tstr_score(real, other, other, target="k") <= 1.0
    with pytest.raises(ValueError, match="target 'nope'"):
        tstr_score(real, real, other, target="nope")


def test_similarity_metadata():
    real = toy()
    meta = infer_metadata(real)
    assert meta == {
        "columns": {
            "x": {"sdtype": "numerical"},
            "y": {"sdtype": "numerical"},
            "k": {"sdtype": "numerical"},
            "c": {"sdtype": "categorical"},
        }
    }
    meta["columns"]["k"] = {"sdtype": "categorical"}
    detailed = similarity_score(real, toy(seed=1), metadata=meta, details=True)
    per_column = detailed["per_column"].set_index("column")
    assert per_column.loc["k", "metric"] == "TVComplement"
    with pytest.raises(ValueError, match="metadata"):
        similarity_score(real, real, metadata={"columns": {"x": {"sdtype": "numerical"}}})
    assert similarity_score(real, real) == pytest.approx(1.0)


def test_evaluate_table(samples):
    columns = ["Flow Duration", "Total Fwd Packet", "Flow Bytes/s", "Dst Port", "Label"]
    train, synthetic, test = (
        samples[k][columns].iloc[:1000] for k in ("train", "shuffled", "other")
    )
    report = evaluate(train, synthetic, test, target="Label", random_state=0, max_samples=600)
    assert list(report.columns) == ["metric", "value", "ideal", "direction"]
    assert report["metric"].tolist() == [
        "inlier_rate_paper",
        "inlier_rate_calibrated",
        "similarity",
        "detection_auc",
        "memorization_rate",
        "exact_copy_rate",
        "tstr",
        "trtr",
        "tstr_trtr_ratio",
    ]
    assert set(report["direction"]) <= {"higher", "lower", "closer to reference"}
    values = report.set_index("metric")
    assert values.loc["detection_auc", "value"] > 0.8
    assert values.loc["tstr", "ideal"] == values.loc["trtr", "value"]
    assert values.loc["tstr", "value"] < values.loc["trtr", "value"]
    again = evaluate(train, synthetic, test, target="Label", random_state=0, max_samples=600)
    pd.testing.assert_frame_equal(report, again)
    assert set(report.attrs["seconds"]) == {
        "inlier rate (paper)",
        "inlier rate (calibrated)",
        "similarity",
        "detection",
        "memorization",
        "exact copies",
        "TSTR and TRTR",
    }


def test_evaluate_without_holdout():
    real, other = toy(seed=0), toy(seed=1)
    report = evaluate(real, other, random_state=0).set_index("metric")
    assert "memorization_rate" not in report.index and "tstr" not in report.index
    assert np.isnan(report.loc["inlier_rate_calibrated", "ideal"])
    with pytest.warns(UserWarning, match="real_test"):
        evaluate(real, other, target="c", random_state=0)
    with pytest.raises(ValueError, match="target"):
        evaluate(real, other, other, target="nope")


def test_evaluate_categorical_only():
    real = pd.DataFrame({"a": list("abcab") * 30, "b": list("xxyyz") * 30})
    report = evaluate(real, real.iloc[::-1], real, target="b", random_state=0)
    values = report.set_index("metric")["value"]
    assert np.isnan(values["inlier_rate_paper"])
    assert values[["inlier_rate_calibrated", "similarity", "tstr"]].notna().all()


def test_mixed_dtypes_and_empty_columns():
    def draw(seed, n=200):
        rng = np.random.default_rng(seed)
        return pd.DataFrame(
            {
                "num": rng.normal(size=n),
                "int": pd.array(rng.integers(0, 5, n), dtype="Int64"),
                "flag": rng.random(n) > 0.5,
                "when": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 999, n), "h"),
                "cat": pd.Categorical(rng.choice(["a", "b", "c"], n)),
                "s": pd.Series(rng.choice(["x", "y"], n), dtype="string"),
                "empty": np.nan,
            }
        )

    real, synthetic, test = draw(0), draw(1), draw(2)
    real.loc[:5, "int"] = pd.NA
    real.loc[3:8, "when"] = pd.NaT
    synthetic.loc[:5, "s"] = pd.NA
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = evaluate(real, synthetic, test, target="cat", random_state=0)
    assert report["value"].notna().all()
    assert exact_copy_rate(real, real) == 1.0
    with pytest.raises(ValueError, match="'flag' is boolean"):
        inlier_rate(real, synthetic.assign(flag=synthetic["flag"].astype(int)))


def test_evaluate_verbose_progress(capsys):
    evaluate(toy(seed=0), toy(seed=1), random_state=0, verbose=True)
    assert "evaluate" in capsys.readouterr().err


# --------------------------------------------------------------------------- scorers


class ResampleGenerator(BaseEstimator):
    """A stand-in generator: resamples its training rows, optionally shuffling each column."""

    def __init__(self, shuffle_columns=False, as_array=False):
        self.shuffle_columns = shuffle_columns
        self.as_array = as_array

    def fit(self, X, y=None):
        self.data_ = X.reset_index(drop=True).copy()
        return self

    def sample(self, n, random_state=None):
        rng = np.random.default_rng(random_state)
        rows = self.data_.iloc[rng.integers(0, len(self.data_), size=n)].reset_index(drop=True)
        if self.shuffle_columns:
            rows = shuffle_columns(rows, seed=int(rng.integers(2**31)))
        return rows.to_numpy() if self.as_array else rows


@pytest.fixture(scope="module")
def small_cic(samples):
    columns = [
        "Flow Duration",
        "Total Fwd Packet",
        "Total Bwd packets",
        "Fwd Packet Length Max",
        "Flow IAT Mean",
        "Dst Port",
        "Label",
    ]
    return pd.concat([samples["train"], samples["holdout"]])[columns].iloc[:1200]


def scorers():
    return {
        "inlier": make_inlier_scorer(),
        "tstr": make_tstr_scorer("Label"),
        "similarity": make_similarity_scorer(),
        "detection": make_detection_scorer(),
    }


def test_scorers_in_grid_search(small_cic):
    search = GridSearchCV(
        ResampleGenerator(),
        {"shuffle_columns": [False, True]},
        scoring=scorers(),
        refit="detection",
        cv=KFold(2, shuffle=True, random_state=0),
        error_score="raise",
    )
    search.fit(small_cic)
    assert search.best_params_ == {"shuffle_columns": False}
    results = pd.DataFrame(search.cv_results_)
    for name in scorers():
        faithful, shuffled = results[f"mean_test_{name}"]
        assert faithful > shuffled, name
    assert results["mean_test_detection"].max() <= 0.0


def test_scorers_in_cross_validate_with_array_output(small_cic):
    result = cross_validate(
        ResampleGenerator(as_array=True),
        small_cic,
        scoring={"inlier": make_inlier_scorer(reference=0.9), "tstr": make_tstr_scorer("Label")},
        cv=2,
        error_score="raise",
    )
    assert np.all(result["test_inlier"] <= 0.0)
    assert np.all((result["test_tstr"] >= 0.0) & (result["test_tstr"] <= 1.0))


def test_scorers_pickle_and_determinism(small_cic):
    generator = ResampleGenerator(shuffle_columns=True).fit(small_cic.iloc[:600])
    held_out = small_cic.iloc[600:]
    for name, scorer in scorers().items():
        copy = pickle.loads(pickle.dumps(scorer))
        assert repr(copy) == repr(scorer)
        assert copy(generator, held_out) == scorer(generator, held_out), name
