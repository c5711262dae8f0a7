"""Reading saved results back into records: what :func:`pressextract.read_records` and ``show OUT DOC_ID`` use.

Every output ``pressextract extract`` writes can be read back: a JSON Lines
file, a folder of ``<doc_id>.json`` files, a CSV/Parquet tables folder (the
full records are kept beside the tables in ``.records.jsonl``), an
``--engine ray`` folder (``records.jsonl``) and a SQLite database (its
``records`` table).
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from pydantic import ValidationError

from .errors import ResultsFileError
from .records import Record
from .sinks import RECORDS_TABLE, SQLITE_SUFFIXES, TableSink

_FIX = "give a file or folder written by pressextract extract"


def iter_records(path: str | os.PathLike) -> Iterator[Record]:
    """The records saved at ``path`` (see the module doc), one at a time, in their saved order."""
    path = Path(path)
    if path.is_dir():
        for name in ("records.jsonl", TableSink.STORE):
            if (path / name).is_file():
                yield from _from_jsonl(path / name)
                return
        files = sorted(p for p in path.glob("*.json") if not p.name.startswith("."))
        if not files:
            raise ResultsFileError(f"holds no records.jsonl, .records.jsonl or <doc_id>.json files: {_FIX}", path=str(path))
        for file in files:
            yield _record(_load_json(file), str(file))
        return
    if not path.exists():
        from .errors import InputNotFoundError

        raise InputNotFoundError(f"does not exist: {_FIX}", path=str(path))
    if path.suffix.lower() in SQLITE_SUFFIXES or _is_sqlite(path):
        yield from _from_sqlite(path)
    elif path.suffix.lower() == ".json":
        data = _load_json(path)
        for n, item in enumerate(data if isinstance(data, list) else [data], 1):
            yield _record(item, f"{path}[{n}]" if isinstance(data, list) else str(path))
    else:
        yield from _from_jsonl(path)


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _load_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResultsFileError(f"cannot be read ({exc.strerror or exc}): check its permissions", path=str(path)) from None
    except ValueError as exc:
        raise ResultsFileError(f"is not JSON ({exc}): {_FIX}", path=str(path)) from None


def _from_jsonl(path: Path) -> Iterator[Record]:
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise ResultsFileError(f"cannot be read ({exc.strerror or exc}): check the path", path=str(path)) from None
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as exc:
                raise ResultsFileError(f"line {n} is not JSON ({exc.msg}): {_FIX}", path=str(path)) from None
            yield _record(data, f"{path}:{n}")


def _from_sqlite(path: Path) -> Iterator[Record]:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = connection.execute(f"SELECT doc_id, json FROM {RECORDS_TABLE} ORDER BY rowid")
        for doc_id, text in rows:
            yield _record(json.loads(text), f"{path} ({doc_id})")
        connection.close()
    except sqlite3.Error as exc:
        raise ResultsFileError(f"is not a pressextract database ({exc}): {_FIX} --format sqlite", path=str(path)) from None


def _record(data, where: str) -> Record:
    if not isinstance(data, dict):
        raise ResultsFileError(f"holds a {type(data).__name__}, not a record: {_FIX}", path=where)
    text = data.get("text")
    try:
        # A record saved with its text is checked against it: every span must be the text at its offsets.
        record = Record.model_validate(data, context={"doc_text": text} if isinstance(text, str) else None)
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(p) for p in first["loc"])
        raise ResultsFileError(f"is not a record ({at}: {first['msg']}): {_FIX}", path=where) from None
    return record
