"""Country names, official names and demonyms to ISO 3166-1 alpha-2 codes.

pycountry provides names and official names; ``countries.json`` adds everyday
short forms ("U.S.", "Russia"), demonyms ("Kenyan") and the official forms of
a state's name ("Republic of"). A :class:`Countries` is built from those rules
by the components that own them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .rules import alternation
from .schemas import CountriesRules


@lru_cache(maxsize=None)
def _pycountry_index() -> tuple[tuple[str, str], ...]:
    """(written form, alpha-2) of every name pycountry knows; "Korea, Republic of" also as "Republic of Korea"."""
    import pycountry

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                index[name] = country.alpha_2
                if "," in name:
                    head, tail = [p.strip() for p in name.split(",", 1)]
                    index.setdefault(f"{tail} {head}", country.alpha_2)
    return tuple(index.items())


class Countries:
    """Every known country name and demonym, and the patterns that find them in text."""

    def __init__(self, rules: CountriesRules) -> None:
        index = dict(_pycountry_index())
        index.update(rules.aliases)
        self.index = index
        """Written form -> alpha-2, pycountry's names and the aliases."""
        self.demonyms: dict[str, str] = dict(rules.demonyms)
        self.state_forms = sorted(rules.state_forms, key=lambda f: (-len(f), f))
        """Official forms of a state's name ("Republic of"), the longest first."""
        self.name_alternation = alternation(n for n in index if len(n) > 2 or n.isupper())
        """Country names as a regex alternation for patterns that embed them; of two letters only in capitals ("UK")."""
        self.demonym_alternation = alternation(self.demonyms)
        """Demonyms as a regex alternation ("Kenyan")."""
        self.name_re = re.compile(
            rf"(?<![\w.])(?=[A-Z]|the\s)(?:the\s+)?(?P<name>{alternation([n for n in index if len(n) > 1], space=' ')})(?![\w-])"
        )
        self.demonym_re = re.compile(rf"(?<![\w])(?=[A-Z])(?P<name>{alternation(self.demonyms, space=' ')})(?![\w])")

    def lookup(self, name: str) -> str | None:
        """Alpha-2 code of a country name or demonym as written ("the Republic of Kenya", "Kenyan"), else None."""
        name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
        if name in self.index:
            return self.index[name]
        if name in self.demonyms:
            return self.demonyms[name]
        for form in self.state_forms:
            if name.startswith(form + " ") and name[len(form) + 1 :] in self.index:
                return self.index[name[len(form) + 1 :]]
        return None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, alpha-2) of every country name and demonym in ``text[start:end]``."""
        end = len(text) if end is None else end
        hits = []
        for m in self.name_re.finditer(text, start, end):
            code = self.index.get(m.group("name"))
            if code:
                hits.append((m.start("name"), m.end("name"), code))
        for m in self.demonym_re.finditer(text, start, end):
            if not any(s <= m.start() < e for s, e, _ in hits):
                hits.append((m.start("name"), m.end("name"), self.demonyms[m.group("name")]))
        return sorted(hits)


@lru_cache(maxsize=None)
def packaged_countries() -> Countries:
    """The country table of the packaged ``countries.json``, for code that works on records
    after the pipeline (linking, PLOVER export); pipeline components build their own from the
    rules they own."""
    from .rules import load_rule_file, rules_dir

    return Countries(load_rule_file(rules_dir() / "countries.json", CountriesRules))
