"""Training and sampling throughput of the three architectures at their default sizes.

On the shipped CIC-IDS2017 flows (85 columns once identifiers are dropped), prints and writes
to ``benchmarks/results/throughput.md``:

- the machine's fp32 matrix-multiply speed (GFLOP/s, torch, same threads as the models);
- per architecture: training throughput (symbols/s over one epoch), sampling throughput
  (rows/s), the model FLOPs per sampled row (counted with ``torch.utils.flop_counter``) and
  the achieved fraction of the matmul speed;
- sampling time per row for 21, 42 and 85 columns, to show that cost grows linearly with the
  number of columns (no re-running of the prefix at each step).

Run on a quiet machine: ``python benchmarks/throughput.py [--rows N] [--threads T]``.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from torch.utils.flop_counter import FlopCounterMode

from sksynth import RNNGenerator, SymbolicDiscretizer, TransformerGenerator, WaveNetGenerator
from sksynth.datasets import load_cicids2017

IDENTIFIERS = ["id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category"]
GENERATORS = {"rnn": RNNGenerator, "transformer": TransformerGenerator, "wavenet": WaveNetGenerator}


def matmul_gflops(size=1024, seconds=2.0) -> float:
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b  # warm up
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        a @ b
        n += 1
    return 2 * size**3 * n / (time.perf_counter() - start) / 1e9


def sampling_rate(gen, n_rows) -> float:
    gen.sample(256, random_state=0)  # warm up
    start = time.perf_counter()
    gen.sample(n_rows, random_state=0)
    return n_rows / (time.perf_counter() - start)


def flops_per_row(gen) -> float:
    """Forward FLOPs of the model for one row, counted on a teacher-forced batch."""
    codes = torch.zeros(64, gen.n_features_in_ - 1, dtype=torch.long)
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        gen.module_(codes)
    return counter.get_total_flops() / 64


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000, help="training rows for one epoch")
    parser.add_argument("--sample-rows", type=int, default=8192)
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: all)")
    parser.add_argument("--output", default="benchmarks/results/throughput.md")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)

    flows = load_cicids2017().frame.drop(columns=IDENTIFIERS)
    train = flows.sample(args.rows, random_state=0)
    codes = SymbolicDiscretizer(random_state=0).fit_transform(train)
    gflops = matmul_gflops()
    print(f"fp32 matmul: {gflops:.1f} GFLOP/s with {torch.get_num_threads()} threads")

    rows = []
    for name, cls in GENERATORS.items():
        gen = cls(max_epochs=1, validation_fraction=None, patience=None, random_state=0)
        start = time.perf_counter()
        gen.fit(codes)
        train_s = time.perf_counter() - start
        rate = sampling_rate(gen, args.sample_rows)
        flops = flops_per_row(gen)
        per_column = {}
        for n_cols in (21, 42, 85):
            small = cls(max_epochs=1, validation_fraction=None, patience=None, random_state=0)
            small.fit(codes[:2000, :n_cols])
            per_column[n_cols] = 1e6 / sampling_rate(small, args.sample_rows)  # µs per row
        rows.append(
            {
                "architecture": name,
                "parameters": sum(p.numel() for p in gen.module_.parameters()),
                "train symbols/s": codes.size / train_s,
                "sample rows/s": rate,
                "MFLOP per row": flops / 1e6,
                "sampling % of matmul": 100 * flops * rate / (gflops * 1e9),
                "training % of matmul": 100 * 3 * flops * len(codes) / train_s / (gflops * 1e9),
                "µs/row at 21 cols": per_column[21],
                "µs/row at 42 cols": per_column[42],
                "µs/row at 85 cols": per_column[85],
            }
        )
        print(rows[-1], flush=True)

    table = pd.DataFrame(rows)
    machine = (
        f"{cpu_name()}, {torch.get_num_threads()} torch threads, torch {torch.__version__}, "
        f"Python {platform.python_version()}; fp32 matmul {gflops:.1f} GFLOP/s"
    )
    text = (
        f"Machine: {machine}. Data: {len(codes)} CIC-IDS2017 rows x 85 columns for one "
        "training epoch (batch 256); sampling of "
        f"{args.sample_rows} rows. Training FLOPs are estimated as 3 x forward.\n\n"
        + table.to_markdown(index=False, floatfmt=".3g")
        + "\n"
    )
    print(text)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    return table


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    main()
