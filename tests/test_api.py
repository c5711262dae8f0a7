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


def test_records_carry_hash_and_text(nlp):
    record = pressextract.extract_file(SEED)
    assert record.content_hash.startswith("sha256:") and len(record.content_hash) == 71
    assert record.doc_text == SEED.read_text(encoding="utf-8")
    assert "content_hash" in record.model_dump(mode="json") and "_text" not in record.model_dump(mode="json")


def test_a_component_that_raises_fails_only_its_document(monkeypatch):
    """A pipeline bug on one document gives that document an ExtractionError; the rest of the batch is unharmed."""
    from spacy.language import Language

    import pressextract.api as api
    from pressextract.errors import ExtractionError
    from pressextract.pipeline import build

    @Language.component("px_test_boom")
    def boom(doc):
        if "BOOM" in doc.text:
            raise RuntimeError("boom on this one")
        return doc

    fresh = build()
    fresh.add_pipe("px_test_boom", last=True)
    import pressextract.runner as runner

    monkeypatch.setattr(api, "load", lambda model=None: fresh)
    monkeypatch.setattr(runner, "load", lambda model=None: fresh)
    texts = [f"President Biden spoke with Prime Minister Trudeau of Canada. {n}" for n in range(5)]
    texts[2] += " BOOM"
    outcomes = list(api.iter_outcomes(texts + [SEED], batch_size=2))
    assert [o.error is None for o in outcomes] == [True, True, False, True, True, True]
    assert isinstance(outcomes[2].error, ExtractionError)
    assert str(outcomes[2].error).startswith("[PX013] doc-3: extraction failed (RuntimeError: boom on this one)")
    assert [o.record.doc_id for o in outcomes if o.record] == ["doc-1", "doc-2", "doc-4", "doc-5", SEED.stem]


def test_too_long_text_is_refused_in_one_line(nlp):
    from pressextract.errors import InputTooLargeError

    with pytest.raises(InputTooLargeError) as info:
        pressextract.extract("word " * 250_001)
    assert str(info.value).startswith("[PX004] <text>: is 1,250,005 characters long")
