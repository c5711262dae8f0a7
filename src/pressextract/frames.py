"""Flat tables of records: one row per item, for CSV, Parquet, SQLite and pandas.

The tables are derived from the pydantic models in :mod:`pressextract.records`,
so a field added to an item appears in every format without touching this
module. :data:`COLUMNS` (name -> ``[(column, type), ...]``) is the one column
definition: the CSV header, the Parquet schema, the SQLite ``CREATE TABLE``
and the pandas dtypes all come from it. :func:`flatten` is the one place a
record becomes rows; values in rows are typed Python values (``datetime.date``,
``datetime.time``, ``datetime.timedelta``, lists), and each writer renders
them its own way.

Tables:

- ``documents``: one row per record (``doc_id`` is its key), item lists as counts;
- ``events``, ``participants``, ``instruments``, ``positions``: one row per item,
  ``doc_id`` + ``id`` and the global ``key`` (``"<doc_id>#<id>"``), the evidence
  (``span_start``, ``span_end``, ``span_text``; for participants and instruments
  the first mention, with every mention's offsets in ``mentions``);
- link tables ``event_participants``, ``position_actors`` (item -> participant)
  and ``instrument_parties`` (each party as written, in order).

Column types: ``str``, ``int``, ``bool``, ``date``, ``time``, ``duration``,
``list`` (of strings) and ``spans`` (a list of ``{"start", "end"}``).
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
import re
import types
import typing
from typing import Any, Iterable, Iterator

from .errors import MissingExtraError
from .records import Event, Instrument, IsoDate, IsoDuration, IsoTime, Participant, Position, Record, Relation, Span

ITEMS = {"events": Event, "participants": Participant, "instruments": Instrument, "positions": Position}
_SPAN = [("span_start", "int"), ("span_end", "int"), ("span_text", "str")]


def _kind(annotation) -> str:
    """The column type of a model field's annotation."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return _kind(args[0])
    if annotation == IsoDate:
        return "date"
    if annotation == IsoTime:
        return "time"
    if annotation == IsoDuration:
        return "duration"
    if typing.get_origin(annotation) is list:
        return "spans" if args and args[0] is Span else "list"
    if annotation is Span:
        return "span"
    if annotation is Relation:
        return "relation"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if typing.get_origin(annotation) is typing.Literal or (isinstance(annotation, type) and issubclass(annotation, (str, enum.Enum))):
        return "str"
    raise TypeError(f"no column type for {annotation!r}: teach frames._kind about it")


def _item_columns(model) -> list[tuple[str, str]]:
    columns = [("doc_id", "str"), ("id", "str"), ("key", "str")]
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        kind = _kind(info.annotation)
        if kind == "span":
            columns += _SPAN
        elif kind == "relation":
            columns += [("relation_type", "str"), ("relation_of", "str")]
        elif kind == "spans":
            columns += [(name, "spans"), *_SPAN]
        else:
            columns.append((name, kind))
    return columns


def _document_columns() -> list[tuple[str, str]]:
    columns = [("doc_id", "str")]
    for name, info in Record.model_fields.items():
        if name in ("doc_id", "schema_version"):
            continue
        columns.append((name, "int" if name in ITEMS else _kind(info.annotation)))
    return columns + [("schema_version", "str")]


COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": _document_columns(),
    **{name: _item_columns(model) for name, model in ITEMS.items()},
    "event_participants": [("doc_id", "str"), ("event_id", "str"), ("participant_id", "str"), ("event_key", "str"), ("participant_key", "str")],
    "position_actors": [("doc_id", "str"), ("position_id", "str"), ("participant_id", "str"), ("position_key", "str"), ("participant_key", "str")],
    "instrument_parties": [("doc_id", "str"), ("instrument_id", "str"), ("n", "int"), ("party", "str"), ("instrument_key", "str")],
}
TABLES = tuple(COLUMNS)
# Primary keys, references and indexes: what SQLite declares (the other formats have no such notion).
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    **{name: ("doc_id", "id") for name in ITEMS},
    "event_participants": ("doc_id", "event_id", "participant_id"),
    "position_actors": ("doc_id", "position_id", "participant_id"),
    "instrument_parties": ("doc_id", "instrument_id", "n"),
}
REFERENCES: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]] = {
    **{name: [(("doc_id",), "documents", ("doc_id",))] for name in ITEMS},
    "event_participants": [(("doc_id", "event_id"), "events", ("doc_id", "id")), (("doc_id", "participant_id"), "participants", ("doc_id", "id"))],
    "position_actors": [(("doc_id", "position_id"), "positions", ("doc_id", "id")), (("doc_id", "participant_id"), "participants", ("doc_id", "id"))],
    "instrument_parties": [(("doc_id", "instrument_id"), "instruments", ("doc_id", "id"))],
}
INDEXES: dict[str, list[tuple[str, ...]]] = {
    "documents": [("published",), ("source",)],
    "events": [("key",), ("date",), ("kind",)],
    "participants": [("key",), ("family_name",), ("country",)],
    "instruments": [("key",), ("type",), ("action",)],
    "positions": [("key",), ("stance",)],
    "event_participants": [("doc_id", "participant_id")],
    "position_actors": [("doc_id", "participant_id")],
    "instrument_parties": [("party",)],
}


def item_key(doc_id: str, item_id: str) -> str:
    """The global key of an item: unique across documents (``"<doc_id>#<id>"``)."""
    return f"{doc_id}#{item_id}"


_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def parse_duration(text: str | None) -> dt.timedelta | None:
    """An ISO 8601 duration as written in records ("PT1H10M") -> timedelta; None when absent or unreadable."""
    match = _DURATION.match(text or "")
    if not text or not match:
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def format_duration(value: dt.timedelta) -> str:
    """timedelta -> ISO 8601 ("PT1H10M"), the form records use."""
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    out = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{seconds}S" if seconds else "")
    return out + ("T" + clock if clock or not days else "")


def _typed(value, kind: str):
    if value is None:
        return [] if kind in ("list", "spans") else None
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "time":
        return dt.time.fromisoformat(value)
    if kind == "duration":
        return parse_duration(value)
    if kind == "spans":
        return [{"start": s.start, "end": s.end} for s in value]
    if kind == "list":
        return list(value)
    return value


def _item_row(doc_id: str, item, columns) -> dict[str, Any]:
    row: dict[str, Any] = {"doc_id": doc_id, "id": item.id, "key": item_key(doc_id, item.id)}
    data = dict(item)
    span = data.get("span")
    if span is None and "mentions" in data:
        span = item.mentions[0] if item.mentions else None
    relation = data.get("relation")
    for name, kind in columns:
        if name in row:
            continue
        if name in ("span_start", "span_end", "span_text"):
            row[name] = getattr(span, name[5:]) if span is not None else None
        elif name in ("relation_type", "relation_of"):
            row[name] = getattr(relation, name[9:]) if relation is not None else None
        else:
            row[name] = _typed(data.get(name), kind)
    return row


def _as_record(item) -> Record:
    return item if isinstance(item, Record) else Record.model_validate(item)


def record_rows(record: Record | dict) -> dict[str, list[dict[str, Any]]]:
    """The rows of one record in every table."""
    r = _as_record(record)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    data = dict(r)
    tables["documents"].append({
        name: len(data[name]) if name in ITEMS else _typed(data.get(name), kind) for name, kind in COLUMNS["documents"]
    })
    for name in ITEMS:
        tables[name] = [_item_row(r.doc_id, item, COLUMNS[name]) for item in getattr(r, name)]
    key = lambda item_id: item_key(r.doc_id, item_id)  # noqa: E731
    tables["event_participants"] = [
        {"doc_id": r.doc_id, "event_id": e.id, "participant_id": p, "event_key": key(e.id), "participant_key": key(p)}
        for e in r.events for p in dict.fromkeys(e.participants)
    ]
    tables["position_actors"] = [
        {"doc_id": r.doc_id, "position_id": s.id, "participant_id": p, "position_key": key(s.id), "participant_key": key(p)}
        for s in r.positions for p in dict.fromkeys(s.actors)
    ]
    tables["instrument_parties"] = [
        {"doc_id": r.doc_id, "instrument_id": i.id, "n": n, "party": party, "instrument_key": key(i.id)}
        for i in r.instruments for n, party in enumerate(i.parties, 1)
    ]
    return tables


def flatten(records: Iterable[Record | dict]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table (see the module doc), values typed (dates, times, durations, lists)."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in records:
        for name, rows in record_rows(record).items():
            tables[name] += rows
    return tables


def to_frames(records: Iterable[Record | dict]) -> dict[str, Any]:
    """Every table of :data:`COLUMNS` -> a pandas DataFrame.

    Needs pandas (``pip install 'pressextract[frames]'``). Records may be
    :class:`Record` objects or their JSON dicts (e.g. lines of a .jsonl).
    dtypes: ``string``, ``Int64``, ``boolean``, ``datetime64[ns]`` for dates,
    ``timedelta64[ns]`` for durations; times (``datetime.time``) and lists stay objects.
    """
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("to_frames needs pandas: pip install 'pressextract[frames]'") from None
    dtypes = {"str": "string", "int": "Int64", "bool": "boolean", "date": "datetime64[ns]", "duration": "timedelta64[ns]"}
    frames = {}
    for name, rows in flatten(records).items():
        columns = COLUMNS[name]
        frame = pd.DataFrame(rows, columns=[c for c, _ in columns])
        frames[name] = frame.astype({c: dtypes[t] for c, t in columns if t in dtypes})
    return frames


# -- rendering for text formats --------------------------------------------------------------


def cell_text(value) -> str:
    """A typed value as CSV (and HTML) shows it: ISO dates, "HH:MM", ISO durations, JSON arrays, true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.timedelta):
        return format_duration(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def csv_lines(name: str, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One table as CSV text, chunk by chunk: a header, ``\\n`` line ends, empty cells for null."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = [c for c, _ in COLUMNS[name]]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row[c]) for c in columns])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_text(name: str, rows: list[dict[str, Any]]) -> str:
    """One table as CSV (see :func:`csv_lines`)."""
    return "".join(csv_lines(name, rows))


def arrow_schema(name: str):
    """The Parquet (Arrow) schema of one table (needs pyarrow)."""
    pa = _pyarrow()
    types = {
        "str": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "date": pa.date32(), "time": pa.time32("ms"),  # Parquet stores times in ms (no seconds unit)
        "duration": pa.duration("s"), "list": pa.list_(pa.string()),
        "spans": pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64())])),
    }
    return pa.schema([(c, types[t]) for c, t in COLUMNS[name]])


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise MissingExtraError("--format parquet needs pyarrow: pip install 'pressextract[parquet]'") from None
    return pyarrow


def parquet_bytes(name: str, rows: list[dict[str, Any]]) -> bytes:
    """One table as Parquet bytes, with the fixed schema of :func:`arrow_schema`."""
    pa = _pyarrow()
    table = pa.Table.from_pylist(rows, schema=arrow_schema(name))
    sink = pa.BufferOutputStream()
    pa.parquet.write_table(table, sink)
    return sink.getvalue().to_pybytes()


SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "bool": "BOOLEAN", "date": "DATE", "time": "TIME", "duration": "TEXT", "list": "TEXT", "spans": "TEXT"}


def sql_value(value):
    """A typed value as SQLite stores it: ISO text for dates, times and durations, JSON text for lists, 0/1."""
    if value is None or isinstance(value, (int, str)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return int(value)
    return cell_text(value)


def sqlite_schema() -> list[str]:
    """``CREATE TABLE`` and ``CREATE INDEX`` statements of every table, parents first."""
    statements = []
    for name in TABLES:
        parts = [f"{c} {SQL_TYPES[t]}" + (" NOT NULL" if c in PRIMARY_KEYS[name] else "") for c, t in COLUMNS[name]]
        parts.append(f"PRIMARY KEY ({', '.join(PRIMARY_KEYS[name])})")
        for cols, parent, parent_cols in REFERENCES.get(name, []):
            parts.append(f"FOREIGN KEY ({', '.join(cols)}) REFERENCES {parent} ({', '.join(parent_cols)}) ON DELETE CASCADE")
        statements.append(f"CREATE TABLE {name} (\n  " + ",\n  ".join(parts) + "\n)")
        for cols in INDEXES.get(name, []):
            statements.append(f"CREATE INDEX {name}_{'_'.join(cols)} ON {name} ({', '.join(cols)})")
    return statements
