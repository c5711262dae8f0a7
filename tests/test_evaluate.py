"""The scorer on hand-made pairs."""

from pressextract.evaluate import score


def span(start, text):
    return {"start": start, "end": start + len(text), "text": text}


GOLD = {
    "doc_id": "d",
    "events": [{"kind": "summit_meeting", "date": "2024-02-08", "start_time": "18:37", "duration_minutes": 45, "approximate": True, "span": span(0, "held a summit")}],
    "participants": [
        {"id": "p1", "family_name": "Kishida", "name": "Fumio Kishida", "title": "Prime Minister", "country": "JP"},
        {"id": "p2", "family_name": "Al Nahyan", "name": "Mohamed bin Zayed Al Nahyan", "title": "President", "country": "AE"},
    ],
    "instruments": [{"type": "memorandum_of_cooperation", "label": "A", "parties": ["the Ministry of Defense of Japan"], "mentions": [span(100, "MoC on defense")]}],
    "positions": [{"stance": "agree", "joint": True, "actors": ["p1", "p2"], "span": span(200, "The two leaders concurred in working together")}],
}


def test_perfect_match():
    report = score([(GOLD, GOLD)])
    assert report.macro_f1 == 1.0 and report.macro_strict_f1 == 1.0


def test_missing_item_lowers_recall():
    pred = {**GOLD, "positions": []}
    report = score([(pred, GOLD)])
    assert report.kinds["positions"]["recall"] == 0.0
    assert report.kinds["positions"]["precision"] == 1.0
    assert report.errors[0]["error"] == "missed"


def test_extra_item_lowers_precision():
    extra = {"kind": "dinner", "date": "2024-02-08", "start_time": None, "duration_minutes": None, "approximate": False, "span": span(50, "dinner")}
    pred = {**GOLD, "events": GOLD["events"] + [extra]}
    report = score([(pred, GOLD)])
    assert report.kinds["events"]["precision"] == 0.5 and report.kinds["events"]["recall"] == 1.0


def test_wrong_field_counts_in_strict_only():
    pred = {**GOLD, "participants": [{**GOLD["participants"][0], "title": "President"}, GOLD["participants"][1]]}
    report = score([(pred, GOLD)])
    assert report.kinds["participants"]["f1"] == 1.0
    assert report.kinds["participants"]["strict_f1"] == 0.5
    assert report.kinds["participants"]["fields"]["title"] == 0.5


def test_family_name_inside_full_name_matches():
    pred = {**GOLD, "participants": [GOLD["participants"][0], {"id": "p2", "family_name": "Nahyan", "name": "Mohamed bin Zayed Al Nahyan", "title": "President", "country": "AE"}]}
    assert score([(pred, GOLD)]).kinds["participants"]["f1"] == 1.0


def test_overlapping_position_spans():
    half = {**GOLD["positions"][0], "span": span(216, "concurred in working together and more words here")}
    assert score([({**GOLD, "positions": [half]}, GOLD)]).kinds["positions"]["f1"] == 1.0
    little = {**GOLD["positions"][0], "span": span(240, "gether and more words here beyond")}
    assert score([({**GOLD, "positions": [little]}, GOLD)]).kinds["positions"]["f1"] == 0.0


def test_instrument_matched_by_any_overlap_and_parties_as_set():
    pred = {**GOLD, "instruments": [{"type": "memorandum_of_cooperation", "label": "A", "parties": ["Ministry of Defense of Japan"], "mentions": [span(90, "the text: MoC")]}]}
    report = score([(pred, GOLD)])
    assert report.kinds["instruments"]["strict_f1"] == 1.0


def test_event_matched_by_time_then_kind():
    pred = {**GOLD, "events": [{**GOLD["events"][0], "kind": "meeting"}]}
    report = score([(pred, GOLD)])
    assert report.kinds["events"]["f1"] == 1.0 and report.kinds["events"]["fields"]["kind"] == 0.0
    pred = {**GOLD, "events": [{**GOLD["events"][0], "start_time": "18:38"}]}
    assert score([(pred, GOLD)]).kinds["events"]["f1"] == 0.0


def test_actors_compared_by_family_name():
    pred = {**GOLD, "participants": list(reversed(GOLD["participants"]))}
    pred["participants"] = [{**p, "id": f"p{n+1}"} for n, p in enumerate(pred["participants"])]
    pred["positions"] = [{**GOLD["positions"][0], "actors": ["p2", "p1"]}]
    assert score([(pred, GOLD)]).kinds["positions"]["fields"]["actors"] == 1.0


def test_family_name_is_scored_whole():
    """RECORD.md: a participant matches when one family name stands in the other's name, but the family name itself must be whole."""
    wrong = {**GOLD, "participants": [{**GOLD["participants"][0], "family_name": "Fumio Kishida"}, GOLD["participants"][1]]}
    report = score([(wrong, GOLD)])
    assert report.kinds["participants"]["f1"] == 1.0
    assert report.kinds["participants"]["fields"]["family_name"] == 0.5
    assert report.kinds["participants"]["strict_f1"] < 1.0


def test_family_name_compared_without_case_accents_or_hyphens():
    gold = {**GOLD, "participants": [{"id": "p1", "family_name": "López Obrador", "name": "Andrés Manuel López Obrador"}]}
    pred = {**gold, "participants": [{"id": "p1", "family_name": "lopez-obrador", "name": "Andrés Manuel López Obrador"}]}
    assert score([(pred, gold)]).kinds["participants"]["fields"]["family_name"] == 1.0


def test_actors_need_exact_family_names_as_a_multiset():
    """"der Leyen" for von der Leyen is a wrong actor even though it stands in her name."""
    gold = {
        **GOLD,
        "participants": [{"id": "p1", "family_name": "von der Leyen", "name": "Ursula von der Leyen"}, GOLD["participants"][0] | {"id": "p2"}],
        "positions": [{**GOLD["positions"][0], "actors": ["p1", "p2"]}],
    }
    loose = {**gold, "participants": [{"id": "p1", "family_name": "der Leyen", "name": "Ursula von der Leyen"}, gold["participants"][1]]}
    assert score([(loose, gold)]).kinds["positions"]["fields"]["actors"] == 0.0
    assert score([(gold, gold)]).kinds["positions"]["fields"]["actors"] == 1.0
    one_short = {**gold, "positions": [{**gold["positions"][0], "actors": ["p1"]}]}
    assert score([(one_short, gold)]).kinds["positions"]["fields"]["actors"] == 0.0


def test_unnamed_actors_match_by_title_and_country():
    gold = {**GOLD, "participants": [{"id": "p1", "family_name": None, "title": "Spouse", "country": "JP"}], "positions": [{**GOLD["positions"][0], "actors": ["p1"]}]}
    same = {**gold, "participants": [{"id": "p7", "family_name": None, "title": "Spouse", "country": "JP"}], "positions": [{**GOLD["positions"][0], "actors": ["p7"]}]}
    other = {**same, "participants": [{"id": "p7", "family_name": None, "title": "Spouse", "country": "KE"}]}
    assert score([(same, gold)]).kinds["positions"]["fields"]["actors"] == 1.0
    assert score([(other, gold)]).kinds["positions"]["fields"]["actors"] == 0.0
