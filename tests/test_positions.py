"""Position rules, one behaviour per test, on short readouts."""

from pressextract import extract

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
