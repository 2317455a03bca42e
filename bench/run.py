"""Benchmark of the build, step by step, against a naive baseline of the same steps, in one run.

Real pipeline: Oxigraph store (pyoxigraph) for loading and SPARQL, pySHACL without inference,
`reasonable` for the OWL 2 RL closure, igraph behind networkx for the network analytics.
Baseline: rdflib's memory store and SPARQL engine, pySHACL with RDFS inference, owlrl for the closure,
networkx's pure-Python algorithms at the same sample sizes.

Usage:  .venv/bin/python bench/run.py [--no-world] [--skip-baseline STEP ...]
Prints a table of seconds per step with the ratio baseline / real, the total, and the peak memory of
a full `sistercity build` measured in a child process. Never run by the test suite.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Run ``fn`` once; return (seconds, result)."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def full_build_in_child(with_world: bool) -> dict[str, float]:
    """Run `sistercity build` in a child process; return its wall time, its steps, what each of
    its processes cost, and the memory they took together at the peak (sampled every 100 ms)."""
    with tempfile.TemporaryDirectory() as out:
        code = ("import json,resource,time,sys;from pathlib import Path;from sistercity.build.pipeline import build;"
                f"t=time.perf_counter();r=build(Path({str(ROOT)!r}),out=Path({out!r}),with_world={with_world});"
                "print(json.dumps({'wall':time.perf_counter()-t,'steps':r.timings.steps,"
                "'peak_mib':resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,"
                "'processes':{k:[v.seconds,v.cpu_seconds,v.peak_mib] for k,v in r.processes.items()}}))")
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        before = lowest = _available_mib()
        while child.poll() is None:
            lowest = min(lowest, _available_mib())
            time.sleep(0.1)
        stdout, stderr = child.communicate()
        if child.returncode:
            raise SystemExit(f"the build failed:\n{stderr}")
        figures = json.loads(stdout.strip().splitlines()[-1])
        figures["used_mib"] = before - lowest
        return figures


def _available_mib() -> float:
    """The machine's available memory (MiB), from /proc/meminfo.

    Its drop while the build runs is what the build's processes (children and Java included)
    take together, shared pages once; it is the whole machine's, so run the benchmark on a quiet
    one. (Summing the processes' /proc smaps instead would slow the build it measures.)"""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no MemAvailable in /proc/meminfo: the memory figure needs Linux")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-world", action="store_true", help="case data only")
    parser.add_argument("--sample", type=int, default=1000,
                        help="betweenness sample size for both sides (the build uses 1000)")
    parser.add_argument("--skip-baseline", nargs="*", default=[],
                        help="baseline steps to skip (load, sparql, shacl, closure, analytics)")
    args = parser.parse_args()
    with_world = not args.no_world

    import pyoxigraph as ox
    from rdflib import Dataset

    from sistercity.build import dataset as ds
    from sistercity.core.namespaces import G
    from sistercity.build.pipeline import build
    from sistercity.publish.query import list_questions, run
    from sistercity.build.reason import rl_closure
    from sistercity.build.validate import validate

    real_build = full_build_in_child(with_world)
    print(f"full build (child process): {real_build['wall']:.1f} s wall; at its peak the build's "
          f"processes took {real_build['used_mib']:.0f} MiB of the machine's memory together")
    for step, seconds in real_build["steps"].items():
        print(f"    {step:55s} {seconds:7.2f} s")
    for name, (wall, cpu, peak) in real_build["processes"].items():
        print(f"    process {name:47s} {wall:7.2f} s wall {cpu:7.2f} s CPU {peak:7.0f} MiB peak")

    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        result = build(ROOT, out=out, with_world=with_world)
        loaded = result.loaded
        nq = out / "sistercity.nq"

        real_load, store = timed(lambda: _ox_load(ox, nq))
        base_load = None
        if "load" not in args.skip_baseline:
            base_load, rdf_dataset = timed(lambda: _rdflib_load(Dataset, nq))
        rows.append(("load built graph (N-Quads)", real_load, base_load))

        questions = list_questions(ROOT / "queries" / "cq")
        real_q, _ = timed(lambda: [run(store, q) for q in questions])
        base_q = None
        if "sparql" not in args.skip_baseline and base_load is not None:
            base_q, _ = timed(lambda: [_rdflib_query(rdf_dataset, q.text) for q in questions])
        rows.append((f"SPARQL: {len(questions)} research questions", real_q, base_q))

        data = loaded.union(loaded.data_graphs)
        world, world_text = None, ""
        if with_world:
            from sistercity.sources.world import build_world

            imported = build_world(ROOT)
            world = imported.graph  # the build keeps it out of rdflib; the baselines need it
            world_text = imported.ntriples()
            data.addN((s, p, o, data) for s, p, o in world)
        schema = loaded.union([G.ONTOLOGY, G.VOCAB])
        shapes = loaded.graph(G.SHAPES)
        real_shacl, _ = timed(lambda: validate(data, shapes=shapes, ontology=schema))
        base_shacl = None
        if "shacl" not in args.skip_baseline:
            base_shacl, _ = timed(lambda: _pyshacl_rdfs(data, shapes, schema))
        rows.append(("SHACL validation", real_shacl, base_shacl))

        everything = loaded.union([G.ONTOLOGY, G.VOCAB, *loaded.data_graphs])
        if world is not None:
            everything.addN((s, p, o, everything) for s, p, o in world)
        # as the build does it: the curated graphs as rdflib graphs, the world as N-Triples text
        curated = [loaded.graph(iri) for iri in (G.ONTOLOGY, G.VOCAB, *loaded.data_graphs)]
        real_rl, _ = timed(lambda: rl_closure(*curated, ntriples=world_text))
        base_rl = None
        if "closure" not in args.skip_baseline:
            base_rl, _ = timed(lambda: _owlrl(everything))
        rows.append(("OWL 2 RL closure", real_rl, base_rl))

        if world is not None:
            import networkx as nx

            from sistercity.analysis import network

            net = network.twinning_network(world)
            sample = args.sample
            real_an, _ = timed(lambda: (network.betweenness(net, sample=sample),
                                        network.communities(net)))
            base_an = None
            if "analytics" not in args.skip_baseline:
                base_an, _ = timed(lambda: (
                    nx.betweenness_centrality(net, k=sample, seed=network.SEED),
                    nx.community.louvain_communities(net, seed=network.SEED)))
            rows.append((f"betweenness (k={sample}) + Louvain", real_an, base_an))

    print()
    print(f"{'step':40s} {'real s':>8s} {'baseline s':>11s} {'ratio':>7s}")
    total_real = total_base = 0.0
    for name, real, base in rows:
        total_real += real
        total_base += base or 0.0
        ratio = f"{base / real:6.1f}x" if base else "    -"
        print(f"{name:40s} {real:8.2f} {base if base is not None else float('nan'):11.2f} {ratio}")
    if total_base:
        print(f"{'total of the compared steps':40s} {total_real:8.2f} {total_base:11.2f} "
              f"{total_base / total_real:6.1f}x")
    print(f"peak memory of this benchmark process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def _ox_load(ox, path: Path):
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def _rdflib_load(dataset_cls, path: Path):
    dataset = dataset_cls(default_union=True)
    dataset.parse(path, format="nquads")
    return dataset


def _rdflib_query(dataset, text: str):
    return list(dataset.query(text))


def _pyshacl_rdfs(data, shapes, schema):
    import pyshacl

    return pyshacl.validate(data, shacl_graph=shapes, ont_graph=schema, inference="rdfs",
                            advanced=True, allow_warnings=True)


def _owlrl(graph):
    import owlrl
    from rdflib import Graph

    copy = Graph()
    copy.addN((s, p, o, copy) for s, p, o in graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(copy)
    return copy


if __name__ == "__main__":
    main()
