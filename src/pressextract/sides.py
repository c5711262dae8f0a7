"""Sides: which state each participant represents when the text does not say it next to the name.

Runs after the events step, which settles who meets whom (the principals):
each side of the exchange is one state, read from what the text names most
as a side ("the Japanese side", "between Japan and Kenya", "the White House")
rather than as a topic ("Russia's invasion").
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from .component import RuleComponent
from .countries import Countries
from .extensions import doc_text
from .principals import principal_ids
from .rules import built
from .schemas import CountriesRules, TitlesRules


class Sides:
    """What the text says of which states are the sides of the exchange."""

    def __init__(self, rules: CountriesRules, countries: Countries) -> None:
        self.rules = rules
        self.countries = countries
        nouns = "|".join(re.escape(n) for n in rules.topic_nouns)
        self.topic_after = re.compile(rf"(?:['’]s?)?\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns})\b", re.IGNORECASE)
        self.topic_before = re.compile(rf"\b(?:{nouns})\s+(?:of|on|in|against|into|by|from|over)\s+(?:the\s+)?$", re.IGNORECASE)
        # Publishers as whole-word patterns, the longest name first.
        self.publishers = tuple(
            (re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"), code)
            for name, code in sorted(rules.publishers.items(), key=lambda kv: -len(kv[0]))
        )

    def publisher_country(self, header: str) -> str | None:
        """The country of the office or web domain a release's header names ("... available from DFAT")."""
        return next((code for pattern, code in self.publishers if pattern.search(header)), None)

    def country_ranking(self, text: str, start: int) -> list[str]:
        """Countries by how strongly the text speaks of them as sides.

        Every mention counts; a pair ("U.S.-Canada", "between Japan and Kenya"),
        a side ("the Russian side") or a seat of government ("the White House")
        counts more, because it names a party to the exchange rather than a topic.
        """
        hits = self.countries.find(text, start)
        counts: Counter[str] = Counter()
        for n, (s, e, code) in enumerate(hits):
            weight = 1
            neighbours = [h for h in hits[max(0, n - 1) : n + 2] if h[2] != code]
            for s2, e2, _ in neighbours:
                gap = text[min(e, e2) : max(s, s2)]
                if re.fullmatch(r"\s*[-–—]\s*", gap) or re.fullmatch(r"\s+and\s+(?:the\s+)?", gap):
                    weight += 3
            if re.match(r"\s+side\b", text[e : e + 8]):
                weight += 3
            # A country named as the doer or place of a conflict is a topic, not a side.
            if self.topic_after.match(text, e) or self.topic_before.search(text[max(0, s - 40) : s]):
                weight = 0
            counts[code] += weight
        for name, code in self.rules.institutions.items():
            counts[code] += 5 * len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text))
        # Ties go to the country named first, so the order never depends on dict order.
        first_seen = {}
        for s, _, code in hits:
            first_seen.setdefault(code, s)
        return sorted((c for c, v in counts.items() if v > 0), key=lambda c: (-counts[c], first_seen.get(c, 0), c))


def _sides_of(rules: CountriesRules) -> Sides:
    return Sides(rules, built(Countries, rules))


class SideFinder(RuleComponent):
    """Which state each participant represents when the text does not say it next to the name.

    The principals of the first exchange without a stated country take, in
    order of mention, the countries the text names most as sides, skipping
    those the other principals already represent; officials and spouses go with
    their side.
    """

    rule_files = {"titles": TitlesRules, "countries": CountriesRules}

    def compile(self) -> None:
        self.sides = built(_sides_of, self.rules.countries)

    def __call__(self, doc: Doc) -> Doc:
        people = doc._.px_participants or []
        events = doc._.px_events or []
        national = self.rules.titles.national_titles
        for person in people:
            if person.country is None and person.title in national:
                person.country = national[person.title]
        # The occasions are settled now: who meets whom, for this step and the positions after it.
        principals = principal_ids(events, people)
        doc._.px_principals = principals
        ranking = self.sides.country_ranking(doc_text(doc), doc._.px_layout.body_start)
        home = self.sides.publisher_country(doc_text(doc)[: doc._.px_layout.body_start]) or (ranking[0] if ranking else None)
        for person in people:
            if person.byline and person.country is None and person.organization is None:
                # A minister's media release speaks for its publisher's country, else the side it names most.
                person.country = home
        first = next((e for e in events if set(principals) <= set(e.participants)), None) if principals else None
        hosts = [i for i in (first.hosts if first else []) if i in principals]
        guests = [i for i in principals if i not in hosts]
        if not hosts or not guests:
            # "A and B held talks": each principal named in the subject is a side of its own.
            ordered = sorted(principals, key=lambda i: people[i].mentions[0][0])
            unstated = [i for i in ordered if people[i].country is None]
            hosts = unstated[:1] if unstated else ordered[:1]
            guests = [i for i in ordered if i not in hosts]

        def settle(group: list[int], taken: set) -> str | None:
            # One side shares one state: what its members say of themselves, else the text's next side.
            stated = [people[i].country for i in group if people[i].country]
            code = stated[0] if stated else next((c for c in ranking if c not in taken), None)
            for i in group:
                if people[i].country is None and people[i].organization is None:
                    people[i].country = code
            return code

        stated = {i for i in principals if people[i].country}
        guest_countries = {people[i].country for i in guests if people[i].country}
        host_countries = {people[i].country for i in hosts if people[i].country}
        home = settle(hosts, guest_countries)
        if len({people[i].country for i in guests} - {None}) <= 1:
            settle(guests, host_countries | ({home} if home else set()))
        else:
            # Guests of several states (a trilateral): each its own next side.
            taken = host_countries | ({home} if home else set()) | guest_countries
            for i in sorted(guests, key=lambda i: people[i].mentions[0][0]):
                if people[i].country is None and people[i].organization is None:
                    code = next((c for c in ranking if c not in taken), None)
                    people[i].country = code
                    if code:
                        taken.add(code)
        if not principals:
            home = ranking[0] if ranking else None
        # Officials without a stated country belong to the side the release speaks for: the
        # side of the first principal the text never qualifies with a country ("President Xi").
        unqualified = [i for i in sorted(principals, key=lambda i: people[i].mentions[0][0]) if i not in stated]
        if unqualified and people[unqualified[0]].country:
            home = people[unqualified[0]].country
        in_events = {i for e in events for i in e.participants}
        for i, person in enumerate(people):
            if person.country is None and person.organization is None and person.spouse_of is None and i in in_events and i not in principals:
                person.country = home
        for person in people:
            if person.spouse_of is not None and person.country is None:
                person.country = people[person.spouse_of].country
        return doc
