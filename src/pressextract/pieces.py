"""Long documents through spaCy in pieces, so memory does not grow with one document's length.

spaCy's tok2vec and parser hold activations for every token of a doc at once:
a 1 MB release took 2.8 GB in one process, whatever the batch size. A
document longer than :data:`PIECE_CHARS` is therefore cut at paragraph
breaks into pieces; the components that read only tokens and their
neighbours (spaCy's own, and ``px_sentences``) run on each piece, the pieces
are joined back into one ``Doc`` over the unchanged text
(``Doc.from_docs``), and the components that read the whole release
(layout, people, events, ...) run on that joined doc, in pipeline order.

A cut is made only after a blank line that ends a sentence and before a
capital, where the parser starts a new sentence anyway, so the parse of each
piece is the parse the whole text gets (a test compares the records of long
documents made both ways). Documents up to :data:`PIECE_CHARS` go through
``nlp`` unchanged.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

PIECE_CHARS = 50_000
"""Documents longer than this are processed in pieces of at most about this many characters."""

# Components that read only a token and its near neighbours: safe to run piece by piece.
TOKEN_LEVEL_FACTORIES = frozenset({
    "tok2vec", "transformer", "tagger", "morphologizer", "senter", "sentencizer", "parser", "attribute_ruler",
    "lemmatizer", "trainable_lemmatizer", "ner", "px_sentences",
})

# A paragraph break after the end of a sentence, before a capital letter or a digit.
_BREAK = re.compile(r"(?<=[.!?:;\"'\u201d\u2019)\]])[ \t]*\n[ \t]*\n\s*(?=[A-Z0-9\u201c\"(])")


def cut_points(text: str, size: int = PIECE_CHARS) -> list[int]:
    """Offsets where ``text`` is cut: at paragraph breaks (see the module doc), each piece at most ``size``
    characters where the breaks allow it; a paragraph longer than ``size`` stays one piece."""
    cuts: list[int] = []
    start = 0
    fit = None  # the furthest break within ``size`` of ``start``
    for point in (m.end() for m in _BREAK.finditer(text)):
        if point - start > size and fit is not None:
            cuts.append(fit)
            start, fit = fit, None
        if point - start > size:
            cuts.append(point)
            start = point
            continue
        fit = point
    if len(text) - start > size and fit is not None:
        cuts.append(fit)
    return cuts


def _is_token_level(nlp: Language, name: str) -> bool:
    return nlp.get_pipe_meta(name).factory in TOKEN_LEVEL_FACTORIES


def process(nlp: Language, doc: Doc, size: int = PIECE_CHARS) -> Doc:
    """``nlp(doc)``, with the token-level components run piece by piece when the text is longer than ``size``."""
    text = doc.text
    cuts = cut_points(text, size) if len(text) > size else []
    if not cuts:
        return nlp(doc)
    bounds = list(zip([0, *cuts], [*cuts, len(text)], strict=True))
    pieces = []
    for start, end in bounds:
        piece = nlp.make_doc(text[start:end])
        for name, component in nlp.pipeline:
            if _is_token_level(nlp, name):
                piece = component(piece)
        # The activations are not read after the parser; dropping them keeps memory to one piece's worth.
        piece.tensor = piece.tensor[:0]
        pieces.append(piece)
    joined = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor", "user_data"])
    if joined is None or joined.text != text:  # pragma: no cover - from_docs keeps the text when whitespace is kept
        return nlp(doc)
    # The caller's context and any other Doc._ value set before processing go with the text.
    joined.user_data.update(doc.user_data)
    for name, component in nlp.pipeline:
        if not _is_token_level(nlp, name):
            joined = component(joined)
    return joined
