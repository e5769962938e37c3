"""Every remote command against a misbehaving loopback server: one line, exit 3, bounded time.

The commands run as subprocesses of the installed ``kg`` with a generous ``timeout`` (a test
fails if kg hangs) and a short ``--timeout``; no wall-clock time is asserted. The ``net``
fixture checks that the second server, the target of cross-origin redirects, heard nothing.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli.root import cli
from kg.errors import UsageError
from kg.http.client import check_url
from tests.net.conftest import GENEROUS, fails_cleanly


def command(kind: str, url: str, tmp_path) -> list[str]:
    """``kg`` arguments that make command ``kind`` talk to ``url``."""
    if kind == "query":
        return ["query", "timeline", "--endpoint", url, "--timeout", "2"]
    if kind == "validate":
        return ["validate", "--endpoint", url, "--timeout", "2"]
    if kind == "push":
        data = tmp_path / "one.nt"
        data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
        return ["push", str(data), "--gsp-url", url, "--timeout", "2", "--quiet",
                "--state", str(tmp_path / "state.json")]
    if kind == "fetch":
        return ["wikidata", "fetch", "--wikidata-endpoint", url, "--timeout", "2",
                "--cache", str(tmp_path / "cache.nq"), "--links", str(tmp_path / "none.ttl")]
    if kind == "link-check":
        return ["link", "--check", "--wikidata-endpoint", url, "--timeout", "2",
                "--links", str(tmp_path / "none.ttl")]
    if kind == "link":
        return ["link", "--dry-run", "--wikidata-endpoint", url, "--timeout", "2",
                "--links", str(tmp_path / "none.ttl")]
    if kind in ("diff", "wikidata-query"):
        first = ["diff"] if kind == "diff" else ["query", "state_lifespans"]
        return ["wikidata", *first, "--wikidata-endpoint", url, "--timeout", "2",
                "--cache", str(tmp_path / "cache.nq"), "--links", str(tmp_path / "none.ttl")]
    if kind == "serve":
        return ["serve", "--endpoint", url, "--timeout", "2", "--bind", "127.0.0.1:0"]
    raise ValueError(kind)


COMMANDS = ["query", "validate", "push", "fetch", "link-check"]
# mode -> what the one line says (the same words for every command)
MODES = {
    "hang": "did not answer within 2 s",
    "drip": "did not finish its answer within 2 s",
    "redirect-port": "another server: not followed",
    "redirect-name": "another server: not followed",
    "huge": "announced a body of 3072 MiB, over the",
    "short": "the answer is truncated",
    "html": "answered with an HTML page",
    # Retry-After: 2 with --timeout 2: the wait would end past the deadline, so it is not begun
    "429": "answered HTTP 429 (attempt 1 of 4) and asks to wait 2 s, past the end of the 2 s "
           "timeout for the whole request; try again later",
    "503": "still answers HTTP 503 after 4 attempts",
}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("kind", COMMANDS)
def test_misbehaving_server_ends_in_one_line(net, run_kg, tmp_path, kind, mode):
    result = run_kg(*command(kind, f"{net.url}/{mode}", tmp_path), timeout=GENEROUS)
    line = fails_cleanly(result)
    assert MODES[mode] in line, line
    if mode.startswith("redirect"):
        assert len(net.requests) == 1  # asked once, not followed anywhere


@pytest.mark.parametrize("mode", ["hang", "drip"])
@pytest.mark.parametrize("kind", ["link", "diff", "wikidata-query", "serve"])
def test_the_other_remote_commands_end_at_their_timeout(net, run_kg, tmp_path, kind, mode):
    # serve asks the endpoint for its graphs before it listens: before, a TimeoutError traceback
    line = fails_cleanly(run_kg(*command(kind, f"{net.url}/{mode}", tmp_path), timeout=GENEROUS))
    assert MODES[mode] in line, line


REMOTE_COMMANDS = ["query", "validate", "push", "link", "wikidata fetch", "wikidata diff",
                   "wikidata query", "serve"]


@pytest.mark.parametrize("name", REMOTE_COMMANDS)
def test_every_remote_command_says_its_timeout_bounds_the_whole_request(name):
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "--timeout" in text
    assert "the whole request (name lookup, redirects" in text, text


@pytest.mark.parametrize("mode", ["malformed", "html"])
def test_serve_over_an_endpoint_answering_garbage_is_one_line(net, run_kg, mode):
    line = fails_cleanly(run_kg(*command("serve", f"{net.url}/{mode}", None), timeout=GENEROUS))
    assert "answered something that is not a SPARQL result" in line


@pytest.mark.parametrize("kind", ["query", "fetch", "link-check"])
def test_malformed_sparql_json_rows_are_one_line(net, run_kg, tmp_path, kind):
    line = fails_cleanly(run_kg(*command(kind, f"{net.url}/malformed", tmp_path),
                                timeout=GENEROUS))
    assert any(w in line for w in ("malformed", "not a valid query result", "not a SPARQL")), line


def test_endless_body_is_cut_at_the_cap(net, run_kg, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_HTTP_MAX_MB", "2")
    line = fails_cleanly(run_kg(*command("validate", f"{net.url}/endless", tmp_path),
                                timeout=GENEROUS))
    assert "sent more than 2 MiB" in line


@pytest.mark.parametrize("mode", ["302", "307"])
def test_same_origin_redirect_of_a_get_is_followed(net, run_kg, tmp_path, mode):
    result = run_kg("query", "-e", "SELECT ?x {}", "--endpoint", f"{net.url}/{mode}/ok",
                    "--format", "csv", timeout=GENEROUS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines() == ["x", "from the service"]
    assert [r[0] for r in net.requests] == ["GET", "GET"]


def test_push_redirected_with_302_is_not_turned_into_a_get(net, run_kg, tmp_path):
    line = fails_cleanly(run_kg(*command("push", f"{net.url}/302/store", tmp_path),
                                timeout=GENEROUS))
    assert "answered HTTP 302 to a POST, which would turn it into a GET" in line
    assert [r[0] for r in net.requests] == ["POST"]


def test_push_follows_a_same_origin_307_with_the_same_post(net, run_kg, tmp_path):
    result = run_kg(*command("push", f"{net.url}/307/store", tmp_path), timeout=GENEROUS)
    assert result.returncode == 0, result.stderr
    posts = [(r[0], r[1].split("?")[0], r[3]) for r in net.requests]
    assert posts[0][:2] == ("POST", "/307/store") and posts[1][:2] == ("POST", "/store")
    assert posts[0][2] == posts[1][2] == b"<urn:a> <urn:b> <urn:c> .\n"


def test_push_to_an_html_page_is_not_success(net, run_kg, tmp_path):
    line = fails_cleanly(run_kg(*command("push", f"{net.url}/html", tmp_path),
                                timeout=GENEROUS))
    assert "HTML page" in line and "rerun with --resume" in line


def test_fetch_from_a_silent_server_gives_up_honestly(net, run_kg, tmp_path):
    line = fails_cleanly(run_kg(*command("fetch", f"{net.url}/hang", tmp_path),
                                timeout=GENEROUS))
    assert "not answering at all" in line
    assert len(net.requests) == 2  # the batch, then half of it: no more


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/sparql", "http://",
                                 "http://[::1/q", "http://h:99999/q", "not a url",
                                 "http://exa mple.org/q"])
@pytest.mark.parametrize("kind", ["query", "validate", "push", "fetch"])
def test_only_http_urls_are_accepted(net, run_kg, tmp_path, kind, url):
    line = fails_cleanly(run_kg(*command(kind, url, tmp_path), timeout=GENEROUS), code=2)
    assert "URL" in line
    assert net.requests == []


def test_check_url_refuses_other_schemes():
    for bad in ("file:///x", "ftp://h/x", "javascript:alert(1)", "//h/x", "http:///x"):
        with pytest.raises(UsageError):
            check_url(bad)


def test_the_environments_proxy_is_used_as_urllib_would(net, run_kg, monkeypatch):
    monkeypatch.setenv("http_proxy", net.url)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    result = run_kg("query", "-e", "SELECT ?x {}", "--endpoint", "http://sparql.example/ok",
                    "--format", "csv", timeout=GENEROUS)
    assert result.returncode == 0, result.stderr
    [(method, path, headers, _)] = net.requests
    assert method == "GET" and path.startswith("http://sparql.example/ok?query=")
    assert headers["Host"] == "sparql.example"


def test_no_proxy_hosts_are_reached_directly(net, run_kg, monkeypatch):
    monkeypatch.setenv("http_proxy", net.elsewhere)  # must not be used: `net` checks it
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    result = run_kg("query", "-e", "SELECT ?x {}", "--endpoint", f"{net.url}/ok",
                    "--format", "csv", timeout=GENEROUS)
    assert result.returncode == 0, result.stderr
    assert len(net.requests) == 1
