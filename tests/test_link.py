"""Linking readouts of one occasion: short records of our own, built field by field."""

import json
import subprocess
import sys

import pytest

from pressextract.errors import BadArgumentError, ConfigError
from pressextract.link import content_words, link, score_links
from pressextract.records import Record

from .conftest import ROOT

LINK_SET = ROOT.parent / "shared" / "corpus-link"


def _span(start: int, text: str) -> dict:
    return {"start": start, "end": start + len(text), "text": text}


def _person(pid, family, given=None, country=None, title="President", at=0):
    name = f"{given} {family}" if given else family
    return {"id": pid, "name": name, "family_name": family, "given_name": given, "title": title, "country": country,
            "mentions": [_span(at, name)]}


def _record(doc_id, people, events, positions=()):
    """A record whose event clauses start with their first participant's mention (the readout's own principal)."""
    return Record.model_validate({"doc_id": doc_id, "participants": people, "events": events, "positions": list(positions)})


def _event(eid, kind, date, participants, at=0, text="spoke with the other side about the situation"):
    return {"id": eid, "kind": kind, "date": date, "participants": participants, "span": _span(at, text)}


def _call(doc_id, date, *people, kind="telephone_call"):
    """A one-event readout: ``people`` as (family, given, country), the first one the publisher's principal."""
    ps = [_person(f"p{n + 1}", f, g, c, at=n * 20) for n, (f, g, c) in enumerate(people)]
    return _record(doc_id, ps, [_event("e1", kind, date, [p["id"] for p in ps], text="x" * 60)])


BIDEN, ZELENSKYY, BENNETT = ("Biden", "Joseph", "US"), ("Zelenskyy", "Volodymyr", "UA"), ("Bennett", "Naftali", "IL")


def _groups(occasions):
    return sorted(sorted(o.documents) for o in occasions)


def test_two_readouts_of_one_call_are_one_occasion():
    occasions = link([_call("wh", "2022-02-13", BIDEN, ZELENSKYY), _call("ua", "2022-02-13", ZELENSKYY, BIDEN)])
    assert _groups(occasions) == [["ua", "wh"]]
    assert occasions[0].kind == "telephone_call"
    assert [e.model_dump() for e in occasions[0].events] == [{"doc_id": "ua", "event_id": "e1"}, {"doc_id": "wh", "event_id": "e1"}]


def test_readout_dated_a_day_later_in_another_time_zone_links():
    occasions = link([_call("wh", "2021-12-30", BIDEN, ("Putin", "Vladimir", "RU")), _call("ru", "2021-12-31", ("Putin", "Vladimir", "RU"), BIDEN)])
    assert _groups(occasions) == [["ru", "wh"]]
    assert occasions[0].date == "2021-12-30"


def test_readouts_two_days_apart_do_not_link():
    assert link([_call("wh", "2022-02-13", BIDEN, ZELENSKYY), _call("ua", "2022-02-15", ZELENSKYY, BIDEN)]) == []


def test_one_leaders_two_calls_on_one_day_stay_two():
    records = [
        _call("wh-1", "2022-03-30", BIDEN, ZELENSKYY), _call("wh-2", "2022-03-30", BIDEN, BENNETT),
        _call("ua", "2022-03-30", ZELENSKYY, BIDEN), _call("il", "2022-03-30", BENNETT, BIDEN),
    ]
    assert _groups(link(records)) == [["il", "wh-2"], ["ua", "wh-1"]]


def test_a_releases_two_calls_stay_two_occasions():
    people = [_person("p1", *BIDEN, at=0), _person("p2", *ZELENSKYY, at=20), _person("p3", *BENNETT, at=200)]
    wh = _record("wh", people, [_event("e1", "telephone_call", "2022-03-30", ["p1", "p2"], at=0, text="x" * 60),
                                _event("e2", "telephone_call", "2022-03-30", ["p1", "p3"], at=180, text="x" * 60)])
    occasions = link([wh, _call("ua", "2022-03-30", ZELENSKYY, BIDEN), _call("il", "2022-03-30", BENNETT, BIDEN)])
    assert sorted((o.documents, [e.event_id for e in o.events if e.doc_id == "wh"]) for o in occasions) == [
        (["il", "wh"], ["e2"]), (["ua", "wh"], ["e1"])]


def test_same_country_but_no_person_in_common_is_not_one_occasion():
    kuleba, sullivan, blinken = ("Kuleba", "Dmytro", "UA"), ("Sullivan", "Jake", "US"), ("Blinken", "Antony", "US")
    assert link([_call("a", "2021-11-10", sullivan, kuleba, kind="meeting"), _call("b", "2021-11-10", kuleba, blinken, kind="meeting")]) == []


def test_multilateral_call_links_though_one_readout_names_one_more_leader():
    macron, scholz, johnson, draghi = ("Macron", "Emmanuel", "FR"), ("Scholz", "Olaf", "DE"), ("Johnson", "Boris", "GB"), ("Draghi", "Mario", "IT")
    records = [_call("wh", "2022-02-21", BIDEN, macron, scholz, johnson), _call("fr", "2022-02-21", macron, BIDEN, scholz, johnson, draghi)]
    assert _groups(link(records)) == [["fr", "wh"]]


def test_two_calls_with_the_same_pair_of_third_leaders_stay_apart():
    macron, scholz, putin = ("Macron", "Emmanuel", "FR"), ("Scholz", "Olaf", "DE"), ("Putin", "Vladimir", "RU")
    assert link([_call("wh", "2022-02-21", BIDEN, macron, scholz), _call("ru", "2022-02-21", putin, macron, scholz)]) == []


def test_summit_named_alike_links_without_a_common_principal():
    def summit(doc_id, leader, name):
        p = _person("p1", *leader)
        return _record(doc_id, [p], [_event("e1", "summit_meeting", "2021-10-27", ["p1"], text=f"took part in the annual {name} (EAS)")])
    occasions = link([summit("wh", BIDEN, "East Asia Summit"), summit("ru", ("Putin", "Vladimir", "RU"), "East Asia Summit")])
    assert _groups(occasions) == [["ru", "wh"]]


def test_summits_of_different_names_do_not_link():
    def summit(doc_id, leader, text):
        return _record(doc_id, [_person("p1", *leader)], [_event("e1", "summit_meeting", "2021-10-27", ["p1"], text=text)])
    assert link([summit("wh", BIDEN, "joined the U.S.-ASEAN Summit"), summit("ru", ("Putin", "Vladimir", "RU"), "joined the Russia-ASEAN Summit")]) == []


def test_one_leaders_two_summits_a_day_apart_stay_two():
    def summit(doc_id, date, text):
        return _record(doc_id, [_person("p1", *BIDEN)], [_event("e1", "summit_meeting", date, ["p1"], text=text)])
    records = [summit("wh-1", "2021-10-26", "joined the U.S.-ASEAN Summit"), summit("wh-2", "2021-10-27", "joined the East Asia Summit")]
    assert link(records) == []


def test_headline_names_the_gathering_of_a_release_with_one_event():
    speech = _record("ua", [_person("p1", "Zelenskyy", "Volodymyr", "UA")],
                     [_event("e1", "meeting", "2022-05-08", ["p1"], text="We are meeting on this day in such a format")])
    speech = Record.model_validate({**speech.model_dump(mode="json"), "title": "Speech at the video conference of the G7 leaders"})
    statement = _record("g7", [_person("p1", "Scholz", "Olaf", "DE")],
                        [_event("e1", "video_conference", "2022-05-08", ["p1"], text="The G7 leaders met by video link")])
    assert _groups(link([speech, statement])) == [["g7", "ua"]]


def test_unnamed_person_matches_a_named_one_of_the_same_office_and_state():
    unnamed = {"id": "p1", "title": "President", "country": "UA", "mentions": [_span(0, "The President of Ukraine")]}
    ua = _record("ua", [unnamed, _person("p2", *BIDEN, at=40)], [_event("e1", "telephone_call", "2022-04-13", ["p1", "p2"], text="x" * 60)])
    occasions = link([ua, _call("wh", "2022-04-13", BIDEN, ZELENSKYY)])
    assert _groups(occasions) == [["ua", "wh"]]
    assert [len(p.mentions) for p in occasions[0].participants] == [2, 2]


def test_release_without_given_name_links_and_gets_the_full_key():
    occasions = link([_call("jp", "2024-04-10", ("Kishida", "Fumio", "JP"), BIDEN, kind="meeting"),
                      _call("wh", "2024-04-10", BIDEN, ("Kishida", None, "JP"), kind="summit_meeting")])
    assert _groups(occasions) == [["jp", "wh"]]
    assert {p.person_key for p in occasions[0].participants} == {"kishida-fumio-jp", "biden-joseph-us"}
    assert occasions[0].kind == "summit_meeting"


def test_full_name_matches_across_a_misread_country():
    occasions = link([_call("wh", "2021-12-30", ("Biden", "Joseph", "UA"), ("Putin", "Vladimir", "RU")),
                      _call("ru", "2021-12-30", ("Putin", "Vladimir", "RU"), BIDEN)])
    assert _groups(occasions) == [["ru", "wh"]]
    assert len(occasions[0].participants) == 2


def test_kinds_of_different_families_do_not_link():
    assert link([_call("a", "2024-01-01", BIDEN, ZELENSKYY, kind="dinner"), _call("b", "2024-01-01", ZELENSKYY, BIDEN, kind="meeting")]) == []


def test_event_without_date_is_left_out():
    assert link([_call("a", None, BIDEN, ZELENSKYY), _call("b", "2024-01-01", ZELENSKYY, BIDEN)]) == []


def _with_positions(record: Record, *positions) -> Record:
    data = record.model_dump(mode="json")
    data["positions"] = [
        {"id": f"s{n + 1}", "stance": stance, "verb": verb, "actors": ["p1"], "content": content,
         "span": _span(100 + 100 * n, f"{verb} {content}")}
        for n, (stance, verb, content) in enumerate(positions)
    ]
    return Record.model_validate(data)


def test_positions_that_say_the_same_are_paired_and_the_rest_is_one_sides_own():
    wh = _with_positions(_call("wh", "2022-02-13", BIDEN, ZELENSKYY),
                         ("confirm", "reaffirmed", "support for Ukraine's sovereignty and territorial integrity"))
    ua = _with_positions(_call("ua", "2022-02-13", ZELENSKYY, BIDEN),
                         ("agree", "agreed", "to defend the sovereignty and territorial integrity of Ukraine"),
                         ("request", "invited", "the President to visit Kyiv in the coming weeks"))
    comparison = link([wh, ua])[0].positions
    assert [(s.publisher, s.documents) for s in comparison.sides] == [("UA", ["ua"]), ("US", ["wh"])]
    assert [[(r.doc_id, r.position_id) for r in pair.positions] for pair in comparison.same] == [[("ua", "s1"), ("wh", "s1")]]
    assert [(r.doc_id, r.position_id) for r in comparison.sides[0].only_here] == [("ua", "s2")]
    assert comparison.sides[1].only_here == []


def test_positions_of_different_stances_are_not_paired():
    wh = _with_positions(_call("wh", "2022-02-13", BIDEN, ZELENSKYY), ("condemn", "condemned", "the attack on the power grid"))
    ua = _with_positions(_call("ua", "2022-02-13", ZELENSKYY, BIDEN), ("welcome", "welcomed", "help to repair the power grid after the attack"))
    assert link([wh, ua])[0].positions.same == []


def test_country_names_are_not_content_words():
    assert content_words("the commitment of the United States to Ukraine's security") == {"commitment", "security"}


def test_first_person_readout_has_no_publisher():
    ua = _call("ua", "2022-04-13", BIDEN, ZELENSKYY)
    data = ua.model_dump(mode="json")
    data["events"][0]["span"] = _span(0, "I spoke today with US President Biden and more")
    data["participants"][0]["mentions"] = [_span(29, "Biden")]
    sides = link([Record.model_validate(data), _call("wh", "2022-04-13", BIDEN, ZELENSKYY)])[0].positions.sides
    assert [s.publisher for s in sides] == [None, "US"]


def test_same_doc_id_twice_is_an_error():
    with pytest.raises(BadArgumentError):
        link([_call("a", "2024-01-01", BIDEN, ZELENSKYY), _call("a", "2024-01-01", ZELENSKYY, BIDEN)])


def test_pairwise_scores():
    occasions = link([_call("a", "2024-01-01", BIDEN, ZELENSKYY), _call("b", "2024-01-01", ZELENSKYY, BIDEN)])
    result = score_links(occasions, [["a", "b", "c"]], documents=["a", "b", "c"])
    assert (result.precision, round(result.recall, 3), result.missed) == (1.0, 0.333, [("a", "c"), ("b", "c")])


def test_bad_link_rules_file_is_one_px011_error(tmp_path, monkeypatch):
    link_module = sys.modules["pressextract.link"]
    from pressextract.rules import models_dir

    shutil_copy = __import__("shutil").copytree
    shutil_copy(models_dir(), tmp_path / "models")
    data = json.loads((tmp_path / "models" / "link.json").read_text(encoding="utf-8"))
    data["max_days_apart"] = "one"
    (tmp_path / "models" / "link.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("PRESSEXTRACT_MODELS", str(tmp_path / "models"))
    link_module.link_rules.cache_clear()
    try:
        with pytest.raises(ConfigError) as caught:
            link_module.link_rules()
        message = str(caught.value)
        assert message.startswith("[PX011]") and "link.json" in message and "max_days_apart" in message and "\n" not in message
    finally:
        monkeypatch.delenv("PRESSEXTRACT_MODELS")
        link_module.link_rules.cache_clear()


# The visible linking set: precision is held at the 0.95. Recall is held at what the
# records allow today (0.43): the misses are extraction gaps (a first-person speaker who is
# not a participant, events not found), listed in docs/link.md; raise the floor as they close.
PRECISION_TARGET, RECALL_FLOOR = 0.95, 0.43


@pytest.mark.slow
@pytest.mark.skipif(not LINK_SET.is_dir(), reason="../shared/corpus-link is not here")
def test_link_set_pairwise_precision_and_recall(tmp_path):
    out = tmp_path / "occasions.jsonl"
    run = subprocess.run([sys.executable, "-m", "pressextract.cli", "link", str(LINK_SET), "-o", str(out), "--gold", str(LINK_SET / "links.json")],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    occasions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gold = json.loads((LINK_SET / "links.json").read_text(encoding="utf-8"))["dev"]
    from pressextract.link import Occasion

    result = score_links([Occasion.model_validate(o) for o in occasions], gold)
    assert result.precision >= PRECISION_TARGET, result.extra
    assert result.recall >= RECALL_FLOOR, result.missed


@pytest.mark.slow
def test_link_cli_reports_a_bad_records_line_and_goes_on(tmp_path):
    good = [_call("wh", "2022-02-13", BIDEN, ZELENSKYY), _call("ua", "2022-02-13", ZELENSKYY, BIDEN)]
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join([good[0].model_dump_json(), "{not json", good[1].model_dump_json()]) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pressextract.cli", "link", str(records)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert [json.loads(line)["documents"] for line in run.stdout.splitlines()] == [["ua", "wh"]]
    assert "[PX001]" in run.stderr and "line 2 is not a record" in run.stderr
