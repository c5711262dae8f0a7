"""The readout record: pydantic models that mirror ``RECORD.md`` field for field.

These models are the public output contract. Field names, types and
vocabularies follow the spec exactly; anything added must be additive.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

SCHEMA_VERSION = "1.1"
"""1.1 added ``url``, ``text`` (both null unless given or asked for) and ``Participant.person_key``; 1.0 records read as they are."""
SCHEMA_ID = "urn:pressextract:record:" + SCHEMA_VERSION
CONTRACT = "docs/record.md"

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
# Formats sit on the string branch of an optional value, where JSON Schema validators look for them.
IsoDate = Annotated[str, Field(pattern=DATE_PATTERN, json_schema_extra={"format": "date"})]
IsoTime = Annotated[str, Field(pattern=TIME_PATTERN)]
IsoDuration = Annotated[str, Field(json_schema_extra={"format": "duration"})]


class EventKind(str, Enum):
    summit_meeting = "summit_meeting"
    meeting = "meeting"
    telephone_call = "telephone_call"
    video_conference = "video_conference"
    courtesy_call = "courtesy_call"
    breakfast = "breakfast"
    lunch = "lunch"
    dinner = "dinner"
    reception = "reception"
    signing_ceremony = "signing_ceremony"
    press_conference = "press_conference"
    other = "other"


class InstrumentType(str, Enum):
    memorandum_of_cooperation = "memorandum_of_cooperation"
    memorandum_of_understanding = "memorandum_of_understanding"
    exchange_of_notes = "exchange_of_notes"
    statement_of_intent = "statement_of_intent"
    letter_of_intent = "letter_of_intent"
    agreement = "agreement"
    loan_agreement = "loan_agreement"
    grant_agreement = "grant_agreement"
    joint_statement = "joint_statement"
    joint_declaration = "joint_declaration"
    action_plan = "action_plan"
    treaty = "treaty"
    protocol = "protocol"
    arrangement = "arrangement"
    other = "other"


class InstrumentAction(str, Enum):
    signed = "signed"
    exchanged = "exchanged"
    adopted = "adopted"
    announced = "announced"
    welcomed = "welcomed"
    agreed_to_conclude = "agreed_to_conclude"
    other = "other"


class Stance(str, Enum):
    agree = "agree"
    share_view = "share_view"
    confirm = "confirm"
    welcome = "welcome"
    express = "express"
    state = "state"
    announce = "announce"
    discuss = "discuss"
    request = "request"
    condemn = "condemn"
    other = "other"


class _Model(BaseModel):
    model_config = ConfigDict(use_enum_values=True, extra="forbid", use_attribute_docstrings=True)


class Span(_Model):
    """A piece of the document text, by Python string offsets."""

    start: int = Field(ge=0)
    """Offset of the first character in the document text."""
    end: int = Field(ge=0)
    """Offset one past the last character."""
    text: str
    """The evidence exactly as it stands: ``doc_text[start:end]``."""

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"span text has {len(self.text)} characters but offsets cover {self.end - self.start}"
            )
        doc_text = (info.context or {}).get("doc_text") if info else None
        if doc_text is not None and doc_text[self.start : self.end] != self.text:
            raise ValueError(f"span text {self.text!r} is not the document text at {self.start}:{self.end}")
        return self


class Relation(_Model):
    """How an unnamed participant relates to a named one."""

    type: Literal["spouse"]
    """The relation: only ``spouse`` so far."""
    of: str
    """Id of the participant this one relates to."""


class Event(_Model):
    """One occasion: a meeting, call, meal, ceremony or press conference."""

    id: str
    """"e1", "e2", ... in text order."""
    kind: EventKind
    """What kind of occasion it is (RECORD.md vocabulary)."""
    date: Optional[IsoDate] = None
    """"YYYY-MM-DD"; year from the text, else from ``published``."""
    start_time: Optional[IsoTime] = None
    """"HH:MM", 24-hour clock, local as written."""
    end_time: Optional[IsoTime] = None
    """"HH:MM" as written, else start + duration."""
    duration_minutes: Optional[int] = Field(default=None, ge=0)
    """Length in minutes, only when written for this event."""
    duration: Optional[IsoDuration] = None
    """The same length in ISO 8601, e.g. "PT1H10M"."""
    approximate: bool = False
    """True when the text hedges the time or duration ("approximately", "about")."""
    time_zone: Optional[str] = None
    """As written: "local time", "Japan time"."""
    location: Optional[str] = None
    """The place as written, when given."""
    participants: list[str] = Field(default_factory=list)
    """Ids of the participants who take part."""
    span: Span
    """The clause that states the event."""


class Participant(_Model):
    """A person who takes part in at least one event of the release."""

    id: str
    """"p1", ... in order of first mention."""
    name: Optional[str] = None
    """Name as written in running text, normal case, given name first (Chinese/Korean keep family first)."""
    family_name: Optional[str] = None
    """Family name as a reader would file it ("Kishida", "bin Salman")."""
    given_name: Optional[str] = None
    """Given name(s) ("Fumio", "William Samoei")."""
    title: Optional[str] = None
    """Office as written at its fullest, without country or honorifics."""
    country: Optional[str] = None
    """ISO 3166-1 alpha-2 code of the state the person represents."""
    person_key: Optional[str] = None
    """The same person's key in every release: "family-given-country", folded ("kishida-fumio-jp"); "kishida-jp" when the release gives no given name; null for unnamed people. Added in 1.1; see ``pressextract.keys``."""
    organization: Optional[str] = None
    """For people of an organisation rather than a state."""
    honorifics: list[str] = Field(default_factory=list)
    """Honorifics as written: "H.E.", "Dr.", "Mr."."""
    relation: Optional[Relation] = None
    """For unnamed people known by a relation, e.g. a spouse."""
    mentions: list[Span] = Field(default_factory=list)
    """Every mention of the person, short forms included."""


class Instrument(_Model):
    """A signed, exchanged, adopted or announced document."""

    id: str
    """"i1", ..."""
    type: InstrumentType
    """The document's type by its own name."""
    title: str
    """The fullest name given."""
    label: Optional[str] = None
    """List label as written, without brackets: "A"."""
    parties: list[str] = Field(default_factory=list)
    """Signatory bodies as written."""
    countries: list[str] = Field(default_factory=list)
    """ISO alpha-2 codes of the parties' states."""
    field: Optional[str] = None
    """The subject of the document."""
    action: InstrumentAction
    """What the release says happened to it (the strongest when several)."""
    mentions: list[Span] = Field(default_factory=list)
    """Every mention, abbreviations included."""


class Position(_Model):
    """One stance clause: what an actor agreed, confirmed, welcomed or stated."""

    id: str
    """"s1", ..."""
    stance: Stance
    """The kind of stance (RECORD.md vocabulary)."""
    verb: Optional[str] = None
    """The verb as written ("concurred", "shared their view"); null for a bare quote."""
    actors: list[str] = Field(default_factory=list)
    """Ids of the participants who hold the position."""
    actor_text: Optional[str] = None
    """The holder as written ("The two leaders"); null when there is no agent."""
    joint: bool = False
    """True when every side's principal holds it."""
    content: str = ""
    """What is agreed or stated, without actor and verb."""
    topic: Optional[str] = None
    """A short label, when one is evident."""
    section: Optional[str] = None
    """The heading the clause stands under."""
    span: Span
    """The clause."""


class Record(_Model):
    """Everything pressextract read from one press release."""

    schema_version: str = SCHEMA_VERSION
    """Version of this contract: "1.1" (1.0 plus ``url``, ``text`` and participants' ``person_key``)."""
    doc_id: str
    """The file stem, or the id the caller passed."""
    source: Optional[str] = None
    """The path or name as given."""
    url: Optional[str] = None
    """Where the release was published, when the caller says (a manifest's ``url`` column, ``url=``). Added in 1.1."""
    title: Optional[str] = None
    """The headline."""
    published: Optional[IsoDate] = None
    """The dateline / release date, "YYYY-MM-DD"."""
    countries: list[str] = Field(default_factory=list)
    """ISO alpha-2 codes of the states whose representatives take part, sorted."""
    events: list[Event] = Field(default_factory=list)
    """Meetings, calls, meals, ceremonies."""
    participants: list[Participant] = Field(default_factory=list)
    """People who take part."""
    instruments: list[Instrument] = Field(default_factory=list)
    """Documents signed, exchanged, adopted or announced."""
    positions: list[Position] = Field(default_factory=list)
    """Stances of the actors, one per clause."""
    warnings: list[str] = Field(default_factory=list)
    """What could not be read or resolved."""
    content_hash: Optional[str] = None
    """"sha256:<hex>" of the input: the file's bytes as read, or the UTF-8 of a text passed in. Added after 1.0 (additive); ``extract --resume`` skips a document whose record carries its current hash."""

    text: Optional[str] = None
    """The document text every offset indexes (for HTML, PDF and .docx the text read from them), stored only when asked (``--include-text``, ``include_text=True``); null otherwise. Added in 1.1."""

    # The document text when it is known but not stored: extract(), extract_file()
    # and iter_outcomes() set it so notebooks can show the text with its spans.
    _text: Optional[str] = PrivateAttr(default=None)

    @field_validator("countries")
    @classmethod
    def _sorted(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    def spans(self) -> list[tuple[str, Span]]:
        """Every span of the record with the kind of item it belongs to."""
        out: list[tuple[str, Span]] = [("event", e.span) for e in self.events]
        out += [("participant", m) for p in self.participants for m in p.mentions]
        out += [("instrument", m) for i in self.instruments for m in i.mentions]
        out += [("position", s.span) for s in self.positions]
        return out

    @property
    def doc_text(self) -> Optional[str]:
        """The document text the spans index: stored (``text``), made in this process or attached; else None."""
        return self.text if self.text is not None else self._text

    def with_text(self, text: str) -> "Record":
        """Attach the document ``text`` (e.g. to a record read back from JSON) so it can be displayed; returns self."""
        problems = self.check_spans(text)
        if problems:
            raise ValueError(f"this is not the record's text: {problems[0]}")
        self._text = text
        return self

    def _repr_html_(self) -> str:
        from .display import record_html

        return record_html(self)

    def __repr__(self) -> str:
        # The default repr prints every span: several KB on one line.
        title = self.title if self.title is None or len(self.title) <= 48 else self.title[:47] + "…"
        counts = ", ".join(f"{len(getattr(self, kind))} {kind}" for kind in ("events", "participants", "instruments", "positions"))
        return f"Record(doc_id={self.doc_id!r}, published={self.published!r}, title={title!r}, {counts})"

    __str__ = __repr__

    def check_spans(self, doc_text: str) -> list[str]:
        """Problems with the spans against ``doc_text``: empty when every span is exact."""
        return [
            f"{kind} span {span.start}:{span.end} {span.text!r} does not match the text"
            for kind, span in self.spans()
            if doc_text[span.start : span.end] != span.text
        ]


def record_json_schema() -> dict:
    """The JSON Schema of :class:`Record`, as exported to ``docs/record.schema.json``."""
    schema = Record.model_json_schema()
    schema["description"] = f"{schema['description']} The contract, field by field: {CONTRACT}."
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
