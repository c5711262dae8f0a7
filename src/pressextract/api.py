"""The Python API: ``extract``, ``extract_file``, ``extract_many``, ``extract_all``, ``iter_outcomes``, ``read_records``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import BadArgumentError, InputNotFoundError, PressExtractError
from .extensions import DocContext
from .io import DOCUMENT_SUFFIXES, DocumentText, hash_text, read_document
from .pipeline import load
from .records import Record
from .runner import BATCH_CHARS, check_length, check_published, iter_item_outcomes, record_of


def extract(
    text: str, doc_id: str | None = None, published: str | None = None, source: str | None = None, *,
    model: str | None = None, url: str | None = None, include_text: bool = False,
) -> Record:
    """Extract the record of one readout given as text.

    ``published`` ("YYYY-MM-DD") overrides the dateline; ``doc_id`` defaults to "doc";
    ``url`` is stored as given; ``include_text`` stores the text in the record (``record.text``).
    """
    if not isinstance(text, str):
        raise BadArgumentError(f"text must be a str, not {type(text).__name__}: decode bytes first or use extract_file()")
    nlp = load(model)
    document = DocumentText(text=text, source=source, sha256=hash_text(text))
    check_length(nlp, document)
    context = DocContext(doc_id or "doc", source, check_published(published))
    return record_of(nlp, document, context, include_text=include_text, url=url)


def extract_file(
    path: str | os.PathLike, published: str | None = None, *, doc_id: str | None = None, url: str | None = None,
    model: str | None = None, include_text: bool = False,
) -> Record:
    """Extract the record of one file (.txt, .md, .html, .htm, .pdf, .docx); ``doc_id`` defaults to the file stem.

    A missing file raises :class:`~pressextract.errors.InputNotFoundError` (a ``FileNotFoundError``).
    """
    document = read_document(path)
    nlp = load(model)
    check_length(nlp, document)
    context = DocContext(doc_id or Path(path).stem, str(path), check_published(published), list(document.warnings))
    return record_of(nlp, document, context, include_text=include_text, url=url)


@dataclass
class Outcome:
    """One input's result: a record, or the error that stopped it."""

    source: str
    record: Record | None = None
    error: PressExtractError | None = None


_PATH_STARTS = ("/", "./", "../", "~", "\\")


def is_plain_text(value: str) -> bool:
    """Whether a string given where a path or a text may stand is plainly text, not a path with a typo.

    Text: it holds a line break, or it holds spaces and neither ends like a
    document file nor starts like a path. ``"corpus/kenya.txt"`` and
    ``"Kenya"`` are not text (a path that does not exist, and a word).
    """
    if "\n" in value:
        return True
    stripped = value.strip()
    if not any(c.isspace() for c in stripped):
        return False
    return not stripped.lower().endswith(DOCUMENT_SUFFIXES) and not stripped.startswith(_PATH_STARTS) and not (
        len(stripped) > 2 and stripped[1] == ":" and stripped[2] in "\\/"
    )


def _is_file(value: str) -> bool:
    try:
        return len(value) < 4096 and "\n" not in value and os.path.isfile(value)
    except (OSError, ValueError):
        return False


def _item(value, n: int, *, kind: str | None, doc_id: str | None, published: str | None, url: str | None) -> dict:
    """The runner item of one input (``kind``: "path", "text" or None to decide from the value)."""
    if kind == "path" or isinstance(value, os.PathLike) or (kind is None and isinstance(value, str) and _is_file(value)):
        if not isinstance(value, (str, os.PathLike)):
            raise BadArgumentError(f"path {n + 1} is a {type(value).__name__}: pass str or pathlib.Path")
        path = Path(value)
        document = read_document(path)
        return {
            "doc_id": doc_id or path.stem, "text": document.text, "source": document.source, "published": published,
            "url": url, "warnings": list(document.warnings), "content_hash": document.sha256,
        }
    if not isinstance(value, str):
        raise BadArgumentError(f"item {n + 1} is a {type(value).__name__}: pass paths, texts or (text, doc_id) pairs")
    if kind is None and not is_plain_text(value):
        shown = value if len(value) <= 80 else value[:79] + "…"
        raise InputNotFoundError(
            "is neither an existing file nor a text: check the path, or pass texts=[...] (or paths=[...]) to say which it is",
            path=shown,
        )
    return {
        "doc_id": doc_id or f"doc-{n + 1}", "text": value, "source": None, "published": published, "url": url,
        "warnings": [], "content_hash": hash_text(value),
    }


def _name_of(item, n: int) -> str:
    if isinstance(item, tuple) and item:
        item = item[0]
    if isinstance(item, (str, os.PathLike)) and not (isinstance(item, str) and ("\n" in item or len(item) >= 4096)):
        return str(item)
    return f"doc-{n + 1}"


def _inputs(paths_or_texts, paths, texts, doc_ids) -> Iterator[tuple[Any, str | None, str | None]]:
    """(value, kind, doc_id) per input, from the one source of inputs given."""
    given = [name for name, value in (("paths_or_texts", paths_or_texts), ("paths", paths), ("texts", texts)) if value is not None]
    if len(given) != 1:
        raise BadArgumentError(f"give exactly one of paths_or_texts, paths= or texts= (got {', '.join(given) or 'none'})")
    if isinstance(paths_or_texts, (str, os.PathLike)) or isinstance(paths, (str, os.PathLike)) or isinstance(texts, str):
        raise BadArgumentError("pass a list of inputs, not one string: extract() / extract_file() take one")
    values = paths_or_texts if paths_or_texts is not None else paths if paths is not None else texts
    kind = None if paths_or_texts is not None else "path" if paths is not None else "text"
    ids = iter(doc_ids) if doc_ids is not None else None
    for n, value in enumerate(values):
        doc_id = None
        if isinstance(value, tuple):
            if len(value) != 2:
                raise BadArgumentError(f"item {n + 1} is a tuple of {len(value)}: pass (text_or_path, doc_id)")
            value, doc_id = value
        if ids is not None:
            given_id = next(ids, _END)
            if given_id is _END:
                raise BadArgumentError(f"doc_ids has {n} ids but there are more inputs: give one id per input")
            doc_id = doc_id or given_id
        yield value, kind, None if doc_id is None else str(doc_id)
    if ids is not None and next(ids, _END) is not _END:
        raise BadArgumentError("doc_ids has more ids than there are inputs: give one id per input")


_END = object()


def iter_outcomes(
    items: Iterable | None = None, n_process: int = 1, batch_size: int = 16, *, model: str | None = None,
    published: str | None = None, paths: Iterable | None = None, texts: Iterable[str] | None = None,
    doc_ids: Iterable[str] | None = None, url: str | None = None, include_text: bool = False, batch_chars: int = BATCH_CHARS,
) -> Iterator[Outcome]:
    """One outcome per input, in input order: a record, or the one-line error of that input.

    Inputs are ``items`` (paths, ``pathlib.Path``, texts, or ``(text_or_path,
    doc_id)`` pairs; a string is a path when the file exists, a text when it
    plainly is one, and an error outcome otherwise), or ``paths=`` / ``texts=``
    to say which. ``doc_ids`` gives one id per input; ``published`` and ``url``
    apply to every input.

    Nothing an input holds stops the batch: unreadable, binary, undecodable
    and oversized inputs give an error outcome before spaCy sees them, and if
    the pipeline itself raises on a document, the documents in flight are
    redone one by one so only the culprit fails (as :class:`ExtractionError`).
    With ``n_process`` > 1 the work runs in worker processes; the records are
    the same, byte for byte, whatever ``n_process``, ``batch_size`` and
    ``batch_chars`` (batches close at either limit: a long document goes alone).
    """
    published = check_published(published)
    sources: dict[int, str] = {}
    inputs = _inputs(items, paths, texts, doc_ids)

    def as_items():
        for n, (value, kind, doc_id) in enumerate(inputs):
            sources[n] = _name_of(value, n)
            try:
                yield _item(value, n, kind=kind, doc_id=doc_id, published=published, url=url)
            except PressExtractError as exc:
                yield {"doc_id": doc_id, "source": sources[n], "error": str(exc), "code": exc.code, "exception": exc}

    for out in iter_item_outcomes(as_items(), model=model, n_process=n_process, batch_size=batch_size,
                                  batch_chars=batch_chars, include_text=include_text):
        source = out["source"] or out["doc_id"] or sources.get(out["index"], "")
        sources.pop(out["index"], None)
        if out["error"] is not None:
            yield Outcome(source=source, error=out["exception"])
            continue
        record = out.get("record_object")
        if record is None:
            record = Record.model_validate(out["record"])
        yield Outcome(source=source, record=record)


def extract_many(
    paths_or_texts: Iterable | None = None, n_process: int = 1, batch_size: int = 16, *, model: str | None = None,
    on_error: str = "raise", published: str | None = None, paths: Iterable | None = None, texts: Iterable[str] | None = None,
    doc_ids: Iterable[str] | None = None, url: str | None = None, include_text: bool = False, batch_chars: int = BATCH_CHARS,
) -> Iterator[Record]:
    """Records for many paths or texts (a generator over ``nlp.pipe``), in input order.

    Inputs as in :func:`iter_outcomes`: ``extract_many(["a.txt", Path("b.html")])``,
    ``extract_many(texts=[...], doc_ids=[...])``, ``extract_many([(text, "kenya"), ...])``.
    A string that is neither an existing file nor plainly a text is refused
    (:class:`~pressextract.errors.InputNotFoundError`, a ``FileNotFoundError``),
    never read as a document whose text is the path.
    ``on_error="raise"`` stops at the first unreadable input; ``"skip"`` leaves it out.
    """
    if on_error not in ("raise", "skip"):
        raise BadArgumentError(f"on_error={on_error!r}: use 'raise' or 'skip'")
    for outcome in iter_outcomes(paths_or_texts, n_process=n_process, batch_size=batch_size, model=model, published=published,
                                 paths=paths, texts=texts, doc_ids=doc_ids, url=url, include_text=include_text, batch_chars=batch_chars):
        if outcome.error is not None:
            if on_error == "raise":
                raise outcome.error
            continue
        yield outcome.record


class RecordList(list):
    """A list of records: slices stay RecordLists; it shows itself in Jupyter (an overview table, then each
    document highlighted), writes JSON Lines (:meth:`to_jsonl`), pandas tables (:meth:`to_frames`), and filters."""

    def __getitem__(self, key):
        found = super().__getitem__(key)
        return RecordList(found) if isinstance(key, slice) else found

    def __add__(self, other) -> "RecordList":
        return RecordList(list.__add__(self, list(other)))

    def copy(self) -> "RecordList":
        return RecordList(self)

    def __repr__(self) -> str:
        shown = ", ".join(r.doc_id if isinstance(r, Record) else repr(r) for r in list.__getitem__(self, slice(0, 3)))
        more = f", … {len(self) - 3} more" if len(self) > 3 else ""
        return f"RecordList({len(self)} record{'s' if len(self) != 1 else ''}: {shown}{more})"

    def _repr_html_(self) -> str:
        from .display import records_html

        return records_html(self)

    def to_frames(self) -> dict:
        """The flat tables of these records as pandas DataFrames (see :func:`pressextract.to_frames`)."""
        from .frames import to_frames

        return to_frames(self)

    def to_jsonl(self, path: str | os.PathLike | None = None, *, include_text: bool = False) -> str | None:
        """The records as JSON Lines, the bytes ``extract -o out.jsonl`` writes: returned as a str when
        ``path`` is None, else written to ``path`` atomically (like pandas' ``to_json``).
        ``include_text`` fills each record's ``text`` when it is known."""
        from .sinks import record_json, write_jsonl

        lines = (record_json(r, include_text=include_text) for r in self)
        if path is None:
            return "".join(line + "\n" for line in lines)
        write_jsonl(Path(path), lines)
        return None

    def filter(self, predicate: Callable[[Record], bool] | None = None, **fields) -> "RecordList":
        """The records for which ``predicate(record)`` is true and every ``field=value`` holds.

        A list field holds when it contains the value: ``records.filter(countries="KE")``,
        ``records.filter(published="2024-02-08")``, ``records.filter(lambda r: r.instruments)``.
        """
        known = set(Record.model_fields)
        unknown = sorted(set(fields) - known)
        if unknown:
            raise BadArgumentError(f"filter({unknown[0]}=...): a record has no such field; use one of {', '.join(sorted(known))}")

        def keep(record: Record) -> bool:
            for name, wanted in fields.items():
                value = getattr(record, name)
                if isinstance(value, list) and not isinstance(wanted, list):
                    if wanted not in value:
                        return False
                elif value != wanted:
                    return False
            return predicate is None or bool(predicate(record))

        return RecordList(r for r in self if keep(r))


def extract_all(
    paths_or_texts: Iterable | None = None, n_process: int = 1, batch_size: int = 16, *, model: str | None = None,
    on_error: str = "raise", **inputs,
) -> RecordList:
    """Like :func:`extract_many` (same arguments), as a :class:`RecordList` (which renders in notebooks)."""
    return RecordList(extract_many(paths_or_texts, n_process=n_process, batch_size=batch_size, model=model, on_error=on_error, **inputs))


def read_records(path: str | os.PathLike) -> RecordList:
    """Records saved by ``pressextract extract`` (or :meth:`RecordList.to_jsonl`), as a :class:`RecordList`.

    ``path`` is a JSON Lines file, a folder of ``<doc_id>.json`` files, a
    CSV/Parquet tables folder (its ``.records.jsonl``), an ``--engine ray``
    output folder, or a SQLite database. Records saved with ``--include-text``
    carry their text, so highlights and ``show`` work from the results alone;
    their spans are checked against it.
    """
    from .results import iter_records

    return RecordList(iter_records(path))
