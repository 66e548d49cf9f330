"""Every script in examples/ runs to the end at its tiny size (SKSYNTH_EXAMPLE_QUICK=1).

Each script runs in a fresh interpreter, as a user would run it, from a temporary folder (so
that nothing it might write lands in the repository), with the matplotlib backend that needs
no display and one thread per library.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
# Generous: on a busy shared machine a script that takes ~10 s alone can take several times
# longer; the limit only catches a script that hangs or runs at full size.
TIMEOUT = 300


def test_examples_exist():
    names = {path.name for path in EXAMPLES}
    for name in [
        "plot_quickstart.py",
        "plot_grid_search.py",
        "plot_tstr_benchmark.py",
        "plot_network_flows.py",
    ]:
        assert name in names


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs(script, tmp_path):
    env = dict(
        os.environ,
        SKSYNTH_EXAMPLE_QUICK="1",
        MPLBACKEND="Agg",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        # the sources of this checkout, whatever is installed
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    seconds = time.perf_counter() - start
    assert result.returncode == 0, (
        f"{script.name} failed after {seconds:.0f} s:\n{result.stdout[-3000:]}\n"
        f"{result.stderr[-5000:]}"
    )
