"""The Ray Data engine (``pip install 'pressextract[ray]'``).

    from pressextract.engines import ray_engine
    summary = ray_engine.run(paths, "out/ray", address="auto")   # or address=None: a local Ray

The paths become a Ray dataset (``ray.data.from_items``, one row per file with
its input index). ``map_batches`` sends batches to a fixed pool of
:class:`ExtractActor` actors (``compute=ray.data.ActorPoolStrategy(size=n)``,
one CPU each); each actor loads the pipeline once, reads its files with
:func:`pressextract.io.read_document` (so the files must be visible to every
worker: a shared file system on a cluster), runs the engine-free core
:func:`pressextract.runner.outcomes_from_batch` and writes one shard per batch.
The driver then merges the shards in input order.

Layout of ``out_dir``::

    out_dir/records.jsonl              every record, input order: byte-identical to the local engine
    out_dir/shards/part-<first>.jsonl  the records of one batch, input order within the batch
                                       (part-<first>.parquet with fmt="parquet": columns index,
                                       doc_id, source, record = the exact JSON line)
    out_dir/shards/manifest.jsonl      one line per input: index, source, shard, error

Shard names carry the input index of their first document (zero-padded), so
they are idempotent under Ray's retries (a retried batch rewrites the same
file, atomically) and ``merge_shards(out_dir)`` can rebuild records.jsonl
from the shards and the manifest alone.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Iterable

from ..runner import item_from_path, outcomes_from_batch
from ..sinks import record_json, write_jsonl
from ..errors import BadArgumentError, ClusterError, RayNotInstalledError
from . import Summary

SHARDS = "shards"
MANIFEST = "manifest.jsonl"
MERGED = "records.jsonl"
SHARD_FORMATS = ("jsonl", "parquet")


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise RayNotInstalledError("--engine ray needs Ray Data, which is not installed: pip install 'pressextract[ray]'") from None
    return ray


class ExtractActor:
    """A Ray Data actor: the pipeline is loaded once per worker, in ``__init__``."""

    def __init__(self, shard_dir: str, model: str | None = None, fmt: str = "jsonl", batch_size: int = 16, include_text: bool = False) -> None:
        from ..pipeline import load

        load(model)
        self.shard_dir = Path(shard_dir)
        self.model = model
        self.fmt = fmt
        self.batch_size = batch_size
        self.include_text = include_text

    def __call__(self, batch: dict) -> dict:
        indices = [int(i) for i in batch["index"]]
        order = sorted(range(len(indices)), key=indices.__getitem__)
        indices = [indices[k] for k in order]
        paths = [str(batch["path"][k]) for k in order]
        # Empty strings stand for "not given": Ray's columns hold no None in a string column.
        meta = [{key: str(batch[key][k]) or None for key in ("doc_id", "published", "url")} for k in order]
        items = [item_from_path(p, **m) for p, m in zip(paths, meta, strict=True)]
        outcomes = outcomes_from_batch(items, model=self.model, batch_size=self.batch_size, include_text=self.include_text)
        name = f"part-{indices[0]:09d}.{self.fmt}"
        kept = [(i, out) for i, out in zip(indices, outcomes, strict=True) if out["error"] is None]
        if self.fmt == "parquet":
            _write_parquet_shard(self.shard_dir / name, kept)
        else:
            write_jsonl(self.shard_dir / name, (record_json(out["record"]) for _, out in kept))
        return {
            "index": indices,
            "source": paths,
            "shard": [name if out["error"] is None else "" for out in outcomes],
            "error": [out["error"] or "" for out in outcomes],
        }


def _write_parquet_shard(path: Path, kept: list) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..sinks import atomic_write

    table = pa.table({
        "index": pa.array([i for i, _ in kept], pa.int64()),
        "doc_id": pa.array([out["doc_id"] for _, out in kept], pa.string()),
        "source": pa.array([out["source"] for _, out in kept], pa.string()),
        "record": pa.array([record_json(out["record"]) for _, out in kept], pa.string()),
    })
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    atomic_write(path, sink.getvalue().to_pybytes())


def _shard_lines(path: Path) -> Iterable[str]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        yield from pq.read_table(path, columns=["record"]).column("record").to_pylist()
        return
    with open(path, encoding="utf-8", newline="\n") as handle:
        for line in handle:
            yield line[:-1] if line.endswith("\n") else line


def merge_shards(out_dir: str | os.PathLike, out_path: str | os.PathLike | None = None) -> int:
    """Rebuild the merged JSONL (default ``out_dir/records.jsonl``) from the shards and their manifest.

    Records come out in input order; returns the number written.
    """
    out_dir = Path(out_dir)
    shard_dir = out_dir / SHARDS
    rows = [json.loads(line) for line in (shard_dir / MANIFEST).read_text(encoding="utf-8").splitlines() if line.strip()]
    # Within a shard, records are in input order; so each shard's records are consumed front to back.
    order = sorted((r["index"], r["shard"]) for r in rows if r["shard"])
    streams: dict[str, Iterable[str]] = {}

    def lines():
        for _, shard in order:
            if shard not in streams:
                streams[shard] = iter(_shard_lines(shard_dir / shard))
            yield next(streams[shard])

    return write_jsonl(Path(out_path) if out_path is not None else out_dir / MERGED, lines())


def run(
    paths: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    address: str | None = None,
    num_cpus: int | None = None,
    batch_size: int = 16,
    model: str | None = None,
    fmt: str = "jsonl",
    include_text: bool = False,
    metadata: list[dict] | None = None,
) -> Summary:
    """Extract ``paths`` on Ray into ``out_dir`` (see the module doc for the layout).

    ``address``: a running cluster (``"auto"``, ``"ray://host:10001"``); None
    starts a local Ray unless one is already initialised in this process.
    ``num_cpus``: actors to run (default: every CPU of the cluster).
    ``fmt``: ``"jsonl"`` or ``"parquet"`` shards; the merged file is JSONL either way.
    ``metadata``: per path, ``{"doc_id", "published", "url"}`` (any may be None).
    ``include_text`` stores each document's text in its record.
    Shards of an earlier run in ``out_dir/shards`` are removed first.
    """
    if fmt not in SHARD_FORMATS:
        raise BadArgumentError(f"fmt={fmt!r}: the Ray engine writes jsonl or parquet shards")
    ray = _import_ray()
    started = time.perf_counter()
    paths = [str(Path(p)) for p in paths]
    out_dir = Path(out_dir)
    shard_dir = out_dir / SHARDS
    shard_dir.mkdir(parents=True, exist_ok=True)
    for old in shard_dir.glob("part-*"):
        old.unlink()
    if metadata is not None and len(metadata) != len(paths):
        raise BadArgumentError(f"metadata has {len(metadata)} entries for {len(paths)} paths: give one per path")
    if not ray.is_initialized():
        try:
            ray.init(address=address, num_cpus=num_cpus if address is None else None, include_dashboard=False,
                     log_to_driver=False, ignore_reinit_error=True)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            if address is None:
                raise
            reason = " ".join(str(exc).split())[:160]
            raise ClusterError(
                f"--address {address}: no Ray cluster could be reached ({type(exc).__name__}: {reason}): "
                "start one with `ray start --head`, or leave out --address to run a local Ray"
            ) from None
    cpus = int(ray.cluster_resources().get("CPU", 1))
    size = max(1, min(num_cpus or cpus, cpus, max(1, -(-len(paths) // batch_size))))
    summary = Summary(documents=len(paths), target=str(out_dir / MERGED))
    if paths:
        import ray.data

        meta = metadata or [{}] * len(paths)
        ds = ray.data.from_items([
            {"index": i, "path": p, **{key: m.get(key) or "" for key in ("doc_id", "published", "url")}}
            for i, (p, m) in enumerate(zip(paths, meta, strict=True))
        ])
        ds = ds.map_batches(
            ExtractActor,
            fn_constructor_kwargs={"shard_dir": str(shard_dir.resolve()), "model": model, "fmt": fmt, "batch_size": batch_size,
                                   "include_text": include_text},
            batch_size=batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=size),
            num_cpus=1,
        )
        rows = sorted(ds.take_all(), key=lambda r: int(r["index"]))
    else:
        rows = []
    manifest = [
        json.dumps({"index": int(r["index"]), "source": str(r["source"]), "shard": str(r["shard"]), "error": str(r["error"]) or None}, ensure_ascii=False)
        for r in rows
    ]
    write_jsonl(shard_dir / MANIFEST, manifest)
    summary.failures = [str(r["error"]) for r in rows if r["error"]]
    summary.shards = sorted(path.name for path in shard_dir.glob("part-*"))
    summary.written = merge_shards(out_dir)
    summary.elapsed_s = time.perf_counter() - started
    return summary
