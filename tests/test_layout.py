"""The shape of a release (px_layout, px_sentences): the quoted examples of layout.py."""

import pytest
import spacy

READER = spacy.blank("en").add_pipe("px_layout").reader
LONG = "The two leaders agreed that the relationship matters a great deal to both countries and to the region."


def test_a_breadcrumb_gives_way_to_the_headline_below_it():
    text = "Japan-Kenya Relations\nPrime Minister Kishida meets President Ruto\n\nFebruary 8, 2024\n\n" + LONG
    layout = READER.analyse(text)
    assert text[slice(*layout.title)] == "Prime Minister Kishida meets President Ruto"


@pytest.mark.parametrize("line", ["(Photo: Cabinet Public Relations Office)", "Photographs of the meeting", "[Photo] The leaders", "Back to top"])
def test_photo_credits_and_navigation_are_skipped(line):
    text = f"Readout\n\nFebruary 8, 2024\n\n{LONG}\n{line}\n{LONG}\n"
    layout = READER.analyse(text)
    assert [text[s:e] for s, e in layout.skip] == [line]


def test_the_signing_line_and_its_signatories():
    text = (
        "Agreement\n\nOctober 26, 2025\n\n" + LONG + "\n\n"
        "Signed at Kuala Lumpur, on the 26th of October 2025, in duplicate, in the English language.\n\n"
        "For the Government of Malaysia:\nAnwar Ibrahim\nPrime Minister\n\n"
        "For the Government of Japan:\nIshiba Shigeru\nPrime Minister\n"
    )
    block = READER.signature_block(text)
    assert block.place == "Kuala Lumpur" and text[slice(*block.when)] == "the 26th of October 2025"
    assert [(s.party, text[slice(*s.name)]) for s in block.signatories] == [("Government of Malaysia", "Anwar Ibrahim"), ("Government of Japan", "Ishiba Shigeru")]


def test_columns_flattened_onto_one_line_are_not_read():
    text = "Signed at Tokyo on 1 May 2024.\n\nFor the Government of A For the Government of B:\nName One Name Two\n"
    assert READER.signature_block(text).signatories == []


@pytest.mark.parametrize("line, heading", [("Economic Relations and Trade", "Economic Relations and Trade"), ("Economic relations and trade", None)])
def test_title_case_headings_allow_the_small_words(line, heading):
    assert READER.is_heading(line, LONG) == heading


def test_sentences_start_after_a_short_line_and_after_terminal_punctuation():
    nlp = spacy.blank("en")
    nlp.add_pipe("px_sentences")
    doc = nlp("Overview\nThe leaders met in Tokyo and talked\nabout trade. They agreed.\nNext steps follow")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Overview", "The", "Next"]
