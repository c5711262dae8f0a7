"""Every ``Doc._`` extension pressextract sets, registered in one place.

Values are plain data (dataclasses of offsets, strings and numbers), never
Span objects, so that docs survive pickling between processes (spaCy #4358).
The caller's context (``doc_id``, ``published``, ...) travels on the doc as
``doc._.px_context``, so a document is processed the spaCy way, by ``nlp(doc)``
or ``nlp.pipe(docs)``, with nothing passed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

EXTENSIONS = {
    "px_context": "what the caller says of the document: doc_id, source, published, reading warnings",
    "px_layout": "title, dateline, headings, list items and skipped zones",
    "px_participants": "participants with their mentions as (start, end) offsets",
    "px_events": "events with times, dates and participant indexes",
    "px_principals": "indexes of the principals: who meets whom in the first exchange",
    "px_instruments": "instruments with mentions, parties, action",
    "px_positions": "positions with stance, actors and span",
    "px_warnings": "what could not be read or resolved",
}


@dataclass
class DocContext:
    """What the caller knows of a document beyond its text."""

    doc_id: str = "doc"
    source: str | None = None
    published: str | None = None
    """The release date (YYYY-MM-DD) given by the caller; it overrides the dateline."""
    warnings: list[str] = field(default_factory=list)
    """Notes from reading the input (decoding, HTML), carried into the record."""


def context_of(doc: Doc) -> DocContext:
    """The doc's context, or an empty one for a doc made without it (``nlp("text")``)."""
    return doc._.px_context or DocContext()


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
