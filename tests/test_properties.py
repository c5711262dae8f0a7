"""Any text yields a valid record whose spans are exact."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pressextract

WORDS = st.sampled_from([
    "President", "Prime Minister", "KISHIDA", "Fumio", "met", "with", "spoke", "Biden", "the two leaders", "agreed",
    "welcomed", "on February 8,", "at 6:37 p.m.", "for approximately 45 minutes", "Memorandum of Cooperation",
    "between", "Ministry of Defense of Japan", "and", "(A)", "\n", "\n\n", ".", ",", "“", "”", ":", "of Kenya", "H.E.",
    "signed", "exchanged", "today", "1.", "MoU", "dinner", "hosted", "stated that", "concurred in",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=60))
def test_any_text_gives_exact_spans(nlp, parts):
    text = " ".join(parts)
    record = pressextract.extract(text)
    assert record.check_spans(text) == []
    pressextract.Record.model_validate(record.model_dump(mode="json"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=40).map(lambda parts: " ".join(parts).encode("utf-8")),
    st.text(max_size=200).map(lambda t: t.encode("utf-16")),
))
def test_any_file_gives_a_record_or_one_line_error(nlp, tmp_path_factory, data):
    """Whatever bytes a file holds: a record whose spans are exact in the text read, or one line with a code."""
    from pressextract.io import read_document

    path = tmp_path_factory.mktemp("any") / "input.txt"
    path.write_bytes(data)
    outcome = next(pressextract.iter_outcomes([path]))
    if outcome.error is not None:
        message = str(outcome.error)
        assert "\n" not in message and message.startswith("[PX0") and str(path) in message
    else:
        record = outcome.record
        assert record.check_spans(read_document(path).text) == []
        assert record.doc_text == read_document(path).text
        pressextract.Record.model_validate(record.model_dump(mode="json"))
