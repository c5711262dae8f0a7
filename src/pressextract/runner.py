"""The engine-free runner: items of text and metadata in, records (or one-line errors) out.

Every way of running pressextract goes through here: the Python API, the
command line's local engine, Ray actors, any scheduler's worker. A document
is processed the spaCy way: a ``Doc`` carrying its context
(``doc._.px_context``) through ``nlp(doc)`` or ``nlp.pipe(docs)``, then
:func:`pressextract.assemble.doc_to_record`. Nothing here imports an engine,
the API or the command line.

An item is a dict with the keys of :data:`ITEM_KEYS` (``published``,
``warnings`` and ``source`` may be missing; an optional ``content_hash`` is
the hash of the bytes the text was read from). An item with ``error`` (a read
failure, see :func:`item_from_path`) passes through as an error outcome.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .assemble import doc_to_record
from .errors import (
    EMPTY_DOCUMENT, NOTHING_FOUND, BadArgumentError, ExtractionError, InputTooLargeError, PressExtractError, ShippedError,
    warning,
)
from .extensions import DocContext
from .io import DocumentText, hash_text, read_document
from .pipeline import load
from .records import Record

ITEM_KEYS = ("doc_id", "text", "source", "published", "warnings")


def check_published(published: str | None) -> str | None:
    """``published`` as YYYY-MM-DD, or a one-line :class:`BadArgumentError`."""
    if published is None:
        return None
    try:
        return dt.date.fromisoformat(str(published)).isoformat()
    except ValueError:
        raise BadArgumentError(f"published={published!r} is not a date: pass it as YYYY-MM-DD") from None


def check_length(nlp: Language, document: DocumentText) -> None:
    # spaCy refuses texts over nlp.max_length with a ValueError deep inside
    # nlp.pipe, which would end the whole batch; refuse the one file instead.
    if len(document.text) > nlp.max_length:
        raise InputTooLargeError(
            f"is {len(document.text):,} characters long, more than the {nlp.max_length:,} a document may have: "
            "split it into separate releases",
            path=document.source or "<text>",
        )


def make_doc(nlp: Language, text: str, context: DocContext) -> Doc:
    """The unprocessed doc of ``text`` with its context attached, ready for ``nlp(doc)`` or ``nlp.pipe``."""
    doc = nlp.make_doc(text)
    doc._.px_context = context
    return doc


def _finish(record: Record, document: DocumentText, text: str) -> Record:
    """Attach what the record carries beyond the pipeline's output: hash, text, reading notes."""
    record.content_hash = document.sha256 or hash_text(document.text)
    record._text = text
    if not text.strip():
        record.warnings.append(warning(EMPTY_DOCUMENT, "the document has no text: nothing to extract"))
    elif not (record.events or record.participants or record.instruments or record.positions):
        record.warnings.append(warning(NOTHING_FOUND, "no event, participant, instrument or position found: is this a readout?"))
    return record


def record_of(nlp: Language, document: DocumentText, context: DocContext, doc: Doc | None = None) -> Record:
    """The record of one document (``doc``: already processed by ``nlp.pipe``, else processed here);
    any exception of the pipeline becomes an :class:`ExtractionError` naming the document."""
    try:
        if doc is None:
            doc = nlp(make_doc(nlp, document.text, context))
        record = doc_to_record(doc)
    except PressExtractError:
        raise
    except Exception as exc:  # noqa: BLE001  (a bug on one odd document must not look like a crash)
        raise ExtractionError(
            f"extraction failed ({type(exc).__name__}: {_one_line(exc)}): please report this file as a bug",
            path=document.source or context.doc_id,
        ) from exc
    return _finish(record, document, doc.text)


def _one_line(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_from_path(path: str | os.PathLike, *, published: str | None = None) -> dict:
    """The batch item of one file, read the way ``extract_file`` reads it.

    ``doc_id`` is the file stem, ``source`` the path as given, ``content_hash``
    the hash of the bytes read. A file that cannot be used gives an item with
    ``error`` (the one-line message) instead of ``text``, so the batch goes on.
    """
    path = Path(path)
    try:
        document = read_document(path)
    except PressExtractError as exc:
        return {"doc_id": path.stem, "source": str(path), "error": str(exc), "code": exc.code, "exception": exc}
    return {
        "doc_id": path.stem, "text": document.text, "source": document.source, "published": published,
        "warnings": list(document.warnings), "content_hash": document.sha256,
    }


def iter_item_outcomes(items, *, model: str | None = None, n_process: int = 1, batch_size: int = 16):
    """One outcome per item, in item order (see :func:`_iter_local`); with ``n_process`` > 1 the
    batches run in worker processes that build the records themselves, so only small dicts
    cross process boundaries and two processes do nearly twice the work of one."""
    if n_process <= 1:
        yield from _iter_local(items, model=model, batch_size=batch_size)
    else:
        yield from _iter_pool(items, model=model, n_process=n_process, batch_size=batch_size)


def _one_blas_thread() -> None:
    """Pool initializer: one BLAS thread per worker. Each worker already has a core; a BLAS
    pool per worker oversubscribes the machine (2 workers x 2 threads on 2 cores ran 1.5x
    one process instead of 1.9x)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency; stay correct without it
        return
    threadpool_limits(limits=1)


def _worker_batch(args) -> list[dict]:
    """A worker's share: one batch of items to outcome dicts, errors shipped as code and message."""
    items, model, batch_size, offset = args
    outs = list(_iter_local(items, model=model, batch_size=batch_size))
    for out in outs:
        out["index"] += offset
        out.pop("record_object", None)
        out["exception"] = None
    return outs


def _iter_pool(items, *, model: str | None, n_process: int, batch_size: int):
    import multiprocessing

    # Load before forking so every worker starts with the pipeline in memory (copy-on-write).
    load(model)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    iterator = iter(items)
    window = 2 * n_process  # batches in flight: bounded memory on archives of any size
    with context.Pool(n_process, initializer=_one_blas_thread) as pool:
        in_flight = []
        offset = 0
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < window:
                batch = []
                for item in iterator:
                    batch.append({k: v for k, v in item.items() if k != "exception"})
                    if len(batch) == batch_size:
                        break
                if not batch:
                    exhausted = True
                    break
                in_flight.append(pool.apply_async(_worker_batch, ((batch, model, batch_size, offset),)))
                offset += len(batch)
            if not in_flight:
                break
            for out in in_flight.pop(0).get():
                if out["error"] is not None:
                    out["exception"] = ShippedError(out["error"], out["code"] or "PX000")
                yield out


def _iter_local(items, *, model: str | None = None, batch_size: int = 16):
    """One outcome per item, in item order: ``{"index", "doc_id", "source", "record", "error", "code"}``.

    ``items`` is any iterable of dicts with the keys of :data:`ITEM_KEYS`
    (``published``, ``warnings`` and ``source`` may be missing; an optional
    ``content_hash`` is the hash of the bytes the text was read from, else the
    text's own hash, as in ``extract``). An item with ``error`` (a read failure,
    see :func:`item_from_path`) passes through as an error outcome.
    ``record`` is ``Record.model_dump(mode="json")`` or None; ``error`` is the
    one-line message or None, ``code`` its code; ``exception`` is the error
    object itself (in-process use only: not part of what engines ship around). A document that makes the pipeline raise fails
    alone (``PX013``): the documents in flight are redone one by one.
    The result does not depend on ``n_process`` or ``batch_size``.
    """
    nlp = load(model)
    numbered = enumerate(items)
    early: dict[int, dict] = {}
    pending: dict[int, tuple] = {}  # in feeding order, which is the order nlp.pipe gives docs back

    def outcome(n: int, item: dict, record=None, exc=None, message=None, code=None) -> dict:
        return {
            "index": n, "doc_id": item.get("doc_id"), "source": item.get("source"),
            "record": record.model_dump(mode="json") if record is not None else None,
            "record_object": record,
            "error": str(exc) if exc is not None else message, "code": exc.code if exc is not None else code,
            "exception": exc if exc is not None else item.get("exception"),
        }

    def feed():
        for n, item in numbered:
            if item.get("error"):
                early[n] = outcome(n, item, message=item["error"], code=item.get("code"))
                continue
            try:
                text = item["text"]
                document = DocumentText(text=text, source=item.get("source"), warnings=list(item.get("warnings") or []), sha256=item.get("content_hash"))
                check_length(nlp, document)
                context = DocContext(item.get("doc_id") or "doc", item.get("source"), check_published(item.get("published")), document.warnings)
            except PressExtractError as exc:
                early[n] = outcome(n, item, exc=exc)
                continue
            pending[n] = (item, document, context)
            yield make_doc(nlp, text, context)

    def before(n):
        for k in sorted(early):
            if n is None or k < n:
                yield early.pop(k)

    def done(n: int, doc=None) -> dict:
        item, document, context = pending.pop(n)
        try:
            return outcome(n, item, record=record_of(nlp, document, context, doc))
        except PressExtractError as exc:
            return outcome(n, item, exc=exc)

    while True:
        try:
            for doc in nlp.pipe(feed(), batch_size=batch_size):
                n = next(iter(pending))
                yield from before(n)
                yield done(n, doc)
            break
        except Exception:  # noqa: BLE001  (a component raised inside nlp.pipe; find the document alone)
            if not pending:
                raise
            for n in sorted(pending):
                yield from before(n)
                yield done(n)
    yield from before(None)


def outcomes_from_batch(items: list[dict], *, model: str | None = None, batch_size: int = 16) -> list[dict]:
    """:func:`iter_item_outcomes` of one batch, in one process, as a list (what a distributed worker calls)."""
    return list(iter_item_outcomes(items, model=model, n_process=1, batch_size=batch_size))


def records_from_batch(items: list[dict], *, model: str | None = None) -> list[dict]:
    """The records (``Record.model_dump(mode="json")``) of a batch of items, in order.

    Each item is ``{"doc_id", "text", "source", "published", "warnings"}`` (plus an
    optional ``content_hash``). The pipeline is loaded once per process
    (``pipeline.load`` is cached). The first item that cannot be extracted raises
    its :class:`~pressextract.errors.PressExtractError`; use
    :func:`outcomes_from_batch` to get errors as values instead.
    """
    records = []
    for out in outcomes_from_batch(items, model=model):
        if out["error"] is not None:
            raise out["exception"] or PressExtractError(out["error"], path=out["source"])
        records.append(out["record"])
    return records
