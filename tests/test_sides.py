"""Sides (sides.py): which state each participant represents, on the examples its docstrings quote."""

import pytest
import spacy

from pressextract.items import EventItem, PersonItem
from pressextract.sides import SideFinder, _hosts_and_guests


@pytest.fixture(scope="module")
def sides():
    return SideFinder(spacy.blank("en"), "px_sides").sides


def test_publisher_named_in_the_header(sides):
    assert sides.publisher_country("Media releases are available from DFAT via the internet.") == "AU"
    assert sides.publisher_country("Media releases are available from the ministry.") is None


@pytest.mark.parametrize(
    "text, first",
    [
        # A pair, a side and a seat of government name parties; a country named once after them does not win.
        ("Japan and Kenya held talks. France was mentioned. France was mentioned again.", "JP"),
        ("The Japanese side noted it. France was mentioned. France was mentioned again.", "JP"),
        ("The White House said so. France was mentioned. France was mentioned again.", "US"),
        ("U.S.-Canada talks began. France was mentioned. France was mentioned again.", "US"),
    ],
)
def test_what_names_a_side_counts_more(sides, text, first):
    assert sides.country_ranking(text, 0)[0] == first


def test_a_country_as_the_doer_of_a_conflict_is_a_topic(sides):
    assert "RU" not in sides.country_ranking("They condemned Russia's invasion. Kenya and Japan agreed.", 0)


def test_a_country_after_a_topic_noun_is_a_topic(sides):
    assert "UA" not in sides.country_ranking("They discussed the invasion of Ukraine with Kenya.", 0)


def _person(start: int, country=None) -> PersonItem:
    return PersonItem(name=f"P{start}", country=country, mentions=[(start, start + 2)])


def test_a_and_b_held_talks_each_a_side_of_its_own():
    people = [_person(0), _person(10)]
    events = [EventItem(kind="meeting", span=(0, 20), participants=[0, 1])]
    assert _hosts_and_guests(people, events, [0, 1]) == ([0], [1])


def test_hosts_and_guests_as_the_occasion_states_them():
    people = [_person(0), _person(10)]
    events = [EventItem(kind="meeting", span=(0, 20), participants=[0, 1], hosts=[1], guests=[0])]
    assert _hosts_and_guests(people, events, [0, 1]) == ([1], [0])
