"""Flat tables of records: one row per item, for CSV, Parquet and pandas.

``flatten`` is the one place a record becomes rows; the CSV and Parquet
writers of ``pressextract extract`` and :func:`to_frames` all use it, so a
column means the same thing everywhere. Every item row carries ``doc_id`` and
the span it was read from (``span_start``, ``span_end``, ``span_text``; for
participants and instruments the first mention, with every mention's offsets
in ``mentions`` as ``"start:end; start:end"``). Lists of strings are joined
with ``"; "``.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from .errors import MissingExtraError
from .records import Record

# Column name -> type ("str", "int", "bool"): the header of the CSV files, the
# pandas dtypes and the Parquet schema, so empty tables keep their columns.
_SPAN = [("span_start", "int"), ("span_end", "int"), ("span_text", "str")]
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc_id", "str"), ("source", "str"), ("title", "str"), ("published", "str"), ("countries", "str"),
        ("events", "int"), ("participants", "int"), ("instruments", "int"), ("positions", "int"),
        ("warnings", "str"), ("content_hash", "str"),
    ],
    "events": [
        ("doc_id", "str"), ("id", "str"), ("kind", "str"), ("date", "str"), ("start_time", "str"), ("end_time", "str"),
        ("duration_minutes", "int"), ("duration", "str"), ("approximate", "bool"), ("time_zone", "str"),
        ("location", "str"), ("participants", "str"), *_SPAN,
    ],
    "participants": [
        ("doc_id", "str"), ("id", "str"), ("name", "str"), ("family_name", "str"), ("given_name", "str"),
        ("title", "str"), ("country", "str"), ("person_key", "str"), ("organization", "str"), ("honorifics", "str"),
        ("relation_type", "str"), ("relation_of", "str"), ("mentions", "str"), *_SPAN,
    ],
    "instruments": [
        ("doc_id", "str"), ("id", "str"), ("type", "str"), ("title", "str"), ("label", "str"), ("parties", "str"),
        ("countries", "str"), ("field", "str"), ("action", "str"), ("mentions", "str"), *_SPAN,
    ],
    "positions": [
        ("doc_id", "str"), ("id", "str"), ("stance", "str"), ("verb", "str"), ("actors", "str"), ("actor_text", "str"),
        ("joint", "bool"), ("content", "str"), ("topic", "str"), ("section", "str"), *_SPAN,
    ],
}
TABLES = tuple(COLUMNS)


def _join(values: Iterable[str]) -> str:
    return "; ".join(values)


def _span(span) -> dict[str, Any]:
    if span is None:
        return {"span_start": None, "span_end": None, "span_text": None}
    return {"span_start": span.start, "span_end": span.end, "span_text": span.text}


def _mentions(mentions) -> str:
    return _join(f"{m.start}:{m.end}" for m in mentions)


def _as_record(item) -> Record:
    return item if isinstance(item, Record) else Record.model_validate(item)


def flatten(records: Iterable[Record | dict]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table (``documents``, ``events``, ``participants``, ``instruments``, ``positions``)."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for item in records:
        r = _as_record(item)
        tables["documents"].append({
            "doc_id": r.doc_id, "source": r.source, "title": r.title, "published": r.published,
            "countries": _join(r.countries), "events": len(r.events), "participants": len(r.participants),
            "instruments": len(r.instruments), "positions": len(r.positions), "warnings": _join(r.warnings),
            "content_hash": r.content_hash,
        })
        for e in r.events:
            tables["events"].append({
                "doc_id": r.doc_id, "id": e.id, "kind": e.kind, "date": e.date, "start_time": e.start_time,
                "end_time": e.end_time, "duration_minutes": e.duration_minutes, "duration": e.duration,
                "approximate": e.approximate, "time_zone": e.time_zone, "location": e.location,
                "participants": _join(e.participants), **_span(e.span),
            })
        for p in r.participants:
            tables["participants"].append({
                "doc_id": r.doc_id, "id": p.id, "name": p.name, "family_name": p.family_name, "given_name": p.given_name,
                "title": p.title, "country": p.country, "person_key": p.person_key, "organization": p.organization, "honorifics": _join(p.honorifics),
                "relation_type": p.relation.type if p.relation else None, "relation_of": p.relation.of if p.relation else None,
                "mentions": _mentions(p.mentions), **_span(p.mentions[0] if p.mentions else None),
            })
        for i in r.instruments:
            tables["instruments"].append({
                "doc_id": r.doc_id, "id": i.id, "type": i.type, "title": i.title, "label": i.label,
                "parties": _join(i.parties), "countries": _join(i.countries), "field": i.field, "action": i.action,
                "mentions": _mentions(i.mentions), **_span(i.mentions[0] if i.mentions else None),
            })
        for s in r.positions:
            tables["positions"].append({
                "doc_id": r.doc_id, "id": s.id, "stance": s.stance, "verb": s.verb, "actors": _join(s.actors),
                "actor_text": s.actor_text, "joint": s.joint, "content": s.content, "topic": s.topic,
                "section": s.section, **_span(s.span),
            })
    return tables


def to_frames(records: Iterable[Record | dict]) -> dict[str, Any]:
    """``{"documents", "events", "participants", "instruments", "positions"}`` -> pandas DataFrame.

    Needs pandas (``pip install 'pressextract[frames]'``). Records may be
    :class:`Record` objects or their JSON dicts (e.g. lines of a .jsonl).
    """
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("to_frames needs pandas: pip install 'pressextract[frames]'") from None
    dtypes = {"str": "string", "int": "Int64", "bool": "boolean"}
    frames = {}
    for name, rows in flatten(records).items():
        columns = COLUMNS[name]
        frame = pd.DataFrame(rows, columns=[c for c, _ in columns])
        frames[name] = frame.astype({c: dtypes[t] for c, t in columns})
    return frames


def csv_text(name: str, rows: list[dict[str, Any]]) -> str:
    """One table as CSV: a header, ``\\n`` line ends, empty cells for null, ``true``/``false`` for booleans."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = [c for c, _ in COLUMNS[name]]
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else ("true" if row[c] else "false") if isinstance(row[c], bool) else row[c] for c in columns])
    return buffer.getvalue()


def parquet_bytes(name: str, rows: list[dict[str, Any]]) -> bytes:
    """One table as Parquet bytes, with a fixed schema (needs pyarrow)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("--format parquet needs pyarrow: pip install 'pressextract[parquet]'") from None
    types = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_()}
    schema = pa.schema([(c, types[t]) for c, t in COLUMNS[name]])
    table = pa.Table.from_pylist(rows, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()
