"""Shared fixtures: the shipped tables (loaded once per session) and a seed."""

import numpy as np
import pytest

from sksynth.datasets import load_cicids2017

IDENTIFIERS = ["id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category"]


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def cic_frame():
    """All 91 columns of the shipped CIC-IDS2017 flows (do not modify)."""
    return load_cicids2017().frame


@pytest.fixture(scope="session")
def cic_flows(cic_frame):
    """The 85 columns a generator learns: identifiers dropped, as the paper did."""
    return cic_frame.drop(columns=IDENTIFIERS)


@pytest.fixture
def seed():
    return 0


@pytest.fixture
def rng(seed):
    return np.random.default_rng(seed)
