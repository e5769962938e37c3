"""The HTTP/1.1 layer of a real ``kg serve`` (kg/serve/http11.py), over raw sockets."""

from __future__ import annotations

import socket
import urllib.parse

import pytest


def exchange(server, raw: bytes, timeout: float = 10) -> bytes:
    """Send raw bytes; everything the server answers until it closes (or goes quiet)."""
    host, port = server.url.split("//", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(raw)
        sock.settimeout(2)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize("raw, status", [
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    (b"GET / HTTP/1.1\r\nHost: x\r\n folded: on\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
     400),
    (b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 101 + b"\r\n", 431),
    (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    (b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411),
])
def test_malformed_requests_get_a_clear_status_and_a_closed_connection(kg_server, raw, status):
    answer = exchange(kg_server, raw)
    assert status_of(answer) == status
    assert b"\r\nConnection: close\r\n" in answer


def test_keep_alive_answers_pipelined_requests_in_order(kg_server):
    query = urllib.parse.quote("ASK { kgr:Greece ?p ?o } # pipelined")
    one = (f"GET /sparql?query={query} HTTP/1.1\r\nHost: x\r\n"
           "Accept: application/sparql-results+json\r\n\r\n").encode()
    last = b"GET /id/Nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    answer = exchange(kg_server, one + one + last)
    assert answer.count(b"HTTP/1.1 200 OK") == 2 and answer.count(b'"boolean":true') + \
        answer.count(b'"boolean": true') == 2
    assert answer.rindex(b"HTTP/1.1 404") > answer.rindex(b"HTTP/1.1 200")


def test_http_1_0_closes_after_the_answer(kg_server):
    answer = exchange(kg_server, b"GET /static/kg.css HTTP/1.0\r\n\r\n")
    assert status_of(answer) == 200 and b"\r\nConnection: close\r\n" in answer


def test_expect_100_continue_gets_continue_then_the_answer(kg_server):
    body = b"ASK { kgr:Greece ?p ?o }"
    host, port = kg_server.url.split("//", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                     b"\r\nAccept: application/sparql-results+json\r\nExpect: 100-continue\r\n"
                     + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode())
        assert sock.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert status_of(answer) == 200 and b"true" in answer


def test_header_names_are_read_in_any_case(kg_server):
    answer = exchange(kg_server, b"GET /id/Greece HTTP/1.1\r\nhost: x\r\nACCEPT: text/turtle\r\n"
                                 b"connection: close\r\n\r\n")
    assert status_of(answer) == 200 and b"Content-Type: text/turtle" in answer
