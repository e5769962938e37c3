"""Packaging: the built wheel holds ontology, shapes, queries, data and source text, and works
installed (not editable); the installed ``kg`` entry point keeps its exit-code contract."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg import resources

REPO_ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).resolve().parent / "data" / "validate" / "broken.ttl"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from this checkout (``python -m build --wheel``) into a temporary folder.

    Without network-free build isolation the build backend must be importable here; if it is
    not (a fresh CI venv), ``build`` installs it into an isolated environment as usual.
    """
    out = tmp_path_factory.mktemp("wheel")
    args = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        args.append("--no-isolation")
    done = subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [built] = out.glob("kg-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _repo_files(folder: str, pattern: str) -> set[str]:
    root = REPO_ROOT / folder
    return {p.relative_to(root).as_posix() for p in root.rglob(pattern)}


@pytest.mark.parametrize(("folder", "pattern"), [
    ("ontology", "*.ttl"), ("shapes", "*.ttl"), ("queries", "*.rq")])
def test_wheel_bundles_every_file_of(wheel_names, folder, pattern):
    expected = {f"kg/_bundled/{folder}/{rel}" for rel in _repo_files(folder, pattern)}
    found = {n for n in wheel_names if n.startswith(f"kg/_bundled/{folder}/")
             and Path(n).match(pattern)}
    assert found == expected
    if folder != "queries":  # the query catalog may still be empty; the others never are
        assert expected, f"{folder}/ holds no {pattern}"


def test_wheel_bundles_the_data_and_the_source_text(wheel, wheel_names):
    data = {f"kg/data/{p.name}" for p in resources.data_dir().iterdir()
            if p.suffix in (".ttl", ".txt")}
    assert {f"kg/data/{resources.SOURCE_FILE_NAME}", "kg/data/article.ttl"} <= data
    assert data <= wheel_names
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read(f"kg/data/{resources.SOURCE_FILE_NAME}")
    assert shipped == resources.source_text_path().read_bytes()  # byte for byte


def test_wheel_declares_the_kg_entry_point(wheel, wheel_names):
    [entry_points] = [n for n in wheel_names if n.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(entry_points).decode()
    assert "kg = kg.cli:main" in text


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The wheel installed (not editable) into its own folder; dependencies come from this venv."""
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(target), str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return target


def _run_installed(target: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


def test_installed_wheel_reads_its_own_bundled_files(installed, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(installed)}
    code = ("import kg, kg.resources as r; "
            "print(kg.__file__); print(r.shapes_dir()); print(len(r.shapes_files()))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    module, shapes, count = done.stdout.splitlines()
    assert Path(module).is_relative_to(installed)
    assert Path(shapes) == installed / "kg" / "_bundled" / "shapes"
    assert int(count) == len(_repo_files("shapes", "*.ttl"))


def test_installed_wheel_validates_and_describes_the_bundled_graph(installed, tmp_path):
    done = _run_installed(installed, "validate", cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert done.stdout.splitlines()[-1].startswith("Conforms: yes — 0 violations")
    done = _run_installed(installed, "info", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Text from English Wikipedia, CC BY-SA" in done.stdout


# -- the installed console script -----------------------------------------------------------------

def test_kg_help_lists_the_exit_codes(run_kg):
    done = run_kg("--help")
    assert done.returncode == 0
    text = done.stdout.decode()
    assert "Exit codes:" in text
    for line in ("0  ok / the data conforms",
                 "1  ran, but the data failed the checks",
                 "2  usage error",
                 "3  could not run"):
        assert line in text


def test_kg_validate_broken_file_prints_one_line_and_exits_3(run_kg):
    done = run_kg("validate", str(BROKEN))
    assert done.returncode == 3
    assert done.stdout == b""
    assert done.stderr.decode() == f"kg: {BROKEN}:3:11: Unexpected end of file\n"


def test_kg_validate_stdin_without_input_format_exits_2(run_kg):
    done = run_kg("validate", "-", input=b"<urn:a> <urn:b> <urn:c> .\n")
    assert done.returncode == 2
    assert done.stderr == b"kg: The --input-format option must be set when reading from stdin.\n"
