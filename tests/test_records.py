import json

import pytest
from pydantic import ValidationError

from pressextract.records import Record, Span, record_json_schema

from .conftest import ROOT


def test_span_text_must_match_offsets():
    Span(start=3, end=8, text="hello")
    with pytest.raises(ValidationError):
        Span(start=3, end=9, text="hello")
    with pytest.raises(ValidationError):
        Span(start=5, end=3, text="")


def test_span_checked_against_document_text():
    text = "The two leaders agreed."
    Span.model_validate({"start": 4, "end": 7, "text": "two"}, context={"doc_text": text})
    with pytest.raises(ValidationError):
        Span.model_validate({"start": 4, "end": 7, "text": "owt"}, context={"doc_text": text})


def test_record_rejects_unknown_vocabulary():
    base = {"doc_id": "x", "events": [{"id": "e1", "kind": "party", "span": {"start": 0, "end": 1, "text": "x"}}]}
    with pytest.raises(ValidationError):
        Record.model_validate(base)
    base["events"][0]["kind"] = "dinner"
    assert Record.model_validate(base).events[0].kind == "dinner"


def test_record_rejects_bad_date_and_time():
    with pytest.raises(ValidationError):
        Record(doc_id="x", published="8 February 2024")
    with pytest.raises(ValidationError):
        Record.model_validate({"doc_id": "x", "events": [{"id": "e1", "kind": "meeting", "start_time": "6:37 p.m.", "span": {"start": 0, "end": 1, "text": "x"}}]})


def test_countries_sorted_and_unique():
    assert Record(doc_id="x", countries=["KE", "JP", "KE"]).countries == ["JP", "KE"]


def test_schema_file_is_current():
    committed = json.loads((ROOT / "docs" / "record.schema.json").read_text(encoding="utf-8"))
    assert committed == record_json_schema(), "docs/record.schema.json is stale: run `make schema`"


def test_every_field_has_a_description():
    schema = record_json_schema()
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no docstring"


def test_gold_files_load_as_records():
    from .conftest import CORPUS

    from pressextract.evaluate import with_ids

    paths = sorted(CORPUS.rglob("*.gold.json"))
    assert paths
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        Record.model_validate(with_ids(data))
