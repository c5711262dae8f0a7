"""Event data for researchers: records as dyadic PLOVER rows.

PLOVER (openeventdata/PLOVER) is the event ontology that replaces CAMEO. Each
event, position and signed document of a record becomes one JSON row with the
manual's field names: who acted (``source``), towards whom (``target``), the
event category and its ``mode``, the date, the evidence (``eventText`` and its
offsets in ``textInfo``) and the release it came from (``citation``: the
doc_id). Actors carry the state as ISO 3166 alpha-3, the sector ``GOV`` and,
for people, the person key (``identifer``, as the manual spells it). Beside
each row, ``cameo`` gives the CAMEO cue category for users of older tools.

How items become rows is data (``models/plover.json``), documented in
``docs/plover.md``:

- meetings, meals and calls are ``CONSULT``; calls and video calls have the
  mode ``phone``; a meeting where three states or more take part is
  ``multilateral``; one in a state only one side represents is a ``visit``
  (the visitors the source, the hosts the target), one in a state no side
  represents is ``third-party``. As the manual says, when no side hosts every
  participant is a source and there is no target;
- a position is coded by its stance (agreed, confirmed, announced: ``AGREE``;
  welcomed: ``SUPPORT``; condemned: ``DISAPPROVE``), or by a word of its verb or
  content (demanded: ``DEMAND``; expressed support or gratitude: ``SUPPORT``);
  statements, discussions and requests have no row, since the manual codes no
  public statements or appeals. Its holders are the source; the target is the
  states its content names, else, when one side holds it, the other side;
- a signed, exchanged or adopted document is ``SUPPORT`` (CAMEO 057, "sign
  formal agreement"), one agreed to be concluded ``AGREE``; the parties' states
  are the source.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .countries import packaged_countries
from .records import EventKind, InstrumentAction, Participant, Record, Stance
from .rules import RuleFile, load_rule_file, models_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Strict):
    """One PLOVER event category as the manual defines it."""

    quad: Optional[int] = Field(ge=1, le=4)
    """Quad category: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    cameo: list[str]
    """The CAMEO cue categories it replaces ("04")."""
    modes: list[str]
    """Its modes; empty when the manual gives none."""


class Coding(_Strict):
    """What an item becomes: a category and its CAMEO cue category."""

    event: str
    cameo: str = Field(pattern=r"^\d\d$")


class EventCoding(Coding):
    """An event kind's coding; ``remote`` kinds (calls) take the mode ``phone``."""

    remote: bool = False


class Override(Coding):
    """Another category for a position of these stances when its verb or content has one of the words."""

    stances: list[Stance]
    verb_words: list[str]
    content_words: list[str]


class Manual(_Strict):
    """The draft of the PLOVER manual the vocabulary is taken from."""

    repository: str
    file: str
    commit: str
    codebook: str


class PloverRules(RuleFile):
    """``models/plover.json``: the manual's vocabulary and field names, and how record items map onto them."""

    manual: Manual
    vocabulary: dict[str, Category]
    fields: list[str]
    actor_fields: list[str]
    text_info_fields: list[str]
    location_fields: list[str]
    extensions: list[str]
    sector: str
    organization_code: str
    events: dict[EventKind, Optional[EventCoding]]
    positions: dict[Stance, Optional[Coding]]
    overrides: list[Override]
    instruments: dict[InstrumentAction, Optional[Coding]]

    @model_validator(mode="after")
    def _consistent(self) -> "PloverRules":
        for name, vocabulary in (("events", EventKind), ("positions", Stance), ("instruments", InstrumentAction)):
            given = {getattr(k, "value", k) for k in getattr(self, name)}
            missing = [v.value for v in vocabulary if v.value not in given]
            if missing:
                raise ValueError(f"{name} has no entry for {', '.join(missing)}: give each a coding or null")
        def named(section: str, mapping: dict) -> list:
            return [(f"{section}.{getattr(k, 'value', k)}", c) for k, c in mapping.items()]

        codings = named("events", self.events) + named("positions", self.positions) + named("instruments", self.instruments)
        codings += [(f"overrides.{n}", c) for n, c in enumerate(self.overrides)]
        for key, coding in codings:
            if coding is None:
                continue
            category = self.vocabulary.get(coding.event)
            if category is None:
                raise ValueError(f"{key}: {coding.event!r} is not a category of the vocabulary")
            if coding.cameo not in category.cameo:
                raise ValueError(f"{key}: CAMEO {coding.cameo} is not a cue category {coding.event} replaces ({', '.join(category.cameo) or 'none'})")
        if any(c and c.remote for c in self.events.values()) and "phone" not in self.vocabulary["CONSULT"].modes:
            raise ValueError("vocabulary.CONSULT: calls need the mode 'phone'")
        return self


@lru_cache(maxsize=None)
def plover_rules() -> PloverRules:
    """``models/plover.json``, validated once per process (a bad file is one PX011 error naming the key)."""
    return load_rule_file(models_dir() / "plover.json", PloverRules)


@lru_cache(maxsize=None)
def alpha3(code: str) -> Optional[str]:
    """ISO 3166-1 alpha-3 of an alpha-2 code ("JP" -> "JPN"); None for a code pycountry does not know."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    return country.alpha_3 if country else None


def _person(p: Participant) -> Optional[dict]:
    rules = plover_rules()
    code = alpha3(p.country) if p.country else (rules.organization_code if p.organization else None)
    if code is None:
        return None
    actor: dict = {"code": code}
    if p.country:
        actor["sector"] = rules.sector
    if p.person_key:
        actor["identifer"] = p.person_key
    text = p.mentions[0].text if p.mentions else p.name
    if text:
        actor["actorText"] = text
    if p.title:
        actor["office"] = p.title
    return actor


def _state(country: str) -> Optional[dict]:
    code = alpha3(country)
    return {"code": code, "sector": plover_rules().sector} if code else None


def _actors(items: Iterable[Optional[dict]]) -> list[dict]:
    out, seen = [], set()
    for actor in items:
        if actor is None:
            continue
        key = (actor["code"], actor.get("identifer"), actor.get("actorText") if "identifer" not in actor else None)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def _base(record: Record, item_id: str, coding: Coding, date: str, text: str, start: int, end: int) -> dict:
    rules = plover_rules()
    return {
        "id": f"{record.doc_id}-{item_id}",
        "date": date,
        "event": coding.event,
        "quadCode": rules.vocabulary[coding.event].quad,
        "eventText": text,
        "textInfo": {"start": start, "end": end},
        "citation": record.doc_id,
        "codebook": rules.manual.codebook,
        "cameo": coding.cameo,
    }


def _record_date(record: Record) -> Optional[str]:
    dated = [e for e in sorted(record.events, key=lambda e: e.span.start) if e.date]
    return dated[0].date if dated else record.published


def _event_rows(record: Record, people: dict[str, Participant]) -> Iterator[dict]:
    rules = plover_rules()
    for event in record.events:
        coding = rules.events.get(event.kind)
        if coding is None or not event.date:
            continue
        taking_part = [people[p] for p in event.participants if p in people]
        states = {p.country for p in taking_part if p.country}
        named_states = {code for _, _, code in packaged_countries().find(event.location)} if event.location else set()
        modes, source, target = [], taking_part, []
        if coding.remote:
            modes.append("phone")
        else:
            hosts = named_states & states
            if hosts and states - hosts:
                modes.append("visit")
                source = [p for p in taking_part if p.country not in hosts]
                target = [p for p in taking_part if p.country in hosts]
            elif named_states and not hosts:
                modes.append("third-party")
            if len(states) >= 3:
                modes.append("multilateral")
        source_actors = _actors(_person(p) for p in source)
        if not source_actors:
            continue
        row = _base(record, event.id, coding, event.date, event.span.text, event.span.start, event.span.end)
        row.update({"source": source_actors, "target": _actors(_person(p) for p in target), "mode": _manual_order(modes)})
        if event.start_time:
            row["time"] = event.start_time
        if event.end_time:
            row["enddate"] = event.date
            row["endtime"] = event.end_time
        if event.location:
            row["eventLoc"] = {"name": event.location}
        yield row


def _manual_order(modes: list[str]) -> list[str]:
    order = plover_rules().vocabulary["CONSULT"].modes
    return sorted(set(modes), key=order.index)


def _has_word(text: Optional[str], words: list[str]) -> bool:
    return bool(text and words and re.search(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", text, re.IGNORECASE))


def position_coding(stance: str, verb: Optional[str], content: str) -> Optional[Coding]:
    """The category of a position: the first override its verb or content words call for, else its stance's; None when it has no row."""
    rules = plover_rules()
    for override in rules.overrides:
        if stance in override.stances and (_has_word(verb, override.verb_words) or _has_word(content, override.content_words)):
            return override
    return rules.positions.get(stance)


def _named_states(content: str, own: set[str]) -> list[str]:
    """The states a position's content names, other than its holders': the doers when some are marked
    as doers ("Russia's war against Ukraine", "launches by the DPRK"), else all of them."""
    # Typographic apostrophes as straight ones (same length): the country names are written with "'".
    found = [(start, end, code) for start, end, code in packaged_countries().find(content.replace("’", "'")) if code not in own]
    doers = [code for start, end, code in found
             if re.match(r"['’]s\b", content[end:end + 3]) or re.search(r"\bby\s+(?:the\s+)?$", content[max(0, start - 8):start])]
    return list(dict.fromkeys(doers or [code for _, _, code in found]))


def _position_rows(record: Record, people: dict[str, Participant], date: Optional[str]) -> Iterator[dict]:
    if not date:
        return
    principals = [people[p] for e in record.events for p in e.participants if p in people]
    for position in record.positions:
        coding = position_coding(position.stance, position.verb, position.content)
        if coding is None:
            continue
        holders = [people[a] for a in position.actors if a in people]
        source = _actors(_person(p) for p in holders)
        if not source:
            continue
        own_states = {p.country for p in holders if p.country}
        named = _named_states(position.content, own_states)
        if named:
            target = _actors(_state(code) for code in named)
        elif not position.joint:
            others = [p for p in principals if p.id not in position.actors and (not p.country or p.country not in own_states)]
            target = _actors(_person(p) for p in others)
        else:
            target = []
        row = _base(record, position.id, coding, date, position.span.text, position.span.start, position.span.end)
        row.update({"source": source, "target": target, "mode": []})
        yield row


def _instrument_rows(record: Record, date: Optional[str]) -> Iterator[dict]:
    rules = plover_rules()
    signing = next((e.date for e in record.events if e.kind == "signing_ceremony" and e.date), None)
    for instrument in record.instruments:
        coding = rules.instruments.get(instrument.action)
        when = signing or date
        if coding is None or not when or not instrument.mentions:
            continue
        source = _actors(_state(c) for c in instrument.countries)
        if not source:
            continue
        first = instrument.mentions[0]
        row = _base(record, instrument.id, coding, when, first.text, first.start, first.end)
        row.update({"source": source, "target": [], "mode": []})
        yield row


def _in_manual_order(row: dict) -> dict:
    rules = plover_rules()
    order = {name: n for n, name in enumerate(rules.fields + rules.extensions)}
    return dict(sorted(row.items(), key=lambda item: order[item[0]]))


def record_rows(record: Record | dict) -> list[dict]:
    """The PLOVER rows of one record: its events, then its positions, then its documents, in text order."""
    record = record if isinstance(record, Record) else Record.model_validate(record)
    # Spouses accompany; they do not act for a government.
    people = {p.id: p for p in record.participants if p.relation is None}
    date = _record_date(record)
    rows = list(_event_rows(record, people))
    rows += _position_rows(record, people, date)
    rows += _instrument_rows(record, date)
    return [_in_manual_order(row) for row in rows]


def plover_rows(records: Iterable[Record | dict]) -> list[dict]:
    """PLOVER rows of many records (or their JSON dicts), record by record.

    Each row is a dict with the manual's field names (``id``, ``date``,
    ``source``, ``target``, ``event``, ``mode``, ``quadCode``, ``eventText``,
    ``textInfo``, ``citation``, ...) and ``cameo``; write one per line for the
    manual's JSONL.
    """
    return [row for record in records for row in record_rows(record)]
