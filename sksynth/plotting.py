"""Plots that compare real and synthetic tables (matplotlib, Agg backend, no pyplot).

Every function builds a :class:`matplotlib.figure.Figure` on an Agg canvas, so nothing here
touches pyplot's global state or needs a display; pass ``path`` to save it as a PNG.

- :func:`informative_columns`: which columns to look at first.
- :func:`plot_distributions`: empirical CDFs of some columns, real against synthetic.
- :func:`plot_correlation_difference`: heat map of ``|corr(real) - corr(synthetic)|``.
- :func:`plot_metric_comparison`: a bar chart of a metrics table, one group per metric.
- :func:`plot_training_history`: training and validation loss of fitted generators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from sklearn.metrics import mutual_info_score

__all__ = [
    "correlation_difference",
    "informative_columns",
    "plot_correlation_difference",
    "plot_distributions",
    "plot_metric_comparison",
    "plot_training_history",
]

_REAL_COLOR = "black"


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _save(figure: Figure, path) -> Figure:
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=110)
    return figure


def _is_numeric(series: pd.Series) -> bool:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return False
    return pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype)


def _as_float(series: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        values = pd.to_datetime(series)
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        return values.astype("int64").astype(float).where(values.notna()).to_numpy(dtype=float)
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _codes(series: pd.Series, n_bins: int) -> np.ndarray:
    """Integer codes of a column: quantile bins for many numbers, one code per value otherwise."""
    if not _is_numeric(series) or series.nunique(dropna=True) <= n_bins:
        return pd.factorize(series.astype(object), use_na_sentinel=False)[0]
    ranks = pd.Series(_as_float(series)).rank(method="min")
    codes = pd.qcut(ranks, q=n_bins, labels=False, duplicates="drop")
    return np.where(codes.isna(), -1, codes).astype(np.int64)


def informative_columns(
    real: pd.DataFrame,
    target: str | None = None,
    *,
    synthetic: pd.DataFrame | None = None,
    n_columns: int = 6,
    n_bins: int = 20,
) -> list[str]:
    """The columns most worth plotting.

    With a ``target``, the columns with the highest mutual information with it in ``real``;
    without one, the columns whose distributions differ most between ``real`` and
    ``synthetic`` (total variation distance of their binned values). Numeric columns are cut
    into ``n_bins`` quantile bins of ``real`` first.

    Parameters
    ----------
    real : DataFrame
    target : str or None, default=None
        Column to explain; it is not returned itself.
    synthetic : DataFrame or None, default=None
        Needed when ``target`` is None.
    n_columns : int, default=6
        How many columns to return (fewer when the table has fewer).
    n_bins : int, default=20

    Returns
    -------
    columns : list of str
        Most informative first. Constant columns are never chosen.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=500)
    >>> real = pd.DataFrame({"noise": rng.normal(size=500), "x": x,
    ...                      "y": np.where(x > 0, "pos", "neg")})
    >>> informative_columns(real, "y", n_columns=1)
    ['x']
    """
    candidates = [c for c in real.columns if c != target and real[c].nunique(dropna=False) > 1]
    if target is not None:
        labels = _codes(real[target], n_bins)
        scores = {c: mutual_info_score(labels, _codes(real[c], n_bins)) for c in candidates}
    else:
        if synthetic is None:
            raise ValueError("informative_columns needs a target or a synthetic table.")
        candidates = [c for c in candidates if c in synthetic.columns]
        scores = {}
        for c in candidates:
            both = pd.concat([real[c], synthetic[c]], ignore_index=True)
            codes = _codes(both, n_bins)
            p = np.bincount(codes[: len(real)] + 1, minlength=codes.max() + 2) / len(real)
            q = np.bincount(codes[len(real) :] + 1, minlength=codes.max() + 2) / len(synthetic)
            scores[c] = 0.5 * np.abs(p - q).sum()
    ranked = sorted(candidates, key=lambda c: -scores[c])
    return ranked[:n_columns]


def _ecdf(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values = np.sort(values[~np.isnan(values)])
    return values, np.arange(1, len(values) + 1) / max(len(values), 1)


def plot_distributions(
    real: pd.DataFrame,
    synthetic: Mapping[str, pd.DataFrame],
    columns: Sequence[str],
    *,
    path=None,
    n_cols: int = 3,
    max_categories: int = 12,
) -> Figure:
    """Real against synthetic distributions, one panel per column.

    Numeric columns show empirical CDFs on a symmetric-log axis (flow features span many
    orders of magnitude); other columns show the share of each of the most frequent
    categories of ``real``.

    Parameters
    ----------
    real : DataFrame
    synthetic : dict of str to DataFrame
        Named synthetic tables (e.g. one per architecture).
    columns : sequence of str
    path : str or Path, default=None
        Where to save the PNG.
    n_cols : int, default=3
        Panels per row.
    max_categories : int, default=12

    Returns
    -------
    figure : matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> real = pd.DataFrame({"bytes": [10, 200, 3000, 40], "proto": ["tcp", "udp", "tcp", "tcp"]})
    >>> fake = pd.DataFrame({"bytes": [12, 150, 2500, 50], "proto": ["tcp", "tcp", "udp", "tcp"]})
    >>> figure = plot_distributions(real, {"model": fake}, ["bytes", "proto"], n_cols=2)
    >>> type(figure).__name__, len(figure.axes)
    ('Figure', 2)
    """
    columns = list(columns)
    n_rows = max(1, -(-len(columns) // n_cols))
    figure = _figure(4.2 * n_cols, 3.2 * n_rows)
    axes = np.atleast_1d(figure.subplots(n_rows, n_cols, squeeze=False).ravel())
    tables = {"real": real, **dict(synthetic)}
    for ax, column in zip(axes, columns):
        series = real[column]
        if _is_numeric(series):
            for name, table in tables.items():
                x, y = _ecdf(_as_float(table[column]))
                style = (
                    {"color": _REAL_COLOR, "linewidth": 2.0, "alpha": 0.75, "zorder": 5}
                    if name == "real"
                    else {"linewidth": 1.2}
                )
                ax.step(x, y, where="post", label=name, **style)
            finite = _as_float(series)
            finite = finite[np.isfinite(finite)]
            scale = np.percentile(np.abs(finite[finite != 0]), 5) if (finite != 0).any() else 1
            ax.set_xscale("symlog", linthresh=max(float(scale), 1e-9))
            ax.set_ylabel("cumulative share")
        else:
            top = series.astype(object).value_counts().index[:max_categories]
            width = 0.8 / len(tables)
            for i, (name, table) in enumerate(tables.items()):
                shares = table[column].astype(object).value_counts(normalize=True)
                heights = [float(shares.get(v, 0.0)) for v in top]
                style = {"color": _REAL_COLOR} if name == "real" else {}
                ax.bar(np.arange(len(top)) + i * width, heights, width, label=name, **style)
            ax.set_xticks(np.arange(len(top)) + 0.4 - width / 2)
            ax.set_xticklabels([str(v)[:14] for v in top], rotation=60, ha="right", fontsize=7)
            ax.set_ylabel("share of rows")
        ax.set_title(str(column), fontsize=10)
    for ax in axes[len(columns) :]:
        ax.set_visible(False)
    if columns:
        axes[0].legend(fontsize=7)
    figure.suptitle("Real against synthetic distributions")
    return _save(figure, path)


def correlation_difference(
    real: pd.DataFrame, synthetic: pd.DataFrame, *, method: str = "spearman"
) -> pd.DataFrame:
    """Absolute difference of the correlation matrices of the numeric columns.

    Parameters
    ----------
    real, synthetic : DataFrame
    method : {"spearman", "pearson", "kendall"}, default="spearman"
        Rank correlation by default: it is not dominated by a few huge values.

    Returns
    -------
    difference : DataFrame
        ``|corr(real) - corr(synthetic)|`` over the numeric columns that vary in both tables
        (0 on the diagonal).

    Examples
    --------
    >>> import pandas as pd
    >>> real = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 2, 3, 5]})
    >>> fake = pd.DataFrame({"a": [1, 2, 3, 4], "b": [5, 3, 2, 1]})
    >>> correlation_difference(real, fake).round(1)
         a    b
    a  0.0  2.0
    b  2.0  0.0
    """
    columns = [
        c
        for c in real.columns
        if c in synthetic.columns
        and pd.api.types.is_numeric_dtype(real[c].dtype)
        and not pd.api.types.is_bool_dtype(real[c].dtype)
        and real[c].nunique() > 1
        and synthetic[c].nunique() > 1
    ]
    left = real[columns].astype(float).corr(method=method)
    right = synthetic[columns].astype(float).corr(method=method)
    return (left - right).abs().fillna(0.0)


def plot_correlation_difference(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    title: str = "synthetic",
    method: str = "spearman",
    path=None,
) -> Figure:
    """Heat map of :func:`correlation_difference` (0 is perfect, 2 the worst).

    Parameters
    ----------
    real, synthetic : DataFrame
    title : str, default="synthetic"
        Name of the synthetic table, shown in the title.
    method : {"spearman", "pearson", "kendall"}, default="spearman"
    path : str or Path, default=None
        Where to save the PNG.

    Returns
    -------
    figure : matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> real = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 2, 3, 5]})
    >>> fake = pd.DataFrame({"a": [1, 2, 3, 4], "b": [5, 3, 2, 1]})
    >>> figure = plot_correlation_difference(real, fake, title="model")
    >>> figure.axes[0].get_title()
    '|spearman correlation difference|, real vs model (mean 2.000)'
    """
    difference = correlation_difference(real, synthetic, method=method)
    n = len(difference)
    size = min(4 + 0.12 * n, 14)
    figure = _figure(size + 1.5, size)
    ax = figure.subplots()
    image = ax.imshow(difference.to_numpy(), vmin=0, vmax=1, cmap="magma_r")
    labels = [str(c)[:22] for c in difference.columns]
    fontsize = 8 if n <= 30 else 5
    ax.set_xticks(range(n))
    ax.set_xticklabels(labels, rotation=90, fontsize=fontsize)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels, fontsize=fontsize)
    mean = float(difference.to_numpy()[~np.eye(n, dtype=bool)].mean()) if n > 1 else 0.0
    ax.set_title(f"|{method} correlation difference|, real vs {title} (mean {mean:.3f})")
    figure.colorbar(image, ax=ax, shrink=0.8, label="absolute difference (clipped at 1)")
    return _save(figure, path)


def plot_metric_comparison(
    table: pd.DataFrame,
    *,
    metrics: Sequence[str] | None = None,
    targets: Mapping[str, float] | None = None,
    path=None,
) -> Figure:
    """Grouped bars: one group per metric, one bar per row of ``table``.

    Parameters
    ----------
    table : DataFrame
        One row per model (the index names them), one column per metric.
    metrics : sequence of str, default=None
        Columns to show; None shows every numeric column whose values lie in ``[0, 1]``.
    targets : dict of str to float, default=None
        A dashed line at these values over the named metrics.
    path : str or Path, default=None
        Where to save the PNG.

    Returns
    -------
    figure : matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame(
    ...     {"similarity": [0.8, 0.7], "detection": [0.6, 0.9], "rows": [100, 100]},
    ...     index=["rnn", "wavenet"],
    ... )
    >>> figure = plot_metric_comparison(table, targets={"similarity": 0.75})
    >>> [label.get_text() for label in figure.axes[0].get_xticklabels()]
    ['similarity', 'detection']
    """
    if metrics is None:
        numeric = table.select_dtypes("number")
        metrics = [c for c in numeric.columns if numeric[c].dropna().between(0, 1).all()]
    metrics = list(metrics)
    figure = _figure(max(6.0, 1.6 * len(metrics) + 2), 4.5)
    ax = figure.subplots()
    width = 0.8 / max(len(table), 1)
    x = np.arange(len(metrics))
    for i, (name, row) in enumerate(table.iterrows()):
        values = pd.to_numeric(row[metrics], errors="coerce").to_numpy(dtype=float)
        ax.bar(x + i * width, np.nan_to_num(values), width, label=str(name))
    for j, metric in enumerate(metrics):
        if targets and metric in targets:
            ax.hlines(
                targets[metric], j - width / 2, j + 0.8 - width / 2, colors="red", linestyles="--"
            )
    ax.set_xticks(x + 0.4 - width / 2)
    ax.set_xticklabels(metrics, rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8, ncols=min(len(table), 3))
    ax.set_title("Metrics per model" + (" (dashed: targets)" if targets else ""))
    return _save(figure, path)


def plot_training_history(histories: Mapping[str, pd.DataFrame], *, path=None) -> Figure:
    """Training (solid) and validation (dashed) loss per epoch of fitted generators.

    Parameters
    ----------
    histories : dict of str to DataFrame
        ``history_`` of each generator (``epoch``, ``train_loss``, ``valid_loss``).
    path : str or Path, default=None
        Where to save the PNG.

    Returns
    -------
    figure : matplotlib.figure.Figure

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> history = pd.DataFrame(
    ...     {"epoch": [1, 2, 3], "train_loss": [2.0, 1.5, 1.2], "valid_loss": [2.1, 1.7, 1.4]}
    ... )
    >>> path = Path(tempfile.mkdtemp()) / "history.png"
    >>> figure = plot_training_history({"rnn": history}, path=path)
    >>> len(figure.axes[0].get_lines()), path.exists()
    (2, True)
    """
    figure = _figure(6.5, 4.2)
    ax = figure.subplots()
    for i, (name, history) in enumerate(histories.items()):
        color = f"C{i}"
        ax.plot(history["epoch"], history["train_loss"], "o-", color=color, label=f"{name} train")
        if history["valid_loss"].notna().any():
            ax.plot(
                history["epoch"], history["valid_loss"], "s--", color=color, label=f"{name} valid"
            )
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy per symbol (nats)")
    ax.legend(fontsize=7)
    ax.set_title("Training history")
    return _save(figure, path)
