import codecs

import pytest

from pressextract.errors import BinaryInputError, InputReadError, PressExtractError
from pressextract.io import find_documents, html_to_text, read_document


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_plain(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", "Kishida – “FOIP”".encode()))
    assert doc.text == "Kishida – “FOIP”"
    assert doc.warnings == []


def test_utf8_bom_is_stripped(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", codecs.BOM_UTF8 + b"Title\n"))
    assert doc.text == "Title\n"


def test_line_endings_become_lf(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", b"one\r\ntwo\rthree\n"))
    assert doc.text == "one\ntwo\nthree\n"


def test_windows_1252_detected_with_warning(tmp_path):
    text = "The Prime Minister\u2019s visit to S\u00e3o Paulo and M\u00fcnchen was \u201cexcellent\u201d. " * 4
    doc = read_document(write(tmp_path, "a.txt", text.encode("cp1252")))
    assert doc.text == text
    assert doc.warnings and "decoded as" in doc.warnings[0]


def test_utf16_with_bom(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", "Readout\nPresident Biden spoke today.".encode("utf-16")))
    assert doc.text == "Readout\nPresident Biden spoke today."


def test_png_is_refused_with_one_line(tmp_path):
    with pytest.raises(BinaryInputError) as info:
        read_document(write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20))
    message = str(info.value)
    assert "\n" not in message and "photo.txt" in message and message.startswith("[PX002]")


def test_missing_file(tmp_path):
    with pytest.raises(InputReadError):
        read_document(tmp_path / "nope.txt")


def test_html_reduced_to_visible_text():
    html = (
        "<!doctype html><html><head><title>T</title><style>p{color:red}</style><script>var x=1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav><main><h1>Japan-Kenya Summit</h1><p>The two   leaders <b>met</b>.</p>"
        "<ul><li>(A) MoC</li><li>(B) MoU</li></ul></main><footer>Copyright</footer></body></html>"
    )
    assert html_to_text(html) == "Japan-Kenya Summit\n\nThe two leaders met.\n\n(A) MoC\n(B) MoU"


def test_html_file_by_suffix(tmp_path):
    doc = read_document(write(tmp_path, "a.html", b"<p>One</p><p>Two</p>"))
    assert doc.text == "One\n\nTwo"


def test_find_documents_recurses_sorted_and_reports_problems(tmp_path):
    (tmp_path / "b").mkdir()
    write(tmp_path / "b", "2.txt", b"x")
    write(tmp_path, "1.html", b"<p>x</p>")
    write(tmp_path, "skip.xlsx", b"PK")
    (tmp_path / "b" / "loop").symlink_to(tmp_path)
    skipped = []
    found, problems = find_documents([tmp_path, tmp_path / "missing.txt"], skipped=skipped)
    assert [p.name for p in found] == ["1.html", "2.txt"]
    assert [p.name for p in skipped] == ["skip.xlsx"]
    assert any("symlink loop" in str(p) and str(p).startswith("[PX006]") for p in problems)
    assert any("missing.txt" in str(p) and str(p).startswith("[PX001]") for p in problems)


def test_every_error_is_a_pressextract_error(tmp_path):
    with pytest.raises(PressExtractError):
        read_document(write(tmp_path, "a.pdf", b"%PDF-1.7 ..."))


def test_shift_jis_detected_with_warning(tmp_path):
    text = "日本国外務省は、岸田総理大臣とケニアのルト大統領が首脳会談を行ったと発表しました。\n" * 3
    doc = read_document(write(tmp_path, "a.txt", text.encode("shift_jis")))
    assert doc.text == text and doc.warnings and "decoded as" in doc.warnings[0]


def test_nul_bytes_in_valid_utf8_are_binary(tmp_path):
    with pytest.raises(BinaryInputError):
        read_document(write(tmp_path, "zeros.txt", b"\x00" * 64))


def test_content_hash_is_of_the_bytes(tmp_path):
    import hashlib

    data = "Readout\r\nThe two leaders met.".encode("utf-16")
    doc = read_document(write(tmp_path, "a.txt", data))
    assert doc.sha256 == "sha256:" + hashlib.sha256(data).hexdigest()
