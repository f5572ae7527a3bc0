"""[I/O] The preview web server: the output folder's files, a reload channel, an overlay.

Only files inside the output folder are served: the request path is decoded once, any
``.``/``..``/hidden segment, backslash or NUL is refused, and the resolved real path must
still lie inside the output (no symlink out). Folders serve their ``index.html``; anything
else gets the site's own ``404.html`` with status 404. HTML responses get a small script
before ``</body>`` at response time (the files on disk are exactly what ``build`` writes):
it listens on ``/__sana/events`` and reloads the page, refreshes stylesheets, or draws the
error overlay. Requests must name this server (``host_allowed``: no DNS rebinding) and the
event stream opens only for the preview's own pages (``origin_allowed``).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import mimetypes
import os
import queue
import socket
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from sana_archive.serve.events import Event, EventHub

EVENTS_PATH = "/__sana/events"
KEEPALIVE = 15.0
PORT_TRIES = 20

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
}

RELOAD_SCRIPT = """<script id="sana-live-reload">(function () {
  var state = %(state)s;
  function clearOverlay() {
    var old = document.getElementById("sana-error-overlay");
    if (old) old.remove();
  }
  function showOverlay(errors) {
    clearOverlay();
    var box = document.createElement("div");
    box.id = "sana-error-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 monospace;padding:2em";
    var title = document.createElement("h2");
    title.textContent = "Build failed: still showing the last good build";
    title.style.cssText = "color:#ff8080;font:bold 18px sans-serif;margin:0 0 1em";
    box.appendChild(title);
    errors.forEach(function (e) {
      var line = document.createElement("pre");
      line.style.cssText = "white-space:pre-wrap;margin:0 0 1em";
      line.textContent = e.path + ":" + e.line + ":" + e.col + ": " + e.message;
      box.appendChild(line);
    });
    document.body.appendChild(box);
  }
  function refreshStyles() {
    clearOverlay();
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("sana-reload", String(Date.now()));
      link.href = url.href;
    });
  }
  if (state.errors.length) showOverlay(state.errors);
  if (!window.EventSource) return;
  var source = new EventSource("%(events)s");
  source.addEventListener("hello", function (e) {
    if (JSON.parse(e.data).build > state.build) location.reload();
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function (e) {
    state.build = JSON.parse(e.data).build;
    refreshStyles();
  });
  source.addEventListener("error", function (e) {
    if (!e.data) return;  /* the connection's own error event: EventSource reconnects */
    var data = JSON.parse(e.data);
    state.build = data.build;
    showOverlay(data.errors);
  });
})();</script>
"""


def reload_script(hub: EventHub) -> bytes:
    """The script for one response, carrying the build it was served from and its errors."""
    state = Event("error", hub.last_build, hub.last_errors).payload()
    text = json.dumps({"build": state["build"], "errors": state["errors"]}, ensure_ascii=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (RELOAD_SCRIPT % {"state": text, "events": EVENTS_PATH}).encode("utf-8")


def inject(html: bytes, script: bytes) -> bytes:
    """The script before the last ``</body>``, or at the end of a page that has none."""
    at = html.lower().rfind(b"</body>")
    if at < 0:
        return html + script
    return html[:at] + script + html[at:]


@dataclass(frozen=True)
class Resolved:
    status: Literal["file", "redirect", "missing"]
    path: Path | None = None
    location: str = ""


def resolve(root: Path, target: str) -> Resolved:
    """Map a request target to a file inside ``root``; anything doubtful is "missing"."""
    split = urlsplit(target)
    raw = split.path
    if not raw.startswith("/"):
        return Resolved("missing")
    decoded = unquote(raw, errors="strict") if "%" in raw else raw
    if "\x00" in decoded or "\\" in decoded:
        return Resolved("missing")
    parts = [p for p in decoded.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return Resolved("missing")
    real_root = os.path.realpath(root)
    path = os.path.realpath(os.path.join(real_root, *parts))
    if path != real_root and not path.startswith(real_root + os.sep):
        return Resolved("missing")
    if os.path.isdir(path):
        if not decoded.endswith("/"):
            query = f"?{split.query}" if split.query else ""
            return Resolved("redirect", location=raw + "/" + query)
        path = os.path.join(path, "index.html")
    if os.path.isfile(path):
        return Resolved("file", Path(path))
    return Resolved("missing")


def _host_name(authority: str) -> str:
    """The host of a ``Host`` header or an origin's authority, without port or brackets."""
    authority = authority.strip().lower()
    if authority.startswith("["):
        return authority[1 : authority.find("]")] if "]" in authority else ""
    return authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(authority: str, bound: str) -> bool:
    """Whether a request naming ``authority`` (its Host, or its Origin's host) is for us.

    A web page can point its own domain at 127.0.0.1 (DNS rebinding) and then read the
    preview as same-origin; its requests still name that domain. So only an IP address
    (no rebinding makes a page's origin one), ``localhost`` and the name ``--host`` gave
    are answered.
    """
    name = _host_name(authority)
    if not name:
        return False
    if _is_ip(name) or name == "localhost" or name.endswith(".localhost"):
        return True
    return name == _host_name(bound) and not _is_ip(bound)


def origin_allowed(origin: str | None, bound: str) -> bool:
    """An event stream is opened by our own pages only: no Origin (same-origin GET) or
    an http origin whose host we answer."""
    if origin is None:
        return True
    split = urlsplit(origin)
    return split.scheme in ("http", "https") and host_allowed(split.netloc, bound)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], output: Path, hub: EventHub) -> None:
        self.output = output
        self.hub = hub
        self.bound_host = address[0]
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, PreviewHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/"


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "sana-archive-serve"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for builds and errors, not for every request

    def do_HEAD(self) -> None:
        if self._refused():
            return
        self._respond(body=False)

    def do_GET(self) -> None:
        if self._refused():
            return
        if urlsplit(self.path).path == EVENTS_PATH:
            if not origin_allowed(self.headers.get("Origin"), self.server.bound_host):
                self._forbid("this event stream is for the preview's own pages")
                return
            self._events()
        else:
            self._respond(body=True)

    def _refused(self) -> bool:
        """Answer only requests addressed to us (see host_allowed); a request without a
        Host header (HTTP/1.0, a script) cannot come from a browser page."""
        host = self.headers.get("Host")
        if host is None or host_allowed(host, self.server.bound_host):
            return False
        self._forbid("unknown Host; open the preview at the address serve printed")
        return True

    def _forbid(self, why: str) -> None:
        data = f"403 Forbidden: {why}\n".encode()
        self.send_response(HTTPStatus.FORBIDDEN)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _respond(self, body: bool) -> None:
        hub = self.server.hub
        script = reload_script(hub)  # read before the file: a newer build then reloads
        try:
            found = resolve(self.server.output, self.path)
        except UnicodeDecodeError:
            found = Resolved("missing")
        if found.status == "redirect":
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", found.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        data: bytes | None = None
        path = found.path
        if path is not None:
            with contextlib.suppress(OSError):  # gone between resolve and read: a 404
                data = path.read_bytes()
        if data is None:
            status = HTTPStatus.NOT_FOUND
            path = self.server.output / "404.html"
            try:
                data = path.read_bytes()
            except OSError:
                path, data = Path("404.txt"), b"404 Not Found\n"
        assert path is not None
        kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
        if path.suffix == ".html":
            data = inject(data, script)
        self.send_response(status)
        self.send_header("Content-Type", kind or "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        hub = self.server.hub
        listener = hub.subscribe()
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            hello = json.dumps({"build": hub.last_build})
            self.wfile.write(f"retry: 1000\n\nevent: hello\ndata: {hello}\n\n".encode())
            self.wfile.flush()
            while True:
                try:
                    event = listener.get(timeout=KEEPALIVE)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    continue
                if event is None:
                    return
                self.wfile.write(event.sse())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return
        finally:
            hub.unsubscribe(listener)
            self.close_connection = True


class PortInUse(Exception):
    pass


def bind(
    host: str, port: int, output: Path, hub: EventHub, tries: int = PORT_TRIES
) -> PreviewServer:
    """A server on ``port``, or on the next free one (the caller says which it got)."""
    last: OSError | None = None
    for candidate in range(port, port + max(1, tries)):
        try:
            return PreviewServer((host, candidate), output, hub)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            last = exc
    raise PortInUse(
        f"ports {port}-{port + max(1, tries) - 1} on {host} are all in use ({last}); "
        "pass --port to choose another"
    )
