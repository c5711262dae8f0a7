"""Output sinks: where ``pressextract extract`` puts records, and how ``--resume`` finds them again.

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

FORMATS = ("jsonl", "json", "csv", "parquet", "plover")


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


class PloverSink(Sink):
    """PLOVER event rows as JSON Lines (see :mod:`pressextract.plover`); the full records journalled beside
    the output in ``.<name>.records.jsonl`` for ``--resume``, the rows written at the end."""

    def __init__(self, target: Path | None, resume: bool) -> None:
        self.path = target
        self.target = str(target) if target else "stdout"
        self.store = JsonlSink(target.with_name(f".{target.name}.records.jsonl"), resume) if target else None

    def lookup(self, path: Path) -> dict | None:
        return self.store.lookup(path) if self.store else None

    def add(self, index: int, record: Record) -> None:
        if self.store is None:
            from .plover import record_rows

            for row in record_rows(record):
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            sys.stdout.flush()
            self.written += 1
            return
        self.store.add(index, record)

    def keep(self, index: int, data: dict) -> None:
        self.store.keep(index, data)

    def close(self) -> None:
        if self.store is None:
            return
        from .plover import plover_rows

        self.store.close()
        records = self.store.records()
        write_jsonl(self.path, (json.dumps(row, ensure_ascii=False) for row in plover_rows(records)))
        self.written = len(records)


def make_sink(fmt: str, output: str | None, resume: bool) -> Sink:
    """The sink for ``--format`` and ``-o``; bad combinations are :class:`BadArgumentError` (exit 2)."""
    if fmt not in FORMATS:
        raise BadArgumentError(f"--format {fmt}: use one of {', '.join(FORMATS)}")
    if fmt == "plover":
        if output is None and resume:
            raise BadArgumentError("--resume needs -o OUT: records written to stdout cannot be found again")
        target = None if output is None else Path(output) if Path(output).suffix in (".jsonl", ".json") else Path(output) / "plover.jsonl"
        if target is not None and target.is_dir():
            raise BadArgumentError(f"-o {output}: is a folder: give a .jsonl file or a folder without that name")
        return PloverSink(target, resume)
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
