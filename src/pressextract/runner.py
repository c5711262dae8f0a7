"""The engine-free runner: items of text and metadata in, records (or one-line errors) out.

Every way of running pressextract goes through here: the Python API, the
command line's local engine, Ray actors, any scheduler's worker. A document
is processed the spaCy way: a ``Doc`` carrying its context
(``doc._.px_context``) through ``nlp(doc)`` or ``nlp.pipe(docs)``, then
:func:`pressextract.assemble.doc_to_record`. Nothing here imports an engine,
the API or the command line.

An item is a dict with the keys of :data:`ITEM_KEYS` (``published``,
``warnings`` and ``source`` may be missing; an optional ``content_hash`` is
the hash of the bytes the text was read from, an optional ``url`` goes into
the record). An item with ``error`` (a read failure, see
:func:`item_from_path`) passes through as an error outcome.

Memory is bounded by what a batch holds, not by its count: a batch closes at
``batch_size`` documents or ``batch_chars`` characters, whichever comes
first, so a long document goes alone (spaCy keeps a whole batch in memory at
once, and 16 long releases took 6 GB).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections import deque
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
from .pieces import PIECE_CHARS, process
from .pipeline import load
from .records import Record

ITEM_KEYS = ("doc_id", "text", "source", "published", "warnings")
BATCH_CHARS = 100_000
"""Default cap on the characters of one batch (``--batch-chars``): 16 ordinary releases fit, a long one goes alone."""


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


def _finish(record: Record, document: DocumentText, text: str, include_text: bool = False, url: str | None = None) -> Record:
    """Attach what the record carries beyond the pipeline's output: hash, url, text, reading notes."""
    record.content_hash = document.sha256 or hash_text(document.text)
    record.url = url
    record._text = text
    if include_text:
        record.text = text
    if not text.strip():
        record.warnings.append(warning(EMPTY_DOCUMENT, "the document has no text: nothing to extract"))
    elif not (record.events or record.participants or record.instruments or record.positions):
        record.warnings.append(warning(NOTHING_FOUND, "no event, participant, instrument or position found: is this a readout?"))
    return record


def record_of(
    nlp: Language, document: DocumentText, context: DocContext, doc: Doc | None = None, *,
    include_text: bool = False, url: str | None = None,
) -> Record:
    """The record of one document (``doc``: already processed by ``nlp.pipe``, else processed here);
    any exception of the pipeline becomes an :class:`ExtractionError` naming the document.
    ``include_text`` stores the text in the record; ``url`` is where the caller says it was published."""
    try:
        if doc is None:
            doc = process(nlp, make_doc(nlp, document.text, context))
        record = doc_to_record(doc)
    except PressExtractError:
        raise
    except Exception as exc:  # noqa: BLE001  (a bug on one odd document must not look like a crash)
        raise ExtractionError(
            f"extraction failed ({type(exc).__name__}: {_one_line(exc)}): please report this file as a bug",
            path=document.source or context.doc_id,
        ) from exc
    return _finish(record, document, doc.text, include_text, url)


def _one_line(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_from_path(path: str | os.PathLike, *, published: str | None = None, doc_id: str | None = None, url: str | None = None) -> dict:
    """The batch item of one file, read the way ``extract_file`` reads it.

    ``doc_id`` is the file stem unless given, ``source`` the path as given,
    ``content_hash`` the hash of the bytes read. A file that cannot be used
    gives an item with ``error`` (the one-line message) instead of ``text``,
    so the batch goes on.
    """
    path = Path(path)
    doc_id = doc_id or path.stem
    try:
        document = read_document(path)
    except PressExtractError as exc:
        return {"doc_id": doc_id, "source": str(path), "error": str(exc), "code": exc.code, "exception": exc}
    return {
        "doc_id": doc_id, "text": document.text, "source": document.source, "published": published, "url": url,
        "warnings": list(document.warnings), "content_hash": document.sha256,
    }


def iter_item_outcomes(
    items, *, model: str | None = None, n_process: int = 1, batch_size: int = 16,
    batch_chars: int = BATCH_CHARS, include_text: bool = False,
):
    """One outcome per item, in item order (see :func:`_iter_local`); with ``n_process`` > 1 the
    batches run in worker processes that build the records themselves, so only small dicts
    cross process boundaries and two processes do nearly twice the work of one."""
    if n_process <= 1:
        yield from _iter_local(items, model=model, batch_size=batch_size, batch_chars=batch_chars, include_text=include_text)
    else:
        yield from _iter_pool(items, model=model, n_process=n_process, batch_size=batch_size, batch_chars=batch_chars, include_text=include_text)


def _size(item: dict) -> int:
    text = item.get("text")
    return len(text) if isinstance(text, str) else 0


def batches(items, batch_size: int, batch_chars: int):
    """Lists of ``(index, item)``: at most ``batch_size`` items, and at most ``batch_chars`` characters
    of text unless one item alone has more (it then goes alone). Items are read lazily."""
    batch_chars = batch_chars or float("inf")
    batch: list = []
    chars = 0
    for n, item in enumerate(items):
        size = _size(item)
        if batch and (len(batch) >= batch_size or chars + size > batch_chars):
            yield batch
            batch, chars = [], 0
        batch.append((n, item))
        chars += size
    if batch:
        yield batch


def _init_worker(parent: int) -> None:
    """Pool initializer: end with the main process, leave Ctrl-C to it, one BLAS thread.

    Ctrl-C reaches every process of the terminal's group: the workers ignore it
    and the main process ends them, so the user sees one line, not one
    traceback per worker. SIGTERM (``Pool.terminate``, or the main process
    dying) ends a worker at once and quietly. If the main process is killed
    (``kill -9``) the kernel sends the worker SIGTERM (Linux); elsewhere a
    thread notices the orphaning within a second.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _die_with_parent():
        import threading

        def watch() -> None:
            import time

            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="px-parent-watch").start()
    if os.getppid() != parent:  # the main process died before the line above took effect
        os._exit(1)
    _one_blas_thread()


def _die_with_parent() -> bool:
    """Ask Linux to send SIGTERM to this process when its parent dies; False where that is not possible."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, int(signal.SIGTERM), 0, 0, 0) == 0  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _one_blas_thread() -> None:
    """One BLAS thread per worker. Each worker already has a core; a BLAS
    pool per worker oversubscribes the machine (2 workers x 2 threads on 2 cores ran 1.5x
    one process instead of 1.9x)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency; stay correct without it
        return
    threadpool_limits(limits=1)


def _worker_batch(args) -> list[dict]:
    """A worker's share: one batch of items to outcome dicts, errors shipped as code and message."""
    items, model, offset, include_text = args
    # The main process already cut the batch by count and characters: process it whole.
    outs = list(_iter_local(items, model=model, batch_size=len(items), batch_chars=None, include_text=include_text))
    for out in outs:
        out["index"] += offset
        out.pop("record_object", None)
        out["exception"] = None
    return outs


def _iter_pool(items, *, model: str | None, n_process: int, batch_size: int, batch_chars: int, include_text: bool = False):
    import multiprocessing

    # Load before forking so every worker starts with the pipeline in memory (copy-on-write).
    load(model)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunks = batches(items, batch_size, batch_chars)
    window = 2 * n_process  # batches in flight: memory bounded by batches, not by the archive
    with context.Pool(n_process, initializer=_init_worker, initargs=(os.getpid(),)) as pool:
        in_flight: deque = deque()
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                batch = [{k: v for k, v in item.items() if k != "exception"} for _, item in chunk]
                in_flight.append(pool.apply_async(_worker_batch, ((batch, model, chunk[0][0], include_text),)))
            if not in_flight:
                break
            for out in in_flight.popleft().get():
                if out["error"] is not None:
                    out["exception"] = ShippedError(out["error"], out["code"] or "PX000")
                yield out


def _iter_local(items, *, model: str | None = None, batch_size: int = 16, batch_chars: int | None = BATCH_CHARS, include_text: bool = False):
    """One outcome per item, in item order: ``{"index", "doc_id", "source", "record", "error", "code"}``.

    ``items`` is any iterable of dicts with the keys of :data:`ITEM_KEYS`
    (``published``, ``warnings`` and ``source`` may be missing; an optional
    ``content_hash`` is the hash of the bytes the text was read from, else the
    text's own hash, as in ``extract``; an optional ``url`` goes into the
    record). An item with ``error`` (a read failure, see :func:`item_from_path`)
    passes through as an error outcome.
    ``record`` is ``Record.model_dump(mode="json")`` or None; ``error`` is the
    one-line message or None, ``code`` its code; ``exception`` is the error
    object itself (in-process use only: not part of what engines ship around).
    A document that makes the pipeline raise fails alone (``PX013``): the
    documents of its batch not yet done are redone one by one. Batches close
    at ``batch_size`` documents or ``batch_chars`` characters (None: no cap).
    The result does not depend on ``n_process``, ``batch_size`` or ``batch_chars``.
    """
    nlp = load(model)

    def outcome(n: int, item: dict, record=None, exc=None, message=None, code=None) -> dict:
        return {
            "index": n, "doc_id": item.get("doc_id"), "source": item.get("source"),
            "record": record.model_dump(mode="json") if record is not None else None,
            "record_object": record,
            "error": str(exc) if exc is not None else message, "code": exc.code if exc is not None else code,
            "exception": exc if exc is not None else item.get("exception"),
        }

    def done(n: int, item: dict, document: DocumentText, context: DocContext, doc=None) -> dict:
        try:
            return outcome(n, item, record=record_of(nlp, document, context, doc, include_text=include_text, url=item.get("url")))
        except PressExtractError as exc:
            return outcome(n, item, exc=exc)

    for batch in batches(items, batch_size, batch_chars):
        results: dict[int, dict] = {}
        ready: deque = deque()
        for n, item in batch:
            if item.get("error"):
                results[n] = outcome(n, item, message=item["error"], code=item.get("code"))
                continue
            try:
                ready.append((n, item, *_prepared(nlp, item)))
            except PressExtractError as exc:
                results[n] = outcome(n, item, exc=exc)
        # A long document goes through spaCy piece by piece (pieces.process, in record_of), alone.
        for entry in [entry for entry in ready if len(entry[2].text) > PIECE_CHARS]:
            ready.remove(entry)
            results[entry[0]] = done(*entry)
        _pipe(nlp, ready, results, done)
        for n, _ in batch:
            yield results.pop(n)


def _prepared(nlp: Language, item: dict) -> tuple[DocumentText, DocContext]:
    """The document and context of an item, or the one-line error that keeps it from spaCy."""
    document = DocumentText(text=item["text"], source=item.get("source"), warnings=list(item.get("warnings") or []), sha256=item.get("content_hash"))
    check_length(nlp, document)
    return document, DocContext(item.get("doc_id") or "doc", item.get("source"), check_published(item.get("published")), document.warnings)


def _pipe(nlp: Language, ready: deque, results: dict, done) -> None:
    """``nlp.pipe`` over the ready entries of a batch, each doc made its record as soon as spaCy hands it
    back (and dropped); if a component raises, the entries not yet done are redone one by one."""
    if not ready:
        return
    docs = (make_doc(nlp, document.text, context) for _, _, document, context in list(ready))
    try:
        for doc in nlp.pipe(docs, batch_size=len(ready)):
            n, *rest = ready.popleft()
            results[n] = done(n, *rest, doc)
    except Exception:  # noqa: BLE001  (a component raised inside nlp.pipe; find the document alone)
        if not ready:
            raise
        while ready:
            n, *rest = ready.popleft()
            results[n] = done(n, *rest)


def outcomes_from_batch(
    items: list[dict], *, model: str | None = None, batch_size: int = 16, batch_chars: int = BATCH_CHARS, include_text: bool = False,
) -> list[dict]:
    """:func:`iter_item_outcomes` of one batch, in one process, as a list (what a distributed worker calls)."""
    return list(iter_item_outcomes(items, model=model, n_process=1, batch_size=batch_size, batch_chars=batch_chars, include_text=include_text))


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
