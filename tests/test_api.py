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


CALL = "Readout\n\nJanuary 22, 2021\n\nPresident Biden spoke with Prime Minister Justin Trudeau of Canada."


def test_a_mistyped_path_is_refused_not_read_as_text(nlp, tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        list(pressextract.extract_many([str(tmp_path / "typo.txt")]))
    assert str(info.value).startswith("[PX001]") and "neither an existing file nor a text" in str(info.value)
    with pytest.raises(FileNotFoundError):
        list(pressextract.extract_many(["Kenya"]))
    # one line of words is plainly a text
    [record] = pressextract.extract_many(["President Biden spoke with Prime Minister Trudeau of Canada."])
    assert record.doc_id == "doc-1" and record.source is None


def test_paths_and_texts_say_which(nlp, tmp_path):
    with pytest.raises(FileNotFoundError):
        list(pressextract.extract_many(paths=["President Biden spoke with Prime Minister Trudeau."]))
    [record] = pressextract.extract_many(texts=["Kenya"])
    assert record.doc_id == "doc-1"
    with pytest.raises(BadArgumentError):
        list(pressextract.extract_many([SEED], texts=["x"]))


def test_ids_as_pairs_or_doc_ids(nlp):
    records = list(pressextract.extract_many([(CALL, "canada"), (SEED, "kenya")]))
    assert [r.doc_id for r in records] == ["canada", "kenya"] and records[1].source == str(SEED)
    records = list(pressextract.extract_many(texts=[CALL, CALL], doc_ids=["a", "b"]))
    assert [r.doc_id for r in records] == ["a", "b"]
    with pytest.raises(BadArgumentError, match="one id per input"):
        list(pressextract.extract_many(texts=[CALL, CALL], doc_ids=["a"]))


def test_extract_many_published_and_extract_file_doc_id(nlp, tmp_path):
    undated = "Readout\n\nPresident Biden spoke today with Prime Minister Trudeau of Canada."
    [record] = pressextract.extract_many(texts=[undated], published="2021-01-22")
    assert record.published == "2021-01-22" and record.events[0].date == "2021-01-22"
    record = pressextract.extract_file(SEED, doc_id="kenya", url="https://example.org/k")
    assert (record.doc_id, record.url, record.source) == ("kenya", "https://example.org/k", str(SEED))


def test_errors_subclass_the_built_ins(tmp_path):
    from pressextract.errors import InputReadError, PressExtractError

    with pytest.raises(FileNotFoundError) as info:
        pressextract.extract_file(tmp_path / "missing.txt")
    assert isinstance(info.value, InputReadError) and isinstance(info.value, PressExtractError)
    assert str(info.value) == f"[PX001] {tmp_path / 'missing.txt'}: does not exist (or is a broken symlink): check the path"
    assert issubclass(InputReadError, OSError) and issubclass(BadArgumentError, ValueError)
    with pytest.raises(ValueError):
        pressextract.extract("text", published="yesterday")


def test_record_list_slices_filters_and_writes(nlp, tmp_path):
    records = pressextract.extract_all([SEED, CALL, (CALL, "again")])
    assert isinstance(records[0:2], pressextract.RecordList) and isinstance(records[::2], pressextract.RecordList)
    assert [r.doc_id for r in records.filter(countries="KE")] == [SEED.stem]
    assert [r.doc_id for r in records.filter(lambda r: r.doc_id.startswith("doc"))] == ["doc-2"]
    assert [r.doc_id for r in records.filter(published="2021-01-22")] == ["doc-2", "again"]
    with pytest.raises(BadArgumentError, match="no such field"):
        records.filter(country="KE")
    from pressextract.sinks import record_json

    assert records.to_jsonl() == "".join(record_json(r) + "\n" for r in records)
    records.to_jsonl(tmp_path / "r.jsonl", include_text=True)
    again = pressextract.read_records(tmp_path / "r.jsonl")
    assert [r.doc_text for r in again] == [r.doc_text for r in records] and again[0].text == SEED.read_text(encoding="utf-8")
    assert set(records[1:].to_frames()["documents"]["doc_id"]) == {"doc-2", "again"}


def test_short_reprs(nlp):
    records = pressextract.extract_all([SEED, CALL, CALL, CALL])
    assert repr(records[0]) == (f"Record(doc_id='{SEED.stem}', published='2024-02-08', title='Japan-Kenya Relations', "
                                f"{len(records[0].events)} events, {len(records[0].participants)} participants, "
                                f"{len(records[0].instruments)} instruments, {len(records[0].positions)} positions)")
    assert repr(records) == f"RecordList(4 records: {SEED.stem}, doc-2, doc-3, … 1 more)"
    assert len(repr(records[0])) < 200


@pytest.mark.slow
def test_python_dash_m_runs_the_command_line():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "pressextract", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("pressextract ")
