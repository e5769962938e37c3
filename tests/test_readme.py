"""The README's console examples are executable documentation: this test runs them all.

The convention (also in the README's "Contributing" notes):

- A fenced block tagged ``console`` is run. Every command line in it starts with ``$ kg ``; a
  command may go on with pipes, ``&&`` and ``;`` to standard tools (bash runs the line as
  written, ``set -o pipefail`` off, so write ``echo "exit ${PIPESTATUS[0]}"`` for kg's own
  status). The lines after a command, up to the next ``$ `` line, are its expected output:
  stdout and stderr together, each line compared with trailing spaces stripped.
- Elisions are explicit: a line ``...`` stands for any number of lines (none included), and
  ``[…]`` inside a line stands for any text (a duration, a temporary path, a port).
- A command whose trailing ``# comment`` says ``exit N`` (``# exit 3, store unchanged``) must
  exit with N; any other command must exit 0.
- Blocks that cannot run here (a server you start yourself, generated files, a shell set-up)
  are tagged ``shell-session`` instead: shown, never run. A ``console`` block with a command
  that does not start with ``$ kg `` fails this test, so nothing is skipped silently.
- The state: all blocks run in order in one fresh folder, with no links file of your own (the
  shipped links only), an empty Wikidata cache, ``KG_WIKIDATA_ENDPOINT`` pointing at the
  Wikidata-format test fixture (``tests/data/wikidata/fixture.ttl``) served by a local
  ``oxigraph serve``, and ``tests/`` and ``kg/`` of the checkout reachable as ``tests/`` and
  ``kg/``. Later blocks see the files earlier ones wrote (``kg link`` writes ``kg-links.ttl``,
  which ``kg wikidata`` reads).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"
ELLIPSIS_LINE = "..."
ANY_TEXT = "[…]"
_FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
_EXIT = re.compile(r"#[^#]*\bexit\s+(\d+)\b[^#]*$")


def console_blocks(text: str) -> list[tuple[int, list[str]]]:
    """``(line number, lines)`` of each ```console block, in order."""
    blocks, current, start, indent = [], None, 0, ""
    for number, line in enumerate(text.splitlines(), 1):
        fence = _FENCE.match(line)
        if current is None and fence and fence.group(2) == "console":
            current, start, indent = [], number, fence.group(1)
        elif current is not None and fence and not fence.group(2):
            blocks.append((start, current))
            current = None
        elif current is not None:
            current.append(line[len(indent):] if line.startswith(indent) else line)
    return blocks


def commands(lines: list[str]) -> list[tuple[str, list[str]]]:
    """``(command, expected output lines)`` pairs of one block."""
    found: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
        elif line.strip():
            raise AssertionError(f"output before any command: {line!r}")
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, with ``...`` lines for any lines and ``[…]`` for any text in a line.

    >>> matches(["a", "...", "z"], ["a", "b", "c", "z"]), matches(["t: […] s"], ["t: 0.2 s"])
    (True, True)
    >>> matches(["a"], ["a", "b"])
    False
    """
    def line_ok(pattern: str, line: str) -> bool:
        if ANY_TEXT not in pattern:
            return pattern == line
        regex = ".*".join(re.escape(part) for part in pattern.split(ANY_TEXT))
        return re.fullmatch(regex, line) is not None

    def walk(i: int, j: int) -> bool:
        if i == len(expected):
            return j == len(actual)
        if expected[i].strip() == ELLIPSIS_LINE:
            return any(walk(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and line_ok(expected[i], actual[j]) and walk(i + 1, j + 1)

    return walk(0, 0)


def _strip(lines: list[str]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, wikidata_server):
    folder = tmp_path_factory.mktemp("readme")
    (folder / "tests").symlink_to(REPO_ROOT / "tests")
    (folder / "kg").symlink_to(REPO_ROOT / "kg")  # the bundled article, as in a checkout
    env = dict(os.environ)
    for name in ("KG_USER_AGENT", "XDG_CACHE_HOME"):
        env.pop(name, None)
    bin_dir = str(Path(sys.executable).parent)
    env.update(KG_WIKIDATA_ENDPOINT=wikidata_server.query_url, KG_CACHE_DIR=str(folder / "cache"),
               HOME=str(folder), PATH=bin_dir + os.pathsep + env.get("PATH", ""),
               COLUMNS="200", LC_ALL="C.UTF-8")
    return folder, env


def test_every_console_block_follows_the_convention():
    blocks = console_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 15
    for start, lines in blocks:
        for command, _ in commands(lines):
            assert command.startswith("kg "), (
                f"README.md:{start}: a ```console block runs only kg commands (`$ kg ...`); "
                f"tag the block ```shell-session if it cannot run in tests: {command!r}")


def test_readme_console_examples_print_what_they_show(workdir):
    folder, env = workdir
    failures = []
    for start, lines in console_blocks(README.read_text(encoding="utf-8")):
        for command, expected in commands(lines):
            want = _EXIT.search(command)
            done = subprocess.run(["bash", "-c", command], cwd=folder, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300,
                                  check=False)
            actual = _strip(done.stdout.decode("utf-8", "replace").splitlines())
            code = int(want.group(1)) if want else 0
            if done.returncode != code or not matches(_strip(expected), actual):
                failures.append(f"README.md:{start}: $ {command}\n  exit {done.returncode} "
                                f"(want {code}); printed:\n" + "\n".join(actual))
    assert not failures, "\n\n".join(failures)
