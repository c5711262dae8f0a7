"""Offices that introduce a person ("Prime Minister", "Minister for Foreign Affairs and Trade"), honorifics, heads.

A :class:`Titles` is built from ``titles.json`` (and the country names, so
that a portfolio never swallows a country: "Minister of Foreign Affairs of
Japan") by the components that own those rules.
"""

from __future__ import annotations

import re

from .countries import Countries
from .rules import alternation, built
from .schemas import CountriesRules, TitlesRules

UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
"""Capital letters of the Latin scripts names are written in, for character classes."""


def _alt(words) -> str:
    return alternation(words)


class Titles:
    """Patterns for offices and honorifics, and what an office says of its holder."""

    def __init__(self, rules: TitlesRules, countries: Countries) -> None:
        self.rules = rules
        self.countries = countries
        self.honorific = _alt(rules.honorifics)
        """Honorifics as a regex alternation ("H.E.", "Dr.")."""
        self.office = self._office()
        """An office as a regex: "[Vice] Prime Minister", "Minister for Foreign Affairs and Trade", "President-elect"."""
        self.second_office = self._second_office()
        self.heads = frozenset(rules.heads)

    def _office(self) -> str:
        """Only ministerial heads take a portfolio ("Minister of Land, Infrastructure, Transport and
        Tourism"); a portfolio never swallows a country ("of Japan")."""
        data = self.rules
        modifiers = _alt(data.modifiers)
        portfolio_heads = _alt(data.portfolio_heads)
        others = _alt(set(data.cores) - set(data.portfolio_heads))
        suffixes = _alt(data.suffixes)
        country = _alt([n for n in self.countries.index if len(n) > 2 or n.isupper()])
        hon = self.honorific
        word = rf"(?![{UPPER}]{{2,}}\b)(?!(?:{country}|{hon})(?![\w-]))(?:[{UPPER}][\w'’]*(?:-[\w'’]+)*)"
        portfolio = (
            rf"(?:\s+(?:for|of)\s+(?!the\s+(?:Republic|State|Kingdom|Federation|Sultanate|Commonwealth|Socialist|Islamic|United|People)\b)"
            rf"(?:the\s+)?{word}(?:(?:\s+|,\s+(?=(?:{word},?\s+){{0,4}}and\s+)|\s+and\s+(?:the\s+)?|\s+of\s+(?!the\s+(?:Republic|State|Kingdom|Federation|Sultanate|Commonwealth|Socialist|Islamic|United|People)\b)(?:the\s+)?|\s+for\s+){word})*)"
        )
        return (
            rf"(?:(?:{modifiers})\s+)*(?:(?:{others})(?:{suffixes})?(?![\w-])"
            rf"|(?:{portfolio_heads})(?:{suffixes})?(?![\w-])(?:{portfolio})?)"
        )

    def _second_office(self) -> str:
        """A ministerial office that can follow another with "and" ("... and Minister for Defence");
        never a head of state or government, so "the President and Prime Minister Kishida" stays two people."""
        data = self.rules
        modifiers = _alt(data.modifiers)
        ministerial = [c for c in data.cores if ("Minister" in c or "Secretary" in c or "Councilor" in c) and c not in data.heads]
        return rf"(?:(?:{modifiers})\s+)*(?:{_alt(ministerial)})(?![\w-])(?:\s+(?:for|of)\s+[{UPPER}][\w'’]*(?:\s+(?:and\s+)?[{UPPER}][\w'’]*)*)?"

    def is_head(self, title: str | None) -> bool:
        """A head of state or government ("President", "Federal Chancellor", "Prime Minister-designate"),
        not an office named after one ("Head of the Office of the President", "Vice President")."""
        if not title:
            return False
        core = re.sub(r"^(?:Federal|Acting|Interim)\s+", "", title)
        return title in self.heads or core in self.heads


def _titles_of(titles: TitlesRules, countries: CountriesRules) -> Titles:
    return Titles(titles, built(Countries, countries))


def build_titles(titles: TitlesRules, countries: CountriesRules) -> Titles:
    """The :class:`Titles` of these rules, shared by every component that owns the same files."""
    return built(_titles_of, titles, countries)
