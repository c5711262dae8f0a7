"""What `extract` reads: PDF and .docx releases, standard input, globs, a manifest, --published; skipped files named."""

import io
import json
import sys
import zipfile

import pytest

from pressextract.errors import DecodeError, NoTextLayerError
from pressextract.io import read_document

from .test_batch import cli

READOUT = [
    "Japan-Kenya Summit Meeting",
    "February 8, 2024",
    "On February 8, Prime Minister Kishida held a summit meeting with President Ruto of Kenya.",
    "The two leaders agreed to strengthen cooperation in energy.",
]


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A small valid PDF, one text line per string (Helvetica); a page with no lines has no text layer."""
    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>", 3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    n = 4
    for lines in pages:
        body = " ".join(f"({_pdf_string(line)}) Tj T*" for line in lines)
        stream = f"BT /F1 11 Tf 14 TL 72 740 Td {body} ET" if lines else "q 0 0 1 rg 72 72 200 200 re f Q"
        objects[n] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                      f"/Resources << /Font << /F1 3 0 R >> >> /Contents {n + 1} 0 R >>")
        objects[n + 1] = f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"
        kids.append(n)
        n += 2
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[k]:010d} 00000 n \n".encode() for k in sorted(objects))
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(paragraphs: list[str], table: list[list[str]] = ()) -> bytes:
    """A minimal .docx: content types, package relationship and the main document part."""
    def para(text):
        return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"

    rows = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in table)
    body = "".join(para(p) for p in paragraphs) + (f"<w:tbl>{rows}</w:tbl>" if table else "")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def test_pdf_text_layer_is_read_page_by_page(tmp_path):
    path = tmp_path / "release.pdf"
    path.write_bytes(make_pdf([READOUT[:2], READOUT[2:]]))
    text = read_document(path).text
    for line in READOUT:
        assert line in text
    assert text.index(READOUT[1]) < text.index(READOUT[2]) and "\n\n" in text


def test_pdf_release_is_extracted_with_exact_spans(tmp_path, nlp):
    import pressextract

    path = tmp_path / "release.pdf"
    path.write_bytes(make_pdf([READOUT]))
    record = pressextract.extract_file(path, include_text=True)
    assert record.text == read_document(path).text and record.check_spans(record.text) == []
    assert record.events and {p.family_name for p in record.participants} >= {"Kishida", "Ruto"}


def test_scanned_pdf_is_one_line_error(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    with pytest.raises(NoTextLayerError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(f"[PX008] {path}: is a PDF without a text layer") and "OCR" in message and "\n" not in message


def test_damaged_pdf_is_one_line_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    with pytest.raises(DecodeError) as info:
        read_document(path)
    assert str(info.value).startswith("[PX003]") and "\n" not in str(info.value)


def test_docx_paragraphs_and_table_rows(tmp_path):
    path = tmp_path / "release.docx"
    path.write_bytes(make_docx(READOUT, table=[["(A)", "Memorandum of Cooperation in Energy"], ["(B)", "Exchange of Notes"]]))
    text = read_document(path).text
    assert text == "\n\n".join(READOUT) + "\n\n(A)\tMemorandum of Cooperation in Energy\n(B)\tExchange of Notes"


def test_docx_without_document_part_is_one_line_error(tmp_path):
    path = tmp_path / "sheet.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(DecodeError, match=r"^\[PX003\] .*not a Word document"):
        read_document(path)


def test_folder_with_pdf_docx_and_other_types(tmp_path, capsys, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(make_pdf([READOUT]))
    (folder / "b.docx").write_bytes(make_docx(READOUT))
    (folder / "c.txt").write_text("\n\n".join(READOUT), encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "out.jsonl"
    status, _, err = cli(capsys, "extract", folder, "-o", out)
    assert status == 0, err
    assert [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a", "b", "c"]
    assert "3 documents read" in err
    skipped = [line for line in err.splitlines() if "skipped for their type" in line]
    assert len(skipped) == 1 and "2 files skipped for their type (1 .jpg, 1 .xlsx)" in skipped[0]
    assert str(folder / "photo.jpg") in skipped[0] and str(folder / "sheet.xlsx") in skipped[0]


def test_stdin_is_read_with_dash(tmp_path, capsys, monkeypatch, nlp):
    data = "\n\n".join(READOUT).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, out, err = cli(capsys, "extract", "-", "--quiet")
    assert status == 0, err
    record = json.loads(out)
    assert (record["doc_id"], record["source"]) == ("stdin", "<stdin>") and record["events"]


def test_include_and_exclude_globs(tmp_path, capsys, nlp):
    folder = tmp_path / "in"
    (folder / "drafts").mkdir(parents=True)
    for name in ("keep.txt", "other.md", "drafts/draft.txt"):
        (folder / name).write_text("\n\n".join(READOUT), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli(capsys, "extract", folder, "-o", out, "-q", "--include", "*.txt", "--exclude", "drafts/*")[0] == 0
    assert [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["keep"]


def test_published_for_releases_without_dateline(tmp_path, capsys, nlp):
    path = tmp_path / "undated.txt"
    path.write_text("Readout\n\nPresident Biden spoke today with Prime Minister Trudeau of Canada.", encoding="utf-8")
    status, out, _ = cli(capsys, "extract", path, "--published", "2021-01-22", "-q")
    record = json.loads(out)
    assert status == 0 and record["published"] == "2021-01-22" and record["events"][0]["date"] == "2021-01-22"
    status, _, err = cli(capsys, "extract", path, "--published", "22/01/2021")
    assert status == 2 and err.strip().startswith("pressextract: [PX012]") and err.count("\n") == 1


def test_manifest_values_travel_into_records(tmp_path, capsys, nlp):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "r1.txt").write_text("Readout\n\nPresident Biden spoke today with Prime Minister Trudeau of Canada.", encoding="utf-8")
    (folder / "r2.txt").write_text("\n\n".join(READOUT), encoding="utf-8")
    manifest = folder / "manifest.csv"
    manifest.write_text(
        "path,doc_id,published,url\n"
        "r2.txt,kenya-2024,,https://example.org/kenya\n"
        "r1.txt,canada-call,2021-01-22,https://example.org/canada\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli(capsys, "extract", "--manifest", manifest, "-o", out, "-q")[0] == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["doc_id"], r["url"]) for r in records] == [("kenya-2024", "https://example.org/kenya"), ("canada-call", "https://example.org/canada")]
    assert records[1]["published"] == "2021-01-22" and records[0]["published"] == "2024-02-08"


def test_bad_manifest_is_a_usage_error(tmp_path, capsys):
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,id\nr1.txt,x\n", encoding="utf-8")
    status, _, err = cli(capsys, "extract", "--manifest", manifest)
    assert status == 2 and f"[PX012] {manifest}: has no 'path' column" in err and err.count("\n") == 1
    manifest.write_text("path,published\nr1.txt,yesterday\n", encoding="utf-8")
    status, _, err = cli(capsys, "extract", "--manifest", manifest)
    assert status == 2 and "line 2: published 'yesterday' is not a date" in err
