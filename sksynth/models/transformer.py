"""Decoder-only transformer next-symbol model, in the style of nanoGPT.

Position ``j`` of the input is the start symbol (``j = 0``) or column ``j - 1``'s symbol, and
the output at position ``j`` scores column ``j``. Sampling keeps a key/value cache per layer, so
each new column attends to the cached keys instead of re-running the prefix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral, Real

import torch
import torch.nn.functional as F
from torch import nn

from ._base import ColumnHead, SymbolicLM


def _check_positive_int(name, value):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention where a position only sees itself and earlier positions."""

    def __init__(self, dim: int, n_heads: int, dropout: float):
        super().__init__()
        self.n_heads = n_heads
        self.dropout = dropout
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.resid_drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, cache=None):
        """(B, L, C) -> (B, L, C) and this layer's keys and values (B, n_heads, L', C / n_heads).

        With ``cache`` = ``(keys, values, length)`` (buffers preallocated for the whole row and
        the number of positions already in them), ``x`` must hold the single next position; its
        key and value are written in place at ``length``, so a step copies nothing.
        """
        b, length, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        q, k, v = (
            z.view(b, length, self.n_heads, c // self.n_heads).transpose(1, 2) for z in (q, k, v)
        )
        dropout_p = self.dropout if self.training else 0.0
        if cache is None:
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=dropout_p, is_causal=True)
        else:
            # the one new position may attend to every cached one, so no mask is needed
            keys, values, length_before = cache
            keys[:, :, length_before] = k[:, :, 0]
            values[:, :, length_before] = v[:, :, 0]
            k, v = keys[:, :, : length_before + 1], values[:, :, : length_before + 1]
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=dropout_p)
            k, v = keys, values
        y = y.transpose(1, 2).reshape(b, length, c)
        return self.resid_drop(self.proj(y)), (k, v)


class MLP(nn.Module):
    """Position-wise feed-forward layer with a ReLU, as in the paper."""

    def __init__(self, dim: int, ratio: int, dropout: float):
        super().__init__()
        self.fc = nn.Linear(dim, ratio * dim)
        self.proj = nn.Linear(ratio * dim, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(self.proj(F.relu(self.fc(x))))


class Block(nn.Module):
    """Pre-LayerNorm transformer block: attention then MLP, each on a residual branch."""

    def __init__(self, dim: int, n_heads: int, dropout: float, mlp_ratio: int):
        super().__init__()
        self.ln_1 = nn.LayerNorm(dim)
        self.attn = CausalSelfAttention(dim, n_heads, dropout)
        self.ln_2 = nn.LayerNorm(dim)
        self.mlp = MLP(dim, mlp_ratio, dropout)

    def forward(self, x: torch.Tensor, cache=None):
        a, cache = self.attn(self.ln_1(x), cache)
        x = x + a
        return x + self.mlp(self.ln_2(x)), cache


class TransformerLM(SymbolicLM):
    """Causal transformer decoder over ``[start] + prefix``.

    Parameters
    ----------
    n_symbols : sequence of int
        Alphabet size of each column.
    embedding_dim : int, default=64
        Width of the model (symbol and position embeddings, attention, residual stream).
    n_layers : int, default=4
        Number of transformer blocks.
    n_heads : int, default=4
        Number of attention heads; must divide ``embedding_dim``.
    dropout : float, default=0.0
        Dropout on the embeddings, attention weights and residual branches.
    mlp_ratio : int, default=4
        Hidden size of the MLPs as a multiple of ``embedding_dim``.

    Examples
    --------
    >>> import torch
    >>> model = TransformerLM([3, 2, 4], embedding_dim=8, n_layers=1, n_heads=2)
    >>> model(torch.tensor([[2, 1]])).shape
    torch.Size([1, 3, 4])
    """

    def __init__(
        self,
        n_symbols: Sequence[int],
        *,
        embedding_dim: int = 64,
        n_layers: int = 4,
        n_heads: int = 4,
        dropout: float = 0.0,
        mlp_ratio: int = 4,
    ):
        super().__init__(n_symbols)
        for name, value in [
            ("embedding_dim", embedding_dim),
            ("n_layers", n_layers),
            ("n_heads", n_heads),
            ("mlp_ratio", mlp_ratio),
        ]:
            _check_positive_int(name, value)
        if embedding_dim % n_heads:
            raise ValueError(
                f"embedding_dim ({embedding_dim}) must be divisible by n_heads ({n_heads})."
            )
        if not isinstance(dropout, Real) or isinstance(dropout, bool) or not 0 <= dropout < 1:
            raise ValueError(f"dropout must be a number in [0, 1), got {dropout!r}.")
        self.embedding_dim = embedding_dim
        self.n_heads = n_heads
        self.tok_emb = nn.Embedding(self.vocabulary.size, embedding_dim)
        self.pos_emb = nn.Embedding(self.n_features, embedding_dim)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(
            Block(embedding_dim, n_heads, dropout, mlp_ratio) for _ in range(n_layers)
        )
        self.ln_f = nn.LayerNorm(embedding_dim)
        self.head = ColumnHead(self.vocabulary, embedding_dim)
        self.apply(self._init_weights)
        # GPT-2: scale the residual projections so the stream's variance does not grow with depth
        for name, p in self.named_parameters():
            if name.endswith("proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * n_layers))

    @staticmethod
    def _init_weights(module: nn.Module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, prefix: torch.Tensor) -> torch.Tensor:
        """Logits (B, t + 1, K) for columns ``0..t`` given the codes (B, t) of columns ``< t``."""
        ids = self.vocabulary.to_ids(prefix)
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.drop(self.tok_emb(ids) + self.pos_emb(positions))
        for block in self.blocks:
            x, _ = block(x)
        return self.head(self.ln_f(x))

    def init_state(self, batch_size: int):
        """Key/value buffers for a whole row, one ``(keys, values)`` pair per layer, and the
        number of positions filled so far."""
        shape = (batch_size, self.n_heads, self.n_features, self.embedding_dim // self.n_heads)
        buffers = [
            (self.tok_emb.weight.new_zeros(shape), self.tok_emb.weight.new_zeros(shape))
            for _ in self.blocks
        ]
        return buffers, 0

    def step(self, prev_codes: torch.Tensor | None, position: int, state):
        """Logits (B, K) for column ``position``; appends this position to every layer's cache."""
        buffers, length = state
        ids = self.vocabulary.code_to_id(prev_codes, position, buffers[0][0].shape[0])
        x = self.drop(self.tok_emb(ids) + self.pos_emb.weight[position])[:, None]
        for block, (keys, values) in zip(self.blocks, buffers):
            x, _ = block(x, (keys, values, length))
        return self.head(self.ln_f(x[:, 0]), start=position), (buffers, length + 1)
