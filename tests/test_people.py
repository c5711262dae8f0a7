"""The people step on short sentences: the examples its comments and docstrings quote, one behaviour each."""

import re

import pytest
import spacy

from pressextract.people import MentionScan, PeopleFinder, title_matches
from pressextract.ranges import Covered, Sorted

HEAD = "Talks\n\nMay 3, 2023\n\n"


@pytest.fixture(scope="module")
def rules():
    """The compiled packaged rules of the people step."""
    return PeopleFinder(spacy.blank("en"), "px_people").mention_rules


@pytest.fixture(scope="module")
def blank():
    """Layout and people on spaCy's blank English: the title patterns alone, no tagger or parser."""
    nlp = spacy.blank("en")
    for name in ("px_sentences", "px_layout", "px_people"):
        nlp.add_pipe(name)
    return nlp


def people(nlp, body: str):
    """The people the people step finds in a release with ``body``, as (name, title, country, honorifics, mentions)."""
    text = HEAD + body
    names = nlp.pipe_names
    late = [n for n in ("px_events", "px_sides", "px_instruments", "px_positions") if n in names]
    with nlp.select_pipes(disable=late):
        doc = nlp(text)
    return [(p.name, p.title, p.country, p.honorifics, [text[s:e] for s, e in p.mentions]) for p in doc._.px_participants]


def scan(rules, text: str, persons=()):
    """The mentions the patterns find in ``text``, with ``persons`` as the PERSON spans spaCy would give."""
    return MentionScan(rules, text, rules.case_shadow(text), Covered(), Sorted(persons), Sorted([])).run(0, len(text))


@pytest.mark.parametrize(
    "body, name, title, country, honorifics, mention",
    [
        ("Prime Minister KISHIDA Fumio held talks.", "Fumio Kishida", "Prime Minister", None, [], "Prime Minister KISHIDA Fumio"),
        (
            "H.E. Dr. William Samoei Ruto, President of the Republic of Kenya, arrived.", "William Samoei Ruto", "President", "KE",
            ["H.E.", "Dr."], "H.E. Dr. William Samoei Ruto, President of the Republic of Kenya",
        ),
        ("Canadian Prime Minister Justin Trudeau arrived.", "Justin Trudeau", "Prime Minister", "CA", [], "Canadian Prime Minister Justin Trudeau"),
        (
            "Deputy Prime Minister and Minister for Defence Richard Marles arrived.", "Richard Marles",
            "Deputy Prime Minister and Minister for Defence", None, [], "Deputy Prime Minister and Minister for Defence Richard Marles",
        ),
        ("State Councilor and Foreign Minister Wang Yi arrived.", "Wang Yi", "State Councilor and Foreign Minister", None, [], "State Councilor and Foreign Minister Wang Yi"),
        ("Mr Thomas Nkobi arrived.", "Thomas Nkobi", None, None, ["Mr"], "Mr Thomas Nkobi"),
        ("Foreign Minister Julie Bishop MP arrived.", "Julie Bishop", "Foreign Minister", None, ["MP"], "Foreign Minister Julie Bishop MP"),
    ],
)
def test_ways_readouts_introduce_a_person(blank, body, name, title, country, honorifics, mention):
    assert people(blank, body) == [(name, title, country, honorifics, [mention])]


@pytest.mark.parametrize(
    "body, title, country",
    [
        ("Talks with the Prime Minister of Japan went well.", "Prime Minister", "JP"),
        ("The Kenyan President spoke first.", "President", "KE"),
    ],
)
def test_title_alone_is_a_person_when_it_says_whose(blank, body, title, country):
    assert [(p[1], p[2]) for p in people(blank, body)] == [(title, country)]


def test_a_bare_office_makes_no_person(blank):
    # "the Leader", "the Secretary": a person only when it says whose.
    assert people(blank, "The Leader noted progress. The Secretary agreed.") == []


def test_capitals_line_is_read_in_title_case(blank):
    found = people(blank, "MINISTER FOR FOREIGN AFFAIRS ALEXANDER DOWNER\n\nThe meeting went well.")
    assert [(p[0], p[1], p[4]) for p in found] == [
        ("Alexander Downer", "Minister for Foreign Affairs", ["MINISTER FOR FOREIGN AFFAIRS ALEXANDER DOWNER"])
    ]


def test_case_shadow_keeps_offsets(rules):
    line = "MINISTER FOR FOREIGN AFFAIRS ALEXANDER DOWNER"
    assert rules.case_shadow(line) == "Minister for Foreign Affairs Alexander Downer"
    assert len(rules.case_shadow(line + "\nplain text")) == len(line + "\nplain text")


def test_name_never_runs_into_an_office(rules):
    assert re.match(rules.name_pattern(), "Serdar Berdimuhamedov President of Russia").group(0) == "Serdar Berdimuhamedov"


def test_a_place_before_a_title_is_not_a_name(blank):
    found = people(blank, "Glasgow, President of Ukraine Volodymyr Zelenskyy spoke.")
    assert [p[0] for p in found] == ["Volodymyr Zelenskyy"]


def test_after_a_comma_only_a_real_name_continues_the_mention(blank):
    assert [(p[0], p[1]) for p in people(blank, "Mr President, First, I want to thank you.")] == [(None, "President")]


def test_the_secretary_before_a_joined_office_is_someone_else(blank):
    found = people(blank, "Secretary of State Antony Blinken met Foreign Minister Dmytro Kuleba. The Secretary and Foreign Minister Kuleba discussed aid.")
    assert [p[4] for p in found] == [
        ["Secretary of State Antony Blinken", "The Secretary"],
        ["Foreign Minister Dmytro Kuleba", "Foreign Minister Kuleba"],
    ]


def test_a_person_span_inside_the_title_moves_the_name_back(rules):
    text = "Minister for Foreign Affairs Luiz Alberto Figueiredo met the delegation."
    without = scan(rules, text)
    start = text.index("Luiz")
    with_person = scan(rules, text, [(start, text.index(" met"))])
    assert (without[0].title, without[0].name) == ("Minister for Foreign Affairs Luiz", "Alberto Figueiredo")
    assert (with_person[0].title, with_person[0].name) == ("Minister for Foreign Affairs", "Luiz Alberto Figueiredo")


@pytest.mark.parametrize(
    "raw, name",
    [
        ("Biden’s", "Biden"),
        ("Justin Trudeau In", "Justin Trudeau"),
        ("The President", None),
        ("Kenya", None),
    ],
)
def test_clean_name(rules, raw, name):
    assert rules.clean_name(raw) == name


@pytest.mark.parametrize(
    "raw, country, expected",
    [
        ("KISHIDA Fumio", None, ("Fumio Kishida", "Kishida", "Fumio")),
        ("KISHIDA Fumio", "CN", ("Kishida Fumio", "Kishida", "Fumio")),
        ("Mohammed bin Salman", None, ("Mohammed bin Salman", "bin Salman", "Mohammed")),
        ("Luiz Inácio Lula da Silva", None, ("Luiz Inácio Lula da Silva", "da Silva", "Luiz Inácio Lula")),
        ("Tamim bin Hamad Al Thani", None, ("Tamim bin Hamad Al Thani", "Al Thani", "Tamim bin Hamad")),
        ("Xi Jinping", "CN", ("Xi Jinping", "Xi", "Jinping")),
        ("Joseph R. Biden Jr.", None, ("Joseph R. Biden Jr.", "Biden", "Joseph R.")),
    ],
)
def test_split_name(rules, raw, country, expected):
    assert rules.split_name(raw, country) == expected


def test_post_nominals_are_honorifics(rules):
    assert rules.split_suffix_honorifics("Julie Bishop MP") == ("Julie Bishop", ["MP"])


@pytest.mark.parametrize(
    "title, mention, named",
    [
        ("Minister for Foreign Affairs", "Minister", True),
        ("Federal Chancellor", "Chancellor", True),
        ("Prime Minister-designate", "Prime Minister", True),
        ("Vice President", "President", False),
        ("Head of the Office of the President", "President", False),
    ],
)
def test_title_matches(rules, title, mention, named):
    assert title_matches(title, mention, rules) is named


def test_short_form_joins_the_full_title(blank):
    found = people(blank, "Federal Chancellor Olaf Scholz met the press. The Chancellor said more.")
    assert [p[4] for p in found] == [["Federal Chancellor Olaf Scholz", "The Chancellor"]]


def test_head_of_state_is_the_first_head_named(blank):
    found = people(blank, "President William Ruto met Prime Minister Fumio Kishida. The Head of State noted progress.")
    assert found[0][4] == ["President William Ruto", "The Head of State"]


def test_pm_is_not_the_prime_minister_written_out_beside_it(blank):
    found = people(blank, "Prime Minister Luxon met Prime Minister Albanese. PM thanked Prime Minister Albanese for the visit.")
    assert {p[0]: p[4] for p in found} == {
        "Luxon": ["Prime Minister Luxon", "PM"],
        "Albanese": ["Prime Minister Albanese", "Prime Minister Albanese"],
    }


def test_a_relative_is_not_the_same_person(blank):
    found = people(blank, "Prime Minister KISHIDA Fumio and Mrs. KISHIDA Yuko welcomed President Ruto.")
    assert [p[0] for p in found] == ["Fumio Kishida", "Yuko Kishida", "Ruto"]


def test_family_name_alone_is_the_person_named_before(blank):
    found = people(blank, "Prime Minister Fumio Kishida arrived. Kishida noted the progress.")
    assert found[0][4] == ["Prime Minister Fumio Kishida", "Kishida"]


def test_family_names_are_found_longest_first(blank):
    found = people(blank, "President Luiz Inácio Lula da Silva met Foreign Minister Mauro Silva. Later da Silva left.")
    assert found[0][4][-1] == "da Silva"


def test_unnamed_spouse_is_a_person_of_their_own(nlp):
    text = HEAD + "Prime Minister Fumio Kishida arrived with his spouse."
    with nlp.select_pipes(disable=["px_events", "px_sides", "px_instruments", "px_positions"]):
        found = nlp(text)._.px_participants
    assert [(p.name, p.spouse_of, [text[s:e] for s, e in p.mentions]) for p in found] == [
        ("Fumio Kishida", None, ["Prime Minister Fumio Kishida"]),
        (None, 0, ["his spouse"]),
    ]


@pytest.mark.parametrize(
    "body, names",
    [
        ("Vladimir Putin had a conversation with Xi Jinping.", ["Vladimir Putin", "Xi Jinping"]),
        ("Cai Qi, Wang Yi and Qin Gang were present.", ["Cai Qi", "Wang Yi", "Qin Gang"]),
        ("Vladimir Putin: We discussed trade.", ["Vladimir Putin"]),
        ("Luiz Inácio Lula da Silva met Emmanuel Macron.", ["Luiz Inácio Lula da Silva", "Emmanuel Macron"]),
        ("The delegation arrived in New Delhi.", []),
        ("They signed the Executive Order.", []),
    ],
)
def test_proper_noun_runs_where_people_stand(nlp, body, names):
    assert [p[0] for p in people(nlp, body)] == names


def test_the_one_untitled_person_takes_the_office(nlp):
    found = people(nlp, "Vladimir Putin held talks in Moscow. The President of Russia noted progress.")
    assert [(p[0], p[1], p[2], p[4]) for p in found] == [
        ("Vladimir Putin", "President", "RU", ["Vladimir Putin", "The President of Russia"])
    ]
