"""Where ``pressextract extract`` puts records, and how ``--resume`` finds them again.

Every format writes its final files atomically (temporary file + rename), so
a killed run never leaves a half-written output. To let a killed run resume,
records are also journalled as they arrive:

- ``jsonl``: lines are appended to ``.<name>.partial`` beside the output and
  the output is written in input order at the end (the journal is removed);
- ``json``: each ``OUT/<doc_id>.json`` is written as soon as its record is ready;
- ``csv`` / ``parquet``: the full records are kept in ``OUT/.records.jsonl``
  (the tables are flat and cannot be read back into records) and the tables
  are rewritten at the end.

A record is reused by ``--resume`` when it has the same ``source`` and its
``content_hash`` equals the hash of the input's bytes now.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
import os
import sys
import tempfile
from pathlib import Path

from .errors import BadArgumentError, OutputError
from .records import Record

FORMATS = ("jsonl", "json", "csv", "parquet")


def _file_mode() -> int:
    # mkstemp creates 0600 files; outputs should get the mode any new file gets (0644 under umask 022).
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def record_json(record: Record | dict, indent: int | None = None) -> str:
    data = record.model_dump(mode="json") if isinstance(record, Record) else record
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False)


@contextmanager
def _atomic_file(path: Path, binary: bool = False):
    """A file handle whose content replaces ``path`` only when the block ends without error:
    written to a temporary file beside it, then renamed, so ``path`` is never half-written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot be written ({exc.strerror or exc}): check the output path", path=str(path)) from None
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as handle:
            yield handle
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot be written ({exc.strerror or exc}): check the output path", path=str(path)) from None
        raise


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half-written."""
    with _atomic_file(Path(path), binary=isinstance(data, bytes)) as handle:
        handle.write(data)


def _read_jsonl(path: Path) -> list[dict]:
    """Records of a JSON Lines file; a torn last line (a killed run) or a foreign line is skipped."""
    out = []
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    data = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(data, dict) and "doc_id" in data:
                    out.append(data)
    except OSError:
        return []
    return out


class Sink:
    """Receives records in input order (``add``) or reused ones (``keep``) and writes them out (``close``)."""

    written = 0
    target: str = "stdout"

    def lookup(self, path: Path) -> dict | None:
        """The record an earlier run wrote for ``path``, if any."""
        return None

    def add(self, index: int, record: Record) -> None:
        raise NotImplementedError

    def keep(self, index: int, data: dict) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class StdoutSink(Sink):
    """jsonl or pretty json to stdout, written as records arrive."""

    def __init__(self, indent: int | None) -> None:
        self.indent = indent

    def add(self, index: int, record: Record) -> None:
        sys.stdout.write(record_json(record, self.indent) + "\n")
        sys.stdout.flush()
        self.written += 1


class JsonlSink(Sink):
    """One JSON Lines file, journalled beside it while the run lasts."""

    def __init__(self, target: Path, resume: bool) -> None:
        self.path = target
        self.target = str(target)
        self.journal = target.with_name(f".{target.name}.partial")
        self.lines: dict[int, str] = {}
        self.previous: dict[str, dict] = {}
        if resume:
            for data in _read_jsonl(self.path) + _read_jsonl(self.journal):
                self.previous[str(data.get("source"))] = data
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Resumed records are already in the old output or journal; a fresh run starts a fresh journal.
            self._journal = open(self.journal, "a" if resume else "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise OutputError(f"cannot be written ({exc.strerror or exc}): check the output path", path=str(self.journal)) from None

    def lookup(self, path: Path) -> dict | None:
        return self.previous.get(str(path))

    def add(self, index: int, record: Record) -> None:
        line = record_json(record)
        self._journal.write(line + "\n")
        self._journal.flush()
        self.lines[index] = line

    def keep(self, index: int, data: dict) -> None:
        self.lines[index] = record_json(data)

    def close(self) -> None:
        self._journal.close()
        atomic_write(self.path, "".join(self.lines[i] + "\n" for i in sorted(self.lines)))
        self.written = len(self.lines)
        self.journal.unlink(missing_ok=True)

    def records(self) -> list[dict]:
        return [json.loads(self.lines[i]) for i in sorted(self.lines)]


class JsonDirSink(Sink):
    """One pretty ``<doc_id>.json`` per document in a folder, each written as soon as it is ready."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.target = str(folder)

    def lookup(self, path: Path) -> dict | None:
        file = self.folder / f"{path.stem}.json"
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("source") == str(path) else None

    def add(self, index: int, record: Record) -> None:
        atomic_write(self.folder / f"{record.doc_id}.json", record_json(record, indent=1) + "\n")
        self.written += 1

    def keep(self, index: int, data: dict) -> None:
        self.written += 1


class TableSink(Sink):
    """csv or parquet tables in a folder, from full records journalled in ``.records.jsonl``."""

    def __init__(self, folder: Path, fmt: str, resume: bool) -> None:
        self.folder = folder
        self.target = str(folder)
        self.format = fmt
        self.store = JsonlSink(folder / ".records.jsonl", resume)

    def lookup(self, path: Path) -> dict | None:
        return self.store.lookup(path)

    def add(self, index: int, record: Record) -> None:
        self.store.add(index, record)

    def keep(self, index: int, data: dict) -> None:
        self.store.keep(index, data)

    def close(self) -> None:
        from .frames import csv_text, flatten, parquet_bytes

        self.store.close()
        tables = flatten(self.store.records())
        for name, rows in tables.items():
            if self.format == "csv":
                atomic_write(self.folder / f"{name}.csv", csv_text(name, rows))
            else:
                atomic_write(self.folder / f"{name}.parquet", parquet_bytes(name, rows))
        self.written = len(tables["documents"])


def make_sink(fmt: str, output: str | None, resume: bool) -> Sink:
    """The sink for ``--format`` and ``-o``; bad combinations are :class:`BadArgumentError` (exit 2)."""
    if fmt not in FORMATS:
        raise BadArgumentError(f"--format {fmt}: use one of {', '.join(FORMATS)}")
    if output is None:
        if resume:
            raise BadArgumentError("--resume needs -o OUT: records written to stdout cannot be found again")
        if fmt in ("csv", "parquet"):
            raise BadArgumentError(f"--format {fmt} writes one table per kind: give a folder with -o OUT")
        return StdoutSink(indent=1 if fmt == "json" else None)
    out = Path(output)
    if fmt == "jsonl":
        target = out if out.suffix in (".jsonl", ".json") else out / "records.jsonl"
        if target.is_dir():
            raise BadArgumentError(f"-o {output}: is a folder: give a .jsonl file or a folder without that name")
        return JsonlSink(target, resume)
    if out.exists() and not out.is_dir():
        raise BadArgumentError(f"-o {output}: is a file, but --format {fmt} writes a folder: give a folder")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            from .errors import MissingExtraError

            raise MissingExtraError("--format parquet needs pyarrow: pip install 'pressextract[parquet]'") from None
    if fmt == "json":
        return JsonDirSink(out)
    return TableSink(out, fmt, resume)


# ---------------------------------------------------------------------------
# The engine-free core: (doc_id, text, metadata) batches -> record dicts.
#
# Every engine (the local one, Ray, anything a scheduler runs) goes through
# ``iter_item_outcomes``: the same pipeline, the same record assembly, the same
# JSON bytes. Nothing here imports an engine.
# ---------------------------------------------------------------------------

ITEM_KEYS = ("doc_id", "text", "source", "published", "warnings")


def item_from_path(path: str | os.PathLike, *, published: str | None = None) -> dict:
    """The batch item of one file, read the way ``extract_file`` reads it.

    ``doc_id`` is the file stem, ``source`` the path as given, ``content_hash``
    the hash of the bytes read. A file that cannot be used gives an item with
    ``error`` (the one-line message) instead of ``text``, so the batch goes on.
    """
    from .errors import PressExtractError
    from .io import read_document

    path = Path(path)
    try:
        document = read_document(path)
    except PressExtractError as exc:
        return {"doc_id": path.stem, "source": str(path), "error": str(exc), "code": exc.code, "exception": exc}
    return {
        "doc_id": path.stem, "text": document.text, "source": document.source, "published": published,
        "warnings": list(document.warnings), "content_hash": document.sha256,
    }


def iter_item_outcomes(items, *, model: str | None = None, n_process: int = 1, batch_size: int = 16):
    """One outcome per item, in item order (see :func:`_iter_local`); with ``n_process`` > 1 the
    batches run in worker processes that build the records themselves, so only small dicts
    cross process boundaries and two processes do nearly twice the work of one."""
    if n_process <= 1:
        yield from _iter_local(items, model=model, batch_size=batch_size)
    else:
        yield from _iter_pool(items, model=model, n_process=n_process, batch_size=batch_size)


def _one_blas_thread() -> None:
    """Pool initializer: one BLAS thread per worker. Each worker already has a core; a BLAS
    pool per worker oversubscribes the machine (2 workers x 2 threads on 2 cores ran 1.5x
    one process instead of 1.9x)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency; stay correct without it
        return
    threadpool_limits(limits=1)


def _worker_batch(args) -> list[dict]:
    """A worker's share: one batch of items to outcome dicts, errors shipped as code and message."""
    items, model, batch_size, offset = args
    outs = list(_iter_local(items, model=model, batch_size=batch_size))
    for out in outs:
        out["index"] += offset
        out.pop("record_object", None)
        out["exception"] = None
    return outs


def _iter_pool(items, *, model: str | None, n_process: int, batch_size: int):
    import multiprocessing

    from .errors import ShippedError
    from .pipeline import load

    # Load before forking so every worker starts with the pipeline in memory (copy-on-write).
    load(model)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    iterator = iter(items)
    window = 2 * n_process  # batches in flight: bounded memory on archives of any size
    with context.Pool(n_process, initializer=_one_blas_thread) as pool:
        in_flight = []
        offset = 0
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < window:
                batch = []
                for item in iterator:
                    batch.append({k: v for k, v in item.items() if k != "exception"})
                    if len(batch) == batch_size:
                        break
                if not batch:
                    exhausted = True
                    break
                in_flight.append(pool.apply_async(_worker_batch, ((batch, model, batch_size, offset),)))
                offset += len(batch)
            if not in_flight:
                break
            for out in in_flight.pop(0).get():
                if out["error"] is not None:
                    out["exception"] = ShippedError(out["error"], out["code"] or "PX000")
                yield out


def _iter_local(items, *, model: str | None = None, batch_size: int = 16):
    """One outcome per item, in item order: ``{"index", "doc_id", "source", "record", "error", "code"}``.

    ``items`` is any iterable of dicts with the keys of :data:`ITEM_KEYS`
    (``published``, ``warnings`` and ``source`` may be missing; an optional
    ``content_hash`` is the hash of the bytes the text was read from, else the
    text's own hash, as in ``extract``). An item with ``error`` (a read failure,
    see :func:`item_from_path`) passes through as an error outcome.
    ``record`` is ``Record.model_dump(mode="json")`` or None; ``error`` is the
    one-line message or None, ``code`` its code; ``exception`` is the error
    object itself (in-process use only: not part of what engines ship around). A document that makes the pipeline raise fails
    alone (``PX013``): the documents in flight are redone one by one.
    The result does not depend on ``n_process`` or ``batch_size``.
    """
    from .api import _check_length, _check_published, _record_of
    from .errors import PressExtractError
    from .io import DocumentText
    from .pipeline import load, make_context

    nlp = load(model)
    numbered = enumerate(items)
    early: dict[int, dict] = {}
    pending: dict[int, tuple] = {}

    def outcome(n: int, item: dict, record=None, exc=None, message=None, code=None) -> dict:
        return {
            "index": n, "doc_id": item.get("doc_id"), "source": item.get("source"),
            "record": record.model_dump(mode="json") if record is not None else None,
            "record_object": record,
            "error": str(exc) if exc is not None else message, "code": exc.code if exc is not None else code,
            "exception": exc if exc is not None else item.get("exception"),
        }

    def feed():
        for n, item in numbered:
            if item.get("error"):
                early[n] = outcome(n, item, message=item["error"], code=item.get("code"))
                continue
            try:
                text = item["text"]
                document = DocumentText(text=text, source=item.get("source"), warnings=list(item.get("warnings") or []), sha256=item.get("content_hash"))
                _check_length(nlp, document)
                context = make_context(item.get("doc_id") or "doc", item.get("source"), _check_published(item.get("published")), document.warnings)
            except PressExtractError as exc:
                early[n] = outcome(n, item, exc=exc)
                continue
            context["n"] = n
            pending[n] = (item, document, context)
            yield text, context

    def before(n):
        for k in sorted(early):
            if n is None or k < n:
                yield early.pop(k)

    def done(n: int, doc=None) -> dict:
        item, document, context = pending.pop(n)
        try:
            return outcome(n, item, record=_record_of(nlp, document, context, doc))
        except PressExtractError as exc:
            return outcome(n, item, exc=exc)

    while True:
        try:
            for doc, context in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
                n = context["n"]
                yield from before(n)
                yield done(n, doc)
            break
        except Exception:  # noqa: BLE001  (a component raised inside nlp.pipe; find the document alone)
            if not pending:
                raise
            for n in sorted(pending):
                yield from before(n)
                yield done(n)
    yield from before(None)


def outcomes_from_batch(items: list[dict], *, model: str | None = None, batch_size: int = 16) -> list[dict]:
    """:func:`iter_item_outcomes` of one batch, in one process, as a list (what a distributed worker calls)."""
    return list(iter_item_outcomes(items, model=model, n_process=1, batch_size=batch_size))


def records_from_batch(items: list[dict], *, model: str | None = None) -> list[dict]:
    """The records (``Record.model_dump(mode="json")``) of a batch of items, in order.

    Each item is ``{"doc_id", "text", "source", "published", "warnings"}`` (plus an
    optional ``content_hash``). The pipeline is loaded once per process
    (``pipeline.load`` is cached). The first item that cannot be extracted raises
    its :class:`~pressextract.errors.PressExtractError`; use
    :func:`outcomes_from_batch` to get errors as values instead.
    """
    from .errors import PressExtractError

    records = []
    for out in outcomes_from_batch(items, model=model):
        if out["error"] is not None:
            raise out["exception"] or PressExtractError(out["error"], path=out["source"])
        records.append(out["record"])
    return records


# ---------------------------------------------------------------------------
# Sharding an archive without a cluster framework: ``--shard I/N``.
# ---------------------------------------------------------------------------


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
    import hashlib

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


def write_jsonl(path: Path | str | None, lines) -> int:
    """Write JSON lines (strings without their newline) to ``path`` atomically; stdout when ``path`` is None.

    The lines stream into a temporary file beside ``path`` that is renamed over
    it at the end, so a killed run leaves the old file or the new one, never
    half of one. Returns the number of lines written.
    """
    count = 0
    if path is None:
        for line in lines:
            sys.stdout.write(line + "\n")
            count += 1
        sys.stdout.flush()
        return count
    with _atomic_file(Path(path)) as handle:
        for line in lines:
            handle.write(line + "\n")
            count += 1
    return count
