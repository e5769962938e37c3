"""The package's layout holds: one folder per capability, data flowing one way, no import circle,
no module over 400 lines, and the README's architecture table naming exactly the folders there are.

Imports are read from the source (every ``import`` and ``from ... import``, including those
inside functions, which kg uses to keep start-up light), so a lazy import counts as much as one
at the top of a module; only ``if TYPE_CHECKING:`` imports, read by type checkers alone, do not.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "kg"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _layer_table() -> dict[str, int]:
    """package folder -> layer, from the README's architecture table (`kg/` is the basics)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture and libraries", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| `kg/([a-z_]*)/?`", section, re.M)
    return {name: int(layer) for layer, name in rows}


LAYERS = _layer_table()


def _imports(module: str, path: Path) -> set[str]:
    """The kg modules ``module`` imports (a name imported from a package counts as its module)."""
    is_package = path.name == "__init__.py"
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for block in ast.walk(tree):  # `if TYPE_CHECKING:` imports are for annotations only
        if isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING":
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kg")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "kg":
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                found.add(sub if sub in MODULES else source)
    found.discard(module)
    return {m for m in found if m in MODULES}


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _package_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()):
        return parts[1]
    return ""  # kg itself and its top-level modules: the basics


def test_the_readme_table_names_every_package_folder():
    folders = {p.name for p in PACKAGE.iterdir()
               if p.is_dir() and (p / "__init__.py").exists()}
    assert set(LAYERS) - {""} == folders
    assert "" in LAYERS


@pytest.mark.parametrize("package", sorted(p for p in LAYERS if p))
def test_every_package_says_its_job_in_one_line(package):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
    assert doc and doc.strip().splitlines()[0].endswith((".", ":")), package


def test_no_module_imports_a_later_layer():
    upward = sorted(f"{m} (layer {LAYERS[_package_of(m)]}) imports {t} "
                    f"(layer {LAYERS[_package_of(t)]})"
                    for m, targets in GRAPH.items() for t in targets
                    if LAYERS[_package_of(t)] > LAYERS[_package_of(m)])
    assert upward == []


def test_no_import_circle():
    # Tarjan's strongly connected components: any component of two or more modules is a circle.
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(GRAPH[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert circles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_400_lines(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


# test folders named otherwise: tests/http would shadow the standard library's http package
TEST_FOLDER = {"http": "net"}


def test_tests_mirror_the_package():
    test_folders = {p.name for p in (REPO / "tests").iterdir()
                    if p.is_dir() and any(p.glob("test_*.py"))}
    packages = {p for p in LAYERS if p} - {"describe", "render"}  # tested through kg/cli
    expected = {TEST_FOLDER.get(p, p) for p in packages}
    assert expected <= test_folders | {"store"}, expected - test_folders
