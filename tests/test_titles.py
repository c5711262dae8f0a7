"""Offices and heads (titles.py), on the examples its docstrings quote."""

import re

import pytest

from pressextract.countries import Countries
from pressextract.rules import load_rule_file, rules_dir
from pressextract.schemas import CountriesRules, TitlesRules
from pressextract.titles import Titles


@pytest.fixture(scope="module")
def titles():
    countries = Countries(load_rule_file(rules_dir() / "countries.json", CountriesRules))
    return Titles(load_rule_file(rules_dir() / "titles.json", TitlesRules), countries)


@pytest.mark.parametrize(
    "written",
    [
        "Prime Minister",
        "Vice Prime Minister",
        "President-elect",
        "Minister for Foreign Affairs and Trade",
        "Minister of Land, Infrastructure, Transport and Tourism",
    ],
)
def test_an_office_as_written(titles, written):
    assert re.fullmatch(titles.office, written)


@pytest.mark.parametrize(
    "text, office",
    [
        ("Minister of Foreign Affairs of Japan", "Minister of Foreign Affairs"),
        ("Minister of Foreign Affairs of the Republic of Kenya", "Minister of Foreign Affairs"),
        ("Minister for Trade of the People's Republic of China", "Minister for Trade"),
    ],
)
def test_a_portfolio_never_swallows_a_country(titles, text, office):
    assert re.match(titles.office, text).group(0) == office


def test_a_second_office_is_ministerial(titles):
    # "Deputy Prime Minister and Minister for Defence" is one person; "the President and Prime Minister Kishida" two.
    assert re.fullmatch(titles.second_office, "Minister for Defence")
    assert not re.fullmatch(titles.second_office, "Prime Minister")


@pytest.mark.parametrize(
    "title, head",
    [
        ("President", True),
        ("Federal Chancellor", True),
        ("Acting President", True),
        ("Prime Minister-designate", True),
        ("Vice President", False),
        ("Head of the Office of the President", False),
        (None, False),
    ],
)
def test_is_head(titles, title, head):
    assert titles.is_head(title) is head
