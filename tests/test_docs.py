"""Every command documents itself: help with a summary, a paragraph and an Example: block, a line
in ``kg --help``, and a section in the README (sqlite-utils' ``tests/test_docs.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.root import _SHORT_HELP, COMMANDS, cli

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_help_has_summary_paragraph_and_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(f"Usage: cli {name}") or text.startswith(f"Usage: kg {name}")
    body = text.split("\n\n", 2)
    assert len(body) == 3 and body[1].strip(), "a one-line summary after the usage line"
    assert "\nExample:\n" in text or "\n  Example:\n" in text
    example = text.split("Example:", 1)[1]
    assert f"kg {name}" in example, "the example runs the command"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_listed_in_root_help(name):
    assert _SHORT_HELP.get(name), f"add a one-line summary for {name!r} to _SHORT_HELP"
    result = CliRunner().invoke(cli, ["--help"])
    assert any(line.split()[:1] == [name] for line in result.stdout.splitlines())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_documented_in_readme(name):
    assert f"kg {name}" in README.read_text(encoding="utf-8")
