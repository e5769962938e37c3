"""Runaway local queries: a deadline, Ctrl-C that stops them, a result too large refused, and a
table that does not pad every row to its longest cell."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest
from click.testing import CliRunner

from kg.cli.root import cli
from kg.errors import QueryError
from kg.query import deadline
from tests.conftest import kg_executable

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_a_local_query_stops_at_its_deadline(run_kg):
    result = run_kg("query", "-e", CARTESIAN, "--timeout", "1", timeout=120)
    assert result.returncode == 3
    stderr = result.stderr.decode()
    assert stderr == ("kg: query: the query did not finish within 1 s (--timeout); add LIMIT, "
                      "narrow the pattern, or allow more time\n")


@pytest.mark.parametrize("extra", [[], ["--timeout", "0"], ["--format", "json"]])
def test_ctrl_c_stops_a_running_query(extra):
    process = subprocess.Popen([kg_executable(), "query", "-e", CARTESIAN, *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.0)  # well into the evaluation (it takes minutes)
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)  # before this change: minutes
    assert process.returncode in (1, 130)  # 130 once Ctrl-C has its own exit code
    assert b"Traceback" not in stderr


def test_a_result_too_large_for_memory_is_refused(monkeypatch):
    monkeypatch.setenv("KG_QUERY_MAX_MB", "1")
    for text in ("SELECT * { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        result = kg("query", "-e", text, "--format", "json" if "SELECT" in text else "nt")
        assert result.exit_code == 3
        assert result.stderr.startswith("kg: query: the result is too large to hold in memory")
        assert result.stderr.count("\n") == 1


def test_the_worker_hands_back_errors_and_values():
    assert deadline.run(lambda budget: 42, None, "q") == 42
    with pytest.raises(QueryError, match=r"did not finish within 0\.1 s"):
        deadline.run(lambda budget: time.sleep(2), 0.1, "q")


def test_negative_timeout_is_a_usage_error():
    assert kg("query", "timeline", "--timeout", "-1").exit_code == 2


def test_table_columns_are_not_padded_to_a_huge_cell(tmp_path):
    data = tmp_path / "long.nt"
    lines = [f'<urn:s{i}> <urn:p> "short {i}" .' for i in range(50)]
    lines.append('<urn:long> <urn:p> "' + "x" * 20_000 + '" .')
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = kg("query", "-e", "SELECT ?o ?s { ?s ?p ?o }", "--data", str(data),
                "--format", "table")
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert max(len(r) for r in rows if "short" in r) < 120  # not 20,000
    assert any("x" * 20_000 in r for r in rows)  # the long cell is kept whole
