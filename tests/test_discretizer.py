import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn import config_context

from sksynth import SymbolicDiscretizer


def mixed_frame(n=300, seed=0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "bytes": rng.lognormal(5, 2, n).round().astype(np.int64),
            "rate": rng.exponential(3.0, n),
            "small": rng.integers(0, 4, n),
            "f32": rng.normal(size=n).astype(np.float32),
            "proto": rng.choice(["tcp", "udp", "icmp"], n),
            "flag": rng.random(n) < 0.3,
            "when": pd.Timestamp("2017-07-07") + pd.to_timedelta(rng.integers(0, 10**6, n), "s"),
        }
    )
    frame.loc[::7, "rate"] = np.nan
    frame["cat"] = pd.Categorical(rng.choice(["lo", "mid", "hi"], n), ["lo", "mid", "hi"])
    frame["nullable"] = pd.array(rng.integers(0, 1000, n), dtype="Int64")
    frame.loc[::5, "nullable"] = pd.NA
    return frame


def assert_round_trip(disc, frame):
    codes = disc.transform(frame)
    decoded = disc.inverse_transform(codes)
    assert list(decoded.columns) == list(frame.columns)
    assert (decoded.dtypes == frame.dtypes).all(), (decoded.dtypes, frame.dtypes)
    np.testing.assert_array_equal(decoded.isna().to_numpy(), frame.isna().to_numpy())
    np.testing.assert_array_equal(disc.transform(decoded), codes)
    return codes, decoded


@pytest.mark.parametrize("strategy", ["quantile", "uniform", "kmeans"])
@pytest.mark.parametrize("decode", ["empirical", "uniform", "midpoint"])
def test_round_trip_mixed_frame(strategy, decode):
    frame = mixed_frame()
    disc = SymbolicDiscretizer(n_bins=10, strategy=strategy, decode=decode, random_state=0)
    codes, decoded = assert_round_trip(disc.fit(frame), frame)
    assert codes.dtype == np.int64 and codes.shape == frame.shape
    assert (codes < disc.n_symbols_).all() and (codes >= 0).all()
    # categories and exact columns come back exactly
    for col in ["proto", "flag", "cat", "small"]:
        pd.testing.assert_series_equal(decoded[col], frame[col])
    # integers stay integers within the training range
    assert decoded["bytes"].between(frame["bytes"].min(), frame["bytes"].max()).all()


def test_fitted_attributes():
    frame = mixed_frame()
    disc = SymbolicDiscretizer(n_bins=10).fit(frame)
    assert disc.n_features_in_ == frame.shape[1]
    assert list(disc.feature_names_in_) == list(frame.columns)
    kinds = dict(zip(frame.columns, disc.feature_kinds_))
    assert kinds == {
        "bytes": "numeric",
        "rate": "numeric",
        "small": "discrete",
        "f32": "numeric",
        "proto": "categorical",
        "flag": "categorical",
        "when": "datetime",
        "cat": "categorical",
        "nullable": "numeric",
    }
    j = list(frame.columns).index("rate")
    assert disc.missing_symbol_[j] == disc.n_symbols_[j] - 1
    assert disc.missing_symbol_[list(frame.columns).index("bytes")] == -1
    assert disc.bin_edges_[list(frame.columns).index("when")].dtype == "datetime64[ns]"
    assert list(disc.categories_[list(frame.columns).index("cat")]) == ["lo", "mid", "hi"]
    assert all(n <= 10 + 1 for n in disc.n_symbols_[[0, 1, 3]])


def test_values_decode_inside_their_interval():
    frame = mixed_frame(500)
    for decode in ["empirical", "uniform", "midpoint"]:
        disc = SymbolicDiscretizer(n_bins=12, decode=decode, random_state=1).fit(frame)
        codes = disc.transform(frame)
        decoded = disc.inverse_transform(codes)
        for col in ["bytes", "rate", "f32"]:
            j = list(frame.columns).index(col)
            edges = disc.bin_edges_[j]
            c, v = codes[:, j], decoded[col].to_numpy(dtype=float)
            ok = ~np.isnan(v)
            assert (v[ok] >= edges[c[ok]]).all() and (v[ok] <= edges[c[ok] + 1]).all()


def test_empirical_decoding_keeps_spikes_and_integer_grids():
    rng = np.random.default_rng(0)
    values = np.where(rng.random(2000) < 0.6, 0, rng.integers(1, 10**6, 2000) * 10)
    frame = pd.DataFrame({"x": values})
    disc = SymbolicDiscretizer(n_bins=8, random_state=0).fit(frame)
    decoded = disc.inverse_transform(disc.transform(frame))["x"]
    assert (decoded % 10 == 0).all()
    assert abs((decoded == 0).mean() - 0.6) < 0.05


def test_stored_values_are_bounded():
    frame = pd.DataFrame({"x": np.arange(10_000, dtype=float)})
    disc = SymbolicDiscretizer(n_bins=4, max_values_per_bin=50, random_state=0).fit(frame)
    assert len(disc._columns[0].stored) == 4 * 50


def test_random_state_makes_decoding_reproducible():
    frame = mixed_frame()
    disc = SymbolicDiscretizer(n_bins=10, random_state=3).fit(frame)
    codes = disc.transform(frame)
    pd.testing.assert_frame_equal(disc.inverse_transform(codes), disc.inverse_transform(codes))
    a = disc.inverse_transform(codes, random_state=1)
    b = disc.inverse_transform(codes, random_state=2)
    assert not a["rate"].equals(b["rate"])


def test_out_of_range_values_fall_into_edge_intervals():
    disc = SymbolicDiscretizer(n_bins=4).fit(pd.DataFrame({"x": np.arange(100.0)}))
    codes = disc.transform(pd.DataFrame({"x": [-1e9, 1e9]}))
    assert codes[:, 0].tolist() == [0, disc.n_symbols_[0] - 1]


def test_constant_and_all_missing_columns_have_one_symbol():
    frame = pd.DataFrame({"c": [5] * 10, "m": [np.nan] * 10, "s": [None] * 10, "t": [pd.NaT] * 10})
    disc = SymbolicDiscretizer().fit(frame)
    assert disc.n_symbols_.tolist() == [1, 1, 1, 1]
    assert_round_trip(disc, frame)


def test_pyarrow_and_string_dtypes_are_kept():
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame(
        {
            "i": pd.array(np.arange(200) * 3, dtype="int64[pyarrow]"),
            "f": pd.array(np.linspace(0, 1, 200), dtype="double[pyarrow]"),
            "s": pd.array(["a", "b", None, "c"] * 50, dtype="string[pyarrow]"),
            "tz": pd.date_range("2024-01-01", periods=200, freq="h", tz="Europe/Brussels"),
            "b": pd.array([True, False, None, True] * 50, dtype="boolean"),
        }
    )
    disc = SymbolicDiscretizer(n_bins=10, random_state=0).fit(frame)
    assert_round_trip(disc, frame)


def test_categorical_features_explicit():
    frame = pd.DataFrame({"port": np.arange(200) % 97, "x": np.arange(200.0)})
    disc = SymbolicDiscretizer(n_bins=5, categorical_features=["port"]).fit(frame)
    assert disc.n_symbols_[0] == 97 and disc.feature_kinds_[0] == "categorical"
    disc = SymbolicDiscretizer(n_bins=5, categorical_features=[0]).fit(frame.to_numpy())
    assert disc.n_symbols_[0] == 97
    assert not hasattr(disc, "feature_names_in_")


def test_set_output_pandas_and_feature_names():
    frame = mixed_frame()
    disc = SymbolicDiscretizer(n_bins=5).set_output(transform="pandas").fit(frame)
    out = disc.transform(frame)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == list(frame.columns)
    assert list(disc.get_feature_names_out()) == list(frame.columns)
    decoded = disc.inverse_transform(out)  # a DataFrame of codes is accepted
    assert isinstance(decoded, pd.DataFrame) and (decoded.dtypes == frame.dtypes).all()
    with config_context(transform_output="pandas"):
        assert isinstance(SymbolicDiscretizer().fit_transform(frame), pd.DataFrame)


def test_sentences_round_trip():
    frame = mixed_frame(60)
    disc = SymbolicDiscretizer(n_bins=30).fit(frame)
    codes = disc.transform(frame)
    sentences = disc.to_sentences(codes)
    assert len(sentences) == 60 and len(sentences[0].split()) == frame.shape[1]
    np.testing.assert_array_equal(disc.from_sentences(sentences), codes)
    assert disc.to_sentences([[0] * 9])[0] == " ".join(["a"] * 9)
    with pytest.raises(ValueError, match="symbols; expected"):
        disc.from_sentences(["a b"])
    with pytest.raises(ValueError, match="not a symbol"):
        disc.from_sentences(["? " * 9])


@pytest.mark.parametrize(
    "frame, match",
    [
        (pd.DataFrame({"x": []}), "0 sample"),
        (pd.DataFrame(index=range(3)), "0 feature"),
        (pd.DataFrame({"x": [1.0, np.inf, 2.0]}), "'x' contains infinite"),
        (pd.DataFrame({"x": ["a", 1, "b"]}), "'x' mixes strings"),
        (pd.DataFrame([[1, 2]], columns=["a", "a"]), "Duplicate column names"),
        (pd.DataFrame({"x": [1 + 1j, 2j]}), "'x' has dtype complex"),
    ],
)
def test_bad_input_in_fit(frame, match):
    with pytest.raises(ValueError, match=match):
        SymbolicDiscretizer().fit(frame)


def test_bad_input_in_transform_and_inverse():
    frame = pd.DataFrame({"x": np.arange(50.0), "c": ["a", "b"] * 25})
    disc = SymbolicDiscretizer(n_bins=5).fit(frame)
    with pytest.raises(ValueError, match="'c' has categories not seen"):
        disc.transform(pd.DataFrame({"x": [1.0], "c": ["z"]}))
    with pytest.raises(ValueError, match="'x' has missing values"):
        disc.transform(pd.DataFrame({"x": [np.nan], "c": ["a"]}))
    with pytest.raises(ValueError, match="missing:\n- c"):
        disc.transform(pd.DataFrame({"x": [1.0], "d": ["a"]}))
    with pytest.raises(ValueError, match="'x' must lie in \\[0, 5\\)"):
        disc.inverse_transform([[5, 0]])
    with pytest.raises(ValueError, match="codes for 2 columns, got 3"):
        disc.inverse_transform([[0, 0, 0]])
    with pytest.raises(ValueError, match="integers"):
        disc.inverse_transform([[0.5, 0]])
    with pytest.raises(ValueError, match="2-D"):
        disc.transform(np.arange(3.0))


def test_handle_unknown_uses_the_unknown_symbol():
    frame = pd.DataFrame({"c": ["a", "b"] * 10})
    disc = SymbolicDiscretizer(handle_unknown="use_unknown_symbol").fit(frame)
    assert disc.n_symbols_[0] == 3
    codes = disc.transform(pd.DataFrame({"c": ["z", "a", None]}))
    assert codes[:, 0].tolist() == [2, 0, 2]
    assert disc.inverse_transform(codes)["c"].isna().tolist() == [True, False, True]


def test_full_shipped_cic_table_round_trips(cic_frame):
    disc = SymbolicDiscretizer(random_state=0).fit(cic_frame)
    codes, decoded = assert_round_trip(disc, cic_frame)
    assert decoded.shape == cic_frame.shape == (25127, 91)
    assert (disc.n_symbols_ <= np.maximum(49, cic_frame.nunique().to_numpy())).all()
    for col in ["Label", "Protocol", "Src IP"]:
        pd.testing.assert_series_equal(decoded[col], cic_frame[col])


# ---------------------------------------------------------------- properties
_names = st.sampled_from(["a", "b", "c", "d", "e"])
_column = st.one_of(
    st.lists(st.floats(-1e6, 1e6, allow_nan=True), min_size=1, max_size=1),
    st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=1),
    st.lists(st.sampled_from(["x", "y", "zz", None]), min_size=1, max_size=1),
)


@st.composite
def mixed_frames(draw):
    n_rows = draw(st.integers(1, 40))
    n_cols = draw(st.integers(1, 5))
    data = {}
    for j in range(n_cols):
        kind = draw(st.sampled_from(["float", "int", "str", "bool", "datetime"]))
        if kind == "float":
            values = draw(
                st.lists(
                    st.one_of(st.floats(-1e9, 1e9), st.just(np.nan)),
                    min_size=n_rows,
                    max_size=n_rows,
                )
            )
            col = pd.Series(values, dtype=draw(st.sampled_from(["float64", "float32"])))
        elif kind == "int":
            values = draw(st.lists(st.integers(-(2**40), 2**40), min_size=n_rows, max_size=n_rows))
            col = pd.Series(values, dtype=draw(st.sampled_from(["int64", "Int64"])))
        elif kind == "str":
            col = pd.Series(
                draw(
                    st.lists(
                        st.sampled_from(["x", "y", "zz", None]), min_size=n_rows, max_size=n_rows
                    )
                ),
                dtype=object,
            )
        elif kind == "bool":
            col = pd.Series(draw(st.lists(st.booleans(), min_size=n_rows, max_size=n_rows)))
        else:
            seconds = draw(st.lists(st.integers(0, 10**9), min_size=n_rows, max_size=n_rows))
            col = pd.Series(pd.to_datetime(seconds, unit="s"))
        data[f"c{j}"] = col
    return pd.DataFrame(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frame=mixed_frames(),
    n_bins=st.integers(1, 8),
    strategy=st.sampled_from(["quantile", "uniform", "kmeans"]),
    decode=st.sampled_from(["empirical", "uniform", "midpoint"]),
)
def test_property_round_trip(frame, n_bins, strategy, decode):
    disc = SymbolicDiscretizer(n_bins=n_bins, strategy=strategy, decode=decode, random_state=0)
    codes, decoded = assert_round_trip(disc.fit(frame), frame)
    assert decoded.shape == frame.shape
    for j, col in enumerate(frame.columns):
        kind = disc.feature_kinds_[j]
        if kind in ("categorical", "discrete"):  # exact values come back exactly
            pd.testing.assert_series_equal(decoded[col], frame[col], check_names=False)
        elif kind == "numeric":  # every value decodes into its own interval
            edges = disc.bin_edges_[j].astype(float)
            v = decoded[col].to_numpy(dtype=float)
            c = codes[:, j]
            ok = ~np.isnan(v)
            assert (v[ok] >= edges[c[ok]]).all() and (v[ok] <= edges[c[ok] + 1]).all()


def test_donor_decoding_keeps_exact_relations_between_columns():
    rng = np.random.default_rng(0)
    packets = rng.integers(1, 500, 2000)
    size = rng.lognormal(5, 1, 2000).round()
    frame = pd.DataFrame({"packets": packets, "bytes": packets * size, "mean": size})
    shares = {}
    for decode in ["empirical", "donor"]:
        disc = SymbolicDiscretizer(n_bins=20, decode=decode, random_state=0).fit(frame)
        codes = disc.transform(frame)
        decoded = disc.inverse_transform(codes)
        np.testing.assert_array_equal(disc.transform(decoded), codes)
        shares[decode] = np.mean(decoded["bytes"] == decoded["packets"] * decoded["mean"])
    assert shares["donor"] == 1.0  # every row agrees with a donor on all three symbols
    assert shares["empirical"] < 0.2


def test_donor_decoding_is_reproducible_and_bounded():
    frame = mixed_frame(400)
    disc = SymbolicDiscretizer(n_bins=8, decode="donor", max_donors=50, random_state=0)
    disc.fit(frame)
    assert len(disc._donors) == 50
    codes = disc.transform(frame)
    pd.testing.assert_frame_equal(
        disc.inverse_transform(codes, random_state=1), disc.inverse_transform(codes, random_state=1)
    )
    assert_round_trip(disc, frame)
