"""One golden test per corpus document: exact spans and F1 at or above its recorded floor."""

import json

import pytest

from pressextract import extract_file
from pressextract.evaluate import KINDS, find_gold_documents, load_gold, score

from .conftest import CORPUS, REAL, ROOT, SEED

FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text(encoding="utf-8"))
DOCUMENTS = find_gold_documents(CORPUS)


def test_corpus_is_large_enough():
    assert len(DOCUMENTS) >= 41


@pytest.mark.parametrize("text_path, gold_path", DOCUMENTS, ids=[t.stem for t, _ in DOCUMENTS])
def test_golden_document(nlp, text_path, gold_path):
    record = extract_file(text_path)
    from pressextract.io import read_document

    text = read_document(text_path).text
    assert record.check_spans(text) == []
    gold = load_gold(gold_path)
    # The golden file's own spans must be exact too.
    from pressextract.records import Record

    from pressextract.evaluate import with_ids

    assert Record.model_validate(with_ids(gold)).check_spans(text) == []
    report = score([(record.model_dump(mode="json"), gold)])
    floors = FLOORS["documents"].get(text_path.stem, {})
    for kind in KINDS:
        assert report.kinds[kind]["f1"] >= floors.get(kind, 0.0) - 1e-9, (kind, report.kinds[kind])


def test_seed_scores_at_least_0_9_per_kind(nlp):
    gold = load_gold(SEED.with_name(SEED.stem + ".gold.json"))
    report = score([(extract_file(SEED).model_dump(mode="json"), gold)])
    for kind in KINDS:
        assert report.kinds[kind]["f1"] >= 0.9, (kind, report.kinds[kind])


def test_whole_corpus_floor(nlp):
    pairs = [(extract_file(t).model_dump(mode="json"), load_gold(g)) for t, g in DOCUMENTS]
    report = score(pairs)
    for kind in KINDS:
        assert report.kinds[kind]["f1"] >= FLOORS["corpus"][kind] - 1e-9, (kind, report.kinds[kind])


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus-real is not present")
def test_real_readouts(nlp, capsys):
    from pressextract.evaluate import format_report

    pairs = [(extract_file(t).model_dump(mode="json"), load_gold(g)) for t, g in find_gold_documents(REAL)]
    report = score(pairs)
    with capsys.disabled():
        print("\nReal readouts (../shared/corpus-real):\n" + format_report(report, per_document=False))
    for kind in KINDS:
        assert report.kinds[kind]["f1"] >= FLOORS["real"][kind] - 1e-9, (kind, report.kinds[kind])
