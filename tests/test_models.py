"""Tests of the next-symbol models: shapes, masking, causality, fast sampling and training."""

import pytest
import torch
import torch.nn.functional as F

from sksynth.models import (
    ARCHITECTURES,
    ColumnHead,
    RecurrentLM,
    SymbolicLM,
    TransformerLM,
    WaveNetLM,
)

N_SYMBOLS = [3, 1, 5, 2, 7, 4]
K = max(N_SYMBOLS)

CONFIGS = {
    "rnn": (RecurrentLM, dict(cell="rnn", embedding_dim=8, hidden_size=16)),
    "gru": (RecurrentLM, dict(cell="gru", embedding_dim=8, hidden_size=16)),
    "lstm": (RecurrentLM, dict(cell="lstm", embedding_dim=8, hidden_size=16)),
    "lstm-2layers": (
        RecurrentLM,
        dict(cell="lstm", embedding_dim=8, hidden_size=16, num_layers=2, dropout=0.1),
    ),
    "rnn-3layers": (RecurrentLM, dict(embedding_dim=8, hidden_size=16, num_layers=3)),
    "transformer": (TransformerLM, dict(embedding_dim=16, n_layers=2, n_heads=4)),
    "transformer-dropout": (
        TransformerLM,
        dict(embedding_dim=8, n_layers=1, n_heads=1, dropout=0.1, mlp_ratio=2),
    ),
    "wavenet": (WaveNetLM, dict(embedding_dim=8, hidden_size=16)),
    "wavenet-residual-k3": (
        WaveNetLM,
        dict(embedding_dim=16, hidden_size=16, kernel_size=3, dropout=0.1),
    ),
    "wavenet-hierarchical": (
        WaveNetLM,
        dict(embedding_dim=8, hidden_size=16, hierarchical=True),
    ),
    "wavenet-hierarchical-4": (
        WaveNetLM,
        dict(embedding_dim=8, hidden_size=16, hierarchical=True, context=4, dropout=0.1),
    ),
}


def make_model(name, seed=0):
    torch.manual_seed(seed)
    cls, kwargs = CONFIGS[name]
    return cls(N_SYMBOLS, **kwargs)


def random_codes(batch_size, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return torch.stack(
        [torch.randint(0, n, (batch_size,), generator=gen) for n in N_SYMBOLS], dim=1
    )


def trained_eval(name):
    """A model whose BatchNorm running statistics moved off their defaults, in eval mode."""
    model = make_model(name)
    model.train()
    with torch.no_grad():
        for seed in range(3):
            model(random_codes(32, seed)[:, :-1])
    return model.eval()


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    # tiny models: thread start-up and contention cost more than they save
    n_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n_threads)


@pytest.fixture(params=list(CONFIGS))
def name(request):
    return request.param


def test_architectures():
    assert ARCHITECTURES == {
        "rnn": RecurrentLM,
        "transformer": TransformerLM,
        "wavenet": WaveNetLM,
    }
    for cls in ARCHITECTURES.values():
        assert issubclass(cls, SymbolicLM)


def test_forward_shapes_and_mask(name):
    model = make_model(name)
    codes = random_codes(5)
    invalid = torch.arange(K)[None, :] >= torch.tensor(N_SYMBOLS)[:, None]
    for train in (True, False):
        model.train(train)
        for t in range(len(N_SYMBOLS)):
            logits = model(codes[:, :t])
            assert logits.shape == (5, t + 1, K)
            assert torch.isneginf(logits[:, invalid[: t + 1]]).all()
            assert torch.isfinite(logits[:, ~invalid[: t + 1]]).all()


def test_causality(name):
    model = trained_eval(name)
    codes = random_codes(8, seed=1)
    with torch.no_grad():
        logits = model(codes[:, :-1])
        for j in range(1, len(N_SYMBOLS) - 1):
            changed = codes.clone()
            changed[:, j:] = random_codes(8, seed=10 + j)[:, j:]
            other = model(changed[:, :-1])
            # columns 0..j only see columns < j, which did not change
            torch.testing.assert_close(other[:, : j + 1], logits[:, : j + 1])


def test_step_matches_forward(name):
    model = trained_eval(name)
    codes = random_codes(7, seed=2)
    with torch.no_grad():
        full = model(codes[:, :-1])
        state = model.init_state(7)
        for p in range(len(N_SYMBOLS)):
            prev = codes[:, p - 1] if p > 0 else None
            logits, state = model.step(prev, p, state)
            assert logits.shape == (7, K)
            torch.testing.assert_close(logits, full[:, p], atol=1e-5, rtol=1e-5)
            torch.testing.assert_close(logits, model(codes[:, :p])[:, -1], atol=1e-5, rtol=1e-5)


def test_step_float64():
    model = trained_eval("wavenet").double()
    codes = random_codes(3)
    with torch.no_grad():
        full = model(codes[:, :-1])
        state = model.init_state(3)
        for p in range(len(N_SYMBOLS)):
            logits, state = model.step(codes[:, p - 1] if p else None, p, state)
            assert logits.dtype == torch.float64
            torch.testing.assert_close(logits, full[:, p])


def test_training_decreases_loss(name):
    model = make_model(name)
    # a tiny dataset with structure: every column is a function of the first one
    first = torch.arange(12) % N_SYMBOLS[0]
    codes = torch.stack([(first * (j + 1)) % n for j, n in enumerate(N_SYMBOLS)], dim=1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

    def loss_fn():
        logits = model(codes[:, :-1])
        # -inf logits of other columns' symbols are fine: their softmax weight is exactly 0
        return F.cross_entropy(logits.reshape(-1, K), codes.reshape(-1))

    model.eval()
    with torch.no_grad():
        before = loss_fn().item()
    model.train()
    for _ in range(30):
        optimizer.zero_grad()
        loss = loss_fn()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        after = loss_fn().item()
    assert after < before


def test_transformer_cache_is_filled_in_place():
    model = make_model("transformer").eval()
    buffers, length = model.init_state(2)
    assert len(buffers) == 2 and buffers[0][0].shape == (2, 4, len(N_SYMBOLS), 4)
    assert length == 0
    codes = random_codes(2)
    with torch.no_grad():
        state = (buffers, length)
        for p in range(3):
            _, state = model.step(codes[:, p - 1] if p else None, p, state)
    assert state[1] == 3 and state[0][0][0] is buffers[0][0]  # the same buffers, no copies
    assert all(k[:, :, :3].abs().sum() > 0 and k[:, :, 3:].abs().sum() == 0 for k, _ in state[0])


def test_wavenet_receptive_field():
    # the default number of layers covers the whole row: the last column sees the first
    model = trained_eval("wavenet")
    assert model.n_layers == 3  # 2 ** 3 >= 6 positions
    assert WaveNetLM(N_SYMBOLS, kernel_size=3).n_layers == 2
    assert WaveNetLM([4], embedding_dim=4, hidden_size=4).n_layers == 1
    codes = random_codes(8)
    changed = codes.clone()
    changed[:, 0] = (codes[:, 0] + 1) % N_SYMBOLS[0]
    with torch.no_grad():
        assert not torch.allclose(model(codes[:, :-1])[:, -1], model(changed[:, :-1])[:, -1])


def test_wavenet_hierarchical_window():
    # with context 4, column 5 sees columns 1..4 only
    model = trained_eval("wavenet-hierarchical-4")
    assert model.n_layers == 2
    codes = random_codes(8)
    changed = codes.clone()
    changed[:, 0] = (codes[:, 0] + 1) % N_SYMBOLS[0]
    with torch.no_grad():
        before, after = model(codes[:, :-1]), model(changed[:, :-1])
    torch.testing.assert_close(before[:, 5], after[:, 5])
    assert not torch.allclose(before[:, 4], after[:, 4])


def test_wavenet_hierarchical_batchnorm_per_channel():
    # train-mode BatchNorm on (N, L, C) normalises each channel over N and L
    model = make_model("wavenet-hierarchical").train()
    stage = model.stages[0]
    x = torch.randn(4, 8, 8)
    out = stage[2](stage[1](stage[0](x)))
    assert out.shape == (4, 4, 16)
    torch.testing.assert_close(out.mean(dim=(0, 1)), torch.zeros(16), atol=1e-5, rtol=0)
    torch.testing.assert_close(
        out.var(dim=(0, 1), unbiased=False), torch.ones(16), atol=1e-3, rtol=0
    )


@pytest.mark.parametrize(
    "cls, kwargs",
    [
        (RecurrentLM, dict(cell="elman")),
        (RecurrentLM, dict(hidden_size=0)),
        (RecurrentLM, dict(num_layers=1.5)),
        (RecurrentLM, dict(dropout=1.0)),
        (TransformerLM, dict(embedding_dim=10, n_heads=3)),
        (TransformerLM, dict(n_layers=0)),
        (TransformerLM, dict(dropout=-0.1)),
        (WaveNetLM, dict(kernel_size=1)),
        (WaveNetLM, dict(n_layers=0)),
        (WaveNetLM, dict(hidden_size=-4)),
        (WaveNetLM, dict(hierarchical=True, context=6)),
        (WaveNetLM, dict(hierarchical=True, context=1)),
        (WaveNetLM, dict(hierarchical=True, context=8, n_layers=2)),
    ],
)
def test_bad_arguments(cls, kwargs):
    with pytest.raises(ValueError):
        cls(N_SYMBOLS, **kwargs)


@pytest.mark.parametrize("n_symbols", [[], [3, 0], [2, -1]])
def test_bad_n_symbols(n_symbols):
    for cls in ARCHITECTURES.values():
        with pytest.raises(ValueError):
            cls(n_symbols)


class MeanLM(SymbolicLM):
    """Minimal model without its own step: each position sees the mean of earlier embeddings."""

    def __init__(self, n_symbols):
        super().__init__(n_symbols)
        self.embedding = torch.nn.Embedding(self.vocabulary.size, 6)
        self.head = ColumnHead(self.vocabulary, 6)

    def forward(self, prefix):
        x = self.embedding(self.vocabulary.to_ids(prefix)).cumsum(dim=1)
        x = x / torch.arange(1, x.shape[1] + 1)[None, :, None]
        return self.head(x)


def test_fallback_step():
    torch.manual_seed(0)
    model = MeanLM(N_SYMBOLS)
    codes = random_codes(4)
    with torch.no_grad():
        full = model(codes[:, :-1])
        state = model.init_state(4)
        assert state.shape == (4, 0)
        for p in range(len(N_SYMBOLS)):
            logits, state = model.step(codes[:, p - 1] if p else None, p, state)
            torch.testing.assert_close(logits, full[:, p])
            torch.testing.assert_close(state, codes[:, :p])
