"""Throughput of pressextract against bare spaCy on the same texts, as whole processes.

    python benchmarks/throughput.py [--docs 2000] [--jobs 1 2] [--corpus corpus]

Each measurement runs in a fresh process (import + model load + processing),
so cold start counts, and is reported separately. The corpus texts are
repeated until --docs documents. Bare spaCy is ``nlp.pipe`` of the same
English model with all its components; pressextract is ``extract_many``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import json, resource, sys, time
t0 = time.perf_counter()
mode, jobs, paths_file, docs, model = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
from pathlib import Path
paths = [Path(p) for p in json.loads(Path(paths_file).read_text())]
from pressextract.io import read_document
texts = [read_document(p).text for p in paths]
texts = (texts * (docs // len(texts) + 1))[:docs]
if mode == "spacy":
    import spacy
    from pressextract.pipeline import resolve_model_name
    nlp = spacy.load(resolve_model_name(model or None))
    t1 = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, n_process=jobs, batch_size=16))
else:
    import pressextract
    pressextract.load(model or None)
    t1 = time.perf_counter()
    n = sum(1 for _ in pressextract.extract_many(texts, n_process=jobs, batch_size=16, model=model or None))
t2 = time.perf_counter()
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
words = sum(len(t.split()) for t in texts)
print(json.dumps({"mode": mode, "jobs": jobs, "docs": n, "words": words, "cold_start_s": t1 - t0, "run_s": t2 - t1, "peak_mb": max(peak_kb, child_kb) / 1024}))
"""


def run(mode: str, jobs: int, paths_file: Path, docs: int, model: str) -> dict:
    out = subprocess.run([sys.executable, "-c", WORKER, mode, str(jobs), str(paths_file), str(docs), model], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--model", default="")
    args = parser.parse_args()
    from pressextract.io import find_documents

    paths, _ = find_documents([args.corpus])
    paths_file = ROOT / "out" / "bench-paths.json"
    paths_file.parent.mkdir(exist_ok=True)
    paths_file.write_text(json.dumps([str(p) for p in paths]))
    results = []
    for jobs in args.jobs:
        for mode in ("spacy", "pressextract"):
            r = run(mode, jobs, paths_file, args.docs, args.model)
            r["docs_per_s"] = r["docs"] / r["run_s"]
            r["words_per_s"] = r["words"] / r["run_s"]
            results.append(r)
            print(f"{mode:13} jobs={jobs}  {r['docs_per_s']:8.1f} docs/s  {r['words_per_s']:9.0f} words/s  cold start {r['cold_start_s']:.2f}s  peak {r['peak_mb']:.0f} MB", flush=True)
    by = {(r["mode"], r["jobs"]): r for r in results}
    for jobs in args.jobs:
        ratio = by[("pressextract", jobs)]["docs_per_s"] / by[("spacy", jobs)]["docs_per_s"]
        print(f"ratio pressextract / bare spaCy at jobs={jobs}: {ratio:.2f}x")
    if 1 in args.jobs and 2 in args.jobs:
        print(f"scaling pressextract jobs=2 / jobs=1: {by[('pressextract', 2)]['docs_per_s'] / by[('pressextract', 1)]['docs_per_s']:.2f}x")
    (ROOT / "out" / "benchmark.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
