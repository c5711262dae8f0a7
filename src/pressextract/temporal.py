"""Dates, clock times and durations as readouts write them.

Everything here works on short phrases that the rules found, with their
offsets, and never searches a whole text with dateparser (which has no
offsets and reads "45 minutes" as a date). dateparser only normalises a
date phrase already found, in English, against the release date.

The words (months, meridiems, hedges, time zones, ...) come from
``temporal.json``; a :class:`Temporal` compiles them, and the components that
own those rules (``px_layout``, ``px_events``) each build one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import alternation
from .schemas import TemporalRules

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
ISO_DATE_RE = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_NUMERIC_DATE_RE = re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})")
_SHOUTED_RE = re.compile(r"\b([A-Z])([A-Z]{2,8})\b")


@dataclass(frozen=True)
class Found:
    """A phrase found in the text, its offsets and what it means."""

    start: int
    end: int
    value: object
    approximate: bool = False


def _words(words, *, boundary: bool = True, space: str = r"\s+") -> str:
    """An alternation of ``words``; those ending in a letter or digit end at a word boundary
    ("am" is not the start of "amazing"), those ending in punctuation ("a.m.") need none."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    if not unique:
        return r"(?!)"
    return "|".join(
        alternation([w], space=space) + (r"\b" if boundary and w[-1].isalnum() else "") for w in unique
    )


def _title_case_shouted(text: str) -> str:
    """ "26 DEC 2022" -> "26 Dec 2022": the month patterns are written as a text writes them."""
    return _SHOUTED_RE.sub(lambda m: m.group(1) + m.group(2).lower(), text)


class Temporal:
    """The patterns of ``temporal.json`` and what they find.

    ``hedge_window`` is how far before a time a hedge ("approximately") is
    looked for, ``lead_window`` how far before a duration its lead ("for",
    "lasting"), ``clock_lead_window`` how far before a dotted time ("at 18.30")
    the preposition that makes it a time.
    """

    def __init__(self, rules: TemporalRules, *, hedge_window: int = 24, lead_window: int = 30, clock_lead_window: int = 8) -> None:
        self.rules = rules
        self.hedge_window = hedge_window
        self.lead_window = lead_window
        self.clock_lead_window = clock_lead_window
        self.pm_forms = frozenset(" ".join(f.lower().split()) for f in rules.meridiems.get("pm", []))
        self.clock_words = {w.lower(): v for w, v in rules.clock_words.items()}
        self.number_words = {w.lower(): v for w, v in rules.number_words.items()}
        self.relative_days = {" ".join(w.lower().split()): v for w, v in rules.relative_days.items()}
        self.date_re = self._date_re()
        """ "February 8, 2024", "8 February 2024", "Thursday, 8 February", "from 6 to 8 March", "March 5-7"."""
        self.clock_re = self._clock_re()
        self.duration_re = self._duration_re()
        self.duration_lead_re = re.compile(
            rf"\b(?:{_words(rules.duration_leads, boundary=False)})\s+(?:(?:{_words(rules.duration_fillers, boundary=False)})\s+)?$",
            re.IGNORECASE,
        )
        """A duration is an event's length only when it is introduced as one ("for", "lasting")."""
        self.hedge_re = re.compile(rf"(?:{_words(rules.hedges, boundary=False)})\s*$", re.IGNORECASE)
        self.clock_lead_re = re.compile(rf"\b(?:{_words(rules.clock_leads, boundary=False)})\s+$")
        self.range_re = re.compile(rf"^\s*(?:{_words(rules.range_connectors, boundary=False)})\s*$")
        self.relative_day_re = re.compile(rf"\b(?:{_words(rules.relative_days, boundary=False)})\b", re.IGNORECASE)
        self.time_zone_re = re.compile(rf"\b(?:{_words(rules.time_zones, boundary=False)})\b")
        self.dateline_label_re = re.compile(rf"^(?:{_words(rules.dateline_labels)})\s*:?\s*", re.IGNORECASE)
        # "26 DEC 2022 9:35PM by PIB Delhi": the clock and the byline after a dateline's date.
        self.dateline_tail_re = re.compile(
            rf"\s+(?:(?:{_words(rules.clock_leads)})\s+)?\d{{1,2}}[:.]\d{{2}}.*$|\s+(?:{_words(rules.dateline_bylines)})\s+.*$"
        )

    # -- patterns ------------------------------------------------------------
    def _date_re(self) -> re.Pattern:
        rules = self.rules
        month = rf"(?:{_words(rules.months, boundary=False)}|(?:{_words(rules.month_abbreviations, boundary=False)})\.?)"
        weekday = rf"(?:{_words(rules.weekdays, boundary=False)})"
        joined = rf"\s*(?:{_words(rules.range_connectors, boundary=False)})\s*"
        return re.compile(
            rf"(?:(?P<wd>{weekday}),?\s+)?(?:"
            rf"(?:(?P<d1a>{_DAY}){joined})?(?P<d1>{_DAY})(?:\s+day)?(?:\s+of)?\s+(?P<m1>{month})(?:,?\s+(?P<y1>\d{{4}}))?"
            rf"|(?P<m2>{month})\s+(?P<d2>{_DAY})(?:{joined}(?P<d2b>{_DAY}))?(?:,?\s+(?P<y2>\d{{4}}))?"
            rf")\b(?!:)",
        )

    def _clock_re(self) -> re.Pattern:
        rules = self.rules
        meridiem = _words([f for forms in rules.meridiems.values() for f in forms], space=r"\s?")
        not_clock = _words([f for forms in rules.meridiems.values() for f in forms] + list(rules.not_clock_units), boundary=False, space=r"\s?")
        return re.compile(
            rf"\b(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s?(?P<ampm>{meridiem})"
            rf"|\b(?P<h24>[01]?\d|2[0-3])[:.](?P<m24>[0-5]\d)\b(?!\s?(?:{not_clock}))(?:\s?(?:{_words(rules.clock_suffixes)}))?"
            rf"|\b(?P<word>{_words(self.clock_words)})",
            re.IGNORECASE,
        )

    def _duration_re(self) -> re.Pattern:
        """Durations ("approximately 45 minutes", "one and a half hours")."""
        rules = self.rules
        number = rf"(?:\d+(?:\.\d+)?|{_words(self.number_words, boundary=False, space=' ')})"
        hours = rf"(?:{_words(rules.hour_units, boundary=False)})"
        minutes = rf"(?:{_words(rules.minute_units)})"
        return re.compile(
            rf"(?P<hedge>(?:{_words(rules.hedges, boundary=False)})\s+)?"
            rf"(?:(?P<half>{_words(rules.half_hours, boundary=False)})"
            rf"|(?P<hn>{number})(?P<andhalf>\s+and\s+(?:a\s+)?half)?\s+(?:full\s+)?{hours}(?P<andhalf2>\s+and\s+a\s+half)?(?:\s*(?:and|,)?\s*(?P<hm>{number})\s+{minutes})?"
            rf"|(?P<mn>{number})\s*(?:-\s*)?{minutes})",
            re.IGNORECASE,
        )

    # -- finding -------------------------------------------------------------
    def hedged_before(self, text: str, start: int) -> bool:
        """True when a hedge ("approximately", "about") stands right before ``start``."""
        return bool(self.hedge_re.search(text[max(0, start - self.hedge_window) : start]))

    def clock_to_hhmm(self, match: re.Match) -> str | None:
        """ "6:37 p.m." -> "18:37"; None for an hour a meridiem cannot take ("18:30 pm")."""
        if match.group("word"):
            return self.clock_words[match.group("word").lower()]
        if match.group("h24") is not None:
            return f"{int(match.group('h24')):02d}:{match.group('m24')}"
        hour = int(match.group("h"))
        minute = int(match.group("m") or 0)
        if hour > 12 or hour == 0:
            return None
        pm = " ".join(match.group("ampm").lower().split()) in self.pm_forms
        if pm and hour != 12:
            hour += 12
        if not pm and hour == 12:
            hour = 0
        return f"{hour:02d}:{minute:02d}"

    def find_clock_times(self, text: str, start: int = 0, end: int | None = None) -> list[Found]:
        """Clock times between ``start`` and ``end``, as "HH:MM"."""
        end = len(text) if end is None else end
        out = []
        for m in self.clock_re.finditer(text, start, end):
            value = self.clock_to_hhmm(m)
            if value is None:
                continue
            # "2.5 percent", "1.10" in a list, and years like "20.24" are not times.
            if m.group("h24") is not None and ":" not in m.group(0) and not self.clock_lead_re.search(text[max(0, m.start() - self.clock_lead_window) : m.start()]):
                continue
            out.append(Found(m.start(), m.end(), value, self.hedged_before(text, m.start())))
        return out

    def is_range(self, between: str) -> bool:
        """True when ``between`` joins two ends of a range ("to", "-")."""
        return bool(self.range_re.search(between))

    def _number(self, word: str) -> float:
        word = " ".join(word.lower().split())
        if word in self.number_words:
            return float(self.number_words[word])
        return float(word)

    def _minutes(self, m: re.Match) -> float:
        if m.group("half"):
            return 30.0
        if m.group("hn"):
            minutes = self._number(m.group("hn")) * 60
            if m.group("andhalf") or m.group("andhalf2"):
                minutes += 30
            if m.group("hm"):
                minutes += self._number(m.group("hm"))
            return minutes
        return self._number(m.group("mn"))

    def find_durations(self, text: str, start: int = 0, end: int | None = None) -> list[Found]:
        """Event lengths in minutes ("for approximately 45 minutes" -> 45), hedges noted."""
        end = len(text) if end is None else end
        out = []
        for m in self.duration_re.finditer(text, start, end):
            if not self.duration_lead_re.search(text[max(0, m.start() - self.lead_window) : m.start()]):
                continue
            approximate = bool(m.group("hedge")) or self.hedged_before(text, m.start())
            out.append(Found(m.start(), m.end(), int(round(self._minutes(m))), approximate))
        return out

    def find_dates(self, text: str, start: int = 0, end: int | None = None) -> list[Found]:
        """Date phrases ("On February 8", "8 February 2024"): (offsets, the phrase itself)."""
        end = len(text) if end is None else end
        found = [Found(m.start(), m.end(), m.group(0)) for m in self.date_re.finditer(text, start, end)]
        found += [Found(m.start(), m.end(), m.group(0)) for m in ISO_DATE_RE.finditer(text, start, end)]
        return sorted(found, key=lambda f: f.start)

    def date_value(self, phrase: str, base: str | None) -> str | None:
        """The date of a phrase; for a range ("from 6 to 8 March") its first day."""
        m = self.date_re.fullmatch(phrase.strip())
        if m:
            if m.group("d1"):
                day = m.group("d1a") or m.group("d1")
                core = f"{day} {m.group('m1')}" + (f" {m.group('y1')}" if m.group("y1") else "")
            else:
                core = f"{m.group('d2')} {m.group('m2')}" + (f" {m.group('y2')}" if m.group("y2") else "")
            phrase = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", core)
        return parse_date_phrase(phrase, base)

    def relative_day(self, phrase: str) -> int | None:
        """Days from the release date of "today", "yesterday", ..."""
        return self.relative_days.get(" ".join(phrase.lower().split()))

    def relative_date(self, text: str, start: int, end: int, base: str | None) -> str | None:
        """The date the first relative day in ``text[start:end]`` names ("yesterday"), counted from ``base``."""
        m = self.relative_day_re.search(text, start, end)
        if m is None:
            return None
        return shift_date(base, self.relative_day(m.group(0)))

    def time_zone(self, text: str, start: int, end: int) -> str | None:
        """The first time zone written in ``text[start:end]`` ("Japan time"), its spaces as one."""
        m = self.time_zone_re.search(text, start, end)
        return " ".join(m.group(0).split()) if m else None

    def dateline_date(self, line: str) -> str | None:
        """The date of a line that is only a date (a dateline), else None."""
        stripped = line.strip().strip(".,;:()[]").strip()
        if not stripped or len(stripped) > 64:
            return None
        stripped = self.dateline_label_re.sub("", stripped)
        stripped = self.dateline_tail_re.sub("", stripped, count=1)
        stripped = _title_case_shouted(stripped)
        m = self.date_re.fullmatch(stripped) or ISO_DATE_RE.fullmatch(stripped)
        if m is None:
            numeric = _NUMERIC_DATE_RE.fullmatch(stripped)
            if numeric:
                try:
                    return dt.date(int(numeric["y"]), int(numeric["m"]), int(numeric["d"])).isoformat()
                except ValueError:
                    return None
            return None
        if not re.search(r"\b\d{4}\b", stripped):
            return None
        return parse_date_phrase(stripped, None)

    def trailing_date(self, line: str) -> str | None:
        """The date that ends a short header line ("FA181 10 December 2002"), when it has a year."""
        stripped = line.strip()
        if len(stripped) > 120:
            return None
        titled = _title_case_shouted(stripped)
        found = [m for m in self.date_re.finditer(titled) if m.end() == len(titled) and re.search(r"\b\d{4}$", m.group(0))]
        if not found:
            return None
        return self.date_value(found[-1].group(0), None)


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


def shift_date(base: str | None, days: int | None) -> str | None:
    if base is None or days is None:
        return None
    return (dt.date.fromisoformat(base) + dt.timedelta(days=days)).isoformat()


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
