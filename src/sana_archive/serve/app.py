"""[I/O] ``sana-archive serve``: build, serve, watch, rebuild, until Ctrl-C.

``Preview`` wires the pieces (watcher -> batcher -> rebuild loop -> event hub -> server) and
takes them down in the order that leaves no half-written file: stop watching, let the
build under way finish, close the event streams, shut the server.
"""

from __future__ import annotations

import ipaddress
import signal
import sys
import threading
import webbrowser
from pathlib import Path

from sana_archive.controls import printable
from sana_archive.engine.cache import cache_path
from sana_archive.serve.events import EventHub
from sana_archive.serve.loop import Log, RebuildLoop, print_to_stderr
from sana_archive.serve.server import PortInUse, PreviewServer, bind
from sana_archive.serve.watcher import ChangeBatcher, SiteWatcher


class OutputRefused(Exception):
    """The first build refused the output folder: nothing of ours to serve there."""


class Preview:
    def __init__(
        self,
        site_root: Path,
        output: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        base_url: str | None = None,
        quiet: float | None = None,
        log: Log = print_to_stderr,
    ) -> None:
        self.site_root = site_root
        self.output = output
        self.host = host
        self.port = port
        self.log = log
        self.hub = EventHub()
        self.batcher = ChangeBatcher() if quiet is None else ChangeBatcher(quiet=quiet)
        ignore = (output, cache_path(output).parent)
        self.watcher = SiteWatcher(site_root, self.batcher, ignore)
        self.loop = RebuildLoop(
            site_root, output, self.batcher, self.hub, base_url=base_url, log=log
        )
        self.server: PreviewServer | None = None
        self._serving: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def start(self) -> None:
        """Watch first (no edit made during the first build is lost), build, then serve."""
        self.watcher.start()
        # From here on every content change reaches the loop, so builds may skip the walk.
        self.loop.state.discovery.watching = True
        first = self.loop.rebuild()
        if first is not None and first.mode == "refused":
            self.watcher.stop()
            raise OutputRefused(first.diagnostics[0].message)
        self.server = bind(self.host, self.port, self.output, self.hub)
        bound = self.server.server_address[1]
        if self.port and bound != self.port:
            self.log(f"port {self.port} is in use; serving on port {bound} instead")
        self.loop.start()
        self._serving = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
        )
        self._serving.start()

    def close(self) -> None:
        self.watcher.stop()
        self.loop.stop()
        self.hub.close()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self) -> Preview:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve_site(
    site_root: Path,
    output: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    base_url: str | None = None,
    open_browser: bool = False,
) -> int:
    preview = Preview(site_root, output, host=host, port=port, base_url=base_url)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    try:
        preview.start()
        print(
            printable(
                f"serving {output} at {preview.url} — watching {site_root.resolve()}"
                " (Ctrl-C to stop)"
            ),
            file=sys.stderr,
            flush=True,
        )
        if not is_loopback(host):
            print(
                printable(
                    f"warning: --host {host} lets every machine that can reach this one "
                    "read the preview; use 127.0.0.1 unless that is what you want"
                ),
                file=sys.stderr,
                flush=True,
            )
        if open_browser:
            webbrowser.open(preview.url)
        threading.Event().wait()
    except (PortInUse, OutputRefused) as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopping…", file=sys.stderr)
    finally:
        preview.close()
        signal.signal(signal.SIGTERM, previous)
    return 0


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
