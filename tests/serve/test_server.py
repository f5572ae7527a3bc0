"""The preview server: only the output's files, folders as index.html, the site's 404 page."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from sana_archive.serve.events import EventHub
from sana_archive.serve.server import PortInUse, bind, inject, resolve
from tests.serve.conftest import get

SECRET = b"top secret, outside the output"


@pytest.fixture
def served(tmp_path: Path):
    """A hand-made output folder beside a secret file and a symlink pointing out of it."""
    output = tmp_path / "out"
    (output / "statements" / "a").mkdir(parents=True)
    (output / "index.html").write_text("<html><body><h1>Home</h1></body></html>")
    (output / "statements" / "a" / "index.html").write_text("<html><BODY>A</BODY></html>")
    (output / "404.html").write_text("<html><body>Page not found here</body></html>")
    (output / "static").mkdir()
    (output / "static" / "style.css").write_text("body{}")
    (output / ".hidden").write_text("temp")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (output / "link.txt").symlink_to(tmp_path / "secret.txt")
    server = bind("127.0.0.1", 0, output, EventHub())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    yield server.server_address[1], output
    server.shutdown()
    server.server_close()


def raw_request(port: int, target: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"GET {target} HTTP/1.0\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


@pytest.mark.parametrize(
    "target",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/..%252f..%252fetc/passwd",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/link.txt",
        "/.hidden",
        "/index.html%00.css",
        "//etc/passwd",
        "/etc/passwd",
    ],
)
def test_nothing_outside_the_output_is_served(served, target: str):
    port, _ = served
    response = raw_request(port, target)
    status = response.split(b"\r\n", 1)[0]
    assert b" 404 " in status, (target, status)
    assert SECRET not in response and b"root:" not in response
    assert b"Page not found here" in response  # the site's own 404 page


def test_folders_serve_their_index_and_redirect_without_slash(served):
    port, _ = served
    status, headers, body = get(port, "/statements/a/")
    assert status == 200 and b"A" in body
    assert headers["Content-Type"].startswith("text/html")
    status, headers, _ = get(port, "/statements/a?x=1")
    assert status == 301 and headers["Location"] == "/statements/a/?x=1"
    status, _, body = get(port, "/")
    assert status == 200 and b"<h1>Home</h1>" in body


def test_html_gets_the_reload_script_other_files_do_not(served):
    port, output = served
    _, _, body = get(port, "/statements/a/")
    assert body.index(b'<script id="sana-live-reload">') < body.index(b"</BODY>")
    assert b"/__sana/events" in body
    assert b"sana-live-reload" not in (output / "statements" / "a" / "index.html").read_bytes()
    status, headers, css = get(port, "/static/style.css?sana-reload=12")
    assert status == 200 and css == b"body{}" and headers["Content-Type"].startswith("text/css")
    status, headers, body = get(port, "/static/style.css", method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Length"] == "6"


def test_inject_goes_before_the_last_body_or_at_the_end():
    assert inject(b"<body>x</body></html>", b"<s>") == b"<body>x<s></body></html>"
    assert inject(b"<p>no body", b"<s>") == b"<p>no body<s>"


def test_resolve_refuses_what_is_not_a_plain_path(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("x")
    assert resolve(tmp_path, "/a/").status == "file"
    assert resolve(tmp_path, "/a").status == "redirect"
    assert resolve(tmp_path, "/a/%2e%2e/a/").status == "missing"
    assert resolve(tmp_path, "http://evil/../a/").status == "missing"
    assert resolve(tmp_path, "*").status == "missing"


def test_a_busy_port_moves_to_the_next_free_one_or_says_so(tmp_path: Path):
    first = bind("127.0.0.1", 0, tmp_path, EventHub())
    port = first.server_address[1]
    try:
        second = bind("127.0.0.1", port, tmp_path, EventHub())
        assert second.server_address[1] != port
        second.server_close()
        with pytest.raises(PortInUse, match=f"{port}-{port}"):
            bind("127.0.0.1", port, tmp_path, EventHub(), tries=1)
    finally:
        first.server_close()
