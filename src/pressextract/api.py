"""The Python API: ``extract``, ``extract_file``, ``extract_many``, ``extract_all``, ``iter_outcomes``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import BadArgumentError, PressExtractError
from .extensions import DocContext
from .io import DocumentText, hash_text, read_document
from .pipeline import load
from .records import Record
from .runner import check_length, check_published, iter_item_outcomes, record_of


def extract(text: str, doc_id: str | None = None, published: str | None = None, source: str | None = None, *, model: str | None = None) -> Record:
    """Extract the record of one readout given as text.

    ``published`` ("YYYY-MM-DD") overrides the dateline; ``doc_id`` defaults to "doc".
    """
    if not isinstance(text, str):
        raise BadArgumentError(f"text must be a str, not {type(text).__name__}: decode bytes first or use extract_file()")
    nlp = load(model)
    document = DocumentText(text=text, source=source, sha256=hash_text(text))
    check_length(nlp, document)
    context = DocContext(doc_id or "doc", source, check_published(published))
    return record_of(nlp, document, context)


def extract_file(path: str | os.PathLike, published: str | None = None, *, model: str | None = None) -> Record:
    """Extract the record of one file (.txt, .md, .html); ``doc_id`` is the file stem."""
    document = read_document(path)
    nlp = load(model)
    check_length(nlp, document)
    context = DocContext(Path(path).stem, str(path), check_published(published), list(document.warnings))
    return record_of(nlp, document, context)


@dataclass
class Outcome:
    """One input's result: a record, or the error that stopped it."""

    source: str
    record: Record | None = None
    error: PressExtractError | None = None


def _as_document(item, n: int) -> tuple[str, DocumentText]:
    if isinstance(item, os.PathLike) or (isinstance(item, str) and "\n" not in item and len(item) < 4096 and os.path.isfile(item)):
        path = Path(item)
        return path.stem, read_document(path)
    if isinstance(item, str):
        return f"doc-{n + 1}", DocumentText(text=item, source=None, sha256=hash_text(item))
    raise BadArgumentError(f"item {n + 1} is a {type(item).__name__}: pass paths or texts")


def _name_of(item, n: int) -> str:
    if isinstance(item, (str, os.PathLike)) and not (isinstance(item, str) and ("\n" in item or len(item) >= 4096)):
        return str(item)
    return f"doc-{n + 1}"


def iter_outcomes(items: Iterable, n_process: int = 1, batch_size: int = 16, *, model: str | None = None, published: str | None = None) -> Iterator[Outcome]:
    """One outcome per input, in input order: a record, or the one-line error of that input.

    Nothing an input holds stops the batch: unreadable, binary, undecodable
    and oversized inputs give an error outcome before spaCy sees them, and if
    the pipeline itself raises on a document, the documents in flight are
    redone one by one so only the culprit fails (as :class:`ExtractionError`).
    With ``n_process`` > 1 the work runs in worker processes; the records are
    the same, byte for byte, whatever ``n_process`` and ``batch_size``.
    """
    published = check_published(published)
    texts: dict[int, str] = {}

    def as_items():
        for n, item in enumerate(items):
            try:
                doc_id, document = _as_document(item, n)
            except PressExtractError as exc:
                yield {"doc_id": None, "source": _name_of(item, n), "error": str(exc), "code": exc.code, "exception": exc}
                continue
            texts[n] = document.text
            yield {
                "doc_id": doc_id, "text": document.text, "source": document.source, "published": published,
                "warnings": list(document.warnings), "content_hash": document.sha256,
            }

    for out in iter_item_outcomes(as_items(), model=model, n_process=n_process, batch_size=batch_size):
        text = texts.pop(out["index"], None)
        source = out["source"] or out["doc_id"]
        if out["error"] is not None:
            yield Outcome(source=source, error=out["exception"])
            continue
        record = out.get("record_object")
        if record is None:
            record = Record.model_validate(out["record"])
            record._text = text
        yield Outcome(source=source, record=record)


def extract_many(paths_or_texts: Iterable, n_process: int = 1, batch_size: int = 16, *, model: str | None = None, on_error: str = "raise") -> Iterator[Record]:
    """Records for many paths or texts (a generator over ``nlp.pipe``), in input order.

    ``on_error="raise"`` stops at the first unreadable input; ``"skip"`` leaves it out.
    """
    if on_error not in ("raise", "skip"):
        raise BadArgumentError(f"on_error={on_error!r}: use 'raise' or 'skip'")
    for outcome in iter_outcomes(paths_or_texts, n_process=n_process, batch_size=batch_size, model=model):
        if outcome.error is not None:
            if on_error == "raise":
                raise outcome.error
            continue
        yield outcome.record


class RecordList(list):
    """A list of records that shows itself in Jupyter: an overview table, then each document highlighted."""

    def _repr_html_(self) -> str:
        from .display import records_html

        return records_html(self)

    def to_frames(self) -> dict:
        """The flat tables of these records as pandas DataFrames (see :func:`pressextract.to_frames`)."""
        from .frames import to_frames

        return to_frames(self)


def extract_all(paths_or_texts: Iterable, n_process: int = 1, batch_size: int = 16, *, model: str | None = None, on_error: str = "raise") -> RecordList:
    """Like :func:`extract_many`, as a :class:`RecordList` (which renders in notebooks)."""
    return RecordList(extract_many(paths_or_texts, n_process=n_process, batch_size=batch_size, model=model, on_error=on_error))
