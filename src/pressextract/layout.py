"""The shape of a release: headline, dateline, headings, list items, sentence breaks.

Two components: ``px_sentences`` runs before the parser and starts a sentence
where a line break clearly ends one (headings, list items), so that the
parser does not glue a heading to the paragraph below it; ``px_layout``
finds the headline, the release date and the headings every later
component refers to.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401  (registers Doc._ extensions)
from .extensions import context_of, doc_text
from .component import RuleComponent
from .items import Heading, LayoutInfo, SignatureBlock, Signatory
from .rules import alternation, built
from .schemas import LayoutRules, LexiconRules, TemporalRules
from .temporal import Temporal

LIST_MARKER_RE = re.compile(
    r"^[ \t]*(?:[•·▪●◦\-–*]\s*)?(?:\((?P<paren>[A-Za-z]|\d{1,2}|[ivx]{1,4})\)|(?P<num>\d{1,2})[.)](?!\d)|(?P<letter>[A-Z])\.(?=\s))[ \t]*"
)
BULLET_RE = re.compile(r"^[ \t]*[•·▪●◦\-–*][ \t]+")
_HEADING_NUM_RE = re.compile(r"^[ \t]*(?:(?:\d{1,2}|[IVX]{1,4})\.|\(\d{1,2}\)|[A-Z]\.)[ \t]+(?P<h>\S.*?)[ \t]*$")
_TERMINAL = ".!?:;\"”’)"


def iter_lines(text: str):
    """(start, end, line) for each line, offsets into ``text``."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


class LayoutReader:
    """The patterns of ``layout.json`` (and the dates of ``temporal.json``), and what they read in a text."""

    def __init__(self, layout: LayoutRules, lexicon: LexiconRules, temporal: Temporal) -> None:
        self.temporal = temporal
        self.small_words = frozenset(lexicon.small_words)
        starts = "|".join(alternation([w]) + (r"\b" if w[-1].isalnum() else "") for w in sorted(set(layout.skip_line_starts), key=lambda w: (-len(w), w)))
        self.skip_re = re.compile(rf"\((?:{alternation(layout.credit_labels)})[:\s]|^\s*(?:{starts})", re.IGNORECASE)
        """Photo credits and navigation ("(Photo: ...)", "Back to top"): lines no rule reads."""
        self.breadcrumb_re = re.compile(rf"\b(?:{alternation(layout.breadcrumb_ends)})$")
        # "Signed at Kuala Lumpur, on the 26th of October 2025, in duplicate, in the English language."
        self.signature_re = re.compile(
            rf"(?m)^[ \t*_]*(?:{alternation(layout.signing_words)})\s+(?:{alternation(layout.signing_place_preps)})\s+"
            r"(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}),?"
            rf"\s+(?:(?:{alternation(layout.signing_date_leads)})\s+)?(?P<when>[^,.\n]*\d{{4}})[^.\n]*"
        )
        leads = alternation(layout.party_leads)
        # A second lead on the line is a second column flattened onto it: not one party's line.
        self.party_re = re.compile(rf"^[ \t*_]*(?:{leads})\s+(?P<party>(?:(?!\s(?:{leads})\s)[^:\n]){{3,160}}?)\s*:[ \t*_]*$")

    def is_heading(self, line: str, next_line: str | None) -> str | None:
        """The heading text of ``line`` when it is a heading, else None."""
        stripped = line.strip()
        if not stripped or len(stripped) > 90 or stripped[-1] in ".,;:" or not next_line:
            return None
        m = _HEADING_NUM_RE.match(line)
        if m:
            heading = m.group("h")
            if len(heading.split()) <= 10 and heading[0].isupper() and not heading.endswith((".", ",")):
                return heading
            return None
        words = stripped.split()
        if 1 <= len(words) <= 8 and stripped.isupper() and any(c.isalpha() for c in stripped):
            return stripped
        if 2 <= len(words) <= 8 and all(w[0].isupper() or w in self.small_words or not w[0].isalpha() for w in words):
            if len(next_line.strip()) > 80:
                return stripped
        return None

    def analyse(self, text: str, published: str | None = None, dateline_lines: int = 20) -> LayoutInfo:
        """Headline, release date, body start, headings, skipped zones and signature block of ``text``."""
        lines = list(iter_lines(text))
        nonempty = [(s, e, line) for s, e, line in lines if line.strip()]
        dateline_index, published_span, dateline_value = self._dateline(nonempty, dateline_lines)
        published = published or dateline_value
        body_start = published_span[1] if published_span else 0
        title = None
        if nonempty:
            title, title_end = self._title(nonempty, dateline_index)
            if dateline_index is None:
                body_start = title_end
        headings, skip = self._headings_and_skips(lines, body_start)
        return LayoutInfo(
            title=title,
            published=published,
            published_span=published_span,
            body_start=body_start,
            headings=headings,
            skip=skip,
            signature=self.signature_block(text, body_start),
        )

    def _dateline(self, nonempty: list, dateline_lines: int) -> tuple[int | None, tuple[int, int] | None, str | None]:
        """(index among non-empty lines, span, date) of the dateline: a line that is only a date;
        failing that, a date ending a header line ("FA181 10 December 2002")."""
        for read in (self.temporal.dateline_date, self.temporal.trailing_date):
            for idx, (s, e, line) in enumerate(nonempty[:dateline_lines]):
                value = read(line)
                if value:
                    return idx, (s, e), value
        return None, None, None

    def _title(self, nonempty: list, dateline_index: int | None) -> tuple[tuple[int, int], int]:
        """The headline's span and the end of its line; a breadcrumb ("Japan-Kenya Relations")
        gives way to a real headline on the next line."""
        idx = 1 if dateline_index == 0 and len(nonempty) > 1 else 0
        s, e, line = nonempty[idx]
        lead = len(line) - len(line.lstrip())
        title = (s + lead, s + len(line.rstrip()))
        if self.breadcrumb_re.search(line.strip()) and idx + 1 < len(nonempty) and (dateline_index is None or idx + 1 < dateline_index):
            s2, _, line2 = nonempty[idx + 1]
            if 3 <= len(line2.split()) <= 20 and not line2.strip().endswith("."):
                lead2 = len(line2) - len(line2.lstrip())
                title = (s2 + lead2, s2 + len(line2.rstrip()))
        return title, e

    def _headings_and_skips(self, lines: list, body_start: int) -> tuple[list[Heading], list[tuple[int, int]]]:
        headings = []
        skip = []
        for i, (s, e, line) in enumerate(lines):
            if s < body_start:
                continue
            if self.skip_re.search(line):
                skip.append((s, e))
                continue
            nxt = next((l for _, _, l in lines[i + 1 :] if l.strip()), None)
            heading = self.is_heading(line, nxt)
            if heading:
                lead = line.find(heading)
                headings.append(Heading(s + lead, s + lead + len(heading), heading))
        return headings, skip

    def signature_block(self, text: str, start: int = 0) -> SignatureBlock | None:
        """The signature block that ends the text of a signed document.

        Returns the signing line and its place, and the signatories written as
        "For the <party>:" / name / title lines. Columns flattened onto one line
        ("For the Government of A For the Government of B:") are not read.
        """
        matches = list(self.signature_re.finditer(text, start))
        if not matches:
            return None
        m = matches[-1]
        lines = [(s, e, line) for s, e, line in iter_lines(text) if s >= m.end() and line.strip()]
        return SignatureBlock(
            span=(m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t*_")), m.end()),
            place=m.group("place"),
            when=(m.start("when"), m.end("when")),
            signatories=self._signatories(lines),
        )

    def _signatories(self, lines: list) -> list[Signatory]:
        """ "For the <party>:" / name / [title] entries, in order."""
        signatories = []
        i = 0
        while i < len(lines):
            party = self.party_re.match(lines[i][2])
            if not party or i + 1 >= len(lines) or self.party_re.match(lines[i + 1][2]):
                i += 1
                continue
            name_s, _, name_line = lines[i + 1]
            name = name_line.strip(" \t*_")
            title = None
            if i + 2 < len(lines) and not self.party_re.match(lines[i + 2][2]) and len(lines[i + 2][2].strip()) <= 100:
                ts, _, title_line = lines[i + 2]
                lead = len(title_line) - len(title_line.lstrip(" \t*_"))
                title = (ts + lead, ts + len(title_line.rstrip(" \t*_")))
            if 2 <= len(name.split()) <= 6 and not name.endswith((".", ":")):
                lead = len(name_line) - len(name_line.lstrip(" \t*_"))
                signatories.append(Signatory(party.group("party"), (name_s + lead, name_s + lead + len(name)), title))
            i += 3 if title else 2
        return signatories


def _last_char_before(doc: Doc, i: int) -> str:
    for j in range(i - 1, -1, -1):
        if not doc[j].is_space:
            return doc[j].text[-1]
    return ""


def _line_around(text: str, offset: int) -> tuple[str, str]:
    """The line holding ``offset`` and the stripped line before it."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    prev_line_end = text.rfind("\n", 0, offset)
    prev_line_start = text.rfind("\n", 0, max(prev_line_end, 0)) + 1
    prev_line = text[prev_line_start:prev_line_end].strip() if prev_line_end > 0 else ""
    return line, prev_line


def sentence_starts(doc: Doc, short_line: int = 60) -> list[int]:
    """Indexes of the tokens after a line break that ends a line of its own kind: after terminal
    punctuation, before a list item or bullet, after a short line (a heading), after a blank line."""
    text = doc_text(doc)
    starts = []
    for token in doc[1:]:
        if token.is_space:
            continue
        prev = doc[token.i - 1]
        gap = text[prev.idx + len(prev.text) : token.idx] if not prev.is_space else prev.text + prev.whitespace_
        if "\n" not in gap:
            continue
        line, prev_line = _line_around(text, token.idx)
        if (
            _last_char_before(doc, token.i) in _TERMINAL
            or LIST_MARKER_RE.match(line)
            or BULLET_RE.match(line)
            or (token.text[:1].isupper() and len(prev_line) < short_line)
            or "\n\n" in gap and token.text[:1].isupper()
        ):
            starts.append(token.i)
    return starts


class SentenceBreaks(RuleComponent):
    """Starts a sentence after a line break that ends a line of its own kind.

    The starts are written in one pass (``Doc.from_array``): setting
    ``Token.is_sent_start`` one token at a time makes spaCy scan the whole
    document on each set.
    """

    def __init__(self, nlp: Language, name: str, *, rules: str | None = None, short_line: int = 60) -> None:
        self.short_line = short_line
        super().__init__(nlp, name, rules=rules)

    def __call__(self, doc: Doc) -> Doc:
        starts = sentence_starts(doc, self.short_line)
        if starts:
            values = doc.to_array(SENT_START)
            values[numpy.asarray(starts)] = 1
            doc.from_array([SENT_START], values)
        return doc


class Layout(RuleComponent):
    """Headline, release date, headings and photo-credit zones."""

    rule_files = {"layout": LayoutRules, "lexicon": LexiconRules, "temporal": TemporalRules}

    def __init__(self, nlp: Language, name: str, *, rules: str | None = None, dateline_lines: int = 20) -> None:
        super().__init__(nlp, name, rules=rules)
        self.dateline_lines = dateline_lines

    def compile(self) -> None:
        self.reader = built(build_layout_reader, self.rules.layout, self.rules.lexicon, self.rules.temporal)

    def __call__(self, doc: Doc) -> Doc:
        doc._.px_layout = self.reader.analyse(doc_text(doc), context_of(doc).published, self.dateline_lines)
        if doc._.px_warnings is None:
            doc._.px_warnings = []
        return doc


def build_layout_reader(layout: LayoutRules, lexicon: LexiconRules, temporal: TemporalRules) -> LayoutReader:
    """A :class:`LayoutReader` from its rule files."""
    return LayoutReader(layout, lexicon, Temporal(temporal))


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
