"""A read-only front for an Oxigraph server: what may read is passed on, what may write is refused.

Oxigraph's server serves an in-memory store only in read-write mode (``oxigraph serve``); its
read-only mode (``serve-read-only``) needs the on-disk store, where the heaviest questions run
5–8 times slower. So the endpoint runs the in-memory server on a private port of 127.0.0.1 and
this front on the public address: GET, HEAD and OPTIONS (the query page, ``/query``, Graph Store
reads, CORS preflight) and POST to ``/query`` are passed on unchanged; SPARQL Update and Graph
Store writes get 405 Method Not Allowed, so that a shared endpoint cannot be changed by its users.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# Headers that belong to one connection, not to the request or the response (RFC 9110, 7.6.1).
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
               "trailer", "transfer-encoding", "upgrade", "host", "content-length"}
_REFUSAL = (b"This SPARQL endpoint is read-only: it answers queries (GET or POST /query) and "
            b"Graph Store reads, never SPARQL Update or Graph Store writes.\n")


class ReadOnlyFront(ThreadingHTTPServer):
    """An HTTP server on (host, port) that passes reads on to the server at ``target``."""

    daemon_threads = True

    def __init__(self, host: str, port: int, target: tuple[str, int], timeout_s: float,
                 on_timeout: Callable[[], None] | None = None) -> None:
        super().__init__((host, port), _Handler)
        self.target = target  # may be re-pointed while serving (a restarted server)
        self.timeout_s = timeout_s
        self.on_timeout = on_timeout  # called after a request ran past the timeout

    def serve_in_background(self) -> threading.Thread:
        """Serve from a daemon thread (stopped by :meth:`shutdown`)."""
        thread = threading.Thread(target=self.serve_forever, name="read-only front", daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ReadOnlyFront

    def do_GET(self) -> None:  # noqa: N802 - the names http.server dispatches to
        self._forward()

    do_HEAD = do_OPTIONS = do_GET

    def do_POST(self) -> None:  # noqa: N802
        if urlsplit(self.path).path.rstrip("/") == "/query":
            self._forward()
        else:
            self._refuse()

    def do_PUT(self) -> None:  # noqa: N802
        self._refuse()

    do_DELETE = do_PATCH = do_PUT

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else None

    def _refuse(self) -> None:
        self._body()  # read what was sent, so that the connection stays usable
        self.send_response(405, "Method Not Allowed")
        self.send_header("Allow", "GET, HEAD, OPTIONS, POST /query")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(_REFUSAL)))
        self.end_headers()
        self.wfile.write(_REFUSAL)

    def _forward(self) -> None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.send_error(411, "Length Required", "send the request with a Content-Length")
            return
        body = self._body()
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        for attempt in (1, 2):  # once more if the server was replaced while this one ran
            target = self.server.target
            # The server stops most queries at its timeout; the margin lets its own error reach
            # the client. An aggregate it cannot interrupt gets 504 from here, not a hung client.
            upstream = http.client.HTTPConnection(*target, timeout=self.server.timeout_s + 5)
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                payload = response.read()
                break
            except TimeoutError:
                self.send_error(504, "Gateway Timeout", f"the query ran longer than the endpoint's "
                                f"timeout of {self.server.timeout_s:g} s: narrow it, or ask with a LIMIT")
                if self.server.on_timeout is not None:
                    self.server.on_timeout()
                return
            except OSError as exc:
                if attempt == 1 and self.server.target != target:
                    continue
                self.send_error(502, "Bad Gateway", f"the SPARQL server did not answer: {exc}")
                return
            finally:
                upstream.close()
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        """Quiet: the server behind logs the requests."""
