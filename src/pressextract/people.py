"""People: titles, names, honorifics, countries, and who is who.

A person is found from the way readouts introduce people ("Prime Minister
KISHIDA Fumio", "H.E. Dr. William Samoei Ruto, President of the Republic of
Kenya", "Canadian Prime Minister Justin Trudeau", "Xi Jinping"), then later
short forms ("President Ruto", "the Prime Minister") are resolved to the
same person. spaCy's PERSON entities are used as a second source of names,
repaired where a title split them. Whether a person takes part is decided
later, by the events and positions that name them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from . import extensions  # noqa: F401
from .extensions import doc_text
from .countries import _packaged as _packaged_countries
from .countries import country_index, demonyms, find_countries, lookup
from .items import LayoutInfo, PersonItem
from .component import RuleComponent
from .items import Offsets
from .layout import in_skip
from .schemas import CountriesRules, NamesRules, TitlesRules
from .rules import load_rule_file, load_rules, rules_dir
from .titles import Titles, UPPER as _UPPER

_NAME_WORD = rf"(?:[{_UPPER}]\.(?=\s)|[{_UPPER}]\w*(?:['’][{_UPPER}]\w*)?(?:-\w+)*)"
_CAPS_WORD = rf"[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?"

# Capitalised words that start sentences or name things, never people.
_NOT_NAME = {
    "The", "A", "An", "On", "In", "At", "During", "Following", "After", "Before", "And", "Of", "For", "With", "To",
    "From", "By", "This", "That", "These", "Those", "He", "She", "They", "We", "It", "His", "Her", "Their", "Our",
    "Both", "Two", "Three", "Also", "Further", "Furthermore", "Moreover", "However", "In", "Then", "Mr", "Mrs",
    "Government", "Ministry", "Office", "Summit", "Meeting", "Talks", "House", "Kremlin", "Council", "Commission",
    "Union", "Republic", "Kingdom", "State", "States", "Federation", "Nations", "Minister", "President", "Prime",
    "Secretary", "Chancellor", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Photo", "Japan", "Japanese", "Readout", "Statement", "Joint", "Memorandum", "Agreement",
    "Foreign", "Affairs", "Defense", "Defence", "Embassy", "Department", "Cabinet", "Parliament", "Congress",
    "COVID-19", "COVID", "G7", "G20", "NATO", "EU", "UN", "ASEAN", "Quad", "Indo-Pacific", "Pacific", "Africa",
    "Asia", "Europe", "America", "Middle", "East", "West", "North", "South", "Great", "Hall", "People",
    "Palace", "Castle", "Today", "Yesterday", "Leaders", "Leader", "Party", "Comrade", "Excellency", "Majesty",
    "Highness", "Vice", "Deputy", "Crown", "Prince", "King", "Queen", "Emir", "Sultan", "Head", "Chairman",
    "Director", "National", "Security", "Advisor", "Adviser", "Ambassador", "General", "Federal", "Senator",
    "Spokesperson", "Premier", "Speaker", "Taoiseach", "Amir", "Sheikh", "Senior", "Special", "Envoy",
    "I", "Call", "Calls", "Meets", "Meeting", "Conversation", "Talk", "Visit", "Bilateral", "Phone", "Telephone",
    "Video", "Virtual", "Trilateral", "Summit", "Remarks", "Welcomes", "Hosts", "Speaks", "With", "Readout",
    "Statement", "Statements", "Press", "Conference", "Dinner", "Lunch", "Breakfast", "Reception", "Signing",
    "Holds", "Receives", "Attends", "Visits", "Sends", "Chairs", "Talks", "Telephone", "Phone", "Congratulates",
}


_ORG_WORDS = {
    "Council", "Commission", "Ministry", "Office", "Department", "Agency", "Party", "Service", "Committee", "Bank",
    "Institute", "University", "Board", "Group", "Forum", "Summit", "Conference", "Issues", "Affairs", "Relations",
    "Cooperation", "Partnership", "Government", "Parliament", "Assembly", "Organization", "Organisation", "Fund",
    "Corporation", "Company", "Center", "Centre", "Initiative", "Strategy", "Programme", "Program", "Treaty", "Accord",
}


@dataclass
class Mention:
    start: int
    end: int
    title: str | None = None
    name: str | None = None
    name_start: int | None = None
    country: str | None = None
    organization: str | None = None
    honorifics: list[str] = field(default_factory=list)
    kind: str = "named"  # named | title | bare | spouse
    of: int | None = None  # index of the person a spouse mention belongs to
    abbreviated: bool = False  # "PM" for "Prime Minister"


@dataclass
class Person:
    mentions: list[Mention] = field(default_factory=list)
    name: str | None = None
    family_name: str | None = None
    given_name: str | None = None
    title: str | None = None
    country: str | None = None
    organization: str | None = None
    honorifics: list[str] = field(default_factory=list)
    spouse_of: "Person | None" = None

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


@lru_cache(maxsize=None)
def _titles() -> dict:
    return load_rules("titles")


@lru_cache(maxsize=None)
def _names() -> dict:
    return load_rules("names")


@lru_cache(maxsize=None)
def _packaged_titles() -> Titles:
    # Transitional (issue 11): the packaged titles until the component passes its own.
    return Titles(load_rule_file(rules_dir() / "titles.json", TitlesRules), _packaged_countries())


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def title_regex() -> str:
    return _packaged_titles().office


def second_office_regex() -> str:
    return _packaged_titles().second_office


def honorific_regex() -> str:
    return _packaged_titles().honorific


@lru_cache(maxsize=None)
def _country_alt() -> str:
    names = [n for n in country_index() if len(n) > 2 or n.isupper()]
    return _alt(names)


@lru_cache(maxsize=None)
def _demonym_alt() -> str:
    return _alt(demonyms())


def _name_pattern(min_words: int = 1) -> str:
    particle = r"(?:bin|ibn|bint|al|Al|el|El|da|de|dos|das|do|di|du|van|von|der|den|le|la|Tun|ben)"
    # A name never runs into an office: "Serdar Berdimuhamedov President of Russia ..." stops before "President".
    offices = sorted({c.split()[0] for c in _titles()["cores"]} | {"Prime", "Mr", "Mrs", "Ms", "Dr"}, key=len, reverse=True)
    not_office = r"(?!(?:" + "|".join(re.escape(o) for o in offices) + r")\b)"
    word = rf"{not_office}(?:{_CAPS_WORD}|{_NAME_WORD})"
    gap = r"[^\S\n]+"
    return rf"(?:{word}(?:{gap}(?:{particle}{gap})*{word}){{{min_words - 1},4}}(?:,?{gap}Jr\.?|,?{gap}Sr\.?|{gap}II|{gap}III)?)"


@lru_cache(maxsize=None)
def mention_regexes() -> dict[str, re.Pattern]:
    title = title_regex()
    hon = honorific_regex()
    name = _name_pattern()
    country = _country_alt()
    demonym = _demonym_alt()
    of_place = rf"(?:\s+of\s+(?:the\s+)?(?P<ofc>(?:(?:Republic|State|Kingdom|Federation|Sultanate|Commonwealth|Federal\s+Republic|Socialist\s+Republic|United\s+Republic|Islamic\s+Republic|Democratic\s+Republic|Hashemite\s+Kingdom|Principality|Grand\s+Duchy)\s+of\s+(?:the\s+)?)?(?:{country})))"
    # Title first: "[H.E.] [Kenyan] President [of Kenya][,] [Dr.] William Ruto [of Kenya]".
    # A portfolio and a name are both capitalised words; a name of two words or more is
    # tried first so that the portfolio does not swallow the given name.
    # Two offices held together: "Deputy Prime Minister and Minister for Defence", "State Councilor and Foreign Minister".
    titles = rf"(?:{title})(?:\s+and\s+(?:{second_office_regex()}))?"

    # Every mention starts a word with a capital (or "the"): a cheap first test at each position
    # before the long alternations run.
    start = rf"(?<![\w'’.-])(?=[{_UPPER}]|the\s|The\s)"

    def title_first_with(name_pattern: str) -> re.Pattern:
        return re.compile(
            rf"{start}(?P<hon>(?:(?:{hon})\s+)*)(?:(?P<dem>{demonym}|(?:{country})(?:['’]s)?)\s+)?(?P<title>{titles}){of_place}?"
            rf"(?:\s+of\s+(?P<oforg>the\s+[{_UPPER}][\w-]*(?:\s+[{_UPPER}][\w-]*){{0,4}}))?"
            rf",?\s+(?P<hon2>(?:(?:{hon})\s+)*)(?P<name>{name_pattern})"
            rf"(?:\s+of\s+(?:the\s+)?(?P<ofc2>{country}))?"
        )

    title_first2 = title_first_with(_name_pattern(2))
    title_first = title_first_with(name)
    # Name first: "[H.E.] [Dr.] William Samoei Ruto, [the] President of the Republic of Kenya"
    name_first = re.compile(
        rf"{start}(?P<hon>(?:(?:{hon})\s+)*)(?P<name>{name}),\s+(?:the\s+)?(?P<title>{titles}){of_place}?"
        rf"(?:\s+of\s+(?P<oforg>(?:the\s+)?[{_UPPER}][\w-]*(?:\s+(?:[{_UPPER}][\w-]*|of|and)){{0,5}}))?"
    )
    # Title alone: "the Prime Minister of Japan", "The President", "Prime Minister"
    title_only = re.compile(
        rf"{start}(?P<article>(?:the|The)\s+)?(?:(?P<dem>{demonym}|{country})\s+)?(?P<title>{title}){of_place}?(?![\w-])"
    )
    # Honorific and name: "Mr Thomas Nkobi", "Mrs. Ruto"
    hon_name = re.compile(rf"{start}(?P<hon>(?:(?:{hon})\s+)+)(?P<name>{name})")
    spouse = re.compile(r"\b(?:his|her|their)\s+(?:spouse|wife|husband)s?\b|\b(?:Mrs\.?|Madam|First Lady)\s+(?:[A-Z]{2,}\s+)?[A-Z][\w-]+")
    return {"title_first2": title_first2, "title_first": title_first, "name_first": name_first, "title_only": title_only, "hon_name": hon_name, "spouse": spouse}


def _clean_name(raw: str) -> str | None:
    raw = re.sub(r"['’]s?(?=\s|$)", "", raw)  # possessives: "Biden’s call"
    words = raw.split()
    # Trailing words that are not names: "Justin Trudeau" from "Justin Trudeau In"
    while words and (words[-1].strip(",") in _NOT_NAME):
        words.pop()
    while words and words[0] in _NOT_NAME:
        words.pop(0)
    if not words:
        return None
    name = " ".join(words).rstrip(",")
    if lookup(name) or name in demonyms():
        return None
    return name


def normalise_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[-‐’'\s]+", " ", text).strip().lower()


def split_name(raw: str, country: str | None) -> tuple[str, str | None, str | None]:
    """(name as written in normal case, family name, given name)."""
    names = _names()
    suffix_re = r",?\s+(?:" + "|".join(re.escape(s) for s in names["suffixes"]) + r")$"
    core = re.sub(suffix_re, "", raw).strip().rstrip(",")
    words = core.split()
    caps = [w for w in words if len(w) > 1 and w.replace("-", "").isupper() and w.replace("-", "").isalpha()]
    family_first = country in names["family_first_countries"]
    if caps and len(caps) < len(words):
        # Japanese MOFA style: family name in capitals ("KISHIDA Fumio").
        family = " ".join(w.capitalize() if "-" not in w else "-".join(p.capitalize() for p in w.split("-")) for w in caps)
        given_words = [w for w in words if w not in caps]
        given = " ".join(given_words) or None
        if family_first:
            name = f"{family} {given}" if given else family
        else:
            name = f"{given} {family}" if given else family
        return name, family, given
    if len(words) == 1:
        return raw, words[0], None
    surnames = set(names["east_asian_surnames"])
    if family_first and words[0] in surnames and (words[-1] not in surnames or len(words) == 2 and "-" in words[1]):
        return raw, words[0], " ".join(words[1:])
    if family_first and words[-1] in surnames and words[0] not in surnames:
        return raw, words[-1], " ".join(words[:-1])
    # Particles belong to the family name: "bin Salman", "da Silva", "Al Thani".
    starts = set(names["family_start_particles"])
    patronymic = set(names["patronymic_particles"])
    connecting = set(names["connecting_particles"])
    i = len(words) - 1
    if i >= 1 and words[i - 1] in starts:
        i -= 1
    elif i >= 1 and words[i - 1] in patronymic | connecting:
        i -= 1
    family = " ".join(words[i:])
    given = " ".join(words[:i]) or None
    return raw, family, given


def _country_of(code_or_name: str | None) -> str | None:
    if not code_or_name:
        return None
    return lookup(code_or_name)


_SMALL_WORDS = {"for", "of", "and", "the", "on", "to", "in", "at", "by", "with"}


def case_shadow(text: str) -> str:
    """The text with lines written all in capitals put in title case, offsets unchanged.

    Headlines and OCR'd releases write "MINISTER FOR FOREIGN AFFAIRS ALEXANDER
    DOWNER"; the title and name patterns read the shadow, spans index the text.
    """
    out = []
    for line in text.split("\n"):
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 6 and all(c.isupper() for c in letters):
            words = re.split(r"(\s+)", line)
            line = "".join(w if w.isspace() or not w else (w.lower() if w.lower() in _SMALL_WORDS and i else w.capitalize()) for i, w in enumerate(words))
        out.append(line)
    return "\n".join(out)


def _repair_name_start(m: re.Match, persons: list[tuple[int, int]]) -> int | None:
    """Where the name starts when spaCy saw a PERSON inside what the title pattern took ("Head of the DPR Denis Pushilin")."""
    t_start, t_end = m.start("title"), m.end("title")
    for p_start, p_end in persons:
        if t_start < p_start < t_end and p_end >= m.start("name"):
            return p_start
    return None


def find_mentions(text: str, start: int, end: int, layout: LayoutInfo, persons: list[tuple[int, int]] | None = None, name_like: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Every person mention between ``start`` and ``end``, longest forms first."""
    regs = mention_regexes()
    original = text
    text = case_shadow(text)
    persons = persons or []
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    def add(m: Mention) -> None:
        found.append(m)
        taken.append((m.start, m.end))

    for key in ("name_first", "title_first2", "title_first"):
        for m in regs[key].finditer(text, start, end):
            raw_name, raw_start = m.group("name"), m.start("name")
            title = _norm_title(m.group("title"))
            repaired = _repair_name_start(m, persons) if key != "name_first" else None
            if repaired is not None:
                title = _norm_title(text[m.start("title") : repaired]).rstrip(" ,")
                raw_name, raw_start = text[repaired : m.end("name")], repaired
            name = _clean_name(raw_name)
            if not name or in_skip(layout, m.start()):
                continue
            person_ent = any(ps < raw_start + len(raw_name) and raw_start < pe for ps, pe in persons) or any(
                ps <= raw_start and raw_start + len(name or "") <= pe for ps, pe in name_like or []
            )
            if key == "name_first" and not m.group("hon") and not (person_ent and len(name.split()) >= 2):
                # "Glasgow, President of Ukraine ...": a place before a title is not a name.
                continue
            if key != "name_first" and "," in text[m.end("title") : raw_start] and not (person_ent or m.group("hon2") or len(name.split()) >= 2):
                # "Mr President, First, ...": after a comma only a real name continues the mention.
                continue
            if _ORG_WORDS & set(name.split()):
                continue
            # The name must not run into the next sentence or title.
            name_start = raw_start + raw_name.find(name.split()[0])
            name_end = name_start + len(name)
            s = m.start("hon") if m.group("hon") else m.start("title") if key == "title_first" and not m.group("dem") else m.start()
            if key != "name_first":
                s = m.start()
                s += len(m.group(0)) - len(m.group(0).lstrip())
                e = m.end("ofc2") if m.group("ofc2") else name_end
                joined = re.match(r"([\w-]+)\s+and\s+", m.group("title"))
                if joined and re.search(r"\b[Tt]he\s+$", text[max(0, m.start() - 4) : m.start()]) and not m.group("dem"):
                    # "The Secretary and Foreign Minister Kuleba": the Secretary is someone else, named before.
                    s = m.start("title") + joined.end()
                    title = _norm_title(text[s : m.end("title")])
            else:
                e = m.end()
            if not free(s, e):
                continue
            hon = _split_honorifics((m.group("hon") or "") + " " + (m.groupdict().get("hon2") or ""))
            country = _country_of(m.group("ofc")) or _country_of(m.groupdict().get("ofc2")) or (
                lookup(re.sub(r"['’]s$", "", m.group("dem"))) if m.groupdict().get("dem") else None
            )
            org = m.groupdict().get("oforg")
            name, suffixes = _split_suffix_honorifics(name)
            add(Mention(s, e, title=title, name=name, name_start=name_start, country=country,
                        organization=org.strip() if org and not country else None, honorifics=hon + suffixes))
    for m in regs["hon_name"].finditer(text, start, end):
        name = _clean_name(m.group("name"))
        if not name or in_skip(layout, m.start()):
            continue
        name_start = m.start("name") + m.group("name").find(name.split()[0])
        e = name_start + len(name)
        if not free(m.start(), e):
            continue
        name, suffixes = _split_suffix_honorifics(name)
        add(Mention(m.start(), e, name=name, name_start=name_start, honorifics=_split_honorifics(m.group("hon")) + suffixes))
    for m in regs["title_only"].finditer(text, start, end):
        if in_skip(layout, m.start()) or not free(m.start(), m.end()):
            continue
        title = _norm_title(m.group("title"))
        if title.split()[-1] in ("Head",) and not m.group("ofc"):
            continue
        country = _country_of(m.group("ofc")) or (lookup(m.group("dem")) if m.group("dem") else None)
        add(Mention(m.start(), m.end(), title=title, country=country, kind="title"))
    abbreviations = _titles()["abbreviations"]
    for m in _abbreviation_regex().finditer(original, start, end):
        if in_skip(layout, m.start()) or not free(m.start(), m.end()):
            continue
        add(Mention(m.start(), m.end(), title=abbreviations[m.group(0)], kind="title", abbreviated=True))
    return found


@lru_cache(maxsize=None)
def _abbreviation_regex() -> re.Pattern:
    """Offices written short ("PM"), as whole words; a pattern that never matches when there are none."""
    words = "|".join(map(re.escape, _titles()["abbreviations"])) or r"(?!)"
    return re.compile(rf"(?<![\w.&])(?:{words})(?![\w.&'’-])")


def _split_suffix_honorifics(name: str) -> tuple[str, list[str]]:
    """"Julie Bishop MP" -> ("Julie Bishop", ["MP"])."""
    suffixes = set(_titles()["honorific_suffixes"])
    words = name.split()
    found = []
    while len(words) > 1 and words[-1].strip(",") in suffixes:
        found.insert(0, words.pop().strip(","))
    return " ".join(words), found


def _norm_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip()


def _split_honorifics(raw: str) -> list[str]:
    raw = raw.strip()
    if not raw:
        return []
    pattern = re.compile(honorific_regex())
    return [re.sub(r"\s+", " ", m.group(0)) if m.group(0) not in ("H. E.",) else m.group(0) for m in pattern.finditer(raw)]


_PARTICLES = {"bin", "ibn", "bint", "al", "el", "da", "de", "dos", "das", "do", "di", "du", "van", "von", "der", "den", "le", "la"}


@lru_cache(maxsize=None)
def _office_words() -> frozenset[str]:
    words = {w for core in _titles()["cores"] for w in core.replace("-", " ").split() if w[0].isupper()}
    return frozenset(words | {w + "s" for w in words} | {"Interior", "Affairs", "Ministers", "Leaders"})


def _not_name_word(word: str) -> bool:
    return word in _NOT_NAME or word in _ORG_WORDS or word in _office_words() or bool(lookup(word)) or word in demonyms()


def _person_role(run: list) -> bool:
    """A proper-noun run stands where people stand in a readout: as the subject ("Vladimir Putin
    had a conversation"), beside one ("A and B"), after "with"/"between"/"by", or as a speaker
    ("Vladimir Putin: ..."); places ("in New Delhi") and things ("the Executive Order") do not."""
    roots = [t for t in run if t.head not in run or t.head is t]
    head = roots[-1] if roots else run[-1]
    doc = head.doc
    after = doc[run[-1].i + 1] if run[-1].i + 1 < len(doc) else None
    if after is not None and after.text == ":":
        # A speaker opens a speech turn: words follow, not a phone number.
        following = doc[after.i + 1] if after.i + 1 < len(doc) else None
        return following is not None and following.is_alpha
    while head.dep_ == "conj" and head.head is not head:
        # "Cai Qi, Wang Yi and Qin Gang were present": the first conjunct says where they stand.
        head = head.head
    dep = head.dep_
    if dep in ("nsubj", "nsubjpass"):
        return True
    if dep == "pobj" and head.head.lower_ in ("with", "between", "by", "and", "to") and head.head.head.pos_ in ("VERB", "NOUN", "AUX"):
        return head.head.lower_ != "to" or head.head.head.lemma_ in ("speak", "talk", "write")
    if dep == "dobj" and head.head.lemma_ in ("receive", "host", "meet", "thank", "congratulate", "call", "invite", "welcome", "phone"):
        return True
    return False


def proper_noun_runs(doc: Doc) -> list[tuple[int, int]]:
    """Every run of two or more proper nouns: the shape of a name, whatever its role."""
    out, start, prev = [], None, None
    for token in doc:
        if token.pos_ == "PROPN" and token.text[:1].isupper():
            if start is None or prev is None or token.i != prev.i + 1:
                if start is not None and prev.i > start.i:
                    out.append((start.idx, prev.idx + len(prev.text)))
                start = token
            prev = token
    if start is not None and prev is not None and prev.i > start.i:
        out.append((start.idx, prev.idx + len(prev.text)))
    return out


def person_spans(doc: Doc) -> list[tuple[int, int]]:
    """Where people's names stand: spaCy's PERSON entities when the pipeline has NER, else runs
    of proper nouns ("Vladimir Putin", "Luiz Inácio Lula da Silva") that are not places,
    offices, organisations or dates. The second way lets the pipeline run without NER."""
    if doc.has_annotation("ENT_IOB"):
        return [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    spans = []
    run: list = []

    def close() -> None:
        while run and run[-1].lower_ in _PARTICLES:
            run.pop()
        words = [t.text for t in run]
        if 2 <= len(words) <= 5 and not any(_not_name_word(w) for w in words) and _person_role(run):
            spans.append((run[0].idx, run[-1].idx + len(run[-1].text)))
        run.clear()

    for token in doc:
        if token.pos_ == "PROPN" and token.text[:1].isupper() and token.is_alpha or (run and token.lower_ in _PARTICLES) or (
            token.pos_ == "PROPN" and re.fullmatch(r"[A-Z]\.", token.text)
        ):
            if run and token.i != run[-1].i + 1:
                close()
            run.append(token)
        elif run:
            close()
    if run:
        close()
    return spans


def bare_name_mentions(doc: Doc, start: int, end: int, layout: LayoutInfo, taken: list[tuple[int, int]], persons=None) -> list[Mention]:
    """Names that no title pattern covered ("Vladimir Putin", "Xi Jinping")."""
    out = []
    for p_start, p_end in (persons if persons is not None else person_spans(doc)):
        if p_start < start or p_end > end:
            continue
        if any(p_start < te and ts < p_end for ts, te in taken):
            continue
        if in_skip(layout, p_start):
            continue
        raw = doc_text(doc)[p_start:p_end]
        name = _clean_name(raw.strip())
        if not name or len(name) < 3 or not name[0].isupper() or len(name.split()) < 2:
            continue
        offset = raw.find(name.split()[0])
        s = p_start + offset
        e = s + len(name)
        # A name that ends in a possessive is still the person: "Biden's".
        out.append(Mention(s, e, name=name, name_start=s, kind="bare"))
    return out


def resolve_people(mentions: list[Mention], text: str = "") -> list[Person]:
    """Group mentions into people: named forms first, then short forms and titles."""
    people: list[Person] = []
    mentions = sorted(mentions, key=lambda m: m.start)

    # Pass 1: mentions with names.
    for m in mentions:
        if m.kind in ("title", "spouse") or not m.name:
            continue
        _, family, _ = split_name(m.name, m.country)
        person = _match_named(people, m, family)
        if person is None:
            person = Person()
            people.append(person)
        person.mentions.append(m)
        _update_person(person, m)
    # Pass 2: title-only mentions join the person with that title (and country when given).
    abbreviated = [x for x in mentions if x.abbreviated]
    for m in mentions:
        if m.kind != "title":
            continue
        person = _match_title(people, m, text, abbreviated)
        if person is None and m.abbreviated:
            continue
        if person is None:
            person = _untitled_named(people, m)
        if person is None:
            # A bare office ("the Leader", "the Secretary") makes a person only when it says whose.
            if not (is_head(m.title) or m.country or m.title in _titles()["generic_heads"]):
                continue
            person = Person(title=m.title, country=m.country)
            people.append(person)
        person.mentions.append(m)
        if person.country is None and m.country:
            person.country = m.country
        if person.title is None or (m.title and len(m.title) > len(person.title) and person.name is None):
            person.title = m.title
    for person in people:
        person.mentions.sort(key=lambda m: m.start)
    return people


def _match_named(people: list[Person], m: Mention, family: str | None) -> Person | None:
    if not family:
        return None
    key = normalise_key(family)
    name_key = normalise_key(m.name or "")
    for person in people:
        if not person.family_name:
            continue
        pkey = normalise_key(person.family_name)
        pname = normalise_key(person.name or "")
        if pkey == key or re.search(rf"\b{re.escape(key)}\b", pname) or re.search(rf"\b{re.escape(pkey)}\b", name_key):
            if m.country and person.country and m.country != person.country:
                continue
            # Same family, other given name: a relative ("Mrs. KISHIDA Yuko" beside "KISHIDA Fumio").
            mine = {w for w in re.sub(r"[^\w\s]", "", name_key).split() if len(w) > 1}
            theirs = {w for w in re.sub(r"[^\w\s]", "", pname).split() if len(w) > 1}
            if len(mine) > 1 and len(theirs) > 1 and not (mine <= theirs or theirs <= mine):
                continue
            return person
    return None


def _untitled_named(people: list[Person], m: Mention) -> Person | None:
    """"The President of Russia" is the one named person the text never gave a title ("Vladimir Putin")."""
    untitled = [p for p in people if p.title is None and p.name and len(p.name.split()) >= 2]
    if m.country:
        same = [p for p in untitled if p.country == m.country]
        if same:
            return same[0]
        untitled = [p for p in untitled if p.country is None]
    if len(untitled) == 1 and (m.country or is_head(m.title)):
        return untitled[0]
    return None


def _title_matches(title: str, mention_title: str) -> bool:
    a, b = title.lower(), mention_title.lower()
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    # "Minister" names "Minister for Foreign Affairs"; "Chancellor" names "Federal Chancellor";
    # but "President" never names "Vice President" or "Head of the Office of the President".
    return longer.startswith(shorter + " ") or longer.startswith(shorter + "-") or longer == "federal " + shorter


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return lo, min(ends) if ends else len(text)


def _own_office_holder(people: list[Person], title: str | None, abbreviated: list[Mention], text: str) -> Person | None:
    """Whom "PM" names: the release's own Prime Minister. One abbreviation names one person all
    through a release, so anyone written out beside it ("PM thanked Prime Minister Albanese") is
    the other one; of the rest, the first named."""
    named = [p for p in people if p.name and p.title == title]
    beside = set()
    for a in (x for x in abbreviated if x.title == title):
        lo, hi = _sentence_bounds(text, a.start, a.end)
        beside |= {id(p) for p in named if any(lo <= x.start < hi and not x.abbreviated for x in p.mentions)}
    pool = [p for p in named if id(p) not in beside] or named
    return min(pool, key=lambda p: p.first) if pool else None


def _match_title(people: list[Person], m: Mention, text: str = "", abbreviated: list[Mention] = ()) -> Person | None:
    if m.abbreviated:
        return _own_office_holder(people, m.title, abbreviated, text)
    offices = _titles()["generic_heads_of"].get(m.title or "")
    if offices and not m.country:
        # "The Head of State noted ...": the release's own head, the first one it names.
        named = [p for p in people if p.name and p.title in offices and p.first <= m.start]
        if named:
            return min(named, key=lambda p: p.first)
    candidates = [p for p in people if p.title and _title_matches(p.title, m.title or "")]
    if m.country:
        exact = [p for p in candidates if p.country == m.country]
        if exact:
            return exact[0]
        candidates = [p for p in candidates if p.country is None]
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        # Sides are settled later (px_sides): the one candidate without a stated country is it.
        unstated = [p for p in candidates if p.country is None]
        if len(unstated) == 1:
            return unstated[0]
        # The most recently named one, as a reader would take it.
        before = [p for p in candidates if p.first <= m.start]
        if before:
            return max(before, key=lambda p: max(x.start for x in p.mentions if x.start <= m.start))
        return candidates[0]
    return None


def _update_person(person: Person, m: Mention) -> None:
    if m.country and not person.country:
        person.country = m.country
    if m.organization and not person.organization and not person.country:
        person.organization = m.organization
    if m.title and (person.title is None or len(m.title) > len(person.title)):
        person.title = m.title
    for h in m.honorifics:
        if h not in person.honorifics:
            person.honorifics.append(h)
    if m.name:
        name, family, given = split_name(m.name, person.country)
        if person.name is None or len(name.split()) > len(person.name.split()):
            person.name, person.family_name, person.given_name = name, family, given


class PeopleFinder(RuleComponent):
    """Finds people and their mentions; participation is settled by the event step."""

    rule_files = {"titles": TitlesRules, "names": NamesRules, "countries": CountriesRules}
    extension = "px_participants"

    def spans_of(self, item: PersonItem) -> list[tuple[Offsets, str]]:
        return [(m, "PERSON") for m in item.mentions]

    def find(self, doc: Doc) -> list[PersonItem]:
        layout = doc._.px_layout
        text = doc_text(doc)
        mentions = []
        title = layout.title
        persons = person_spans(doc)
        name_like = proper_noun_runs(doc)
        if title:
            mentions += find_mentions(text, title[0], title[1], layout, persons, name_like)
        body = layout.body_start
        # The byline between headline and body: "MEDIA RELEASE MINISTER FOR FOREIGN AFFAIRS ALEXANDER DOWNER".
        byline = (title[1], body) if title and title[1] < body else None
        if byline:
            mentions += find_mentions(text, byline[0], byline[1], layout, persons, name_like)
        mentions += find_mentions(text, body, len(text), layout, persons, name_like)
        taken = [(m.start, m.end) for m in mentions]
        bare = bare_name_mentions(doc, body, len(text), layout, taken, persons)
        if title:
            bare += bare_name_mentions(doc, title[0], title[1], layout, taken, persons)
        mentions += bare
        mentions += family_name_mentions(text, mentions, body, layout)
        signers = signatory_mentions(text, layout)
        if signers:
            mentions = [m for m in mentions if not any(m.start < x.end and x.start < m.end for x in signers)] + signers
        people = resolve_people(mentions, text)
        people = [p for p in people if p.name or p.title]
        people += spouse_people(text, people, body, layout)
        people.sort(key=lambda p: p.first)
        index = {id(p): i for i, p in enumerate(people)}
        return [person_item(p, index, byline) for p in people]


def signatory_mentions(text: str, layout: LayoutInfo) -> list[Mention]:
    """The signatories of a signed text: "For the Ministry X of Japan:" / "NISHIMURA Yasutoshi" / "Minister of ..."."""
    block = layout.signature
    out = []
    for signer in block.signatories if block else []:
        name_s, name_e = signer.name
        title = text[signer.title[0] : signer.title[1]] if signer.title else None
        if title and not re.search(title_regex(), title):
            title = None
        countries = find_countries(signer.party)
        out.append(Mention(
            name_s, signer.title[1] if title else name_e, title=title, name=text[name_s:name_e], name_start=name_s,
            country=countries[0][2] if countries else None, kind="named",
        ))
    return out


def family_name_mentions(text: str, mentions: list[Mention], start: int, layout: LayoutInfo) -> list[Mention]:
    """Bare family names ("Kishida noted") of people already named in full."""
    families = set()
    for m in mentions:
        if m.name:
            _, family, _ = split_name(m.name, m.country)
            if family and len(family) > 2:
                families.add(family)
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for family in families:
        for m in re.finditer(rf"(?<![\w-]){re.escape(family)}(?![\w-])", text[start:]):
            s, e = start + m.start(), start + m.end()
            if any(s < te and ts < e for ts, te in taken) or in_skip(layout, s):
                continue
            out.append(Mention(s, e, name=family, name_start=s, kind="bare"))
            taken.append((s, e))
    return out


def spouse_people(text: str, people: list[Person], start: int, layout: LayoutInfo) -> list[Person]:
    """Unnamed spouses ("the Prime Minister and his spouse") as people of their own."""
    out = []
    pattern = mention_regexes()["spouse"]
    for m in pattern.finditer(text, start):
        if in_skip(layout, m.start()):
            continue
        owner = None
        best = -1
        for idx, person in enumerate(people):
            for x in person.mentions:
                if x.end <= m.start() and x.start > best and m.start() - x.end < 200:
                    best, owner = x.start, idx
        if owner is None:
            continue
        named = m.group(0).split()[-1] if m.group(0).startswith(("Mrs", "Madam")) else None
        existing = next((p for p in people if any(x.start < m.end() and m.start() < x.end for x in p.mentions)), None)
        if existing is not None:
            if existing is not people[owner]:
                existing.spouse_of = people[owner]
            continue
        spouse = Person(mentions=[Mention(m.start(), m.end(), kind="spouse", of=owner)], spouse_of=people[owner])
        if named:
            raw = m.group(0).split(None, 1)[1]
            name, family, given = split_name(raw, spouse.country)
            spouse.name, spouse.family_name, spouse.given_name = name, family, given
            spouse.honorifics = [m.group(0).split()[0]]
        out.append(spouse)
    return out


def person_item(p: Person, index: dict[int, int], byline: tuple[int, int] | None = None) -> PersonItem:
    return PersonItem(
        byline=bool(byline) and any(byline[0] <= m.start < byline[1] for m in p.mentions),
        name=p.name,
        family_name=p.family_name,
        given_name=p.given_name,
        title=p.title,
        country=p.country,
        organization=p.organization,
        honorifics=list(p.honorifics),
        spouse_of=index.get(id(p.spouse_of)) if p.spouse_of is not None else None,
        mentions=[(m.start, m.end) for m in p.mentions],
        mention_kinds=[m.kind for m in p.mentions],
    )


def is_head(title: str | None) -> bool:
    return _packaged_titles().is_head(title)
