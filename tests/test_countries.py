"""Country names and demonyms (countries.py), on the examples its docstrings quote."""

import pytest

from pressextract.countries import Countries
from pressextract.rules import load_rule_file, rules_dir
from pressextract.schemas import CountriesRules


@pytest.fixture(scope="module")
def countries():
    return Countries(load_rule_file(rules_dir() / "countries.json", CountriesRules))


@pytest.mark.parametrize(
    "written, code",
    [
        ("the Republic of Kenya", "KE"),
        ("Kenyan", "KE"),
        ("U.S.", "US"),
        ("Russia", "RU"),
        ("Republic of Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Atlantis", None),
    ],
)
def test_lookup(countries, written, code):
    assert countries.lookup(written) == code


def test_find_names_and_demonyms_in_order(countries):
    text = "Talks between Japan and Kenya; the Kenyan side spoke first."
    assert [(text[s:e], code) for s, e, code in countries.find(text)] == [("Japan", "JP"), ("Kenya", "KE"), ("Kenyan", "KE")]
