"""Long documents and memory: seconds per 100 KB by length, peak RSS per process, --jobs scaling.

    python benchmarks/long_documents.py                       # every scenario, about 10 minutes on 2 cores
    python benchmarks/long_documents.py --scenarios length    # one of: length, memory, jobs
    python benchmarks/long_documents.py --lengths 100000 1000000

Documents are built from the ``corpus/`` texts (read with
``pressextract.io.read_document``), concatenated with a blank line between
them until a target length in characters; the archive is written to
``out/bench-long/`` and reused. Every measurement is a fresh process; peak RSS
is sampled every 20 ms with psutil for each process of the run (the main
process and each ``--jobs`` worker), so "per process" means the largest any
one process reached.

- ``length``: one document of each length through ``pressextract.extract``
  and through bare spaCy without NER (``spacy.load(model, exclude=["ner"])``,
  the same model components pressextract runs), each in its own process:
  seconds, seconds per 100 KB, the ratio to bare spaCy, and the cost of the
  longest relative to a 100 KB document (issue 16: at most 12x for 1 MB, at
  most 1.5x bare spaCy).
- ``memory``: ``pressextract extract`` over an archive of ordinary releases
  with 300 KB and 1 MB documents among them, ``--jobs 1`` and ``--jobs 2``,
  and once with the character cap lifted (``--batch-chars`` huge: batches by
  count only, as before issue 16) to show what the cap buys.
- ``jobs``: ``pressextract extract`` over the corpus texts repeated to
  ``--docs`` ordinary documents, ``--jobs 1`` and ``--jobs 2``: documents/s and
  the scaling ratio.

Results are printed and written to ``out/benchmark-long.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "out" / "bench-long"
KB = 1000  # lengths are in characters; "KB" here is 1,000 characters

ONE_DOC = r"""
import json, sys, time
mode, path, model = sys.argv[1], sys.argv[2], sys.argv[3] or None
text = open(path, encoding="utf-8").read()
if mode == "spacy":
    import spacy
    from pressextract.pipeline import resolve_model_name
    nlp = spacy.load(resolve_model_name(model), exclude=["ner"])
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    run = lambda: nlp(text)
else:
    import pressextract
    pressextract.load(model)
    run = lambda: pressextract.extract(text, doc_id="long")
started = time.perf_counter()
run()
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


class PeakRSS:
    """Peak resident memory of a process and its descendants, per process, sampled from a thread."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        import psutil

        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.peaks: dict[int, int] = {}
        self.every = every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                procs = [self.root] + self.root.children(recursive=True)
            except self.psutil.Error:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss
                except self.psutil.Error:
                    continue
                if rss > self.peaks.get(p.pid, 0):
                    self.peaks[p.pid] = rss
            self.stop.wait(self.every)

    def finish(self) -> dict:
        self.stop.set()
        self.thread.join()
        main = self.peaks.get(self.root.pid, 0)
        workers = [v for k, v in self.peaks.items() if k != self.root.pid]
        return {"peak_main_mb": main / 2**20, "peak_worker_mb": max(workers, default=0) / 2**20,
                "peak_per_process_mb": max([main, *workers]) / 2**20, "processes": len(self.peaks)}


def measured(cmd: list[str]) -> dict:
    """Run ``cmd``; wall time, exit status, stdout, and the peak RSS of each of its processes."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peaks = PeakRSS(proc.pid)
    out, err = proc.communicate()
    result = {"wall_s": time.perf_counter() - started, "status": proc.returncode, **peaks.finish()}
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark run failed ({' '.join(cmd)}):\n{err[-3000:]}")
    result["stdout"] = out
    return result


def corpus_texts() -> list[str]:
    from pressextract.io import find_documents, read_document

    paths, _ = find_documents([ROOT / "corpus"])
    return [read_document(p).text for p in paths if p.suffix == ".txt"]


def long_text(texts: list[str], length: int, start: int = 0) -> str:
    """Corpus texts one after another (from ``start``), a blank line between them, cut at ``length`` characters."""
    parts, total, n = [], 0, start
    while total < length:
        part = texts[n % len(texts)]
        parts.append(part)
        total += len(part) + 2
        n += 1
    return "\n\n".join(parts)[:length]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def scenario_length(texts, lengths, model) -> list[dict]:
    rows = []
    for length in lengths:
        path = write(ARCHIVE / "length" / f"doc-{length // KB}k.txt", long_text(texts, length))
        row = {"length": length}
        for mode in ("spacy", "pressextract"):
            r = measured([sys.executable, "-c", ONE_DOC, mode, str(path), model])
            r["seconds"] = json.loads(r.pop("stdout").strip().splitlines()[-1])["seconds"]
            row[mode] = r
        row["s_per_100kb"] = row["pressextract"]["seconds"] / (length / (100 * KB))
        row["ratio_to_spacy"] = row["pressextract"]["seconds"] / row["spacy"]["seconds"]
        rows.append(row)
        print(f"length {length // KB:>5}k  pressextract {row['pressextract']['seconds']:7.1f} s "
              f"({row['s_per_100kb']:.2f} s/100KB, peak {row['pressextract']['peak_per_process_mb']:.0f} MB)  "
              f"bare spaCy w/o NER {row['spacy']['seconds']:6.1f} s (peak {row['spacy']['peak_per_process_mb']:.0f} MB)  "
              f"ratio {row['ratio_to_spacy']:.2f}x", flush=True)
    base = next((r for r in rows if r["length"] == 100 * KB), None)
    if base:
        for r in rows:
            r["cost_vs_100kb"] = r["pressextract"]["seconds"] / base["pressextract"]["seconds"]
        print("cost relative to 100 KB: " + ", ".join(f"{r['length'] // KB}k {r['cost_vs_100kb']:.1f}x" for r in rows), flush=True)
    return rows


def scenario_memory(texts, ordinary: int, model) -> list[dict]:
    folder = ARCHIVE / "memory"
    for n in range(ordinary):
        write(folder / f"ordinary-{n:03}.txt", texts[n % len(texts)])
    write(folder / "long-300k-a.txt", long_text(texts, 300 * KB, 0))
    write(folder / "long-300k-b.txt", long_text(texts, 300 * KB, 7))
    write(folder / "long-1m.txt", long_text(texts, 990 * KB, 3))
    rows = []
    for jobs, cap in ((1, None), (2, None), (1, 10**9)):
        cmd = [sys.executable, "-m", "pressextract", "extract", str(folder), "-o", str(ARCHIVE / "memory.jsonl"),
               "--jobs", str(jobs), "--quiet"] + (["--batch-chars", str(cap)] if cap else []) + (["--model", model] if model else [])
        r = measured(cmd)
        r.pop("stdout")
        r.update(jobs=jobs, batch_chars=cap or "default", documents=ordinary + 3)
        rows.append(r)
        print(f"memory  jobs={jobs} batch-chars={cap or 'default':>10}  {r['wall_s']:6.1f} s  peak per process "
              f"{r['peak_per_process_mb']:.0f} MB (main {r['peak_main_mb']:.0f}, worker {r['peak_worker_mb']:.0f}; {r['processes']} processes)", flush=True)
    return rows


def scenario_jobs(texts, docs: int, model) -> list[dict]:
    folder = ARCHIVE / "jobs"
    for n in range(docs):
        write(folder / f"doc-{n:04}.txt", texts[n % len(texts)])
    rows = []
    for jobs in (1, 2):
        cmd = [sys.executable, "-m", "pressextract", "extract", str(folder), "-o", str(ARCHIVE / f"jobs-{jobs}.jsonl"),
               "--jobs", str(jobs), "--quiet"] + (["--model", model] if model else [])
        r = measured(cmd)
        r.pop("stdout")
        r.update(jobs=jobs, documents=docs, docs_per_s=docs / r["wall_s"])
        rows.append(r)
        print(f"jobs={jobs}  {docs} documents  {r['wall_s']:6.1f} s wall (model load included)  {r['docs_per_s']:.1f} docs/s  "
              f"peak per process {r['peak_per_process_mb']:.0f} MB", flush=True)
    same = (ARCHIVE / "jobs-1.jsonl").read_bytes() == (ARCHIVE / "jobs-2.jsonl").read_bytes()
    print(f"jobs=2 / jobs=1: {rows[1]['docs_per_s'] / rows[0]['docs_per_s']:.2f}x; output identical: {'yes' if same else 'NO'}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", nargs="+", default=["length", "memory", "jobs"], choices=["length", "memory", "jobs"])
    parser.add_argument("--lengths", type=int, nargs="+", default=[10 * KB, 30 * KB, 100 * KB, 300 * KB, 990 * KB])
    parser.add_argument("--ordinary", type=int, default=30, help="ordinary releases in the memory archive")
    parser.add_argument("--docs", type=int, default=200, help="documents in the jobs scenario")
    parser.add_argument("--model", default="")
    args = parser.parse_args()
    texts = corpus_texts()
    results: dict = {}
    if "length" in args.scenarios:
        results["length"] = scenario_length(texts, args.lengths, args.model)
    if "memory" in args.scenarios:
        results["memory"] = scenario_memory(texts, args.ordinary, args.model)
    if "jobs" in args.scenarios:
        results["jobs"] = scenario_jobs(texts, args.docs, args.model)
    (ROOT / "out").mkdir(exist_ok=True)
    (ROOT / "out" / "benchmark-long.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
