"""Which HTTP library uploads a graph fastest: requests (what `sistercity publish` uses), httpx and
urllib3, each PUTting the world graph's N-Triples (~50 MB) streamed from a file, with its length.

Two targets, on 127.0.0.1 only: a sink that reads the body and answers 204 (the client's own cost),
and a writable Oxigraph server (what a user waits for). Times are medians of --runs runs; ratios
are against requests in the same run.

    .venv/bin/python bench/bench_publish.py --dist dist --runs 3

Figures on the 2-core reference machine, shared with other work (2026-12-03, world build,
49.9 MB, --runs 3): to the sink requests 0.65 s (77 MB/s), httpx 1.09 s (×1.67), urllib3 1.05 s
(×1.62); to Oxigraph, into an empty graph, requests 61.6 s, httpx 75.5 s (×1.22), urllib3 82.5 s
(×1.34). The store's insert is the cost a user waits for; requests is the fastest client and the
one `sistercity publish` uses.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox
import requests
import urllib3

WORLD = "https://w3id.org/sistercity/graph/world"


def sink() -> tuple[str, Callable[[], None]]:
    """A server that reads each request's body (by Content-Length) and answers 204."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stopping = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            buffer = b""
            while not stopping.is_set():
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(1 << 20)
                    if not chunk:
                        return
                    buffer += chunk
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length"))
                while len(buffer) < length:
                    chunk = conn.recv(1 << 20)
                    if not chunk:
                        return
                    buffer += chunk
                buffer = buffer[length:]
                conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")

    def accept() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()

    def close() -> None:
        stopping.set()
        listener.close()

    return f"http://127.0.0.1:{listener.getsockname()[1]}/store", close


def with_requests(url: str, path: Path) -> int:
    with requests.Session() as session, path.open("rb") as body:
        return session.put(url, params={"graph": WORLD}, data=body, timeout=600,
                           headers={"Content-Type": "application/n-triples"}).status_code


def with_httpx(url: str, path: Path) -> int:
    with httpx.Client(timeout=600) as client, path.open("rb") as body:
        return client.put(url, params={"graph": WORLD}, content=body,
                          headers={"Content-Type": "application/n-triples",
                                   "Content-Length": str(path.stat().st_size)}).status_code


def with_urllib3(url: str, path: Path) -> int:
    pool = urllib3.PoolManager()
    with path.open("rb") as body:
        answer = pool.request("PUT", f"{url}?graph={WORLD}", body=body, timeout=600.0, preload_content=True,
                              headers={"Content-Type": "application/n-triples",
                                       "Content-Length": str(path.stat().st_size)})
    pool.clear()
    return answer.status


CLIENTS = {"requests": with_requests, "httpx": with_httpx, "urllib3": with_urllib3}


def timed(client: Callable[[str, Path], int], url: str, path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        status = client(url, path)
        times.append(time.perf_counter() - started)
        assert 200 <= status < 300, status
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dist", type=Path, default=Path("dist"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        store = ox.Store()
        store.bulk_load(path=str(args.dist / "sistercity.nq"), format=ox.RdfFormat.N_QUADS)
        path = Path(scratch) / "world.nt"
        store.dump(output=str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(WORLD))
        del store
        print(f"world graph: {path.stat().st_size / 1e6:.1f} MB of N-Triples")
        url, close = sink()
        base = None
        for name, client in CLIENTS.items():
            seconds = timed(client, url, path, args.runs)
            base = base or seconds
            print(f"sink      {name:9s} {seconds:6.2f} s  {path.stat().st_size / 1e6 / seconds:7.0f} MB/s  "
                  f"×{seconds / base:.2f}")
        close()
        port = socket.socket()
        port.bind(("127.0.0.1", 0))
        number = port.getsockname()[1]
        port.close()
        server = subprocess.Popen([str(Path(sys.executable).parent / "oxigraph"), "serve", "--location",
                                   str(Path(scratch) / "oxi"), "--bind", f"127.0.0.1:{number}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(2)
            base = None
            for name, client in CLIENTS.items():
                # into an empty graph each time: replacing 317,605 triples costs the server more
                requests.delete(f"http://127.0.0.1:{number}/store", params={"graph": WORLD}, timeout=600)
                seconds = timed(client, f"http://127.0.0.1:{number}/store", path, 1)
                base = base or seconds
                print(f"oxigraph  {name:9s} {seconds:6.2f} s  ×{seconds / base:.2f}")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
