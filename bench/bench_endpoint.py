"""Load benchmark of `sistercity serve`: the research questions over HTTP, alone, under load and
beside a runaway query.

Starts the project's endpoint (Oxigraph's server on the build, as `sistercity serve` does) on a
free port of 127.0.0.1, and stops it at the end. Three phases, every request bounded by a client
timeout:

1. one client: each question of queries/cq/ ``--runs`` times over HTTP, its median against the
   median of the same text in this process (`sistercity query`'s engine on the same build);
2. ``--clients`` clients, each sending ``--requests`` questions drawn (seeded) from the cheap and
   the heaviest mixed: throughput, p50 and p95 latency;
3. the same load, with one more client sending a runaway query (a four-way cross join under
   COUNT) again and again: the p50 and p95 of the other clients, and their ratio to phase 2
   (the target: within 2×).

Usage:  .venv/bin/python bench/bench_endpoint.py [--dist DIST] [--clients 8] [--requests 20] [--runs 5]
Never run by the test suite; needs a full build (`sistercity build`).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sistercity.publish import serve  # noqa: E402
from sistercity.publish.built import load_built  # noqa: E402
from sistercity.publish.query import Question, list_questions, run  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
CLIENT_TIMEOUT_S = 120.0


def ask(query_url: str, text: str) -> tuple[float, int]:
    """POST ``text``; the wall seconds and the number of result rows (-1 on an error status)."""
    body = urllib.parse.urlencode({"query": text}).encode("utf-8")
    request = urllib.request.Request(query_url, data=body, headers={
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT_S) as response:
            rows = len(json.loads(response.read())["results"]["bindings"])
    except (urllib.error.URLError, TimeoutError):
        rows = -1
    return time.perf_counter() - started, rows


def in_process_ms(store, question: Question, runs: int) -> tuple[float, int]:
    """Median milliseconds of the question in this process, as `sistercity query` runs it (after
    one warm-up), and its row count."""
    rows = len(run(store, question).rows)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run(store, question)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), rows


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0–1) of ``values``, by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def load(query_url: str, texts: list[str], clients: int, requests: int, seed: int) -> tuple[list[float], float, int]:
    """``clients`` threads, each sending ``requests`` seeded draws of ``texts``: latencies (s),
    wall seconds of the whole phase, and the number of failed requests."""
    def client(number: int) -> list[tuple[float, int]]:
        draw = random.Random(seed + number)
        return [ask(query_url, draw.choice(texts)) for _ in range(requests)]

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = [r for batch in pool.map(client, range(clients)) for r in batch]
    wall = time.perf_counter() - started
    return [s for s, rows in results if rows >= 0], wall, sum(1 for _, rows in results if rows < 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=20, help="per client, phases 2 and 3")
    parser.add_argument("--runs", type=int, default=5, help="per question, phase 1")
    parser.add_argument("--heavy", type=int, default=4, help="how many of the slowest questions to mix in")
    parser.add_argument("--timeout-s", type=int, default=30, help="the server's query timeout")
    args = parser.parse_args()
    questions = list_questions(ROOT / "queries" / "cq")
    store = load_built(args.dist, needs_world=True, purpose="the endpoint benchmark")
    server = serve.start(args.dist, port=serve.free_port(), timeout_s=args.timeout_s)
    try:
        url = server.endpoint.query_url
        print(f"endpoint {server.endpoint.base_url} (timeout {args.timeout_s} s), build {args.dist}\n")
        print("| question | in process ms | HTTP ms (1 client) | ratio | rows (process / HTTP) |")
        print("|---|---:|---:|---:|---:|")
        quiet: dict[str, float] = {}
        worst = 0.0
        for question in questions:
            local, local_rows = in_process_ms(store, question, args.runs)
            ask(url, question.text)  # warm-up
            times, rows = zip(*(ask(url, question.text) for _ in range(args.runs)))
            remote = statistics.median(times) * 1000
            quiet[question.number] = remote
            ratio = remote / max(local, 0.001)
            worst = max(worst, ratio) if local >= 1.0 else worst  # sub-ms questions: HTTP overhead only
            print(f"| {question.number} | {local:.1f} | {remote:.1f} | {ratio:.1f} | {local_rows} / {rows[0]} |",
                  flush=True)
        by_cost = sorted(questions, key=lambda q: quiet[q.number])
        mixed = [q.text for q in by_cost[:len(by_cost) - args.heavy]] + \
                [q.text for q in by_cost[-args.heavy:]] * 3  # the heaviest drawn often
        heavy = ", ".join(q.number for q in by_cost[-args.heavy:])
        print(f"\nworst HTTP / in-process ratio of a question taking ≥ 1 ms in process: {worst:.1f}")
        print(f"\nload: {args.clients} clients × {args.requests} requests, the heaviest ({heavy}) drawn 3× as often")
        calm, wall, failed = load(url, mixed, args.clients, args.requests, seed=1)
        print(f"  quiet server: {len(calm) / wall:.1f} requests/s, p50 {percentile(calm, .5) * 1000:.0f} ms, "
              f"p95 {percentile(calm, .95) * 1000:.0f} ms, {failed} failed", flush=True)
        stop = threading.Event()
        runaway: list[tuple[float, int]] = []

        def run_away() -> None:
            while not stop.is_set():
                runaway.append(ask(url, RUNAWAY))

        thread = threading.Thread(target=run_away, daemon=True)
        thread.start()
        time.sleep(1.0)  # the runaway is at work before the others start
        busy, wall, failed = load(url, mixed, args.clients, args.requests, seed=1)
        stop.set()
        print(f"  with a runaway query: {len(busy) / wall:.1f} requests/s, p50 {percentile(busy, .5) * 1000:.0f} ms, "
              f"p95 {percentile(busy, .95) * 1000:.0f} ms, {failed} failed")
        print(f"  ratio to the quiet server: p50 {percentile(busy, .5) / percentile(calm, .5):.2f}, "
              f"p95 {percentile(busy, .95) / percentile(calm, .95):.2f} (target ≤ 2)")
        thread.join(timeout=CLIENT_TIMEOUT_S)
        if runaway:
            print(f"  the runaway query ran {len(runaway)} time(s), "
                  f"{', '.join(f'{s:.1f} s' for s, _ in runaway[:5])} (server timeout {args.timeout_s} s)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
