"""Person keys: one stable, readable identifier per person across releases.

``person_key`` files a participant under ``family-given-country``
("kishida-fumio-jp"), built from the fields the record already holds. It is a
pure function of those fields, so the same person written differently in
different releases gets the same key:

- "Prime Minister KISHIDA Fumio", "Fumio Kishida" -> ``kishida-fumio-jp``;
- accents, case, apostrophes and hyphens are folded ("Erdoğan" -> ``erdogan``);
- particles belong to the family name whatever the split was
  ("Ursula von" + "der Leyen" -> ``von-der-leyen-ursula``);
- only the first given name counts, initials and "Jr." are dropped, and short
  forms are written out, because releases vary there ("Joseph R. Biden, Jr.",
  "Joseph Biden" and "Joe Biden" -> ``biden-joseph-us``); family-first names keep the whole given name, which
  is one unit ("Kim Jong Un" -> ``kim-jong-un-kp``);
- a monarch's regnal number is part of the name ("Charles III" -> ``charles-iii-gb``);
- in countries with two surnames the first one files the person
  ("Andrés Manuel López Obrador" -> ``lopez-andres-mx``).

The family name and the country are the *core* ("kishida-jp"): every
mention of a person carries them. The given name does not: a release that
only says "Prime Minister Kishida of Japan" gives the partial key
``kishida-jp``. A single release cannot know more, so the partial key stays in
its record; across an archive :func:`canonical_keys` completes a partial key
when exactly one full key shares its core (``kishida-jp`` ->
``kishida-fumio-jp``), and leaves it alone when two people do ("li-cn" with
Li Qiang and Li Keqiang both in the archive). ``pressextract link`` does this
for the people of an occasion.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Iterable, Optional

from pydantic import StringConstraints

from .rules import RuleFile, load_rule_file, models_dir, rules_dir

_Word = Annotated[str, StringConstraints(min_length=1)]


class PersonKeyRules(RuleFile):
    """``models/person_keys.json``: the naming facts a person key needs beyond ``rules/names.json``."""

    double_surname_countries: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]]
    """States whose people carry the father's then the mother's surname ("MX")."""
    family_first_countries: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]]
    """States whose names are written family name first, the given name one unit ("KR")."""
    regnal_numbers: list[_Word]
    """Numbers after a monarch's name that belong to it ("III")."""
    generational_suffixes: list[_Word]
    """Suffixes that are dropped ("Jr.")."""
    given_name_forms: dict[_Word, _Word]
    """Short forms and transliterations of a given name -> the form the key uses, folded ("joe" -> "joseph")."""

# Letters NFKD does not decompose into a base letter and a mark.
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "ħ": "h"})
_APOSTROPHES = re.compile(r"['’ʼ‘`]")


@dataclass(frozen=True)
class KeyParts:
    """The pieces of a person key: the core (family name, country) and the given part."""

    family: str
    """Folded family name, words joined by hyphens ("von-der-leyen")."""
    given: Optional[str]
    """Folded first given name, the whole given name of family-first names, or a regnal number; None when unknown."""
    country: Optional[str]
    """Lower-case ISO alpha-2 code, None when the record has no country."""

    @property
    def key(self) -> str:
        """The person key, e.g. "kishida-fumio-jp"."""
        return "-".join(p for p in (self.family, self.given, self.country) if p)

    @property
    def core(self) -> str:
        """The part every mention carries, e.g. "kishida-jp"."""
        return "-".join(p for p in (self.family, self.country) if p)


@lru_cache(maxsize=None)
def person_key_rules() -> PersonKeyRules:
    """``models/person_keys.json``, validated once per process (a bad file is one PX011 error)."""
    return load_rule_file(models_dir() / "person_keys.json", PersonKeyRules)


@lru_cache(maxsize=None)
def _data() -> dict:
    from .schemas import NamesRules

    names = load_rule_file(rules_dir() / "names.json", NamesRules)
    own = person_key_rules()
    particles = set(names.connecting_particles) | set(names.patronymic_particles) | set(names.family_start_particles)
    return {
        "particles": {p.rstrip("-") for p in particles},
        "surnames": set(names.east_asian_surnames),
        "double_surname": set(own.double_surname_countries),
        "family_first": set(own.family_first_countries),
        "regnal": set(own.regnal_numbers),
        "suffixes": set(own.generational_suffixes),
        "forms": dict(own.given_name_forms),
    }


def slug(text: str) -> str:
    """Lower-case ASCII-ish words joined by hyphens: accents, apostrophes and punctuation folded."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    return re.sub(r"[^\w]+|_+", "-", text).strip("-")


def _is_initial(word: str) -> bool:
    bare = word.replace(".", "")
    return len(bare) <= 1 or (word.endswith(".") and len(bare) <= 2 and bare.isupper())


def key_parts(family_name: str | None, given_name: str | None = None, country: str | None = None, name: str | None = None) -> KeyParts | None:
    """The key's pieces from a participant's fields; None for an unnamed person."""
    data = _data()
    family_words = (family_name or "").replace(",", " ").split()
    given_words = (given_name or "").replace(",", " ").split()
    name_words = (name or "").replace(",", " ").split()
    family_words = [w for w in family_words if w not in data["suffixes"]]
    given_words = [w for w in given_words if w not in data["suffixes"]]
    if not family_words and given_words:
        family_words, given_words = given_words[-1:], given_words[:-1]
    if not family_words:
        return None
    code = country.upper() if country else None
    # Trailing particles of the given name start the family name ("Ursula von" + "der Leyen").
    while given_words and given_words[-1] in data["particles"]:
        family_words.insert(0, given_words.pop())
    family_first = code in data["family_first"]
    # A family-first name read given-first ("Xi Jinping" without a country): the first word is a known surname.
    if (code is None or code in data["family_first"]) and len(given_words) == 1 and len(family_words) == 1 \
            and given_words[0] in data["surnames"] and family_words[0] not in data["surnames"] \
            and name_words[:1] == given_words:
        family_words, given_words = given_words, family_words
        family_first = True
    if given_words and name_words[:1] == family_words[:1]:
        family_first = True  # written family name first ("Xi Jinping"): the given name is one unit
    regnal = None
    if name_words and name_words[-1] in data["regnal"] and len(name_words) >= 2 and not given_words:
        regnal = name_words[-1]
    if family_words and family_words[-1] in data["regnal"] and len(family_words) >= 2:
        regnal = regnal or family_words[-1]
        family_words = family_words[:-1]
    if code in data["double_surname"] and not regnal:
        family_words, given_words = _first_surname(family_words, given_words, data["particles"])
    family = slug(" ".join(family_words))
    if regnal:
        given = slug(regnal)
    elif not given_words:
        given = None
    elif family_first:
        given = slug(" ".join(given_words))
    else:
        named = [w for w in given_words if not _is_initial(w)]
        given = slug(named[0] if named else given_words[0])
        given = data["forms"].get(given, given)
    return KeyParts(family=family, given=given or None, country=code.lower() if code else None) if family else None


def _first_surname(family: list[str], given: list[str], particles: set[str]) -> tuple[list[str], list[str]]:
    """The father's surname of a Spanish-style name, which releases use alone ("López" of "López Obrador")."""
    if any(w in particles for w in family):
        return family, given
    if len(family) >= 2:
        return family[:1], given
    words = given + family
    # Four words and more: two given names, two surnames. Three words are ambiguous
    # ("Pedro Sánchez Pérez-Castejón", "Juan Carlos Varela"): the split as read stands.
    if len(words) >= 4 and words[-2] not in particles:
        return [words[-2]], words[:-2]
    return family, given


def person_key(family_name: str | None, given_name: str | None = None, country: str | None = None, name: str | None = None) -> str | None:
    """The person key of a participant's fields: "kishida-fumio-jp"; "kishida-jp" without a given name; None when unnamed."""
    parts = key_parts(family_name, given_name, country, name)
    return parts.key if parts else None


def participant_parts(participant) -> KeyParts | None:
    """:func:`key_parts` of a :class:`~pressextract.records.Participant` or its JSON dict."""
    get = participant.get if isinstance(participant, dict) else lambda field: getattr(participant, field, None)
    return key_parts(get("family_name"), get("given_name"), get("country"), get("name"))


def canonical_keys(participants: Iterable) -> dict[str, str]:
    """Partial key -> full key, for partial keys whose core exactly one full key of these participants shares.

    ``participants`` are Participants or their dicts from any number of
    records (an archive). "kishida-jp" maps to "kishida-fumio-jp" when that is
    the only full key filed under "kishida-jp"; with two full keys under one
    core the partial key maps to nothing, since it cannot be told which.
    """
    full: dict[str, set[str]] = {}
    partial: set[tuple[str, str]] = set()
    for participant in participants:
        parts = participant_parts(participant)
        if parts is None:
            continue
        if parts.given:
            full.setdefault(parts.core, set()).add(parts.key)
        else:
            partial.add((parts.key, parts.core))
    return {key: next(iter(full[core])) for key, core in sorted(partial) if len(full.get(core, ())) == 1}
