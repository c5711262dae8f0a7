"""Results an analyst can trust and reopen: never lost, resume as a union, read back, typed tables, SQLite."""

import csv
import datetime as dt
import json
import re
import shutil
import sqlite3

import pytest

import pressextract
from pressextract.errors import ResultsFileError
from pressextract.frames import COLUMNS, TABLES
from pressextract.io import read_document

from .conftest import CORPUS, ROOT, SEED
from .test_batch import HTML_PAGE, SAMPLE, cli

FEW = SAMPLE[:3]


def folder_of(tmp_path, paths, name="in"):
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def lines(path):
    return path.read_text(encoding="utf-8").splitlines()


# -- never lost, resume as a union -------------------------------------------------------------------


def test_a_run_that_writes_nothing_leaves_the_output_untouched(tmp_path, capsys, nlp):
    out = tmp_path / "prev.jsonl"
    assert cli(capsys, "extract", folder_of(tmp_path, FEW), "-o", out, "-q")[0] == 0
    before = out.read_bytes()
    status, _, err = cli(capsys, "extract", tmp_path / "typo-folder", "-o", out)
    assert status == 1 and out.read_bytes() == before
    assert f"no record written: {out} left as it was ({len(FEW)} records)" in err


def test_tables_folder_is_untouched_by_a_run_that_writes_nothing(tmp_path, capsys, nlp):
    out = tmp_path / "tables"
    assert cli(capsys, "extract", folder_of(tmp_path, FEW), "-o", out, "--format", "csv", "-q")[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert cli(capsys, "extract", empty, "-o", out, "--format", "csv", "-q")[0] == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.slow
def test_resume_over_a_subset_keeps_the_other_records(tmp_path, capsys, nlp):
    whole = folder_of(tmp_path, FEW)
    out = tmp_path / "res.jsonl"
    assert cli(capsys, "extract", whole, "-o", out, "-q")[0] == 0
    before = out.read_bytes()
    subset = folder_of(tmp_path, FEW[:1], "subset")
    (subset / FEW[0].name).write_bytes(FEW[0].read_bytes())  # same bytes, another path: a new input
    status, _, err = cli(capsys, "extract", subset, "-o", out, "--resume")
    assert status == 0
    assert f"{len(FEW) + 1} records in {out}: 1 added, 0 refreshed, {len(FEW)} kept (0 unchanged, {len(FEW)} from inputs not in this run)" in err
    after = lines(out)
    # this run's input first, then the earlier records in their order
    assert json.loads(after[0])["source"] == str(subset / FEW[0].name)
    assert "\n".join(after[1:]) + "\n" == before.decode("utf-8")


@pytest.mark.slow
def test_resume_counts_added_refreshed_and_kept(tmp_path, capsys, nlp):
    folder = folder_of(tmp_path, FEW)
    out = tmp_path / "res.jsonl"
    assert cli(capsys, "extract", folder, "-o", out, "-q")[0] == 0
    changed = folder / FEW[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe two leaders agreed to meet again.\n", encoding="utf-8")
    (folder / "new.txt").write_bytes(SEED.read_bytes())
    status, _, err = cli(capsys, "extract", folder, "-o", out, "--resume")
    assert status == 0 and f"{len(FEW) + 1} records in {out}: 1 added, 1 refreshed, {len(FEW) - 1} kept;" in err
    # a resume that finds nothing new rewrites nothing
    mtime = out.stat().st_mtime_ns
    status, _, err = cli(capsys, "extract", folder, "-o", out, "--resume")
    assert status == 0 and "0 added, 0 refreshed" in err and out.stat().st_mtime_ns == mtime


@pytest.mark.slow
def test_resume_into_tables_is_the_union_and_equals_a_clean_run(tmp_path, capsys, nlp):
    folder = folder_of(tmp_path, FEW)
    out = tmp_path / "t"
    first = folder_of(tmp_path, FEW[:2], "first")
    assert cli(capsys, "extract", first, "-o", out, "--format", "parquet", "-q")[0] == 0
    assert cli(capsys, "extract", folder, "-o", out, "--format", "parquet", "--resume", "-q")[0] == 0
    records = pressextract.read_records(out)
    assert len(records) == len(FEW) + 2  # the earlier run's two inputs had other paths: kept as well
    import pandas as pd

    documents = pd.read_parquet(out / "documents.parquet")
    assert list(documents["doc_id"]) == [r.doc_id for r in records]


# -- reading results back -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "parquet", "sqlite"])
def test_read_records_from_every_format(tmp_path, capsys, fmt, nlp):
    folder = folder_of(tmp_path, FEW)
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out.sqlite" if fmt == "sqlite" else "out")
    assert cli(capsys, "extract", folder, "-o", out, "--format", fmt, "-q")[0] == 0
    records = pressextract.read_records(out)
    assert isinstance(records, pressextract.RecordList)
    expected = {r.doc_id: r.model_dump(mode="json") for r in pressextract.extract_many(sorted(folder.iterdir()))}
    assert {r.doc_id: r.model_dump(mode="json") for r in records} == expected


def test_include_text_stores_what_the_offsets_index_for_html(tmp_path, capsys, nlp):
    page = tmp_path / "page.html"
    page.write_bytes(HTML_PAGE)
    out = tmp_path / "out.jsonl"
    assert cli(capsys, "extract", page, "-o", out, "--include-text", "-q")[0] == 0
    [record] = pressextract.read_records(out)
    assert record.text == read_document(page).text and "<" not in record.text
    assert record.check_spans(record.text) == [] and record.participants
    assert 'class="px-text"' in record._repr_html_()  # highlights from the saved results alone


def test_without_include_text_the_text_is_null(tmp_path, capsys, nlp):
    out = tmp_path / "out.jsonl"
    assert cli(capsys, "extract", SEED, "-o", out, "-q")[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))["text"] is None
    assert pressextract.read_records(out)[0].doc_text is None


def test_read_records_checks_spans_against_a_stored_text(tmp_path, capsys, nlp):
    out = tmp_path / "out.jsonl"
    assert cli(capsys, "extract", SEED, "-o", out, "--include-text", "-q")[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["text"] = data["text"].replace("Kishida", "Kishidb")
    out.write_text(json.dumps(data) + "\n", encoding="utf-8")
    with pytest.raises(ResultsFileError, match=r"^\[PX021\] .*out\.jsonl:1: is not a record"):
        pressextract.read_records(out)


def test_read_records_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ResultsFileError) as info:
        pressextract.read_records(bad)
    assert str(info.value).startswith(f"[PX021] {bad}: line 2 is not JSON")
    with pytest.raises(FileNotFoundError):
        pressextract.read_records(tmp_path / "missing.jsonl")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ResultsFileError, match="holds no records.jsonl"):
        pressextract.read_records(tmp_path / "empty")


def test_show_a_record_from_results(tmp_path, capsys, nlp):
    out = tmp_path / "out.jsonl"
    assert cli(capsys, "extract", folder_of(tmp_path, FEW), "-o", out, "--include-text", "-q")[0] == 0
    doc_id = json.loads(lines(out)[1])["doc_id"]
    status, shown, _ = cli(capsys, "show", out, doc_id, "--html", tmp_path / "x.html")
    assert status == 0 and doc_id in shown and "events (" in shown
    assert 'class="px-participant"' in (tmp_path / "x.html").read_text(encoding="utf-8")
    status, _, err = cli(capsys, "show", out, "no-such-doc")
    assert status == 2 and "has no record with doc_id 'no-such-doc'" in err and err.count("\n") == 1


def test_evaluate_reads_saved_predictions_and_a_missing_file_is_one_line(tmp_path, capsys, nlp):
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(SEED, gold / SEED.name)
    shutil.copy(SEED.with_name(SEED.stem + ".gold.json"), gold)
    pred = tmp_path / "pred.jsonl"
    assert cli(capsys, "extract", gold, "-o", pred, "-q")[0] == 0
    status, out, _ = cli(capsys, "evaluate", gold, "--pred", pred, "--json")
    assert status == 0 and json.loads(out)["kinds"]["events"]["f1"] > 0.9
    status, out, err = cli(capsys, "evaluate", gold, "--pred", tmp_path / "missing.jsonl")
    assert status == 2 and out == "" and err.count("\n") == 1 and "[PX001]" in err and "Traceback" not in err


# -- typed tables ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables(tmp_path_factory, nlp):
    """csv and parquet tables of a few corpus documents (one of them with a timed, hedged event)."""
    from pressextract.cli import main

    root = tmp_path_factory.mktemp("tables")
    folder = root / "in"
    folder.mkdir()
    for path in FEW + [SEED]:
        shutil.copy(path, folder / path.name)
    for fmt in ("csv", "parquet"):
        assert main(["extract", str(folder), "-o", str(root / fmt), "--format", fmt, "-q"]) == 0
    return root


def test_parquet_types_are_native(tables):
    import pyarrow as pa
    import pyarrow.parquet as pq

    events = pq.read_table(tables / "parquet" / "events.parquet").schema
    assert events.field("date").type == pa.date32() and events.field("start_time").type == pa.time32("ms")
    assert events.field("duration").type == pa.duration("s") and events.field("approximate").type == pa.bool_()
    assert events.field("duration_minutes").type == pa.int64() and events.field("participants").type == pa.list_(pa.string())
    mentions = pq.read_table(tables / "parquet" / "participants.parquet").schema.field("mentions").type
    assert mentions == pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64())]))
    assert pq.read_table(tables / "parquet" / "documents.parquet").schema.field("published").type == pa.date32()


def test_parquet_values_and_empty_lists(tables):
    import pandas as pd

    events = pd.read_parquet(tables / "parquet" / "events.parquet")
    seed = events[(events["doc_id"] == SEED.stem) & (events["id"] == "e1")].iloc[0]
    assert seed["start_time"] == dt.time(18, 37) and seed["duration"] == pd.Timedelta(minutes=45) and seed["approximate"]
    assert seed["date"] == dt.date(2024, 2, 8) and list(seed["participants"]) and seed["key"] == f"{SEED.stem}#e1"
    participants = pd.read_parquet(tables / "parquet" / "participants.parquet")
    assert all(isinstance(h, (list, type(participants["honorifics"].iloc[0]))) for h in participants["honorifics"])
    assert not participants["honorifics"].isna().any()  # an empty list is [], never null


def test_csv_has_iso_values_and_json_arrays(tables):
    with open(tables / "csv" / "events.csv", encoding="utf-8", newline="") as handle:
        rows = {(r["doc_id"], r["id"]): r for r in csv.DictReader(handle)}
    seed = rows[(SEED.stem, "e1")]
    assert (seed["date"], seed["start_time"], seed["end_time"], seed["duration"]) == ("2024-02-08", "18:37", "19:22", "PT45M")
    assert seed["approximate"] == "true" and json.loads(seed["participants"]) == ["p1", "p2"]
    with open(tables / "csv" / "participants.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert isinstance(json.loads(row["honorifics"]), list)
            assert all(set(m) == {"start", "end"} for m in json.loads(row["mentions"]))


def test_every_table_has_the_global_key_and_link_tables_point_at_items(tables):
    import pandas as pd

    frames = {name: pd.read_parquet(tables / "parquet" / f"{name}.parquet") for name in TABLES}
    for name in ("events", "participants", "instruments", "positions"):
        frame = frames[name]
        assert list(frame["key"]) == [f"{d}#{i}" for d, i in zip(frame["doc_id"], frame["id"], strict=True)]
        assert frame["key"].is_unique
    keys = set(frames["participants"]["key"])
    assert set(frames["event_participants"]["participant_key"]) <= keys and len(frames["event_participants"]) > 0
    assert set(frames["position_actors"]["participant_key"]) <= keys and len(frames["position_actors"]) > 0
    assert set(frames["event_participants"]["event_key"]) <= set(frames["events"]["key"])
    assert set(frames["instrument_parties"]["instrument_key"]) <= set(frames["instruments"]["key"])


def test_csv_and_parquet_have_the_same_columns(tables):
    import pandas as pd

    for name in TABLES:
        assert list(pd.read_csv(tables / "csv" / f"{name}.csv", nrows=0).columns) == [c for c, _ in COLUMNS[name]]
        assert list(pd.read_parquet(tables / "parquet" / f"{name}.parquet").columns) == [c for c, _ in COLUMNS[name]]


def test_a_field_added_to_a_model_appears_in_every_table_format():
    from pressextract.frames import _item_columns
    from pressextract.records import Participant

    class Wider(Participant):
        person_key: str | None = None

    assert ("person_key", "str") in _item_columns(Wider)


# -- SQLite ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, nlp):
    """The database of every corpus/ document, built as the README says."""
    from pressextract.cli import main

    db = tmp_path_factory.mktemp("db") / "corpus.sqlite"
    assert main(["extract", str(CORPUS), "-o", str(db), "--format", "sqlite", "-q"]) == 0
    return db


def test_sqlite_has_keys_foreign_keys_indexes_and_types(corpus_db):
    with sqlite3.connect(corpus_db) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        pk = [row[1] for row in db.execute("PRAGMA table_info(events)") if row[5]]
        assert pk == ["doc_id", "id"]
        refs = {(row[2], row[3], row[4]) for row in db.execute("PRAGMA foreign_key_list(event_participants)")}
        assert ("events", "event_id", "id") in refs and ("participants", "participant_id", "id") in refs
        indexes = {row[1] for row in db.execute("PRAGMA index_list(participants)")}
        assert "participants_family_name" in indexes
        types = {row[1]: row[2] for row in db.execute("PRAGMA table_info(events)")}
        assert (types["date"], types["duration_minutes"], types["approximate"]) == ("DATE", "INTEGER", "BOOLEAN")
        count = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert count == len(pressextract.read_records(corpus_db)) == len(list(CORPUS.rglob("*.txt")) + list(CORPUS.rglob("*.html")))


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", text, flags=re.S)


def test_the_readme_queries_run_as_written(corpus_db):
    queries = readme_queries()
    assert len(queries) == 3
    with sqlite3.connect(corpus_db) as db:
        results = [db.execute(query).fetchall() for query in queries]
    meetings, positions, per_year = results
    assert any(row[0] == SEED.stem for row in meetings)
    assert positions and {row[0] for row in positions} <= {s.value for s in __import__("pressextract.records", fromlist=["Stance"]).Stance}
    assert per_year and all(re.fullmatch(r"\d{4}", str(row[0])) and row[1] > 0 for row in per_year)


@pytest.mark.slow
def test_sqlite_resume_is_idempotent(tmp_path, capsys, nlp):
    folder = folder_of(tmp_path, FEW)
    db = tmp_path / "out.sqlite"
    assert cli(capsys, "extract", folder, "-o", db, "--format", "sqlite", "-q")[0] == 0

    def dump():
        with sqlite3.connect(db) as connection:
            return list(connection.iterdump())

    before = dump()
    assert cli(capsys, "extract", folder, "-o", db, "--format", "sqlite", "--resume", "-q")[0] == 0
    assert dump() == before
    changed = folder / FEW[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe two leaders agreed to meet again.\n", encoding="utf-8")
    assert cli(capsys, "extract", folder, "-o", db, "--format", "sqlite", "--resume", "-q")[0] == 0
    fresh = tmp_path / "fresh.sqlite"
    assert cli(capsys, "extract", folder, "-o", fresh, "--format", "sqlite", "-q")[0] == 0
    with sqlite3.connect(fresh) as connection:
        assert dump() == list(connection.iterdump())
