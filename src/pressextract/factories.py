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


@Language.factory("px_sentences", assigns=["token.is_sent_start"], default_config={"rules": None})
def make_sentences(nlp: Language, name: str, rules: str | None) -> SentenceBreaks:
    return SentenceBreaks(nlp, name, rules=rules)


@Language.factory("px_layout", assigns=["doc._.px_layout"], default_config={"rules": None, "dateline_lines": 20})
def make_layout(nlp: Language, name: str, rules: str | None, dateline_lines: int) -> Layout:
    return Layout(nlp, name, rules=rules, dateline_lines=dateline_lines)


@Language.factory(
    "px_people", assigns=["doc._.px_participants", "doc.spans"], requires=["doc._.px_layout"],
    default_config={"rules": None, "spans_key": "px_people"},
)
def make_people(nlp: Language, name: str, rules: str | None, spans_key: str) -> PeopleFinder:
    return PeopleFinder(nlp, name, rules=rules, spans_key=spans_key)


@Language.factory(
    "px_events", assigns=["doc._.px_events", "doc.spans"], requires=["doc._.px_layout", "doc._.px_participants"],
    default_config={"rules": None, "spans_key": "px_events"},
)
def make_events(nlp: Language, name: str, rules: str | None, spans_key: str) -> EventFinder:
    return EventFinder(nlp, name, rules=rules, spans_key=spans_key)


@Language.factory(
    "px_sides", assigns=["doc._.px_participants"], requires=["doc._.px_participants", "doc._.px_events"],
    default_config={"rules": None},
)
def make_sides(nlp: Language, name: str, rules: str | None) -> SideFinder:
    return SideFinder(nlp, name, rules=rules)


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
