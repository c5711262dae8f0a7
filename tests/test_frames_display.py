"""to_frames, the flat tables, and the HTML / terminal views of records."""

import datetime as dt
import io

import pytest

import pressextract
from pressextract.display import page_html, print_record, record_html
from pressextract.frames import COLUMNS, csv_text, flatten

from .conftest import SEED


@pytest.fixture(scope="module")
def seed_record(nlp):
    return pressextract.extract_file(SEED)


def test_to_frames_has_one_frame_per_kind_with_spans(seed_record):
    frames = pressextract.to_frames([seed_record])
    assert set(frames) == {"documents", "events", "participants", "instruments", "positions",
                           "event_participants", "position_actors", "instrument_parties"}
    text = SEED.read_text(encoding="utf-8")
    for kind in ("events", "participants", "instruments", "positions"):
        frame = frames[kind]
        assert list(frame.columns) == [c for c, _ in COLUMNS[kind]]
        assert len(frame) == len(getattr(seed_record, kind)) > 0
        assert set(frame["doc_id"]) == {SEED.stem}
        for start, end, span_text in zip(frame["span_start"], frame["span_end"], frame["span_text"], strict=True):
            assert text[start:end] == span_text
    events = frames["events"]
    assert str(events["duration_minutes"].dtype) == "Int64" and str(events["approximate"].dtype) == "boolean"
    first = events.iloc[0]
    assert (first["kind"], first["start_time"], first["duration_minutes"]) == ("summit_meeting", dt.time(18, 37), 45)


def test_to_frames_of_nothing_keeps_the_columns():
    frames = pressextract.to_frames([])
    assert all(len(frame) == 0 and list(frame.columns) == [c for c, _ in COLUMNS[name]] for name, frame in frames.items())


def test_to_frames_accepts_json_dicts(seed_record):
    from_dicts = pressextract.to_frames([seed_record.model_dump(mode="json")])
    from_records = pressextract.to_frames([seed_record])
    for name in from_records:
        assert from_dicts[name].equals(from_records[name])


def test_csv_and_frames_share_the_flattening(seed_record):
    import pandas as pd

    rows = flatten([seed_record])["positions"]
    table = pd.read_csv(io.StringIO(csv_text("positions", rows)), keep_default_na=False)
    frame = pressextract.to_frames([seed_record])["positions"]
    assert list(table["content"]) == list(frame["content"])
    assert list(table["joint"]) == list(frame["joint"])


def test_record_html_highlights_every_kind(seed_record):
    html = seed_record._repr_html_()
    for kind in ("event", "participant", "instrument", "position"):
        assert f'class="px-{kind}' in html or f" px-{kind}" in html
    # The highlighted text is the document text, escaped, nothing dropped.
    import re
    from html import unescape

    body = html.split('<div class="px-text">', 1)[1].split("</div>", 1)[0]
    assert unescape(re.sub(r"<[^>]+>", "", body)) == SEED.read_text(encoding="utf-8")
    assert "<h3>events (4)</h3>" in html and "http" not in html


def test_record_html_escapes_the_text(nlp):
    record = pressextract.extract("<script>alert(1)</script>\n\nPresident Biden spoke with Prime Minister Trudeau of Canada.")
    html = record_html(record)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_record_without_text_shows_tables_only(seed_record):
    loaded = pressextract.Record.model_validate_json(seed_record.model_dump_json())
    assert loaded.doc_text is None
    html = loaded._repr_html_()
    assert 'class="px-text"' not in html and "text not attached" in html and "<h3>participants (" in html
    loaded.with_text(SEED.read_text(encoding="utf-8"))
    assert 'class="px-text"' in loaded._repr_html_()
    with pytest.raises(ValueError):
        loaded.with_text("some other text entirely")


def test_record_list_renders_overview_and_documents(nlp):
    records = pressextract.extract_all([SEED, "Readout\n\nJanuary 22, 2021\n\nPresident Biden spoke with Prime Minister Trudeau of Canada."])
    assert isinstance(records, pressextract.RecordList) and len(records) == 2
    html = records._repr_html_()
    assert html.count("<details>") == 2 and "2 records" in html and html.count('class="px-text"') == 2
    assert set(records.to_frames()["documents"]["doc_id"]) == {SEED.stem, "doc-2"}


def test_page_html_is_a_standalone_page(seed_record):
    page = page_html(seed_record)
    assert page.startswith("<!doctype html>") and '<meta charset="utf-8">' in page and page.rstrip().endswith("</html>")


def test_print_record_tables(seed_record):
    from rich.console import Console

    buffer = io.StringIO()
    print_record(seed_record, Console(file=buffer, width=100, color_system=None))
    shown = buffer.getvalue()
    assert "events (4)" in shown and "positions (" in shown
    assert "Fumio Kishida" in shown and "18:37-19:22" in shown and "~45 min" in shown
