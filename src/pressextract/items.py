"""The typed items components pass to each other on ``Doc._`` extensions.

Plain fields only (offsets, strings, numbers, lists of them), so docs carrying
them pickle between processes (spaCy #4358). People are referred to by their
index in ``doc._.px_participants``; :mod:`pressextract.assemble` turns indexes
into the record's ids ("p1", "e1", ...). Field names follow ``records.py`` so
that items map onto record models by name.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

Offsets = tuple[int, int]
"""A character range ``(start, end)`` into the document text."""


@dataclass
class Heading:
    start: int
    end: int
    text: str


@dataclass
class Signatory:
    """One "For the <party>:" / name / title entry of a signature block."""

    party: str
    name: Offsets
    title: Offsets | None = None


@dataclass
class SignatureBlock:
    """The block that ends the text of a signed document ("Signed at Tokyo, on ...")."""

    span: Offsets
    place: str
    when: Offsets
    signatories: list[Signatory] = field(default_factory=list)


@dataclass
class LayoutInfo:
    """The shape of a release, written by ``px_layout`` and read by every later component."""

    title: Offsets | None = None
    published: str | None = None
    """The release date: the caller's, else the dateline's (YYYY-MM-DD)."""
    published_span: Offsets | None = None
    body_start: int = 0
    """Where the body starts: after the headline and the dateline."""
    headings: list[Heading] = field(default_factory=list)
    skip: list[Offsets] = field(default_factory=list)
    """Zones no rule reads: photo credits, "Back to top"."""
    signature: SignatureBlock | None = None


@dataclass
class PersonItem:
    """A person the text names or describes; whether they take part is settled by events and positions."""

    name: str | None = None
    family_name: str | None = None
    given_name: str | None = None
    title: str | None = None
    country: str | None = None
    organization: str | None = None
    honorifics: list[str] = field(default_factory=list)
    spouse_of: int | None = None
    """Index of the person this one is the spouse of."""
    mentions: list[Offsets] = field(default_factory=list)
    mention_kinds: list[str] = field(default_factory=list)
    """Per mention: named | title | bare | spouse."""
    byline: bool = False
    """Named in the byline between headline and body (the author of a minister's release)."""

    @property
    def first(self) -> int:
        """Where the person is first mentioned."""
        return self.mentions[0][0]


@dataclass
class EventItem:
    kind: str
    span: Offsets
    date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    duration_minutes: int | None = None
    duration: str | None = None
    approximate: bool = False
    time_zone: str | None = None
    location: str | None = None
    participants: list[int] = field(default_factory=list)
    hosts: list[int] = field(default_factory=list)
    """Who receives or hosts (the subject of "received", "hosted"), as person indexes."""
    guests: list[int] = field(default_factory=list)
    """Who is received or met, as person indexes."""


@dataclass
class InstrumentItem:
    type: str
    title: str
    action: str
    mentions: list[Offsets] = dataclasses.field(default_factory=list)
    label: str | None = None
    parties: list[str] = dataclasses.field(default_factory=list)
    countries: list[str] = dataclasses.field(default_factory=list)
    field: str | None = None
    """The subject ("ICT", "defense cooperation"); named like the record's field, hence the qualified ``dataclasses.field`` above."""


@dataclass
class PositionItem:
    stance: str
    verb: str
    span: Offsets
    actors: list[int] = field(default_factory=list)
    actor_text: str | None = None
    joint: bool = False
    content: str | None = None
    topic: str | None = None
    section: str | None = None
