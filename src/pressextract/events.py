"""Events: the occasions a readout reports, with their dates, times and people.

An event is stated by an event noun held by someone ("held a summit
meeting", "hosted a dinner", "witnessed the exchange of documents") or by a
meeting verb ("met with", "spoke with", "received"). Triggers in one
sentence that name the same occasion ("spoke with ... in his first call")
make one event. Time phrases attach to the trigger of their clause.

The words come from ``events.json`` (with ``lexicon.json``'s document nouns,
``stances.json``'s group subjects and ``temporal.json``): an
:class:`EventWords` compiles them and the functions here take it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import extensions  # noqa: F401
from .component import RuleComponent
from .extensions import doc_text
from .items import EventItem, LayoutInfo, Offsets, PersonItem
from .layout import in_skip
from .principals import opening_of, principal_ids, statement_principals
from .rules import alternation, built
from .schemas import CountriesRules, EventsRules, LexiconRules, StancesRules, TemporalRules, TitlesRules
from .temporal import Temporal, add_minutes, iso_duration, minutes_between
from .titles import Titles, build_titles

MEETING = "meeting"
SUMMIT = "summit_meeting"
PHONE = "telephone_call"
VIDEO = "video_conference"
SIGNING = "signing_ceremony"


def _noun_forms(word: str) -> str:
    """A document noun and its plural as a regex: "treaty|treaties", "memorandum|memoranda",
    "agreement(s)"; an accented letter also matches its plain form ("communique")."""
    escaped = "".join("[eé]" if c == "é" else re.escape(c) for c in word)
    if re.search(r"[^aeiou]y$", word):
        return escaped[:-1] + "(?:y|ies)"
    if word.endswith("um"):
        return escaped[:-2] + "(?:um|ums|a)"
    if word.endswith("s"):
        return escaped
    return escaped + "s?"


def _kind(value) -> str:
    """An event kind as the record writes it (rule files give :class:`EventKind` members)."""
    return str(getattr(value, "value", value))


def _noun_key(phrase: str) -> str:
    """An event noun as looked up: lower case, runs of spaces and hyphens as one space."""
    return re.sub(r"[\s-]+", " ", phrase.lower()).strip()


def _expand(templates, key: str, values) -> list[str]:
    """Each template with ``{key}`` written out for every value ("In the {part_of_day} of")."""
    out = []
    for template in templates:
        out += [template.replace("{" + key + "}", v) for v in values] if "{" + key + "}" in template else [template]
    return out


class EventWords:
    """The compiled words of ``events.json`` (and the shared lists it uses): patterns and lookups."""

    def __init__(self, events: EventsRules, lexicon: LexiconRules, stances: StancesRules, temporal: TemporalRules) -> None:
        self.rules = events
        # Looked up as written, its spaces and hyphens as one space ("delegation-level talks").
        self.nouns = {_noun_key(noun): _kind(kind) for noun, kind in events.nouns.items()}
        # Spaces and hyphens alike ("video-conference"), plurals too ("summit meetings").
        nouns = alternation(events.nouns, space=r"[\s-]+", suffix=r"(?:e?s)?")
        self.noun_re = re.compile(rf"(?<![\w-])(?:{nouns})(?![\w-])", re.IGNORECASE)
        self.families = {_kind(k): v for k, v in events.kind_families.items()}
        self.holding = frozenset(events.event_holding_verbs)
        self.passive = frozenset(events.passive_event_verbs)
        self.reference_kinds = frozenset(_kind(k) for k in events.reference_kinds)
        self.meeting_verbs = {verb: _kind(kind) for verb, kind in events.meeting_verbs.items()}
        self.virtual = [m.lower() for m in events.virtual_markers]
        self.phone = [m.lower() for m in events.phone_markers]
        self.group_re = re.compile(
            rf"\b(?:{alternation(g for g in stances.group_subjects if g not in events.not_group_subjects)})\b", re.IGNORECASE
        )
        documents = "|".join(_noun_forms(w) for w in sorted(set(lexicon.document_nouns), key=lambda w: (-len(w), w)))
        self.document_re = re.compile(rf"\b(?:{documents})\b", re.IGNORECASE)
        # "the signing ceremony", "the signing of the two agreements", "exchange of notes"
        self.signing_tail_re = re.compile(
            rf"\s+(?:(?:{alternation(events.signing_noun_heads)})|of\s+(?:(?:{alternation(events.definite_articles)})\s+)?(?:\w+\s+){{0,4}}(?:{documents})\b)",
            re.IGNORECASE,
        )
        self.reference_cue_re = re.compile(rf"\b(?:{alternation(events.reference_cues)})\b", re.IGNORECASE)
        self.named_occasion_re = re.compile(rf"\b(?:{alternation(events.named_occasion_links)})\s+[A-Z]")
        self.past_re = re.compile(rf"\b(?:{alternation(events.past_cues)})\b", re.IGNORECASE)
        self.prep_after = {
            verb: re.compile(rf"\s+(?:\w+\s+){{0,3}}?(?P<prep>{alternation(cond.preps)})\b")
            for verb, cond in events.verb_conditions.items() if cond.preps
        }
        abbreviations = "".join(rf"(?<!\b{re.escape(a)})" for a in sorted(set(events.stop_abbreviations)))
        self.window_end_re = re.compile(
            rf"(?<!\b[A-Z]){abbreviations}[.;:]\s"
            rf"|\b(?:{alternation(events.purpose_words)})\s+(?!(?:{alternation(events.determiners)})\b)[a-z]+\b"
            r"|,\s+[a-z]+ing\b"
            rf"|\b(?:{alternation(events.window_ends)})\b"
        )
        openers = _expand(events.narrative_openers, "part_of_day", temporal.parts_of_day)
        self.narrative_re = re.compile(rf"\s*(?:\d{{1,2}}\.\s+)?(?:{alternation(openers)})\s+")

    def noun_kind(self, phrase: str) -> str | None:
        """The kind of an event noun as written ("Summit Meetings" -> summit_meeting)."""
        key = _noun_key(phrase)
        for candidate in (key, key[:-1], key[:-2]):
            if candidate in self.nouns:
                return self.nouns[candidate]
        return None

    def family(self, kind: str) -> str:
        """The family of kinds that name the same occasion ("telephone_call" and "video_conference": a call)."""
        return self.families.get(kind, kind)

    def object_window(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The stretch after an event word that names who else took part: "... with President X of Y and his spouse"."""
        m = self.window_end_re.search(text, start, end)
        return start, (m.start() if m else end)


def build_event_words(events: EventsRules, lexicon: LexiconRules, stances: StancesRules, temporal: TemporalRules) -> EventWords:
    """An :class:`EventWords` from its rule files."""
    return EventWords(events, lexicon, stances, temporal)


@dataclass(frozen=True)
class EventWindows:
    """How far (in characters) the rules look around an event word; ``px_events`` settings."""

    cue: int = 40
    """Before an event noun, for words that make it another occasion ("the next ...")."""
    signing_tail: int = 80
    """After a signing noun, for the documents that make it a signing ("signing of ... agreements")."""
    phone_header: int = 200
    """At the top of the release, for a word that puts its conversations on the phone."""
    prep_reach: int = 60
    """After a meeting verb, for the preposition it needs ("spoke earlier today with")."""
    narrative_lead: int = 40
    """At the start of a sentence, for an opener and the date that dates what follows ("On 10 March, ...")."""


class Mentions:
    """Where each person is mentioned, sorted by offset, to find who is named in a stretch of text."""

    def __init__(self, participants: list[PersonItem]) -> None:
        pairs = sorted((s, idx) for idx, person in enumerate(participants) for s, _ in person.mentions)
        self.starts = [s for s, _ in pairs]
        self.people = [idx for _, idx in pairs]
        self.spouses = frozenset(i for i, p in enumerate(participants) if p.spouse_of is not None)

    def people_in(self, ranges: list[tuple[int, int]]) -> set[int]:
        """The people with a mention that starts in one of ``ranges``: parsers often leave
        "Jr." or "of Kenya" outside the range, so the start decides."""
        found: set[int] = set()
        for start, end in ranges:
            found.update(self.people[bisect_left(self.starts, start) : bisect_left(self.starts, end)])
        return found


@dataclass
class Trigger:
    kind: str
    start: int  # offset where the event clause starts
    anchor: int  # offset of the trigger word
    end: int
    sent: Span
    verb: Token | None
    people: set[int] = field(default_factory=set)
    region: tuple[int, int] = (0, 0)
    group: bool = False
    hosts: set[int] = field(default_factory=set)
    guests: set[int] = field(default_factory=set)
    definite: bool = False  # "the meeting": may name an occasion already reported
    reference: bool = False  # named in passing ("Following the talks"), not held in this clause


def _subtree_range(token: Token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def _is_planned(verb: Token, words: EventWords) -> bool:
    """A verb that states a future or hypothetical occasion, not one that happened."""
    rules = words.rules
    if verb.dep_ in ("xcomp", "acl", "relcl", "pcomp") and verb.tag_ in ("VB", "VBG"):
        return True
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if verb.tag_ == "VB" and auxiliaries & set(rules.modal_auxiliaries):
        return True
    if auxiliaries & set(rules.future_auxiliaries) or any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in rules.condition_marks for c in verb.children)


def _holder_verb(noun: Token, words: EventWords) -> Token | None:
    """The verb that holds an event noun: "held [a summit meeting]", "witnessed [the exchange]"."""
    token = noun
    for _ in range(5):
        if token.dep_ in ("dobj", "attr", "nsubjpass", "nsubj", "pobj", "conj", "appos", "compound", "amod", "oprd", "prep") and token.head is not token:
            if token.dep_ == "prep" and token.lower_ not in words.rules.holder_preps:
                break
            token = token.head
            if token.pos_ in ("VERB", "AUX"):
                return token
        else:
            break
    return None


def _clause_region(verb: Token, noun: Token | None, sent: Span, words: EventWords) -> tuple[int, tuple[int, int]]:
    """Where the event clause starts, and the stretch of text it covers."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    head = verb
    while not subjects and head.dep_ == "conj" and head.head is not head:
        head = head.head
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and head is verb:
        start = min(s.left_edge.idx for s in subjects)
    else:
        start = verb.idx
    # Leading phrases of the verb ("On February 8, commencing at 6:37 p.m. ...") belong to the clause.
    lefts = [c for c in verb.children if c.i < verb.i and c.dep_ in ("prep", "advcl", "npadvmod", "advmod", "nsubj", "nsubjpass")]
    if lefts and head is verb:
        start = min(start, min(c.left_edge.idx for c in lefts))
    if noun is not None:
        end = noun.idx + len(noun.text)
        if noun.dep_ in ("nsubj", "nsubjpass"):
            start = min(start, noun.left_edge.idx)
            end = verb.idx + len(verb.text)
            for c in verb.children:
                if c.dep_ == "prt":
                    end = max(end, c.idx + len(c.text))
    else:
        end = verb.idx + len(verb.text)
        for c in verb.children:
            if c.i > verb.i and c.dep_ in ("prep", "dobj", "prt", "agent") and (c.dep_ != "prep" or c.lower_ in words.rules.clause_preps):
                end = max(end, c.right_edge.idx + len(c.right_edge.text))
    # A clause never starts after its own words: the subject may follow the verb ("Attending the
    # dinner were A and B") and the event noun may precede it ("how many conversations I had").
    start = min(start, verb.idx, noun.left_edge.idx if noun is not None else verb.idx)
    start = max(start, sent.start_char)
    right = max(end, verb.right_edge.idx + len(verb.right_edge.text))
    return start, (start, min(right, sent.end_char))


class _Scan:
    """One document's search for triggers: its text, who is mentioned where, and the compiled words."""

    def __init__(self, doc: Doc, mentions: Mentions, words: EventWords, windows: EventWindows) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.mentions = mentions
        self.words = words
        self.rules = words.rules
        self.windows = windows
        self.header = self.text[: windows.phone_header].lower()

    # -- event nouns -----------------------------------------------------------
    def noun_triggers(self, sent: Span) -> list[Trigger]:
        """Event nouns held in the sentence ("held a summit meeting") or named in passing ("Following the talks")."""
        found = []
        for m in self.words.noun_re.finditer(self.text, sent.start_char, sent.end_char):
            trig = self.noun_trigger(m, sent)
            if trig is not None:
                found.append(trig)
        return found

    def noun_trigger(self, m: re.Match, sent: Span) -> Trigger | None:
        """The occasion an event noun states, if its verb holds it and it is this release's occasion."""
        kind = self.words.noun_kind(m.group(0))
        if kind is None:
            return None
        span = self.doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            return None
        noun = span.root
        verb = _holder_verb(noun, self.words)
        det = [c.lower_ for c in noun.children if c.dep_ in ("det", "poss")]
        if verb is None or (verb.lemma_.lower() not in self.words.holding and noun.dep_ == "pobj"):
            # "Following the talks between A and B, ...", "During the working lunch, ...": the
            # occasion is named, not held; it is an event unless an earlier one already is it.
            return self.reference_trigger(sent, m, noun, kind, det)
        if not self.is_held(m, noun, verb, kind, det, sent):
            return None
        start, region = _clause_region(verb, noun, sent, self.words)
        kind = self.noun_clause_kind(kind, m.group(0).lower(), region)
        definite = any(d in self.rules.definite_articles for d in det)
        return Trigger(kind, start, m.start(), m.end(), sent, verb, region=region, definite=definite)

    def is_held(self, m: re.Match, noun: Token, verb: Token, kind: str, det: list[str], sent: Span) -> bool:
        """True when ``verb`` holds the noun's occasion as one that took place here."""
        lemma = verb.lemma_.lower()
        word = m.group(0).lower()
        if not self.holds(noun, verb, lemma) or _is_planned(verb, self.words):
            return False
        if self.other_occasion(m, noun, lemma, det, sent) or self.too_light(word, lemma):
            return False
        # A signing noun must be about documents: "the signing of agreements".
        if kind == SIGNING and word in self.rules.signing_nouns:
            tail = self.text[m.end() : m.end() + self.windows.signing_tail]
            return bool(self.words.signing_tail_re.match(tail))
        return True

    def holds(self, noun: Token, verb: Token, lemma: str) -> bool:
        """A holding verb ("held talks"), a passive one with the noun as subject ("talks were held"),
        and with the word some verbs need ("took place")."""
        passive = noun.dep_ in ("nsubjpass", "nsubj") and lemma in self.words.passive
        complements = self.rules.holding_verb_complements
        if lemma not in self.words.holding and not passive and lemma not in complements:
            return False
        return lemma not in complements or any(c.lower_ == complements[lemma] for c in verb.children)

    def other_occasion(self, m: re.Match, noun: Token, lemma: str, det: list[str], sent: Span) -> bool:
        """An occasion other than the one reported: "their talks", "the next meeting", "talks held last year"."""
        if any(d in self.rules.non_occasion_determiners for d in det) and lemma not in self.rules.determiner_blind_verbs:
            return True
        before = self.text[max(sent.start_char, m.start() - self.windows.cue) : m.start()].lower().split(",")[-1]
        if any(cue in before for cue in self.rules.non_occasion_cues):
            return True
        return bool(self.words.past_re.search(self.text[m.start() : _subtree_range(noun)[1]]))

    def too_light(self, word: str, lemma: str) -> bool:
        """A talk noun held by a light verb ("gave a statement", "made a call"), except those it does hold ("had talks")."""
        light = self.rules.light_verbs
        return word in self.rules.talk_nouns and lemma in light and word not in light[lemma]

    def noun_clause_kind(self, kind: str, word: str, region: tuple[int, int]) -> str:
        """A meeting held virtually is a video conference; a bare "conversation" is on the phone
        only when the release says so."""
        clause = self.text[region[0] : region[1]].lower()
        if self.words.families.get(kind) == MEETING and any(marker in clause for marker in self.words.virtual):
            return VIDEO
        if kind == PHONE and word.startswith(tuple(self.rules.maybe_phone_nouns)) and not any(marker in clause for marker in self.words.phone):
            return PHONE if any(marker in self.header for marker in self.words.phone) else MEETING
        return kind

    def reference_trigger(self, sent: Span, m: re.Match, noun: Token, kind: str, det: list[str]) -> Trigger | None:
        """An occasion named inside a prepositional phrase: kept only if nothing earlier reported it."""
        rules = self.rules
        if noun.dep_ != "pobj" or noun.head.lower_ not in rules.reference_preps:
            return None
        if len(det) != 1 or det[0] not in rules.definite_articles or any(c.dep_ == "poss" for c in noun.children):
            return None
        word = m.group(0).lower()
        if kind not in self.words.reference_kinds or word in rules.not_reference_nouns:
            return None
        if noun.tag_ in ("NNS", "NNPS") and word not in rules.reference_plural_nouns:
            return None
        start, end = noun.left_edge.idx, _subtree_range(noun)[1]
        phrase = self.text[start:end]
        if self.words.reference_cue_re.search(phrase) or self.words.named_occasion_re.search(phrase):
            return None
        region_end = min(end, sent.end_char)
        trig = Trigger(kind, start, m.start(), max(m.end(), region_end), sent, None, region=(start, region_end), definite=True, reference=True)
        # "Cai Qi and Wang Yi were present at the meeting": who is in the clause attends it.
        attend = noun.head.head
        if attend is not None and attend.lemma_.lower() in rules.attend_verbs:
            trig.region = (sent.start_char, trig.region[1])
        return trig

    # -- verbs -----------------------------------------------------------------
    def signing_verb_triggers(self, sent: Span, verbs: list[Token], found: list[Trigger]) -> list[Trigger]:
        """Signing verbs with documents as object: a signing ceremony ("the two countries signed a package of documents")."""
        out = []
        for token in verbs:
            if token.lemma_.lower() not in self.rules.signing_verbs or token.dep_ in ("amod", "acl", "relcl"):
                continue
            if _is_planned(token, self.words) or not self.signs_documents(token) or _has_verb(found, token):
                continue
            start, region = _clause_region(token, None, sent, self.words)
            out.append(Trigger(SIGNING, start, token.idx, token.idx + len(token.text), sent, token, region=region))
        return out

    def signs_documents(self, token: Token) -> bool:
        """True when the object (or passive subject) of ``token`` names documents."""
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        return any(self.words.document_re.search(self.text[slice(*_subtree_range(o))]) for o in objects)

    def verb_triggers(self, sent: Span, verbs: list[Token], found: list[Trigger]) -> list[Trigger]:
        """Meeting verbs ("met with", "spoke with", "received") not already holding a noun trigger."""
        out = []
        for token in verbs:
            lemma = token.lemma_.lower()
            if lemma not in self.rules.meeting_verbs or _is_planned(token, self.words) or _has_verb(found, token):
                continue
            kind = self.verb_kind(token, lemma, sent)
            if kind is None:
                continue
            start, region = _clause_region(token, None, sent, self.words)
            out.append(Trigger(kind, start, token.idx, region[1], sent, token, region=region))
        return out

    def verb_kind(self, token: Token, lemma: str, sent: Span) -> str | None:
        """The kind of occasion a meeting verb states, or None when its conditions (``verb_conditions``) fail."""
        kind = self.words.meeting_verbs[lemma]
        cond = self.rules.verb_conditions.get(lemma)
        if cond is None:
            return kind
        sent_lower = self.text[sent.start_char : sent.end_char].lower()
        if cond.preps and not self.has_prep(token, lemma, cond.preps):
            return None
        if cond.phone_only and not any(marker in sent_lower for marker in self.words.phone):
            return None
        if cond.virtual and any(marker in sent_lower for marker in self.words.virtual):
            kind = VIDEO
        particle_kind = self.particle_kind(token, cond.particles, sent)
        if particle_kind is not None:
            return particle_kind
        if cond.person_object:
            objects = [_subtree_range(c) for c in token.children if c.dep_ == "dobj"]
            if not objects or not self.mentions.people_in(objects):
                return None
        return kind

    def has_prep(self, token: Token, lemma: str, preps: list[str]) -> bool:
        """ "spoke with", or a preposition the parser hung elsewhere within three words ("spoke earlier today with")."""
        if any(c.dep_ == "prep" and c.lower_ in preps for c in token.children):
            return True
        after = token.idx + len(token.text)
        m = self.words.prep_after[lemma].match(self.text[after : after + self.windows.prep_reach])
        if m is None:
            return False
        # "spoke about the need to raise pay": an infinitive's "to" is no preposition.
        prep = self.doc.char_span(after + m.start("prep"), after + m.end("prep"))
        return prep is None or prep.root.dep_ != "aux"

    def particle_kind(self, token: Token, particles: dict, sent: Span) -> str | None:
        """ "called on the President": a particle followed by a person gives its own kind (a courtesy call)."""
        if token.tag_ != "VBD":
            return None
        for particle, kind in particles.items():
            child = next((c for c in token.children if c.dep_ in ("prep", "prt") and c.lower_ == particle), None)
            if child is not None and self.mentions.people_in([self.words.object_window(self.text, child.idx + len(child.text), sent.end_char)]):
                return _kind(kind)
        return None

    # -- people ----------------------------------------------------------------
    def attach_people(self, trig: Trigger) -> None:
        """Who hosts, who is a guest, and whether a group subject ("the two leaders") speaks for the principals."""
        host_ranges, guest_ranges = _role_ranges(trig, self.words)
        trig.hosts = self.mentions.people_in(host_ranges)
        trig.guests = self.mentions.people_in(guest_ranges) - trig.hosts
        trig.people = trig.hosts | trig.guests
        trig.group = bool(self.words.group_re.search(self.text[trig.region[0] : trig.region[1]]))


def _has_verb(found: list[Trigger], token: Token) -> bool:
    return any(t.verb is not None and t.verb.i == token.i for t in found)


def find_triggers(doc: Doc, layout: LayoutInfo, mentions: Mentions, words: EventWords, windows: EventWindows) -> list[Trigger]:
    """The triggers of every body sentence, in order: noun triggers, signing verbs, meeting verbs;
    those of one sentence that name the same occasion merged, their people attached."""
    scan = _Scan(doc, mentions, words, windows)
    triggers: list[Trigger] = []
    for sent in doc.sents:
        if sent.start_char < layout.body_start or in_skip(layout, sent.start_char):
            continue
        verbs = [token for token in sent if token.pos_ == "VERB"]
        found = scan.noun_triggers(sent)
        found += scan.signing_verb_triggers(sent, verbs, found)
        found += scan.verb_triggers(sent, verbs, found)
        found.sort(key=lambda t: t.anchor)
        found = _merge_families(_fold_verbs_into_nouns(found, words), words)
        for trig in found:
            scan.attach_people(trig)
        triggers += found
    return triggers


def _fold_verbs_into_nouns(found: list[Trigger], words: EventWords) -> list[Trigger]:
    """ "hosted X for a breakfast meeting", "met ... for talks": the noun names the verb's occasion."""
    nouns = [t for t in found if t.verb is not None and t.anchor != t.verb.idx]
    kept = []
    for trig in found:
        if trig.verb is not None and trig.anchor == trig.verb.idx and trig.kind != SIGNING:
            call = words.family(trig.kind) == "call"
            held = next((n for n in nouns if n.verb.i == trig.verb.i and (call or words.family(n.kind) != "call")), None)
            if held is not None:
                held.start = min(held.start, trig.start)
                held.region = (min(held.region[0], trig.region[0]), max(held.region[1], trig.region[1]))
                continue
        kept.append(trig)
    return kept


def _merge_families(found: list[Trigger], words: EventWords) -> list[Trigger]:
    """Triggers of one family in one sentence are one occasion ("spoke with ... in his first call")."""
    merged: list[Trigger] = []
    for trig in found:
        family = words.family(trig.kind)
        same = next((m for m in merged if words.family(m.kind) == family and m.sent.start == trig.sent.start), None)
        if same is None:
            merged.append(trig)
            continue
        # Keep the more specific kind: a "call" noun says more than "spoke".
        if same.verb is not None and same.verb.lemma_.lower() in words.rules.vague_verbs and trig.kind != MEETING:
            same.kind = trig.kind
        same.end = max(same.end, trig.end)
        same.region = (min(same.region[0], trig.region[0]), max(same.region[1], trig.region[1]))
    return merged


def _role_ranges(trig: Trigger, words: EventWords) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where the hosts (the subject) and the guests ("with X", "received X") of an event are named."""
    verb = trig.verb
    if verb is None:
        return [trig.region], []
    head = verb
    while head.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in head.children):
        head = head.head
    hosts = [_subtree_range(c) for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not hosts:
        # The parser lost the subject ("..., President X met with Y"): take what precedes the verb.
        hosts.append((trig.sent.start_char, verb.idx))
    text = doc_text(trig.sent.doc)
    head_end = verb.idx + len(verb.text) if trig.anchor == verb.idx else trig.end
    ranges = [words.object_window(text, head_end, trig.sent.end_char)]
    for c in verb.children:
        if c.dep_ in ("dobj", "agent", "attr") or (c.dep_ == "prep" and c.lower_ in words.rules.guest_preps):
            ranges.append(_subtree_range(c))
    # "held a summit meeting with H.E. ..." and "talks between A and B" hang the people on the noun.
    noun_span = trig.sent.doc.char_span(trig.anchor, trig.end, alignment_mode="expand")
    if noun_span is not None:
        for c in noun_span.root.children:
            if c.dep_ == "prep" and c.lower_ in words.rules.noun_guest_preps:
                ranges.append(_subtree_range(c))
    guests = [r for r in ranges if not any(h[0] <= r[0] and r[1] <= h[1] for h in hosts)]
    return hosts, guests


class EventFinder(RuleComponent):
    """Events with dates, clock times, durations and participants."""

    rule_files = {
        "events": EventsRules, "lexicon": LexiconRules, "temporal": TemporalRules,
        "titles": TitlesRules, "countries": CountriesRules, "stances": StancesRules,
    }
    extension = "px_events"

    def __init__(
        self, nlp: Language, name: str, *, rules: str | None = None, spans_key: str | None = None,
        cue_window: int = 40, signing_tail: int = 80, phone_header: int = 200, prep_reach: int = 60, narrative_lead: int = 40,
        hedge_window: int = 24, lead_window: int = 30, clock_lead_window: int = 8,
    ) -> None:
        self.windows = EventWindows(cue_window, signing_tail, phone_header, prep_reach, narrative_lead)
        self.temporal_windows = {"hedge_window": hedge_window, "lead_window": lead_window, "clock_lead_window": clock_lead_window}
        super().__init__(nlp, name, rules=rules, spans_key=spans_key)

    def compile(self) -> None:
        self.titles = build_titles(self.rules.titles, self.rules.countries)
        self.words = built(build_event_words, self.rules.events, self.rules.lexicon, self.rules.stances, self.rules.temporal)
        self.temporal = Temporal(self.rules.temporal, **self.temporal_windows)

    def spans_of(self, item: EventItem) -> list[tuple[Offsets, str]]:
        return [(item.span, item.kind)]

    def find(self, doc: Doc) -> list[EventItem]:
        layout = doc._.px_layout
        participants = doc._.px_participants
        text = doc_text(doc)
        mentions = Mentions(participants)
        triggers = find_triggers(doc, layout, mentions, self.words, self.windows)
        triggers = _drop_repeats(triggers, text, self.words, self.temporal)
        _add_members(doc, triggers, mentions, layout, self.words)
        events = self._timed(doc, triggers, layout)
        self._settle_people(events, triggers, participants, mentions, opening_of(text, layout))
        signing = _signature_event(text, layout, participants, self.temporal)
        if signing and not any(e.kind == SIGNING and e.date == signing.date for e in events):
            events.append(signing)
        for event in events:
            event.span = _trimmed(text, event.span)
        return events

    def _timed(self, doc: Doc, triggers: list[Trigger], layout: LayoutInfo) -> list[EventItem]:
        """One event per trigger, with its date, times and duration, hosts and guests."""
        text = doc_text(doc)
        narrative = _narrative_dates(doc, layout, self.words, self.temporal, self.windows.narrative_lead)
        told_at = [offset for offset, _ in narrative]
        by_sentence: dict[int, list[Trigger]] = {}
        for trig in triggers:
            by_sentence.setdefault(trig.sent.start, []).append(trig)
        events = []
        previous_date = None
        for trig in triggers:
            # A release told day by day ("On 9 March, ... On 10 March, ...") dates what follows each day.
            told = bisect_right(told_at, trig.anchor)
            same_sent = by_sentence[trig.sent.start]
            k = next(i for i, t in enumerate(same_sent) if t is trig)
            event = self._timing(text, trig, same_sent, k, layout.published, narrative[told - 1][1] if told else previous_date)
            previous_date = event.date
            event.hosts = sorted(trig.hosts)
            event.guests = sorted(trig.guests)
            events.append(event)
        return events

    def _settle_people(self, events: list[EventItem], triggers: list[Trigger], participants: list[PersonItem], mentions: Mentions, opening: Offsets) -> None:
        """Who took part in each event, and whether a meeting of heads is a summit."""
        # Who meets whom is read from the occasions as the text states them, before group
        # subjects ("the two leaders") widen them to the principals.
        for event, trig in zip(events, triggers, strict=True):
            event.participants = sorted(trig.people)
        principals = principal_ids(events, participants) or statement_principals(participants, self.titles, opening)
        for event, trig in zip(events, triggers, strict=True):
            people = set(trig.people)
            if trig.group or not people:
                people |= set(principals)
            # Spouses come with the person they accompany.
            people |= mentions.people_in([trig.region]) & mentions.spouses
            event.participants = sorted(people, key=lambda i: participants[i].mentions[0][0])
            if event.kind == MEETING:
                event.kind = _meeting_kind(event, participants, self.titles)

    def _timing(self, text: str, trig: Trigger, same_sent: list[Trigger], k: int, published: str | None, previous_date: str | None) -> EventItem:
        """The event of one trigger: the date, clock times and duration written in its own stretch of the sentence."""
        sent = trig.sent
        lo = sent.start_char if k == 0 else same_sent[k - 1].end
        hi = sent.end_char if k == len(same_sent) - 1 else same_sent[k + 1].start
        hi = max(hi, trig.end)
        clocks = self.temporal.find_clock_times(text, lo, hi)
        durations = self.temporal.find_durations(text, lo, hi)
        # The date of the occasion stands in its own clause ("spoke with X today"), not in a
        # later purpose or background clause ("... following the launch on October 3").
        head_end = trig.verb.idx + len(trig.verb.text) if trig.verb is not None and trig.anchor == trig.verb.idx else trig.end
        core_hi = max(head_end, self.words.object_window(text, head_end, hi)[1])
        dates = [d for d in self.temporal.find_dates(text, lo, hi) if d.start < core_hi]
        event = EventItem(kind=trig.kind, span=(0, 0), time_zone=self.temporal.time_zone(text, lo, hi))
        self._clock(event, text, clocks, durations)
        event.date = self._date(text, dates, lo, max(core_hi, trig.end), published) or previous_date or published
        span_start = min([trig.start] + [f.start for f in clocks + durations + dates if f.start < trig.anchor])
        floor = lo if k > 0 else sent.start_char
        # A trigger inside the previous one's clause ("Speaking after meeting today with X") starts at its own word.
        span_start = max(span_start, floor) if floor <= trig.anchor else trig.anchor
        event.span = (span_start, trig.end)
        return event

    def _clock(self, event: EventItem, text: str, clocks: list, durations: list) -> None:
        """Start and end times and duration: "from 10:05 a.m. to 10:50 a.m.", "at 6:37 p.m. for about 45 minutes"."""
        if clocks:
            event.start_time = clocks[0].value
            event.approximate = clocks[0].approximate
            if len(clocks) > 1 and self.temporal.is_range(text[clocks[0].end : clocks[1].start]):
                event.end_time = clocks[1].value
        if durations:
            event.duration_minutes = durations[0].value
            event.approximate = event.approximate or durations[0].approximate
        if event.end_time is None and event.start_time and event.duration_minutes is not None:
            event.end_time = add_minutes(event.start_time, event.duration_minutes)
        elif event.end_time is not None and event.duration_minutes is None:
            event.duration_minutes = minutes_between(event.start_time, event.end_time)
        event.duration = iso_duration(event.duration_minutes)

    def _date(self, text: str, dates: list, lo: int, hi: int, published: str | None) -> str | None:
        """The date written in the event's clause, or a relative day ("yesterday") counted from the release date.
        An undated occasion happens on the day the release last spoke of ("Following the talks, ...",
        "He later called on ..."), else on the release date: the caller falls back to those."""
        if dates:
            date = self.temporal.date_value(dates[0].value, published)
            if date is not None:
                return date
        return self.temporal.relative_date(text, lo, hi, published)


def _trimmed(text: str, span: Offsets) -> Offsets:
    """``span`` without the whitespace at its ends (a clause that runs to its sentence's end takes the "\n\n" after it)."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _signature_event(text: str, layout: LayoutInfo, participants: list[PersonItem], temporal: Temporal) -> EventItem | None:
    """The signing a signed text records in its signature block ("Signed at Tokyo, on the 27th day of November 2023")."""
    block = layout.signature
    if not block:
        return None
    dates = temporal.find_dates(text, *block.when)
    date = temporal.date_value(dates[0].value, layout.published) if dates else None
    signers = [
        i for i, p in enumerate(participants)
        if any(s.name[0] <= ms < s.name[1] for s in block.signatories for ms, _ in p.mentions)
    ]
    return EventItem(kind=SIGNING, span=block.span, date=date or layout.published, location=block.place, participants=signers)


def _narrative_dates(doc: Doc, layout: LayoutInfo, words: EventWords, temporal: Temporal, lead: int) -> list[tuple[int, str]]:
    """(offset, date) of sentences that open with a date: "On 10 March, ...", "On Thursday, 8 February 2024, ..."."""
    text = doc_text(doc)
    out = []
    for sent in doc.sents:
        if sent.start_char < layout.body_start:
            continue
        m = words.narrative_re.match(text[sent.start_char : sent.start_char + lead])
        if not m:
            continue
        at = sent.start_char + m.end()
        found = temporal.find_dates(text, at, min(sent.end_char, at + lead))
        if found and found[0].start == at:
            value = temporal.date_value(found[0].value, layout.published)
            if value:
                out.append((sent.start_char, value))
    return out


def _add_members(doc: Doc, triggers: list[Trigger], mentions: Mentions, layout: LayoutInfo, words: EventWords) -> None:
    """"The Russian delegation included A and B; ...": the people named join the occasion reported just before."""
    text = doc_text(doc)
    starts = [t.sent.start_char for t in triggers]
    for sent in doc.sents:
        if sent.start_char < layout.body_start:
            continue
        lower = text[sent.start_char : sent.end_char].lower()
        if not any(cue in lower for cue in words.rules.member_cues):
            continue
        before = bisect_right(starts, sent.start_char)
        if before:
            triggers[before - 1].people |= mentions.people_in([(sent.start_char, sent.end_char)])


def _is_timed(trig: Trigger, text: str, words: EventWords, temporal: Temporal) -> bool:
    """A time of its own, or a new phase of talks already reported ("The talks then continued with
    the participation of the delegations"): a new event, not a repeat."""
    lo, hi = trig.region
    if temporal.find_clock_times(text, lo, hi) or temporal.find_durations(text, lo, hi) or temporal.find_dates(text, lo, hi):
        return True
    lower = text[trig.sent.start_char : trig.sent.end_char].lower()
    return any(cue in lower for cue in words.rules.phase_cues)


def _drop_repeats(triggers: list[Trigger], text: str, words: EventWords, temporal: Temporal) -> list[Trigger]:
    """A later sentence that names an occasion already reported, with no time of its own, is the same occasion."""
    kept: list[Trigger] = []
    for trig in triggers:
        timed = _is_timed(trig, text, words, temporal)
        family = words.family(trig.kind)
        same_family = [k for k in kept if words.family(k.kind) == family and k.sent.start != trig.sent.start]
        if (trig.definite or trig.reference) and same_family and not (timed and not trig.reference):
            # "the meeting", "Following the talks": the occasion already reported; who joined it joins the event.
            same_family[-1].people |= trig.people
            continue
        earlier = [k for k in kept if k.kind == trig.kind and k.sent.start != trig.sent.start and _same_people(trig, k)]
        if earlier and not timed:
            earlier[-1].people |= trig.people
            continue
        kept.append(trig)
    return kept


def _same_people(trig: Trigger, earlier: Trigger) -> bool:
    """Whether a later trigger of the same kind may be the earlier occasion again: a signing always, else
    when one's people hold the other's (or it names nobody)."""
    return trig.kind == SIGNING or not trig.people or trig.people <= earlier.people or earlier.people <= trig.people


def _meeting_kind(event: EventItem, participants: list[PersonItem], titles: Titles) -> str:
    """A meeting of two heads of state or government (of different states, as far as known) is a summit meeting."""
    people = [participants[i] for i in event.participants if participants[i].spouse_of is None]
    heads = [p for p in people if titles.is_head(p.title)]
    countries = {p.country for p in heads if p.country}
    # Countries may not be settled yet (the sides step runs later): unknown counts as different.
    if len(heads) >= 2 and (len(countries) >= 2 or any(p.country is None for p in heads)):
        return SUMMIT
    # A principal named without any title ("Vladimir Putin") beside a foreign head of state.
    untitled = [p for p in people if p.title is None and p.name]
    if len(heads) == 1 and untitled and len(people) == 2:
        return SUMMIT
    return MEETING
