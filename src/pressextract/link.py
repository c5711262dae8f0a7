"""Occasions: the events of different releases that report one meeting or call, and their readouts side by side.

Governments publish their own readouts of the same call or summit. ``link``
groups the events of different records into occasions and compares what each
side's readout says:

1. Two events can be one occasion when their kinds are of one family
   (``talks``: meetings, calls, video calls; ``meal``; ...) and their dates are
   at most a day apart (time zones, a readout posted after midnight).
2. Their principals (the events' participants) are matched person to person:
   by person key, by the key's core (family name and country) when a release
   gives no given name, by the full name when one release misreads a country,
   and an unnamed "President of Egypt" by title and country.
3. The events link when a principal matches and no side is contradicted: a
   country both name with no person in common ("Sullivan" against "Blinken")
   is a conflict, and so is a side only one event has, beyond what a large
   multilateral meeting allows ("Biden-Zelenskyy" against "Biden-Bennett":
   one leader's two calls on one day stay two). Events naming the same
   gathering ("East Asia Summit", "G7") link without a common principal,
   since each side's readout names its own leader.
4. Events are grouped by their strongest links first; two groups merge only
   when no pair across them conflicts, and events of one release only when
   they link themselves (a release's two calls stay two occasions).

Every occasion of two releases or more becomes an :class:`Occasion`: its
events, the merged participants (person keys completed across the archive,
see :func:`pressextract.keys.canonical_keys`), and the positions by
publisher: which positions each side reports, the pairs that say the same
thing (same stance, or stances of one group, and overlapping content words or
the same topic) and what only one side reports.

The decisions' vocabularies and thresholds live in ``models/link.json``.
Nothing here renders: the report and notebooks show an :class:`Occasion`.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from typing import Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field

from .countries import packaged_countries
from .errors import BadArgumentError
from .keys import KeyParts, canonical_keys, participant_parts, slug
from .records import Event, EventKind, Record, Span, Stance
from .rules import RuleFile, load_rule_file, models_dir


class LinkRules(RuleFile):
    """``models/link.json``: what can be one occasion and when two positions say the same thing."""

    kind_families: dict[str, list[EventKind]]
    """Kinds that can name one occasion in different readouts; a kind in no family is never linked."""
    kind_order: list[EventKind]
    """An occasion's kind is the first of its events' kinds in this order."""
    max_days_apart: int = Field(ge=0)
    """Readouts this many days apart can report one occasion (time zones, late posting)."""
    occasion_heads: list[str]
    """Nouns that end the name of a gathering ("Summit")."""
    group_names: list[str]
    """Groups named alone for their meeting ("G7")."""
    stance_groups: list[list[Stance]]
    """Stances that count as one when comparing positions."""
    min_shared_words: int = Field(ge=1)
    """Content words two positions must share to say the same thing."""
    min_dice: float = Field(ge=0, le=1)
    """And the share of their content words that must be common (Dice)."""
    stopwords: list[str]
    """Words that never count as content."""


@lru_cache(maxsize=None)
def link_rules() -> LinkRules:
    """The rules of ``models/link.json``, validated once per process (a bad file is one PX011 error naming the key)."""
    return load_rule_file(models_dir() / "link.json", LinkRules)


# ---------------------------------------------------------------------------
# The output: occasions, as pydantic models the report and notebooks render.


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, use_enum_values=True)


class EventRef(_Out):
    """One event of one record."""

    doc_id: str
    """The record's doc_id."""
    event_id: str
    """The event's id in that record ("e1")."""


class ParticipantRef(_Out):
    """One participant of one record."""

    doc_id: str
    """The record's doc_id."""
    participant_id: str
    """The participant's id in that record ("p2")."""


class OccasionParticipant(_Out):
    """One person of the occasion, merged over the readouts that name them."""

    person_key: Optional[str] = None
    """The person key, completed across the archive ("kishida-fumio-jp"); null for an unnamed person."""
    name: Optional[str] = None
    """The fullest name the readouts give."""
    title: Optional[str] = None
    """The office most readouts give."""
    country: Optional[str] = None
    """ISO alpha-2 of the state the person represents, as most readouts read it."""
    organization: Optional[str] = None
    """For people of an organisation rather than a state."""
    mentions: list[ParticipantRef] = Field(default_factory=list)
    """The participant in each record that names them."""


class PositionRef(_Out):
    """One position of one record."""

    doc_id: str
    """The record's doc_id."""
    position_id: str
    """The position's id in that record ("s3")."""


class ReportedPosition(_Out):
    """A position as one readout reports it."""

    doc_id: str
    """The record's doc_id."""
    position_id: str
    """The position's id in that record."""
    stance: Stance
    """The kind of stance (agree, confirm, welcome, ...)."""
    verb: Optional[str] = None
    """The verb as written."""
    holders: list[str] = Field(default_factory=list)
    """Person keys of who holds it (names when a holder has no key)."""
    actor_text: Optional[str] = None
    """The holder as written ("The two leaders")."""
    joint: bool = False
    """True when every side's principal holds it."""
    content: str = ""
    """What is agreed or stated."""
    topic: Optional[str] = None
    """A short label, when the record gives one."""
    span: Span
    """The clause in the record's document."""


class PublisherSide(_Out):
    """What one government's readouts of the occasion report."""

    publisher: Optional[str] = None
    """ISO alpha-2 of the government whose readouts these are: the country of the person the event clause is about ("President Biden spoke with ..."); null when it cannot be told (a first-person address), and then the side is one readout."""
    documents: list[str] = Field(default_factory=list)
    """The readouts (doc_ids) of this side."""
    positions: list[ReportedPosition] = Field(default_factory=list)
    """Every position these readouts report about the occasion, in document order."""
    only_here: list[PositionRef] = Field(default_factory=list)
    """The positions no other side reports."""


class SamePosition(_Out):
    """Two sides reporting the same thing."""

    stance: Stance
    """The stance of the first side's position."""
    positions: list[PositionRef]
    """The two positions, one per side, in side order."""
    shared_words: list[str] = Field(default_factory=list)
    """The content words both state (stemmed, sorted)."""
    topic: Optional[str] = None
    """The topic both give, when they give the same."""


class Comparison(_Out):
    """The occasion's positions by publisher."""

    sides: list[PublisherSide] = Field(default_factory=list)
    """One entry per publisher, in the order of their first document."""
    same: list[SamePosition] = Field(default_factory=list)
    """Pairs of positions of different sides that say the same thing."""


class Occasion(_Out):
    """One meeting, call or summit, as several releases report it."""

    occasion_id: str
    """Stable id: the date, principals' family names and a hash of the events ("2022-02-13-biden-zelenskyy-3f9a1c")."""
    kind: EventKind
    """The most specific kind the readouts give (a "call" over a "meeting")."""
    date: str
    """"YYYY-MM-DD": the date most readouts give, the earliest on a tie."""
    documents: list[str]
    """The doc_ids it joins, sorted."""
    events: list[EventRef]
    """The events it joins, by document then event."""
    participants: list[OccasionParticipant] = Field(default_factory=list)
    """The principals, merged across readouts."""
    positions: Comparison = Field(default_factory=Comparison)
    """Side by side: what each publisher reports, what they share, what only one reports."""


# ---------------------------------------------------------------------------
# Linking.


@dataclass
class _Principal:
    pid: str
    parts: Optional[KeyParts]
    key: Optional[str]
    country: Optional[str]
    title: Optional[str]


@dataclass
class _Ev:
    n: int
    doc: int
    record: Record
    event: Event
    day: Date
    family: str
    principals: list[_Principal]
    names: frozenset = field(default_factory=frozenset)


def _as_record(item) -> Record:
    return item if isinstance(item, Record) else Record.model_validate(item)


def _norm_title(title: Optional[str]) -> Optional[str]:
    return slug(title) if title else None


@lru_cache(maxsize=None)
def _name_patterns() -> tuple[re.Pattern, re.Pattern]:
    rules = link_rules()
    heads = "|".join(re.escape(h) for h in rules.occasion_heads)
    word = r"(?:[A-Z][\w’'.&-]*|of|the|and|on|for|\d+(?:st|nd|rd|th)?)"
    named = re.compile(rf"(?<![\w-])((?:{word}[ \-]+){{1,8}}?(?:{heads}))\b(?:\s*\(([A-Z][A-Za-z0-9]{{1,9}})\))?")
    groups = re.compile(r"(?<![\w-])(" + "|".join(re.escape(g) for g in rules.group_names) + r")(?![\w-])")
    return named, groups


def _occasion_names(text: str) -> frozenset:
    """The gatherings an event clause names, folded: "The 2021 East Asia Summit (EAS)" -> {"east-asia-summit", "eas"}."""
    named, groups = _name_patterns()
    out = set()
    for m in named.finditer(text):
        words = [w for w in re.split(r"[ \-]+", m.group(1)) if w]
        while words and (words[0].lower() in ("the", "of", "and", "on", "for") or re.fullmatch(r"\d+(?:st|nd|rd|th)?", words[0]) or words[0].lower() == "annual"):
            words.pop(0)
        if len(words) >= 2:
            out.add(slug(" ".join(words)))
        if m.group(2):
            out.add(slug(m.group(2)))
    out |= {slug(m.group(1)) for m in groups.finditer(text)}
    return frozenset(out)


def _family_of(kind: str) -> Optional[str]:
    for family, kinds in link_rules().kind_families.items():
        if kind in kinds:
            return family
    return None


def _collect(records: list[Record]) -> list[_Ev]:
    canon = canonical_keys(p for r in records for p in r.participants)
    events: list[_Ev] = []
    for d, record in enumerate(records):
        people = {p.id: p for p in record.participants}
        for event in record.events:
            family = _family_of(event.kind)
            if family is None or event.date is None:
                continue
            principals = []
            for pid in event.participants:
                p = people.get(pid)
                if p is None:
                    continue
                parts = participant_parts(p)
                key = canon.get(parts.key, parts.key) if parts else None
                principals.append(_Principal(pid, parts, key, p.country, _norm_title(p.title)))
            events.append(_Ev(len(events), d, record, event, Date.fromisoformat(event.date), family, principals, _occasion_names(event.span.text)))
    # A headline names the gathering of a release's one event of a family ("Speech at the video conference of the G7 leaders").
    for d, record in enumerate(records):
        own = [e for e in events if e.doc == d]
        for family in {e.family for e in own}:
            of_family = [e for e in own if e.family == family]
            if len(of_family) == 1 and record.title:
                of_family[0].names = of_family[0].names | _occasion_names(record.title)
    return events


def _same_office(a: Optional[str], b: Optional[str]) -> bool:
    """One title's words are all in the other ("chancellor" in "federal-chancellor")."""
    if not a or not b:
        return False
    wa, wb = set(a.split("-")), set(b.split("-"))
    return wa <= wb or wb <= wa


def _strength(p: _Principal, q: _Principal) -> int:
    """3: the same person key; 2: the same core; 1: the same full name in two countries, or an unnamed person of the same office and country; 0: not the same person."""
    if p.parts and q.parts:
        if p.key == q.key:
            return 3
        if p.parts.family != q.parts.family:
            return 0
        givens_agree = not p.parts.given or not q.parts.given or p.parts.given == q.parts.given
        if givens_agree and (p.parts.country == q.parts.country or not p.parts.country or not q.parts.country):
            return 2
        if p.parts.given and p.parts.given == q.parts.given:
            return 1  # the full name agrees: one release misread the country
        return 0
    if (p.parts is None or q.parts is None) and p.country and p.country == q.country and _same_office(p.title, q.title):
        return 1
    return 0


def _match(a: list[_Principal], b: list[_Principal]) -> list[tuple[int, int]]:
    """One-to-one matching of two events' principals, strongest first."""
    candidates = sorted(((-s, i, j) for i, p in enumerate(a) for j, q in enumerate(b) if (s := _strength(p, q))))
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


LINK, NEUTRAL, CONFLICT = "link", "neutral", "conflict"


def _relation(a: _Ev, b: _Ev) -> tuple[str, tuple]:
    """Whether two events are one occasion (link), cannot be (conflict), or the records cannot tell (neutral); and the link's strength."""
    rules = link_rules()
    days = abs((a.day - b.day).days)
    if a.family != b.family or days > rules.max_days_apart:
        return CONFLICT, ()
    pairs = _match(a.principals, b.principals)
    covered = {c for i, j in pairs for c in (a.principals[i].country, b.principals[j].country) if c}
    countries_a = {p.country for p in a.principals if p.country}
    countries_b = {p.country for p in b.principals if p.country}
    matched_a, matched_b = {i for i, _ in pairs}, {j for _, j in pairs}
    unmatched_a = [p for i, p in enumerate(a.principals) if i not in matched_a]
    unmatched_b = [p for j, p in enumerate(b.principals) if j not in matched_b]
    hard, extra = False, set()
    for unmatched, other in ((unmatched_a, unmatched_b), (unmatched_b, unmatched_a)):
        for p in unmatched:
            if not p.country or p.country in covered:
                continue  # a delegation member of a side already matched, or a person of no known state
            same_state = [q for q in other if q.country == p.country]
            if not same_state:
                if p.country not in (countries_b if unmatched is unmatched_a else countries_a):
                    extra.add(p.country)
            elif p.parts is not None and all(q.parts is not None for q in same_state):
                hard = True  # both name this country's people, and none of them in common
    named = bool(a.names & b.names)
    if a.names and b.names and not named:
        return CONFLICT, ()  # two gatherings of different names
    strength = (int(named), len(pairs), -days)
    if hard:
        return CONFLICT, strength
    if named:
        return LINK, strength
    if pairs:
        # A side only one readout has: a large multilateral meeting may leave some out, a bilateral call may not.
        return (LINK if len(extra) <= max(0, len(covered) - 2) else CONFLICT), strength
    return NEUTRAL, strength


def _cluster(events: list[_Ev]) -> list[list[_Ev]]:
    relations: dict[tuple[int, int], str] = {}
    edges = []
    for a, b in itertools.combinations(events, 2):
        relation, strength = _relation(a, b)
        relations[(a.n, b.n)] = relation
        if relation == LINK and a.doc != b.doc:
            edges.append((tuple(-x for x in strength), a.n, b.n))
    owner = {e.n: e.n for e in events}
    members = {e.n: [e] for e in events}
    for _, i, j in sorted(edges):
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        fits = True
        for x, y in itertools.product(members[ci], members[cj]):
            relation = relations[(min(x.n, y.n), max(x.n, y.n))]
            if relation == CONFLICT or (x.doc == y.doc and relation != LINK):
                fits = False
                break
        if not fits:
            continue
        members[ci].extend(members.pop(cj))
        for e in members[ci]:
            owner[e.n] = ci
    return [sorted(group, key=lambda e: e.n) for group in members.values()]


# ---------------------------------------------------------------------------
# Building an occasion.


def _merge_people(group: list[_Ev], archive: Counter) -> list[OccasionParticipant]:
    nodes = [(e, p) for e in group for p in e.principals]
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    offsets, start = {}, 0
    for e in group:
        offsets[e.n] = start
        start += len(e.principals)
    for a, b in itertools.combinations(group, 2):
        same_doc = a.doc == b.doc
        for i, j in _match(a.principals, b.principals):
            if same_doc and a.principals[i].pid != b.principals[j].pid:
                continue
            parent[find(offsets[a.n] + i)] = find(offsets[b.n] + j)
    for a, b in itertools.combinations(group, 2):
        if a.doc == b.doc:  # the same participant of one record in two of its events
            for i, p in enumerate(a.principals):
                for j, q in enumerate(b.principals):
                    if p.pid == q.pid:
                        parent[find(offsets[a.n] + i)] = find(offsets[b.n] + j)
    groups: dict[int, list[tuple[_Ev, _Principal]]] = {}
    for n, node in enumerate(nodes):
        groups.setdefault(find(n), []).append(node)
    out = []
    for nodes_of in groups.values():
        refs = sorted({(e.record.doc_id, p.pid) for e, p in nodes_of})
        people = [next(x for x in e.record.participants if x.id == p.pid) for e, p in nodes_of]
        keys = [p.key for _, p in nodes_of if p.key]
        full = [p.key for _, p in nodes_of if p.key and p.parts and p.parts.given]
        # The reading most of these readouts give; on a tie the one most of the archive gives.
        key = _most_common(full or keys, archive)
        key_country = next((p.parts.country for _, p in nodes_of if p.key == key and p.parts and p.parts.country), None)
        names = sorted({x.name for x in people if x.name}, key=lambda s: (-len(s), s))
        out.append(OccasionParticipant(
            person_key=key,
            name=names[0] if names else None,
            title=_most_common([x.title for x in people if x.title]),
            country=key_country.upper() if key_country else _most_common([x.country for x in people if x.country]),
            organization=_most_common([x.organization for x in people if x.organization]),
            mentions=[ParticipantRef(doc_id=d, participant_id=p) for d, p in refs],
        ))
    return sorted(out, key=lambda p: (p.mentions[0].doc_id, _pid_order(p.mentions[0].participant_id)))


def _pid_order(pid: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", pid)
    return (int(digits) if digits else 0, pid)


def _most_common(values: list, archive: Counter | None = None) -> Optional[str]:
    if not values:
        return None
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], -(archive or Counter())[v], v))


def _publisher(events: list[_Ev], countries: dict[tuple[str, str], Optional[str]]) -> Optional[str]:
    """The country of the person the first event clause is about: readouts are written from their government's side.

    The country is the one the occasion's merged participant carries, so one
    release's misread country does not misplace its readout.
    """
    first = min(events, key=lambda e: e.event.span.start)
    span = first.event.span
    record = first.record
    mentions = sorted(
        (m.start, p.id, p.country) for p in record.participants for m in p.mentions if span.start <= m.start < span.end
    )
    if not mentions:
        return None
    start, pid, country = mentions[0]
    if re.search(r"\b(?:I|We|we)\b", span.text[: start - span.start]):
        return None  # a first-person address: the speaker is not among the named
    return countries.get((record.doc_id, pid), country)


def _positions_of(record: Record, event_ids: set[str]) -> list:
    """The record's positions about these events: all of them when the record reports nothing else, else those between these events and the next other one."""
    ordered = sorted(record.events, key=lambda e: e.span.start)
    if all(e.id in event_ids for e in ordered):
        return list(record.positions)
    segments = []
    for n, e in enumerate(ordered):
        if e.id not in event_ids:
            continue
        end = next((o.span.start for o in ordered[n + 1:] if o.id not in event_ids), None)
        segments.append((e.span.start, end))
    return [s for s in record.positions if any(s.span.start >= a and (b is None or s.span.start < b) for a, b in segments)]


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[0-9][0-9,.$]*[0-9]")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset:
    """The content words of a position, lower-cased and stemmed, without stopwords and country names.

    Country names and demonyms go: both readouts of a US-Ukraine call speak of
    "the United States" and "Ukraine", which says nothing about whether two
    positions say the same thing.
    """
    stop = set(link_rules().stopwords)
    for start, end, _ in reversed(packaged_countries().find(text.replace("’", "'"))):
        text = text[:start] + " " * (end - start) + text[end:]
    words = set()
    for w in _WORD.findall(text):
        w = re.sub(r"['’]s$", "", w.lower())
        if w in stop or len(w) < 3:
            continue
        words.add(_stem(w))
    return frozenset(words)


def _stance_group(stance: str) -> str:
    for group in link_rules().stance_groups:
        if stance in group:
            return group[0]
    return stance


def _key_of(participant) -> Optional[str]:
    parts = participant_parts(participant)
    return parts.key if parts else None


def _holders(record: Record, actors: list[str], canon: dict[str, str]) -> list[str]:
    people = {p.id: p for p in record.participants}
    out = []
    for a in actors:
        p = people.get(a)
        if p is None:
            continue
        key = p.person_key or _key_of(p)
        key = canon.get(key, key) if key else None
        out.append(key or p.name or p.title or a)
    return out


def _compare(group: list[_Ev], canon: dict[str, str], participants: list[OccasionParticipant]) -> Comparison:
    rules = link_rules()
    by_doc: dict[int, list[_Ev]] = {}
    for e in group:
        by_doc.setdefault(e.doc, []).append(e)
    countries = {(m.doc_id, m.participant_id): p.country for p in participants for m in p.mentions}
    sides: dict[str, PublisherSide] = {}
    words: dict[tuple[str, str], frozenset] = {}
    for doc in sorted(by_doc, key=lambda d: by_doc[d][0].record.doc_id):
        record = by_doc[doc][0].record
        publisher = _publisher(by_doc[doc], countries)
        label = publisher or f"doc:{record.doc_id}"
        side = sides.setdefault(label, PublisherSide(publisher=publisher))
        side.documents.append(record.doc_id)
        for s in _positions_of(record, {e.event.id for e in by_doc[doc]}):
            side.positions.append(ReportedPosition(
                doc_id=record.doc_id, position_id=s.id, stance=s.stance, verb=s.verb,
                holders=_holders(record, s.actors, canon), actor_text=s.actor_text, joint=s.joint,
                content=s.content, topic=s.topic, span=s.span,
            ))
            words[(record.doc_id, s.id)] = content_words(s.content or s.span.text)
    ordered = list(sides.values())
    same: list[SamePosition] = []
    paired: set[tuple[str, str]] = set()
    for x, y in itertools.combinations(range(len(ordered)), 2):
        candidates = []
        for p in ordered[x].positions:
            for q in ordered[y].positions:
                if _stance_group(p.stance) != _stance_group(q.stance):
                    continue
                wp, wq = words[(p.doc_id, p.position_id)], words[(q.doc_id, q.position_id)]
                shared = wp & wq
                dice = 2 * len(shared) / (len(wp) + len(wq)) if wp or wq else 0.0
                same_topic = _same_topic(p.topic, q.topic)
                if same_topic or (len(shared) >= rules.min_shared_words and dice >= rules.min_dice):
                    candidates.append((-int(same_topic), -dice, -len(shared), p.doc_id, _pid_order(p.position_id), q.doc_id, _pid_order(q.position_id), p, q, shared, same_topic))
        used = set()
        for *_, p, q, shared, same_topic in sorted(candidates, key=lambda c: c[:7]):
            ref_p, ref_q = (p.doc_id, p.position_id), (q.doc_id, q.position_id)
            if ref_p in used or ref_q in used:
                continue
            used |= {ref_p, ref_q}
            paired |= {ref_p, ref_q}
            same.append(SamePosition(
                stance=p.stance, shared_words=sorted(shared), topic=p.topic if same_topic else None,
                positions=[PositionRef(doc_id=p.doc_id, position_id=p.position_id), PositionRef(doc_id=q.doc_id, position_id=q.position_id)],
            ))
    for side in ordered:
        side.only_here = [PositionRef(doc_id=p.doc_id, position_id=p.position_id) for p in side.positions if (p.doc_id, p.position_id) not in paired]
    return Comparison(sides=ordered, same=same)


def _same_topic(a: Optional[str], b: Optional[str]) -> bool:
    """Both positions give one topic, and it is a subject, not one of the parties ("Ukraine")."""
    return bool(a and b and a.lower() == b.lower() and packaged_countries().lookup(a) is None)


def _occasion(group: list[_Ev], canon: dict[str, str], archive: Counter) -> Occasion:
    rules = link_rules()
    docs = sorted({e.record.doc_id for e in group})
    refs = sorted(((e.record.doc_id, e.event.id) for e in group), key=lambda r: (r[0], _pid_order(r[1])))
    kinds = {e.event.kind for e in group}
    kind = next(k for k in list(rules.kind_order) + sorted(kinds) if k in kinds)
    counts = Counter(e.event.date for e in group)
    best = max(counts.values())
    day = min(d for d, n in counts.items() if n == best)
    participants = _merge_people(group, archive)
    families = sorted({p.parts.family for e in group for p in e.principals if p.parts})
    label = "-".join(families[:3])
    digest = hashlib.sha1("|".join(f"{d}/{e}" for d, e in refs).encode()).hexdigest()[:6]
    occasion_id = "-".join(x for x in (day, label, digest) if x)
    return Occasion(
        occasion_id=occasion_id, kind=kind, date=day, documents=docs,
        events=[EventRef(doc_id=d, event_id=e) for d, e in refs],
        participants=participants, positions=_compare(group, canon, participants),
    )


def link(records: Iterable[Record | dict]) -> list[Occasion]:
    """The occasions two records or more report, from records (or their JSON dicts), in date order.

    Each :class:`Occasion` joins events of different records that are one
    meeting, call or summit, merges their participants and sets their
    positions side by side by publisher. A record's events that belong to no
    such occasion are left out.
    """
    records = [_as_record(r) for r in records]
    seen: dict[str, int] = {}
    for n, r in enumerate(records):
        if r.doc_id in seen:
            raise BadArgumentError(f"records {seen[r.doc_id] + 1} and {n + 1} have the same doc_id {r.doc_id!r}: give each document its own id")
        seen[r.doc_id] = n
    canon = canonical_keys(p for r in records for p in r.participants)
    archive = Counter(canon.get(k, k) for r in records for p in r.participants if (k := _key_of(p)))
    occasions = [
        _occasion(group, canon, archive)
        for group in _cluster(_collect(records))
        if len({e.doc for e in group}) >= 2
    ]
    return sorted(occasions, key=lambda o: (o.date, o.documents, o.occasion_id))


# ---------------------------------------------------------------------------
# Measuring links against known clusters.


@dataclass
class LinkScore:
    """Pairwise link quality: a pair of documents counts when they share an occasion."""

    precision: float
    recall: float
    predicted: int
    gold: int
    correct: int
    missed: list[tuple[str, str]]
    extra: list[tuple[str, str]]

    def summary(self) -> str:
        return (f"pairwise precision {self.precision:.3f} ({self.correct}/{self.predicted}), "
                f"recall {self.recall:.3f} ({self.correct}/{self.gold})")


def document_pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """Every unordered pair of documents that share a group."""
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(sorted(set(g)), 2)}


def score_links(occasions: Iterable[Occasion], clusters: Iterable[Iterable[str]], documents: Iterable[str] | None = None) -> LinkScore:
    """Pairwise precision and recall of ``occasions`` against gold ``clusters`` (lists of doc_ids).

    With ``documents``, gold pairs are restricted to those documents (the ones that were linked).
    """
    gold = document_pairs(clusters)
    if documents is not None:
        known = set(documents)
        gold = {p for p in gold if p[0] in known and p[1] in known}
    predicted = document_pairs(o.documents for o in occasions)
    correct = predicted & gold
    return LinkScore(
        precision=len(correct) / len(predicted) if predicted else 1.0,
        recall=len(correct) / len(gold) if gold else 1.0,
        predicted=len(predicted), gold=len(gold), correct=len(correct),
        missed=sorted(gold - predicted), extra=sorted(predicted - gold),
    )
