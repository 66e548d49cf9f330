"""Recurrent next-symbol model: an RNN (the paper's), GRU or LSTM over the row's symbols."""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real

import torch
from torch import nn

from ._base import ColumnHead, SymbolicLM

_CELLS = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


def _check_positive_int(name, value):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")


def _check_dropout(value):
    if not isinstance(value, Real) or isinstance(value, bool) or not 0 <= value < 1:
        raise ValueError(f"dropout must be a number in [0, 1), got {value!r}.")


class RecurrentLM(SymbolicLM):
    """Recurrent network that reads ``[start] + prefix`` and scores each next column.

    Parameters
    ----------
    n_symbols : sequence of int
        Alphabet size of each column.
    cell : {"rnn", "gru", "lstm"}, default="rnn"
        Recurrent cell: a plain tanh RNN (as in the paper), a GRU or an LSTM.
    embedding_dim : int, default=64
        Size of the symbol embeddings.
    hidden_size : int, default=128
        Size of the hidden state of every layer.
    num_layers : int, default=1
        Number of stacked recurrent layers.
    dropout : float, default=0.0
        Dropout between recurrent layers and before the output head.

    Examples
    --------
    >>> import torch
    >>> model = RecurrentLM([3, 2, 4], cell="gru", embedding_dim=8, hidden_size=16)
    >>> model(torch.tensor([[2, 1]])).shape
    torch.Size([1, 3, 4])
    """

    def __init__(
        self,
        n_symbols: Sequence[int],
        *,
        cell: str = "rnn",
        embedding_dim: int = 64,
        hidden_size: int = 128,
        num_layers: int = 1,
        dropout: float = 0.0,
    ):
        super().__init__(n_symbols)
        if cell not in _CELLS:
            raise ValueError(f"cell must be one of {sorted(_CELLS)}, got {cell!r}.")
        for name, value in [
            ("embedding_dim", embedding_dim),
            ("hidden_size", hidden_size),
            ("num_layers", num_layers),
        ]:
            _check_positive_int(name, value)
        _check_dropout(dropout)
        self.cell = cell
        self.embedding = nn.Embedding(self.vocabulary.size, embedding_dim)
        # torch only applies its dropout between layers and warns when there is just one
        self.rnn = _CELLS[cell](
            embedding_dim,
            hidden_size,
            num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.drop = nn.Dropout(dropout)
        self.head = ColumnHead(self.vocabulary, hidden_size)

    def forward(self, prefix: torch.Tensor) -> torch.Tensor:
        """Logits (B, t + 1, K) for columns ``0..t`` given the codes (B, t) of columns ``< t``."""
        out, _ = self.rnn(self.embedding(self.vocabulary.to_ids(prefix)))
        return self.head(self.drop(out))

    def init_state(self, batch_size: int):
        """Zero hidden state (and cell state for an LSTM), as ``forward`` starts from."""
        h = self.embedding.weight.new_zeros(self.rnn.num_layers, batch_size, self.rnn.hidden_size)
        return (h, torch.zeros_like(h)) if self.cell == "lstm" else h

    def step(self, prev_codes: torch.Tensor | None, position: int, state):
        """Logits (B, K) for column ``position``; feeds one symbol through the kept state."""
        batch_size = (state[0] if self.cell == "lstm" else state).shape[1]
        ids = self.vocabulary.code_to_id(prev_codes, position, batch_size)
        out, state = self.rnn(self.embedding(ids)[:, None], state)
        return self.head(self.drop(out[:, 0]), start=position), state
