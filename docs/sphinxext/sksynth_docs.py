"""Build helpers for the sksynth documentation (used by ``docs/conf.py``).

- :func:`markdown_to_rst` turns the Markdown result files that scripts write (benchmark
  tables, augmentation results, the changelog) into reStructuredText, so the site needs no
  Markdown parser. When the converted text would not parse cleanly, the file is shown as a
  literal block instead: a result file can never break the build.
- :func:`write_markdown_snippets` writes one ``.inc`` snippet per result file into
  ``docs/generated/``; a missing file becomes a short note, so pages can ``.. include::``
  their snippet whether or not the file exists yet.
- :class:`PublicAPI` (``.. sksynth-api:: module``) lists every name of ``module.__all__`` in
  an ``autosummary`` table, and :func:`write_autosummary_scan` makes autosummary generate a
  page for each of them: a name added to ``__all__`` appears in the API reference without
  editing the docs.
- :func:`skip_foreign_member` hides the methods that classes inherit from scikit-learn,
  skorch or torch, whose docstrings refer to those projects' own documentation.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

from docutils import nodes
from docutils.core import publish_doctree
from docutils.statemachine import StringList
from docutils.utils import column_width
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

GENERATED = "generated"  # docs/generated/: git-ignored, rebuilt by every build

# --------------------------------------------------------------------------- Markdown


_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)[^)]*\)"
    r"|\[(?P<link_text>[^\]]+)\]\((?P<url>[^)\s]+)[^)]*\)"
    r"|<(?P<autolink>https?://[^>\s]+)>"
    r"|(?P<strong_mark>\*\*|__)(?P<strong>\S(?:.*?\S)?)(?P=strong_mark)"
    r"|(?<![\w*])\*(?P<em>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<em2>[^_\s](?:[^_]*[^_\s])?)_(?![\w_])"
    r"|(?P<br><br\s*/?>)"
)
_LIST_START = re.compile(r"^([-+*•]\s|#\.|\(?\w{1,3}[.)]\s)")
_ESCAPE = re.compile(r"([\\`*_|])")
# Characters that may touch rst inline markup without a separating space.
_OPEN_OK = set(" \t'\"([{<-/:")
_CLOSE_OK = set(" \t'\")]}>-/:.,;!?\\")


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _inline(text: str) -> str:
    """Markdown inline markup (code, links, emphasis) to reStructuredText."""
    out: list[str] = []
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(_escape(text[pos : match.start()]))
        pos = match.end()
        group = match.lastgroup
        if match.group("code") is not None:
            inner = match.group("code_text").strip()
            piece = f"``{inner}``" if inner and "``" not in inner else _escape(inner)
        elif match.group("alt") is not None:
            piece = _escape(match.group("alt"))
        elif match.group("link_text") is not None:
            label, url = match.group("link_text"), match.group("url")
            if re.match(r"https?://", url):
                label = label.replace("<", r"\<").replace("`", "")
                piece = f"`{label} <{url}>`__"
            else:  # a relative link means nothing on the site: keep the words and the path
                piece = f"{_escape(label)} (``{url}``)"
        elif match.group("autolink") is not None:
            piece = match.group("autolink")
        elif match.group("strong") is not None:
            piece = f"**{_escape(match.group('strong'))}**"
        elif match.group("em") is not None or match.group("em2") is not None:
            piece = f"*{_escape(match.group('em') or match.group('em2'))}*"
        else:  # <br>
            piece = " "
            group = None
        if group is not None and piece and piece[0] in "`*":
            before = "".join(out)[-1:]
            if before and before not in _OPEN_OK:
                out.append("\\ ")
            out.append(piece)
            after = text[pos : pos + 1]
            if after and after not in _CLOSE_OK:
                out.append("\\ ")
        else:
            out.append(piece)
    out.append(_escape(text[pos:]))
    return "".join(out)


def _split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [cell.strip().replace("\\|", "|") for cell in cells]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    width = len(header)
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [header, *rows]:
        row = (row + [""] * width)[:width]
        for k, cell in enumerate(row):
            text = _inline(cell)
            if _LIST_START.match(text):  # "+ RandomOverSampler" is text, not a bullet list
                text = "\\" + text
            lines.append(f"   {'*' if k == 0 else ' '} - {text}".rstrip())
    lines.append("")
    return lines


def _title(text: str, char: str) -> list[str]:
    title = _inline(text)
    return [title, char * max(4, column_width(title)), ""]


def markdown_to_rst(text: str, section_chars: str = "-~^\"'") -> str:
    """Convert the Markdown that scripts write to reStructuredText.

    Handles headings (``#`` and underlined), paragraphs, bullet and numbered lists, pipe
    tables, fenced code, block quotes, horizontal rules (dropped) and inline code, links,
    emphasis and ``<br>``. The shallowest heading level found becomes ``section_chars[0]``,
    the next ``section_chars[1]`` and so on, so the snippet nests inside the including page.
    """
    lines = text.replace("\t", "    ").splitlines()
    levels = sorted({len(m.group(1)) for line in lines if (m := _HEADING.match(line))})
    for k in range(len(lines) - 1):
        under = lines[k + 1].strip()
        if lines[k].strip() and under and set(under) <= {"="} and len(under) >= 3:
            levels = sorted(set(levels) | {1})
        elif (
            lines[k].strip()
            and under
            and set(under) <= {"-"}
            and len(under) >= 3
            and "|" not in lines[k]
        ):
            levels = sorted(set(levels) | {2})
    rank = {level: section_chars[min(i, len(section_chars) - 1)] for i, level in enumerate(levels)}

    out: list[str] = []
    paragraph: list[str] = []
    i = 0

    def blank() -> None:
        if out and out[-1] != "":
            out.append("")

    def flush() -> None:
        if paragraph:
            blank()
            out.extend(_inline(p) for p in paragraph)
            out.append("")
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not stripped:
            flush()
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker, language = fence.group(2), fence.group(3)
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(marker):
                body.append(lines[i])
                i += 1
            i += 1
            blank()
            out.extend([f".. code:: {language}" if language else "::", ""])
            out.extend(("    " + b) if b.strip() else "" for b in body)
            out.append("")
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            blank()
            out.extend(_title(heading.group(2), rank[len(heading.group(1))]))
            i += 1
            continue
        if nxt and set(nxt) <= {"="} and len(nxt) >= 3 and not paragraph:
            blank()
            out.extend(_title(stripped, rank[1]))
            i += 2
            continue
        if nxt and set(nxt) <= {"-"} and len(nxt) >= 3 and not paragraph and "|" not in line:
            blank()
            out.extend(_title(stripped, rank[2]))
            i += 2
            continue
        if _RULE.match(line):
            flush()
            i += 1
            continue
        if "|" in line and _TABLE_SEPARATOR.match(nxt) and "-" in nxt:
            flush()
            header = _split_row(line)
            rows = []
            i += 2
            while i < len(lines) and lines[i].strip() and "|" in lines[i]:
                rows.append(_split_row(lines[i]))
                i += 1
            blank()
            out.extend(_table(header, rows))
            continue
        if stripped.startswith(">"):
            flush()
            quote = []
            while i < len(lines) and lines[i].strip().startswith(">"):
                quote.append(lines[i].strip()[1:].strip())
                i += 1
            blank()
            out.extend(("    " + _inline(q)) if q else "" for q in quote)
            out.append("")
            continue
        item = _LIST_ITEM.match(line)
        if item and not paragraph:
            i = _list(lines, i, out, blank)
            continue
        paragraph.append(stripped)
        i += 1
    flush()
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _list(lines: list[str], i: int, out: list[str], blank) -> int:
    """Convert a (possibly nested) list starting at ``lines[i]``; return the next index.

    Every item is preceded by a blank line and indented to its parent item's text, which
    reStructuredText needs for nesting and for a change of bullet type.
    """
    stack: list[tuple[int, int]] = []  # (markdown indent, rst text column) per depth
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if _LIST_ITEM.match(nxt) or (nxt.startswith("  ") and nxt.strip() and stack):
                i += 1
                continue
            break
        item = _LIST_ITEM.match(line)
        if item:
            indent = len(item.group(1))
            while stack and indent < stack[-1][0]:
                stack.pop()
            if stack and indent == stack[-1][0]:
                stack.pop()
            column = stack[-1][1] if stack else 0
            bullet = "#." if item.group(2)[0].isdigit() else "-"
            stack.append((indent, column + len(bullet) + 1))
            blank()
            out.append(f"{' ' * column}{bullet} {_inline(item.group(3).strip())}")
        elif stack and not _HEADING.match(line) and not line.strip().startswith("|"):
            out.append(" " * stack[-1][1] + _inline(line.strip()))
        else:
            break
        i += 1
    out.append("")
    return i


def rst_is_clean(text: str) -> bool:
    """True when docutils parses ``text`` without any warning or error."""
    problems = []

    class _Stream:
        def write(self, message):
            problems.append(message)

    doctree = publish_doctree(
        text,
        settings_overrides={
            "report_level": 2,
            "halt_level": 5,
            "warning_stream": _Stream(),
            "file_insertion_enabled": False,
            "raw_enabled": False,
        },
    )
    messages = [m for m in doctree.findall(nodes.system_message) if m["level"] >= 2]
    return not messages and not problems


def markdown_file_section(
    path: Path, *, title: str, section_chars: str = "-~^\"'", missing: str = ""
) -> str:
    """An rst section for a Markdown file: its converted text under ``title`` (or the file's
    own first heading), a literal block when conversion fails, or ``missing`` when the file
    does not exist (empty ``missing``: nothing at all)."""
    if not path.is_file():
        if not missing:
            return ""
        return "\n".join([*_title(title, section_chars[0]), missing, ""]) + "\n"
    text = path.read_text(encoding="utf-8")
    body_lines = text.strip().splitlines()
    first = _HEADING.match(body_lines[0]) if body_lines else None
    if first:
        title, text = first.group(2), "\n".join(body_lines[1:])
    converted = markdown_to_rst(text, section_chars[1:])
    head = "\n".join(_title(title, section_chars[0]))
    snippet = f"{head}\n{converted}"
    if rst_is_clean(snippet):
        return snippet + "\n"
    logger.info("sksynth docs: %s shown as plain text (its Markdown did not convert)", path)
    literal = "\n".join(("    " + line) if line.strip() else "" for line in text.splitlines())
    return f"{head}\n::\n\n{literal}\n\n"


def write_if_changed(path: Path, content: str) -> None:
    """Write ``content`` unless the file already holds it (keeps Sphinx's cache valid)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != content:
        path.write_text(content, encoding="utf-8")


def write_markdown_snippets(srcdir: Path, snippets: dict[str, dict]) -> None:
    """Write ``docs/generated/<name>.inc`` for each ``name: dict(path=..., title=...,
    section_chars=..., missing=...)``."""
    for name, spec in snippets.items():
        spec = dict(spec)
        path = Path(spec.pop("path"))
        write_if_changed(srcdir / GENERATED / f"{name}.inc", markdown_file_section(path, **spec))


# ------------------------------------------------------------------------ API reference


def public_names(module_name: str, *, exclude: tuple[str, ...] = ()) -> list[str]:
    """Names of ``module.__all__`` (or its public classes and functions when it has none),
    without dunders and without the names in ``exclude``; [] if the module does not import."""
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return []
    names = getattr(module, "__all__", None)
    if names is None:
        names = [
            name
            for name, obj in vars(module).items()
            if not name.startswith("_")
            and (inspect.isclass(obj) or inspect.isfunction(obj))
            and getattr(obj, "__module__", "") == module_name
        ]
    return [n for n in names if not n.startswith("__") and n not in exclude]


def api_modules(module_names: list[str]) -> dict[str, list[str]]:
    """``{module: public names}``, a class or function re-exported by several of the modules
    listed only under the first."""
    seen: set[int] = set()
    out = {}
    for module_name in module_names:
        names = public_names(module_name)
        objects = []
        for name in names:
            try:
                obj = getattr(importlib.import_module(module_name), name)
            except AttributeError:
                continue
            # a name re-exported from a module documented earlier (e.g. sksynth.X) is
            # documented there only
            if id(obj) in seen and (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            objects.append(name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                seen.add(id(obj))
        out[module_name] = objects
    return out


def _autosummary_lines(module: str, names: list[str], toctree: str) -> list[str]:
    lines = [f".. currentmodule:: {module}", "", ".. autosummary::", f"   :toctree: {toctree}"]
    lines += ["   :nosignatures:", ""]
    lines += [f"   {name}" for name in names]
    return lines + [""]


def write_autosummary_scan(srcdir: Path, modules: dict[str, list[str]]) -> str:
    """Write the file that autosummary scans to generate one page per public name.

    The page of ``module.name`` lands in ``docs/generated/``, where the ``sksynth-api``
    directive's tables (``:toctree: generated`` from ``api.rst``) expect it. Returns the
    scan file's path relative to ``srcdir``, for ``autosummary_generate``.
    """
    lines = [":orphan:", ""]
    for module, names in modules.items():
        if names:
            lines += _autosummary_lines(module, names, ".")
    relative = f"{GENERATED}/_autosummary_scan.rst"
    write_if_changed(srcdir / relative, "\n".join(lines))
    return relative


class PublicAPI(SphinxDirective):
    """``.. sksynth-api:: module``: an autosummary table of the module's public names.

    The names come from the ``sksynth_api`` configuration value (computed once in
    ``conf.py``), so a name re-exported by an earlier module is not listed twice. The
    directive's content, if any, is shown when the module does not exist in this build.
    """

    required_arguments = 1
    has_content = True

    def run(self):
        module = self.arguments[0]
        names = self.config.sksynth_api.get(module, [])
        if names:
            lines = _autosummary_lines(module, names, GENERATED)
        elif importlib.util.find_spec(module) is None:
            lines = list(self.content) or [f"``{module}`` is not part of this build."]
        else:
            lines = [
                f"The public names of ``{module}`` are listed above, where they are re-exported."
            ]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), 0, container)
        return container.children


# ------------------------------------------------------------------------------ autodoc


def _defined_in_sksynth(obj) -> bool:
    target = obj
    if isinstance(target, property):
        target = target.fget
    if isinstance(target, (classmethod, staticmethod)):
        target = target.__func__
    target = inspect.unwrap(target) if callable(target) else target
    module = getattr(target, "__module__", None) or ""
    return module == "sksynth" or module.startswith("sksynth.")


def skip_foreign_member(app, what, name, obj, skip, options):
    """Document only members that sksynth defines: hide those inherited from scikit-learn,
    skorch or torch (their docstrings point into those projects' own documentation)."""
    if what != "class" or skip:
        return None
    if inspect.isroutine(obj) or isinstance(obj, (property, classmethod, staticmethod)):
        return None if _defined_in_sksynth(obj) else True
    return True  # plain class attributes (torch's ``training``, ``dump_patches``...)


def describe_data(app, what, name, obj, options, lines):
    """Module constants without a ``#:`` comment have no docstring of their own: autodoc
    would show their type's (``dict``'s, ``tuple``'s). Replace it with the description that
    ``sksynth_data_docs`` gives for the constant's full name, or with nothing."""
    if what != "data":
        return
    # numpydoc leaves a ".. !! processed by numpydoc !!" comment even in an empty docstring
    text = [
        line.strip()
        for line in lines
        if line.strip() and line.strip() not in ("..", "!! processed by numpydoc !!")
    ]
    type_doc = " ".join((type(obj).__doc__ or "").split())
    if text and " ".join(text[0].split()) not in type_doc:
        return  # a real docstring (``#:`` comment)
    lines[:] = list(app.config.sksynth_data_docs.get(name, []))


# ---------------------------------------------------------------------------------- CLI


def write_cli_help(srcdir: Path, root: Path, commands: list[str]) -> None:
    """``docs/generated/cli_help.inc``: the ``--help`` of ``sksynth`` and each command, run
    from the sources; a note when the command line is not available."""
    env = dict(os.environ, PYTHONPATH=str(root), COLUMNS="90", OMP_NUM_THREADS="1")
    blocks = []
    try:
        importlib.import_module("sksynth.cli")
    except ImportError:
        write_if_changed(
            srcdir / GENERATED / "cli_help.inc",
            ".. note::\n\n   The command line is not part of this build.\n",
        )
        return
    for command in [None, *commands]:
        code = "import sys; sys.argv[0] = 'sksynth'; from sksynth.cli import main; sys.exit(main())"
        args = [sys.executable, "-c", code]
        argv = ["--help"] if command is None else [command, "--help"]
        try:
            result = subprocess.run(
                args + argv,
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
                cwd=root,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        text = result.stdout.strip()
        if result.returncode != 0 or not text:
            continue
        title = "sksynth" if command is None else f"sksynth {command}"
        blocks += [f".. rubric:: ``{title}``", "", "::", ""]
        blocks += [("    " + line) if line.strip() else "" for line in text.splitlines()]
        blocks.append("")
    if not blocks:
        blocks = [".. note::", "", "   The command line's help could not be generated.", ""]
    write_if_changed(srcdir / GENERATED / "cli_help.inc", "\n".join(blocks))


# ------------------------------------------------------------------------------ gallery


class ExampleOrder:
    """Gallery order: a reader's path through the examples, then any others by name."""

    ORDER = (
        "plot_quickstart.py",
        "plot_network_flows.py",
        "plot_sampling_temperature.py",
        "plot_grid_search.py",
        "plot_tstr_benchmark.py",
        "plot_rare_class_augmentation.py",
    )

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename: str):
        name = os.path.basename(filename)
        return (self.ORDER.index(name) if name in self.ORDER else len(self.ORDER), name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def own_methods(modules: dict[str, list[str]]) -> dict[str, list[str]]:
    """``{"module.Class": [public methods sksynth defines]}``, for the class pages' tables."""
    out = {}
    for module_name, names in modules.items():
        module = importlib.import_module(module_name)
        for name in names:
            cls = getattr(module, name)
            if not inspect.isclass(cls):
                continue
            out[f"{module_name}.{name}"] = sorted(
                attr
                for attr in dir(cls)
                if not attr.startswith("_")
                and inspect.isroutine(getattr(cls, attr, None))
                and _defined_in_sksynth(inspect.getattr_static(cls, attr))
            )
    return out


_LITERAL = re.compile(r"(``.+?``)")
_TRAILING_UNDERSCORE = re.compile(r"(?<=[A-Za-z0-9])_(?=[\s,.;:)\]]|$)")
_BAR = re.compile(r"(?<!\\)\|")


def escape_docstring_markup(app, what, name, obj, options, lines):
    """Render plain text of docstrings as written: a trailing underscore (``n_features_in_``
    in a shape) is not a hyperlink reference and ``|x - y|`` is not a substitution.

    Doctest lines, inline literals and table lines are left alone.
    """
    for k, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith((">>>", "...", "|", "+")) or ("_" not in line and "|" not in line):
            continue
        parts = _LITERAL.split(line)
        for p in range(0, len(parts), 2):  # even parts lie outside ``literals``
            parts[p] = _BAR.sub(r"\\|", _TRAILING_UNDERSCORE.sub(r"\\_", parts[p]))
        lines[k] = "".join(parts)


# ------------------------------------------------------------------------ model sizes


def write_model_sizes(srcdir: Path) -> None:
    """``docs/generated/model_sizes.inc``: trainable parameters of each architecture on the
    shipped flows (85 columns), counted when the documentation is built."""
    from sksynth import (
        RNNGenerator,
        SymbolicDiscretizer,
        TransformerGenerator,
        WaveNetGenerator,
    )
    from sksynth.datasets import load_cicids2017

    identifiers = ["id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category"]
    flows = load_cicids2017().frame.drop(columns=identifiers)
    n_symbols = SymbolicDiscretizer(random_state=0).fit(flows).n_symbols_.tolist()
    configurations = [
        ("``RNNGenerator()``", RNNGenerator()),
        ('``RNNGenerator(cell="rnn")`` (the paper\'s)', RNNGenerator(cell="rnn")),
        ("``TransformerGenerator()`` (the paper's sizes)", TransformerGenerator()),
        ("``WaveNetGenerator()``", WaveNetGenerator()),
        (
            "``WaveNetGenerator(hierarchical=True)`` (the paper's)",
            WaveNetGenerator(hierarchical=True),
        ),
    ]
    lines = [".. list-table::", "   :header-rows: 1", "", "   * - Generator", "     - Parameters"]
    try:
        for label, generator in configurations:
            module = generator._module_class()(n_symbols, **generator._module_kwargs())
            head = sum(p.numel() for p in module.head.parameters())
            total = sum(p.numel() for p in module.parameters() if p.requires_grad)
            lines += [f"   * - {label}", f"     - {total:,} (output layers: {head:,})"]
    except Exception as exc:  # private helpers changed: leave a note, never break the build
        logger.info("sksynth docs: could not count model parameters (%s)", exc)
        lines = ["(The parameter counts could not be computed in this build.)"]
    lines.append("")
    text = (
        f"Counted on the shipped flows without identifiers ({len(n_symbols)} columns, "
        f"{sum(n_symbols):,} symbols in all, at most {max(n_symbols)} per column, default "
        "``SymbolicDiscretizer``) when this documentation was built.\n\n"
    )
    write_if_changed(srcdir / GENERATED / "model_sizes.inc", text + "\n".join(lines))
