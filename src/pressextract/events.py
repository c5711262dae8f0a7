"""Events: the occasions a readout reports, with their dates, times and people.

An event is stated by an event noun held by someone ("held a summit
meeting", "hosted a dinner", "witnessed the exchange of documents") or by a
meeting verb ("met with", "spoke with", "received"). Triggers in one
sentence that name the same occasion ("spoke with ... in his first call")
make one event. Time phrases attach to the trigger of their clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from . import extensions  # noqa: F401
from .extensions import doc_text
from . import temporal
from .component import RuleComponent
from .items import EventItem, LayoutInfo, Offsets, PersonItem
from .schemas import CountriesRules, EventsRules, StancesRules, TemporalRules, TitlesRules
from .titles import Titles, build_titles
from .layout import in_skip
from .principals import opening_of, principal_ids, statement_principals
from .rules import load_rules

_KIND_FAMILY = {
    "summit_meeting": "meeting", "meeting": "meeting", "courtesy_call": "meeting",
    "telephone_call": "call", "video_conference": "call",
}


@lru_cache(maxsize=None)
def _rules() -> dict:
    return load_rules("events")


@lru_cache(maxsize=None)
def noun_regex() -> re.Pattern:
    nouns = sorted(_rules()["nouns"], key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") + r"(?:e?s)?" for n in nouns)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


def noun_kind(phrase: str) -> str | None:
    key = re.sub(r"[\s-]+", " ", phrase.lower()).strip()
    nouns = _rules()["nouns"]
    for candidate in (key, key[:-1], key[:-2]):
        if candidate in nouns:
            return nouns[candidate]
    return None


@lru_cache(maxsize=None)
def group_regex() -> re.Pattern:
    groups = sorted(load_rules("stances")["group_subjects"], key=len, reverse=True)
    alts = "|".join(re.escape(g) for g in groups if g not in ("we", "it", "both", "they"))
    return re.compile(rf"\b(?:{alts})\b", re.IGNORECASE)


_DOCUMENT_RE = re.compile(
    r"\b(?:documents?|agreements?|memorand\w+|MoU|MOU|MoC|treat(?:y|ies)|declarations?|statements?|protocols?|accords?|contracts?|orders?|decrees?|charters?|conventions?|plans?|roadmaps?|notes|arrangements?|communiqu\w+|letters?)\b",
    re.IGNORECASE,
)


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


_REFERENCE_PREPS = {"following", "after", "during", "at", "before", "in", "on", "over", "throughout", "upon"}


def _reference_trigger(doc: Doc, sent: Span, m: re.Match, noun: Token, kind: str, det: list[str], text: str) -> "Trigger | None":
    """An occasion named inside a prepositional phrase: kept only if nothing earlier reported it."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in _REFERENCE_PREPS:
        return None
    if det != ["the"] or any(c.dep_ == "poss" for c in noun.children):
        return None
    if kind not in ("meeting", "summit_meeting", "breakfast", "lunch", "dinner", "reception", "signing_ceremony", "press_conference", "courtesy_call"):
        return None
    if noun.tag_ in ("NNS", "NNPS") and m.group(0).lower() not in ("talks",) or m.group(0).lower() in ("dialogue", "negotiations", "consultations", "summit"):
        return None
    inside = text[noun.left_edge.idx : _subtree_range(noun)[1]].lower()
    if re.search(r"\b(next|upcoming|future|previous|last|forthcoming|planned|first|second|third|tenth|inaugural|annual|regular|held in|held on|of the [A-Z])", text[noun.left_edge.idx : _subtree_range(noun)[1]]) or re.search(r"\b(next|upcoming|future|previous|last|forthcoming|planned|inaugural|annual|regular)\b", inside):
        return None
    if kind in ("telephone_call", "video_conference") and m.group(0).lower() in ("call", "conversation"):
        return None
    start = noun.left_edge.idx
    end = _subtree_range(noun)[1]
    trig = Trigger(kind, start, m.start(), max(m.end(), min(end, sent.end_char)), sent, None, region=(start, min(end, sent.end_char)), definite=True, reference=True)
    # "Cai Qi and Wang Yi were present at the meeting": who is in the clause attends it.
    attend = noun.head.head
    if attend is not None and attend.lemma_.lower() in ("present", "be", "attend", "participate", "join", "take", "accompany"):
        trig.region = (sent.start_char, trig.region[1])
    return trig


def _person_at(participants: list[PersonItem]) -> list[tuple[int, int, int]]:
    out = []
    for idx, person in enumerate(participants):
        for s, e in person.mentions:
            out.append((s, e, idx))
    return sorted(out)


def _people_in(ranges: list[tuple[int, int]], mentions: list[tuple[int, int, int]]) -> set[int]:
    found = set()
    for s, e, idx in mentions:
        # A mention that starts in the range is in it: parsers often leave "Jr." or "of Kenya" outside.
        if any(rs <= s < re_ for rs, re_ in ranges):
            found.add(idx)
    return found


def _subtree_range(token: Token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def _is_planned(verb: Token) -> bool:
    """A verb that states a future or hypothetical occasion, not one that happened."""
    if verb.dep_ in ("xcomp", "acl", "relcl", "pcomp") and verb.tag_ in ("VB", "VBG"):
        return True
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ in ("will", "would", "to", "shall", "could", "may", "might") for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall") for c in verb.children):
        return True
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ == "advcl" and any(c.lower_ in ("if", "when", "before", "until", "once") and c.dep_ == "mark" for c in verb.children):
        return True
    return False


def _holder_verb(noun: Token) -> Token | None:
    """The verb that holds an event noun: "held [a summit meeting]", "witnessed [the exchange]"."""
    token = noun
    for _ in range(5):
        if token.dep_ in ("dobj", "attr", "nsubjpass", "nsubj", "pobj", "conj", "appos", "compound", "amod", "oprd", "prep") and token.head is not token:
            if token.dep_ == "prep" and token.lower_ not in ("for", "in", "at", "during", "over"):
                break
            token = token.head
            if token.pos_ in ("VERB", "AUX"):
                return token
        else:
            break
    return None


def find_triggers(doc: Doc, participants: list[PersonItem], layout: LayoutInfo) -> list[Trigger]:
    data = _rules()
    holding = set(data["event_holding_verbs"])
    meeting_verbs = data["meeting_verbs"]
    cues = [c.lower() for c in data["non_occasion_cues"]]
    mentions = _person_at(participants)
    text = doc_text(doc)
    triggers: list[Trigger] = []
    body = layout.body_start
    for sent in doc.sents:
        if sent.start_char < body or in_skip(layout, sent.start_char):
            continue
        found: list[Trigger] = []
        # Noun triggers.
        for m in noun_regex().finditer(text, sent.start_char, sent.end_char):
            kind = noun_kind(m.group(0))
            if kind is None:
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            noun = span.root
            verb = _holder_verb(noun)
            det = [c.lower_ for c in noun.children if c.dep_ in ("det", "poss")]
            if verb is None or (verb.lemma_.lower() not in holding and noun.dep_ == "pobj"):
                # "Following the talks between A and B, ...", "During the working lunch, ...": the
                # occasion is named, not held; it is an event unless an earlier one already is it.
                ref = _reference_trigger(doc, sent, m, noun, kind, det, text)
                if ref is not None:
                    found.append(ref)
                continue
            lemma = verb.lemma_.lower()
            passive = noun.dep_ in ("nsubjpass", "nsubj") and lemma in ("hold", "take", "begin", "start", "conduct", "organize", "organise", "sign", "exchange", "place")
            if lemma not in holding and not passive and lemma not in ("take",):
                continue
            if lemma == "take" and not any(c.lower_ == "place" for c in verb.children):
                continue
            if _is_planned(verb):
                continue
            before = text[max(sent.start_char, m.start() - 40) : m.start()].lower()
            if any(d in ("this", "that", "these", "next", "their", "its", "his", "her") for d in det) and lemma not in ("witness",):
                continue
            inside = text[m.start() : _subtree_range(noun)[1]].lower()
            if any(cue in before.split(",")[-1] for cue in ("next", "upcoming", "future", "previous", "last")) or re.search(r"\b(last year|last month|previous|earlier this year)\b", inside):
                continue
            if m.group(0).lower() in ("talk", "call", "conversation", "dialogue", "negotiations", "consultations", "exchange", "signing", "statement", "talks") and lemma in ("have", "give", "make", "take", "begin", "start", "open"):
                if m.group(0).lower() not in ("talks", "call", "conversation") or lemma not in ("have",):
                    continue
            if lemma == "attend" and kind not in ("signing_ceremony", "press_conference", "breakfast", "lunch", "dinner", "reception"):
                pass
            # A signing noun must be about documents: "the signing of agreements".
            if kind == "signing_ceremony" and m.group(0).lower() in ("signing", "exchange"):
                tail = text[m.end() : m.end() + 80].lower()
                if not re.match(r"\s+(?:ceremony|of\s+(?:the\s+)?(?:\w+\s+){0,4}(?:documents?|agreements?|memorand\w*|mou|moc|treaty|statement|declaration|notes|e/n|instruments?|protocols?|contracts?|accords?))", tail):
                    continue
            start, region = _clause_region(verb, noun, sent)
            clause_lower = text[region[0] : region[1]].lower()
            if _KIND_FAMILY.get(kind) == "meeting" and any(marker in clause_lower for marker in data["virtual_markers"]):
                kind = "video_conference"
            if kind == "telephone_call" and m.group(0).lower().startswith("conversation") and not any(marker in clause_lower for marker in data["phone_markers"]):
                # A bare "conversation" is on the phone only when the release says so.
                kind = "telephone_call" if any(marker in (text[:200].lower()) for marker in data["phone_markers"]) else "meeting"
            found.append(Trigger(kind, start, m.start(), m.end(), sent, verb, region=region, definite="the" in det))
        # Signing verbs with documents as object: a signing ceremony ("the two countries signed a package of documents").
        for token in sent:
            if token.pos_ == "VERB" and token.lemma_.lower() in ("sign", "ink", "exchange") and not _is_planned(token) and token.dep_ not in ("amod", "acl", "relcl"):
                objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
                if objects and any(_DOCUMENT_RE.search(doc_text(doc)[_subtree_range(o)[0] : _subtree_range(o)[1]]) for o in objects):
                    if not any(t.verb is not None and t.verb.i == token.i for t in found):
                        start, region = _clause_region(token, None, sent)
                        found.append(Trigger("signing_ceremony", start, token.idx, token.idx + len(token.text), sent, token, region=region))
        # Verb triggers.
        for token in sent:
            lemma = token.lemma_.lower()
            if token.pos_ != "VERB" or lemma not in meeting_verbs or _is_planned(token):
                continue
            if any(t.verb is not None and t.verb.i == token.i for t in found):
                continue
            kind = meeting_verbs[lemma]
            sent_lower = sent.text.lower()
            preps = {c.lower_ for c in token.children if c.dep_ == "prep"}
            objs = [c for c in token.children if c.dep_ in ("dobj",)]
            if lemma == "speak":
                after = doc_text(doc)[token.idx + len(token.text) : token.idx + len(token.text) + 60]
                if not (preps & {"with", "to", "by"}) and not re.match(r"\s+(?:\w+\s+){0,3}?(?:with|to|by)\b", after):
                    continue
                if any(marker in sent_lower for marker in _rules()["virtual_markers"]):
                    kind = "video_conference"
            elif lemma == "talk":
                if not any(marker in sent_lower for marker in _rules()["phone_markers"]):
                    continue
            elif lemma == "meet":
                if any(marker in sent_lower for marker in _rules()["virtual_markers"]):
                    kind = "video_conference"
            elif lemma in ("host", "receive"):
                if not objs or not _people_in([_subtree_range(o) for o in objs], mentions):
                    continue
            elif lemma in ("call", "phone"):
                on = next((c for c in token.children if c.dep_ in ("prep", "prt") and c.lower_ == "on"), None)
                on_person = on is not None and token.tag_ == "VBD" and _people_in([object_window(text, on.idx + 2, sent.end_char)], mentions)
                if on_person and lemma == "call":
                    # "called on the President": a courtesy call, not a phone call.
                    kind = "courtesy_call"
                elif not objs or not _people_in([_subtree_range(o) for o in objs], mentions):
                    continue
            start, region = _clause_region(token, None, sent)
            end = region[1]
            found.append(Trigger(kind, start, token.idx, end, sent, token, region=region))
        found.sort(key=lambda t: t.anchor)
        found = _merge_same_occasion(found)
        for trig in found:
            host_ranges, guest_ranges = _role_ranges(trig)
            trig.hosts = _people_in(host_ranges, mentions)
            trig.guests = _people_in(guest_ranges, mentions) - trig.hosts
            trig.people = trig.hosts | trig.guests
            clause = text[trig.region[0] : trig.region[1]]
            trig.group = bool(group_regex().search(clause))
        triggers += found
    return triggers


def _clause_region(verb: Token, noun: Token | None, sent: Span) -> tuple[int, tuple[int, int]]:
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
            if c.i > verb.i and c.dep_ in ("prep", "dobj", "prt", "agent") and (c.dep_ != "prep" or c.lower_ in ("with", "to", "by", "between")):
                end = max(end, c.right_edge.idx + len(c.right_edge.text))
    start = max(start, sent.start_char)
    right = max(end, verb.right_edge.idx + len(verb.right_edge.text))
    return start, (start, min(right, sent.end_char))


def _merge_same_occasion(found: list[Trigger]) -> list[Trigger]:
    # "hosted X for a breakfast meeting", "met ... for talks": the noun names the verb's occasion.
    nouns = [t for t in found if t.verb is not None and t.anchor != t.verb.idx]
    kept = []
    for trig in found:
        if trig.verb is not None and trig.anchor == trig.verb.idx and trig.kind not in ("signing_ceremony",):
            held = next((n for n in nouns if n.verb.i == trig.verb.i and _KIND_FAMILY.get(n.kind, n.kind) != "call" or n.verb.i == trig.verb.i and trig.kind in ("telephone_call", "video_conference")), None)
            if held is not None:
                held.start = min(held.start, trig.start)
                held.region = (min(held.region[0], trig.region[0]), max(held.region[1], trig.region[1]))
                continue
        kept.append(trig)
    found = kept
    merged: list[Trigger] = []
    for trig in found:
        family = _KIND_FAMILY.get(trig.kind, trig.kind)
        same = next((m for m in merged if _KIND_FAMILY.get(m.kind, m.kind) == family and m.sent.start == trig.sent.start), None)
        if same is None:
            merged.append(trig)
            continue
        # Keep the more specific kind: a "call" noun says more than "spoke".
        if same.verb is not None and same.verb.lemma_.lower() in ("meet", "speak") and trig.kind not in ("meeting",):
            same.kind = trig.kind
        same.end = max(same.end, trig.end)
        same.region = (min(same.region[0], trig.region[0]), max(same.region[1], trig.region[1]))
    return merged


_WINDOW_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bJr)(?<!\bSr)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)[.;:]\s|\b(?:to|in order to)\s+(?!the\b|a\b|an\b|his\b|her\b|their\b)[a-z]+\b|,\s+[a-z]+ing\b|\b(?:about|regarding|concerning|including|during which|where|which|who|on the|on a|on how|on their|on his|on her|following|after|before|to discuss|and discussed|and agreed)\b"
)


def object_window(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch after an event word that names who else took part: "... with President X of Y and his spouse"."""
    m = _WINDOW_END.search(text, start, end)
    return start, (m.start() if m else end)


def _participant_ranges(trig: Trigger) -> list[tuple[int, int]]:
    hosts, guests = _role_ranges(trig)
    return hosts + guests


def _role_ranges(trig: Trigger) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where the hosts (the subject) and the guests ("with X", "received X") of an event are named."""
    verb = trig.verb
    if verb is None:
        return [trig.region], []
    ranges = []
    head = verb
    while head.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in head.children):
        head = head.head
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for c in subjects:
        ranges.append(_subtree_range(c))
    if not subjects:
        # The parser lost the subject ("..., President X met with Y"): take what precedes the verb.
        ranges.append((trig.sent.start_char, verb.idx))
    hosts, ranges = ranges, []
    text = doc_text(trig.sent.doc)
    head_end = verb.idx + len(verb.text) if trig.anchor == verb.idx else trig.end
    ranges.append(object_window(text, head_end, trig.sent.end_char))
    for c in verb.children:
        if c.dep_ in ("dobj", "agent", "attr") or (c.dep_ == "prep" and c.lower_ in ("with", "between", "by", "to", "among")):
            ranges.append(_subtree_range(c))
    # "held a summit meeting with H.E. ..." and "talks between A and B" hang the people on the noun.
    noun_span = trig.sent.doc.char_span(trig.anchor, trig.end, alignment_mode="expand")
    if noun_span is not None:
        for c in noun_span.root.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "between", "among", "of", "by"):
                ranges.append(_subtree_range(c))
    guests = [r for r in ranges if not any(h[0] <= r[0] and r[1] <= h[1] for h in hosts)]
    return hosts, guests


class EventFinder(RuleComponent):
    """Events with dates, clock times, durations and participants."""

    rule_files = {"events": EventsRules, "temporal": TemporalRules, "titles": TitlesRules, "countries": CountriesRules, "stances": StancesRules}
    extension = "px_events"

    def compile(self) -> None:
        self.titles = build_titles(self.rules.titles, self.rules.countries)

    def spans_of(self, item: EventItem) -> list[tuple[Offsets, str]]:
        return [(item.span, item.kind)]

    def find(self, doc: Doc) -> list[EventItem]:
        layout = doc._.px_layout
        participants = doc._.px_participants
        triggers = _drop_repeats(find_triggers(doc, participants, layout), doc_text(doc))
        _add_members(doc, triggers, participants, layout)
        events = []
        published = layout.published
        previous_date = None
        narrative = _narrative_dates(doc, layout, published)
        for n, trig in enumerate(triggers):
            # A release told day by day ("On 9 March, ... On 10 March, ...") dates what follows each day.
            told = [d for offset, d in narrative if offset <= trig.anchor]
            event = self._timing(doc, trig, triggers, n, published, told[-1] if told else previous_date)
            previous_date = event.date
            event.hosts = sorted(trig.hosts)
            event.guests = sorted(trig.guests)
            events.append(event)
        # Who meets whom is read from the occasions as the text states them, before group
        # subjects ("the two leaders") widen them to the principals.
        for event, trig in zip(events, triggers):
            event.participants = sorted(trig.people)
        principals = principal_ids(events, participants) or statement_principals(participants, self.titles, opening_of(doc_text(doc), layout))
        for event, trig in zip(events, triggers):
            people = set(trig.people)
            if trig.group or not people:
                people |= set(principals)
            # Spouses come with the person they accompany.
            for idx, person in enumerate(participants):
                if person.spouse_of is not None and any(trig.region[0] <= s < trig.region[1] for s, _ in person.mentions):
                    people.add(idx)
            event.participants = sorted(people, key=lambda i: participants[i].mentions[0][0])
            if event.kind == "meeting":
                event.kind = _meeting_kind(event, participants, trig, self.titles)
        signing = _signature_event(doc_text(doc), layout, participants)
        if signing and not any(e.kind == "signing_ceremony" and e.date == signing.date for e in events):
            events.append(signing)
        return events

    def _timing(self, doc: Doc, trig: Trigger, triggers: list[Trigger], n: int, published, previous_date) -> EventItem:
        text = doc_text(doc)
        sent = trig.sent
        same_sent = [t for t in triggers if t.sent.start == sent.start]
        k = same_sent.index(trig)
        lo = sent.start_char if k == 0 else same_sent[k - 1].end
        hi = sent.end_char if k == len(same_sent) - 1 else same_sent[k + 1].start
        hi = max(hi, trig.end)
        clocks = temporal.find_clock_times(text, lo, hi)
        durations = temporal.find_durations(text, lo, hi)
        # The date of the occasion stands in its own clause ("spoke with X today"), not in a
        # later purpose or background clause ("... following the launch on October 3").
        head_end = trig.verb.idx + len(trig.verb.text) if trig.verb is not None and trig.anchor == trig.verb.idx else trig.end
        core_hi = max(head_end, object_window(text, head_end, hi)[1])
        dates = [d for d in temporal.find_dates(text, lo, hi) if d.start < core_hi]
        start_time = end_time = None
        approximate = False
        if clocks:
            start_time = clocks[0].value
            approximate = clocks[0].approximate
            if len(clocks) > 1 and re.search(r"^\s*(?:to|until|till|and|-|–)\s*$", text[clocks[0].end : clocks[1].start]):
                end_time = clocks[1].value
        duration = None
        if durations:
            duration = durations[0].value
            approximate = approximate or durations[0].approximate
        if end_time is None and start_time and duration is not None:
            end_time = temporal.add_minutes(start_time, duration)
        elif end_time is not None and duration is None:
            duration = temporal.minutes_between(start_time, end_time)
        zone = temporal.time_zone_re().search(text, lo, hi)
        date = None
        if dates:
            date = temporal.date_value(dates[0].value, published)
        if date is None:
            rel = temporal.relative_day_re().search(text, lo, max(core_hi, trig.end))
            if rel:
                date = temporal.shift_date(published, temporal.relative_day(rel.group(0)))
        # An undated occasion happens on the day the release last spoke of ("Following the talks,
        # ...", "He later called on ..."), else on the release date.
        if date is None:
            date = previous_date or published
        span_start = min([trig.start] + [f.start for f in clocks + durations + dates if f.start < trig.anchor])
        floor = lo if k > 0 else sent.start_char
        # A trigger inside the previous one's clause ("Speaking after meeting today with X") starts at its own word.
        span_start = max(span_start, floor) if floor <= trig.anchor else trig.anchor
        span_end = trig.end
        return EventItem(
            kind=trig.kind,
            span=(span_start, span_end),
            date=date,
            start_time=start_time,
            end_time=end_time,
            duration_minutes=duration,
            duration=temporal.iso_duration(duration),
            approximate=approximate,
            time_zone=zone.group(0) if zone else None,
        )


def _signature_event(text: str, layout: LayoutInfo, participants: list[PersonItem]) -> EventItem | None:
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
    return EventItem(kind="signing_ceremony", span=block.span, date=date or layout.published, location=block.place, participants=signers)


def _narrative_dates(doc: Doc, layout: LayoutInfo, published: str | None) -> list[tuple[int, str]]:
    """(offset, date) of sentences that open with a date: "On 10 March, ...", "On Thursday, 8 February 2024, ..."."""
    out = []
    for sent in doc.sents:
        if sent.start_char < layout.body_start:
            continue
        m = re.match(r"\s*(?:\d{1,2}\.\s+)?(?:On|In the (?:morning|afternoon|evening) of|On the (?:morning|afternoon|evening) of)\s+", doc_text(doc)[sent.start_char : sent.start_char + 40])
        if not m:
            continue
        found = temporal.find_dates(doc_text(doc), sent.start_char + m.end(), min(sent.end_char, sent.start_char + m.end() + 40))
        if found and found[0].start == sent.start_char + m.end():
            value = temporal.date_value(found[0].value, published)
            if value:
                out.append((sent.start_char, value))
    return out


def _add_members(doc: Doc, triggers: list[Trigger], participants: list[PersonItem], layout: LayoutInfo) -> None:
    """"The Russian delegation included A and B; ...": the people named join the occasion reported just before."""
    cues = _rules()["member_cues"]
    mentions = _person_at(participants)
    for sent in doc.sents:
        if sent.start_char < layout.body_start or not any(cue in sent.text.lower() for cue in cues):
            continue
        before = [t for t in triggers if t.sent.start_char <= sent.start_char]
        if before:
            before[-1].people |= _people_in([(sent.start_char, sent.end_char)], mentions)


def _drop_repeats(triggers: list[Trigger], text: str) -> list[Trigger]:
    """A later sentence that names an occasion already reported, with no time of its own, is the same occasion."""
    kept: list[Trigger] = []
    for trig in triggers:
        lo, hi = trig.region
        timed = temporal.find_clock_times(text, lo, hi) or temporal.find_durations(text, lo, hi) or temporal.find_dates(text, lo, hi)
        # "The talks then continued with the participation of the delegations": a new phase, a new event.
        timed = timed or any(cue in trig.sent.text.lower() for cue in _rules()["phase_cues"])
        family = _KIND_FAMILY.get(trig.kind, trig.kind)
        same_family = [k for k in kept if _KIND_FAMILY.get(k.kind, k.kind) == family and k.sent.start != trig.sent.start]
        if (trig.definite or trig.reference) and same_family and not (timed and not trig.reference):
            # "the meeting", "Following the talks": the occasion already reported; who joined it joins the event.
            same_family[-1].people |= trig.people
            continue
        earlier = [
            k for k in kept
            if k.kind == trig.kind and k.sent.start != trig.sent.start
            and (trig.kind == "signing_ceremony" or not trig.people or trig.people <= k.people or k.people <= trig.people)
        ]
        if earlier and not timed:
            earlier[-1].people |= trig.people
            continue
        kept.append(trig)
    return kept


def _meeting_kind(event: EventItem, participants: list[PersonItem], trig: Trigger, titles: Titles) -> str:
    people = [participants[i] for i in event.participants if participants[i].spouse_of is None]
    heads = [p for p in people if titles.is_head(p.title)]
    countries = {p.country for p in heads if p.country}
    # Countries may not be settled yet (the sides step runs later): unknown counts as different.
    if len(heads) >= 2 and (len(countries) >= 2 or any(p.country is None for p in heads)):
        return "summit_meeting"
    # A principal named without any title ("Vladimir Putin") beside a foreign head of state.
    untitled = [p for p in people if p.title is None and p.name]
    if len(heads) == 1 and untitled and len(people) == 2:
        return "summit_meeting"
    return "meeting"
