"""One golden test per document of every golden set: exact spans, and F1, strict F1 and per-field accuracy at or above their floors."""

import pytest

from pressextract.evaluate import KINDS, load_gold, score, with_ids
from pressextract.records import Record

from .conftest import SEED
from .golden import below, document_figures, documents, extracted, load_floors, set_figures

FLOORS = load_floors()
CASES = [(name, text.stem) for name in ("corpus", "real", "styles") for text, _ in documents(name)]


def test_corpus_is_large_enough():
    assert len(documents("corpus")) >= 41


@pytest.mark.parametrize("set_name, stem", CASES, ids=[f"{n}/{s}" for n, s in CASES])
def test_golden_document(set_name, stem):
    record, gold, text = extracted(set_name)[stem]
    assert Record.model_validate(record).check_spans(text) == []
    # The golden file's own spans must be exact too.
    assert Record.model_validate(with_ids(gold)).check_spans(text) == []
    floor = FLOORS["documents"].get(set_name, {}).get(stem, {})
    assert below(document_figures(set_name, stem), floor) == []


@pytest.mark.parametrize("set_name", ["corpus", "real", "styles"])
def test_whole_set_floor(set_name, capsys):
    if not documents(set_name):
        pytest.skip(f"the {set_name} set is not present (../shared missing)")
    found = set_figures(set_name)
    with capsys.disabled():
        macro = sum(found[k]["f1"] for k in KINDS) / 4
        strict = sum(found[k]["strict_f1"] for k in KINDS) / 4
        print(f"\n{set_name}: macro F1 {macro:.3f}, macro strict F1 {strict:.3f}")
    assert below(found, FLOORS["sets"].get(set_name, {})) == []


def test_seed_scores_at_least_0_9_per_kind():
    record, gold, _ = extracted("corpus")[SEED.stem]
    report = score([(record, load_gold(SEED.with_name(SEED.stem + ".gold.json")))])
    for kind in KINDS:
        assert report.kinds[kind]["f1"] >= 0.9, (kind, report.kinds[kind])


def test_floors_guard_fields():
    """A record with every scored field blanked must fall below the corpus floors (the floors are not F1 alone)."""
    blanked = []
    for record, gold, _ in extracted("corpus").values():
        broken = {**record}
        broken["events"] = [{**e, "kind": "other", "approximate": not e["approximate"]} for e in record["events"]]
        broken["participants"] = [{**p, "title": None, "country": None} for p in record["participants"]]
        broken["instruments"] = [{**i, "type": "other", "label": None} for i in record["instruments"]]
        broken["positions"] = [{**p, "stance": "other", "joint": not p["joint"]} for p in record["positions"]]
        blanked.append((broken, gold))
    from pressextract.evaluate import figures

    assert below(figures(score(blanked)), FLOORS["sets"]["corpus"]) != []
