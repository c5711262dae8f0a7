"""Output sinks: where ``pressextract extract`` puts records, and how ``--resume`` finds them again.

Rules every format keeps:

- **Never half-written**: final files are written to a temporary file and
  renamed over the output.
- **Never lost**: a run that writes no record leaves an existing output
  untouched (the summary says so). ``--resume`` makes the output the *union*:
  records of inputs that are not in this run are kept; an input whose bytes
  are unchanged keeps its record (``content_hash``); a changed or new input
  gets a new one. Order: this run's inputs in input order, then the records
  kept from other inputs in their earlier order.
- **Resumable after a kill**: records are journalled as they arrive
  (``.<name>.partial`` beside a JSONL output or SQLite database,
  ``OUT/.records.jsonl`` for CSV/Parquet tables, each ``OUT/<doc_id>.json``
  at once for ``--format json``), so ``--resume`` after a kill or Ctrl-C
  redoes only what was not finished and gives the bytes a clean run gives.

Memory does not grow with the archive: records are kept on disk (the journal,
the earlier output) and only their offsets in memory; tables are written by
streaming the final records through :func:`pressextract.frames.record_rows`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import BadArgumentError, OutputError, ResultsFileError
from .records import Record

FORMATS = ("jsonl", "json", "csv", "parquet", "sqlite", "plover")
TABLE_FORMATS = ("csv", "parquet")
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
RECORDS_TABLE = "records"
"""The SQLite table holding each full record as JSON (what ``read_records`` and ``--resume`` read back)."""


def _file_mode() -> int:
    # mkstemp creates 0600 files; outputs should get the mode any new file gets (0644 under umask 022).
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def record_json(record: Record | dict, indent: int | None = None, *, include_text: bool = False) -> str:
    """A record as one JSON document (one line unless ``indent``); ``include_text`` fills ``text`` when it is known."""
    data = record.model_dump(mode="json") if isinstance(record, Record) else record
    if include_text and isinstance(record, Record) and data.get("text") is None:
        data["text"] = record.doc_text
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False)


def _output_error(path, exc: OSError) -> OutputError:
    return OutputError(f"cannot be written ({exc.strerror or exc}): check the output path", path=str(path))


@contextmanager
def _atomic_path(path: Path):
    """A temporary path beside ``path`` that replaces it only when the block ends without error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise _output_error(path, exc) from None
    try:
        yield Path(tmp)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _output_error(path, exc) from None
        raise


@contextmanager
def _atomic_file(path: Path, binary: bool = False):
    """A file handle whose content replaces ``path`` only when the block ends without error:
    written to a temporary file beside it, then renamed, so ``path`` is never half-written."""
    with _atomic_path(path) as tmp:
        with open(tmp, "wb") if binary else open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            yield handle


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half-written."""
    with _atomic_file(Path(path), binary=isinstance(data, bytes)) as handle:
        handle.write(data)


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


# -- records kept on disk ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    """Where one record's JSON line is: a JSONL file and a byte range, or a row of a SQLite records table."""

    path: Path
    offset: int
    length: int
    source: str | None
    doc_id: str
    content_hash: str | None
    db: bool = False


def _scan_jsonl(path: Path) -> Iterator[_Ref]:
    """The records of a JSON Lines file, as references; a torn last line (a killed run) or a foreign line is skipped."""
    try:
        handle = open(path, "rb")
    except OSError:
        return
    with handle:
        offset = 0
        for line in handle:
            length = len(line)
            try:
                data = json.loads(line)
            except ValueError:
                data = None
            if isinstance(data, dict) and "doc_id" in data and line.endswith(b"\n"):
                yield _Ref(path, offset, length - 1, _source_key(data.get("source")), str(data["doc_id"]), data.get("content_hash"))
            offset += length


def _scan_sqlite(path: Path) -> Iterator[_Ref]:
    if not path.is_file():
        return
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = connection.execute(f"SELECT rowid, doc_id, source, content_hash FROM {RECORDS_TABLE} ORDER BY rowid").fetchall()
        connection.close()
    except sqlite3.Error as exc:
        raise ResultsFileError(f"is not a pressextract database ({exc}): give another -o, or remove it", path=str(path)) from None
    for rowid, doc_id, source, content_hash in rows:
        yield _Ref(path, rowid, 0, _source_key(source), doc_id, content_hash, db=True)


def _source_key(source) -> str | None:
    return None if source is None else str(source)


def _get(record: Record | dict, name: str):
    """A field of a record given as a model or as its JSON dict (what worker processes send back)."""
    return record.get(name) if isinstance(record, dict) else getattr(record, name)


class _Reader:
    """Reads records back from their references, keeping one handle per file."""

    def __init__(self) -> None:
        self.files: dict[Path, object] = {}

    def line(self, ref: _Ref) -> str:
        if ref.db:
            connection = self.files.get(ref.path)
            if connection is None:
                connection = self.files[ref.path] = sqlite3.connect(f"file:{ref.path}?mode=ro", uri=True)
            (text,) = connection.execute(f"SELECT json FROM {RECORDS_TABLE} WHERE rowid = ?", (ref.offset,)).fetchone()
            return text
        handle = self.files.get(ref.path)
        if handle is None:
            handle = self.files[ref.path] = open(ref.path, "rb")
        handle.seek(ref.offset)
        return handle.read(ref.length).decode("utf-8")

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()
        self.files.clear()


# -- sinks ------------------------------------------------------------------------------------------


class Sink:
    """Receives records in input order (``add``) or reused ones (``keep``) and writes them out (``close``).

    After ``close``: ``written`` records are in ``target``; ``added``,
    ``refreshed``, ``kept`` (unchanged inputs of this run) and ``carried``
    (records of inputs not in this run, ``--resume`` only) say where they came
    from; ``untouched`` is True when an existing output was left as it was
    because the run wrote no record.
    """

    target: str = "stdout"
    resume: bool = False

    def __init__(self) -> None:
        self.written = self.added = self.refreshed = self.kept = self.carried = 0
        self.untouched = False

    def lookup(self, path) -> dict | None:
        """The record an earlier run wrote for ``path``, if any (``--resume`` only)."""
        return None

    def add(self, index: int, record: Record) -> None:
        raise NotImplementedError

    def keep(self, index: int, data: dict) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def abandon(self) -> None:
        """The run stops early (an error, Ctrl-C): leave the journal for ``--resume``, write nothing else."""


class StdoutSink(Sink):
    """jsonl or pretty json to stdout, written as records arrive."""

    def __init__(self, indent: int | None, include_text: bool = False) -> None:
        super().__init__()
        self.indent = indent
        self.include_text = include_text

    def add(self, index: int, record: Record) -> None:
        sys.stdout.write(record_json(record, self.indent, include_text=self.include_text) + "\n")
        sys.stdout.flush()
        self.written += 1
        self.added += 1


class _JournalledSink(Sink):
    """Records journalled in ``.<name>.partial`` while the run lasts, then one final output written from them.

    Subclasses say where earlier records are (:meth:`_scan_output`) and how the
    final output is written from an iterator of JSON lines (:meth:`_write`).
    """

    def __init__(self, target: Path, resume: bool, include_text: bool = False) -> None:
        super().__init__()
        self.path = target
        self.target = str(target)
        self.resume = resume
        self.include_text = include_text
        self.journal = target.with_name(f".{target.name}.partial")
        self.entries: dict[int, _Ref] = {}
        self.previous: dict[str | None, _Ref] = {}
        self.reader = _Reader()
        if resume:
            # The journal of a killed run is newer than the output it did not get to replace.
            for ref in [*self._scan_output(), *_scan_jsonl(self.journal)]:
                self.previous.pop(ref.source, None)
                self.previous[ref.source] = ref
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Resumed records may sit in the journal; a fresh run starts a fresh journal.
            self._journal = open(self.journal, "ab" if resume else "wb")
            self._offset = self._journal.seek(0, os.SEEK_END)
        except OSError as exc:
            raise _output_error(self.journal, exc) from None
        self._closed = False

    def _scan_output(self) -> Iterable[_Ref]:
        return _scan_jsonl(self.path)

    def _write(self, lines: Iterator[str]) -> None:
        raise NotImplementedError

    def _missing_output(self) -> bool:
        return not self.path.exists()

    def lookup(self, path) -> dict | None:
        ref = self.previous.get(str(path))
        return json.loads(self.reader.line(ref)) if ref is not None else None

    def add(self, index: int, record: Record | dict) -> None:
        line = record_json(record, include_text=self.include_text).encode("utf-8")
        self._journal.write(line + b"\n")
        self._journal.flush()
        source = _source_key(_get(record, "source"))
        self.entries[index] = _Ref(self.journal, self._offset, len(line), source, _get(record, "doc_id"), _get(record, "content_hash"))
        self._offset += len(line) + 1
        if source in self.previous:
            self.refreshed += 1
        else:
            self.added += 1

    def keep(self, index: int, data: dict) -> None:
        self.entries[index] = self.previous[_source_key(data.get("source"))]
        self.kept += 1

    def _final(self) -> list[_Ref]:
        refs = [self.entries[i] for i in sorted(self.entries)]
        if self.resume:
            ours = {ref.source for ref in refs}
            carried = [ref for source, ref in self.previous.items() if source not in ours]
            self.carried = len(carried)
            refs += carried
        return refs

    def close(self) -> None:
        self._journal.close()
        self._closed = True
        refs = self._final()
        from_journal = any(ref.path == self.journal for ref in refs)
        if not self.added and not self.refreshed and not from_journal and not self._missing_output():
            # Nothing new: the output already holds every record this run would write (or this run wrote none).
            self.untouched = True
            self.written = self._count_existing(refs)
        else:
            self._write(self.reader.line(ref) for ref in refs)
            self.written = len(refs)
        self.reader.close()
        self.journal.unlink(missing_ok=True)

    def _count_existing(self, refs: list[_Ref]) -> int:
        return len(refs) if self.resume else sum(1 for _ in self._scan_output())

    def abandon(self) -> None:
        if not self._closed:
            self._journal.close()
            self._closed = True
        self.reader.close()

    def records(self) -> Iterator[dict]:
        """The records of the final output, in order (after ``close``)."""
        for ref in self._scan_output():
            yield json.loads(self.reader.line(ref))
        self.reader.close()


class JsonlSink(_JournalledSink):
    """One JSON Lines file."""

    def _write(self, lines: Iterator[str]) -> None:
        write_jsonl(self.path, lines)


class TableSink(_JournalledSink):
    """CSV or Parquet tables in a folder (every table of :data:`pressextract.frames.COLUMNS`).

    The full records are kept in ``OUT/.records.jsonl`` (the tables are flat);
    ``read_records(OUT)`` and ``--resume`` read them from there.
    """

    STORE = ".records.jsonl"

    def __init__(self, folder: Path, fmt: str, resume: bool, include_text: bool = False) -> None:
        self.folder = folder
        self.format = fmt
        super().__init__(folder / self.STORE, resume, include_text)
        self.target = str(folder)

    def _missing_output(self) -> bool:
        from .frames import TABLES

        return not self.path.exists() or any(not (self.folder / f"{name}.{self.format}").exists() for name in TABLES)

    def _write(self, lines: Iterator[str]) -> None:
        write_jsonl(self.path, lines)
        write_tables(self.folder, self.format, (json.loads(line) for line in _lines_of(self.path)))


class SqliteSink(_JournalledSink):
    """One SQLite database: the tables of :data:`pressextract.frames.COLUMNS` with keys and indexes, plus
    ``records`` (each full record as JSON). Rebuilt in a temporary file and renamed, so a reader never
    sees half a run, and ``--resume`` gives the same database as a clean run."""

    def _scan_output(self) -> Iterable[_Ref]:
        return _scan_sqlite(self.path)

    def _write(self, lines: Iterator[str]) -> None:
        write_sqlite(self.path, lines)


class PloverSink(_JournalledSink):
    """PLOVER event rows as JSON Lines (see :mod:`pressextract.plover`), written at the end from the full
    records, which are kept beside the output in ``.<name>.records.jsonl`` (for ``--resume``)."""

    def __init__(self, target: Path, resume: bool, include_text: bool = False) -> None:
        self.rows = target
        super().__init__(target.with_name(f".{target.name}.records.jsonl"), resume, include_text)
        self.target = str(target)

    def _missing_output(self) -> bool:
        return not self.path.exists() or not self.rows.exists()

    def _write(self, lines: Iterator[str]) -> None:
        from .plover import record_rows

        write_jsonl(self.path, lines)
        rows = (row for line in _lines_of(self.path) for row in record_rows(json.loads(line)))
        write_jsonl(self.rows, (json.dumps(row, ensure_ascii=False) for row in rows))


class PloverStdoutSink(Sink):
    """PLOVER event rows to stdout, written as records arrive."""

    def add(self, index: int, record: Record | dict) -> None:
        from .plover import record_rows

        for row in record_rows(record):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        self.written += 1
        self.added += 1


class JsonDirSink(Sink):
    """One pretty ``<doc_id>.json`` per document in a folder, each written as soon as it is ready.

    Files of other documents are never removed, so the folder is always the union of runs.
    """

    def __init__(self, folder: Path, resume: bool = False, include_text: bool = False) -> None:
        super().__init__()
        self.folder = folder
        self.target = str(folder)
        self.resume = resume
        self.include_text = include_text
        self.previous: dict[str, Path] = {}
        self.ours: set[str] = set()
        if folder.is_dir():
            for file in sorted(folder.glob("*.json")):
                data = _read_json(file)
                if data is not None:
                    self.previous[str(data.get("source"))] = file

    def lookup(self, path) -> dict | None:
        file = self.previous.get(str(path))
        return _read_json(file) if file is not None and self.resume else None

    def add(self, index: int, record: Record | dict) -> None:
        atomic_write(self.folder / f"{_get(record, 'doc_id')}.json", record_json(record, indent=1, include_text=self.include_text) + "\n")
        self.written += 1
        source = str(_get(record, "source"))
        self.ours.add(source)
        if source in self.previous:
            self.refreshed += 1
        else:
            self.added += 1

    def keep(self, index: int, data: dict) -> None:
        self.written += 1
        self.kept += 1
        self.ours.add(str(data.get("source")))

    def close(self) -> None:
        others = len([s for s in self.previous if s not in self.ours])
        if self.resume:
            self.carried = others
            self.written += others
        if not self.added and not self.refreshed and self.previous:
            self.untouched = True


def _read_json(file: Path) -> dict | None:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "doc_id" in data else None


def _lines_of(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="\n") as handle:
        for line in handle:
            yield line.rstrip("\n")


# -- table writers (also used by the Ray engine) --------------------------------------------------------


def write_tables(folder: Path | str, fmt: str, records: Iterable[dict | Record]) -> int:
    """Write every table of :data:`~pressextract.frames.COLUMNS` for ``records`` into ``folder``
    (``fmt`` "csv" or "parquet"), streaming: one record's rows at a time. Returns the number of records."""
    from . import frames

    folder = Path(folder)
    count = 0
    with _TableWriters(folder, fmt) as writers:
        for record in records:
            for name, rows in frames.record_rows(record).items():
                writers.add(name, rows)
            count += 1
    return count


class _TableWriters:
    """One streaming writer per table, each into its own temporary file, all renamed at the end."""

    ROW_GROUP = 10_000

    def __init__(self, folder: Path, fmt: str) -> None:
        from . import frames

        self.frames = frames
        self.folder = folder
        self.format = fmt
        self.stack = []
        self.handles: dict[str, object] = {}
        self.pending: dict[str, list] = {name: [] for name in frames.TABLES}

    def __enter__(self):
        from contextlib import ExitStack

        self.exit = ExitStack()
        try:
            for name in self.frames.TABLES:
                path = self.folder / f"{name}.{self.format}"
                if self.format == "csv":
                    handle = self.exit.enter_context(_atomic_file(path))
                    handle.write(self.frames.csv_text(name, []))
                else:
                    tmp = self.exit.enter_context(_atomic_path(path))
                    pa = self.frames._pyarrow()
                    handle = self.exit.enter_context(pa.parquet.ParquetWriter(str(tmp), self.frames.arrow_schema(name)))
                self.handles[name] = handle
        except BaseException:
            self.exit.__exit__(*sys.exc_info())
            raise
        return self

    def add(self, name: str, rows: list) -> None:
        if self.format == "csv":
            if rows:
                chunks = list(self.frames.csv_lines(name, rows))
                # csv_lines starts with the header line, already written.
                self.handles[name].write("".join(chunks).split("\n", 1)[1])
            return
        self.pending[name] += rows
        if len(self.pending[name]) >= self.ROW_GROUP:
            self._flush(name)

    def _flush(self, name: str) -> None:
        pa = self.frames._pyarrow()
        rows = self.pending[name]
        self.pending[name] = []
        self.handles[name].write_table(pa.Table.from_pylist(rows, schema=self.frames.arrow_schema(name)))

    def __exit__(self, kind, value, tb):
        if kind is None and self.format == "parquet":
            for name in self.frames.TABLES:
                if self.pending[name]:
                    self._flush(name)
        return self.exit.__exit__(kind, value, tb)


def write_sqlite(path: Path | str, lines: Iterable[str]) -> int:
    """Build the SQLite database of the records in ``lines`` (JSON lines) at ``path``, atomically.

    Returns the number of records. A doc_id seen twice keeps its first record
    (the tables key items by doc_id), which callers prevent beforehand.
    """
    from . import frames

    count = 0
    with _atomic_path(Path(path)) as tmp:
        tmp.unlink()
        connection = sqlite3.connect(tmp)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            with connection:
                for statement in frames.sqlite_schema():
                    connection.execute(statement)
                connection.execute(
                    f"CREATE TABLE {RECORDS_TABLE} (doc_id TEXT PRIMARY KEY NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE, "
                    "source TEXT, content_hash TEXT, json TEXT NOT NULL)"
                )
                inserts = {
                    name: f"INSERT INTO {name} ({', '.join(c for c, _ in cols)}) VALUES ({', '.join('?' for _ in cols)})"
                    for name, cols in frames.COLUMNS.items()
                }
                seen: set[str] = set()
                for line in lines:
                    data = json.loads(line)
                    if data["doc_id"] in seen:
                        continue
                    seen.add(data["doc_id"])
                    for name, rows in frames.record_rows(data).items():
                        columns = [c for c, _ in frames.COLUMNS[name]]
                        connection.executemany(inserts[name], [[frames.sql_value(row[c]) for c in columns] for row in rows])
                    connection.execute(
                        f"INSERT INTO {RECORDS_TABLE} (doc_id, source, content_hash, json) VALUES (?, ?, ?, ?)",
                        (data["doc_id"], data.get("source"), data.get("content_hash"), line),
                    )
                    count += 1
            connection.execute("VACUUM")
        finally:
            connection.close()
    return count


def make_sink(fmt: str, output: str | None, resume: bool, include_text: bool = False) -> Sink:
    """The sink for ``--format`` and ``-o``; bad combinations are :class:`BadArgumentError` (exit 2)."""
    if fmt not in FORMATS:
        raise BadArgumentError(f"--format {fmt}: use one of {', '.join(FORMATS)}")
    if output is None:
        return _stdout_sink(fmt, resume, include_text)
    out = Path(output)
    if fmt in ("jsonl", "plover", "sqlite"):
        return _file_sink(fmt, out, resume, include_text)
    if out.exists() and not out.is_dir():
        raise BadArgumentError(f"-o {output}: is a file, but --format {fmt} writes a folder: give a folder")
    if fmt == "json":
        return JsonDirSink(out, resume, include_text)
    if fmt == "parquet":
        from .frames import _pyarrow

        _pyarrow()
    return TableSink(out, fmt, resume, include_text)


def _stdout_sink(fmt: str, resume: bool, include_text: bool) -> Sink:
    if resume:
        raise BadArgumentError("--resume needs -o OUT: records written to stdout cannot be found again")
    if fmt == "plover":
        return PloverStdoutSink()
    if fmt in (*TABLE_FORMATS, "sqlite"):
        raise BadArgumentError(f"--format {fmt} writes {'a database file' if fmt == 'sqlite' else 'one table per kind'}: give -o OUT")
    return StdoutSink(indent=1 if fmt == "json" else None, include_text=include_text)


def _file_sink(fmt: str, out: Path, resume: bool, include_text: bool) -> Sink:
    """The sinks that write one file: JSON Lines, PLOVER rows, a SQLite database (a folder gets the default name)."""
    suffixes, default, kind = {
        "jsonl": ((".jsonl", ".json"), "records.jsonl", JsonlSink),
        "plover": ((".jsonl", ".json"), "plover.jsonl", PloverSink),
        "sqlite": (SQLITE_SUFFIXES, "records.sqlite", SqliteSink),
    }[fmt]
    target = out if out.suffix.lower() in suffixes else out / default
    if target.is_dir():
        raise BadArgumentError(f"-o {out}: is a folder: give a {suffixes[0]} file or a folder without that name")
    return kind(target, resume, include_text)


def output_keys_doc_ids(fmt: str) -> bool:
    """Whether ``--format`` keys records by doc_id, so two inputs may not share one (``PX007``)."""
    return fmt not in ("jsonl", "plover")
