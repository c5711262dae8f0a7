"""Records from processed docs: the one place where ``Doc._`` data becomes a :class:`~pressextract.records.Record`."""

from __future__ import annotations

import dataclasses

from pydantic import BaseModel
from spacy.tokens import Doc

from .extensions import context_of, doc_text
from .keys import person_key
from .records import Event, Instrument, Participant, Position, Record, Relation, Span


def _model(model: type[BaseModel], item, **given):
    """The record model of a component item: fields copied by name, ``given`` for what differs
    (ids, person indexes turned into ids, offsets turned into spans)."""
    values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.name in model.model_fields}
    values.update(given)
    return model(**values)


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def doc_to_record(doc: Doc) -> Record:
    """Assemble the record of a processed doc; its id, source and reading notes come from ``doc._.px_context``."""
    context = context_of(doc)
    text = doc_text(doc)
    layout_data = doc._.px_layout
    persons = doc._.px_participants or []
    found_events = doc._.px_events or []
    found_positions = doc._.px_positions or []
    found_instruments = doc._.px_instruments or []
    # Participants are the people who take part in an event or hold a position, and their spouses.
    taking_part: set[int] = set()
    for e in found_events:
        taking_part |= set(e.participants)
    for p in found_positions:
        taking_part |= set(p.actors)
    for i, person in enumerate(persons):
        if person.spouse_of is not None and person.spouse_of in taking_part and i in taking_part:
            taking_part.add(person.spouse_of)
    kept = sorted(taking_part, key=lambda i: (persons[i].mentions[0][0], i))
    pid = {i: f"p{n + 1}" for n, i in enumerate(kept)}
    participants = []
    for i in kept:
        person = persons[i]
        relation = None
        if person.spouse_of is not None and person.spouse_of in pid:
            relation = Relation(type="spouse", of=pid[person.spouse_of])
        participants.append(_model(
            Participant, person, id=pid[i], relation=relation, mentions=[_span(text, s, e) for s, e in person.mentions],
            person_key=person_key(person.family_name, person.given_name, person.country, person.name),
        ))
    events_out = [
        _model(Event, e, id=f"e{n + 1}", participants=[pid[i] for i in e.participants if i in pid], span=_span(text, *e.span))
        for n, e in enumerate(sorted(found_events, key=lambda e: e.span[0]))
    ]
    instruments_out = [
        _model(Instrument, x, id=f"i{n + 1}", mentions=[_span(text, s, e) for s, e in x.mentions])
        for n, x in enumerate(found_instruments)
    ]
    positions_out = [
        _model(Position, p, id=f"s{n + 1}", actors=[pid[i] for i in p.actors if i in pid], span=_span(text, *p.span))
        for n, p in enumerate(found_positions)
    ]
    title = layout_data.title
    notes = list(context.warnings) + list(doc._.px_warnings or [])
    if layout_data.published is None:
        notes.append("[PX012] no release date found: dates without a year stay unresolved; pass published= or add a dateline")
    return Record(
        doc_id=context.doc_id,
        source=context.source,
        title=text[title[0] : title[1]] if title else None,
        published=layout_data.published,
        countries=sorted({p.country for p in participants if p.country}),
        events=events_out,
        participants=participants,
        instruments=instruments_out,
        positions=positions_out,
        warnings=notes,
    )
