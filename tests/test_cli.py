"""The ``sksynth`` command line, run in-process through ``sksynth.cli.main`` on tiny data."""

import os
import pickle
import subprocess
import sys

import pandas as pd
import pytest
import torch

import sksynth
from sksynth import SynthesisPipeline, cli
from sksynth.demo import stratified_split

torch.set_num_threads(1)

# Small generators: every fit takes about a second.
TINY = ["--max-epochs", "1", "--param", "hidden_size=16", "--param", "embedding_dim=8"]


@pytest.fixture(scope="module")
def files(cic_flows, tmp_path_factory):
    """400 CIC-IDS2017 flows, 10 columns + Label, as train (CSV, Parquet) and test files."""
    folder = tmp_path_factory.mktemp("cli")
    columns = list(cic_flows.columns[:10]) + ["Label"]
    table, _ = stratified_split(
        cic_flows[columns], test_size=len(cic_flows) - 400, target="Label", random_state=0
    )
    train, test = stratified_split(table, test_size=0.3, target="Label", random_state=0)
    paths = {
        "folder": folder,
        "train": folder / "train.csv",
        "parquet": folder / "train.parquet",
        "test": folder / "test.csv.gz",
    }
    train.to_csv(paths["train"], index=False)
    train.to_parquet(paths["parquet"])
    test.to_csv(paths["test"], index=False)
    return paths


@pytest.fixture(scope="module")
def model(files):
    path = files["folder"] / "rnn.joblib"
    argv = ["fit", str(files["train"]), "-o", str(path), "--condition-on", "Label", "--quiet"]
    assert cli.main(argv + TINY) == 0
    return path


def run(argv, capsys):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_fit_writes_versioned_model(model):
    pipeline = cli.load_model(model)
    assert isinstance(pipeline, SynthesisPipeline)
    assert pipeline[-1].condition_on == ["Label"]
    assert pipeline[-1].hidden_size == 16
    with open(model, "rb") as f:
        assert f.read(1)  # a joblib pickle


@pytest.mark.parametrize(
    "architecture, params",
    [("wavenet", ["--param", "hidden_size=8"]), ("transformer", ["--param", "n_layers=1"])],
)
def test_fit_other_architectures_from_parquet(files, tmp_path, architecture, params, capsys):
    path = tmp_path / "model.joblib"
    argv = ["fit", files["parquet"], "-o", path, "-a", architecture, "--max-epochs", "1"]
    argv += ["--drop", "Protocol", "--n-bins", "8", *params]
    code, _, err = run(argv, capsys)
    assert code == 0, err
    pipeline = cli.load_model(path)
    assert "Protocol" not in pipeline[0].feature_names_in_
    assert pipeline[0].n_bins == 8
    assert "Fitted" in err


@pytest.mark.parametrize("name", ["rows.csv", "rows.csv.gz", "rows.parquet"])
def test_sample_formats(model, tmp_path, name, capsys):
    out = tmp_path / name
    code, _, err = run(["sample", model, "-n", 30, "-o", out, "--random-state", 1], capsys)
    assert code == 0, err
    rows = pd.read_parquet(out) if name.endswith("parquet") else pd.read_csv(out)
    assert rows.shape == (30, 11)
    assert not (tmp_path / (name + ".part")).exists()


def test_sample_conditions_and_temperature(model, tmp_path, capsys):
    out = tmp_path / "ddos.parquet"
    argv = ["sample", model, "-n", 20, "-o", out, "--conditions", "Label=DDoS"]
    code, _, err = run([*argv, "--temperature", "0.7", "--quiet"], capsys)
    assert code == 0, err
    rows = pd.read_parquet(out)
    assert len(rows) == 20
    assert (rows["Label"] == "DDoS").all()


def test_sample_in_chunks(model, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "CHUNK_SIZE", 7)
    sizes = []
    sample = SynthesisPipeline.sample

    def spy(self, n_samples=1, **kwargs):
        sizes.append(n_samples)
        return sample(self, n_samples, **kwargs)

    monkeypatch.setattr(SynthesisPipeline, "sample", spy)
    for name in ("a.csv", "b.csv", "c.parquet"):
        code, _, err = run(["sample", model, "-n", 50, "-o", tmp_path / name, "--quiet"], capsys)
        assert code == 0, err
    assert sizes == [7] * 7 + [1] + [7] * 7 + [1] + [7] * 7 + [1]
    first, second = pd.read_csv(tmp_path / "a.csv"), pd.read_csv(tmp_path / "b.csv")
    assert len(first) == 50
    pd.testing.assert_frame_equal(first, second)  # same --random-state, same rows
    assert len(pd.read_parquet(tmp_path / "c.parquet")) == 50
    assert not first.iloc[:7].reset_index(drop=True).equals(first.iloc[7:14].reset_index(drop=True))


def test_evaluate_prints_table_and_plots(files, model, tmp_path, capsys):
    synthetic = tmp_path / "synthetic.csv"
    assert cli.main(["sample", str(model), "-n", "200", "-o", str(synthetic), "--quiet"]) == 0
    plots = tmp_path / "plots"
    argv = ["evaluate", files["train"], synthetic, "--test", files["test"], "--target", "Label"]
    code, out, err = run([*argv, "--plots", plots, "--quiet", "--max-samples", 300], capsys)
    assert code == 0, err
    for metric in ("inlier_rate_paper", "similarity", "detection_auc", "tstr_trtr_ratio"):
        assert metric in out
    assert sorted(p.name for p in plots.iterdir()) == [
        "correlation_difference.png",
        "distributions.png",
        "metrics.png",
    ]


def test_benchmark_writes_tables(files, tmp_path, capsys):
    argv = ["benchmark", files["parquet"], "--target", "Label", "--architectures", "rnn"]
    argv += ["independent", "--folds", 2, "--max-epochs", 1, "-o", tmp_path, "--quiet"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "real (TRTR)" in out and "independent" in out
    summary = pd.read_csv(tmp_path / "benchmark.csv", index_col=0)
    assert list(summary.index) == ["real (TRTR)", "rnn", "independent"]
    assert (tmp_path / "benchmark.md").exists()
    assert len(pd.read_csv(tmp_path / "benchmark_folds.csv")) == 6


def test_demo_command(cic_flows, tmp_path, monkeypatch, capsys):
    import sksynth.demo

    small = cic_flows[list(cic_flows.columns[:8]) + ["Label"]]
    monkeypatch.setattr(sksynth.demo, "load_flows", lambda: small)
    argv = ["demo", "--quick", "--n-rows", 300, "--architectures", "wavenet", "-o", tmp_path]
    code, _, err = run([*argv, "--quiet"], capsys)
    assert code == 0, err
    table = pd.read_csv(tmp_path / "table2.csv", index_col=0)
    assert list(table.index) == ["wavenet", "independent", "real holdout"]


@pytest.mark.parametrize("command", [None, "fit", "sample", "evaluate", "benchmark", "demo"])
def test_help(command, capsys):
    code, out, _ = run([command, "--help"] if command else ["--help"], capsys)
    assert code == 0
    assert out.startswith("usage: sksynth")
    if command in (None, "fit", "sample"):
        assert "trust" in " ".join(out.split())


def test_version(capsys):
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert out.strip() == f"sksynth {sksynth.__version__}"


def test_python_dash_m_help():
    result = subprocess.run(
        [sys.executable, "-m", "sksynth", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "usage: sksynth" in result.stdout
    assert "demo" in result.stdout


def _bad_files(folder, model_path):
    garbage = folder / "garbage.joblib"
    garbage.write_bytes(b"not a pickle at all")
    foreign = folder / "foreign.joblib"
    foreign.write_bytes(pickle.dumps({"weights": [1, 2, 3]}))
    old = folder / "old.joblib"
    payload = {"format": "sksynth-model", "sksynth_version": "0.0.1", "pipeline": None}
    old.write_bytes(pickle.dumps(payload))
    text = folder / "table.txt"
    text.write_text("a,b\n1,2\n")
    return {"garbage": garbage, "foreign": foreign, "old": old, "text": text}


ERRORS = [
    ("missing data file", ["fit", "{folder}/missing.csv", "-o", "{folder}/m.joblib"], "no such"),
    ("unknown format", ["fit", "{text}", "-o", "{folder}/m.joblib"], "format"),
    ("unknown drop", ["fit", "{train}", "-o", "{folder}/m.joblib", "--drop", "Nope"], "'Nope'"),
    (
        "unknown condition-on",
        ["fit", "{train}", "-o", "{folder}/m.joblib", "--condition-on", "Nope"],
        "'Nope'",
    ),
    ("unknown architecture", ["fit", "{train}", "-o", "{folder}/m", "-a", "gan"], "gan"),
    ("unknown param", ["fit", "{train}", "-o", "{folder}/m", "--param", "size=3"], "size"),
    ("missing model", ["sample", "{folder}/none.joblib", "-n", "5", "-o", "{out}"], "no such"),
    ("unreadable model", ["sample", "{garbage}", "-n", "5", "-o", "{out}"], "cannot read"),
    ("not a model", ["sample", "{foreign}", "-n", "5", "-o", "{out}"], "not a sksynth"),
    ("old version", ["sample", "{old}", "-n", "5", "-o", "{out}"], "0.0.1"),
    (
        "unknown condition",
        ["sample", "{model}", "-n", "5", "-o", "{out}", "--conditions", "X=1"],
        "X",
    ),
    (
        "unseen value",
        ["sample", "{model}", "-n", "5", "-o", "{out}", "--conditions", "Label=Nope"],
        "never seen",
    ),
    (
        "not conditionable",
        ["sample", "{model}", "-n", "5", "-o", "{out}", "--conditions", "Protocol=6"],
        "condition",
    ),
    (
        "bad condition",
        ["sample", "{model}", "-n", "5", "-o", "{out}", "--conditions", "Label"],
        "=",
    ),
    ("bad output", ["sample", "{model}", "-n", "5", "-o", "{folder}/rows.xlsx"], "format"),
    ("bad n", ["sample", "{model}", "-n", "0", "-o", "{out}"], "-n"),
    ("missing -n", ["sample", "{model}", "-o", "{out}"], "-n"),
    ("unknown target", ["evaluate", "{train}", "{train}", "--target", "Nope"], "'Nope'"),
    ("mismatched tables", ["evaluate", "{train}", "{text}"], "format"),
    ("benchmark target", ["benchmark", "{train}", "--target", "Nope"], "'Nope'"),
    ("no subcommand", [], "required"),
    ("demo architecture", ["demo", "--architectures", "gan"], "gan"),
]


@pytest.mark.parametrize("argv, needle", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_bad_input_gives_one_line(files, model, tmp_path, argv, needle, capsys):
    names = {k: v for k, v in files.items() if k != "folder"}
    names.update(_bad_files(tmp_path, model), folder=tmp_path, model=model)
    names["out"] = tmp_path / "rows.csv"
    argv = [a.format(**names) for a in argv]
    code, out, err = run(argv, capsys)
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sksynth: error: ")
    assert needle in lines[0]
    assert "Traceback" not in err + out
    assert not (tmp_path / "rows.csv").exists()


def test_mismatched_evaluate_tables(files, tmp_path, capsys):
    other = tmp_path / "other.csv"
    pd.read_csv(files["train"]).drop(columns=["Protocol"]).to_csv(other, index=False)
    code, _, err = run(["evaluate", files["train"], other, "--quiet"], capsys)
    assert code == 2
    assert err.startswith("sksynth: error: Tables do not match")
    assert len(err.strip().splitlines()) == 1


def test_traceback_flag_reraises(tmp_path):
    with pytest.raises(cli.CLIError):
        cli.main(["--traceback", "fit", str(tmp_path / "missing.csv"), "-o", "m"])
