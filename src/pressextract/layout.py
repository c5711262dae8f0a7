"""The shape of a release: headline, dateline, headings, list items, sentence breaks.

Two components: ``px_sentences`` runs before the parser and starts a sentence
where a line break clearly ends one (headings, list items), so that the
parser does not glue a heading to the paragraph below it; ``px_layout``
finds the headline, the release date and the headings every later
component refers to.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401  (registers Doc._ extensions)
from .extensions import context_of, doc_text
from .component import RuleComponent
from .items import Heading, LayoutInfo, SignatureBlock, Signatory
from .schemas import TemporalRules
from .temporal import dateline_date, trailing_date

LIST_MARKER_RE = re.compile(
    r"^[ \t]*(?:[•·▪●◦\-–*]\s*)?(?:\((?P<paren>[A-Za-z]|\d{1,2}|[ivx]{1,4})\)|(?P<num>\d{1,2})[.)](?!\d)|(?P<letter>[A-Z])\.(?=\s))[ \t]*"
)
BULLET_RE = re.compile(r"^[ \t]*[•·▪●◦\-–*][ \t]+")
_HEADING_NUM_RE = re.compile(r"^[ \t]*(?:(?:\d{1,2}|[IVX]{1,4})\.|\(\d{1,2}\)|[A-Z]\.)[ \t]+(?P<h>\S.*?)[ \t]*$")
_TERMINAL = ".!?:;\"”’)"
_PHOTO_RE = re.compile(r"\(Photo[:\s]|^\s*Photo(?:graph)?s?\b|^\s*Back to\b|^\s*\[?Photo\b", re.IGNORECASE)


def iter_lines(text: str):
    """(start, end, line) for each line, offsets into ``text``."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def is_heading(line: str, next_line: str | None) -> str | None:
    """The heading text of ``line`` when it is a heading, else None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or stripped[-1] in ".,;:" or not next_line:
        return None
    m = _HEADING_NUM_RE.match(line)
    if m:
        heading = m.group("h")
        words = heading.split()
        if len(words) <= 10 and heading[0].isupper() and not heading.endswith((".", ",")):
            return heading
        return None
    words = stripped.split()
    if 1 <= len(words) <= 8 and stripped.isupper() and any(c.isalpha() for c in stripped):
        return stripped
    small = {"and", "of", "the", "in", "for", "on", "to", "with", "a", "an", "at", "by"}
    if 2 <= len(words) <= 8 and all(w[0].isupper() or w in small or not w[0].isalpha() for w in words):
        if len(next_line.strip()) > 80:
            return stripped
    return None


class SentenceBreaks(RuleComponent):
    """Starts a sentence after a line break that ends a line of its own kind."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        for token in doc[1:]:
            if token.is_space:
                continue
            prev = doc[token.i - 1]
            gap = text[prev.idx + len(prev.text) : token.idx] if not prev.is_space else prev.text + prev.whitespace_
            if "\n" not in gap and not prev.is_space:
                continue
            if prev.is_space and "\n" not in prev.text:
                continue
            before = _last_char_before(doc, token.i)
            line_start = text.rfind("\n", 0, token.idx) + 1
            line = text[line_start : text.find("\n", token.idx) if text.find("\n", token.idx) >= 0 else len(text)]
            prev_line_end = text.rfind("\n", 0, token.idx)
            prev_line_start = text.rfind("\n", 0, max(prev_line_end, 0)) + 1
            prev_line = text[prev_line_start:prev_line_end].strip() if prev_line_end > 0 else ""
            if (
                before in _TERMINAL
                or LIST_MARKER_RE.match(line)
                or BULLET_RE.match(line)
                or (token.text[:1].isupper() and len(prev_line) < 60)
                or "\n\n" in gap and token.text[:1].isupper()
            ):
                token.is_sent_start = True
        return doc


def _last_char_before(doc: Doc, i: int) -> str:
    for j in range(i - 1, -1, -1):
        if not doc[j].is_space:
            return doc[j].text[-1]
    return ""


class Layout(RuleComponent):
    """Headline, release date, headings and photo-credit zones."""

    rule_files = {"temporal": TemporalRules}

    def __init__(self, nlp: Language, name: str, *, rules: str | None = None, dateline_lines: int = 20) -> None:
        super().__init__(nlp, name, rules=rules)
        self.dateline_lines = dateline_lines

    def __call__(self, doc: Doc) -> Doc:
        doc._.px_layout = analyse_layout(doc_text(doc), context_of(doc).published, self.dateline_lines)
        if doc._.px_warnings is None:
            doc._.px_warnings = []
        return doc


def analyse_layout(text: str, published: str | None = None, dateline_lines: int = 20) -> LayoutInfo:
    lines = [(s, e, line) for s, e, line in iter_lines(text)]
    nonempty = [(s, e, line) for s, e, line in lines if line.strip()]
    title = None
    body_start = 0
    published_span = None
    dateline_index = None
    # A line that is only a date; failing that, a date ending a header line ("FA181 10 December 2002").
    for read in (dateline_date, trailing_date):
        found = next(((idx, s, e, v) for idx, (s, e, line) in enumerate(nonempty[:dateline_lines]) if (v := read(line))), None)
        if found:
            dateline_index, s, e, value = found
            published_span = (s, e)
            published = published or value
            body_start = e
            break
    if nonempty:
        first = nonempty[0]
        if dateline_index == 0 and len(nonempty) > 1:
            first = nonempty[1]
        s, e, line = first
        lead = len(line) - len(line.lstrip())
        title = (s + lead, s + len(line.rstrip()))
        if dateline_index is None:
            body_start = e
        # A breadcrumb ("Japan-Kenya Relations") gives way to a real headline on the next line.
        idx = nonempty.index(first)
        if (
            re.search(r"\bRelations$", line.strip())
            and idx + 1 < len(nonempty)
            and (dateline_index is None or idx + 1 < dateline_index)
        ):
            s2, e2, line2 = nonempty[idx + 1]
            if 3 <= len(line2.split()) <= 20 and not line2.strip().endswith("."):
                lead2 = len(line2) - len(line2.lstrip())
                title = (s2 + lead2, s2 + len(line2.rstrip()))
    headings = []
    skip = []
    for i, (s, e, line) in enumerate(lines):
        if s < body_start:
            continue
        if _PHOTO_RE.search(line):
            skip.append((s, e))
            continue
        nxt = next((l for _, _, l in lines[i + 1 :] if l.strip()), None)
        heading = is_heading(line, nxt)
        if heading:
            lead = line.find(heading)
            headings.append(Heading(s + lead, s + lead + len(heading), heading))
    return LayoutInfo(
        title=title,
        published=published,
        published_span=published_span,
        body_start=body_start,
        headings=headings,
        skip=skip,
        signature=signature_block(text, body_start),
    )


# "Signed at Kuala Lumpur, on the 26th of October 2025, in duplicate, in the English language."
_SIGNATURE_RE = re.compile(
    r"(?m)^[ \t*_]*(?:Signed|Done|Executed)\s+(?:at|in)\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}),?"
    r"\s+(?:on\s+|this\s+)?(?P<when>[^,.\n]*\d{4})[^.\n]*"
)
_FOR_RE = re.compile(r"^[ \t*_]*For\s+(?:the\s+)?(?P<party>[^:\n]{3,160}?)\s*:[ \t*_]*$")


def signature_block(text: str, start: int = 0) -> SignatureBlock | None:
    """The signature block that ends the text of a signed document.

    Returns the signing line and its place, and the signatories written as
    "For the <party>:" / name / title lines. Columns flattened onto one line
    ("For the Government of A For the Government of B:") are not read.
    """
    m = None
    for m in _SIGNATURE_RE.finditer(text, start):
        pass
    if m is None:
        return None
    signatories = []
    lines = [(s, e, line) for s, e, line in iter_lines(text) if s >= m.end() and line.strip()]
    i = 0
    while i < len(lines):
        party = _FOR_RE.match(lines[i][2])
        if not party or i + 1 >= len(lines) or _FOR_RE.match(lines[i + 1][2]):
            i += 1
            continue
        name_s, name_e, name_line = lines[i + 1]
        name = name_line.strip(" \t*_")
        title = None
        if i + 2 < len(lines) and not _FOR_RE.match(lines[i + 2][2]) and len(lines[i + 2][2].strip()) <= 100:
            ts, te, title_line = lines[i + 2]
            lead = len(title_line) - len(title_line.lstrip(" \t*_"))
            title = (ts + lead, ts + len(title_line.rstrip(" \t*_")))
        if 2 <= len(name.split()) <= 6 and not name.endswith((".", ":")):
            lead = len(name_line) - len(name_line.lstrip(" \t*_"))
            signatories.append(Signatory(party.group("party"), (name_s + lead, name_s + lead + len(name)), title))
        i += 3 if title else 2
    return SignatureBlock(
        span=(m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t*_")), m.end()),
        place=m.group("place"),
        when=(m.start("when"), m.end("when")),
        signatories=signatories,
    )


def section_at(layout: LayoutInfo, offset: int) -> str | None:
    """The heading a character offset stands under."""
    current = None
    for heading in layout.headings:
        if heading.start <= offset:
            current = heading.text
        else:
            break
    return current


def in_skip(layout: LayoutInfo, offset: int) -> bool:
    return any(s <= offset < e for s, e in layout.skip)
