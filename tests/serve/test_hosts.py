"""Case 10 of issue 16: the preview answers only requests addressed to it.

A page on another site can point its own domain at 127.0.0.1 (DNS rebinding) and read the
preview as same-origin; its requests still carry that domain in ``Host``. And only the
preview's own pages may open the event stream.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time

import pytest

from sana_archive.serve.server import host_allowed, origin_allowed
from tests.conftest import REPO
from tests.serve.conftest import article


def request(port: int, target: str, headers: dict[str, str]) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", target, headers=headers)
        response = conn.getresponse()
        if response.getheader("Content-Type") == "text/event-stream":
            return response.status, response.read(20)
        return response.status, response.read()
    finally:
        conn.close()


def test_foreign_host_and_origin_are_refused(make_site, preview):
    site = make_site({"a.md": article("Hosts")})
    port = preview(site).server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        status, body = request(port, "/", {"Host": host})
        assert status == 200 and b"Hosts" in body, host
    for host in (f"evil.example:{port}", "rebind.attacker.test", f"127.0.0.1.nip.example:{port}"):
        status, body = request(port, "/", {"Host": host})
        assert status == 403 and b"Hosts" not in body, host
    status, _ = request(port, "/__sana/events", {"Host": f"localhost:{port}",
                                                 "Origin": f"http://localhost:{port}"})
    assert status == 200
    for origin in ("https://evil.example", "null", f"http://evil.example:{port}"):
        status, _ = request(port, "/__sana/events", {"Host": f"127.0.0.1:{port}",
                                                     "Origin": origin})
        assert status == 403, origin


@pytest.mark.parametrize(("authority", "bound", "allowed"), [
    ("127.0.0.1:8000", "127.0.0.1", True),
    ("LOCALHOST:8000", "127.0.0.1", True),
    ("app.localhost", "127.0.0.1", True),
    ("192.168.1.20:8000", "0.0.0.0", True),
    ("[fe80::1]:8000", "::", True),
    ("devbox.lan:8000", "devbox.lan", True),
    ("devbox.lan:8000", "0.0.0.0", False),
    ("evil.example", "127.0.0.1", False),
    ("localhost.evil.example", "127.0.0.1", False),
    ("", "127.0.0.1", False),
])
def test_host_rules(authority: str, bound: str, allowed: bool):
    assert host_allowed(authority, bound) is allowed


def test_origin_rules():
    assert origin_allowed(None, "127.0.0.1")
    assert origin_allowed("http://localhost:8000", "127.0.0.1")
    assert not origin_allowed("null", "127.0.0.1")
    assert not origin_allowed("https://evil.example", "127.0.0.1")
    assert not origin_allowed("file://", "127.0.0.1")


def test_serving_to_every_interface_warns(make_site, tmp_path):
    site = make_site({"a.md": article("Hosts")})
    process = subprocess.Popen(
        [sys.executable, "-m", "sana_archive", "serve", "--site", str(site), "--output",
         str(tmp_path / "out"), "--host", "0.0.0.0", "--port", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stderr.readline() if process.stderr else ""
            if not line:
                break
            lines.append(line)
            if line.startswith("warning: --host"):
                break
        assert any(line.startswith("warning: --host 0.0.0.0 lets every machine") for line in
                   lines), lines
    finally:
        process.terminate()
        process.wait(timeout=30)
