"""The Python API: ``extract``, ``extract_file``, ``extract_many``."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import BadArgumentError, PressExtractError
from .io import DocumentText, read_document
from .pipeline import doc_to_record, load, make_context
from .records import Record


def _check_published(published: str | None) -> str | None:
    if published is None:
        return None
    try:
        return dt.date.fromisoformat(str(published)).isoformat()
    except ValueError:
        raise BadArgumentError(f"published={published!r} is not a date: pass it as YYYY-MM-DD") from None


def extract(text: str, doc_id: str | None = None, published: str | None = None, source: str | None = None, *, model: str | None = None) -> Record:
    """Extract the record of one readout given as text.

    ``published`` ("YYYY-MM-DD") overrides the dateline; ``doc_id`` defaults to "doc".
    """
    if not isinstance(text, str):
        raise BadArgumentError(f"text must be a str, not {type(text).__name__}: decode bytes first or use extract_file()")
    nlp = load(model)
    context = make_context(doc_id or "doc", source, _check_published(published))
    doc = nlp.make_doc(text)
    doc._context = context
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc_to_record(doc, context["doc_id"], source)


def extract_file(path: str | os.PathLike, published: str | None = None, *, model: str | None = None) -> Record:
    """Extract the record of one file (.txt, .md, .html); ``doc_id`` is the file stem."""
    document = read_document(path)
    nlp = load(model)
    doc = nlp.make_doc(document.text)
    doc._context = make_context(Path(path).stem, str(path), _check_published(published), document.warnings)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc_to_record(doc, Path(path).stem, str(path), document.warnings)


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
        return f"doc-{n + 1}", DocumentText(text=item, source=None)
    raise BadArgumentError(f"item {n + 1} is a {type(item).__name__}: pass paths or texts")


def iter_outcomes(items: Iterable, n_process: int = 1, batch_size: int = 16, *, model: str | None = None, published: str | None = None) -> Iterator[Outcome]:
    """Records for many inputs, in input order; a bad input gives an error outcome and the batch goes on."""
    nlp = load(model)
    published = _check_published(published)
    failed: dict[int, Outcome] = {}

    def texts():
        for n, item in enumerate(items):
            try:
                doc_id, document = _as_document(item, n)
            except PressExtractError as exc:
                failed[n] = Outcome(source=str(item), error=exc)
                continue
            yield document.text, {**make_context(doc_id, document.source, published, document.warnings), "n": n}

    expected = 0
    for doc, context in nlp.pipe(texts(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        n = context["n"]
        while expected < n:
            if expected in failed:
                yield failed.pop(expected)
            expected += 1
        record = doc_to_record(doc, context["doc_id"], context["source"], context["warnings"])
        yield Outcome(source=context["source"] or context["doc_id"], record=record)
        expected = n + 1
    for n in sorted(failed):
        yield failed.pop(n)


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
