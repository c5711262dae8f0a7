import pytest

import pressextract
from pressextract.errors import BadArgumentError

from .conftest import SEED


def test_extract_many_is_a_generator_in_input_order(nlp):
    texts = ["Call\n\nJanuary 22, 2021\n\nPresident Biden spoke with Prime Minister Justin Trudeau of Canada.", SEED]
    records = list(pressextract.extract_many(texts))
    assert [r.doc_id for r in records] == ["doc-1", SEED.stem]


def test_extract_many_same_output_across_batch_sizes(nlp):
    paths = [SEED] * 3
    a = [r.model_dump_json() for r in pressextract.extract_many(paths, batch_size=1)]
    b = [r.model_dump_json() for r in pressextract.extract_many(paths, batch_size=8)]
    assert a == b


def test_published_argument_validated(nlp):
    with pytest.raises(BadArgumentError):
        pressextract.extract("text", published="yesterday")


def test_published_overrides_dateline(nlp):
    record = pressextract.extract("Readout\n\nPresident Biden spoke today with Prime Minister Trudeau of Canada.", published="2021-01-22")
    assert record.published == "2021-01-22"
    assert record.events[0].date == "2021-01-22"


def test_no_dateline_warns(nlp):
    record = pressextract.extract("President Biden spoke today with Prime Minister Trudeau of Canada.")
    assert any("PX012" in w for w in record.warnings)


def test_saved_pipeline_loads_with_plain_spacy_load(nlp, tmp_path):
    import spacy

    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert [n for n in reloaded.pipe_names if n.startswith("px_")] == [n for n in nlp.pipe_names if n.startswith("px_")]
    doc = reloaded(SEED.read_text(encoding="utf-8"))
    assert doc._.px_events and doc.spans["px_events"]
