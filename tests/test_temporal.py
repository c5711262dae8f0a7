import pytest

from pressextract import temporal
from pressextract.rules import load_rule_file, rules_dir
from pressextract.schemas import TemporalRules

WORDS = temporal.Temporal(load_rule_file(rules_dir() / "temporal.json", TemporalRules))


@pytest.mark.parametrize(
    "phrase, expected",
    [("at 6:37 p.m.", "18:37"), ("at 18:37", "18:37"), ("at 6.37pm", "18:37"), ("at noon", "12:00"),
     ("at 10:05 a.m.", "10:05"), ("at 12:15 a.m.", "00:15"), ("at 3 pm", "15:00"), ("at 9 AM", "09:00")],
)
def test_clock_times(phrase, expected):
    found = WORDS.find_clock_times(phrase)
    assert [f.value for f in found] == [expected]


def test_numbers_that_are_not_times():
    assert WORDS.find_clock_times("growth of 2.5 percent in 2023 and 1.10 million") == []


@pytest.mark.parametrize(
    "phrase, minutes, approximate",
    [
        ("for approximately 45 minutes", 45, True),
        ("for about an hour", 60, True),
        ("for 1 hour and 10 minutes", 70, False),
        ("for some 30 minutes", 30, True),
        ("for around one and a half hours", 90, True),
        ("lasting 50 minutes", 50, False),
        ("for approximately 60 minutes", 60, True),
        ("for half an hour", 30, False),
    ],
)
def test_durations(phrase, minutes, approximate):
    found = WORDS.find_durations(phrase)
    assert len(found) == 1
    assert found[0].value == minutes
    assert found[0].approximate is approximate


@pytest.mark.parametrize("phrase", ["for approximately half a century", "for 70 years", "about 45 minutes of footage were shown"])
def test_durations_of_other_things(phrase):
    assert WORDS.find_durations(phrase) == []


def test_iso_duration_and_end_time():
    assert temporal.iso_duration(45) == "PT45M"
    assert temporal.iso_duration(60) == "PT1H"
    assert temporal.iso_duration(70) == "PT1H10M"
    assert temporal.add_minutes("23:30", 45) == "00:15"


@pytest.mark.parametrize(
    "phrase, base, expected",
    [
        ("February 8", "2024-02-08", "2024-02-08"),
        ("8 February 2024", None, "2024-02-08"),
        ("Thursday, 8 February 2024", None, "2024-02-08"),
        ("December 30", "2024-01-05", "2023-12-30"),
        ("from 6 to 8 March", "2023-03-10", "2023-03-06"),
        ("March 5", "2023-03-06", "2023-03-05"),
    ],
)
def test_date_phrases(phrase, base, expected):
    found = WORDS.find_dates(phrase)
    assert found, phrase
    assert WORDS.date_value(found[0].value, base) == expected


@pytest.mark.parametrize("line, expected", [("February 8, 2024", "2024-02-08"), ("1 November 2021", "2021-11-01"), ("2024-02-08", "2024-02-08"), ("The two leaders met.", None), ("March 5", None)])
def test_dateline(line, expected):
    assert WORDS.dateline_date(line) == expected


@pytest.mark.parametrize(
    "phrase, base, expected",
    [
        ("Thursday, 8 February", "2024-02-10", "2024-02-08"),
        ("March 5-7", "2023-03-10", "2023-03-05"),
        ("the 27th day of November 2023", None, "2023-11-27"),
        ("6 until 8 March", "2023-03-10", "2023-03-06"),
        ("8 Feb. 2024", None, "2024-02-08"),
    ],
)
def test_date_phrases_as_the_comments_quote_them(phrase, base, expected):
    found = WORDS.find_dates(phrase)
    assert found, phrase
    assert WORDS.date_value(found[0].value, base) == expected


@pytest.mark.parametrize("phrase", ["at 18:30 pm", "20.24", "in 2024, 1.10 of them"])
def test_what_is_not_a_clock_time(phrase):
    assert WORDS.find_clock_times(phrase) == []


@pytest.mark.parametrize("phrase, expected", [("at 18.30", "18:30"), ("from 9.15 hrs", "09:15"), ("at 10 a. m.", "10:00"), ("at midnight", "00:00")])
def test_clock_times_with_leads_suffixes_and_words(phrase, expected):
    assert [f.value for f in WORDS.find_clock_times(phrase)] == [expected]


@pytest.mark.parametrize("between, expected", [(" to ", True), (" – ", True), (" until ", True), (", then at ", False)])
def test_range_connectors(between, expected):
    assert WORDS.is_range(between) is expected


@pytest.mark.parametrize("phrase, minutes", [("lasting one and a half hours", 90), ("for a total of two hours", 120), ("for 1 hour and 10 min", 70)])
def test_durations_as_the_comments_quote_them(phrase, minutes):
    assert [f.value for f in WORDS.find_durations(phrase)] == [minutes]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("26 DEC 2022 9:35PM by PIB Delhi", "2022-12-26"),
        ("Published on: 8 February 2024", "2024-02-08"),
        ("Dated 5 May 2020", "2020-05-05"),
        ("08.02.2024", "2024-02-08"),
    ],
)
def test_dateline_labels_clocks_and_bylines_are_dropped(line, expected):
    assert WORDS.dateline_date(line) == expected


def test_a_date_ending_a_header_line():
    assert WORDS.trailing_date("FA181 10 December 2002") == "2002-12-10"
    assert WORDS.trailing_date("Talks on 10 December") is None


def test_relative_days_and_time_zones():
    text = "The leaders spoke yesterday evening at 10:00 Japan  time."
    assert WORDS.relative_date(text, 0, len(text), "2024-01-10") == "2024-01-09"
    assert WORDS.time_zone(text, 0, len(text)) == "Japan time"
