"""Reading files into the document text that every offset indexes.

RECORD.md fixes the text: UTF-8 with the BOM stripped (other encodings
detected and decoded, with a warning), line endings turned into ``\\n``,
HTML reduced to its visible text. Nothing else is changed. A PDF's text is
its text layer (pypdf), pages separated by a blank line; a .docx's text is
its paragraphs, separated by blank lines, table rows one per line.
"""

from __future__ import annotations

import codecs
import fnmatch
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import (
    BinaryInputError, DecodeError, InputNotFoundError, InputReadError, InputTooLargeError, NoTextLayerError, PressExtractError,
    SymlinkLoopError, WalkError,
)

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + DOCX_SUFFIXES
"""What folders are searched for: everything :func:`read_document` reads."""
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# Magic numbers of formats people drop into a folder of releases by mistake.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx)",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x1f\x8b": "a gzip archive",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Elements whose content a reader never sees as part of the page's text.
_HIDDEN = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
# Site chrome around the release: menus, banners, footers, forms.
_CHROME = ("nav", "header", "footer", "aside", "form", "button")
_BLOCK = {
    "address", "article", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html",
    "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "caption",
}


@dataclass
class DocumentText:
    """A document's text as pressextract indexes it, with what reading it noticed."""

    text: str
    source: str
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    sha256: str | None = None
    """``"sha256:<hex>"`` of the bytes read (or of the UTF-8 of a text passed in); ``--resume`` compares it."""


def hash_bytes(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def hash_text(text: str) -> str:
    # surrogatepass: a str from Python may hold lone surrogates; it must still hash, not crash.
    return hash_bytes(text.encode("utf-8", "surrogatepass"))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode ``data`` to text: BOMs honoured, UTF-8 preferred, anything else detected.

    Returns the text, the encoding and the reading notes (a warning when it was not UTF-8).
    """
    found = _decode_by_bom(data, source)
    if found is not None:
        return found
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(f"is {what}, not text: convert it to .txt or .html first", path=source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_detected(data, source)
    # NUL is valid UTF-8 but never part of a press release: it marks a binary file.
    if "\x00" in text:
        raise BinaryInputError("holds NUL bytes, so it is not text: convert it to .txt first", path=source)
    return text, "utf-8", []


def _decode_by_bom(data: bytes, source: str) -> tuple[str, str, list[str]] | None:
    """The text of data that starts with a byte-order mark, else None."""
    for bom, codec in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            text = data.decode(codec).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"starts with a {codec} byte-order mark but is not valid {codec} ({exc.reason}): re-save the file as UTF-8",
                path=source,
            ) from None
        if "\x00" in text:
            raise BinaryInputError(
                f"holds NUL characters after its {codec} byte-order mark, so it is not text: convert it to .txt first",
                path=source,
            )
        return text, codec, []
    return None


def _decode_detected(data: bytes, source: str) -> tuple[str, str, list[str]]:
    """Bytes that are not UTF-8, in the encoding charset-normalizer finds likeliest."""
    if b"\x00" in data[:4096]:
        raise BinaryInputError(
            "holds NUL bytes and no byte-order mark, so it is not text: convert it to .txt first",
            path=source,
        )
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    best = results[0] if results else None
    # Ties between single-byte code pages are common; Windows-1252 is by far the
    # likeliest for English releases, so it wins a tie.
    for candidate in results:
        if candidate.encoding == "cp1252" and best is not None and candidate.chaos <= best.chaos and candidate.coherence >= best.coherence:
            best = candidate
            break
    if best is None:
        raise DecodeError("is not UTF-8 and its encoding could not be detected: re-save it as UTF-8", path=source)
    encoding = best.encoding
    text = str(best)
    if "\x00" in text:
        raise BinaryInputError("holds NUL bytes, so it is not text: convert it to .txt first", path=source)
    return text, encoding, [f"decoded as {encoding}, not UTF-8"]


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, block elements on lines of their own."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for tag in _HIDDEN + _CHROME:
        for node in tree.css(tag):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list = []
    _collect_text(root, parts)
    # Adjacent block boundaries collapse to the widest one: a line break, or a blank line after paragraphs.
    out: list[str] = []
    pending = 0
    for part in parts:
        if isinstance(part, int):
            pending = max(pending, part)
            continue
        if pending and out:
            out.append("\n" * pending)
        pending = 0
        out.append(part)
    lines = [re.sub(r"[ \t\f\v\u00a0]+", " ", line).strip() for line in "".join(out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "section", "article", "main"}


def _collect_text(node, parts: list) -> None:
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            parts.append(re.sub(r"\s+", " ", child.text_content or ""))
        elif tag == "br":
            parts.append("\n")
        elif tag != "-comment":
            width = 2 if tag in _PARAGRAPH else 1 if tag in _BLOCK else 0
            if width:
                parts.append(width)
            _collect_text(child, parts)
            if width:
                parts.append(width)
        child = child.next


def text_from_bytes(data: bytes, source: str = "<bytes>", *, html: bool | None = None) -> DocumentText:
    # Any unexpected failure of a decoder or the HTML parser on hostile bytes is
    # still this file's problem, reported in one line, never a traceback.
    try:
        return _text_from_bytes(data, source, html)
    except PressExtractError:
        raise
    except Exception as exc:  # noqa: BLE001  (charset_normalizer, selectolax)
        raise DecodeError(f"cannot be decoded ({type(exc).__name__}: {_one_line(exc)}): re-save it as UTF-8 text", path=source) from None


def _one_line(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_from_bytes(data: bytes, source: str, html: bool | None) -> DocumentText:
    text, encoding, warnings = decode_bytes(data, source)
    text = normalise_newlines(text)
    if html is None:
        html = source.lower().endswith(HTML_SUFFIXES) or looks_like_html(text)
    if html:
        text = html_to_text(text)
    return DocumentText(text=text, source=source, encoding=encoding, warnings=warnings, sha256=hash_bytes(data))


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DocumentText:
    """Read ``path`` into the document text RECORD.md defines (.txt, .md, .html, .htm, .pdf, .docx).

    Raises a :class:`~pressextract.errors.PressExtractError` with a one-line
    message naming the file and the fix when the file cannot be used.
    """
    path = Path(path)
    data = read_bytes(path, max_bytes=max_bytes)
    return document_from_bytes(data, str(path), suffix=path.suffix.lower())


def document_from_bytes(data: bytes, source: str, *, suffix: str = "") -> DocumentText:
    """The document text of ``data`` read as a file with ``suffix`` would be (no suffix: text or HTML by content)."""
    if suffix in PDF_SUFFIXES:
        return DocumentText(text=pdf_to_text(data, source), source=source, sha256=hash_bytes(data))
    if suffix in DOCX_SUFFIXES:
        return DocumentText(text=docx_to_text(data, source), source=source, sha256=hash_bytes(data))
    return text_from_bytes(data, source, html=suffix in HTML_SUFFIXES or None)


def pdf_to_text(data: bytes, source: str = "<pdf>") -> str:
    """The text layer of a PDF, page by page (blank line between pages), via pypdf."""
    import logging
    import warnings

    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a dependency
        from .errors import MissingExtraError

        raise MissingExtraError("reading PDF needs pypdf: pip install pypdf", path=source) from None
    # pypdf logs recoverable oddities of real-world PDFs; they are not the user's business.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DecodeError("is an encrypted PDF: save an unencrypted copy, or its text as .txt", path=source)
            pages = [page.extract_text() or "" for page in reader.pages]
    except PressExtractError:
        raise
    except Exception as exc:  # noqa: BLE001  (pypdf raises many kinds on damaged files)
        raise DecodeError(f"cannot be read as a PDF ({type(exc).__name__}: {_one_line(exc)}): re-save it, or convert it to .txt", path=source) from None
    text = "\n\n".join(normalise_newlines(page).strip("\n") for page in pages)
    if not text.strip():
        raise NoTextLayerError(
            "is a PDF without a text layer (a scan?): run OCR on it first (e.g. ocrmypdf) or pass its text as .txt", path=source
        )
    return text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes, source: str = "<docx>", *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a Word .docx: paragraphs separated by a blank line, a table's rows one per line
    (cells separated by a tab). Read from ``word/document.xml`` with the standard library."""
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > max_bytes:
                raise InputTooLargeError(f"holds {info.file_size:,} bytes of text XML, more than {max_bytes:,}: split it", path=source)
            root = ElementTree.fromstring(archive.read(info))
    except PressExtractError:
        raise
    except KeyError:
        raise DecodeError("is a ZIP file but not a Word document (no word/document.xml): save it as .docx or .txt", path=source) from None
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError) as exc:
        raise DecodeError(f"cannot be read as a .docx ({type(exc).__name__}: {_one_line(exc)}): re-save it, or save it as .txt", path=source) from None
    body = root.find(f"{_W}body")
    blocks: list[str] = []
    if body is not None:
        _docx_blocks(body, blocks)
    return "\n\n".join(b for b in blocks if b.strip())


def _docx_blocks(parent, blocks: list[str]) -> None:
    for child in parent:
        if child.tag == f"{_W}p":
            blocks.append(_docx_paragraph(child))
        elif child.tag == f"{_W}tbl":
            rows = []
            for row in child.iter(f"{_W}tr"):
                cells = [" ".join(filter(None, (_docx_paragraph(p) for p in cell.iter(f"{_W}p")))) for cell in row.findall(f"{_W}tc")]
                rows.append("\t".join(cells).strip())
            blocks.append("\n".join(r for r in rows if r))
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
            _docx_blocks(child, blocks)


def _docx_paragraph(paragraph) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def read_bytes(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file, or a one-line :class:`InputReadError` / :class:`InputTooLargeError`."""
    path = Path(path)
    source = str(path)
    try:
        st = path.stat()
        # A FIFO or device named like a release would block or never end: refuse before opening.
        if not path.is_file():
            raise InputReadError("is not a regular file: pass a text or HTML file", path=source)
        if st.st_size > max_bytes:
            raise InputTooLargeError(
                f"is {st.st_size:,} bytes, more than the limit of {max_bytes:,}: split it or raise max_bytes",
                path=source,
            )
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except PermissionError:
        raise InputReadError("cannot be read (permission denied): check its permissions", path=source) from None
    except FileNotFoundError:
        raise InputNotFoundError("does not exist (or is a broken symlink): check the path", path=source) from None
    except IsADirectoryError:
        raise InputReadError("is a directory: pass the files in it, or the CLI recurses for you", path=source) from None
    except OSError as exc:
        raise InputReadError(f"cannot be read ({exc.strerror or exc}): check the file", path=source) from None


def file_hash(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The ``content_hash`` a record of ``path`` would carry, or None when the file cannot be read."""
    try:
        return hash_bytes(read_bytes(path, max_bytes=max_bytes))
    except PressExtractError:
        return None


def find_documents(
    paths, suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES, *,
    include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), skipped: list[Path] | None = None,
) -> tuple[list[Path], list[PressExtractError]]:
    """Expand files and folders into a sorted list of documents, and the problems met on the way.

    Folders are walked recursively (hidden entries skipped). A file found in a
    folder is kept when its suffix is one of ``suffixes``, it matches one of
    the ``include`` globs (when any) and none of the ``exclude`` globs; a glob
    matches the file's name or its path relative to the folder given
    (``"*.pdf"``, ``"drafts/*"``). Files left out for their type are appended
    to ``skipped``. Files named directly are always kept. Problems are
    one-line errors: a folder that cannot be listed (:class:`WalkError`), a
    path that does not exist (:class:`InputNotFoundError`), and a folder reached
    again through a symlink (:class:`SymlinkLoopError`, a note: its files are
    read once, through the first path).
    """
    walker = _Walker(suffixes, include, exclude, skipped)
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            walker.top = path
            walker.walk(path)
        elif path.exists() or path.is_symlink():
            walker.found.append(path)
        else:
            walker.problems.append(InputNotFoundError("does not exist: check the path", path=str(path)))
    return list(dict.fromkeys(walker.found)), walker.problems


class _Walker:
    """The files under one folder after another, with the problems met and the files skipped for their type."""

    def __init__(self, suffixes, include, exclude, skipped) -> None:
        self.suffixes, self.include, self.exclude, self.skipped = suffixes, include, exclude, skipped
        self.found: list[Path] = []
        self.problems: list[PressExtractError] = []
        self.seen_dirs: set[tuple[int, int]] = set()
        self.top = Path(".")

    def _matches(self, entry: Path, globs) -> bool:
        relative = entry.relative_to(self.top).as_posix() if entry.is_relative_to(self.top) else entry.as_posix()
        return any(fnmatch.fnmatchcase(entry.name, g) or fnmatch.fnmatchcase(relative, g) for g in globs)

    def _wanted(self, entry: Path) -> bool:
        return (not self.include or self._matches(entry, self.include)) and not self._matches(entry, self.exclude)

    def walk(self, folder: Path) -> None:
        try:
            st = folder.stat()
        except OSError as exc:
            self.problems.append(WalkError(f"cannot be opened ({exc.strerror or exc}): check the folder", path=str(folder)))
            return
        key = (st.st_dev, st.st_ino)
        if key in self.seen_dirs:
            self.problems.append(SymlinkLoopError("is a folder already walked (a symlink loop or a second link): skipped", path=str(folder)))
            return
        self.seen_dirs.add(key)
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            self.problems.append(WalkError(f"cannot be listed ({exc.strerror or exc}): check its permissions", path=str(folder)))
            return
        for entry in entries:
            if not entry.name.startswith("."):
                self._visit(entry)

    def _visit(self, entry: Path) -> None:
        try:
            if entry.is_dir():
                self.walk(entry)
            elif not self._wanted(entry):
                return
            elif entry.suffix.lower() in self.suffixes:
                self.found.append(entry)
            elif self.skipped is not None:
                self.skipped.append(entry)
        except OSError as exc:
            self.problems.append(WalkError(f"cannot be opened ({exc.strerror or exc}): check it", path=str(entry)))
