"""Every ``Doc._`` extension pressextract sets, registered in one place.

Values are plain data (dicts, lists, offsets), never Span objects, so that
docs survive pickling between processes (spaCy #4358).
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = {
    "px_layout": "title, dateline, headings, list items and skipped zones",
    "px_participants": "participants with their mentions as [start, end] offsets",
    "px_events": "events with times, dates and participant ids",
    "px_instruments": "instruments with mentions, parties, action",
    "px_positions": "positions with stance, actors and span",
    "px_warnings": "what could not be read or resolved",
}


_TEXT_KEY = ("px", "text")


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token on each access, and the rules
    slice the text thousands of times per document."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None:
        cached = doc.text
        doc.user_data[_TEXT_KEY] = cached
    return cached


def register() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register()
