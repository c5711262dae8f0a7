"""People: titles, names, honorifics, countries, and who is who.

A person is found from the way readouts introduce people ("Prime Minister
KISHIDA Fumio", "H.E. Dr. William Samoei Ruto, President of the Republic of
Kenya", "Canadian Prime Minister Justin Trudeau", "Xi Jinping"), then later
short forms ("President Ruto", "the Prime Minister") are resolved to the
same person. spaCy's PERSON entities are used as a second source of names,
repaired where a title split them. Whether a person takes part is decided
later, by the events and positions that name them.

The words come from the component's rule files (``titles.json``,
``names.json``, ``countries.json``, ``lexicon.json``), compiled once into a
:class:`MentionRules`; every lookup over mentions is indexed
(:mod:`pressextract.ranges`), so the cost grows with the length of a release,
not with its square.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from spacy.attrs import ENT_IOB, LOWER, POS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import PROPN
from spacy.tokens import Doc

from . import extensions  # noqa: F401
from .component import RuleComponent
from .countries import Countries
from .extensions import doc_text
from .items import LayoutInfo, Offsets, PersonItem
from .ranges import Covered, Sorted
from .rules import alternation, built
from .schemas import CountriesRules, LexiconRules, NamesRules, TitlesRules
from .titles import UPPER as _UPPER
from .titles import Titles, build_titles

_NAME_WORD = rf"(?:[{_UPPER}]\.(?=\s)|[{_UPPER}]\w*(?:['’][{_UPPER}]\w*)?(?:-\w+)*)"
_CAPS_WORD = rf"[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?"
_GAP = r"[^\S\n]+"
"""Space between the words of a name: never a line break, which ends a headline or a byline."""


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
    starts: list[int] = field(default_factory=list)
    """Where each mention starts, sorted, for lookups by position."""
    written: list[int] = field(default_factory=list)
    """Where each mention not abbreviated ("PM") starts, sorted."""

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        insort(self.starts, mention.start)
        if not mention.abbreviated:
            insort(self.written, mention.start)

    @property
    def first(self) -> int:
        return self.starts[0]

    def last_start_at_or_before(self, offset: int) -> int:
        """Where the person's last mention at or before ``offset`` starts (the person must have one)."""
        return self.starts[bisect_right(self.starts, offset) - 1]

    def mentioned_in(self, lo: int, hi: int, written: bool = False) -> bool:
        """Whether a mention of the person (only those written out, when ``written``) starts in ``[lo, hi)``."""
        starts = self.written if written else self.starts
        i = bisect_left(starts, lo)
        return i < len(starts) and starts[i] < hi


class MentionRules:
    """What the people step compiles from its rule files: the patterns that find mentions, and the words that tell a name."""

    def __init__(self, titles: TitlesRules, names: NamesRules, countries: CountriesRules, lexicon: LexiconRules) -> None:
        self.titles: Titles = build_titles(titles, countries)
        self.countries: Countries = self.titles.countries
        self.title_rules = titles
        self.names = names
        self.not_name = frozenset(names.not_name_words)
        self.org_words = frozenset(lexicon.organisation_words)
        self.small_words = frozenset(lexicon.small_words)
        self.particles = frozenset(p.lower() for p in names.family_particles if p.isalpha())
        """Particles as a proper-noun run holds them ("da" in "Lula da Silva"), lower case."""
        self.particle_ids = frozenset(get_string_id(p) for p in self.particles)
        office_words = {w for core in titles.cores for w in core.replace("-", " ").split() if w[0].isupper()}
        self.office_words = frozenset(office_words | {w + "s" for w in office_words} | set(titles.portfolio_words))
        self.suffix_honorifics = frozenset(titles.honorific_suffixes)
        self.generic_heads = frozenset(titles.generic_heads)
        self.short_form_modifiers = tuple(sorted({m.lower() for m in titles.short_form_modifiers}))
        """Modifiers a short form of an office leaves out ("the Chancellor" for the "Federal Chancellor"), lower case."""
        self.family_first = frozenset(names.family_first_countries)
        self.surnames = frozenset(names.east_asian_surnames)
        self.family_particles = frozenset(names.family_start_particles + names.patronymic_particles + names.connecting_particles)
        """Particles that belong to the family name after them ("bin Salman", "da Silva", "Al Thani")."""
        self.needing_place = frozenset(titles.offices_needing_place)
        self.honorific_re = re.compile(self.titles.honorific)
        self.office_re = re.compile(self.titles.office)
        self.name_suffix_re = re.compile(rf",?\s+(?:{alternation(names.suffixes)})$")
        self.abbreviation_re = re.compile(rf"(?<![\w.&])(?:{alternation(titles.abbreviations)})(?![\w.&'’-])")
        """Offices written short ("PM"), as whole words."""
        self.patterns = self._mention_patterns()
        self.spouse_re = re.compile(
            rf"\b(?:his|her|their)\s+(?:{alternation(titles.spouse_nouns)})s?\b"
            rf"|\b(?:(?P<hon>{alternation(titles.spouse_honorifics)})|{alternation(titles.spouse_titles)})"
            rf"\s+(?P<name>(?:[A-Z]{{2,}}\s+)?[A-Z][\w-]+)"
        )
        """A spouse: "his wife", "Mrs. Ruto", "First Lady"."""

    def name_pattern(self, min_words: int = 1) -> str:
        """A personal name of ``min_words`` to five capitalised words, with particles and a suffix
        ("Luiz Inácio Lula da Silva", "Joseph R. Biden Jr."). A name never runs into an office or
        a courtesy title: "Serdar Berdimuhamedov President of Russia ..." stops before "President"."""
        particle = alternation(self.names.family_particles)
        offices = {c.split()[0] for c in self.title_rules.cores} | set(self.title_rules.courtesy_titles)
        word = rf"(?!(?:{alternation(offices)})\b)(?:{_CAPS_WORD}|{_NAME_WORD})"
        suffix = rf"(?:,?{_GAP}(?:{alternation(self.names.suffixes)}))?"
        return rf"(?:{word}(?:{_GAP}(?:(?:{particle}){_GAP})*{word}){{{min_words - 1},4}}{suffix})"

    def _mention_patterns(self) -> dict[str, re.Pattern]:
        """The ways a readout introduces a person, as compiled patterns by name."""
        title = self.titles.office
        hon = self.titles.honorific
        name = self.name_pattern()
        country = self.countries.name_alternation
        demonym = self.countries.demonym_alternation
        state = alternation(self.countries.state_forms)
        of_place = rf"(?:\s+of\s+(?:the\s+)?(?P<ofc>(?:(?:{state})\s+(?:the\s+)?)?(?:{country})))"
        # Title first: "[H.E.] [Kenyan] President [of Kenya][,] [Dr.] William Ruto [of Kenya]".
        # A portfolio and a name are both capitalised words; a name of two words or more is
        # tried first so that the portfolio does not swallow the given name.
        # Two offices held together: "Deputy Prime Minister and Minister for Defence", "State Councilor and Foreign Minister".
        titles = rf"(?:{title})(?:\s+and\s+(?:{self.titles.second_office}))?"
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

        return {
            "title_first2": title_first_with(self.name_pattern(2)),
            "title_first": title_first_with(name),
            # Name first: "[H.E.] [Dr.] William Samoei Ruto, [the] President of the Republic of Kenya"
            "name_first": re.compile(
                rf"{start}(?P<hon>(?:(?:{hon})\s+)*)(?P<name>{name}),\s+(?:the\s+)?(?P<title>{titles}){of_place}?"
                rf"(?:\s+of\s+(?P<oforg>(?:the\s+)?[{_UPPER}][\w-]*(?:\s+(?:[{_UPPER}][\w-]*|of|and)){{0,5}}))?"
            ),
            # Title alone: "the Prime Minister of Japan", "The President", "Prime Minister"
            "title_only": re.compile(
                rf"{start}(?P<article>(?:the|The)\s+)?(?:(?P<dem>{demonym}|{country})\s+)?(?P<title>{title}){of_place}?(?![\w-])"
            ),
            # Honorific and name: "Mr Thomas Nkobi", "Mrs. Ruto"
            "hon_name": re.compile(rf"{start}(?P<hon>(?:(?:{hon})\s+)+)(?P<name>{name})"),
        }

    # -- words ------------------------------------------------------------
    def country_of(self, written: str | None) -> str | None:
        """The alpha-2 code of a country name or demonym as written, else None."""
        return self.countries.lookup(written) if written else None

    def is_head(self, title: str | None) -> bool:
        return self.titles.is_head(title)

    def clean_name(self, raw: str) -> str | None:
        """The name in ``raw`` without possessives ("Biden’s call") and the capitalised words around it
        that are never names ("Justin Trudeau" from "Justin Trudeau In"); None when nothing is left or it is a country."""
        raw = re.sub(r"['’]s?(?=\s|$)", "", raw)
        words = raw.split()
        while words and (words[-1].strip(",") in self.not_name):
            words.pop()
        while words and words[0] in self.not_name:
            words.pop(0)
        if not words:
            return None
        name = " ".join(words).rstrip(",")
        if self.countries.lookup(name):
            return None
        return name

    def not_name_word(self, word: str) -> bool:
        """A word a proper-noun run holding it is no person's name for: an office, a body, a place, a date."""
        return (
            word in self.not_name or word in self.org_words or word in self.office_words
            or bool(self.countries.lookup(word))
        )

    def split_suffix_honorifics(self, name: str) -> tuple[str, list[str]]:
        """"Julie Bishop MP" -> ("Julie Bishop", ["MP"])."""
        words = name.split()
        found = []
        while len(words) > 1 and words[-1].strip(",") in self.suffix_honorifics:
            found.insert(0, words.pop().strip(","))
        return " ".join(words), found

    def split_honorifics(self, raw: str) -> list[str]:
        """The honorifics in ``raw`` ("H.E. Dr." -> ["H.E.", "Dr."]), spaces made single."""
        return [re.sub(r"\s+", " ", m.group(0)) for m in self.honorific_re.finditer(raw.strip())]

    def case_shadow(self, text: str) -> str:
        """The text with lines written all in capitals put in title case, offsets unchanged.

        Headlines and OCR'd releases write "MINISTER FOR FOREIGN AFFAIRS ALEXANDER
        DOWNER"; the title and name patterns read the shadow, spans index the text.
        """
        out = []
        for line in text.split("\n"):
            letters = [c for c in line if c.isalpha()]
            if len(letters) >= 6 and all(c.isupper() for c in letters):
                words = re.split(r"(\s+)", line)
                line = "".join(
                    w if w.isspace() or not w else (w.lower() if w.lower() in self.small_words and i else w.capitalize())
                    for i, w in enumerate(words)
                )
            out.append(line)
        return "\n".join(out)

    def split_name(self, raw: str, country: str | None) -> tuple[str, str | None, str | None]:
        """(name as written in normal case, family name, given name)."""
        core = self.name_suffix_re.sub("", raw).strip().rstrip(",")
        words = core.split()
        caps = [w for w in words if len(w) > 1 and w.replace("-", "").isupper() and w.replace("-", "").isalpha()]
        family_first = country in self.family_first
        if caps and len(caps) < len(words):
            return _split_capitalised_family(words, caps, family_first)
        if len(words) == 1:
            return raw, words[0], None
        if family_first:
            ordered = self._east_asian_order(words)
            if ordered:
                return raw, *ordered
        # Particles belong to the family name: "bin Salman", "da Silva", "Al Thani".
        i = len(words) - 1
        if i >= 1 and words[i - 1] in self.family_particles:
            i -= 1
        return raw, " ".join(words[i:]), " ".join(words[:i]) or None

    def _east_asian_order(self, words: list[str]) -> tuple[str, str] | None:
        """(family, given) of a name from a family-first country, when a common family name tells the order ("Xi Jinping")."""
        surnames = self.surnames
        if words[0] in surnames and (words[-1] not in surnames or len(words) == 2 and "-" in words[1]):
            return words[0], " ".join(words[1:])
        if words[-1] in surnames and words[0] not in surnames:
            return words[-1], " ".join(words[:-1])
        return None

    def person_role(self, run: list) -> bool:
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
        if dep == "pobj":
            return self._object_of_role_preposition(head.head)
        return dep == "dobj" and head.head.lemma_ in self.names.role_verbs

    def _object_of_role_preposition(self, prep) -> bool:
        """Whether the object of ``prep`` stands as a person: "talks with X", "spoke to X" (not "travelled to X")."""
        after_verbs = self.names.role_prepositions_after_verbs.get(prep.lower_)
        if after_verbs is None and prep.lower_ not in self.names.role_prepositions:
            return False
        if prep.head.pos_ not in ("VERB", "NOUN", "AUX"):
            return False
        return after_verbs is None or prep.head.lemma_ in after_verbs


def _split_capitalised_family(words: list[str], caps: list[str], family_first: bool) -> tuple[str, str, str | None]:
    """Japanese MOFA style: the family name in capitals ("KISHIDA Fumio" -> "Fumio Kishida")."""
    family = " ".join(w.capitalize() if "-" not in w else "-".join(p.capitalize() for p in w.split("-")) for w in caps)
    given = " ".join(w for w in words if w not in caps) or None
    if not given:
        return family, family, None
    return (f"{family} {given}" if family_first else f"{given} {family}"), family, given


@lru_cache(maxsize=65536)
def normalise_key(name: str) -> str:
    """A name as compared: accents, hyphens, apostrophes and case dropped ("Al-Sudani" ~ "al Sudani")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[-‐’'\s]+", " ", text).strip().lower()


def _norm_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip()


class MentionScan:
    """The mention patterns run over one part of a release (headline, byline or body), longest forms
    first: each mention takes its characters, so a shorter form never claims part of a longer one."""

    def __init__(self, rules: MentionRules, text: str, shadow: str, skip: Covered, persons: Sorted, name_like: Sorted) -> None:
        self.rules = rules
        self.text = text
        self.shadow = shadow
        """The text with all-capital lines in title case (:meth:`MentionRules.case_shadow`): what the patterns read."""
        self.skip = skip
        self.persons = persons
        self.name_like = name_like
        self.found: list[Mention] = []
        self.taken = Covered()

    def run(self, start: int, end: int) -> list[Mention]:
        """Every person mention between ``start`` and ``end``."""
        patterns = self.rules.patterns
        for key in ("name_first", "title_first2", "title_first"):
            for m in patterns[key].finditer(self.shadow, start, end):
                self._keep(self._titled(key, m))
        for m in patterns["hon_name"].finditer(self.shadow, start, end):
            self._keep(self._honorific_named(m))
        for m in patterns["title_only"].finditer(self.shadow, start, end):
            self._keep(self._title_alone(m))
        for m in self.rules.abbreviation_re.finditer(self.text, start, end):
            if m.start() not in self.skip:
                title = self.rules.title_rules.abbreviations[re.sub(r"\s+", " ", m.group(0))]
                self._keep(Mention(m.start(), m.end(), title=title, kind="title", abbreviated=True))
        return self.found

    def _keep(self, mention: Mention | None) -> None:
        if mention is not None and not self.taken.overlaps(mention.start, mention.end):
            self.found.append(mention)
            self.taken.add(mention.start, mention.end)

    def _titled(self, key: str, m: re.Match) -> Mention | None:
        """A person introduced with an office: "President William Ruto", "William Ruto, President of Kenya"."""
        raw_name, raw_start, title = self._raw_name(key, m)
        name = self.rules.clean_name(raw_name)
        if not name or m.start() in self.skip or not self._stands_as_name(key, m, name, raw_name, raw_start):
            return None
        name_start = raw_start + raw_name.find(name.split()[0])
        start, end, title = self._bounds(key, m, title, name_start + len(name))
        hon = self.rules.split_honorifics((m.group("hon") or "") + " " + (m.groupdict().get("hon2") or ""))
        groups = m.groupdict()
        country = self.rules.country_of(groups.get("ofc")) or self.rules.country_of(groups.get("ofc2")) or (
            self.rules.country_of(re.sub(r"['’]s$", "", groups["dem"])) if groups.get("dem") else None
        )
        org = groups.get("oforg")
        name, suffixes = self.rules.split_suffix_honorifics(name)
        return Mention(start, end, title=title, name=name, name_start=name_start, country=country,
                       organization=org.strip() if org and not country else None, honorifics=hon + suffixes)

    def _raw_name(self, key: str, m: re.Match) -> tuple[str, int, str]:
        """(name as matched, where it starts, title), the name moved back where a person's name
        stands inside what the title pattern took ("Head of the DPR Denis Pushilin")."""
        title = _norm_title(m.group("title"))
        if key != "name_first":
            t_start, t_end, name_start = m.start("title"), m.end("title"), m.start("name")
            for k in self.persons.starting_in(t_start + 1, t_end):
                if self.persons.ends[k] >= name_start:
                    repaired = self.persons.starts[k]
                    return self.shadow[repaired : m.end("name")], repaired, _norm_title(self.shadow[t_start:repaired]).rstrip(" ,")
        return m.group("name"), m.start("name"), title

    def _stands_as_name(self, key: str, m: re.Match, name: str, raw_name: str, raw_start: int) -> bool:
        """Whether the words after (or before) the office are a person's name, not a place or a body."""

        def person_like() -> bool:
            return self.persons.overlaps(raw_start, raw_start + len(raw_name)) or self.name_like.holding(raw_start, raw_start + len(name))

        several = len(name.split()) >= 2
        if key == "name_first" and not m.group("hon") and not (several and person_like()):
            # "Glasgow, President of Ukraine ...": a place before a title is not a name.
            return False
        if key != "name_first" and "," in self.shadow[m.end("title") : raw_start] and not (m.group("hon2") or several or person_like()):
            # "Mr President, First, ...": after a comma only a real name continues the mention.
            return False
        return not (self.rules.org_words & set(name.split()))

    def _bounds(self, key: str, m: re.Match, title: str, name_end: int) -> tuple[int, int, str]:
        """(start, end, title) of a titled mention: it ends with its name, or with the country after it."""
        if key == "name_first":
            return m.start(), m.end(), title
        start = m.start()
        end = m.end("ofc2") if m.group("ofc2") else name_end
        joined = re.match(r"([\w-]+)\s+and\s+", m.group("title"))
        if joined and re.search(r"\b[Tt]he\s+$", self.shadow[max(0, start - 4) : start]) and not m.group("dem"):
            # "The Secretary and Foreign Minister Kuleba": the Secretary is someone else, named before.
            start = m.start("title") + joined.end()
            title = _norm_title(self.shadow[start : m.end("title")])
        return start, end, title

    def _honorific_named(self, m: re.Match) -> Mention | None:
        """A name after honorifics: "Mr Thomas Nkobi", "Mrs. Ruto"."""
        name = self.rules.clean_name(m.group("name"))
        if not name or m.start() in self.skip:
            return None
        name_start = m.start("name") + m.group("name").find(name.split()[0])
        end = name_start + len(name)
        name, suffixes = self.rules.split_suffix_honorifics(name)
        return Mention(m.start(), end, name=name, name_start=name_start, honorifics=self.rules.split_honorifics(m.group("hon")) + suffixes)

    def _title_alone(self, m: re.Match) -> Mention | None:
        """An office without a name: "the Prime Minister of Japan", "The President"; an office that names
        nobody alone ("the Head") only with its place."""
        if m.start() in self.skip:
            return None
        title = _norm_title(m.group("title"))
        if title.split()[-1] in self.rules.needing_place and not m.group("ofc"):
            return None
        country = self.rules.country_of(m.group("ofc")) or self.rules.country_of(m.group("dem"))
        return Mention(m.start(), m.end(), title=title, country=country, kind="title")


def _token_indexes(doc: Doc, tags: bool = True, words: frozenset[int] = frozenset()) -> list[int]:
    """Indexes of the proper nouns (when ``tags``) and of the tokens whose lower case is one of
    ``words`` (string ids): found on spaCy's arrays, without making a Token of every word."""
    if not len(doc):
        return []
    array = doc.to_array([POS, LOWER])
    mask = array[:, 0] == PROPN if tags else numpy.zeros(len(doc), dtype=bool)
    if words:
        mask |= numpy.isin(array[:, 1], numpy.fromiter(words, dtype=array.dtype))
    return numpy.flatnonzero(mask).tolist()


def proper_noun_runs(doc: Doc) -> list[Offsets]:
    """Every run of two or more proper nouns: the shape of a name, whatever its role."""
    out, start, prev = [], None, None
    for i in _token_indexes(doc):
        token = doc[i]
        if token.text[:1].isupper():
            if start is None or prev is None or token.i != prev.i + 1:
                if start is not None and prev.i > start.i:
                    out.append((start.idx, prev.idx + len(prev.text)))
                start = token
            prev = token
    if start is not None and prev is not None and prev.i > start.i:
        out.append((start.idx, prev.idx + len(prev.text)))
    return out


def _has_entities(doc: Doc) -> bool:
    """``doc.has_annotation("ENT_IOB")``: whether NER ran, answered on the array (spaCy walks every token in Python)."""
    return not len(doc) or bool(doc.to_array(ENT_IOB).any())


def person_spans(doc: Doc, rules: MentionRules) -> list[Offsets]:
    """Where people's names stand: spaCy's PERSON entities when the pipeline has NER, else runs
    of proper nouns ("Vladimir Putin", "Luiz Inácio Lula da Silva") that are not places,
    offices, organisations or dates. The second way lets the pipeline run without NER."""
    if _has_entities(doc):
        return [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    spans: list[Offsets] = []
    run: list = []

    def close() -> None:
        while run and run[-1].lower_ in rules.particles:
            run.pop()
        words = [t.text for t in run]
        if 2 <= len(words) <= 5 and not any(rules.not_name_word(w) for w in words) and rules.person_role(run):
            spans.append((run[0].idx, run[-1].idx + len(run[-1].text)))
        run.clear()

    # Every other token ends a run: only proper nouns and particles need looking at.
    for i in _token_indexes(doc, words=rules.particle_ids):
        token = doc[i]
        if run and i != run[-1].i + 1:
            close()
        if _in_name_run(token, run, rules):
            run.append(token)
        elif run:
            close()
    if run:
        close()
    return spans


def _in_name_run(token, run: list, rules: MentionRules) -> bool:
    """A capitalised proper noun, an initial ("R."), or a particle inside a run ("da")."""
    if token.pos_ == "PROPN" and (token.text[:1].isupper() and token.is_alpha or re.fullmatch(r"[A-Z]\.", token.text)):
        return True
    return bool(run) and token.lower_ in rules.particles


def bare_name_mentions(text: str, start: int, end: int, skip: Covered, taken: Covered, persons: list[Offsets], rules: MentionRules) -> list[Mention]:
    """Names that no title pattern covered ("Vladimir Putin", "Xi Jinping")."""
    out = []
    for p_start, p_end in persons:
        if p_start < start or p_end > end or taken.overlaps(p_start, p_end) or p_start in skip:
            continue
        raw = text[p_start:p_end]
        name = rules.clean_name(raw.strip())
        if not name or len(name) < 3 or not name[0].isupper() or len(name.split()) < 2:
            continue
        s = p_start + raw.find(name.split()[0])
        # A name that ends in a possessive is still the person: "Biden's".
        out.append(Mention(s, s + len(name), name=name, name_start=s, kind="bare"))
    return out


def family_name_mentions(text: str, mentions: list[Mention], start: int, skip: Covered, rules: MentionRules) -> list[Mention]:
    """Bare family names ("Kishida noted") of people already named in full, found in one scan of
    the text with one pattern of every family name, the longest first."""
    families = set()
    for m in mentions:
        if m.name:
            _, family, _ = rules.split_name(m.name, m.country)
            if family and len(family) > 2:
                families.add(family)
    if not families:
        return []
    pattern = re.compile(rf"(?<![\w-])(?:{alternation(families, space=' ')})(?![\w-])")
    taken = Covered((m.start, m.end) for m in mentions)
    out = []
    found = pattern.search(text, start)
    while found:
        s, e = found.span()
        if taken.overlaps(s, e) or s in skip:
            # Another family name may start inside this one ("da Silva" in "Lula da Silva").
            found = pattern.search(text, s + 1)
            continue
        out.append(Mention(s, e, name=found.group(0), name_start=s, kind="bare"))
        taken.add(s, e)
        found = pattern.search(text, e)
    return out


def signatory_mentions(text: str, layout: LayoutInfo, rules: MentionRules) -> list[Mention]:
    """The signatories of a signed text: "For the Ministry X of Japan:" / "NISHIMURA Yasutoshi" / "Minister of ..."."""
    block = layout.signature
    out = []
    for signer in block.signatories if block else []:
        name_s, name_e = signer.name
        title = text[signer.title[0] : signer.title[1]] if signer.title else None
        if title and not rules.office_re.search(title):
            title = None
        countries = rules.countries.find(signer.party)
        out.append(Mention(
            name_s, signer.title[1] if title else name_e, title=title, name=text[name_s:name_e], name_start=name_s,
            country=countries[0][2] if countries else None, kind="named",
        ))
    return out


class Registry:
    """The people found so far, indexed by the words of their names and by their titles, so that a
    mention finds its person without comparing it with everyone. An index may hold words a person
    no longer has (a superset): every candidate is checked on its current name or title."""

    def __init__(self, rules: MentionRules) -> None:
        self.rules = rules
        self.people: list[Person] = []
        self._position: dict[int, int] = {}
        self._by_word: dict[str, set[int]] = defaultdict(set)
        self._by_title: dict[tuple[str, str], set[int]] = defaultdict(set)
        self._indexed: dict[int, tuple] = {}

    def new(self, **values) -> Person:
        person = Person(**values)
        self._position[id(person)] = len(self.people)
        self.people.append(person)
        self.note(person)
        return person

    def note(self, person: Person) -> None:
        """Index ``person`` under every word of its name and family name, and under its title."""
        i = self._position[id(person)]
        seen = (person.name, person.family_name, person.title)
        if self._indexed.get(i) == seen:
            return
        self._indexed[i] = seen
        for written in filter(None, (person.name, person.family_name)):
            for word in re.findall(r"\w+", normalise_key(written)) or [""]:
                self._by_word[word].add(i)
        if person.title:
            for key in self._title_keys(person.title.lower()):
                self._by_title[key].add(i)

    def _title_keys(self, title: str) -> list[tuple[str, str]]:
        """Where a title is filed: as itself, under each shorter title it extends ("minister" for
        "minister for foreign affairs"), and without a modifier a short form leaves out."""
        keys = [("=", title)] + [("<", title[:k]) for k, c in enumerate(title) if c in " -"]
        keys += [("-", title[len(m) + 1 :]) for m in self.rules.short_form_modifiers if title.startswith(m + " ")]
        return keys

    def _ordered(self, found: set[int]) -> list[Person]:
        return [self.people[i] for i in sorted(found)]

    def named(self, key: str, name_key: str) -> list[Person]:
        """People (in order) who may share a family name with a mention: those named with the first
        word of ``key``, or with a word of ``name_key``; everyone when the key has no word."""
        first = re.findall(r"\w+", key)[:1]
        if not first:
            return list(self.people)
        # Names without a word of letters or digits are checked against every mention.
        found = self._by_word.get(first[0], set()) | self._by_word.get("", set())
        for word in re.findall(r"\w+", name_key):
            found |= self._by_word.get(word, set())
        return self._ordered(found)

    def titled(self, title: str) -> list[Person]:
        """People (in order) whose title the mention's ``title`` names (:func:`title_matches`)."""
        b = title.lower()
        found = self._by_title.get(("=", b), set()) | self._by_title.get(("<", b), set()) | self._by_title.get(("-", b), set())
        for k, c in enumerate(b):
            if c in " -":
                found |= self._by_title.get(("=", b[:k]), set())
        for m in self.rules.short_form_modifiers:
            if b.startswith(m + " "):
                found |= self._by_title.get(("=", b[len(m) + 1 :]), set())
        return [p for p in self._ordered(found) if p.title and title_matches(p.title, title, self.rules)]


def resolve_people(mentions: list[Mention], rules: MentionRules, text: str = "") -> list[Person]:
    """Group mentions into people: named forms first, then short forms and titles."""
    registry = Registry(rules)
    mentions = sorted(mentions, key=lambda m: m.start)
    for m in mentions:
        if m.kind not in ("title", "spouse") and m.name:
            _join_named(registry, m)
    abbreviated = [x for x in mentions if x.abbreviated]
    for m in mentions:
        if m.kind == "title":
            _join_title(registry, m, text, abbreviated)
    for person in registry.people:
        person.mentions.sort(key=lambda m: m.start)
    return registry.people


def _join_named(registry: Registry, m: Mention) -> None:
    """A named mention joins the person of its family name, or starts a new person."""
    _, family, _ = registry.rules.split_name(m.name, m.country)
    person = _match_named(registry, m, family) or registry.new()
    person.add(m)
    _update_person(person, m, registry.rules)
    registry.note(person)


def _join_title(registry: Registry, m: Mention, text: str, abbreviated: list[Mention]) -> None:
    """A title-only mention joins the person with that title (and country when given); a bare office
    ("the Leader", "the Secretary") makes a person only when it says whose."""
    rules = registry.rules
    person = _match_title(registry, m, text, abbreviated)
    if person is None and m.abbreviated:
        return
    if person is None:
        person = _untitled_named(registry.people, m, rules)
    if person is None:
        if not (rules.is_head(m.title) or m.country or m.title in rules.generic_heads):
            return
        person = registry.new(title=m.title, country=m.country)
    person.add(m)
    if person.country is None and m.country:
        person.country = m.country
    if person.title is None or (m.title and len(m.title) > len(person.title) and person.name is None):
        person.title = m.title
        registry.note(person)


def _match_named(registry: Registry, m: Mention, family: str | None) -> Person | None:
    """The person a named mention names: same family name, or one name within the other, unless the
    countries differ or the given names do (a relative: "Mrs. KISHIDA Yuko" beside "KISHIDA Fumio")."""
    if not family:
        return None
    key = normalise_key(family)
    name_key = normalise_key(m.name or "")
    for person in registry.named(key, name_key):
        if not person.family_name:
            continue
        pkey = normalise_key(person.family_name)
        pname = normalise_key(person.name or "")
        if pkey == key or re.search(rf"\b{re.escape(key)}\b", pname) or re.search(rf"\b{re.escape(pkey)}\b", name_key):
            if m.country and person.country and m.country != person.country:
                continue
            mine = {w for w in re.sub(r"[^\w\s]", "", name_key).split() if len(w) > 1}
            theirs = {w for w in re.sub(r"[^\w\s]", "", pname).split() if len(w) > 1}
            if len(mine) > 1 and len(theirs) > 1 and not (mine <= theirs or theirs <= mine):
                continue
            return person
    return None


def _untitled_named(people: list[Person], m: Mention, rules: MentionRules) -> Person | None:
    """"The President of Russia" is the one named person the text never gave a title ("Vladimir Putin")."""
    untitled = [p for p in people if p.title is None and p.name and len(p.name.split()) >= 2]
    if m.country:
        same = [p for p in untitled if p.country == m.country]
        if same:
            return same[0]
        untitled = [p for p in untitled if p.country is None]
    if len(untitled) == 1 and (m.country or rules.is_head(m.title)):
        return untitled[0]
    return None


def title_matches(title: str, mention_title: str, rules: MentionRules) -> bool:
    """Whether a title names the office a person holds: "Minister" names "Minister for Foreign Affairs";
    "Chancellor" names "Federal Chancellor"; but "President" never names "Vice President" or
    "Head of the Office of the President"."""
    a, b = title.lower(), mention_title.lower()
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer.startswith(shorter + " ") or longer.startswith(shorter + "-") or any(
        longer == f"{modifier} {shorter}" for modifier in rules.short_form_modifiers
    )


def _sentence_bounds(text: str, start: int, end: int) -> Offsets:
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
        beside |= {id(p) for p in named if p.mentioned_in(lo, hi, written=True)}
    pool = [p for p in named if id(p) not in beside] or named
    return min(pool, key=lambda p: p.first) if pool else None


def _match_title(registry: Registry, m: Mention, text: str = "", abbreviated: list[Mention] = ()) -> Person | None:
    """The person a title-only mention names: the holder of that office (in that country when it
    says one); "The Head of State noted ..." is the release's own head, the first one it names."""
    people = registry.people
    if m.abbreviated:
        return _own_office_holder(people, m.title, abbreviated, text)
    offices = registry.rules.title_rules.generic_heads_of.get(m.title or "")
    if offices and not m.country:
        named = [p for p in people if p.name and p.title in offices and p.first <= m.start]
        if named:
            return min(named, key=lambda p: p.first)
    candidates = registry.titled(m.title or "")
    if m.country:
        exact = [p for p in candidates if p.country == m.country]
        if exact:
            return exact[0]
        candidates = [p for p in candidates if p.country is None]
    return _one_of(candidates, m)


def _one_of(candidates: list[Person], m: Mention) -> Person | None:
    """Of several holders of an office, the one a title-only mention names."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    # Sides are settled later (px_sides): the one candidate without a stated country is it.
    unstated = [p for p in candidates if p.country is None]
    if len(unstated) == 1:
        return unstated[0]
    # The most recently named one, as a reader would take it.
    before = [p for p in candidates if p.first <= m.start]
    if before:
        return max(before, key=lambda p: p.last_start_at_or_before(m.start))
    return candidates[0]


def _update_person(person: Person, m: Mention, rules: MentionRules) -> None:
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
        name, family, given = rules.split_name(m.name, person.country)
        if person.name is None or len(name.split()) > len(person.name.split()):
            person.name, person.family_name, person.given_name = name, family, given


def spouse_people(text: str, people: list[Person], start: int, skip: Covered, rules: MentionRules, window: int) -> list[Person]:
    """Unnamed spouses ("the Prime Minister and his spouse") as people of their own: the spouse of
    the person named last within ``window`` characters before."""
    out = []
    owners = [i for i, p in enumerate(people) for _ in p.mentions]
    index = Sorted((x.start, x.end) for p in people for x in p.mentions)
    for m in rules.spouse_re.finditer(text, start):
        if m.start() in skip:
            continue
        owner = _last_named_before(index, owners, m.start(), window)
        if owner is None:
            continue
        overlapping = [owners[index.ids[k]] for k in index.overlapping(m.start(), m.end())]
        if overlapping:
            existing = people[min(overlapping)]
            if existing is not people[owner]:
                existing.spouse_of = people[owner]
            continue
        spouse = Person(spouse_of=people[owner])
        spouse.add(Mention(m.start(), m.end(), kind="spouse", of=owner))
        if m.group("hon"):
            spouse.name, spouse.family_name, spouse.given_name = rules.split_name(m.group("name"), spouse.country)
            spouse.honorifics = [re.sub(r"\s+", " ", m.group("hon"))]
        out.append(spouse)
    return out


def _last_named_before(index: Sorted, owners: list[int], offset: int, window: int) -> int | None:
    """The person whose mention ending at most ``window`` characters before ``offset`` starts last."""
    best, owner = -1, None
    for k in index.ending_in(offset - window, offset):
        s, who = index.starts[k], owners[index.ids[k]]
        if s > best or (s == best and owner is not None and who < owner):
            best, owner = s, who
    return owner


def person_item(p: Person, index: dict[int, int], byline: Offsets | None = None) -> PersonItem:
    return PersonItem(
        byline=bool(byline) and p.mentioned_in(*byline),
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


class PeopleFinder(RuleComponent):
    """Finds people and their mentions; participation is settled by the event step."""

    rule_files = {"titles": TitlesRules, "names": NamesRules, "countries": CountriesRules, "lexicon": LexiconRules}
    extension = "px_participants"

    def __init__(self, nlp: Language, name: str, *, rules: str | None = None, spans_key: str | None = None, spouse_window: int = 200) -> None:
        self.spouse_window = spouse_window
        """How far (characters) before "his wife" the person it belongs to may be named."""
        super().__init__(nlp, name, rules=rules, spans_key=spans_key)

    def compile(self) -> None:
        r = self.rules
        self.mention_rules: MentionRules = built(MentionRules, r.titles, r.names, r.countries, r.lexicon)

    def spans_of(self, item: PersonItem) -> list[tuple[Offsets, str]]:
        return [(m, "PERSON") for m in item.mentions]

    def find(self, doc: Doc) -> list[PersonItem]:
        rules = self.mention_rules
        layout = doc._.px_layout
        text = doc_text(doc)
        title, body = layout.title, layout.body_start
        # The byline between headline and body: "MEDIA RELEASE MINISTER FOR FOREIGN AFFAIRS ALEXANDER DOWNER".
        byline = (title[1], body) if title and title[1] < body else None
        skip = Covered(layout.skip)
        persons = person_spans(doc, rules)
        mentions = self._mentions(doc, text, [r for r in (title, byline, (body, len(text))) if r], skip, persons)
        taken = Covered((m.start, m.end) for m in mentions)
        bare = bare_name_mentions(text, body, len(text), skip, taken, persons, rules)
        if title:
            bare += bare_name_mentions(text, title[0], title[1], skip, taken, persons, rules)
        mentions += bare
        mentions += family_name_mentions(text, mentions, body, skip, rules)
        signers = signatory_mentions(text, layout, rules)
        if signers:
            signed = Covered((x.start, x.end) for x in signers)
            mentions = [m for m in mentions if not signed.overlaps(m.start, m.end)] + signers
        people = [p for p in resolve_people(mentions, rules, text) if p.name or p.title]
        people += spouse_people(text, people, body, skip, rules, self.spouse_window)
        people.sort(key=lambda p: p.first)
        index = {id(p): i for i, p in enumerate(people)}
        return [person_item(p, index, byline) for p in people]

    def _mentions(self, doc: Doc, text: str, regions: list[Offsets], skip: Covered, persons: list[Offsets]) -> list[Mention]:
        """The mentions the patterns find in the headline, the byline and the body, in that order."""
        rules = self.mention_rules
        shadow = rules.case_shadow(text)
        person_index, name_like = Sorted(persons), Sorted(proper_noun_runs(doc))
        mentions = []
        for start, end in regions:
            mentions += MentionScan(rules, text, shadow, skip, person_index, name_like).run(start, end)
        return mentions
