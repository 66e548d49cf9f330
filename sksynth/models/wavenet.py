"""WaveNet-style next-symbol models: causal dilated convolutions, or makemore's hierarchy.

The default model runs causal dilated 1-D convolutions over ``[start] + prefix``: layer ``i``
has dilation ``kernel_size ** i``, so ``n`` layers see the last ``kernel_size ** n`` positions.
Sampling keeps, per layer, the few past inputs its dilated kernel reads.

``hierarchical=True`` is the configuration of Karpathy's makemore part 5, used by the paper:
each column is predicted from a window of the ``context`` previous symbols, whose embeddings are
merged pairwise, stage after stage, until one vector is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real

import torch
import torch.nn.functional as F
from torch import nn

from ._base import ColumnHead, SymbolicLM


def _check_positive_int(name, value):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")


class CausalConv1d(nn.Conv1d):
    """Bias-free Conv1d padded on the left only: output ``t`` sees inputs ``t - (k-1) d .. t``.

    It keeps ``nn.Conv1d``'s weights but computes one matrix product over the ``k`` shifted
    copies of the input: PyTorch's dilated convolution on the CPU takes a slow path that made
    training about twenty times slower.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, dilation: int):
        super().__init__(in_channels, out_channels, kernel_size, dilation=dilation, bias=False)
        self.history = (kernel_size - 1) * dilation  # past inputs one output depends on

    def _flat_weight(self) -> torch.Tensor:
        # (C_out, C_in, k) -> (C_out, k C_in), tap-major like the stacked inputs
        return self.weight.permute(0, 2, 1).reshape(self.out_channels, -1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, C_in, T) -> (B, C_out, T)."""
        length, d = x.shape[2], self.dilation[0]
        padded = F.pad(x, (self.history, 0))
        taps = torch.cat(
            [padded[:, :, i * d : i * d + length] for i in range(self.kernel_size[0])], 1
        )
        return self._flat_weight() @ taps

    def step(self, inputs: torch.Tensor, position: int) -> torch.Tensor:
        """Output at ``position`` from a ring buffer (L, B, C_in) of the layer's last ``L``
        inputs, ``L > history``: (B, C_out)."""
        k, d = self.kernel_size[0], self.dilation[0]
        out = None
        for i in range(k):
            t = position - (k - 1 - i) * d
            if t >= 0:  # earlier positions are the zero padding
                y = inputs[t % len(inputs)] @ self.weight[:, :, i].T
                out = y if out is None else out + y
        return out


class DilatedLayer(nn.Module):
    """Causal dilated conv -> BatchNorm -> tanh, with a residual connection when shapes match."""

    def __init__(self, in_channels, out_channels, kernel_size, dilation, dropout):
        super().__init__()
        self.conv = CausalConv1d(in_channels, out_channels, kernel_size, dilation)
        self.norm = nn.BatchNorm1d(out_channels)
        self.drop = nn.Dropout(dropout)
        self.residual = in_channels == out_channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, C_in, T) -> (B, C_out, T)."""
        y = self.drop(torch.tanh(self.norm(self.conv(x))))
        return x + y if self.residual else y

    def step(self, x: torch.Tensor, inputs: torch.Tensor, position: int) -> torch.Tensor:
        """One position: write x (B, C_in) into the layer's ring buffer of inputs, return output."""
        inputs[position % len(inputs)] = x
        y = self.drop(torch.tanh(self.norm(self.conv.step(inputs, position))))
        return x + y if self.residual else y


class BatchNormLast(nn.BatchNorm1d):
    """BatchNorm1d for channels-last (N, C) or (N, L, C): each channel over N (and L)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim == 3:  # nn.BatchNorm1d wants channels second
            return super().forward(x.transpose(1, 2)).transpose(1, 2)
        return super().forward(x)


class FlattenConsecutive(nn.Module):
    """Concatenate groups of ``n`` neighbouring positions: (N, L, C) -> (N, L // n, n C)."""

    def __init__(self, n: int):
        super().__init__()
        self.n = n

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, length, c = x.shape
        return x.reshape(b, length // self.n, c * self.n)


class WaveNetLM(SymbolicLM):
    """WaveNet next-symbol model, dilated-convolutional or hierarchical.

    Parameters
    ----------
    n_symbols : sequence of int
        Alphabet size of each column.
    embedding_dim : int, default=24
        Size of the symbol (and, when hierarchical, column) embeddings.
    hidden_size : int, default=128
        Channels of every convolution layer or hierarchical stage.
    n_layers : int or None, default=None
        Number of dilated layers. None takes the fewest whose receptive field,
        ``kernel_size ** n_layers`` positions, covers the whole row. When hierarchical it must be
        None or ``log2(context)``, the number of stages.
    kernel_size : int, default=2
        Width of the dilated convolutions (at least 2); also the dilation growth factor.
    dropout : float, default=0.0
        Dropout on the output of every layer or stage.
    hierarchical : bool, default=False
        Use makemore part 5's hierarchy over a window of ``context`` symbols instead.
    context : int, default=8
        Window length of the hierarchical model, a power of two; unused otherwise.

    Notes
    -----
    BatchNorm normalises over the batch and the positions, so in train mode a position's output
    depends a little on the other rows and positions of the batch; in eval mode it does not, and
    ``step`` (meant for sampling) needs eval mode.

    Examples
    --------
    >>> import torch
    >>> model = WaveNetLM([3, 2, 4], embedding_dim=4, hidden_size=8).eval()
    >>> model.n_layers, model(torch.tensor([[2, 1]])).shape
    (2, torch.Size([1, 3, 4]))
    """

    def __init__(
        self,
        n_symbols: Sequence[int],
        *,
        embedding_dim: int = 24,
        hidden_size: int = 128,
        n_layers: int | None = None,
        kernel_size: int = 2,
        dropout: float = 0.0,
        hierarchical: bool = False,
        context: int = 8,
    ):
        super().__init__(n_symbols)
        _check_positive_int("embedding_dim", embedding_dim)
        _check_positive_int("hidden_size", hidden_size)
        if not isinstance(dropout, Real) or isinstance(dropout, bool) or not 0 <= dropout < 1:
            raise ValueError(f"dropout must be a number in [0, 1), got {dropout!r}.")
        if n_layers is not None:
            _check_positive_int("n_layers", n_layers)
        self.hierarchical = bool(hierarchical)
        self.embedding = nn.Embedding(self.vocabulary.size, embedding_dim)
        if self.hierarchical:
            _check_positive_int("context", context)
            if context < 2 or context & (context - 1):
                raise ValueError(f"context must be a power of two >= 2, got {context!r}.")
            context = int(context)
            n_stages = context.bit_length() - 1
            if n_layers is not None and n_layers != n_stages:
                raise ValueError(
                    f"with hierarchical=True, n_layers must be None or log2(context) = {n_stages}."
                )
            self.context, self.n_layers = context, n_stages
            self.column_embedding = nn.Embedding(self.n_features, embedding_dim)
            self.stages = nn.Sequential(
                *(
                    nn.Sequential(
                        FlattenConsecutive(2),
                        nn.Linear(
                            2 * (embedding_dim if i == 0 else hidden_size), hidden_size, bias=False
                        ),
                        BatchNormLast(hidden_size),
                        nn.Tanh(),
                        nn.Dropout(dropout),
                    )
                    for i in range(n_stages)
                )
            )
        else:
            if not isinstance(kernel_size, Integral) or kernel_size < 2:
                raise ValueError(f"kernel_size must be an integer >= 2, got {kernel_size!r}.")
            if n_layers is None:  # fewest layers whose receptive field covers the row
                n_layers = 1
                while kernel_size**n_layers < self.n_features:
                    n_layers += 1
            self.n_layers = n_layers
            self.layers = nn.ModuleList(
                DilatedLayer(
                    embedding_dim if i == 0 else hidden_size,
                    hidden_size,
                    kernel_size,
                    kernel_size**i,
                    dropout,
                )
                for i in range(n_layers)
            )
        # gain 5/3 (calculate_gain("tanh")) keeps the tanh layers from saturating or fading
        for module in self.modules():
            if isinstance(module, (nn.Conv1d, nn.Linear)):
                nn.init.kaiming_uniform_(module.weight, nonlinearity="tanh")
        # the paper's small output layer: start near uniform over each column's symbols
        self.head = ColumnHead(self.vocabulary, hidden_size, init_scale=0.1)

    def _encode_windows(self, windows: torch.Tensor, start: int) -> torch.Tensor:
        """Hierarchical stages: ids (B, L, context) of columns start.. -> hidden (B, L, H)."""
        b, length, width = windows.shape
        columns = torch.arange(start, start + length, device=windows.device)
        # every symbol of the window also carries the column to predict, so the shared stages
        # know which column they serve
        x = self.embedding(windows) + self.column_embedding(columns)[None, :, None, :]
        x = self.stages(x.reshape(b * length, width, -1))  # (B L, 1, H)
        return x.reshape(b, length, -1)

    def forward(self, prefix: torch.Tensor) -> torch.Tensor:
        """Logits (B, t + 1, K) for columns ``0..t`` given the codes (B, t) of columns ``< t``."""
        ids = self.vocabulary.to_ids(prefix)
        if self.hierarchical:
            # left-pad with the start symbol (id 0) so column j's window is ids[j-context+1..j]
            windows = F.pad(ids, (self.context - 1, 0)).unfold(1, self.context, 1)
            return self.head(self._encode_windows(windows, 0))
        x = self.embedding(ids).transpose(1, 2)  # (B, E, T): convolutions want channels second
        for layer in self.layers:
            x = layer(x)
        return self.head(x.transpose(1, 2))

    def init_state(self, batch_size: int):
        """Start-symbol window (hierarchical), or each layer's recent inputs (dilated)."""
        device = self.vocabulary.offsets.device
        if self.hierarchical:
            return torch.zeros(batch_size, self.context, dtype=torch.long, device=device)
        weight = self.embedding.weight
        return [
            # a ring buffer of the last history + 1 inputs is all a dilated kernel reads
            weight.new_zeros(
                min(self.n_features, layer.conv.history + 1), batch_size, layer.conv.in_channels
            )
            for layer in self.layers
        ]

    def step(self, prev_codes: torch.Tensor | None, position: int, state):
        """Logits (B, K) for column ``position``, in constant work per layer (eval mode)."""
        if self.hierarchical:
            ids = self.vocabulary.code_to_id(prev_codes, position, state.shape[0])
            window = torch.cat([state[:, 1:], ids[:, None]], dim=1)
            hidden = self._encode_windows(window[:, None], position)
            return self.head(hidden[:, 0], start=position), window
        x = self.embedding(self.vocabulary.code_to_id(prev_codes, position, state[0].shape[1]))
        for layer, inputs in zip(self.layers, state):
            x = layer.step(x, inputs, position)  # writes into inputs, in place
        return self.head(x, start=position), state
