"""Position rules, one behaviour per test, on short readouts."""

import json
import shutil

import pytest

from pressextract import extract
from pressextract.extensions import DocContext
from pressextract.items import PositionItem
from pressextract.rules import rules_dir
from pressextract.runner import make_doc

HEAD = "Readout\n\nMay 3, 2023\n\n"


def stances(text: str) -> list[tuple[str, bool, str]]:
    record = extract(HEAD + text)
    names = {p.id: p.family_name for p in record.participants}
    return [(p.stance, p.joint, "+".join(sorted(names[a] for a in p.actors))) for p in record.positions]


def test_a_name_with_a_suffix_holds_its_purpose_clause(nlp):
    found = stances("President Joseph R. Biden, Jr. spoke today with President-elect Javier Milei of Argentina to congratulate him on his election.")
    assert found == [("welcome", False, "Biden")]


def test_the_first_of_two_clauses_joined_by_a_semicolon(nlp):
    found = stances(
        "President Biden met Prime Minister Kishida of Japan. The two leaders resolved to push back against attempts to change "
        "the status quo in the East China Sea; underscored the importance of peace across the Taiwan Strait; they shared concern about human rights."
    )
    assert [s for s, _, _ in found] == ["agree", "state", "share_view"]
    assert all(joint for _, joint, _ in found)


def test_a_name_parsed_as_an_apposition_is_the_subject(nlp):
    found = stances(
        "President Putin had a telephone conversation with President Joao Lourenco of Angola. "
        "At the request of Joao Lourenco, Vladimir Putin informed him about the goals of the operation."
    )
    assert ("state", False, "Putin") in found


def test_an_opening_participle_belongs_to_the_main_clause_subject(nlp):
    found = stances(
        "President Biden met Prime Minister Kishida of Japan. Noting the progress made under the Partnership, "
        "President Biden and Prime Minister Kishida established a new committee."
    )
    assert found == [("state", True, "Biden+Kishida")]


def test_a_list_item_goes_on_with_the_holder_of_its_lead(nlp):
    found = stances(
        "President Biden met Taoiseach Leo Varadkar of Ireland. The President and the Taoiseach recognized the importance of investment.\n\n"
        "- Recognized the importance of job creation in both countries."
    )
    assert found == [("share_view", True, "Biden+Varadkar"), ("share_view", True, "Biden+Varadkar")]


def test_a_leaders_statement_without_an_occasion(nlp):
    text = (
        "Presidential Joint Statement on Strategic Stability\n\nJune 16, 2021\n\n"
        "We, President of the United States of America Joseph R. Biden and President of the Russian Federation Vladimir Putin, note that progress is possible.\n\n"
        "Today, we reaffirm the principle that a nuclear war cannot be won.\n"
    )
    found = [(p.stance, p.joint, len(p.actors)) for p in extract(text).positions]
    assert ("confirm", True, 2) in found


def test_heads_named_only_in_the_background_are_not_its_authors(nlp):
    text = (
        "United States-India Joint Statement\n\nFebruary 6, 2026\n\n"
        "The United States and India are pleased to announce a framework for trade.\n\n"
        "The negotiations were launched by President Donald J. Trump and Prime Minister Narendra Modi in 2025. The United States and India agree to strengthen supply chains.\n"
    )
    assert extract(text).positions == []


def test_plural_offices_with_a_number_are_all_the_principals(nlp):
    found = stances(
        "National Security Advisor Jake Sullivan met National Security Advisor Shin Won-sik of the Republic of Korea. "
        "The two National Security Advisors reaffirmed their commitment to address common challenges."
    )
    assert found == [("confirm", True, "Shin+Sullivan")]


def test_expressed_appreciation_is_an_expression(nlp):
    found = stances("President Biden spoke with President William Ruto of Kenya. President Biden expressed appreciation for the partnership.")
    assert ("express", False, "Biden") in found


def test_turns_of_a_transcript_flattened_onto_one_line(nlp):
    text = HEAD + (
        "Vladimir Putin held talks with Prime Minister of India Narendra Modi. * * * Beginning of Russian-Indian talks "
        "Prime Minister of India Narendra Modi(retranslated): Your Excellency, welcome to India. We are glad to see you. "
        "President of Russia Vladimir Putin: Prime Minister, my friend. It is an honour for me to visit India once again."
    )
    record = extract(text)
    names = {p.id: p.family_name for p in record.participants}
    turns = [(names[p.actors[0]], p.span.text.split(":")[0]) for p in record.positions if ":" in p.span.text]
    assert turns == [("Modi", "Prime Minister of India Narendra Modi(retranslated)"), ("Putin", "President of Russia Vladimir Putin")]


def test_an_attribution_line_is_not_a_transcript_turn(nlp):
    text = HEAD + (
        "The following is attributable to Spokesperson Matthew Miller: Secretary of State Antony J. Blinken met today with "
        "Foreign Minister Penny Wong of Australia. Secretary Blinken thanked Foreign Minister Wong for the hospitality."
    )
    spans = [p.span.text for p in extract(text).positions]
    assert not any(s.startswith("Spokesperson Matthew Miller") for s in spans)
    assert any(s.startswith("Secretary Blinken thanked") for s in spans)


def test_the_head_of_state_is_the_first_president_named(nlp):
    found = stances(
        "President of Ukraine Volodymyr Zelenskyy met with Prime Minister of India Narendra Modi. "
        "The Head of State expressed gratitude to the Government of India for humanitarian aid."
    )
    assert ("express", False, "Zelenskyy") in found


def test_a_stance_phrase_with_a_hyphenated_modifier_and_an_aspect_verb(nlp):
    record = extract(
        HEAD + "Vladimir Putin had a telephone conversation with President of China Xi Jinping. "
        "The leaders had an in-depth exchange of opinions on bilateral cooperation. "
        "The two leaders continued to exchange views on international stability."
    )
    found = [(p.stance, p.joint, p.span.text) for p in record.positions]
    assert found == [
        ("discuss", True, "The leaders had an in-depth exchange of opinions on bilateral cooperation"),
        ("discuss", True, "The two leaders continued to exchange views on international stability"),
    ]


def test_topic_from_the_content_else_a_specific_heading(nlp):
    topic_of = nlp.get_pipe("px_positions").stances.topic_of
    assert topic_of("the importance of peace and stability across the Taiwan Strait", None) == "Taiwan Strait"
    assert topic_of("to strengthen cooperation on food security in Africa", "Overview") == "food security"
    assert topic_of("to continue close communication", "Regional situations") == "Regional situations"
    assert topic_of("to continue close communication", "Overview") is None
    assert topic_of("to continue close communication", "Vladivostok, Russia") is None


def test_holding_talks_is_an_occasion_unless_it_says_what_about(nlp):
    found = stances(
        "Vladimir Putin held talks with Prime Minister of India Narendra Modi in New Delhi. "
        "The two leaders held discussions on regional issues."
    )
    assert found == [("discuss", True, "Modi+Putin")]


def test_a_planned_passive_and_a_headline_line_are_not_positions(nlp):
    found = stances(
        "President Zelenskyy met Prime Minister Xavier Bettel of Luxembourg.\n\n"
        "Leaders Reaffirm Their Close Relations\n\n"
        "The issue of reconstruction will be discussed in more detail at a conference in Lugano. "
        "The two leaders discussed reconstruction."
    )
    assert found == [("discuss", True, "Bettel+Zelenskyy")]


def test_a_purpose_clause_the_parser_hangs_inside_the_with_phrase(nlp):
    found = stances("President Joseph R. Biden, Jr. spoke today with President Andrés Manuel López Obrador to reaffirm the vision they laid out in the November 2021 Summit.")
    assert found == [("confirm", True, "Biden+Obrador")]


def test_a_stance_verb_the_parse_joins_to_a_that_clause_goes_with_the_main_verb(nlp):
    found = stances(
        "Prime Minister Kishida held a summit meeting with President Marcos of the Philippines. "
        "The two leaders shared the view that the security environment in the region is becoming increasingly severe, "
        "and concurred in further strengthening cooperation between their defense authorities."
    )
    assert found == [("share_view", True, "Kishida+Marcos"), ("agree", True, "Kishida+Marcos")]


def test_an_apposed_title_before_the_verb_is_the_subject_not_a_later_mention(nlp):
    found = stances(
        "Vladimir Putin had a telephone conversation with Federal Chancellor of Austria Karl Nehammer. "
        "At the request of the Federal Chancellor of Austria, the President of Russia gave an assessment of the situation. "
        "Vladimir Putin noted that the talks were stalled."
    )
    assert found[0] == ("state", False, "Putin") and len(found) == 2


def test_a_ministers_media_release_speaks_through_its_byline_author(nlp):
    text = (
        "Trilateral meeting in Bali.\n\n"
        "Media releases are available from DFAT via the internet.\n\n"
        "MEDIA RELEASE MINISTER FOR FOREIGN AFFAIRS ALEXANDER DOWNER\n\n"
        "FA24 22 February 2002\n\n"
        "I look forward to attending the inaugural Trilateral Meeting in Bali involving Australia, Indonesia and East Timor. "
        "I welcome Indonesia's development of the trilateral concept.\n"
    )
    record = extract(text)
    (author,) = record.participants
    assert (author.family_name, author.title, author.country) == ("Downer", "Minister for Foreign Affairs", "AU")
    assert [(p.stance, p.actors) for p in record.positions] == [("express", [author.id]), ("welcome", [author.id])]


MET = "President Biden met Prime Minister Kishida of Japan. "


def positions(text: str) -> list[tuple[str, bool, str, str | None]]:
    """(stance, joint, holders' family names, verb as written) of each position of a short readout."""
    record = extract(HEAD + text)
    names = {p.id: p.family_name for p in record.participants}
    return [(p.stance, p.joint, "+".join(sorted(names[a] for a in p.actors)), p.verb) for p in record.positions]


BOTH = "Biden+Kishida"


@pytest.mark.parametrize(
    "text, expected",
    [
        # A passive phrase: the stance sits in the passive subject, the verb phrase runs through its preposition.
        (MET + "Particular attention was paid to maritime security.", [("discuss", True, BOTH, "Particular attention was paid to")]),
        # A stance verb with its particle.
        (MET + "President Biden pointed out the importance of deterrence.", [("state", False, "Biden", "pointed out")]),
        # Phrases are matched on lemmas, articles and possessives skipped.
        (MET + "The two leaders exchanged views on the regional situation.", [("discuss", True, BOTH, "exchanged views")]),
        (MET + "Prime Minister Kishida expressed his gratitude for the hospitality.", [("express", False, "Kishida", "expressed his gratitude")]),
        # Coordinated verbs give one position each.
        (
            MET + "The two leaders welcomed the new dialogue and concurred in strengthening cooperation.",
            [("welcome", True, BOTH, "welcomed"), ("agree", True, BOTH, "concurred")],
        ),
        # "he", "she": the last single holder.
        (
            MET + "Prime Minister Kishida thanked the President. She also stressed the need for unity.",
            [("welcome", False, "Kishida", "thanked"), ("state", False, "Kishida", "stressed")],
        ),
        # A passive in the future with no agent is a plan, nobody's stance yet.
        (MET + "The issue is to be discussed at the next meeting.", []),
        # "called on" a participant is a visit; "called on" anyone else, a request.
        ("Secretary Blinken travelled to Tokyo. Secretary Blinken called on Prime Minister Kishida at his office.", []),
        (MET + "The two leaders called on all parties to show restraint.", [("request", True, BOTH, "called on")]),
        # "committed" jointly is agree; a negated stance is other.
        (MET + "The two leaders committed to deepening cooperation.", [("agree", True, BOTH, "committed")]),
        (MET + "President Biden did not agree with the proposal.", [("other", False, "Biden", "agree")]),
        # No agent, or the talks as subject: all the principals.
        (MET + "It was agreed to expand cooperation.", [("agree", True, BOTH, "It was agreed")]),
        (MET + "The conversation touched upon energy security.", [("discuss", True, BOTH, "touched upon")]),
        # A side as subject is its principal; a side that is no state the text names holds nothing.
        (MET + "The Japanese side explained its position on trade.", [("state", False, "Kishida", "explained")]),
        (MET + "The other side stressed its concerns.", []),
        # "held talks" is the occasion unless it says what about.
        (MET + "The two leaders held talks over the border dispute.", [("discuss", True, BOTH, "held talks")]),
        (MET + "The two leaders held talks at the White House on energy security.", [("discuss", True, BOTH, "held talks")]),
        (MET + "The two leaders held talks with their delegations.", []),
        # A participle phrase after the main clause is held by its subject.
        (
            MET + "The President and the Prime Minister affirmed their alliance, recognizing the importance of deterrence.",
            [("confirm", True, BOTH, "affirmed"), ("share_view", True, BOTH, "recognizing")],
        ),
        # "According to X, ..." is X's statement.
        (MET + "According to President Biden, the alliance has never been stronger.", [("state", False, "Biden", "According to")]),
        # An attributed quote, the speech verb before or after its speaker.
        (MET + '"The alliance has never been stronger," said President Biden.', [("state", False, "Biden", "said")]),
        (MET + '"The alliance has never been stronger," President Biden stressed.', [("state", False, "Biden", "stressed")]),
        # Transcript turns, each a statement of its speaker.
        (
            "Vladimir Putin held talks with Prime Minister of India Narendra Modi.\n\n"
            "Vladimir Putin: Comrade Prime Minister, welcome.\n\nNarendra Modi: Thank you, Mr President.",
            [("state", False, "Putin", None), ("state", False, "Modi", None)],
        ),
        # A line in title case is a headline ("as" is one of its small words).
        (MET + "\n\nLeaders Reaffirm Their Partnership as Allies\n\nThe two leaders discussed trade.", [("discuss", True, BOTH, "discussed")]),
    ],
)
def test_the_examples_the_rules_quote(nlp, text, expected):
    assert positions(text) == expected


def test_a_clause_ends_before_the_next_one_and_its_linking_words(nlp):
    record = extract(HEAD + MET + "The two leaders discussed trade, and also welcomed the new dialogue.")
    assert [p.span.text for p in record.positions] == ["The two leaders discussed trade", "welcomed the new dialogue"]


def test_the_content_of_a_that_clause_starts_after_that(nlp):
    (position,) = extract(HEAD + MET + "The two leaders agreed that the alliance is strong.").positions
    assert position.content == "the alliance is strong"


def test_a_preamble_and_its_enacting_formula_are_held_by_the_signatories(nlp):
    text = (
        "Memorandum of Cooperation between Japan and Kenya\n\nMay 3, 2023\n\n"
        "The Ministry of Foreign Affairs of Japan and the Ministry of Foreign Affairs of Kenya,\n\n"
        "RECOGNIZING the importance of cooperation between the two countries;\n\n"
        "Have reached the following understanding:\n\n"
        "1. The Participants will cooperate in the field of energy.\n\n"
        "Signed at Nairobi, on the 3rd day of May 2023, in duplicate.\n\n"
        "For the Ministry of Foreign Affairs of Japan:\nKAMIKAWA Yoko\nMinister for Foreign Affairs\n\n"
        "For the Ministry of Foreign Affairs of Kenya:\nMusalia Mudavadi\nCabinet Secretary for Foreign Affairs\n"
    )
    found = [(p.stance, p.joint, len(p.actors), p.span.text) for p in extract(text).positions]
    assert found == [
        ("share_view", True, 2, "RECOGNIZING the importance of cooperation between the two countries"),
        ("agree", True, 2, "Have reached the following understanding"),
    ]


# One JSON edit, no code change: a component built from a copy of the rules with one word added.


def _edited(nlp, tmp_path, stem: str, change):
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    path = folder / f"{stem}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return nlp.create_pipe("px_positions", config={"rules": str(folder)})


def _both(nlp, finder, text: str) -> tuple[list[PositionItem], list[PositionItem]]:
    """The positions of ``text`` with the packaged rules, then with the edited ones."""
    doc = nlp(make_doc(nlp, HEAD + text, DocContext("t")))
    return list(doc._.px_positions), finder(doc)._.px_positions


def test_a_new_stance_verb_is_one_json_edit(nlp, tmp_path):
    finder = _edited(nlp, tmp_path, "stances", lambda d: d["verbs"].__setitem__("deliberate", "discuss"))
    before, after = _both(nlp, finder, MET + "The two leaders deliberated on regional security.")
    assert before == []
    assert [(p.stance, p.joint, p.verb) for p in after] == [("discuss", True, "deliberated")]


def test_a_new_stance_phrase_is_one_json_edit(nlp, tmp_path):
    finder = _edited(nlp, tmp_path, "stances", lambda d: d["phrases"].append(["take note", "state"]))
    before, after = _both(nlp, finder, MET + "The two leaders took note of the progress in trade talks.")
    assert before == []
    assert [(p.stance, p.joint, p.verb) for p in after] == [("state", True, "took note")]


def test_a_new_speech_verb_is_one_json_edit(nlp, tmp_path):
    finder = _edited(nlp, tmp_path, "stances", lambda d: d["speech_frames"].append("recalled"))
    before, after = _both(nlp, finder, MET + '"Our alliance has never been stronger," recalled President Biden.')
    assert before == []
    assert [(p.stance, p.verb, p.span[0] > 0) for p in after] == [("state", "recalled", True)]


def test_a_new_group_subject_is_one_json_edit(nlp, tmp_path):
    finder = _edited(nlp, tmp_path, "stances", lambda d: d["group_subjects"].append("heads of delegation"))
    before, after = _both(nlp, finder, MET + "The heads of delegation agreed to expand trade.")
    assert before == []
    assert [(p.stance, p.joint, len(p.actors)) for p in after] == [("agree", True, 2)]


def test_a_new_topic_is_one_json_edit(nlp, tmp_path):
    finder = _edited(nlp, tmp_path, "topics", lambda d: d["topics"].insert(0, ["export controls", "export controls"]))
    before, after = _both(nlp, finder, MET + "The two leaders discussed export controls on chips.")
    assert [p.topic for p in before] != ["export controls"]
    assert [p.topic for p in after] == ["export controls"]


def test_each_stance_phrase_is_listed_once_once_articles_are_skipped(nlp):
    stances = nlp.get_pipe("px_positions").stances
    phrases = [tuple(stances.words(phrase)) for phrase, _ in stances.rules.phrases]
    assert len(phrases) == len(set(phrases))


@pytest.mark.parametrize(
    "text, span",
    [
        # A preamble clause whose line ends in a no-break space.
        (
            "Memorandum of Cooperation between Japan and Kenya\n\nMay 3, 2023\n\n"
            "The Ministry of Foreign Affairs of Japan and the Ministry of Foreign Affairs of Kenya,\n\n"
            "RECOGNIZING the importance of cooperation between the two countries;\u00a0\n\n"
            "Have reached the following understanding:\n\n"
            "Signed at Nairobi, on the 3rd day of May 2023, in duplicate.\n\n"
            "For the Ministry of Foreign Affairs of Japan:\nKAMIKAWA Yoko\nMinister for Foreign Affairs\n\n"
            "For the Ministry of Foreign Affairs of Kenya:\nMusalia Mudavadi\nCabinet Secretary for Foreign Affairs\n",
            "RECOGNIZING the importance of cooperation between the two countries",
        ),
        # A transcript turn ending in an em space.
        (
            HEAD + "Vladimir Putin held talks with Prime Minister of India Narendra Modi.\n\n"
            "Vladimir Putin: Comrade Prime Minister, welcome.\n\nNarendra Modi: Thank you, Mr President.\u2003\n",
            "Narendra Modi: Thank you, Mr President.",
        ),
        # A clause whose sentence runs on past a tab.
        (HEAD + MET + "The two leaders discussed trade\t\n\nThey agreed to meet again.", "The two leaders discussed trade"),
    ],
)
def test_position_spans_are_trimmed_of_whitespace(nlp, text, span):
    spans = [p.span.text for p in extract(text).positions]
    assert span in spans
    assert all(s == s.strip() for s in spans)


def test_the_window_of_a_visit_is_a_setting(nlp):
    text = HEAD + "Secretary Blinken travelled to Tokyo. Secretary Blinken called on Prime Minister Kishida at his office."
    finder = nlp.create_pipe("px_positions", config={"call_window": 0})
    doc = nlp(make_doc(nlp, text, DocContext("t")))
    assert doc._.px_positions == []
    assert [p.stance for p in finder(doc)._.px_positions] == ["request"]
