"""The local engine: ``nlp.pipe`` on this machine, optionally over one shard of the input.

    from pressextract.engines import local
    summary = local.run(paths, "out/records.jsonl", shard=(0, 4), n_process=2)

``shard=(I, N)`` (or ``"I/N"``, 0-based) keeps the files whose path hash falls
in shard I (:func:`pressextract.sharding.select_shard`), so N independent jobs (a
SLURM array, a Kubernetes indexed job) cover an archive exactly once with no
coordinator; concatenating their outputs in any order gives every record once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Iterable

from ..runner import item_from_path, iter_item_outcomes
from ..sharding import parse_shard, select_shard
from ..sinks import record_json, write_jsonl
from . import Summary


def resolve_shard(shard) -> tuple[int, int] | None:
    """``None``, ``(I, N)`` or ``"I/N"`` -> ``(I, N)`` or None."""
    if shard is None:
        return None
    if isinstance(shard, str):
        return parse_shard(shard)
    index, count = shard
    return parse_shard(f"{index}/{count}")


def run(
    paths: Iterable[str | os.PathLike],
    out_path: str | os.PathLike | None,
    *,
    shard=None,
    shard_root: str | os.PathLike | None = None,
    n_process: int = 1,
    batch_size: int = 16,
    model: str | None = None,
    published: str | None = None,
    on_error=None,
) -> Summary:
    """Extract ``paths`` (files, in the order given) into one JSONL file at ``out_path`` (stdout when None).

    The file is written atomically (temporary file + rename) in input order;
    inputs that fail are left out and listed in ``Summary.failures`` (and passed
    to ``on_error(message)`` as they happen, e.g. to print them). Files are read
    lazily, so memory does not grow with the archive.
    """
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    chosen = resolve_shard(shard)
    if chosen is not None:
        paths = select_shard(paths, *chosen, root=shard_root)
    summary = Summary(documents=len(paths), target=str(out_path) if out_path is not None else "stdout")
    items = (item_from_path(p, published=published) for p in paths)

    def lines():
        for out in iter_item_outcomes(items, model=model, n_process=n_process, batch_size=batch_size):
            if out["error"] is not None:
                summary.failures.append(out["error"])
                if on_error is not None:
                    on_error(out["error"])
                continue
            yield record_json(out["record"])

    summary.written = write_jsonl(out_path, lines())
    summary.elapsed_s = time.perf_counter() - started
    return summary
