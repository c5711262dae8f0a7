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
