"""Reading files into the document text that every offset indexes.

RECORD.md fixes the text: UTF-8 with the BOM stripped (other encodings
detected and decoded, with a warning), line endings turned into ``\\n``,
HTML reduced to its visible text. Nothing else is changed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BinaryInputError, DecodeError, InputReadError, InputTooLargeError

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
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


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode ``data`` to text: BOMs honoured, UTF-8 preferred, anything else detected."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff"), codec, []
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {codec} byte-order mark but is not valid {codec} ({exc.reason}): "
                    "re-save the file as UTF-8",
                    path=source,
                ) from None
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(
                f"is {what}, not text: convert it to .txt or .html first", path=source
            )
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
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
        raise DecodeError(
            "is not UTF-8 and its encoding could not be detected: re-save it as UTF-8",
            path=source,
        )
    encoding = best.encoding
    return str(best), encoding, [f"decoded as {encoding}, not UTF-8"]


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
    text, encoding, warnings = decode_bytes(data, source)
    text = normalise_newlines(text)
    if html is None:
        html = source.lower().endswith(HTML_SUFFIXES) or looks_like_html(text)
    if html:
        text = html_to_text(text)
    return DocumentText(text=text, source=source, encoding=encoding, warnings=warnings)


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DocumentText:
    """Read ``path`` into the document text RECORD.md defines.

    Raises a :class:`~pressextract.errors.PressExtractError` with a one-line
    message naming the file and the fix when the file cannot be used.
    """
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputReadError("is not a regular file: pass a text or HTML file", path=source)
        if size > max_bytes:
            raise InputTooLargeError(
                f"is {size:,} bytes, more than the limit of {max_bytes:,}: split it or raise max_bytes",
                path=source,
            )
        data = path.read_bytes()
    except PermissionError:
        raise InputReadError("cannot be read (permission denied): check its permissions", path=source) from None
    except FileNotFoundError:
        raise InputReadError("does not exist: check the path", path=source) from None
    except IsADirectoryError:
        raise InputReadError("is a directory: pass the files in it, or the CLI recurses for you", path=source) from None
    except OSError as exc:
        raise InputReadError(f"cannot be read ({exc.strerror or exc}): check the file", path=source) from None
    return text_from_bytes(data, source, html=path.suffix.lower() in HTML_SUFFIXES or None)


def find_documents(paths, suffixes: tuple[str, ...] = TEXT_SUFFIXES) -> tuple[list[Path], list[str]]:
    """Expand files and folders into a sorted list of documents, and the problems met on the way.

    Folders are walked recursively; symlink loops and unreadable folders are
    reported, not fatal.
    """
    found: list[Path] = []
    problems: list[str] = []
    seen_dirs: set[tuple[int, int]] = set()

    def walk(folder: Path) -> None:
        try:
            st = folder.stat()
        except OSError as exc:
            problems.append(f"{folder}: cannot be opened ({exc.strerror or exc})")
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            problems.append(f"{folder}: symlink loop, skipped")
            return
        seen_dirs.add(key)
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            problems.append(f"{folder}: cannot be listed ({exc.strerror or exc})")
            return
        for entry in entries:
            try:
                if entry.is_dir():
                    walk(entry)
                elif entry.suffix.lower() in suffixes and not entry.name.startswith("."):
                    found.append(entry)
            except OSError as exc:
                problems.append(f"{entry}: cannot be opened ({exc.strerror or exc})")

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walk(path)
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            problems.append(f"{path}: does not exist")
    unique = list(dict.fromkeys(found))
    return unique, problems
