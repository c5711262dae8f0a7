"""Sharding an archive without a cluster framework: ``--shard I/N``."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .errors import BadArgumentError


def shard_key(path: str | os.PathLike, root: str | os.PathLike | None = None) -> str:
    """What a file's shard is computed from: its POSIX path relative to ``root`` (or as given)."""
    path = Path(path)
    if root is not None:
        try:
            path = path.relative_to(root)
        except ValueError:
            path = Path(os.path.relpath(path, root))
    return path.as_posix()


def shard_of(path: str | os.PathLike, count: int, root: str | os.PathLike | None = None) -> int:
    """The shard (0..count-1) of one file: the first 8 bytes of the SHA-1 of :func:`shard_key`, modulo ``count``."""
    digest = hashlib.sha1(shard_key(path, root).encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") % count


def select_shard(paths, index: int, count: int, *, root: str | os.PathLike | None = None) -> list:
    """The paths of shard ``index`` of ``count`` (0-based), in their input order.

    Stable by a hash, not by position: a file's shard depends only on its path
    relative to ``root`` (as given when ``root`` is None), so every worker of a
    SLURM array or Kubernetes job computes the same split without talking to
    the others, whatever order it listed the files in, and adding or removing
    files never moves the others to another shard (``--resume`` keeps working
    per shard). Every path falls in exactly one shard. The price is balance:
    shards differ in size by a few percent on thousands of files (binomial).
    """
    if not isinstance(index, int) or not isinstance(count, int) or count < 1 or not 0 <= index < count:
        raise BadArgumentError(f"shard {index}/{count}: need 0 <= I < N, e.g. --shard 0/4 .. 3/4")
    return [p for p in paths if shard_of(p, count, root) == index]


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` -> ``(I, N)`` with 0 <= I < N, or a one-line :class:`BadArgumentError`."""
    try:
        i, n = (int(part) for part in str(text).split("/"))
    except ValueError:
        raise BadArgumentError(f"--shard {text}: give I/N with whole numbers, e.g. 0/4 (0-based)") from None
    if n < 1 or not 0 <= i < n:
        raise BadArgumentError(f"--shard {text}: need 0 <= I < N, e.g. 0/4 .. 3/4")
    return i, n
