"""Sphinx configuration of the sksynth documentation.

Build with ``make docs`` (``sphinx-build -W --keep-going -b html docs docs/_build/html``).
Everything under ``docs/generated/`` and ``docs/auto_examples/`` is written by the build.
"""

import os
import sys
from pathlib import Path

# The gallery runs every example while building: at tiny size unless asked otherwise
# (SKSYNTH_EXAMPLE_QUICK=0 make docs runs them at the size a user would).
os.environ.setdefault("SKSYNTH_EXAMPLE_QUICK", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Document the sources next to this file, whatever is installed.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "sphinxext"))

import sksynth_docs  # noqa: E402

import sksynth  # noqa: E402

# -- Project -------------------------------------------------------------------------------
project = "sksynth"
author = "sksynth developers"
copyright = "sksynth developers, BSD-3-Clause"
release = sksynth.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "generated/_autosummary_scan.rst", "**.ipynb_checkpoints"]
root_doc = "index"
language = "en"

# -- Generated snippets ------------------------------------------------------------------------
# Result files that scripts write are included when they exist; a missing one leaves a note.
_NOT_YET = (
    "Not measured in this build: ``{path}`` does not exist yet. Run ``{command}`` to "
    "produce it, then rebuild the documentation."
)
sksynth_docs.write_markdown_snippets(
    DOCS,
    {
        "bench_throughput": dict(
            path=ROOT / "benchmarks/results/throughput.md",
            title="Training and sampling throughput",
            missing=_NOT_YET.format(
                path="benchmarks/results/throughput.md", command="make benchmarks"
            ),
        ),
        "bench_paper_table2": dict(
            path=ROOT / "benchmarks/results/paper_table2.md",
            title="The paper's Table 2, reproduced",
            missing=_NOT_YET.format(
                path="benchmarks/results/paper_table2.md", command="make benchmarks"
            ),
        ),
        "bench_demo_table": dict(
            path=ROOT / "benchmarks/results/demo_table.md",
            title="The demo's table",
            missing=(
                "Not measured in this build: ``benchmarks/results/demo_table.md`` does not "
                "exist yet (it records the table that ``make demo`` prints)."
            ),
        ),
        "augmentation_results": dict(
            path=DOCS / "augmentation_results.md",
            title="Measured results",
            missing=(
                "No measured results in this build (``docs/augmentation_results.md`` does not "
                "exist yet)."
            ),
        ),
        # The changelog page's title is its own; the file's "# Changelog" heading is dropped.
        "changelog": dict(
            path=ROOT / "CHANGELOG.md",
            title="Changelog",
            section_chars="=-~^\"'",
            missing="No changelog in this build.",
        ),
    },
)
# A sentence pointing to the augmentation example, when it exists.
_AUGMENTATION_EXAMPLE = ROOT / "examples" / "plot_rare_class_augmentation.py"
sksynth_docs.write_if_changed(
    DOCS / "generated" / "augmentation_example.inc",
    "The :ref:`rare-class augmentation example "
    "<sphx_glr_auto_examples_plot_rare_class_augmentation.py>` runs such an experiment "
    "end to end.\n"
    if _AUGMENTATION_EXAMPLE.is_file()
    else ".. (no augmentation example in this build)\n",
)
sksynth_docs.write_cli_help(DOCS, ROOT, ["fit", "sample", "evaluate", "benchmark", "demo"])
sksynth_docs.write_model_sizes(DOCS)

# -- API reference ----------------------------------------------------------------------------
# Every name of each module's __all__ gets a page; a class or function re-exported by an
# earlier module (e.g. both sksynth and sksynth.oversampling) is listed once, under the first.
sksynth_api = sksynth_docs.api_modules(
    [
        "sksynth",
        "sksynth.datasets",
        "sksynth.metrics",
        "sksynth.models",
        "sksynth.oversampling",
        "sksynth.plotting",
        "sksynth.cli",
        "sksynth.demo",
    ]
)
autosummary_generate = [sksynth_docs.write_autosummary_scan(DOCS, sksynth_api)]
autosummary_generate_overwrite = True
autosummary_context = {"sksynth_methods": sksynth_docs.own_methods(sksynth_api)}
autodoc_typehints = "none"
autodoc_member_order = "groupwise"
add_module_names = False

sksynth_data_docs = {
    "sksynth.models.ARCHITECTURES": [
        "The next-symbol models behind ``SequenceGenerator(architecture=...)``: a dict from",
        '``"rnn"``, ``"transformer"`` and ``"wavenet"`` to :class:`RecurrentLM`,',
        ":class:`TransformerLM` and :class:`WaveNetLM`.",
    ],
    "sksynth.metrics.INLIER_PROTOCOLS": [
        "Names accepted by the ``protocol`` parameter of :func:`inlier_rate` and",
        ':func:`make_inlier_scorer`: ``("calibrated", "paper", "linear")``.',
    ],
}

numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()

# -- Gallery ----------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "sksynth_docs.ExampleOrder",
    "doc_module": ("sksynth",),
    "backreferences_dir": "generated/backreferences",
    "reference_url": {"sksynth": None},
    "remove_config_comments": True,
    "download_all_examples": False,
    "show_memory": False,
    "min_reported_time": 0,
}

# -- Figures of the user guide (plot directive) -----------------------------------------------
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]
plot_pre_code = "import numpy as np\nimport matplotlib.pyplot as plt\n"

# -- HTML ---------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sksynth {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False


def setup(app):
    app.add_config_value("sksynth_api", {}, "env")
    app.add_config_value("sksynth_data_docs", {}, "env")
    app.add_directive("sksynth-api", sksynth_docs.PublicAPI)
    app.connect("autodoc-skip-member", sksynth_docs.skip_foreign_member)
    app.connect("autodoc-process-docstring", sksynth_docs.describe_data)
    # after numpydoc (priority 500) has turned the docstring into reStructuredText
    app.connect("autodoc-process-docstring", sksynth_docs.escape_docstring_markup, priority=600)
