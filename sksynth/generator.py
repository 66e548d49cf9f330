"""Sequence generators: next-symbol models of table rows as scikit-learn estimators.

A generator is fitted on the integer codes of a :class:`~sksynth.SymbolicDiscretizer` (any 2-D
array of non-negative integer codes), learns ``P(column j | columns < j)`` with a torch model
trained by skorch, and samples new rows of codes symbol by symbol.
"""

from __future__ import annotations

import numbers
import time

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, DensityMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted
from skorch import NeuralNet
from skorch.callbacks import Callback, EarlyStopping, GradientNormClipping, ProgressBar
from skorch.dataset import ValidSplit
from torch import nn
from tqdm.auto import tqdm

from ._frame import as_frame
from .models import ARCHITECTURES, SymbolicLM

_OPTIMIZERS = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD}
_TRAINING_CONSTRAINTS = {
    "max_epochs": [Interval(numbers.Integral, 1, None, closed="left")],
    "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
    "lr": [Interval(numbers.Real, 0, None, closed="neither")],
    "optimizer": [StrOptions(set(_OPTIMIZERS)), type],
    "weight_decay": [Interval(numbers.Real, 0, None, closed="left")],
    "validation_fraction": [Interval(numbers.Real, 0, 1, closed="left"), None],
    "patience": [Interval(numbers.Integral, 1, None, closed="left"), None],
    "max_time": [Interval(numbers.Real, 0, None, closed="neither"), None],
    "condition_on": [list, tuple, None],
    "verbose": ["verbose"],
    "device": [StrOptions({"cpu", "cuda", "auto"}), torch.device],
    "random_state": ["random_state"],
}
# Rows sampled or scored at once: bounds memory whatever n_samples is.
_CHUNK = 4096


class _RowModule(nn.Module):
    """Feeds whole rows to a next-symbol model: logits for every column (teacher forcing)."""

    def __init__(self, model: SymbolicLM):
        super().__init__()
        self.model = model

    def forward(self, codes):
        return self.model(codes[:, :-1])


class TimeLimit(Callback):
    """Stop training at the end of the first epoch that finishes past ``seconds``."""

    def __init__(self, seconds):
        self.seconds = seconds

    def on_train_begin(self, net, **kwargs):
        self.start_ = time.perf_counter()

    def on_epoch_end(self, net, **kwargs):
        if time.perf_counter() - self.start_ > self.seconds:
            raise KeyboardInterrupt  # how skorch's own EarlyStopping ends training


class NextSymbolNet(NeuralNet):
    """skorch net whose loss is the cross-entropy of every column's symbol given the previous
    ones: logits (B, T, K) and codes (B, T) are flattened to (B*T, K) and (B*T,)."""

    def get_loss(self, y_pred, y_true, X=None, training=False):
        y_true = y_true.to(y_pred.device)
        return self.criterion_(y_pred.reshape(-1, y_pred.shape[-1]), y_true.reshape(-1))


def _silent(*_):
    """Sink for skorch messages that the epoch table already shows (picklable, unlike a lambda)."""


def _resolve_device(device):
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return str(device)


class SequenceGenerator(DensityMixin, BaseEstimator):
    """Generate table rows symbol by symbol with a next-symbol model.

    Parameters
    ----------
    architecture : {"rnn", "transformer", "wavenet"} or SymbolicLM subclass, default="rnn"
        The torch model. A class is called as ``architecture(n_symbols, **module_params)``.
    module_params : dict or None, default=None
        Keyword arguments of the model (see :mod:`sksynth.models`); the architecture-specific
        estimators :class:`RNNGenerator`, :class:`TransformerGenerator` and
        :class:`WaveNetGenerator` expose them as parameters of their own.
    max_epochs : int, default=20
        Passes over the training rows (fewer when early stopping ends training).
    batch_size : int, default=256
        Rows per training step.
    lr : float, default=3e-3
        Learning rate.
    optimizer : {"adam", "adamw", "sgd"} or torch optimizer class, default="adamw"
    weight_decay : float, default=0.0
    validation_fraction : float or None, default=0.1
        Share of the rows held out to monitor the validation loss; ``None`` or 0 trains on all
        rows and stops on the training loss.
    patience : int or None, default=3
        Stop after this many epochs without improvement of the monitored loss and keep the
        best epoch's weights. ``None`` trains for ``max_epochs``.
    max_time : float or None, default=None
        Stop training after the first epoch that ends past this many seconds (keeping the
        best epoch's weights when ``patience`` is set). A budget for large tables; the number
        of epochs then depends on the machine's speed, so for results that reproduce exactly
        across machines set ``max_epochs`` instead.
    condition_on : list of str or int, or None, default=None
        Columns that :meth:`sample` may fix (``conditions``). They are modelled first, so the
        other columns are drawn from their distribution given them. Names need the codes as a
        DataFrame, as :class:`~sksynth.SynthesisPipeline` passes them.
    verbose : int, default=0
        0 is silent; 1 prints a line per epoch and shows progress bars for training and
        sampling.
    device : {"cpu", "cuda", "auto"}, default="cpu"
        Where to train. ``"auto"`` uses a GPU when torch sees one. A model fitted on a GPU
        samples and loads on a machine without one.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation, the validation split and the batch order. With the same
        value, fitting on the CPU gives the same model.

    Attributes
    ----------
    n_features_in_ : int
        Number of columns.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when ``X`` was a DataFrame with string column names.
    n_symbols_ : ndarray of shape (n_features_in_,)
        Alphabet size of each column (the largest training code + 1, or more when ``X`` is a
        DataFrame whose ``attrs["n_symbols"]`` says so, as the pipeline passes).
    column_order_ : ndarray of shape (n_features_in_,)
        Order in which columns are generated (conditioned columns first).
    module_ : SymbolicLM
        The trained torch model.
    net_ : NextSymbolNet
        The skorch net that trained it.
    history_ : DataFrame
        ``epoch``, ``train_loss`` and ``valid_loss`` (mean cross-entropy per symbol, in nats).

    See Also
    --------
    RNNGenerator, TransformerGenerator, WaveNetGenerator, SynthesisPipeline

    Notes
    -----
    :meth:`score_samples` gives each row's log-likelihood in nats, summed over columns. A code
    inside a column's alphabet that never occurred in training keeps the small but finite
    probability the model gives it; a code outside the alphabet raises ``ValueError``.

    Examples
    --------
    >>> import numpy as np
    >>> from sksynth import SequenceGenerator
    >>> rng = np.random.default_rng(0)
    >>> a = rng.integers(0, 3, size=500)
    >>> codes = np.column_stack([a, (a + 1) % 3, rng.integers(0, 2, size=500)])
    >>> gen = SequenceGenerator("rnn", max_epochs=5, random_state=0).fit(codes)
    >>> rows = gen.sample(4, random_state=0)
    >>> rows.shape
    (4, 3)
    >>> bool((rows[:, 1] == (rows[:, 0] + 1) % 3).all())
    True
    """

    _parameter_constraints: dict = {
        "architecture": [StrOptions(set(ARCHITECTURES)), type],
        "module_params": [dict, None],
        **_TRAINING_CONSTRAINTS,
    }

    def __init__(
        self,
        architecture="rnn",
        *,
        module_params=None,
        max_epochs=20,
        batch_size=256,
        lr=3e-3,
        optimizer="adamw",
        weight_decay=0.0,
        validation_fraction=0.1,
        patience=3,
        max_time=None,
        condition_on=None,
        verbose=0,
        device="cpu",
        random_state=None,
    ):
        self.architecture = architecture
        self.module_params = module_params
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.optimizer = optimizer
        self.weight_decay = weight_decay
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.max_time = max_time
        self.condition_on = condition_on
        self.verbose = verbose
        self.device = device
        self.random_state = random_state

    # Subclasses name the architecture and its parameters.
    def _module_class(self):
        if isinstance(self.architecture, str):
            return ARCHITECTURES[self.architecture]
        if not (isinstance(self.architecture, type) and issubclass(self.architecture, nn.Module)):
            raise ValueError(
                "architecture must be 'rnn', 'transformer', 'wavenet' or a torch "
                f"module class, got {self.architecture!r}."
            )
        return self.architecture

    def _module_kwargs(self) -> dict:
        return dict(self.module_params or {})

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.non_deterministic = False
        return tags

    # ---------------------------------------------------------------- fit
    def fit(self, X, y=None):
        """Train the next-symbol model on rows of codes.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Non-negative integer codes, such as :meth:`SymbolicDiscretizer.transform` returns.
        y : None
            Ignored.

        Returns
        -------
        self : SequenceGenerator
        """
        self._validate_params()
        codes = self._validate_codes(X, reset=True)
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(2**31 - 1))
        torch.manual_seed(seed)

        order = self._resolve_column_order()
        self.column_order_ = order
        module = self._module_class()(self.n_symbols_[order].tolist(), **self._module_kwargs())
        net = self._build_net(module, seed, n_rows=len(codes))
        ordered = np.ascontiguousarray(codes[:, order])
        # Symbols a column never showed in training (such as the discretizer's unknown symbol)
        # are never sampled, though they keep a finite likelihood.
        width = int(self.n_symbols_.max())
        self._unseen = torch.ones(len(order), width, dtype=torch.bool)
        for position, column in enumerate(ordered.T):
            self._unseen[position, np.unique(column)] = False
        net.fit(ordered, ordered)
        self.net_ = net
        self.module_ = net.module_.model
        self.module_.eval()
        hist = net.history
        self.history_ = pd.DataFrame(
            {
                "epoch": hist[:, "epoch"],
                "train_loss": hist[:, "train_loss"],
                "valid_loss": [h.get("valid_loss", np.nan) for h in hist],
            }
        )
        return self

    def _build_net(self, module, seed, n_rows) -> NextSymbolNet:
        optimizer = self.optimizer
        if isinstance(optimizer, str):
            optimizer = _OPTIMIZERS[optimizer]
        validate = bool(self.validation_fraction) and n_rows >= 10
        callbacks = [("clip", GradientNormClipping(gradient_clip_value=1.0))]
        if self.patience is not None:
            monitor = "valid_loss" if validate else "train_loss"
            callbacks.append(
                (
                    "early_stopping",
                    EarlyStopping(
                        monitor=monitor,
                        patience=self.patience,
                        load_best=True,
                        sink=_silent,
                    ),
                )
            )
        if self.max_time is not None:  # after early stopping, so that it sees the last epoch
            callbacks.append(("time_limit", TimeLimit(self.max_time)))
        if self.verbose:
            callbacks.append(("progress", ProgressBar()))
        return NextSymbolNet(
            _RowModule(module),
            criterion=nn.CrossEntropyLoss,
            optimizer=optimizer,
            optimizer__weight_decay=self.weight_decay,
            lr=self.lr,
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            iterator_train__shuffle=True,
            train_split=ValidSplit(self.validation_fraction, random_state=seed)
            if validate
            else None,
            callbacks=callbacks,
            device=_resolve_device(self.device),
            verbose=int(bool(self.verbose)),
        )

    def _validate_codes(self, X, *, reset: bool) -> np.ndarray:
        frame = as_frame(X, reset=reset, estimator=self)
        values = frame.to_numpy()
        if values.dtype.kind == "f" and not np.isfinite(values).all():
            raise ValueError("Input X contains NaN or infinity; codes must be finite integers.")
        if values.dtype.kind not in "iu":
            if values.dtype.kind != "f" or not (values == np.round(values)).all():
                raise ValueError(
                    f"Expected integer symbol codes, got dtype {values.dtype}. Encode the table "
                    "with SymbolicDiscretizer first, or use a SynthesisPipeline."
                )
        codes = values.astype(np.int64)
        if (codes < 0).any():
            j = int(np.nonzero((codes < 0).any(axis=0))[0][0])
            raise ValueError(
                f"Codes must be non-negative; column {frame.columns[j]!r} has {codes[:, j].min()}."
            )
        if reset:
            n_symbols = codes.max(axis=0) + 1
            declared = getattr(X, "attrs", {}).get("n_symbols")
            if declared is not None:
                n_symbols = np.maximum(n_symbols, np.asarray(declared, dtype=np.int64))
            self.n_symbols_ = n_symbols.astype(np.int64)
        else:
            over = codes >= self.n_symbols_
            if over.any():
                j = int(np.nonzero(over.any(axis=0))[0][0])
                raise ValueError(
                    f"Column {frame.columns[j]!r} has code {codes[over[:, j], j][0]}, outside its "
                    f"fitted alphabet [0, {self.n_symbols_[j]})."
                )
        return codes

    def _resolve_column_order(self) -> np.ndarray:
        first = [self._column_position(c) for c in (self.condition_on or [])]
        if len(set(first)) != len(first):
            raise ValueError(f"condition_on lists a column twice: {self.condition_on}.")
        rest = [j for j in range(self.n_features_in_) if j not in set(first)]
        return np.array(first + rest, dtype=np.int64)

    def _column_position(self, column) -> int:
        if isinstance(column, numbers.Integral) and not isinstance(column, bool):
            if not 0 <= column < self.n_features_in_:
                raise ValueError(
                    f"Column index {column} is out of range for {self.n_features_in_} columns."
                )
            return int(column)
        names = getattr(self, "feature_names_in_", None)
        if names is None:
            raise ValueError(
                f"Column {column!r} is named, but the generator saw no column names; "
                "pass a DataFrame or use column indices."
            )
        matches = np.nonzero(names == column)[0]
        if len(matches) == 0:
            raise ValueError(f"Unknown column {column!r}.")
        return int(matches[0])

    # ------------------------------------------------------------- sample
    def sample(self, n_samples=1, random_state=None, temperature=1.0, conditions=None):
        """Draw new rows of codes.

        Parameters
        ----------
        n_samples : int, default=1
        random_state : int, RandomState instance or None, default=None
            Seeds the draws; the same value gives the same rows.
        temperature : float, default=1.0
            Divides the logits: below 1 favours likely symbols (more typical rows), above 1
            flattens the distribution. 1 samples the learned distribution.
        conditions : dict or None, default=None
            ``{column: code}`` or ``{column: array of n_samples codes}`` for columns listed in
            ``condition_on``: those columns get these codes and the others are drawn given them.

        Returns
        -------
        codes : ndarray of shape (n_samples, n_features_in_)
            Every code lies in its column's fitted alphabet and occurred in that column in
            training (symbols the training rows never used are never drawn).
        """
        check_is_fitted(self, "module_")
        if not isinstance(n_samples, numbers.Integral) or n_samples < 1:
            raise ValueError(f"n_samples must be a positive integer, got {n_samples!r}.")
        if not isinstance(temperature, numbers.Real) or not temperature > 0:
            raise ValueError(f"temperature must be a positive number, got {temperature!r}.")
        forced = self._forced_codes(conditions, n_samples)
        rng = check_random_state(random_state)
        generator = torch.Generator().manual_seed(int(rng.randint(2**31 - 1)))
        model = self.module_.eval()
        device = next(model.parameters()).device
        out = np.empty((n_samples, self.n_features_in_), dtype=np.int64)
        chunks = range(0, n_samples, _CHUNK)
        with torch.no_grad():
            for start in tqdm(chunks, desc="sampling", disable=not self.verbose or len(chunks) < 2):
                stop = min(start + _CHUNK, n_samples)
                rows = self._sample_chunk(
                    model,
                    stop - start,
                    temperature,
                    generator,
                    device,
                    {p: c[start:stop] for p, c in forced.items()},
                )
                out[start:stop, self.column_order_] = rows
        return out

    def _sample_chunk(self, model, n, temperature, generator, device, forced) -> np.ndarray:
        state = model.init_state(n)
        prev, rows = None, []
        for position in range(self.n_features_in_):
            logits, state = model.step(prev, position, state)
            if position in forced:
                code = torch.as_tensor(forced[position], device=device)
            else:
                logits = logits.float().cpu().masked_fill(self._unseen[position], float("-inf"))
                probs = torch.softmax(logits / temperature, dim=-1)
                # Inverse-CDF draw from the seeded CPU generator: reproducible on any device.
                u = torch.rand(n, 1, generator=generator)
                code = (probs.cumsum(-1) < u).sum(-1).clamp_(max=probs.shape[-1] - 1)
                code = torch.minimum(code, (probs > 0).long().cumsum(-1).argmax(-1)).to(device)
            rows.append(code.cpu())
            prev = code
        return torch.stack(rows, dim=1).numpy()

    def _forced_codes(self, conditions, n_samples) -> dict:
        """Map ``{column: codes}`` to ``{position in column_order_: array of n_samples codes}``."""
        if not conditions:
            return {}
        if not isinstance(conditions, dict):
            raise ValueError("conditions must be a dict {column: code or codes}.")
        allowed = list(self.column_order_[: len(self.condition_on or [])])
        forced = {}
        for column, value in conditions.items():
            j = self._column_position(column)
            if j not in allowed:
                raise ValueError(
                    f"Cannot condition on column {column!r}: list it in condition_on when "
                    f"fitting (conditionable now: {list(self.condition_on or [])})."
                )
            codes = np.broadcast_to(np.asarray(value, dtype=np.int64), (n_samples,)).copy()
            if ((codes < 0) | (codes >= self.n_symbols_[j])).any():
                raise ValueError(
                    f"Condition codes of column {column!r} must lie in [0, {self.n_symbols_[j]})."
                )
            forced[allowed.index(j)] = codes
        # Conditions must form a prefix of the generation order, or later columns would be
        # drawn without seeing them: fill the unconstrained leading columns by sampling is
        # not possible, so require them.
        missing = [self.condition_on[p] for p in range(max(forced) + 1) if p not in forced]
        if missing:
            raise ValueError(
                f"Conditions must also fix the columns listed before them in "
                f"condition_on: {missing}."
            )
        return forced

    # -------------------------------------------------------------- score
    def score_samples(self, X):
        """Log-likelihood of each row, in nats, summed over columns.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)
            Codes within the fitted alphabets.

        Returns
        -------
        log_likelihood : ndarray of shape (n_samples,)
        """
        check_is_fitted(self, "module_")
        codes = self._validate_codes(X, reset=False)[:, self.column_order_]
        model = self.module_.eval()
        device = next(model.parameters()).device
        out = []
        with torch.no_grad():
            for start in range(0, len(codes), _CHUNK):
                batch = torch.as_tensor(codes[start : start + _CHUNK], device=device)
                logp = torch.log_softmax(model(batch[:, :-1]).float(), dim=-1)
                out.append(logp.gather(-1, batch[..., None]).squeeze(-1).sum(-1).cpu())
        return torch.cat(out).double().numpy()

    def score(self, X, y=None):
        """Mean log-likelihood of the rows of ``X`` (greater is better).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)
        y : None
            Ignored.

        Returns
        -------
        score : float
        """
        return float(np.mean(self.score_samples(X)))


_TRAINING_DOC = """
    max_epochs, batch_size, lr, optimizer, weight_decay, validation_fraction, patience, \
max_time, condition_on, verbose, device, random_state
        Training and sampling settings, as in :class:`SequenceGenerator`."""


class RNNGenerator(SequenceGenerator):
    """Sequence generator with a recurrent network (the paper's best model by inlier rate).

    Parameters
    ----------
    cell : {"gru", "lstm", "rnn"}, default="gru"
        Recurrent cell. The paper's is ``"rnn"`` (tanh); a GRU learns the same rows faster and
        better.
    embedding_dim : int, default=64
        Size of the symbol embeddings (the paper's 64).
    hidden_size : int, default=128
        Size of the recurrent state (the paper's 128).
    num_layers : int, default=1
    dropout : float, default=0.0
        Dropout between layers and before the output layer.
    {training}

    Examples
    --------
    >>> import numpy as np
    >>> from sksynth import RNNGenerator
    >>> codes = np.random.default_rng(0).integers(0, 4, size=(200, 5))
    >>> gen = RNNGenerator(hidden_size=16, max_epochs=2, random_state=0).fit(codes)
    >>> gen.sample(3, random_state=0).shape
    (3, 5)
    """

    _parameter_constraints: dict = {
        "cell": [StrOptions({"rnn", "gru", "lstm"})],
        "embedding_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "hidden_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "num_layers": [Interval(numbers.Integral, 1, None, closed="left")],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        **_TRAINING_CONSTRAINTS,
    }

    def __init__(
        self,
        *,
        cell="gru",
        embedding_dim=64,
        hidden_size=128,
        num_layers=1,
        dropout=0.0,
        max_epochs=20,
        batch_size=256,
        lr=3e-3,
        optimizer="adamw",
        weight_decay=0.0,
        validation_fraction=0.1,
        patience=3,
        max_time=None,
        condition_on=None,
        verbose=0,
        device="cpu",
        random_state=None,
    ):
        super().__init__(
            "rnn",
            max_epochs=max_epochs,
            batch_size=batch_size,
            lr=lr,
            optimizer=optimizer,
            weight_decay=weight_decay,
            validation_fraction=validation_fraction,
            patience=patience,
            max_time=max_time,
            condition_on=condition_on,
            verbose=verbose,
            device=device,
            random_state=random_state,
        )
        del self.architecture, self.module_params  # fixed by the class, not parameters
        self.cell = cell
        self.embedding_dim = embedding_dim
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout

    def _module_class(self):
        return ARCHITECTURES["rnn"]

    def _module_kwargs(self):
        return dict(
            cell=self.cell,
            embedding_dim=self.embedding_dim,
            hidden_size=self.hidden_size,
            num_layers=self.num_layers,
            dropout=self.dropout,
        )


class TransformerGenerator(SequenceGenerator):
    """Sequence generator with a Transformer decoder (nanoGPT style, causal self-attention).

    Parameters
    ----------
    embedding_dim : int, default=64
        Width of the model (the paper's 64); must be divisible by ``n_heads``.
    n_layers : int, default=4
        Number of blocks (the paper's 4).
    n_heads : int, default=4
        Attention heads per block (the paper's 4).
    dropout : float, default=0.0
    {training}

    Examples
    --------
    >>> import numpy as np
    >>> from sksynth import TransformerGenerator
    >>> codes = np.random.default_rng(0).integers(0, 4, size=(200, 5))
    >>> gen = TransformerGenerator(embedding_dim=16, n_layers=1, max_epochs=2,
    ...                            random_state=0).fit(codes)
    >>> gen.sample(3, random_state=0).shape
    (3, 5)
    """

    _parameter_constraints: dict = {
        "embedding_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_layers": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_heads": [Interval(numbers.Integral, 1, None, closed="left")],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        **_TRAINING_CONSTRAINTS,
    }

    def __init__(
        self,
        *,
        embedding_dim=64,
        n_layers=4,
        n_heads=4,
        dropout=0.0,
        max_epochs=20,
        batch_size=256,
        lr=1e-3,
        optimizer="adamw",
        weight_decay=0.0,
        validation_fraction=0.1,
        patience=3,
        max_time=None,
        condition_on=None,
        verbose=0,
        device="cpu",
        random_state=None,
    ):
        super().__init__(
            "transformer",
            max_epochs=max_epochs,
            batch_size=batch_size,
            lr=lr,
            optimizer=optimizer,
            weight_decay=weight_decay,
            validation_fraction=validation_fraction,
            patience=patience,
            max_time=max_time,
            condition_on=condition_on,
            verbose=verbose,
            device=device,
            random_state=random_state,
        )
        del self.architecture, self.module_params
        self.embedding_dim = embedding_dim
        self.n_layers = n_layers
        self.n_heads = n_heads
        self.dropout = dropout

    def _module_class(self):
        return ARCHITECTURES["transformer"]

    def _module_kwargs(self):
        return dict(
            embedding_dim=self.embedding_dim,
            n_layers=self.n_layers,
            n_heads=self.n_heads,
            dropout=self.dropout,
        )


class WaveNetGenerator(SequenceGenerator):
    """Sequence generator with a WaveNet-style model (dilated causal convolutions).

    Parameters
    ----------
    embedding_dim : int, default=24
        Size of the symbol embeddings (the paper's 24).
    hidden_size : int, default=128
        Channels of each layer (the paper's 128).
    n_layers : int or None, default=None
        Number of dilated layers; ``None`` uses just enough for the receptive field to cover
        the whole row.
    kernel_size : int, default=2
    dropout : float, default=0.0
    hierarchical : bool, default=False
        Use the paper's configuration instead: a window of the ``context`` previous symbols
        whose neighbouring positions are merged pairwise in three stages.
    context : int, default=8
        Window of the hierarchical configuration (a power of two).
    {training}

    Examples
    --------
    >>> import numpy as np
    >>> from sksynth import WaveNetGenerator
    >>> codes = np.random.default_rng(0).integers(0, 4, size=(200, 5))
    >>> gen = WaveNetGenerator(hidden_size=16, max_epochs=2, random_state=0).fit(codes)
    >>> gen.sample(3, random_state=0).shape
    (3, 5)
    """

    _parameter_constraints: dict = {
        "embedding_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "hidden_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_layers": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "kernel_size": [Interval(numbers.Integral, 2, None, closed="left")],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "hierarchical": ["boolean"],
        "context": [Interval(numbers.Integral, 2, None, closed="left")],
        **_TRAINING_CONSTRAINTS,
    }

    def __init__(
        self,
        *,
        embedding_dim=24,
        hidden_size=128,
        n_layers=None,
        kernel_size=2,
        dropout=0.0,
        hierarchical=False,
        context=8,
        max_epochs=20,
        batch_size=256,
        lr=3e-3,
        optimizer="adamw",
        weight_decay=0.0,
        validation_fraction=0.1,
        patience=3,
        max_time=None,
        condition_on=None,
        verbose=0,
        device="cpu",
        random_state=None,
    ):
        super().__init__(
            "wavenet",
            max_epochs=max_epochs,
            batch_size=batch_size,
            lr=lr,
            optimizer=optimizer,
            weight_decay=weight_decay,
            validation_fraction=validation_fraction,
            patience=patience,
            max_time=max_time,
            condition_on=condition_on,
            verbose=verbose,
            device=device,
            random_state=random_state,
        )
        del self.architecture, self.module_params
        self.embedding_dim = embedding_dim
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.kernel_size = kernel_size
        self.dropout = dropout
        self.hierarchical = hierarchical
        self.context = context

    def _module_class(self):
        return ARCHITECTURES["wavenet"]

    def _module_kwargs(self):
        return dict(
            embedding_dim=self.embedding_dim,
            hidden_size=self.hidden_size,
            n_layers=self.n_layers,
            kernel_size=self.kernel_size,
            dropout=self.dropout,
            hierarchical=self.hierarchical,
            context=self.context,
        )


for _cls in (RNNGenerator, TransformerGenerator, WaveNetGenerator):
    _cls.__doc__ = _cls.__doc__.replace("    {training}", _TRAINING_DOC.strip("\n"))
