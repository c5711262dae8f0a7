"""Every pressextract pipeline component, registered with spaCy in one place.

Each factory's ``default_config`` is complete: a component built from a config
file gets the same settings as one built here. ``rules`` is a folder of rule
files (default: the packaged ``models/rules``); ``spans_key`` is the
``doc.spans`` group the component writes. The factories are also exposed
through the ``spacy_factories`` entry point, so a pipeline saved with
``nlp.to_disk()`` loads with plain ``spacy.load()``.
"""

from __future__ import annotations

from spacy.language import Language

from .events import EventFinder
from .instruments import InstrumentFinder
from .layout import Layout, SentenceBreaks
from .people import PeopleFinder
from .sides import SideFinder
from .positions import PositionFinder


@Language.factory("px_sentences", assigns=["token.is_sent_start"], default_config={"rules": None, "short_line": 60})
def make_sentences(nlp: Language, name: str, rules: str | None, short_line: int) -> SentenceBreaks:
    """``short_line``: a line shorter than this (a heading) ends its sentence when a capital follows."""
    return SentenceBreaks(nlp, name, rules=rules, short_line=short_line)


@Language.factory("px_layout", assigns=["doc._.px_layout"], default_config={"rules": None, "dateline_lines": 20})
def make_layout(nlp: Language, name: str, rules: str | None, dateline_lines: int) -> Layout:
    return Layout(nlp, name, rules=rules, dateline_lines=dateline_lines)


@Language.factory(
    "px_people", assigns=["doc._.px_participants", "doc.spans"], requires=["doc._.px_layout"],
    default_config={"rules": None, "spans_key": "px_people", "spouse_window": 200},
)
def make_people(nlp: Language, name: str, rules: str | None, spans_key: str, spouse_window: int) -> PeopleFinder:
    return PeopleFinder(nlp, name, rules=rules, spans_key=spans_key, spouse_window=spouse_window)


@Language.factory(
    "px_events", assigns=["doc._.px_events", "doc.spans"], requires=["doc._.px_layout", "doc._.px_participants"],
    default_config={
        "rules": None, "spans_key": "px_events", "cue_window": 40, "signing_tail": 80, "phone_header": 200,
        "prep_reach": 60, "narrative_lead": 40, "hedge_window": 24, "lead_window": 30, "clock_lead_window": 8,
    },
)
def make_events(
    nlp: Language, name: str, rules: str | None, spans_key: str, cue_window: int, signing_tail: int, phone_header: int,
    prep_reach: int, narrative_lead: int, hedge_window: int, lead_window: int, clock_lead_window: int,
) -> EventFinder:
    """The character windows are :class:`~pressextract.events.EventWindows` and :class:`~pressextract.temporal.Temporal`'s."""
    return EventFinder(
        nlp, name, rules=rules, spans_key=spans_key, cue_window=cue_window, signing_tail=signing_tail,
        phone_header=phone_header, prep_reach=prep_reach, narrative_lead=narrative_lead,
        hedge_window=hedge_window, lead_window=lead_window, clock_lead_window=clock_lead_window,
    )


@Language.factory(
    "px_sides", assigns=["doc._.px_participants"], requires=["doc._.px_participants", "doc._.px_events"],
    default_config={"rules": None, "topic_window": 40},
)
def make_sides(nlp: Language, name: str, rules: str | None, topic_window: int) -> SideFinder:
    return SideFinder(nlp, name, rules=rules, topic_window=topic_window)


@Language.factory(
    "px_instruments", assigns=["doc._.px_instruments", "doc.spans"], requires=["doc._.px_layout"],
    default_config={"rules": None, "spans_key": "px_instruments"},
)
def make_instruments(nlp: Language, name: str, rules: str | None, spans_key: str) -> InstrumentFinder:
    return InstrumentFinder(nlp, name, rules=rules, spans_key=spans_key)


@Language.factory(
    "px_positions", assigns=["doc._.px_positions", "doc.spans"],
    requires=["doc._.px_layout", "doc._.px_participants", "doc._.px_events"],
    default_config={"rules": None, "spans_key": "px_positions", "call_window": 40, "attribution_window": 120},
)
def make_positions(nlp: Language, name: str, rules: str | None, spans_key: str, call_window: int, attribution_window: int) -> PositionFinder:
    return PositionFinder(nlp, name, rules=rules, spans_key=spans_key, call_window=call_window, attribution_window=attribution_window)
