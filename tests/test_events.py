"""The events step: the quoted examples of events.py as behaviours, the repros of issue 16 on
sentences of our own, and each kind of events/temporal/layout rule edit taking effect with no code change."""

from __future__ import annotations

import json
import shutil

import pytest

from pressextract import extract
from pressextract.pipeline import build
from pressextract.rules import rules_dir

HEAD = "Readout\n\nMay 10, 2023\n\n"


def kinds(text: str) -> list[str]:
    return [e.kind for e in extract(HEAD + text).events]


# -- the quoted examples of events.py -------------------------------------------------------

@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Prime Minister Ito held a summit meeting with President Ruto of Kenya.", ["summit_meeting"]),
        ("President Ruto hosted a dinner for Prime Minister Ito.", ["dinner"]),
        ("Prime Minister Ito and President Ruto witnessed the exchange of documents.", ["signing_ceremony"]),
        ("President Ruto met with Prime Minister Ito in Nairobi.", ["summit_meeting"]),
        ("President Ruto spoke with Prime Minister Ito.", ["telephone_call"]),
        ("President Ruto spoke earlier today with Prime Minister Ito.", ["telephone_call"]),
        ("President Ruto received Ambassador Jane Lee at State House.", ["courtesy_call"]),
        ("Ambassador Jane Lee later called on President Ruto.", ["courtesy_call"]),
        ("The two countries signed a package of documents.", ["signing_ceremony"]),
        ("President Ruto had talks with Prime Minister Ito.", ["summit_meeting"]),
        ("The meeting took place in Nairobi.", ["meeting"]),
    ],
)
def test_an_occasion_stated_by_a_noun_or_a_verb(nlp, sentence, expected):
    assert kinds(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # "hosted X for a breakfast meeting", "met ... for talks": the noun names the verb's occasion.
        ("President Ruto hosted Prime Minister Ito for a breakfast meeting.", ["breakfast"]),
        ("President Ruto met Prime Minister Ito for talks.", ["summit_meeting"]),
        # "spoke with ... in his first call": one occasion.
        ("President Ruto spoke with Prime Minister Ito in his first call as President.", ["telephone_call"]),
    ],
)
def test_triggers_of_one_occasion_make_one_event(nlp, sentence, expected):
    assert kinds(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Prime Minister Ito will meet President Ruto next week.",  # planned
        "The leaders could meet again in June.",  # possible
        "If the leaders meet in June, they will sign the treaty.",  # conditional
        "President Ruto and Prime Minister Ito held their talks in Tokyo.",  # "their talks"
        "President Ruto attended the upcoming summit in Tokyo.",  # "the next meeting", "upcoming talks"
        "President Ruto attended the talks held last year in Tokyo.",  # "talks held last year"
        "President Ruto gave a statement on trade.",  # light verb
        "President Ruto made a call to Prime Minister Ito.",  # "made a call"
        "President Ruto took part in the meeting of ministers.",  # "took part", not "took place"
    ],
)
def test_occasions_other_than_the_one_reported_are_not_events(nlp, sentence):
    assert kinds(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "President Ruto and Prime Minister Ito held the talks in Tokyo.",
        "President Ruto attended the summit in Tokyo.",
        "President Ruto attended the talks held in Tokyo.",
    ],
)
def test_the_same_sentences_without_the_cue_are_events(nlp, sentence):
    assert len(kinds(sentence)) == 1


@pytest.mark.parametrize(
    "sentence, kind, span",
    [
        ("Following the talks between President Ruto and Prime Minister Ito, the two sides issued a joint statement.",
         "summit_meeting", "the talks between President Ruto and Prime Minister Ito"),
        ("During the working lunch, President Ruto thanked Prime Minister Ito.", "lunch", "the working lunch"),
    ],
)
def test_an_occasion_named_in_passing_is_an_event_when_nothing_reported_it(nlp, sentence, kind, span):
    (event,) = extract(HEAD + sentence).events
    assert (event.kind, event.span.text) == (kind, span)


def test_an_occasion_named_in_passing_with_a_cue_is_another_occasion(nlp):
    assert kinds("Following the first talks between President Ruto and Prime Minister Ito, the two sides issued a joint statement.") == []


def test_who_is_present_at_the_meeting_joins_it(nlp):
    record = extract(HEAD + "President Ruto met Prime Minister Ito. Minister Ann Lee and Minister Tom Ford were present at the meeting.")
    (event,) = record.events
    names = {p.id: p.family_name for p in record.participants}
    assert sorted(names[i] for i in event.participants) == ["Ford", "Ito", "Lee", "Ruto"]


def test_a_trigger_inside_the_previous_ones_clause_starts_at_its_own_word(nlp):
    events = extract(HEAD + "Speaking after meeting today with Prime Minister Ito, President Ruto praised the ties.").events
    assert [e.span.text for e in events][-1] == "meeting today with Prime Minister Ito"


@pytest.mark.parametrize("opener", ["On 8 May,", "On the morning of 8 May,", "In the evening of 8 May,"])
def test_a_sentence_that_opens_with_a_date_dates_what_follows(nlp, opener):
    text = f"President Ruto met Prime Minister Ito on 7 May. {opener} Minister Lee toured the port. He later hosted a lunch."
    assert [(e.kind, e.date) for e in extract(HEAD + text).events] == [("summit_meeting", "2023-05-07"), ("lunch", "2023-05-08")]


def test_the_stretch_naming_who_else_took_part_ends_before_the_topic(nlp):
    words = nlp.get_pipe("px_events").words
    text = "met with President X of Y and his spouse about trade"
    start, end = words.object_window(text, len("met "), len(text))
    assert text[start:end] == "with President X of Y and his spouse "


def test_event_spans_carry_no_whitespace_at_their_ends(nlp):
    record = extract(HEAD + "President Ruto spoke with Prime Minister Ito.\n\nThe leaders agreed to meet again.\n")
    assert [e.span.text for e in record.events] == ["President Ruto spoke with Prime Minister Ito."]


# -- issue 16's repros, on sentences of our own ------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        # r1: the subject after the event word.
        ("Attending the dinner were Minister Ann Lee and Minister Tom Ford.", [("dinner", "Attending the dinner")]),
        # r3: the event noun before its verb, the subject between them.
        ("No matter how many conversations I had with the ministers today, I heard one message.", [("meeting", "how many conversations")]),
        # r2: "spoke about the need to ..." is no call; "the recent board meeting" is a past one.
        ("Minister Ann Lee had a video conference with nurses.\n\nWe spoke about the need to hire nurses at the recent board meeting.",
         [("video_conference", "Minister Ann Lee had a video conference")]),
        # r4: "the summit to be held in Paris" is planned.
        ("President Brown spoke today with Prime Minister Green of Ruritania to prepare for the summit to be held in Paris.",
         [("telephone_call", "President Brown spoke today with Prime Minister Green of Ruritania to prepare for the summit to be held in Paris.")]),
    ],
)
def test_repro_documents_extract_their_events_without_warning(nlp, text, expected):
    record = extract(HEAD + text + "\n")
    assert [(e.kind, e.span.text) for e in record.events] == expected
    assert not [w for w in record.warnings if "PX032" in w]


def test_repro_garbled_sentence_gives_non_empty_spans(nlp):
    # r5: two clauses run together without a conjunction.
    text = HEAD + "Mayor Ann Brown spoke with Governor Tom Hill hosted Senator Jo Park at City Hall on May 3 to discuss roads.\n"
    record = extract(text)
    assert record.events and all(e.span.text and e.span.text == e.span.text.strip() for e in record.events)
    assert not [w for w in record.warnings if "PX032" in w]


# -- each kind of rule edit is one JSON edit -------------------------------------------------

@pytest.fixture(scope="module")
def fresh():
    return build()


@pytest.fixture
def edited(fresh, tmp_path):
    """``edited(stem, change)``: the pipeline with px_events and px_layout reading a copy of the
    packaged rules where ``change(data)`` edited ``<stem>.json``; both put back afterwards."""
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)

    def run(stem: str, change) -> object:
        path = folder / f"{stem}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        for name in ("px_layout", "px_events"):
            fresh.replace_pipe(name, name, config={"rules": str(folder)})
        return fresh

    yield run
    for name in ("px_layout", "px_events"):
        fresh.replace_pipe(name, name, config={"rules": None})


def events_with(nlp, text: str):
    return nlp(HEAD + text)._.px_events


def test_a_new_meeting_verb_is_one_json_edit(nlp, edited):
    text = "Minister Ann Lee conferred with Minister Tom Ford."
    assert events_with(nlp, text) == []
    custom = edited("events", lambda d: d["meeting_verbs"].update({"confer": "meeting"}))
    assert [e.kind for e in events_with(custom, text)] == ["meeting"]
    # The packaged pipeline, side by side in the same process, is unchanged.
    assert events_with(nlp, text) == []


def test_a_new_event_noun_is_one_json_edit(nlp, edited):
    text = "Minister Ann Lee held a huddle with Minister Tom Ford."
    assert events_with(nlp, text) == []
    custom = edited("events", lambda d: d["nouns"].update({"huddle": "meeting"}))
    assert [e.kind for e in events_with(custom, text)] == ["meeting"]


def test_a_new_document_noun_is_one_json_edit(nlp, edited):
    text = "Minister Ann Lee and Minister Tom Ford signed a covenant."
    assert events_with(nlp, text) == []
    custom = edited("lexicon", lambda d: d["document_nouns"].append("covenant"))
    assert [e.kind for e in events_with(custom, text)] == ["signing_ceremony"]


def test_a_new_time_zone_is_one_json_edit(nlp, edited):
    text = "Minister Ann Lee met Minister Tom Ford at 10:00 (Nairobi time)."
    assert [e.time_zone for e in events_with(nlp, text)] == [None]
    custom = edited("temporal", lambda d: d["time_zones"].append("Nairobi time"))
    assert [e.time_zone for e in events_with(custom, text)] == ["Nairobi time"]


def test_a_new_hedge_is_one_json_edit(nlp, edited):
    text = "Minister Ann Lee met Minister Tom Ford for upwards of 45 minutes."
    assert [(e.duration_minutes, e.approximate) for e in events_with(nlp, text)] == [(45, False)]
    custom = edited("temporal", lambda d: d["hedges"].append("upwards of"))
    assert [(e.duration_minutes, e.approximate) for e in events_with(custom, text)] == [(45, True)]


def test_a_new_relative_day_is_one_json_edit(nlp, edited):
    text = "Minister Ann Lee met Minister Tom Ford the day before yesterday."
    assert [e.date for e in events_with(nlp, text)] == ["2023-05-09"]
    custom = edited("temporal", lambda d: d["relative_days"].update({"the day before yesterday": -2}))
    assert [e.date for e in events_with(custom, text)] == ["2023-05-08"]


def test_a_new_cue_of_another_occasion_is_one_json_edit(nlp, edited):
    text = "Following the preparatory talks between Minister Ann Lee and Minister Tom Ford, the sides issued a statement."
    assert len(events_with(nlp, text)) == 1
    custom = edited("events", lambda d: d["reference_cues"].append("preparatory"))
    assert events_with(custom, text) == []


def test_a_new_skipped_line_is_one_json_edit(nlp, edited):
    text = "Watch: Minister Ann Lee met Minister Tom Ford.\n"
    assert len(events_with(nlp, text)) == 1
    custom = edited("layout", lambda d: d["skip_line_starts"].append("Watch"))
    assert events_with(custom, text) == []
