"""Pieces shared by the next-symbol models: the symbol vocabulary and the per-column head.

A table with ``n_features`` columns, column ``j`` holding codes in ``[0, n_symbols[j])``, is
read as a sentence: a start symbol followed by one symbol per column. Every column has its own
symbols in one global vocabulary (index 0 is the start symbol, column ``j``'s code ``c`` is
``1 + offsets[j] + c``), so the same code in two columns gets two embeddings.

A model's ``forward(prefix)`` takes the codes of the first ``t`` columns, shape ``(B, t)`` with
``0 <= t < n_features``, and returns logits of shape ``(B, t + 1, K)`` where ``K =
max(n_symbols)``: row ``j`` scores column ``j``'s symbols given columns ``< j``. Entries past a
column's alphabet are ``-inf``, so a model can never score or sample a symbol its column lacks.
Training calls ``forward(codes[:, :-1])`` and compares with ``codes``.

Sampling calls ``init_state(batch_size)`` once and then ``step(prev_codes, position, state)``
once per column; models override both to reuse earlier work (hidden states, key/value caches,
convolution buffers) so that a row costs time linear in the number of columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn


class SymbolVocabulary(nn.Module):
    """Maps per-column codes to global symbol ids and masks logits to each column's alphabet.

    Parameters
    ----------
    n_symbols : sequence of int
        Alphabet size of each column.

    Examples
    --------
    >>> import torch
    >>> from sksynth.models import SymbolVocabulary
    >>> vocabulary = SymbolVocabulary([3, 2])
    >>> vocabulary.size, vocabulary.max_symbols
    (6, 3)
    >>> vocabulary.to_ids(torch.tensor([[2, 1]]))
    tensor([[0, 3, 5]])
    >>> vocabulary.mask(torch.zeros(1, 2, 3))
    tensor([[[0., 0., 0.],
             [0., 0., -inf]]])
    """

    def __init__(self, n_symbols: Sequence[int]):
        super().__init__()
        n_symbols = torch.as_tensor(list(n_symbols), dtype=torch.long)
        if n_symbols.ndim != 1 or len(n_symbols) == 0 or bool((n_symbols < 1).any()):
            raise ValueError("n_symbols must be a non-empty sequence of positive integers.")
        self.n_features = len(n_symbols)
        self.max_symbols = int(n_symbols.max())
        self.size = int(n_symbols.sum()) + 1  # + start symbol
        offsets = torch.cumsum(n_symbols, 0) - n_symbols
        self.register_buffer("n_symbols", n_symbols, persistent=False)
        self.register_buffer("offsets", offsets, persistent=False)
        arange = torch.arange(self.max_symbols)
        self.register_buffer("invalid", arange[None, :] >= n_symbols[:, None], persistent=False)

    def to_ids(self, prefix: torch.Tensor) -> torch.Tensor:
        """Global ids of ``[start] + prefix``: (B, t) codes -> (B, t + 1) ids."""
        t = prefix.shape[1]
        ids = prefix + self.offsets[:t] + 1
        start = torch.zeros(prefix.shape[0], 1, dtype=ids.dtype, device=ids.device)
        return torch.cat([start, ids], dim=1)

    def code_to_id(self, codes: torch.Tensor | None, position: int, batch_size: int):
        """Global id of the symbol that precedes column ``position`` (start symbol for 0)."""
        if position == 0 or codes is None:
            return torch.zeros(batch_size, dtype=torch.long, device=self.offsets.device)
        return codes + self.offsets[position - 1] + 1

    def mask(self, logits: torch.Tensor, start: int = 0) -> torch.Tensor:
        """Set logits past each column's alphabet to ``-inf``; rows are columns start, start+1..."""
        length = logits.shape[-2] if logits.ndim == 3 else 1
        invalid = self.invalid[start : start + length]
        if logits.ndim == 2:
            invalid = invalid[0]
        return logits.masked_fill(invalid, float("-inf"))


class ColumnHead(nn.Module):
    """Output layer with its own weights per column: hidden (B, L, H) -> logits (B, L, K).

    Parameters
    ----------
    vocabulary : SymbolVocabulary
    in_features : int
    init_scale : float, default=1.0
        Multiplies the initial weights; a small value (the paper's WaveNet uses 0.1) starts the
        model near the uniform distribution over each column's symbols.

    Examples
    --------
    >>> import torch
    >>> from sksynth.models import ColumnHead, SymbolVocabulary
    >>> head = ColumnHead(SymbolVocabulary([3, 2]), in_features=4)
    >>> logits = head(torch.zeros(5, 2, 4))
    >>> logits.shape
    torch.Size([5, 2, 3])
    >>> bool(torch.isinf(logits[:, 1, 2]).all())
    True
    """

    def __init__(self, vocabulary: SymbolVocabulary, in_features: int, init_scale: float = 1.0):
        super().__init__()
        self.vocabulary = vocabulary
        n, k = vocabulary.n_features, vocabulary.max_symbols
        bound = in_features**-0.5
        self.weight = nn.Parameter(torch.empty(n, k, in_features).uniform_(-bound, bound))
        self.weight.data *= init_scale
        self.bias = nn.Parameter(torch.zeros(n, k))

    def forward(self, hidden: torch.Tensor, start: int = 0) -> torch.Tensor:
        if hidden.ndim == 2:  # one position: (B, H) -> (B, K)
            logits = hidden @ self.weight[start].T + self.bias[start]
            return self.vocabulary.mask(logits, start)
        length = hidden.shape[1]
        w = self.weight[start : start + length]
        logits = torch.einsum("blh,lkh->blk", hidden, w) + self.bias[start : start + length]
        return self.vocabulary.mask(logits, start)


class SymbolicLM(nn.Module):
    """Base class of the next-symbol models.

    Subclasses define ``forward(prefix)``; they may override ``init_state`` and ``step`` for
    fast sampling. The fallback here re-runs ``forward`` on the whole prefix at each step,
    which is correct for any model but quadratic in the number of columns.

    Examples
    --------
    >>> from sksynth.models import RecurrentLM, SymbolicLM, TransformerLM, WaveNetLM
    >>> all(issubclass(cls, SymbolicLM) for cls in (RecurrentLM, TransformerLM, WaveNetLM))
    True
    >>> model = SymbolicLM([3, 2])
    >>> model.n_features
    2
    >>> model.init_state(4).shape
    torch.Size([4, 0])
    """

    def __init__(self, n_symbols: Sequence[int]):
        super().__init__()
        self.vocabulary = SymbolVocabulary(n_symbols)

    @property
    def n_features(self) -> int:
        return self.vocabulary.n_features

    def init_state(self, batch_size: int):
        device = self.vocabulary.offsets.device
        return torch.zeros(batch_size, 0, dtype=torch.long, device=device)

    def step(self, prev_codes: torch.Tensor | None, position: int, state):
        """Logits (B, K) for column ``position`` given the code sampled for ``position - 1``."""
        prefix = state
        if position > 0:
            prefix = torch.cat([state, prev_codes[:, None]], dim=1)
        return self.forward(prefix)[:, -1], prefix
