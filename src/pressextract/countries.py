"""Country names, official names and demonyms to ISO 3166-1 alpha-2 codes.

pycountry provides names and official names; ``models/rules/countries.json``
adds everyday short forms ("U.S.", "Russia") and demonyms ("Kenyan").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .rules import load_rules


@lru_cache(maxsize=None)
def country_index() -> dict[str, str]:
    """Every known country name and demonym -> alpha-2, keyed by its written form."""
    import pycountry

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                index[name] = country.alpha_2
                if "," in name:  # "Korea, Republic of" -> "Republic of Korea"
                    head, tail = [p.strip() for p in name.split(",", 1)]
                    index.setdefault(f"{tail} {head}", country.alpha_2)
    data = load_rules("countries")
    index.update(data["aliases"])
    return index


@lru_cache(maxsize=None)
def demonyms() -> dict[str, str]:
    return dict(load_rules("countries")["demonyms"])


@lru_cache(maxsize=None)
def country_re() -> re.Pattern:
    """Matches any country name (longest first), optionally preceded by "the"."""
    names = sorted(country_index(), key=len, reverse=True)
    alts = "|".join(re.escape(n) for n in names if len(n) > 1)
    return re.compile(rf"(?<![\w.])(?=[A-Z]|the\s)(?:the\s+)?(?P<name>{alts})(?![\w-])")


@lru_cache(maxsize=None)
def demonym_re() -> re.Pattern:
    names = sorted(demonyms(), key=len, reverse=True)
    alts = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w])(?=[A-Z])(?P<name>{alts})(?![\w])")


def lookup(name: str) -> str | None:
    """Alpha-2 code of a country name or demonym as written, else None."""
    name = name.strip()
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    index = country_index()
    if name in index:
        return index[name]
    if name in demonyms():
        return demonyms()[name]
    for prefix in ("Republic of the ", "Republic of ", "Kingdom of ", "State of ", "Federal Republic of ", "Commonwealth of ", "Sultanate of ", "Socialist Republic of ", "United Republic of ", "Islamic Republic of ", "People's Republic of ", "Democratic Republic of ", "Hashemite Kingdom of "):
        if name.startswith(prefix) and name[len(prefix):] in index:
            return index[name[len(prefix):]]
    return None


def find_countries(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, alpha-2) of every country name and demonym in ``text[start:end]``."""
    end = len(text) if end is None else end
    hits = []
    for m in country_re().finditer(text, start, end):
        code = country_index().get(m.group("name"))
        if code and not _is_false_hit(m.group("name"), text, m.start("name")):
            hits.append((m.start("name"), m.end("name"), code))
    for m in demonym_re().finditer(text, start, end):
        if not any(s <= m.start() < e for s, e, _ in hits):
            hits.append((m.start("name"), m.end("name"), demonyms()[m.group("name")]))
    return sorted(hits)


def _is_false_hit(name: str, text: str, start: int) -> bool:
    # "US" and "Chad" and "Georgia" are also ordinary words; trust them only in capitals context.
    if name == "US" and text[start - 1 : start] == "-":
        return False
    if name in ("US",) and not text[start : start + 2].isupper():
        return True
    return False
