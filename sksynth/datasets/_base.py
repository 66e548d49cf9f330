"""Loaders for the data files that ship inside the package (no download at run time)."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

_PACKAGE = "sksynth.datasets"


def _read_descr(name: str) -> str:
    return resources.files(_PACKAGE).joinpath("descr", name).read_text(encoding="utf-8")


def _data_path(name: str):
    return resources.files(_PACKAGE).joinpath("data", name)


def _bunch(frame: pd.DataFrame, target: str, descr: str, return_X_y: bool, as_frame: bool):
    data = frame.drop(columns=[target])
    y = frame[target]
    if not as_frame:
        data, y = data.to_numpy(), y.to_numpy()
    if return_X_y:
        return data, y
    return Bunch(
        frame=frame if as_frame else None,
        data=data,
        target=y,
        feature_names=[c for c in frame.columns if c != target],
        target_names=np.asarray(sorted(frame[target].dropna().unique())),
        DESCR=descr,
    )


def load_cicids2017(*, return_X_y: bool = False, as_frame: bool = True):
    """Load 25,127 labelled network flows from the improved CIC-IDS2017 data set.

    CICFlowMeter flow features (ports, protocol, duration, packet and byte counts and sizes,
    inter-arrival times, TCP flags, bulk and idle statistics) with the flow's ``Label``:
    ``BENIGN`` or one of 15 attack classes. ``Timestamp`` is parsed to ``datetime64``; every
    other column keeps the dtype of the published file. Read the ``DESCR`` for the columns,
    the class counts, caveats and the papers to cite.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=True
        Return pandas objects; if False, ``data`` and ``target`` are NumPy arrays (``data`` of
        object dtype, since the columns are mixed) and ``frame`` is None.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``frame`` (all 91 columns), ``data`` (90 feature columns), ``target`` (``Label``),
        ``feature_names``, ``target_names`` and ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True.

    Examples
    --------
    >>> from sksynth.datasets import load_cicids2017
    >>> flows = load_cicids2017()
    >>> flows.frame.shape
    (25127, 91)
    >>> int(flows.target.value_counts()["Heartbleed"])
    11
    """
    with _data_path("cicids2017_sample.csv.gz").open("rb") as f:
        frame = pd.read_csv(f, compression="gzip", parse_dates=["Timestamp"])
    return _bunch(frame, "Label", _read_descr("cicids2017.rst"), return_X_y, as_frame)


def load_adult(*, return_X_y: bool = False, as_frame: bool = True):
    """Load the UCI Adult census table (32,561 people, 15 columns, target ``income``).

    String values are stripped of the leading space of the published file, and its ``"?"``
    entries (unknown workclass, occupation or native country) are read as missing values.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=True
        Return pandas objects; if False, NumPy arrays and ``frame`` is None.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``frame``, ``data``, ``target``, ``feature_names``, ``target_names`` and ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True.

    Examples
    --------
    >>> from sksynth.datasets import load_adult
    >>> adult = load_adult()
    >>> adult.frame.shape
    (32561, 15)
    >>> int(adult.frame["occupation"].isna().sum())
    1843
    """
    with _data_path("adult.csv.gz").open("rb") as f:
        frame = pd.read_csv(
            f, compression="gzip", skipinitialspace=True, na_values=["?"], keep_default_na=False
        )
    return _bunch(frame, "income", _read_descr("adult.rst"), return_X_y, as_frame)
