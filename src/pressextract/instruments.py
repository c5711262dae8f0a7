"""Instruments: documents signed, exchanged, adopted, announced or welcomed.

A document is found by its name ("Memorandum of Cooperation", "MoU", "E/N",
"Joint Statement"), extended to its full title ("... between A and B on
C"), and kept only when something happens to it in the release (a verb of
signing, exchange, adoption, announcement or welcome, or a place in a list of
documents signed or exchanged). Mentions of one document are merged: the
list entry and the mention in the talks become one instrument.

The words live in ``instruments.json`` (and the shared ``lexicon.json``);
:class:`Vocabulary` compiles them once per rule set, and every step below
takes the compiled vocabulary as its first argument.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc

from . import extensions  # noqa: F401
from .component import RuleComponent
from .countries import Countries
from .extensions import doc_text
from .items import InstrumentItem, LayoutInfo, Offsets
from .layout import LIST_MARKER_RE, in_skip
from .rules import alternation, built
from .schemas import CountriesRules, InstrumentsRules, LexiconRules, TitlesRules
from .titles import Titles, build_titles

# A capitalised word of a document's name, with inner dots ("U.S.-India") but not a sentence's last period.
_CAP_WORD = r"[A-Z0-9](?:[\w'’-]|\.(?=[\w-]))*"
_CONTENT_WORDS = re.compile(r"[A-Za-z][A-Za-z/-]{2,}")
# Dependency labels a document's mention climbs through to the word that governs it.
_CLIMB_DEPS = {"dobj", "pobj", "prep", "conj", "appos", "compound", "nsubjpass", "attr", "oprd", "npadvmod", "nmod", "dep"}


def _value(x) -> str:
    """A rule value as the plain string the items carry (the schemas type them as enums)."""
    return str(getattr(x, "value", x))


def _plural(word: str) -> str:
    """"Ministry" -> "Ministries", "Bank" -> "Banks"."""
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u") else word + "s"


def _title_case(word: str) -> str:
    return word[:1].upper() + word[1:]


class Vocabulary:
    """The instrument rules compiled: the patterns and lookups every step reads.

    Built once per rule set (:func:`pressextract.rules.built`), so components
    given the same files share it and a pipeline given other files gets its own.
    """

    def __init__(self, rules: InstrumentsRules, lexicon: LexiconRules, countries: CountriesRules, titles: TitlesRules) -> None:
        self.rules = rules
        self.countries: Countries = built(Countries, countries)
        self.titles: Titles = build_titles(titles, countries)
        self.types = {name: _value(kind) for name, kind in rules.names}
        self.actions = {lemma: _value(action) for lemma, action in rules.actions.items()}
        self.strength = [_value(a) for a in rules.strength]
        self.name_re = self._name_re()
        self.name_words = frozenset(w for name in self.types for w in re.findall(r"[a-z/]+", name.lower()))
        self.weak = frozenset(rules.weak_names)
        self.weak_stems = frozenset(w.rstrip("s") for w in rules.weak_names)
        self.unilateral = tuple(rules.unilateral)
        self.conclude = frozenset(rules.conclude_cues)
        self.proposals = frozenset(rules.proposal_nouns)
        self.planned_aux = frozenset(rules.planned_aux)
        self.governing_preps = frozenset(rules.governing_preps)
        self.clause_words = frozenset(rules.clause_words)
        self.signing_verbs = frozenset(rules.signing_verbs)
        self.stopwords = frozenset(rules.subject_stopwords)
        self.written_actions = {w.lower(): _value(a) for w, a in rules.written_actions.items()}
        self.list_actions = [(cue, _value(a)) for cue, a in rules.list_actions]
        self.plural_bodies = {k.lower(): v for k, v in rules.plural_bodies.items()}
        self._compile_titles()
        self._compile_parties(lexicon)
        self._compile_actions()

    # -- names and titles -------------------------------------------------
    def _name_re(self) -> re.Pattern:
        """Every name, longest first; an abbreviation only as capitals ("MOU", "MoU"), a plural "s" allowed."""
        abbreviations = set(self.rules.abbreviations)
        capitals = []
        for name in abbreviations:
            capitals += [name.upper(), name[0].upper() + name[1:-1] + name[-1].upper()]  # "MOC", "MoC"
        words = [n for n in self.types if n not in abbreviations]
        return re.compile(
            rf"(?<![\w/])(?:(?-i:{alternation(capitals, suffix='s?')})|{alternation(words, suffix='s?')})(?![\w/])", re.IGNORECASE
        )

    def _compile_titles(self) -> None:
        r = self.rules
        subject = alternation(r.subject_links)
        self.subject_links = subject
        any_case = alternation([*r.subject_links, *map(_title_case, r.subject_links), "between", "Between"])
        self.title_continues = re.compile(rf"\s*(?:\([^)]{{1,40}}\)\s*)?(?:{any_case}|{alternation(r.title_links)})\b")
        # "Memorandum of Understanding and Cooperation between ...": a second capitalised name word.
        self.joined_name = re.compile(rf"\s+and\s+[A-Z][a-z]+(?=\s+(?:between|{subject})\b)")
        # The next document starts at any name ("... on trade and the Agreement on ...").
        doc_start = rf"(?i:(?:{alternation(self.types, suffix='s?')})(?![\w/]))"
        self.stop_title = re.compile(
            r"(?:(?<!\.[A-Z])\.(?=[\s*<…\"“]|$)|;|\n"
            rf"| and (?:the |an? )?(?:(?:{alternation(r.quantifiers)}) )?(?={doc_start})"
            rf"|, (?:and )?(?:the |an? )?(?={doc_start})"
            rf"|, (?:{alternation(r.title_ends_after_comma)})\b"
            rf"|,? and (?:also )?(?:{alternation(r.title_end_verbs)})\b"
            rf"| (?:{alternation(r.title_ends)}|and (?:{alternation(r.quantifiers)}))\b"
            r"|\s\|)"
        )
        openers = alternation(r.title_openers)
        self.opener = re.compile(rf"(?:{openers})\s")
        self.leading_opener = re.compile(rf"^(?:{openers})\s+")
        self.second_document = re.compile(rf",?\s+and\s+(?=(?:{subject})\s)")
        fields = alternation(r.field_nouns, suffix="s?")
        heads = alternation(r.subject_heads)
        self.field_list = re.compile(rf"\s(?:{subject}\s+(?:{heads})\s+in|{subject}|in\s+the\s+(?:{fields})\s+of)\s+(?=\S)")
        self.subject = re.compile(
            rf"\b(?i:{subject}|in the (?:{alternation(r.field_nouns)}) of|for)\s+(?:the\s+)?"
            rf"(?:(?i:{heads})\s+(?:in|on)\s+(?:the\s+(?i:{alternation(r.field_nouns)})\s+of\s+)?)?(.+)$"
        )
        self.purpose = re.compile(rf"\bto\s+(?:{alternation(r.purpose_verbs)})\s+(.+?)(?:\s+between\s|$)")

    # -- parties ----------------------------------------------------------
    def _compile_parties(self, lexicon: LexiconRules) -> None:
        r = self.rules
        organisations = lexicon.organisation_words
        self.org_word = re.compile(rf"\b(?:{alternation([*organisations, *map(_plural, organisations)])})\b")
        self.org_start_re = re.compile(rf"(?:the\s+)?(?:{alternation([*organisations, *r.party_openers])})\b")
        subject = [*r.subject_links, *map(_title_case, r.subject_links)]
        self.after_parties = re.compile(rf"\s+(?:{alternation([*subject, *r.party_ends])})\s|,\s|;|\s+\|")
        self.joint_split = re.compile(rf"\s+(?:{self.subject_links}|to|for)\s")
        joint_names = [n for n in self.types if n.startswith("joint ") and self.types[n] in ("joint_statement", "joint_declaration")]
        self.joint_authors = re.compile(rf"(?i:{alternation(joint_names)})\s+(?:of|by)\s+(?:the\s+)?(.+)$")
        bodies = [_title_case(p) for p in r.plural_bodies] + [p[:1].lower() + p[1:] for p in r.plural_bodies]
        self.distributive = re.compile(
            rf"^(?:the\s+)?(?P<plural>(?:[A-Za-z]+\s+)?(?P<body>{alternation(bodies)}))"
            r"(?P<rest>(?:\s+of\s+[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*)*)?)\s+of\s+(?P<a>.+?)\s+and\s+(?:the\s+)?(?P<b>.+)$"
        )
        self.possessive_signing = re.compile(
            r"(?P<a>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})\s+and\s+(?:the\s+)?(?P<b>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})['’]s?\s+"
            rf"(?:{alternation(r.act_nouns)})\s+of\s+(?:the\s+|a\s+|an\s+)?$"
        )
        signing = alternation(w for w, a in self.written_actions.items() if a in ("signed", "exchanged"))
        self.passive_signing = re.compile(
            rf"\s+(?:was|were|has\s+been|have\s+been)\s+(?:also\s+)?(?:{signing})\s+(between\s+[^;\n]{{3,400}})"
        )
        self.field_list_breaks = re.compile(rf"\b(?:{alternation(r.field_list_breaks)}|of\s+[A-Z])")
        self.participles = {name: re.compile(rf"\s+(?:{alternation(words)})\s") for name, words in r.participle_only.items()}
        self.head_office = re.compile(rf"(?:{alternation(self.titles.heads)})\s+of\s+(?:the\s+)?.+")

    def org_start(self, text: str):
        """A body's name opens ``text``: an organisation word ("the Ministry"), an opener ("National"), a country ("Japan Bank")."""
        return self.org_start_re.match(text) or self.countries.name_re.match(text)

    # -- actions ----------------------------------------------------------
    def _compile_actions(self) -> None:
        r = self.rules
        self.action_before = re.compile(
            rf"\b(?P<verb>{alternation(self.written_actions)})\s+(?:the\s+|a\s+|an\s+|their\s+|its\s+)?$", re.IGNORECASE
        )
        self.cited = re.compile(
            rf"\b(?:{alternation(r.cited_before)})\s+(?:the\s+|this\s+|that\s+|our\s+|their\s+)?(?:\d{{4}}\s+)?$", re.IGNORECASE
        )
        self.list_intro = re.compile(rf"\b(?:{alternation(r.list_cues)})\b", re.IGNORECASE)
        collective = alternation(r.collective_nouns)
        singular = alternation([n[:-1] if n.endswith("s") else n for n in r.collective_nouns], suffix="s?")
        self.inline_lead = re.compile(rf"\b(?:{singular}|{alternation(r.irregular_plurals)}|following)\b", re.IGNORECASE)
        participles = alternation(self.written_actions)
        self.inline_list = re.compile(
            rf"\s*(?:They|These|(?:The\s+|Other\s+|Further\s+)?(?:{collective})(?:\s+(?:{participles}))?)\s+(?:\w+\s+)?includ", re.IGNORECASE
        )

    def type_of(self, name: str) -> str:
        """The type of a name as written: "MoUs" -> memorandum_of_understanding; "other" when unknown."""
        lower = name.lower()
        spaced = re.sub(r"\s+", " ", lower)
        key = spaced.rstrip("s")
        for candidate in (lower, key, key + "s", spaced):
            if candidate in self.types:
                return self.types[candidate]
        return "other"

    def is_plural(self, name: str) -> bool:
        """A name of several documents: "MoUs", "memoranda of cooperation", never "notes"."""
        lower = name.lower()
        return lower.endswith("s") and lower not in self.rules.not_plural or lower.startswith(tuple(self.rules.irregular_plurals))

    def is_weak(self, name: str) -> bool:
        lower = name.lower()
        return lower.rstrip("s") in self.weak_stems or lower in self.weak

    def is_unilateral(self, m: "Mention") -> bool:
        """A document one side issues alone ("Executive Order ..."): its single signer is its party."""
        return m.name.lower().rstrip("s") in self.unilateral or m.title.lower().startswith(self.unilateral)


@dataclass
class Mention:
    start: int
    end: int
    type: str
    name: str
    title: str
    label: str | None = None
    action: str | None = None
    in_list: bool = False
    parties: list[str] = field(default_factory=list)
    field: str | None = None
    named: str = ""


# -- finding names and titles ---------------------------------------------------------------------


def find_instruments(v: Vocabulary, doc: Doc, layout: LayoutInfo) -> list[Mention]:
    """Every mention of a document in the release, settled: its action, parties and subject.

    Names are found and extended to titles (:func:`_name_mentions`), a release that is a
    signed text adds its headline, mentions inside others are dropped, each mention is
    settled (:func:`_settle`) and mentions listed side by side share what one of them lacks.
    """
    text = doc_text(doc)
    mentions = _name_mentions(v, text, layout)
    signed_text = _signed_text(v, text, layout)
    if signed_text:
        mentions.append(signed_text)
    kept = _outermost(mentions)
    sentences = list(doc.sents)
    for x in kept:
        _settle(v, doc, text, x, sentences)
    _share_across_coordination(text, kept)
    return kept


def _name_mentions(v: Vocabulary, text: str, layout: LayoutInfo) -> list[Mention]:
    """The document names of the body (never in a heading or a skipped block), each as its mentions."""
    headings = [(h.start, h.end) for h in layout.headings]
    mentions: list[Mention] = []
    for m in v.name_re.finditer(text, layout.body_start):
        if in_skip(layout, m.start()) or any(hs <= m.start() < he for hs, he in headings):
            continue
        mentions.extend(_mentions_at(v, text, m, layout.body_start, mentions))
    return mentions


def _mentions_at(v: Vocabulary, text: str, m: re.Match, body: int, previous: list[Mention]) -> list[Mention]:
    """The mentions a name found at ``m`` stands for: none when it is no document here, one, or
    several when a plural name covers several documents."""
    name = m.group(0)
    kind = v.type_of(name)
    start = _title_start(v, text, m.start(), body)
    line_end = text.find("\n", m.end())
    end = _extend_title(v, text, m.end(), len(text) if line_end < 0 else line_end)
    label = _label_of(text, start) or _label_of(text, m.start())
    title = text[start:end]
    named = title[: title.lower().find(name.lower())].strip() if name.lower() in title.lower() else ""
    if _an_act(v, text, m) or _needs_more(v, text, m, start, named, previous) or _bare_weak(v, name, kind, label, title, named):
        return []
    if not label and v.is_plural(name):
        several = _several_documents(v, text, start, end, kind, name, title)
        if several:
            return several
    return [Mention(start, end, kind, name, title, label=label, in_list=label is not None, named=named if re.match(r"[A-Z0-9]", named) else "")]


def _title_start(v: Vocabulary, text: str, start: int, body: int) -> int:
    """Where a title starts: a qualifying prefix is taken in ("Joint Statement", "Grant Agreement",
    "Comprehensive Strategic Partnership Agreement"), only as a capitalised run ending right before
    the name ("Trade and Investment Framework Agreement", never "... People's Republic and the
    Executive Order"), without the word that opens the sentence ("The", "Following")."""
    prefix = re.search(rf"((?:{_CAP_WORD}|on|and|of|the|for)\s+){{0,6}}$", text[max(body, start - 80) : start])
    if not prefix or not prefix.group(0).strip():
        return start
    cap = re.search(rf"((?:{_CAP_WORD}\s+)(?:(?:on|of|the|for)\s+|and\s+(?={_CAP_WORD})|{_CAP_WORD}\s+)*)$", prefix.group(0))
    if not cap:
        return start
    if not v.opener.match(cap.group(1)):
        return start - len(cap.group(1))
    return start - len(v.leading_opener.sub("", cap.group(1)))


def _extend_title(v: Vocabulary, text: str, end: int, limit: int) -> int:
    """Extend a document name to its full title: "... between A and B on C"."""
    tail = text[end:limit]
    joined = v.joined_name.match(tail)
    if joined:
        end += joined.end()
        tail = text[end:limit]
    # The title continues only with words that qualify a document.
    if not v.title_continues.match(tail):
        abbrev = re.match(r"\s*\([A-Za-z/]{2,10}\)", tail)
        return end + abbrev.end() if abbrev else end
    stop = v.stop_title.search(tail)
    cut = stop.start() if stop else len(tail)
    # Never swallow a following sentence-level clause.
    return end + len(tail[:cut].rstrip(" ,"))


def _an_act(v: Vocabulary, text: str, m: re.Match) -> bool:
    """"confirming agreement to establish a centre": agreeing, not a document (no determiner before it)."""
    return (
        m.group(0) in v.rules.verbal_nouns
        and bool(re.match(r"\s+(?:to|that)\s", text[m.end() : m.end() + 6]))
        and not re.search(r"\b(?:an?|the|this|that|its|their|our|new)\s+(?:[\w-]+\s+){0,2}$", text[max(0, m.start() - 40) : m.start()])
    )


def _needs_more(v: Vocabulary, text: str, m: re.Match, start: int, named: str, previous: list[Mention]) -> bool:
    """A generic name without what makes it a document: "a package of documents" has no participle
    ("documents amending the agreement"), a "programme" no "of"/"for"/"on" ("programme of cultural
    exchanges"), unless it is a proper name in a list of documents ("Japan's new National Security
    Strategy, National Defense Strategy, and Defense Buildup Program")."""
    stem = m.group(0).lower().rstrip("s")
    participles = v.participles.get(stem)
    if participles is not None and not participles.match(text[m.end() : m.end() + 20]):
        return True
    if stem not in v.rules.qualified_only or re.match(r"\s+(?:of|for|on)\s", text[m.end() : m.end() + 5]):
        return False
    listed = previous and re.fullmatch(r",\s+(?:and\s+)?|\s+and\s+", text[previous[-1].end : start]) and re.match(r"[A-Z]", named)
    return not listed


def _bare_weak(v: Vocabulary, name: str, kind: str, label: str | None, title: str, named: str) -> bool:
    """"the documents", "a program": a weak name counts only listed, qualified or named."""
    return (
        v.is_weak(name) and not label and kind == "other"
        and not re.search(r"\b(?:between|on|for|of)\b", title) and not re.search(r"[A-Z]", named)
    )


def _several_documents(v: Vocabulary, text: str, start: int, end: int, kind: str, name: str, title: str) -> list[Mention]:
    """A plural name over several documents, one mention each; none when it names one.

    "memoranda of cooperation on intellectual property and on geological exploration": a repeated
    preposition after "and" starts a second document. "memorandums on cooperation in transport,
    communications and IT, and banking supervision": one document per field of a comma list.
    """
    second = v.second_document.search(title)
    if second and second.start() > len(name):
        first_end, other = start + second.start(), start + second.end()
        return [Mention(start, first_end, kind, name, text[start:first_end]), Mention(other, end, kind, name, text[other:end])]
    items = _field_items(v, title)
    if len(items) < 3:
        return []
    head = title[: items[0][0]]
    return [Mention(start if k == 0 else start + a, start + b, kind, name, head + title[a:b]) for k, (a, b) in enumerate(items)]


def _field_items(v: Vocabulary, title: str) -> list[tuple[int, int]]:
    """The fields of a comma list after a plural name, as (start, end) offsets in ``title``.

    Only commas separate items: "communications and IT" is one field.
    """
    m = v.field_list.search(title)
    if not m:
        return []
    rest = title[m.end() :]
    if v.field_list_breaks.search(rest) or rest.count(",") < 2:
        return []
    items, pos = [], m.end()
    for piece in re.split(r"(,\s+(?:and\s+)?)", rest):
        if piece.startswith(","):
            pos += len(piece)
            continue
        if not piece.strip() or len(piece.split()) > 5:
            return []
        items.append((pos, pos + len(piece)))
        pos += len(piece)
    return items


def _label_of(text: str, start: int) -> str | None:
    """The list label of the line a mention starts ("1.", "(a)", "| 2 |"), or of a label alone on the line before."""
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    if not prefix.strip():
        # A label alone on the line before: "1.\nExchange of Notes ...".
        before = text[:line_start].rstrip("\n")
        previous = before[before.rfind("\n") + 1 :].strip()
        m = re.fullmatch(r"\(?([A-Za-z]|\d{1,2})[.)]?", previous)
        if m and previous != m.group(1) or re.fullmatch(r"\d{1,2}", previous):
            return m.group(1) if m else previous
    m = LIST_MARKER_RE.match(prefix + " ")
    if m and (m.end() >= len(prefix) or not prefix[m.end():].strip() or re.fullmatch(r"[\s|:.\-–]*", prefix[m.end():])):
        return m.group("paren") or m.group("num") or m.group("letter")
    m = re.match(r"^\s*(?:\|\s*)?(\d{1,2})\s*[|.)]\s*(?:\|\s*)?$", prefix)
    if m:
        return m.group(1)
    return None


def _signed_text(v: Vocabulary, text: str, layout: LayoutInfo) -> Mention | None:
    """A release that is the text of a document signed at the event: its headline names the document
    ("Memorandum of Understanding Between ...") and it ends in a signature block ("Signed at Kuala Lumpur, on ...")."""
    if not layout.title or not layout.signature:
        return None
    start, end = layout.title
    m = v.name_re.match(text, start)
    if not m:
        return None
    return Mention(start, end, v.type_of(m.group(0)), m.group(0), text[start:end], action="signed")


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """The mentions in text order without those inside another."""
    mentions.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Mention] = []
    for x in mentions:
        if kept and x.start < kept[-1].end:
            continue
        kept.append(x)
    return kept


def _settle(v: Vocabulary, doc: Doc, text: str, x: Mention, sentences: list) -> None:
    """What happens to the document of ``x`` (none when only cited), who its parties are, what it is about."""
    list_action = _list_action(v, text, x.start) if x.in_list else None
    if not x.in_list:
        list_action = _inline_list_action(v, doc, x.start, sentences)
        x.in_list = list_action is not None
    if _cited(v, text, x.start):
        x.action = None
    else:
        x.action = x.action or _action_near(v, doc, x.start, x.end, x.in_list, list_action) or _action_before(v, text, x.start)
    x.parties = (
        _parties(v, x.title) or _table_parties(v, text, x.end) or subject_parties(v, doc, x.start, x.end, single=v.is_unilateral(x))
        or _passive_parties(v, text, x.end) or _possessive_parties(v, text, x.start)
    )
    x.field = _field(v, x.title, x.name, x.parties)


def _share_across_coordination(text: str, kept: list[Mention]) -> None:
    """"the exchange of a memorandum on X and a memorandum on Y": what happens to one happens to both.
    Who signed one signed both, when the signers are the clause's subject rather than a "between" of the first."""
    for prev, x in pairwise(kept):
        if not _coordinated(text, prev, x, alternatives=True):
            continue
        if x.action is None and prev.action is not None:
            x.action = prev.action
        if not x.parties and prev.parties and not re.search(r"\b(?i:between)\b", prev.title) and x.type == prev.type:
            x.parties = list(prev.parties)


# -- parties ----------------------------------------------------------------------------------------


def _distributive(v: Vocabulary, rest: str) -> list[str] | None:
    """"the Ministries of Economy of Ukraine and Azerbaijan" -> the Ministry of Economy of each."""
    m = v.distributive.match(rest)
    if not m or not (v.countries.lookup(m.group("a")) and v.countries.lookup(m.group("b"))):
        return None
    body = m.group("body")
    singular = v.plural_bodies[re.sub(r"\s+", " ", body).lower()]
    if body[0].islower():
        singular = singular[:1].lower() + singular[1:]
    head = m.group("plural")[: m.start("body") - m.start("plural")] + singular + m.group("rest")
    return [f"{head} of {m.group('a')}", f"{head} of {m.group('b')}"]


def _mask_quotes(s: str) -> str:
    """Blank out quoted names ('the State Enterprise "Research and Training Center, Kyiv"') so that
    their commas, "and"s and place names are not read as party boundaries; offsets are kept."""
    return re.sub(r'(["“«])([^"”»\n]{1,200})(["”»])', lambda m: m.group(1) + "x" * len(m.group(2)) + m.group(3), s)


def split_parties(v: Vocabulary, rest: str) -> list[str]:
    """Two parties joined by "and": "Ministry X of Japan and Ministry Y of the Republic of Kenya".

    The split falls after a country name when there is one ("... of Japan and ..."),
    else before the name of a body ("... and the Ministry ..."), else at the
    only "and"; commas and "and" inside one party's name stay inside it.
    """
    rest = re.sub(r"\s+in\s+\d{4}(?:[–-]\d{2,4})?\s*$", "", rest.strip())
    distributive = _distributive(v, rest)
    if distributive:
        return distributive
    splits = _party_joints(v, _mask_quotes(rest))
    if not splits:
        return []
    pieces, last = [], 0
    for j in splits:
        pieces.append(rest[last : j.start()])
        last = j.end()
    pieces.append(rest[last:])
    parties = _join_places(v, [re.sub(r"^the\s+", "", p.strip(" ,.;")) for p in pieces])
    # A party is a name: "relevant ministries" or "holding the Russian" are not.
    if any(not p or not p[0].isupper() for p in parties):
        return []
    return parties


def _party_joints(v: Vocabulary, masked: str) -> list[re.Match]:
    """Where parties meet: every "and" or comma right after a country name ("X of Ukraine, Y of Ukraine
    and Z of Azerbaijan"); else the "and" before a body's name; else the only "and"."""
    countries = [(s, e) for s, e, _ in v.countries.find(masked)]
    joints = list(re.finditer(r"\s+and\s+|,\s+(?:and\s+)?", masked))

    def after_country(j: re.Match) -> bool:
        return any(e <= j.start() and (masked[e : j.start()].strip() in ("", ")") or masked[e : j.start()].strip().startswith("(")) for s, e in countries)

    splits = [j for j in joints if after_country(j)]
    if splits:
        return splits
    ands = [j for j in joints if "and" in j.group(0)]
    org = next((j for j in ands if v.org_start(masked[j.end() :])), None)
    return [org] if org else (ands if len(ands) == 1 else [])


def _join_places(v: Vocabulary, parties: list[str]) -> list[str]:
    """"the Departments of Health of Ireland and Northern Ireland and the ...": a bare place after a
    body's place is a second place of that body, not a party of its own."""
    merged: list[str] = []
    for party in parties:
        if (
            merged and v.org_word.search(merged[-1]) and not v.org_word.search(party) and len(party.split()) <= 3
            and " of " not in f" {party} " and not v.countries.lookup(party) and v.countries.find(party)
        ):
            merged[-1] = f"{merged[-1]} and {party}"
        else:
            merged.append(party)
    return merged


def _parties(v: Vocabulary, title: str) -> list[str]:
    """The parties a title names: "between A and B", or the authors of a joint declaration
    ("Joint Declaration of the President of Ukraine and the President of Azerbaijan")."""
    m = re.search(r"\b(?i:between)\s+(.*)", title)
    if not m:
        joint = v.joint_authors.match(title)
        if joint and " and " in joint.group(1):
            return split_parties(v, v.joint_split.split(joint.group(1))[0])
        return []
    rest = m.group(1)
    masked = _mask_quotes(rest)
    # The parties end where the subject or the sentence goes on: " on ...", " was signed", ", ...".
    # A comma inside a party ("Ministry of Land, Infrastructure, Transport and Tourism") is kept
    # when the text after it still reads as one name, so cut only after the second party starts.
    and_pos = [j.start() for j in re.finditer(r"\s+and\s+", masked)]
    cut_from = and_pos[-1] if and_pos else 0
    for j in and_pos:
        if v.countries.find(masked[:j]) or v.org_start(masked[j:].split("and", 1)[1].lstrip()):
            cut_from = j
            break
    later = [e for s_, e, _ in v.countries.find(masked) if s_ > cut_from]
    stop = v.after_parties.search(masked, later[0] if later else cut_from + 1)
    if stop:
        # "of the Republic of Kenya on Cooperation": the subject starts after the last country.
        rest = rest[: stop.start()]
    return split_parties(v, rest)


def _table_parties(v: Vocabulary, text: str, end: int) -> list[str]:
    """Parties in the next cell of a table row: "1. | MoU on X | Ministry A of India and Department B of Australia"."""
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    m = re.match(r"\s*\|\s*(.+?)\s*(?:\|.*)?$", rest)
    if not m:
        return []
    return split_parties(v, m.group(1))


def _passive_parties(v: Vocabulary, text: str, end: int) -> list[str]:
    """Parties after a passive signing: "A Protocol was also signed between A and B amending ..."."""
    m = v.passive_signing.match(text[end : end + 460])
    return _parties(v, m.group(1)) if m else []


def subject_parties(v: Vocabulary, doc: Doc, start: int, end: int, single: bool = False) -> list[str]:
    """Parties named as the subject of the signing: "Australia and Indonesia signed a MoU"; with
    ``single``, one signer of a unilateral document ("The President of Russia signed the Executive Order")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    token = span.root
    for _ in range(4):
        if token.dep_ in ("dobj", "conj", "appos") and token.head is not token:
            token = token.head
        else:
            break
    if token.pos_ != "VERB" or token.lemma_.lower() not in v.signing_verbs:
        return []
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    if not subjects:
        return []
    parties = []
    for head in sorted([subjects[0], *subjects[0].conjuncts], key=lambda t: t.i):
        # The conjunct with its own modifiers ("the Central Bank of Russia"), not the next conjunct.
        right = max([head.i] + [c.right_edge.i for c in head.children if c.i > head.i and c.dep_ not in ("cc", "conj", "punct")])
        phrase = re.sub(r"^(?:the|The)\s+", "", doc[head.left_edge.i : right + 1].text).strip(" ,")
        if not (v.countries.lookup(phrase) or v.org_start(phrase) or v.org_word.search(phrase) or (single and _head_of_state(v, phrase))):
            return []
        parties.append(phrase)
    return parties if len(parties) >= 2 or (single and parties) else []


def _head_of_state(v: Vocabulary, phrase: str) -> bool:
    """"President of Russia", "King of Jordan": an office of a named country."""
    return bool(v.head_office.fullmatch(phrase)) and bool(v.countries.find(phrase))


def _possessive_parties(v: Vocabulary, text: str, start: int) -> list[str]:
    """"Japan and Australia's signing of the Reciprocal Access Agreement"."""
    m = v.possessive_signing.search(text[max(0, start - 160) : start])
    if not m:
        return []
    parties = [m.group("a"), m.group("b")]
    return parties if all(v.countries.lookup(p) or v.org_word.search(p) for p in parties) else []


def _field(v: Vocabulary, title: str, name: str, parties: list[str] | None = None) -> str | None:
    """What a document is about: "on C" after its parties ("between the State Service of Ukraine for
    Geodesy ... on land relations"), else before them, else its purpose ("to promote trade")."""
    after = max((title.find(p) + len(p) for p in parties or () if p in title), default=-1)
    if after > len(name):
        found = _field(v, title[after:], "")
        if found:
            return found
        # "on cooperation in the field of low carbon development between Rosneft and CNPC": before them.
        title = re.split(r"\s+(?i:between)\s", title)[0]
    m = v.subject.search(title[len(name) :])
    if m:
        return m.group(1).strip(" .") or None
    m = v.purpose.search(title)
    if m:
        return m.group(1).strip(" .")
    return None


# -- actions ----------------------------------------------------------------------------------------


def _action_near(v: Vocabulary, doc: Doc, start: int, end: int, in_list: bool, list_action: str | None) -> str | None:
    """What happens to the document: from the words that govern its mention, or its list."""
    span = doc.char_span(start, end, alignment_mode="expand")
    found: list[str] = _governing_actions(v, span) if span is not None else []
    if in_list and list_action:
        found.append(list_action)
    if not found and span is not None:
        found = _clause_verb_action(v, span)
    if not found:
        return None
    return min(found, key=v.strength.index)


def _governing_actions(v: Vocabulary, span) -> list[str]:
    """Actions of the words that govern a mention: "signed [the MoU]", "the exchange of [the MoC]",
    "[a joint statement] was adopted", "[the agreement] signed today", "agreed to conclude [an EPA]"."""
    return _modifier_actions(v, span.root) + _climb_actions(v, span.root)


def _modifier_actions(v: Vocabulary, root) -> list[str]:
    """"the MoU signed today", never "an agreement to establish a centre" (what the document does)."""
    found = []
    for child in root.children:
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        lemma = child.lemma_.lower()
        if child.dep_ in ("acl", "amod", "relcl") and lemma in v.actions and child.i > root.i - 2 and not infinitive:
            found.append(v.actions[lemma])
    return found


def _climb_actions(v: Vocabulary, root) -> list[str]:
    """Climb from a mention through objects, prepositions and conjuncts to the verb or noun that acts on it."""
    found: list[str] = []
    token = root
    for _ in range(8):
        if (token.dep_ not in _CLIMB_DEPS and token.lower_ not in v.governing_preps) or token.head is token:
            break
        if token.dep_ == "prep" and token.lower_ not in v.governing_preps:
            break
        token = token.head
        lemma = token.lemma_.lower()
        if lemma in v.proposals and any(c.dep_ in ("amod", "poss") and (c.ent_type_ or c.tag_ in ("PRP$", "NNP") or c.text[:1].isupper()) for c in token.children):
            # "the Russian drafts of the Treaty": one side's proposal, nothing agreed yet.
            break
        if lemma in v.conclude:
            found.append("agreed_to_conclude")
            break
        if lemma in v.actions and _background_perfect(v, token):
            break
        if lemma in v.actions:
            found += _verb_action(v, token, lemma)
        if token.pos_ in ("VERB", "AUX") and lemma not in ("include", "be"):
            break
    return found


def _verb_action(v: Vocabulary, token, lemma: str) -> list[str]:
    """The action of a governing word: a planned signing ("will sign", "agreed to adopt") is
    agreed_to_conclude, a negated verb none."""
    verb = token.pos_ in ("VERB", "AUX")
    planned = verb and (token.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ in v.planned_aux for c in token.children))
    if planned and v.actions[lemma] in ("signed", "exchanged", "adopted"):
        return ["agreed_to_conclude"]
    if verb and any(c.dep_ == "neg" for c in token.children):
        return []
    return [v.actions[lemma]]


def _has_perfect_aux(verb) -> bool:
    """"have signed", "has adopted": the verb carries the auxiliary of the perfect."""
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _background_perfect(v: Vocabulary, verb) -> bool:
    """A verb in the perfect in a sentence about the past: "To date, we have signed 288 documents"."""
    if verb.pos_ not in ("VERB", "AUX") or not _has_perfect_aux(verb):
        return False
    sentence = verb.sent.text.lower()
    return any(cue in sentence for cue in v.rules.background_cues)


def _clause_verb_action(v: Vocabulary, span) -> list[str]:
    """The verb of the object a mention sits in, when the parse hangs the mention elsewhere:
    "agencies signed a number of agreements in the sphere of education and memoranda of ...".

    Only a verb before the mention in its sentence with no other verb or clause break between.
    """
    doc = span.doc
    for i in range(span.start - 1, max(span.sent.start, span.start - 25) - 1, -1):
        token = doc[i]
        if token.text in (";", ":") or token.lower_ in v.clause_words:
            return []
        if token.pos_ in ("VERB", "AUX"):
            return _clause_verb(v, token, doc[i + 1] if i + 1 < span.start else None)
    return []


def _clause_verb(v: Vocabulary, token, after) -> list[str]:
    """The action of the nearest verb before a mention: an action verb in a finite past or present
    (or the perfect), not negated or planned, whose object the mention can be."""
    lemma = token.lemma_.lower()
    perfect = token.tag_ == "VBN" and _has_perfect_aux(token)
    if token.pos_ != "VERB" or lemma not in v.actions or not (token.tag_ in ("VBD", "VBZ", "VBP") or perfect):
        return []
    if after is not None and after.pos_ == "ADP":
        # "initiatives announced in the Spirit of Camp David statement": not the verb's object.
        return []
    if any(c.dep_ == "neg" for c in token.children) or any(c.dep_ in ("aux", "auxpass") and c.lower_ in v.planned_aux for c in token.children):
        return []
    return [v.actions[lemma]]


def _action_before(v: Vocabulary, text: str, start: int) -> str | None:
    """A verb right before the mention ("Ministers issued the AUSMIN 2023 Joint Statement"), when the parse missed it."""
    m = v.action_before.search(text[max(0, start - 30) : start])
    return v.written_actions[m.group("verb").lower()] if m else None


def _cited(v: Vocabulary, text: str, start: int) -> bool:
    """A mention only cited: "marking 20 years of the Treaty", "in accordance with the Agreement"."""
    return bool(v.cited.search(text[max(0, start - 40) : start]))


def _sentence_of(sentences: list, start: int):
    """The sentence holding offset ``start``, by bisection (``Span.sent`` walks the whole doc each time)."""
    k = bisect.bisect_right([s.start_char for s in sentences], start) - 1
    return (sentences[k] if k >= 0 else None), k


def _inline_list_action(v: Vocabulary, doc: Doc, start: int, sentences: list) -> str | None:
    """Documents listed in running text after a signing: "They include ...", "The documents signed included ...",
    "The following documents were signed: ..."."""
    sent, k = _sentence_of(sentences, start)
    if sent is None:
        return None
    text = doc_text(doc)
    colon = text.rfind(":", sent.start_char, start)
    lead = text[sent.start_char : colon if colon >= 0 else start]
    if colon >= 0 and v.inline_lead.search(lead):
        action = _cue_action(v, lead)
        if action:
            return action
    if v.inline_list.match(text[sent.start_char : sent.start_char + 60]):
        action = _cue_action(v, text[sent.start_char : start])
        if action:
            return action
        if k > 0:
            return _cue_action(v, sentences[k - 1].text)
    return None


def _cue_action(v: Vocabulary, text: str) -> str | None:
    """The action of the first list cue in ``text`` ("exchanged", "signing"), in the rules' order."""
    lower = text.lower()
    return next((action for cue, action in v.list_actions if cue in lower), None)


def _list_action(v: Vocabulary, text: str, start: int) -> str | None:
    """The action of a list of documents, from the lines that introduce it.

    Walks back over the list's own lines (entries, signatories, column headers)
    to the sentence that opens it ("the following documents were exchanged").
    """
    line_start = text.rfind("\n", 0, start)
    for _ in range(80):
        if line_start <= 0:
            return None
        prev_start = text.rfind("\n", 0, line_start) + 1
        line = text[prev_start:line_start]
        line_start = prev_start - 1
        lower = line.lower()
        if v.list_intro.search(lower) or line.rstrip().endswith(":"):
            action = _cue_action(v, lower)
            if action:
                return action
            if any(word in lower for word in v.rules.outcome_words):
                return "signed"
        if len(line) > 200 and not LIST_MARKER_RE.match(line) and "|" not in line:
            # A paragraph of running text: the list has no introduction above it.
            return None
    return None


# -- one document, several mentions -----------------------------------------------------------------


def _keywords(v: Vocabulary, text: str) -> set[str]:
    return {w.lower() for w in _CONTENT_WORDS.findall(text) if w.lower() not in v.stopwords}


def _subject_words(v: Vocabulary, m: Mention) -> set[str]:
    """Words of what a document is about: its title without the parties and without country names."""
    title = m.title
    for party in m.parties:
        title = title.replace(party, " ")
    for s, e, _ in reversed(v.countries.find(title)):
        title = title[:s] + " " + title[e:]
    # Parties not written out in the title ("the Ministries of Economy of Ukraine and Azerbaijan")
    # leave their words behind; a party's word that is also the subject ("on Defense Cooperation"
    # between Ministries of Defense) stays a subject word.
    party_words = {w.lower() for p in m.parties if p not in m.title for w in re.findall(r"[A-Za-z]+", p)}
    party_words |= {w + "s" for w in party_words}
    # The document's own name ("protocol", "agreement") says what it is, not what it is about.
    return _keywords(v, title) - v.name_words - party_words


def _coordinated(text: str, a: Mention, b: Mention, alternatives: bool = False) -> bool:
    """Two mentions listed side by side ("the Executive Order On A and the Executive Order On B");
    with ``alternatives``, "A or B" too."""
    joiner = r",|;|and|, and|as well as" + (r"|or" if alternatives else "")
    return bool(text) and a.end <= b.start and bool(re.fullmatch(rf"\s*(?:{joiner})\s*(?:an?|the)?\s*", text[a.end : b.start]))


def merge(v: Vocabulary, mentions: list[Mention], text: str = "") -> list[list[Mention]]:
    """Group mentions that name one document: same type and a shared subject word, or an abbreviation of it.

    Two full titles (each with its parties) are two documents unless they are the same text.
    """
    groups: list[list[Mention]] = []
    for x in mentions:
        words = _subject_words(v, x)
        target = next((g for g in groups if _may_join(text, g, x) and words & set().union(*(_subject_words(v, m) for m in g))), None)
        if target is None and not words and not x.label:
            # A bare "the MoU", "the Agreement", "the Joint Declaration of the two Presidents":
            # the latest document of that type, unless both name different parties.
            same = [g for g in groups if g[0].type == x.type and not (x.parties and any(m.parties and m.parties != x.parties for m in g))]
            if same:
                target = same[-1]
        if target is None:
            groups.append([x])
        else:
            target.append(x)
    return groups


def _may_join(text: str, group: list[Mention], x: Mention) -> bool:
    """``x`` may name the document of ``group``: same type, no other label, not listed beside it,
    not another full title, not another proper name ("the Interim Agreement" and "the Bilateral
    Trade Agreement" are two documents)."""
    if group[0].type != x.type:
        return False
    if any(g.label and x.label and g.label != x.label for g in group):
        return False
    if any(_coordinated(text, g, x) for g in group):
        return False
    if x.parties and any(g.parties and g.title != x.title for g in group):
        return False
    return not (x.named and any(g.named and x.named.lower() not in g.named.lower() and g.named.lower() not in x.named.lower() for g in group))


# -- the component ----------------------------------------------------------------------------------


class InstrumentFinder(RuleComponent):
    """Documents acted on in the release, one per document with all its mentions."""

    rule_files = {"instruments": InstrumentsRules, "lexicon": LexiconRules, "countries": CountriesRules, "titles": TitlesRules}
    extension = "px_instruments"

    def compile(self) -> None:
        r = self.rules
        self.vocabulary: Vocabulary = built(Vocabulary, r.instruments, r.lexicon, r.countries, r.titles)

    def spans_of(self, item: InstrumentItem) -> list[tuple[Offsets, str]]:
        return [(m, item.type) for m in item.mentions]

    def find(self, doc: Doc) -> list[InstrumentItem]:
        v = self.vocabulary
        mentions = find_instruments(v, doc, doc._.px_layout)
        out = [item for group in merge(v, mentions, doc_text(doc)) if (item := _instrument(v, group)) is not None]
        out.sort(key=lambda i: i.mentions[0][0])
        return out


def _instrument(v: Vocabulary, group: list[Mention]) -> InstrumentItem | None:
    """One document from its mentions, if any of them is acted on: the fullest mention's title and
    parties, the strongest action."""
    actions = [m.action for m in group if m.action]
    if not actions:
        return None
    best = max(group, key=lambda m: (len(m.parties), m.in_list, len(m.title)))
    return InstrumentItem(
        type=best.type,
        title=best.title,
        label=next((m.label for m in group if m.label), None),
        parties=best.parties,
        countries=sorted({code for p in best.parties for _, _, code in v.countries.find(p)}),
        field=best.field or next((m.field for m in group if m.field), None),
        action=min(actions, key=v.strength.index),
        mentions=[(m.start, m.end) for m in sorted(group, key=lambda m: m.start)],
    )
