"""docs/record.md is the contract in the repository: in step with the specification, the models and the schema."""

import json
import re

import pytest

from pressextract.records import Event, EventKind, Instrument, InstrumentAction, InstrumentType, Participant, Position, Record, Stance

from .conftest import ROOT

SPEC = ROOT.parent / "shared" / "spec" / "RECORD.md"
DOC = ROOT / "docs" / "record.md"
MODELS = {"Record": Record, "Event": Event, "Participant": Participant, "Instrument": Instrument, "Position": Position}


def table_fields(markdown: str) -> dict[str, list[str]]:
    """Field names in the first column of each section's table, by section heading."""
    out: dict[str, list[str]] = {}
    section = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        match = re.match(r"\|\s*`?([a-z_]+)`?\s*\|\s*([^|]*?)\s*\|", line)
        header = match and match.group(2) in ("type", "change", "verbs it covers")
        if section and match and not header:
            out.setdefault(section, []).append(match.group(1))
    return out


@pytest.mark.skipif(not SPEC.exists(), reason="../shared/spec/RECORD.md is not beside the repository")
def test_every_field_of_the_specification_is_documented_and_modelled():
    spec = table_fields(SPEC.read_text(encoding="utf-8"))
    doc = table_fields(DOC.read_text(encoding="utf-8"))
    assert set(spec) == set(MODELS)
    for section, fields in spec.items():
        assert fields, section
        missing_doc = [f for f in fields if f not in doc.get(section, [])]
        missing_model = [f for f in fields if f not in MODELS[section].model_fields]
        assert not missing_doc, f"docs/record.md, {section}: {missing_doc}"
        assert not missing_model, f"records.py, {section}: {missing_model}"


def test_every_model_field_is_documented():
    doc = table_fields(DOC.read_text(encoding="utf-8"))
    for section, model in MODELS.items():
        assert list(model.model_fields) == doc[section], f"docs/record.md, {section}: fields or their order differ from records.py"


def test_every_vocabulary_value_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for vocabulary in (EventKind, InstrumentType, InstrumentAction, Stance):
        missing = [v.value for v in vocabulary if f"`{v.value}`" not in text]
        assert not missing, f"{vocabulary.__name__}: {missing}"


def test_the_contract_is_linked_from_the_readme_and_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/record.md)" in readme
    schema = json.loads((ROOT / "docs" / "record.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:pressextract:record:{Record.model_fields['schema_version'].default}"
    assert "docs/record.md" in schema["description"]
    assert schema["properties"]["published"]["anyOf"][0]["format"] == "date"
    assert schema["$defs"]["Event"]["properties"]["date"]["anyOf"][0]["format"] == "date"
