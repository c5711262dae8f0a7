"""One behaviour per test, on short sentences."""

import spacy

from pressextract import extract
from pressextract.layout import analyse_layout, is_heading


def test_layout_finds_title_dateline_and_headings():
    text = "Japan-Kenya Relations\n\nFebruary 8, 2024\n\n1. Introduction\n\n" + "Prime Minister Kishida stated that the relationship matters a great deal to Japan and to the region. " * 2
    layout = analyse_layout(text)
    assert text[layout.title[0] : layout.title[1]] == "Japan-Kenya Relations"
    assert layout.published == "2024-02-08"
    assert [h.text for h in layout.headings] == ["Introduction"]


def test_caller_published_date_wins():
    layout = analyse_layout("Readout\n\nJanuary 22, 2021\n\nText.", "2021-01-23")
    assert layout.published == "2021-01-23"


def test_heading_rules():
    long = "x" * 100
    assert is_heading("2. Bilateral Relations", long) == "Bilateral Relations"
    assert is_heading("(2) Economic relations", long) == "Economic relations"
    assert is_heading("The two leaders agreed to meet again.", long) is None


def test_sentence_breaks_at_list_items():
    nlp = spacy.blank("en")
    nlp.add_pipe("px_sentences")
    doc = nlp("The documents were exchanged:\n(A) E/N on a project\n(B) MoC on ICT")
    starts = [t.text for t in doc if t.is_sent_start]
    assert "(" in starts[1:]


def test_people_title_name_styles(nlp):
    record = extract("Talks\n\nMay 3, 2023\n\nPrime Minister KISHIDA Fumio held a summit meeting with H.E. Dr. William Samoei Ruto, President of the Republic of Kenya.")
    people = {p.family_name: p for p in record.participants}
    assert people["Kishida"].name == "Fumio Kishida" and people["Kishida"].title == "Prime Minister"
    assert people["Ruto"].given_name == "William Samoei" and people["Ruto"].country == "KE"
    assert people["Ruto"].honorifics == ["H.E.", "Dr."]
    # Nothing in the text says which state the Prime Minister represents.
    assert people["Kishida"].country is None


def test_people_home_country_from_the_text(nlp):
    record = extract("Talks\n\nMay 3, 2023\n\nPrime Minister KISHIDA Fumio held a summit meeting with President Ruto of Kenya. Japan and Kenya agreed to deepen ties; Japan will help.")
    assert {p.family_name: p.country for p in record.participants} == {"Kishida": "JP", "Ruto": "KE"}


def test_people_demonym_and_trailing_country(nlp):
    record = extract("Call\n\nJanuary 22, 2021\n\nPresident Biden spoke with Canadian Prime Minister Justin Trudeau about the United States and Canada. President Biden also spoke with Chancellor Olaf Scholz of Germany.")
    people = {p.family_name: p for p in record.participants}
    assert people["Trudeau"].country == "CA"
    assert people["Scholz"].country == "DE" and people["Scholz"].title == "Chancellor"


def test_events_time_and_duration(nlp):
    record = extract("Summit\n\nFebruary 8, 2024\n\nOn February 8, commencing at 6:37 p.m. for approximately 45 minutes, Prime Minister KISHIDA Fumio held a summit meeting with President William Ruto of Kenya.")
    (event,) = record.events
    assert event.kind == "summit_meeting"
    assert (event.date, event.start_time, event.end_time, event.duration_minutes, event.duration, event.approximate) == ("2024-02-08", "18:37", "19:22", 45, "PT45M", True)


def test_event_time_range_and_zone(nlp):
    record = extract("Telephone Talk\n\nJanuary 9, 2024\n\nOn January 9, from 10:05 a.m. to 10:50 a.m. (Japan time), Prime Minister KISHIDA Fumio held a telephone talk with Prime Minister Narendra Modi of India.")
    (event,) = record.events
    assert event.kind == "telephone_call"
    assert (event.start_time, event.end_time, event.time_zone) == ("10:05", "10:50", "Japan time")


def test_event_yesterday_from_dateline(nlp):
    record = extract("Readout\n\nJune 21, 2024\n\nPresident Biden spoke yesterday with President Yoon Suk Yeol of the Republic of Korea.")
    (event,) = record.events
    assert event.date == "2024-06-20"


def test_planned_meeting_is_not_an_event(nlp):
    record = extract("Call\n\nMay 2, 2023\n\nPresident Biden spoke with Prime Minister Kishida of Japan. The leaders agreed to meet at the next summit.")
    assert [e.kind for e in record.events] == ["telephone_call"]


def test_instrument_list_with_label_and_parties(nlp):
    text = (
        "Summit\n\nFebruary 8, 2024\n\nPrime Minister KISHIDA Fumio held a summit meeting with President William Ruto of Kenya.\n"
        "In the presence of the two leaders, the following documents were exchanged.\n"
        "(A) Memorandum of Cooperation between the Ministry of Defense of Japan and the Ministry of Defence of the Republic of Kenya on Cooperation in the Field of Defense\n"
    )
    (inst,) = extract(text).instruments
    assert inst.type == "memorandum_of_cooperation" and inst.label == "A" and inst.action == "exchanged"
    assert inst.parties == ["Ministry of Defense of Japan", "Ministry of Defence of the Republic of Kenya"]
    assert inst.countries == ["JP", "KE"]


def test_positions_split_coordinated_verbs(nlp):
    text = "Summit\n\nFebruary 8, 2024\n\nPrime Minister KISHIDA Fumio held a summit meeting with President William Ruto of Kenya. The two leaders welcomed the progress in trade and concurred in strengthening cooperation."
    positions = extract(text).positions
    assert [(p.stance, p.joint) for p in positions] == [("welcome", True), ("agree", True)]
    assert positions[0].span.text == "The two leaders welcomed the progress in trade"
    assert positions[1].span.text.startswith("concurred in strengthening")


def test_position_one_sided_response(nlp):
    text = "Summit\n\nFebruary 8, 2024\n\nPrime Minister KISHIDA Fumio held a summit meeting with President William Ruto of Kenya. In response, President Ruto stated that Kenya values the partnership."
    (position,) = extract(text).positions
    assert position.stance == "state" and position.joint is False
    assert position.actor_text == "President Ruto"


def test_agentless_clause_is_joint(nlp):
    text = "Talks\n\nMarch 5, 2020\n\nVladimir Putin had a telephone conversation with President of Turkey Recep Tayyip Erdogan. It was agreed to continue contacts."
    positions = extract(text).positions
    assert positions and positions[-1].stance == "agree" and positions[-1].joint is True


SIGNED_TEXT = (
    "Memorandum of Cooperation between the Ministry of Economy of Japan and the Ministry of Industry of Viet Nam\n\n"
    "November 27, 2023\n\n"
    "The Ministry of Economy of Japan and the Ministry of Industry of Viet Nam (hereinafter \"the Participants\"),\n\n"
    "RECOGNIZING the importance of energy security;\n\n"
    "DESIRING to promote cooperation in the field of energy transition;\n\n"
    "Have reached the following understanding:\n\n"
    "1. The Participants will promote cooperation in energy.\n\n"
    "Signed at Tokyo, on the 27th day of November 2023, in duplicate, in the English language.\n\n"
    "For the Ministry of Economy of Japan:\nNISHIMURA Yasutoshi\nMinister of Economy, Trade and Industry\n\n"
    "For the Ministry of Industry of Viet Nam:\nNguyen Hong Dien\nMinister of Industry and Trade\n"
)


def test_signature_block_gives_the_signing_and_its_signatories():
    layout = analyse_layout(SIGNED_TEXT)
    block = layout.signature
    assert block.place == "Tokyo"
    names = [SIGNED_TEXT[s.name[0] : s.name[1]] for s in block.signatories]
    assert names == ["NISHIMURA Yasutoshi", "Nguyen Hong Dien"]
    assert analyse_layout("Readout\n\nMay 1, 2023\n\nThe leaders met.").signature is None


def test_signed_text_record(nlp):
    record = extract(SIGNED_TEXT)
    assert [(e.kind, e.date) for e in record.events] == [("signing_ceremony", "2023-11-27")]
    people = {p.family_name: p for p in record.participants}
    assert people["Nishimura"].title == "Minister of Economy, Trade and Industry" and people["Nishimura"].country == "JP"
    assert people["Nguyen"].country == "VN"
    stances = [(p.stance, p.joint, p.span.text.split()[0]) for p in record.positions]
    assert stances == [("share_view", True, "RECOGNIZING"), ("express", True, "DESIRING"), ("agree", True, "Have")]


def test_the_secretary_and_a_foreign_minister_are_two_people(nlp):
    text = (
        "Secretary Blinken's Meeting with Foreign Minister Kuleba\n\nSeptember 6, 2023\n\n"
        "Secretary of State Antony J. Blinken met with Ukrainian Foreign Minister Dmytro Kuleba in Kyiv. "
        "The Secretary and Foreign Minister Kuleba reaffirmed their shared commitment to Ukraine's sovereignty."
    )
    record = extract(text)
    kuleba = next(p for p in record.participants if p.family_name == "Kuleba")
    assert kuleba.title == "Foreign Minister"
    (position,) = [p for p in record.positions if p.stance == "confirm"]
    assert position.joint is True and len(position.actors) == 2


def test_delegation_members_join_the_expanded_talks(nlp):
    text = (
        "Russian-Uzbek talks\n\nOctober 19, 2019\n\n"
        "President of Russia Vladimir Putin and President of Uzbekistan Shavkat Mirziyoyev first held talks in a restricted format. "
        "The talks then continued with the participation of the two countries' delegations. "
        "The Russian delegation included Foreign Minister Sergei Lavrov; the Uzbek delegation included Foreign Minister Abdulaziz Kamilov."
    )
    record = extract(text)
    assert len(record.events) == 2
    ids = {p.id: p.family_name for p in record.participants}
    assert {ids[i] for i in record.events[0].participants} == {"Putin", "Mirziyoyev"}
    assert {ids[i] for i in record.events[1].participants} == {"Putin", "Mirziyoyev", "Lavrov", "Kamilov"}


def test_pm_is_the_releases_own_prime_minister(nlp):
    text = (
        "Visit of Prime Minister of Australia\n\nMarch 11, 2023\n\n"
        "Prime Minister of Australia Anthony Albanese paid a state visit to India at the invitation of Prime Minister Narendra Modi. "
        "The two Prime Ministers held talks in New Delhi. "
        "PM thanked Prime Minister Albanese for Australia's support. PM conveyed his concern over the recent incidents."
    )
    record = extract(text)
    names = {p.id: p.family_name for p in record.participants}
    held = [(p.stance, [names[a] for a in p.actors]) for p in record.positions if p.span.text.startswith("PM")]
    assert held == [("welcome", ["Modi"]), ("express", ["Modi"])]
    assert sorted(names.values()) == ["Albanese", "Modi"]
