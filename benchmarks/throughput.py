"""Throughput of pressextract against bare spaCy on the same texts, as whole processes.

    python benchmarks/throughput.py [--docs 2000] [--jobs 1 2] [--corpus corpus] [--batch-size 16] [--repeat 1]

Each measurement is a fresh Python process (interpreter start, import, model
load, processing), run one after the other, never two at once:

- ``spacy``: ``nlp.pipe`` of the same English model with all its components
  (``spacy.load(name)``, nothing excluded), the texts in, the docs thrown away;
- ``pressextract``: ``pressextract.extract_many`` over the same texts, each
  record serialised as its JSONL line (what ``extract -o x.jsonl`` pays) and
  hashed, so the run also checks that every ``--jobs`` gives the same bytes.

The corpus texts (read once with ``pressextract.io.read_document``) are repeated
until ``--docs`` documents. Reported per run: documents/s and words/s
(whitespace words) over the processing time only; cold start = wall time from
spawning the process to the model being loaded (interpreter + imports + model);
peak memory per process = the largest RSS any one process of the run reached
(the main process and, with --jobs 2, each spaCy worker), sampled every 20 ms
with psutil by a thread in the main process, cross-checked with
``getrusage`` ``ru_maxrss`` (self and waited-for children). Ratios against the
targets of issue 7 are printed at the end and everything goes to
out/benchmark.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import json, resource, sys, threading, time
spawned = float(sys.argv[7])
mode, jobs, paths_file, docs, model, batch_size = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5], int(sys.argv[6])

import psutil
peaks = {}
stop = threading.Event()
def sample():
    me = psutil.Process()
    while not stop.is_set():
        for p in [me] + me.children(recursive=True):
            try:
                rss = p.memory_info().rss
            except psutil.Error:
                continue
            if rss > peaks.get(p.pid, 0):
                peaks[p.pid] = rss
        stop.wait(0.02)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()

if mode == "spacy":
    import spacy
    from pressextract.pipeline import resolve_model_name
    nlp = spacy.load(resolve_model_name(model or None))
else:
    import pressextract
    pressextract.load(model or None)
loaded = time.time()
from pathlib import Path
from pressextract.io import read_document
paths = [Path(p) for p in json.loads(Path(paths_file).read_text())]
texts = [read_document(p).text for p in paths]
texts = (texts * (docs // len(texts) + 1))[:docs]
t1 = time.perf_counter()
if mode == "spacy":
    n = sum(1 for _ in nlp.pipe(texts, n_process=jobs, batch_size=batch_size))
    digest = None
else:
    import hashlib
    from pressextract.sinks import record_json
    h = hashlib.sha256()
    n = 0
    for r in pressextract.extract_many(texts, n_process=jobs, batch_size=batch_size, model=model or None):
        h.update(record_json(r).encode("utf-8", "surrogatepass") + b"\n")  # what writing JSONL costs
        n += 1
    digest = h.hexdigest()
t2 = time.perf_counter()
stop.set(); sampler.join()
main_pid = psutil.Process().pid
child_peaks = [v for k, v in peaks.items() if k != main_pid]
words = sum(len(t.split()) for t in texts)
print(json.dumps({
    "mode": mode, "jobs": jobs, "batch_size": batch_size, "docs": n, "words": words,
    "cold_start_s": loaded - spawned, "run_s": t2 - t1,
    "peak_main_mb": peaks.get(main_pid, 0) / 2**20,
    "peak_child_mb": max(child_peaks, default=0) / 2**20,
    "processes": len(peaks),
    "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "maxrss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "sha256": digest,
}))
"""


def run(mode: str, jobs: int, paths_file: Path, docs: int, model: str, batch_size: int) -> dict:
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", WORKER, mode, str(jobs), str(paths_file), str(docs), model, str(batch_size), repr(spawned)],
        capture_output=True, text=True,
    )
    if out.returncode != 0:
        sys.exit(f"benchmark worker failed ({mode}, jobs={jobs}):\n{out.stderr[-3000:]}")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["docs_per_s"] = r["docs"] / r["run_s"]
    r["words_per_s"] = r["words"] / r["run_s"]
    r["peak_mb"] = max(r["peak_main_mb"], r["peak_child_mb"])
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--model", default="")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration; the median throughput is reported")
    parser.add_argument("--modes", nargs="+", default=["spacy", "pressextract"], choices=["spacy", "pressextract"])
    args = parser.parse_args()
    from pressextract.io import find_documents

    paths, _ = find_documents([args.corpus])
    paths_file = ROOT / "out" / "bench-paths.json"
    paths_file.parent.mkdir(exist_ok=True)
    paths_file.write_text(json.dumps([str(p) for p in paths]))
    print(f"{len(paths)} corpus files repeated to {args.docs} documents; batch_size={args.batch_size}; {args.repeat} run(s) each", flush=True)
    results = []
    by: dict[tuple[str, int], dict] = {}
    for jobs in args.jobs:
        for mode in args.modes:
            runs = [run(mode, jobs, paths_file, args.docs, args.model, args.batch_size) for _ in range(args.repeat)]
            r = sorted(runs, key=lambda x: x["docs_per_s"])[len(runs) // 2]
            r["runs_docs_per_s"] = [x["docs_per_s"] for x in runs]
            r["cold_start_s"] = statistics.median(x["cold_start_s"] for x in runs)
            results.append(r)
            by[(mode, jobs)] = r
            print(
                f"{mode:13} jobs={jobs}  {r['docs_per_s']:7.1f} docs/s  {r['words_per_s']:8.0f} words/s  "
                f"cold start {r['cold_start_s']:.2f} s  peak/process {r['peak_mb']:.0f} MB "
                f"(main {r['peak_main_mb']:.0f}, worker {r['peak_child_mb']:.0f}; {r['processes']} processes)",
                flush=True,
            )
    print()
    for jobs in args.jobs:
        if ("pressextract", jobs) in by and ("spacy", jobs) in by:
            ratio = by[("pressextract", jobs)]["docs_per_s"] / by[("spacy", jobs)]["docs_per_s"]
            print(f"pressextract / bare spaCy, jobs={jobs}: {ratio:.2f}x" + ("   (target >= 1.0x)" if jobs == 1 else ""))
    for mode in args.modes:
        if (mode, 1) in by and (mode, 2) in by:
            scale = by[(mode, 2)]["docs_per_s"] / by[(mode, 1)]["docs_per_s"]
            print(f"{mode} jobs=2 / jobs=1: {scale:.2f}x" + ("   (target >= 1.8x)" if mode == "pressextract" else ""))
    px = [r for r in results if r["mode"] == "pressextract"]
    if px:
        print(f"pressextract peak memory per process: {max(r['peak_mb'] for r in px):.0f} MB   (target <= 400 MB)")
        print(f"pressextract cold start: {max(r['cold_start_s'] for r in px):.2f} s   (target < 3 s)")
        digests = {r["sha256"] for r in px}
        print("pressextract output identical across jobs: " + ("yes" if len(digests) == 1 else f"NO ({len(digests)} different outputs)"))
    (ROOT / "out" / "benchmark.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
