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


def test_documents_amending_an_agreement_and_a_second_document_after_and(nlp):
    found = titles("The documents signed included documents amending the intergovernmental agreement on merchant shipping of December 23, 1994, and concerning oil supplies in 2022.")
    assert [(t, m) for t, _, m in found] == [
        ("other", "documents amending the intergovernmental agreement on merchant shipping of December 23, 1994"),
        ("other", "concerning oil supplies in 2022"),
    ]


def test_a_bare_package_of_documents_is_not_an_instrument(nlp):
    assert titles("The two countries signed a package of documents before the talks.") == []


def test_documents_signed_to_date_are_background(nlp):
    assert titles("To date, our countries have signed 288 documents, including the Treaty on Strategic Partnership.") == []


def test_agreeing_is_not_a_document(nlp):
    assert titles("The President welcomed the comments confirming agreement to establish an assessment centre.") == []


def test_parties_of_a_passive_signing_between(nlp):
    (inst,) = extract(HEAD + "A Protocol was also signed between the Cabinet of Ministers of Ukraine and the Government of the Republic of Turkey amending the Agreement of 2009.").instruments
    assert inst.type == "protocol" and inst.action == "signed"
    assert inst.parties == ["Cabinet of Ministers of Ukraine", "Government of the Republic of Turkey"]


def test_a_quoted_name_is_one_party(nlp):
    (inst,) = extract(HEAD + 'The Memorandum of Understanding between the State Enterprise "Research and Training Center for Standardization, Certification and Quality" and the Turkish Institute of Standards was signed.').instruments
    assert inst.parties == ['State Enterprise "Research and Training Center for Standardization, Certification and Quality"', "Turkish Institute of Standards"]


def test_two_named_agreements_are_two_documents(nlp):
    found = titles("They signed the Interim Agreement on trade and welcomed the negotiations on the U.S.-India Bilateral Trade Agreement.")
    assert [m for _, _, m in found] == ["Interim Agreement on trade", "U.S.-India Bilateral Trade Agreement"]


def test_a_proper_name_in_a_list_of_documents(nlp):
    found = titles("The President welcomed Japan's new National Security Strategy, National Defense Strategy, and Defense Buildup Program.")
    assert [m for _, _, m in found] == ["National Security Strategy", "National Defense Strategy", "Defense Buildup Program"]


def test_the_signed_text_of_a_memorandum_is_its_own_instrument(nlp):
    text = (
        "Memorandum of Cooperation between the Ministry of Economy of Japan and the Ministry of Industry of Viet Nam Concerning Energy\n\n"
        "November 27, 2023\n\n"
        "1. The Participants intend to cooperate in the field of energy transition.\n\n"
        "2. This Memorandum of Cooperation will commence on the date of its signature.\n\n"
        "Signed at Tokyo, on the 27th day of November 2023, in duplicate, in the English language.\n"
    )
    (inst,) = extract(text).instruments
    assert inst.type == "memorandum_of_cooperation" and inst.action == "signed"
    assert inst.parties == ["Ministry of Economy of Japan", "Ministry of Industry of Viet Nam"]
    assert inst.mentions[0].text.startswith("Memorandum of Cooperation between")
    assert extract(text.replace("Signed at Tokyo", "Drafted in Tokyo")).instruments == []


def test_parties_of_a_possessive_signing(nlp):
    (inst,) = extract(HEAD + "President Putin applauded Japan and Australia's signing of the Reciprocal Access Agreement.").instruments
    assert inst.parties == ["Japan", "Australia"]


def test_the_single_signer_of_a_unilateral_document(nlp):
    (inst,) = extract(HEAD + "The President of Russia signed the Executive Order On the Recognition of the Republic.").instruments
    assert inst.type == "other" and inst.parties == ["President of Russia"]


def test_a_dotted_abbreviation_does_not_end_a_title(nlp):
    (inst,) = extract(HEAD + "They witnessed the signing of a Memorandum of Understanding between the Institute of Standards of the U.S. Department of Commerce and the Ministry of Economy of Ukraine on metrology.").instruments
    assert inst.parties == ["Institute of Standards of the U.S. Department of Commerce", "Ministry of Economy of Ukraine"]


def test_two_coordinated_executive_orders_are_two_documents(nlp):
    record = extract(HEAD + "The President of Russia signed the Executive Order On the Recognition of the Donetsk Republic and the Executive Order On the Recognition of the Lugansk Republic.")
    assert [(i.title, i.parties) for i in record.instruments] == [
        ("Executive Order On the Recognition of the Donetsk Republic", ["President of Russia"]),
        ("Executive Order On the Recognition of the Lugansk Republic", ["President of Russia"]),
    ]


def test_one_sides_draft_is_not_an_instrument(nlp):
    assert titles("Vladimir Putin detailed the approaches underlying the Russian drafts of the Treaty between the Russian Federation and the United States of America.") == []


def test_the_subject_before_the_parties(nlp):
    (inst,) = extract(HEAD + "A memorandum of understanding on cooperation in the field of low carbon development between Rosneft and China National Petroleum Corporation was signed.").instruments
    assert inst.field == "low carbon development"
