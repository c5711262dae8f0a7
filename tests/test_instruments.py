"""Instrument rules, one behaviour per test, on short readouts."""

import pytest

from pressextract import extract

HEAD = "Talks\n\nMay 3, 2023\n\nPresident Putin held talks with President Berdimuhamedov of Turkmenistan. "


def titles(text: str) -> list[tuple[str, str, str]]:
    return [(i.type, i.action, i.mentions[0].text) for i in extract(HEAD + text).instruments]


def test_plural_name_over_a_field_list_is_one_document_per_field(nlp):
    found = titles("The ministries signed memorandums on cooperation in transport and transit, communications and IT, the construction sector, and banking supervision.")
    assert [m for _, _, m in found] == [
        "memorandums on cooperation in transport and transit",
        "communications and IT",
        "the construction sector",
        "banking supervision",
    ]
    assert {(t, a) for t, a, _ in found} == {("memorandum_of_understanding", "signed")}


def test_singular_name_over_a_field_list_stays_one_document(nlp):
    found = titles("The sides signed a roadmap for cooperation in science, technology, education and innovation.")
    assert [(t, m) for t, _, m in found] == [("other", "roadmap for cooperation in science, technology, education and innovation")]


def test_memoranda_with_a_repeated_preposition_are_two_documents(nlp):
    found = titles("Relevant agencies signed a number of agreements in the sphere of education and memoranda of cooperation on intellectual property and on geological exploration.")
    assert ("memorandum_of_cooperation", "signed", "memoranda of cooperation on intellectual property") in found
    assert ("memorandum_of_cooperation", "signed", "on geological exploration") in found


@pytest.mark.parametrize("lead", ["This year we are marking 20 years of the", "The talks were held in accordance with the"])
def test_a_cited_treaty_is_not_an_instrument(nlp, lead):
    assert titles(f"{lead} Treaty of Friendship and Cooperation that we signed in Ashgabat.") == []


def test_a_verb_after_a_preposition_does_not_act_on_the_document(nlp):
    assert titles("They reviewed the initiatives announced in the Camp David statement.") == []
