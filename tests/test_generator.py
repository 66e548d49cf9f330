import pickle

import joblib
import numpy as np
import pandas as pd
import pytest
import torch

from sksynth import (
    IndependentGenerator,
    RNNGenerator,
    SequenceGenerator,
    TransformerGenerator,
    WaveNetGenerator,
)
from sksynth.models import RecurrentLM

TINY = {
    "rnn": lambda **kw: RNNGenerator(embedding_dim=8, hidden_size=32, **kw),
    "transformer": lambda **kw: TransformerGenerator(embedding_dim=16, n_layers=1, n_heads=2, **kw),
    "wavenet": lambda **kw: WaveNetGenerator(embedding_dim=8, hidden_size=32, **kw),
    "wavenet-hierarchical": lambda **kw: WaveNetGenerator(
        embedding_dim=8, hidden_size=32, hierarchical=True, **kw
    ),
}


@pytest.fixture(scope="module")
def related_codes():
    """Columns with exact relations: a generator must learn them, independent columns can't."""
    rng = np.random.default_rng(0)
    a = rng.integers(0, 5, 600)
    b = (a * 2) % 7
    c = rng.integers(0, 3, 600)
    d = (a + c) % 4
    return np.column_stack([a, b, c, d])


@pytest.mark.parametrize("name", list(TINY))
def test_learns_relations_and_beats_independent_columns(name, related_codes):
    gen = TINY[name](max_epochs=25, lr=1e-2, patience=None, random_state=0).fit(related_codes)
    rows = gen.sample(300, random_state=1)
    assert rows.shape == (300, 4)
    assert (rows[:, 1] == (rows[:, 0] * 2) % 7).mean() > 0.9
    assert (rows[:, 3] == (rows[:, 0] + rows[:, 2]) % 4).mean() > 0.9
    baseline = IndependentGenerator().fit(related_codes)
    assert gen.score(related_codes) > baseline.score(related_codes) + 1.0
    assert list(gen.history_.columns) == ["epoch", "train_loss", "valid_loss"]
    assert len(gen.history_) == 25


@pytest.mark.parametrize("name", list(TINY))
def test_same_random_state_same_model_and_samples(name, related_codes):
    a = TINY[name](max_epochs=2, random_state=3).fit(related_codes)
    b = TINY[name](max_epochs=2, random_state=3).fit(related_codes)
    for (ka, va), (_, vb) in zip(a.module_.state_dict().items(), b.module_.state_dict().items()):
        torch.testing.assert_close(va, vb, msg=ka)
    np.testing.assert_array_equal(a.sample(50, random_state=0), b.sample(50, random_state=0))
    assert not np.array_equal(a.sample(50, random_state=0), a.sample(50, random_state=1))


@pytest.mark.parametrize("dump", ["pickle", "joblib"])
def test_persistence_keeps_samples(dump, related_codes, tmp_path):
    gen = TINY["rnn"](max_epochs=2, random_state=0).fit(related_codes)
    if dump == "pickle":
        loaded = pickle.loads(pickle.dumps(gen))
    else:
        joblib.dump(gen, tmp_path / "gen.joblib")
        loaded = joblib.load(tmp_path / "gen.joblib")
    np.testing.assert_array_equal(gen.sample(40, random_state=5), loaded.sample(40, random_state=5))
    np.testing.assert_allclose(
        gen.score_samples(related_codes), loaded.score_samples(related_codes)
    )


def test_sampled_codes_stay_in_each_alphabet():
    rng = np.random.default_rng(0)
    sizes = [2, 9, 1, 30, 4]
    codes = np.column_stack([rng.integers(0, k, 300) for k in sizes])
    gen = TINY["transformer"](max_epochs=1, random_state=0).fit(codes)
    for temperature in [0.3, 1.0, 5.0]:
        rows = gen.sample(500, random_state=0, temperature=temperature)
        assert ((rows >= 0) & (rows < np.array(sizes))).all()


def test_sampling_is_chunked(monkeypatch, related_codes):
    import sksynth.generator as module

    gen = TINY["rnn"](max_epochs=1, random_state=0).fit(related_codes)
    full = gen.sample(250, random_state=2)
    monkeypatch.setattr(module, "_CHUNK", 64)
    chunked = gen.sample(250, random_state=2)
    assert chunked.shape == (250, 4)
    assert ((chunked >= 0) & (chunked < gen.n_symbols_)).all()
    assert not np.array_equal(full, np.zeros_like(full))


def test_low_temperature_gives_more_typical_rows(related_codes):
    gen = TINY["rnn"](max_epochs=10, lr=1e-2, random_state=0).fit(related_codes)
    cold = gen.score_samples(gen.sample(300, random_state=0, temperature=0.5)).mean()
    warm = gen.score_samples(gen.sample(300, random_state=0, temperature=2.0)).mean()
    assert cold > warm


def test_score_samples_penalty_and_errors(related_codes):
    frame = pd.DataFrame(related_codes, columns=list("abcd"))
    frame.attrs["n_symbols"] = [6, 7, 3, 4]  # symbol 5 of column a is never seen
    gen = TINY["rnn"](max_epochs=2, random_state=0).fit(frame)
    assert gen.n_symbols_.tolist() == [6, 7, 3, 4]

    def rows(values):
        return pd.DataFrame(values, columns=list("abcd"))

    unseen = rows([[5, 3, 1, 2]])
    ll = gen.score_samples(unseen)
    assert np.isfinite(ll).all() and ll[0] < gen.score_samples(frame.iloc[:50]).min()
    with pytest.raises(ValueError, match="outside its fitted alphabet"):
        gen.score_samples(rows([[6, 0, 0, 0]]))
    with pytest.raises(ValueError, match="non-negative"):
        gen.score_samples(rows([[-1, 0, 0, 0]]))


@pytest.mark.parametrize(
    "X, match",
    [
        (np.array([[0.5, 1.0]]), "integer symbol codes"),
        (np.array([["a", "b"]]), "integer symbol codes"),
        (np.array([[np.nan, 1.0]]), "NaN or infinity"),
        (np.zeros((0, 3), dtype=int), "0 sample"),
        (np.arange(5), "2-D"),
    ],
)
def test_bad_codes_in_fit(X, match):
    with pytest.raises(ValueError, match=match):
        RNNGenerator(max_epochs=1).fit(X)


def test_bad_parameters():
    codes = np.zeros((20, 2), dtype=int)
    with pytest.raises(ValueError, match="architecture"):
        SequenceGenerator("lstm").fit(codes)
    with pytest.raises(ValueError, match="max_epochs"):
        RNNGenerator(max_epochs=0).fit(codes)
    gen = RNNGenerator(max_epochs=1, hidden_size=4, embedding_dim=2).fit(codes)
    with pytest.raises(ValueError, match="temperature"):
        gen.sample(3, temperature=0)
    with pytest.raises(ValueError, match="n_samples"):
        gen.sample(0)


def test_custom_module_class_and_device_auto(related_codes):
    gen = SequenceGenerator(
        RecurrentLM,
        module_params=dict(cell="lstm", hidden_size=16),
        max_epochs=1,
        device="auto",
        random_state=0,
    ).fit(related_codes)
    assert isinstance(gen.module_, RecurrentLM)
    assert gen.sample(5, random_state=0).shape == (5, 4)


def test_conditioned_sampling_forces_codes_and_follows_them(related_codes):
    frame = pd.DataFrame(related_codes, columns=list("abcd"))
    gen = TINY["rnn"](
        max_epochs=25, lr=1e-2, patience=None, condition_on=["a"], random_state=0
    ).fit(frame)
    assert gen.column_order_.tolist() == [0, 1, 2, 3]
    rows = gen.sample(200, random_state=0, conditions={"a": 3})
    assert (rows[:, 0] == 3).all()
    assert (rows[:, 1] == 6).mean() > 0.9  # b = 2a mod 7 follows the condition
    per_row = gen.sample(4, random_state=0, conditions={"a": np.array([0, 1, 2, 3])})
    assert per_row[:, 0].tolist() == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="condition_on"):
        gen.sample(3, conditions={"b": 1})
    with pytest.raises(ValueError, match="must lie in"):
        gen.sample(3, conditions={"a": 9})


def test_verbose_shows_progress(related_codes, capsys):
    TINY["rnn"](max_epochs=1, verbose=1, random_state=0).fit(related_codes)
    captured = capsys.readouterr()
    assert "train_loss" in captured.out + captured.err


def test_max_time_stops_training_early(related_codes):
    gen = TINY["rnn"](max_epochs=1000, max_time=0.5, patience=None, random_state=0)
    gen.fit(related_codes)
    assert 1 <= len(gen.history_) < 1000
