"""PLOVER rows: categories, modes and fields from the manual's vocabulary; actors, dates and evidence from the record."""

import json
import subprocess
import sys

import pytest

from pressextract.errors import ConfigError
from pressextract.plover import plover_rules, plover_rows, record_rows
from pressextract.records import Record

from .conftest import CORPUS, ROOT


def _span(start, text):
    return {"start": start, "end": start + len(text), "text": text}


def _person(pid, family, given, country, title="President", at=0):
    name = f"{given} {family}"
    return {"id": pid, "name": name, "family_name": family, "given_name": given, "title": title, "country": country,
            "person_key": f"{family.lower()}-{given.lower()}-{country.lower()}", "mentions": [_span(at, f"{title} {name}")]}


KISHIDA, RUTO, MACRON = ("Kishida", "Fumio", "JP"), ("Ruto", "William", "KE"), ("Macron", "Emmanuel", "FR")


def _record(kind="meeting", location=None, people=(KISHIDA, RUTO), positions=(), instruments=()):
    ps = [_person(f"p{n + 1}", *who, at=n * 40) for n, who in enumerate(people)]
    event = {"id": "e1", "kind": kind, "date": "2024-02-08", "location": location, "participants": [p["id"] for p in ps],
             "span": _span(200, "the two leaders held a meeting")}
    return Record.model_validate({"doc_id": "doc", "published": "2024-02-08", "participants": ps, "events": [event],
                                  "positions": list(positions), "instruments": list(instruments)})


def _position(stance, verb, content, actors=("p1",), joint=False):
    return {"id": "s1", "stance": stance, "verb": verb, "actors": list(actors), "joint": joint, "content": content,
            "span": _span(300, f"{verb} {content}")}


def test_call_is_consult_by_phone_with_every_participant_a_source():
    [row] = record_rows(_record(kind="telephone_call"))
    assert (row["event"], row["mode"], row["cameo"], row["quadCode"]) == ("CONSULT", ["phone"], "04", 1)
    assert [a["code"] for a in row["source"]] == ["JPN", "KEN"] and row["target"] == []


def test_meeting_in_one_sides_country_is_a_visit_from_the_other():
    [row] = record_rows(_record(location="Nairobi, Kenya"))
    assert row["mode"] == ["visit"]
    assert [a["identifer"] for a in row["source"]] == ["kishida-fumio-jp"]
    assert [a["identifer"] for a in row["target"]] == ["ruto-william-ke"]
    assert row["eventLoc"] == {"name": "Nairobi, Kenya"}


def test_meeting_in_a_country_no_side_represents_is_third_party():
    [row] = record_rows(_record(location="Geneva, Switzerland"))
    assert row["mode"] == ["third-party"] and row["target"] == []


def test_meeting_of_three_states_is_multilateral():
    [row] = record_rows(_record(people=(KISHIDA, RUTO, MACRON)))
    assert row["mode"] == ["multilateral"]


def test_actor_is_the_state_in_alpha_3_with_sector_and_person_key():
    [row] = record_rows(_record())
    assert row["source"][0] == {"code": "JPN", "sector": "GOV", "identifer": "kishida-fumio-jp",
                                "actorText": "President Fumio Kishida", "office": "President"}


def test_row_carries_its_evidence_and_release():
    [row] = record_rows(_record())
    assert (row["eventText"], row["textInfo"], row["citation"], row["id"]) == (
        "the two leaders held a meeting", {"start": 200, "end": 230}, "doc", "doc-e1")


def test_condemnation_is_disapprove_aimed_at_the_state_it_names():
    rows = record_rows(_record(positions=[_position("condemn", "condemned", "Russia's attacks on civilian infrastructure")]))
    [row] = [r for r in rows if r["id"] == "doc-s1"]
    assert (row["event"], row["cameo"], row["target"]) == ("DISAPPROVE", "11", [{"code": "RUS", "sector": "GOV"}])


def test_demand_is_read_from_the_verb():
    rows = record_rows(_record(positions=[_position("request", "demanded", "the immediate release of the detained crew")]))
    assert [(r["event"], r["cameo"]) for r in rows if r["id"] == "doc-s1"] == [("DEMAND", "10")]


def test_plain_request_has_no_row():
    rows = record_rows(_record(positions=[_position("request", "requested", "further cooperation in agriculture")]))
    assert [r["id"] for r in rows] == ["doc-e1"]


def test_one_sided_position_without_a_named_state_is_aimed_at_the_other_side():
    rows = record_rows(_record(positions=[_position("welcome", "welcomed", "the progress in the talks")]))
    [row] = [r for r in rows if r["id"] == "doc-s1"]
    assert row["event"] == "SUPPORT" and [a["identifer"] for a in row["target"]] == ["ruto-william-ke"]


def test_joint_position_has_no_target():
    rows = record_rows(_record(positions=[_position("agree", "concurred", "to strengthen cooperation", actors=("p1", "p2"), joint=True)]))
    [row] = [r for r in rows if r["id"] == "doc-s1"]
    assert row["event"] == "AGREE" and len(row["source"]) == 2 and row["target"] == []


def test_signed_document_is_support_by_the_parties_states():
    instrument = {"id": "i1", "type": "agreement", "title": "Agreement on Trade", "countries": ["JP", "KE"], "action": "signed",
                  "mentions": [_span(400, "Agreement on Trade")]}
    rows = record_rows(_record(instruments=[instrument]))
    [row] = [r for r in rows if r["id"] == "doc-i1"]
    assert (row["event"], row["cameo"], [a["code"] for a in row["source"]]) == ("SUPPORT", "05", ["JPN", "KEN"])


def _check_row(row, rules):
    assert set(row) <= set(rules.fields) | set(rules.extensions), set(row) - set(rules.fields)
    category = rules.vocabulary[row["event"]]
    assert set(row["mode"]) <= set(category.modes), (row["event"], row["mode"])
    assert row["quadCode"] == category.quad and row["cameo"] in category.cameo
    for actor in row["source"] + row["target"]:
        assert set(actor) <= set(rules.actor_fields)
        assert actor["code"] == rules.organization_code or (len(actor["code"]) == 3 and actor["code"].isupper())
    assert set(row["textInfo"]) <= set(rules.text_info_fields)
    assert row["source"], row["id"]


@pytest.fixture(scope="module")
def corpus_rows():
    from pressextract import extract_many

    records = list(extract_many(sorted(CORPUS.glob("*.txt")), on_error="skip"))
    return records, plover_rows(records)


def test_every_corpus_row_is_in_the_manuals_vocabulary(corpus_rows):
    records, rows = corpus_rows
    rules = plover_rules()
    assert rows
    for row in rows:
        _check_row(row, rules)


def test_every_corpus_row_quotes_its_document(corpus_rows):
    records, rows = corpus_rows
    texts = {r.doc_id: r.doc_text for r in records}
    for row in rows:
        start, end = row["textInfo"]["start"], row["textInfo"]["end"]
        assert texts[row["citation"]][start:end] == row["eventText"]


def test_bad_mapping_is_one_px011_error(tmp_path, monkeypatch):
    import shutil

    from pressextract.rules import models_dir

    shutil.copytree(models_dir(), tmp_path / "models")
    data = json.loads((tmp_path / "models" / "plover.json").read_text(encoding="utf-8"))
    data["positions"]["agree"]["event"] = "AGRE"
    (tmp_path / "models" / "plover.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("PRESSEXTRACT_MODELS", str(tmp_path / "models"))
    plover_rules.cache_clear()
    try:
        with pytest.raises(ConfigError) as caught:
            plover_rules()
        message = str(caught.value)
        assert message.startswith("[PX011]") and "plover.json" in message and "positions.agree" in message and "\n" not in message
    finally:
        monkeypatch.delenv("PRESSEXTRACT_MODELS")
        plover_rules.cache_clear()


@pytest.mark.slow
def test_extract_format_plover_writes_rows(tmp_path):
    out = tmp_path / "events.jsonl"
    seed = CORPUS / "japan-kenya-summit-2024-02-08.txt"
    run = subprocess.run([sys.executable, "-m", "pressextract.cli", "extract", str(seed), "--format", "plover", "-o", str(out), "--quiet"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and {r["citation"] for r in rows} == {seed.stem}
    assert [r["event"] for r in rows if r["id"].endswith("-e1")] == ["CONSULT"]


def test_condemnation_is_aimed_at_the_doer_not_the_victim():
    rows = record_rows(_record(positions=[_position("condemn", "condemned", "Russia's unjustifiable war against Ukraine")]))
    [row] = [r for r in rows if r["id"] == "doc-s1"]
    assert [a["code"] for a in row["target"]] == ["RUS"]
