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


class Titles:
    """Patterns for offices and honorifics, and what an office says of its holder."""

    def __init__(self, rules: TitlesRules, countries: Countries) -> None:
        self.rules = rules
        self.countries = countries
        self.honorific = alternation(rules.honorifics)
        """Honorifics as a regex alternation ("H.E.", "Dr.")."""
        self.office = self._office()
        """An office as a regex: "[Vice] Prime Minister", "Minister for Foreign Affairs and Trade", "President-elect"."""
        self.second_office = self._second_office()
        """A ministerial office after "and" as a regex ("... and Minister for Defence")."""
        self.heads = frozenset(rules.heads)
        self._head_modifier = re.compile(rf"^(?:{alternation(rules.head_modifiers)})\s+")

    def _office(self) -> str:
        """Only ministerial heads take a portfolio ("Minister of Land, Infrastructure, Transport and
        Tourism"); a portfolio never swallows a country ("of Japan")."""
        data = self.rules
        modifiers = alternation(data.modifiers)
        portfolio_heads = alternation(data.portfolio_heads)
        others = alternation(set(data.cores) - set(data.portfolio_heads))
        suffixes = alternation(data.suffixes)
        country = self.countries.name_alternation
        hon = self.honorific
        word = rf"(?![{UPPER}]{{2,}}\b)(?!(?:{country}|{hon})(?![\w-]))(?:[{UPPER}][\w'’]*(?:-[\w'’]+)*)"
        # "of the Republic of Kenya" ends the portfolio: the first word of every official form of a state's name.
        not_state = rf"(?!the\s+(?:{alternation(self._state_words())})\b)"
        portfolio = (
            rf"(?:\s+(?:for|of)\s+{not_state}"
            rf"(?:the\s+)?{word}(?:(?:\s+|,\s+(?=(?:{word},?\s+){{0,4}}and\s+)|\s+and\s+(?:the\s+)?|\s+of\s+{not_state}(?:the\s+)?|\s+for\s+){word})*)"
        )
        return (
            rf"(?:(?:{modifiers})\s+)*(?:(?:{others})(?:{suffixes})?(?![\w-])"
            rf"|(?:{portfolio_heads})(?:{suffixes})?(?![\w-])(?:{portfolio})?)"
        )

    def _state_words(self) -> set[str]:
        """The first words of the official forms of states' names ("Republic", "People" of "People's Republic of")."""
        return {re.split(r"[\s'’]", form, maxsplit=1)[0] for form in self.countries.state_forms}

    def _second_office(self) -> str:
        """A ministerial office that can follow another with "and" ("... and Minister for Defence");
        never a head of state or government, so "the President and Prime Minister Kishida" stays two people."""
        data = self.rules
        modifiers = alternation(data.modifiers)
        ministerial = [c for c in data.cores if any(w in c for w in data.ministerial_words) and c not in data.heads]
        return rf"(?:(?:{modifiers})\s+)*(?:{alternation(ministerial)})(?![\w-])(?:\s+(?:for|of)\s+[{UPPER}][\w'’]*(?:\s+(?:and\s+)?[{UPPER}][\w'’]*)*)?"

    def is_head(self, title: str | None) -> bool:
        """A head of state or government ("President", "Federal Chancellor", "Prime Minister-designate"),
        not an office named after one ("Head of the Office of the President", "Vice President")."""
        if not title:
            return False
        return title in self.heads or self._head_modifier.sub("", title) in self.heads


def _titles_of(titles: TitlesRules, countries: CountriesRules) -> Titles:
    return Titles(titles, built(Countries, countries))


def build_titles(titles: TitlesRules, countries: CountriesRules) -> Titles:
    """The :class:`Titles` of these rules, shared by every component that owns the same files."""
    return built(_titles_of, titles, countries)
