"""The command-line contract every command shares (kg/cli/output.py, kg/atomic.py, kg/cli/root.py):
``-o FILE`` is written whole or not at all and as the shell would (devices written through, links
followed, read-only files kept, the umask's mode), ``-o -`` is stdout, ``--traceback`` keeps the
exit code, Ctrl-C exits 130 with one line."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from kg.cli import cli

# every command with -o, with the arguments that make it write a small result
WRITERS = {
    "query": ["query", "casualty_totals", "--format", "csv"],
    "export": ["export", "--graph", "links", "--format", "n-triples"],
    "validate": ["validate", "--format", "json"],
}


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_dash_output_is_stdout_everywhere(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    to_stdout = kg(*WRITERS[command])
    dash = kg(*WRITERS[command], "-o", "-")
    assert dash.exit_code == to_stdout.exit_code, dash.output
    assert dash.stdout == to_stdout.stdout and dash.stdout
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", ["query", "export"])
def test_dash_output_needs_a_format(command):
    args = [a for a in WRITERS[command] if a not in ("--format", "csv", "n-triples")]
    result = kg(*args, "-o", "-")
    assert result.exit_code == 2
    assert result.stderr == "kg: The --format option must be set when writing to stdout (-o -).\n"


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_output_file_gets_the_umask_mode_and_keeps_an_existing_mode(command, tmp_path):
    out = tmp_path / "out.txt"
    old = os.umask(0o027)
    try:
        assert kg(*WRITERS[command], "-o", str(out)).exit_code in (0, 1)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    out.chmod(0o604)
    assert kg(*WRITERS[command], "-o", str(out)).exit_code in (0, 1)
    assert stat.S_IMODE(out.stat().st_mode) == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary left


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_symlink_is_followed_and_stays_a_link(command, tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert kg(*WRITERS[command], "-o", str(link)).exit_code in (0, 1)
    assert link.is_symlink()
    assert target.read_text() != "old" and target.read_text()


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_device_is_written_through_not_replaced(command):
    assert kg(*WRITERS[command], "-o", os.devnull).exit_code in (0, 1)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_read_only_file_is_kept(command, tmp_path):
    out = tmp_path / "kept.txt"
    out.write_text("keep me")
    out.chmod(0o444)
    result = kg(*WRITERS[command], "-o", str(out))
    assert result.exit_code == 3
    assert result.stderr == f"kg: {out}: permission denied: the file is read-only\n"
    assert out.read_text() == "keep me"


@pytest.mark.parametrize("where, reason", [
    ("folder", "is a folder: name a file to write"),
    ("/dev/full", "No space left on device"),
    ("missing/out.txt", "No such file or directory"),
])
def test_unwritable_outputs_are_one_line(where, reason, tmp_path):
    path = str(tmp_path) if where == "folder" else where
    if where.startswith("missing"):
        path = str(tmp_path / where)
    result = kg(*WRITERS["export"], "-o", path)
    assert result.exit_code == 3
    assert result.stderr == f"kg: {path}: {reason}\n"
    assert "Traceback" not in result.output


def test_traceback_keeps_the_exit_code():
    usage = kg("--traceback", "query", "no_such_query")
    assert usage.exit_code == 2 and "Traceback" in usage.stderr
    assert usage.stderr.rstrip().splitlines()[-1].startswith("kg: Unknown query 'no_such_query'")
    cannot = kg("--traceback", "validate", "/nonexistent/data.ttl")
    assert cannot.exit_code == 3 and "Traceback" in cannot.stderr
    assert kg("query", "no_such_query").stderr.count("\n") == 1  # without it: one line


def test_ctrl_c_exits_130_with_one_line(monkeypatch):
    from kg.cli import info

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.store.inventory.bundle_info", interrupted)
    result = kg("info")
    assert (result.exit_code, result.stderr) == (130, "\nkg: interrupted\n")
    assert info  # the command module was imported by the group, as in a real run
