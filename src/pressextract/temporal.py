"""Dates, clock times and durations as readouts write them.

Everything here works on short phrases that the rules found, with their
offsets, and never searches a whole text with dateparser (which has no
offsets and reads "45 minutes" as a date). dateparser only normalises a
date phrase already found, in English, against the release date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import load_rules

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

# "February 8, 2024", "8 February 2024", "Thursday, 8 February", "from 6 to 8 March", "March 5-7"
DATE_RE = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:"
    rf"(?:(?P<d1a>{_DAY})\s*(?:-|–|to|and)\s*)?(?P<d1>{_DAY})(?:\s+day)?(?:\s+of)?\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?:\s*(?:-|–|to|and)\s*(?P<d2b>{_DAY}))?(?:,?\s+(?P<y2>\d{{4}}))?"
    rf")\b(?!:)",
)
ISO_DATE_RE = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")

_AMPM = r"(?P<ampm>a\.\s?m\.?|p\.\s?m\.?|am\b|pm\b|AM\b|PM\b|A\.M\.?|P\.M\.?)"
CLOCK_RE = re.compile(
    rf"\b(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s?{_AMPM}"
    r"|\b(?P<h24>[01]?\d|2[0-3])[:.](?P<m24>[0-5]\d)\b(?!\s?(?:a\.?m|p\.?m|percent|%))(?:\s?(?:hrs|hours|h)\b)?"
    r"|\b(?P<word>noon|midday|midnight)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """A phrase found in the text, its offsets and what it means."""

    start: int
    end: int
    value: object
    approximate: bool = False


def rules() -> dict:
    return load_rules("temporal")


def _hedge_re() -> re.Pattern:
    return _hedge_pattern(tuple(rules()["hedges"]))


@lru_cache(maxsize=None)
def _hedge_pattern(hedges: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(h) for h in sorted(hedges, key=len, reverse=True))
    return re.compile(rf"(?:{alts})\s*$", re.IGNORECASE)


def hedged_before(text: str, start: int, window: int = 24) -> bool:
    """True when a hedge ("approximately", "about") stands right before ``start``."""
    before = text[max(0, start - window) : start]
    return bool(_hedge_re().search(before))


def clock_to_hhmm(match: re.Match) -> str | None:
    if match.group("word"):
        word = match.group("word").lower()
        return "00:00" if word == "midnight" else "12:00"
    if match.group("h24") is not None:
        return f"{int(match.group('h24')):02d}:{match.group('m24')}"
    hour = int(match.group("h"))
    minute = int(match.group("m") or 0)
    if hour > 12 or hour == 0:
        return None
    pm = match.group("ampm").lower().startswith("p")
    if pm and hour != 12:
        hour += 12
    if not pm and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def find_clock_times(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Clock times between ``start`` and ``end``, as "HH:MM"."""
    end = len(text) if end is None else end
    out = []
    for m in CLOCK_RE.finditer(text, start, end):
        value = clock_to_hhmm(m)
        if value is None:
            continue
        # "2.5 percent", "1.10" in a list, and years like "20.24" are not times.
        if m.group("h24") is not None and m.group(0).find(":") < 0 and not re.search(r"\b(?:at|from|to|until|till)\s+$", text[max(0, m.start() - 8) : m.start()]):
            continue
        out.append(Found(m.start(), m.end(), value, hedged_before(text, m.start())))
    return out


@lru_cache(maxsize=None)
def duration_re() -> re.Pattern:
    """Durations ("approximately 45 minutes", "one and a half hours"), hedges and number words from temporal.json."""
    data = rules()
    hedges = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(data["hedges"], key=len, reverse=True))
    words = "|".join(re.escape(w) for w in sorted(data["number_words"], key=len, reverse=True))
    number = rf"(?:\d+(?:\.\d+)?|{words})"
    return re.compile(
        rf"(?P<hedge>(?:{hedges})\s+)?"
        rf"(?:(?P<half>half an hour|a half hour|half-an-hour)"
        rf"|(?P<hn>{number})(?P<andhalf>\s+and\s+(?:a\s+)?half)?\s+(?:full\s+)?hours?(?P<andhalf2>\s+and\s+a\s+half)?(?:\s*(?:and|,)?\s*(?P<hm>{number})\s+minutes?)?"
        rf"|(?P<mn>{number})\s*(?:-\s*)?min(?:ute)?s?\b)",
        re.IGNORECASE,
    )


# A duration is an event's length only when it is introduced as one.
DURATION_LEAD_RE = re.compile(
    r"(?:\bfor|\blasting|\blasted|\btook|\bwhich lasted|\bthat lasted|\bspanning|\bof)\s+(?:a\s+total\s+of\s+|a\s+full\s+|the\s+)?$",
    re.IGNORECASE,
)


def _number(word: str) -> float:
    word = word.lower()
    words = rules()["number_words"]
    if word in words:
        return float(words[word])
    return float(word)


def find_durations(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Event lengths in minutes ("for approximately 45 minutes" -> 45), hedges noted."""
    end = len(text) if end is None else end
    out = []
    for m in duration_re().finditer(text, start, end):
        lead = text[max(0, m.start() - 30) : m.start()]
        if not DURATION_LEAD_RE.search(lead):
            continue
        if m.group("half"):
            minutes = 30.0
        elif m.group("hn"):
            minutes = _number(m.group("hn")) * 60
            if m.group("andhalf") or m.group("andhalf2"):
                minutes += 30
            if m.group("hm"):
                minutes += _number(m.group("hm"))
        else:
            minutes = _number(m.group("mn"))
        approximate = bool(m.group("hedge")) or hedged_before(text, m.start())
        out.append(Found(m.start(), m.end(), int(round(minutes)), approximate))
    return out


def iso_duration(minutes: int | None) -> str | None:
    if minutes is None:
        return None
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"PT{hours}H{mins}M"
    if hours:
        return f"PT{hours}H"
    return f"PT{mins}M"


def add_minutes(hhmm: str | None, minutes: int | None) -> str | None:
    if hhmm is None or minutes is None:
        return None
    h, m = map(int, hhmm.split(":"))
    total = (h * 60 + m + minutes) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def minutes_between(start: str, end: str) -> int:
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    return ((h2 * 60 + m2) - (h1 * 60 + m1)) % (24 * 60)


@lru_cache(maxsize=4096)
def parse_date_phrase(phrase: str, base: str | None) -> str | None:
    """Normalise one date phrase to "YYYY-MM-DD" with dateparser, the release date as base.

    A date without a year takes the release's year, or the year before when
    that would put it more than a month after the release (a January
    readout of a December 30 meeting).
    """
    import dateparser

    base_date = dt.date.fromisoformat(base) if base else None
    has_year = bool(re.search(r"\b\d{4}\b", phrase))
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"}
    if base_date is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base_date.year, base_date.month, base_date.day)
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    if parsed is None:
        return None
    value = parsed.date()
    if not has_year and base_date is not None:
        value = value.replace(year=base_date.year)
        if value - base_date > dt.timedelta(days=31):
            value = value.replace(year=base_date.year - 1)
        elif base_date - value > dt.timedelta(days=320):
            value = value.replace(year=base_date.year + 1)
    return value.isoformat()


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Date phrases ("On February 8", "8 February 2024"): (offsets, the phrase itself)."""
    end = len(text) if end is None else end
    found = []
    for m in DATE_RE.finditer(text, start, end):
        found.append(Found(m.start(), m.end(), m.group(0)))
    for m in ISO_DATE_RE.finditer(text, start, end):
        found.append(Found(m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda f: f.start)


def date_value(phrase: str, base: str | None) -> str | None:
    """The date of a phrase; for a range ("from 6 to 8 March") its first day."""
    m = DATE_RE.fullmatch(phrase.strip())
    if m:
        if m.group("d1"):
            day = m.group("d1a") or m.group("d1")
            core = f"{day} {m.group('m1')}" + (f" {m.group('y1')}" if m.group("y1") else "")
        else:
            core = f"{m.group('d2')} {m.group('m2')}" + (f" {m.group('y2')}" if m.group("y2") else "")
        phrase = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", core)
    return parse_date_phrase(phrase, base)


def relative_day(phrase: str) -> int | None:
    return rules()["relative_days"].get(phrase.lower())


@lru_cache(maxsize=None)
def relative_day_re() -> re.Pattern:
    words = sorted(rules()["relative_days"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=None)
def time_zone_re() -> re.Pattern:
    zones = sorted(rules()["time_zones"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(z) for z in zones) + r")\b")


def shift_date(base: str | None, days: int) -> str | None:
    if base is None:
        return None
    return (dt.date.fromisoformat(base) + dt.timedelta(days=days)).isoformat()


def dateline_date(line: str) -> str | None:
    """The date of a line that is only a date (a dateline), else None."""
    stripped = line.strip().strip(".,;:()[]").strip()
    if not stripped or len(stripped) > 64:
        return None
    stripped = re.sub(r"^(?:Date|Released(?: on)?|Published(?: on)?|Posted(?: on)?|Dated|Issued(?: on)?)\s*:?\s*", "", stripped, flags=re.IGNORECASE)
    # "26 DEC 2022 9:35PM by PIB Delhi": keep the date, drop the clock and the byline.
    stripped = re.sub(r"\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?.*$", "", stripped)
    stripped = re.sub(r"\s+by\s+.*$", "", stripped)
    stripped = re.sub(r"\b([A-Z])([A-Z]{2,8})\b", lambda m: m.group(1) + m.group(2).lower(), stripped)
    m = DATE_RE.fullmatch(stripped) or ISO_DATE_RE.fullmatch(stripped)
    if m is None:
        m2 = re.fullmatch(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})", stripped)
        if m2:
            try:
                return dt.date(int(m2["y"]), int(m2["m"]), int(m2["d"])).isoformat()
            except ValueError:
                return None
        return None
    if not re.search(r"\b\d{4}\b", stripped):
        return None
    return parse_date_phrase(stripped, None)


def trailing_date(line: str) -> str | None:
    """The date that ends a short header line ("FA181 10 December 2002"), when it has a year."""
    stripped = line.strip()
    if len(stripped) > 120:
        return None
    titled = re.sub(r"\b([A-Z])([A-Z]{2,8})\b", lambda m: m.group(1) + m.group(2).lower(), stripped)
    found = [m for m in DATE_RE.finditer(titled) if m.end() == len(titled) and re.search(r"\b\d{4}$", m.group(0))]
    if not found:
        return None
    return date_value(found[-1].group(0), None)
