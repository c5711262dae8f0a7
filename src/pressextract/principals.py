"""The principals of a release: who meets whom in its first exchange, the people positions of "both sides" belong to.

One definition, computed once by the events step (``doc._.px_principals``)
and read by the sides and positions steps.
"""

from __future__ import annotations

import re

from .items import EventItem, LayoutInfo, PersonItem
from .titles import Titles


def principal_ids(events: list[EventItem], participants: list[PersonItem]) -> list[int]:
    """The principals: who meets whom in the first exchange of two or more people (its hosts and
    guests), not the officials who also attended it; else the people of the first occasion."""
    for event in events:
        named = [i for i in event.hosts + event.guests if participants[i].spouse_of is None]
        if len(set(named)) >= 2:
            return sorted(set(named), key=lambda i: participants[i].mentions[0][0])
        people = [i for i in event.participants if participants[i].spouse_of is None]
        if len(people) >= 2 and not named:
            return people
    for event in events:
        if event.participants:
            return list(event.participants)
    return []


def statement_principals(participants: list[PersonItem], titles: Titles, opening: tuple[int, int]) -> list[int]:
    """Who speaks in a release with no occasion: the heads of state or government who open it ("We,
    President of the United States Joseph R. Biden and President of the Russian Federation Vladimir
    Putin, note"), else the author its byline names (a minister's media release speaks as "I", "we")."""
    heads = [
        i for i, p in enumerate(participants)
        if p.spouse_of is None and titles.is_head(p.title) and opening[0] <= p.mentions[0][0] < opening[1]
    ]
    if len(heads) >= 2:
        return heads
    return [i for i, p in enumerate(participants) if p.byline and p.spouse_of is None]


def opening_of(text: str, layout: LayoutInfo) -> tuple[int, int]:
    """The headline and the release's first paragraph."""
    body = layout.body_start
    first = re.search(r"\S", text[body:])
    start = body + first.start() if first else body
    end = text.find("\n", start)
    return (layout.title[0] if layout.title else body, len(text) if end < 0 else end)
