"""kg load and on-disk stores: no debris, no silent takeover, honest interruptions, damage named."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import time

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import kg_executable

LINES = b"".join(b"<urn:s%d> <urn:p> <urn:o%d> .\n" % (i, i) for i in range(2000))


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_line(result, says: str) -> None:
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("kg: ") and result.stderr.count("\n") == 1, result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def store(tmp_path):
    data = tmp_path / "data.nt"
    data.write_bytes(LINES)
    result = kg("load", str(data), "--store", str(tmp_path / "db"), "-q")
    assert result.exit_code == 0, result.output
    return tmp_path / "db"


def test_a_folder_that_is_not_a_store_is_not_taken_over(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    data = tmp_path / "data.nt"
    data.write_bytes(LINES)
    one_line(kg("load", str(data), "--store", str(folder)), "not an Oxigraph store")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    one_line(kg("query", "timeline", "--store", str(folder)), "not an Oxigraph store")


def _flip(path):
    data = bytearray(path.read_bytes())
    for i in range(100, len(data) - 100, 97):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGE = {
    "flipped-sst": lambda db: _flip(sorted(db.glob("*.sst"))[0]),
    "truncated-sst": lambda db: os.truncate(sorted(db.glob("*.sst"))[0], 100),
    "truncated-manifest": lambda db: os.truncate(sorted(db.glob("MANIFEST-*"))[0], 20),
    "junk-current": lambda db: (db / "CURRENT").write_text("junk\n"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_store_is_named_as_such(store, tmp_path, damage):
    assert list(store.glob("*.sst")), "the store should have table files"
    DAMAGE[damage](store)
    one_line(kg("query", "-e", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--store", str(store)),
             "the store is damaged")
    data = tmp_path / "more.nt"
    data.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n")
    one_line(kg("load", str(data), "--store", str(store)), "needs rebuilding")


def test_a_second_load_into_the_same_store_is_refused(tmp_path):
    data = tmp_path / "data.nt"
    data.write_bytes(LINES)
    with open(tmp_path / ".db.kg-lock", "w") as lock:  # what a running kg load holds
        fcntl.flock(lock, fcntl.LOCK_EX)
        one_line(kg("load", str(data), "--store", str(tmp_path / "db")), "another kg load")
    assert not (tmp_path / "db").exists()


def test_a_killed_loads_work_folder_is_removed_by_the_next_load(tmp_path):
    stale = tmp_path / ".db.loading-x1y2z3"
    stale.mkdir()
    (stale / "000001.sst").write_bytes(b"\0" * 1000)
    data = tmp_path / "data.nt"
    data.write_bytes(LINES)
    assert kg("load", str(data), "--store", str(tmp_path / "db"), "-q").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.nt", "db"]


def _start_load(tmp_path, store_name: str) -> tuple[subprocess.Popen, str]:
    fifo = tmp_path / "feed.nt"
    os.mkfifo(fifo)
    process = subprocess.Popen([kg_executable(), "load", str(fifo), "--store",
                                str(tmp_path / store_name), "-q"], stderr=subprocess.PIPE)
    return process, str(fifo)


def _has_open(pid: int, folder) -> bool:
    """Does process ``pid`` hold a file of ``folder`` open (Linux /proc)?"""
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return False
    return any(link.startswith(str(folder) + "/") for link in links)


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "kg load did not get there"
        time.sleep(0.05)


def test_sigterm_during_a_new_load_leaves_nothing(tmp_path):
    process, fifo = _start_load(tmp_path, "db")
    with open(fifo, "wb") as feed:
        feed.write(LINES)
        feed.flush()
        _wait_for(lambda: any(p.name.startswith(".db.loading-") for p in tmp_path.iterdir()))
        time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 143, stderr
    assert b"nothing was written" in stderr and stderr.count(b"\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.nt"]


def test_ctrl_c_during_a_load_into_a_store_says_what_it_left(store, tmp_path):
    process, fifo = _start_load(tmp_path, "db")
    with open(fifo, "wb") as feed:  # the check pass reads the file once...
        feed.write(LINES)
    _wait_for(lambda: _has_open(process.pid, store))  # ...the store is opened for the load...
    with open(fifo, "wb") as feed:  # ...and the load pass reads the file again
        feed.write(LINES[: len(LINES) // 2])
        feed.flush()
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.count(b"\n") == 1 and b"Traceback" not in stderr
    assert b"the store is unchanged" in stderr or b"run the same kg load again" in stderr
    result = kg("query", "-e", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--store", str(store),
                "-f", "csv")
    assert result.stdout.split() == ["n", "2000"]
