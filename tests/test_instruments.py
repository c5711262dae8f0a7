"""Instrument rules, one behaviour per test, on short readouts."""

import json
import shutil

import pytest

from pressextract import extract
from pressextract.errors import ConfigError
from pressextract.rules import rules_dir

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


# -- the examples quoted in instruments.py, each on a short sentence of its own -----------------------


def found(text: str) -> list[tuple[str, str, str]]:
    return [(i.type, i.action, i.title) for i in extract(HEAD + text).instruments]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A qualifying prefix is taken in, as a capitalised run ending right before the name.
        ("The ministers signed the Grant Agreement on rural roads.", ("grant_agreement", "signed", "Grant Agreement on rural roads")),
        ("The sides adopted the Comprehensive Strategic Partnership Agreement.", ("agreement", "adopted", "Comprehensive Strategic Partnership Agreement")),
        ("They signed the Trade and Investment Framework Agreement.", ("agreement", "signed", "Trade and Investment Framework Agreement")),
        # ... never across "and the": "People's Republic and the Executive Order".
        ("The People's Republic and the Executive Order on taxes were signed.", ("other", "signed", "Executive Order on taxes")),
        # A second capitalised name word: "Memorandum of Understanding and Cooperation between ...".
        (
            "A Memorandum of Understanding and Cooperation between the Ministry of Health of Japan and the Ministry of Health of Kenya was signed.",
            ("memorandum_of_understanding", "signed", "Memorandum of Understanding and Cooperation between the Ministry of Health of Japan and the Ministry of Health of Kenya"),
        ),
        # A qualified "programme" is a document.
        ("The two sides signed a programme of cultural exchanges for 2021-2024.", ("other", "signed", "programme of cultural exchanges for 2021-2024")),
    ],
)
def test_a_title_runs_from_its_qualifiers_to_its_end(nlp, text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The leaders discussed the Global Combat Air Programme.",  # a programme named, not qualified
        "The Ministers signed the documents.",  # "the documents": a weak name, bare
        "The two governments adopted a program.",  # "a program"
        "The ministers discussed an agreement to establish a research centre.",  # what the document does is not done to it
        "The sides did not sign the Memorandum of Cooperation on energy.",  # a negated verb
    ],
)
def test_no_document_is_acted_on(nlp, text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text, action",
    [
        ("The ministers signed the MoU.", "signed"),  # "signed [the MoU]"
        ("The ministers welcomed the exchange of the MoC on energy.", "exchanged"),  # "the exchange of [the MoC]"
        ("A joint statement was adopted.", "adopted"),  # "[a joint statement] was adopted"
        ("The agreement signed today covers energy.", "signed"),  # "[the agreement] signed today"
        ("The leaders agreed to conclude an Economic Partnership Agreement.", "agreed_to_conclude"),
        ("The sides will sign a Memorandum of Cooperation on energy.", "agreed_to_conclude"),  # a planned signing
        ("Ministers issued the AUSMIN 2023 Joint Statement.", "adopted"),  # a verb right before the mention
        ("The documents signed included the Memorandum of Cooperation on energy.", "signed"),
        ("Several documents were signed. They include the Memorandum of Cooperation on energy.", "signed"),
        ("The following documents were signed: the Memorandum of Cooperation on energy.", "signed"),
        ("The following documents were exchanged:\n1.\nExchange of Notes on the grant for rural roads", "exchanged"),
    ],
)
def test_the_action_comes_from_the_words_that_govern_the_mention(nlp, text, action):
    assert [a for _, a, _ in found(text)] == [action]


def test_what_happens_to_one_coordinated_document_happens_to_both(nlp):
    assert found("The ministers welcomed the exchange of a memorandum on fisheries and a memorandum on forestry.") == [
        ("memorandum_of_understanding", "exchanged", "memorandum on fisheries"),
        ("memorandum_of_understanding", "exchanged", "memorandum on forestry"),
    ]


def test_a_label_alone_on_the_line_before(nlp):
    (inst,) = extract(HEAD + "The following documents were exchanged:\n1.\nExchange of Notes on the grant for rural roads").instruments
    assert inst.label == "1"


def test_a_bare_mention_joins_the_latest_document_of_its_type(nlp):
    (inst,) = extract(HEAD + "The Prime Ministers signed the Interim Agreement on trade. The Agreement will enter into force in May.").instruments
    assert len(inst.mentions) == 2 and inst.mentions[1].text == "Agreement"


@pytest.mark.parametrize(
    "text, parties",
    [
        (  # a plural body shared by two states: the body of each
            "A Memorandum of Understanding between the Ministries of Economy of Ukraine and Azerbaijan on trade was signed.",
            ["Ministry of Economy of Ukraine", "Ministry of Economy of Azerbaijan"],
        ),
        (
            "The Joint Declaration of the Heads of State of Ukraine and Azerbaijan was adopted.",
            ["Head of State of Ukraine", "Head of State of Azerbaijan"],
        ),
        (  # the split falls after a country name
            "A Memorandum of Understanding between the Ministry of Economy of Japan and the Ministry of Industry of the Republic of Kenya on trade was signed.",
            ["Ministry of Economy of Japan", "Ministry of Industry of the Republic of Kenya"],
        ),
        (  # every "and" or comma right after a country name ends a party
            "An Agreement between the Ministry of Economy of Ukraine, the Ministry of Finance of Ukraine and the Ministry of Economy of Azerbaijan on trade was signed.",
            ["Ministry of Economy of Ukraine", "Ministry of Finance of Ukraine", "Ministry of Economy of Azerbaijan"],
        ),
        (  # a bare place after a body's place is a second place of that body
            "A Memorandum of Understanding between the Departments of Health of Ireland and Northern Ireland and the Ministry of Health of Ukraine was signed.",
            ["Departments of Health of Ireland and Northern Ireland", "Ministry of Health of Ukraine"],
        ),
        (  # a comma inside a party's name stays inside it
            "A Memorandum of Cooperation between the Ministry of Land, Infrastructure, Transport and Tourism of Japan and the Ministry of Transport of Kenya was signed.",
            ["Ministry of Land, Infrastructure, Transport and Tourism of Japan", "Ministry of Transport of Kenya"],
        ),
        (  # the authors of a joint declaration
            "The Joint Declaration of the President of Ukraine and the President of Azerbaijan was adopted.",
            ["President of Ukraine", "President of Azerbaijan"],
        ),
        (  # the next cell of a table row
            "The following documents were signed:\n1. | MoU on health | Ministry of Health of India and Department of Health of Australia",
            ["Ministry of Health of India", "Department of Health of Australia"],
        ),
        ("Australia and Indonesia signed a MoU on maritime cooperation.", ["Australia", "Indonesia"]),  # the signers as subject
        ("The King of Jordan signed the Executive Order on water.", ["King of Jordan"]),  # a head of state signs alone
    ],
)
def test_parties(nlp, text, parties):
    (inst,) = extract(HEAD + text).instruments
    assert inst.parties == parties


@pytest.mark.parametrize(
    "text, subject",
    [
        (  # after the parties
            "A Memorandum of Understanding between the State Service of Ukraine for Geodesy and the Ministry of Agriculture of Azerbaijan on land relations was signed.",
            "land relations",
        ),
        ("The sides signed an agreement to promote trade.", "trade"),  # a purpose
        ("The sides signed agreements in the sphere of education.", "education"),  # a field of cooperation
    ],
)
def test_the_subject_of_a_document(nlp, text, subject):
    (inst,) = extract(HEAD + text).instruments
    assert inst.field == subject


# -- each kind of edit of instruments.json takes effect with no code change ---------------------------


def edited(nlp, tmp_path, edit):
    """An instruments component built, as a config would build it, from a copy of the packaged rules with ``edit`` applied."""
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    path = folder / "instruments.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return nlp.create_pipe("px_instruments", config={"rules": str(folder)})


def found_by(component, nlp, text: str) -> list[tuple[str, str, str]]:
    doc = component(nlp(HEAD + text))
    return [(i.type, i.action, i.title) for i in doc._.px_instruments]


@pytest.mark.parametrize(
    "edit, text, before, after",
    [
        (  # a document name and its type
            lambda d: d["names"].append(["covenant", "treaty"]),
            "The two ministers signed a Covenant on Water Security.",
            [],
            [("treaty", "signed", "Covenant on Water Security")],
        ),
        (  # an abbreviation of a name
            lambda d: (d["names"].append(["tor", "other"]), d["abbreviations"].append("tor")),
            "The sides signed the ToR on the joint committee.",
            [],
            [("other", "signed", "ToR on the joint committee")],
        ),
        (  # an action verb (lemma)
            lambda d: d["actions"].update({"ratify": "adopted"}),
            "The parliaments ratified the Treaty on Good Neighbourliness.",
            [],
            [("treaty", "adopted", "Treaty on Good Neighbourliness")],
        ),
        (  # an action verb as written before a document
            lambda d: d["written_actions"].update({"initialled": "signed"}),
            "The negotiators initialled the Agreement on trade.",
            [],
            [("agreement", "signed", "Agreement on trade")],
        ),
        (  # a word that puts a document in the making
            lambda d: d["conclude_cues"].append("renegotiation"),
            "The ministers launched the renegotiation of the Agreement on trade.",
            [("agreement", "announced", "Agreement on trade")],
            [("agreement", "agreed_to_conclude", "Agreement on trade")],
        ),
        (  # a verb that ends a title
            lambda d: d["title_end_verbs"].append("praised"),
            "The sides signed the Agreement on trade and praised the progress.",
            [("agreement", "signed", "Agreement on trade and praised the progress")],
            [("agreement", "signed", "Agreement on trade")],
        ),
        (  # a phrase that only cites a document
            lambda d: d["cited_before"].append("commemorating"),
            "This year we are commemorating the Treaty of Friendship and Cooperation that we signed in Ashgabat.",
            [("treaty", "signed", "Treaty of Friendship and Cooperation that we signed in Ashgabat")],
            [],
        ),
    ],
)
def test_one_json_edit_takes_effect(nlp, tmp_path, edit, text, before, after):
    assert found_by(nlp.get_pipe("px_instruments"), nlp, text) == before
    assert found_by(edited(nlp, tmp_path, edit), nlp, text) == after


def test_an_abbreviation_that_is_no_name_is_refused_at_load(nlp, tmp_path):
    with pytest.raises(ConfigError, match=r"instruments\.json.*abbreviations are not names: \['tor'\]"):
        edited(nlp, tmp_path, lambda d: d["abbreviations"].append("tor"))
