"""`pressextract extract` over folders: formats, --jobs, --resume, progress, summary, and every kind of bad file."""

import json
import os
import pty
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pressextract.frames import TABLES
from pressextract.io import read_document
from pressextract.records import Record

from .conftest import CORPUS, SEED

PX = [sys.executable, "-m", "pressextract.cli"]
# A handful of corpus documents in several house styles keeps the multi-run tests quick.
SAMPLE = list(dict.fromkeys(sorted(CORPUS.rglob("*.txt"))[::10] + [SEED]))


def run(*args, **kw):
    """The CLI in a process of its own: what a user's shell sees."""
    return subprocess.run([*PX, *map(str, args)], capture_output=True, text=True, **kw)


def cli(capsys, *args) -> tuple[int, str, str]:
    """The CLI in this process (the model is loaded once per session): exit status, stdout, stderr."""
    from pressextract.cli import main

    capsys.readouterr()
    try:
        status = main([str(a) for a in args])
    except SystemExit as exc:  # argparse rejects bad usage by exiting
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def expected_jsonl(folder: Path) -> bytes:
    """What a run over ``folder`` must write, computed through the Python API."""
    from pressextract.sinks import record_json
    from pressextract.io import find_documents
    import pressextract

    paths, _ = find_documents([folder])
    return "".join(record_json(r) + "\n" for r in pressextract.extract_many(paths)).encode("utf-8")


def copy_sample(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in SAMPLE:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def no_leftovers(folder: Path) -> list[str]:
    """Temporary or journal files left behind (a half-written output)."""
    return [p.name for p in folder.rglob("*") if p.name.endswith((".tmp", ".partial"))]


HTML_PAGE = b"""<!doctype html><html><head><title>Readout</title><script>window.track = function () { return "President Fake met nobody"; };</script>
<style>body { font: 12px sans-serif }</style></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li>Search</li></ul></nav>
<header><div class="banner">Official website</div></header>
<main><h1>Readout of President Biden's Call with Prime Minister Trudeau of Canada</h1>
<p>January 22, 2021</p>
<p>President Joseph R. Biden, Jr. spoke today with Prime Minister Justin Trudeau of Canada. The two leaders agreed to
work together on the pandemic.</p></main>
<footer>Copyright. Privacy policy.</footer><script>console.log("tracking");</script></body></html>"""


def make_bad_folder(root: Path) -> dict[str, str | None]:
    """Every bad input of the issue in one folder; name -> expected error code (None: a record)."""
    root.mkdir()
    expected: dict[str, str | None] = {}

    def put(name, data: bytes, code):
        (root / name).write_bytes(data)
        expected[name] = code

    put("good.txt", SEED.read_bytes(), None)
    put("empty.txt", b"", None)
    put("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PX002")
    put("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "PX002")
    cp1252 = "Readout\n\nFebruary 8, 2024\n\nThe Prime Minister\u2019s visit to S\u00e3o Paulo was \u201cexcellent\u201d. " * 3
    put("windows.txt", cp1252.encode("cp1252"), None)
    sjis = "日本国外務省は、岸田総理大臣とケニアのルト大統領が首脳会談を行ったと発表しました。両首脳は協力を確認しました。\n" * 3
    put("japanese.txt", sjis.encode("shift_jis"), None)
    put("utf16.txt", "Readout\n\nPresident Biden spoke with Prime Minister Trudeau of Canada.".encode("utf-16"), None)
    put("page.html", HTML_PAGE, None)
    # 20 MB of text: more than a document may hold, refused for this file alone.
    put("huge.txt", b"The two leaders met and agreed to cooperate. " * 460_000, "PX004")
    put("one-line.txt", b"x" * 1_000_000, None)
    put("recipe.txt", b"Pancakes\n\nMix 200 g of flour with two eggs and 300 ml of milk.\nFry in butter for two minutes a side.\n", None)
    sub = root / "sub"
    sub.mkdir()
    (sub / "loop").symlink_to(root, target_is_directory=True)  # a symlink loop back to the top
    (root / "self.txt").symlink_to(root / "self.txt")  # a symlink to itself
    expected["self.txt"] = "PX001"
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    expected["dangling.txt"] = "PX001"
    os.mkfifo(root / "pipe.txt")  # reading it would block forever
    expected["pipe.txt"] = "PX001"
    locked = sub / "locked.txt"
    locked.write_bytes(SEED.read_bytes())
    locked.chmod(0)
    # root reads a mode-0 file anyway; then it is a normal document.
    expected["locked.txt"] = None if os.geteuid() == 0 else "PX001"
    return expected


@pytest.mark.slow
def test_bad_files_never_stop_the_batch(tmp_path):
    folder = tmp_path / "in"
    expected = make_bad_folder(folder)
    out = tmp_path / "out" / "records.jsonl"
    result = run("extract", folder, "-o", out)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    records = {r["doc_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    for name, code in expected.items():
        stem = Path(name).stem
        mentions = [line for line in result.stderr.splitlines() if f"/{name}:" in line and line.startswith("pressextract: [PX")]
        if code is None:
            assert stem in records, (name, result.stderr)
            assert not mentions, mentions
            record = Record.model_validate(records[stem])
            path = next(folder.rglob(name))
            assert record.check_spans(read_document(path).text) == []
        else:
            assert stem not in records
            # One line for the file as it fails (the summary repeats it, indented).
            assert len(mentions) == 1 and f"[{code}]" in mentions[0], (name, result.stderr)
    assert any("[PX006]" in line and "sub/loop" in line for line in result.stderr.splitlines())
    warned = {name: records[name]["warnings"] for name in ("empty", "recipe", "one-line", "windows", "japanese")}
    assert any("PX030" in w for w in warned["empty"])
    assert any("PX031" in w for w in warned["recipe"]) and any("PX031" in w for w in warned["one-line"])
    assert any("cp1252" in w for w in warned["windows"]) and any("decoded as" in w for w in warned["japanese"])
    page = records["page"]
    assert page["participants"] and "Fake" not in json.dumps(page) and "Home" not in read_document(folder / "page.html").text
    assert no_leftovers(tmp_path) == []


def test_permission_denied_is_one_line(tmp_path, monkeypatch):
    import pressextract.io as pio
    from pressextract.errors import InputReadError

    path = tmp_path / "locked.txt"
    path.write_text("text", encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:
        # root ignores file modes: make the read fail the way it does for everyone else.
        def denied(*args, **kw):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(pio, "open", denied, raising=False)
    with pytest.raises(InputReadError) as info:
        read_document(path)
    assert str(info.value) == f"[PX001] {path}: cannot be read (permission denied): check its permissions"


def test_summary_counts_and_exit_status(tmp_path, capsys, nlp):
    folder = copy_sample(tmp_path / "in")
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / "out.jsonl"
    status, _, err = cli(capsys, "extract", folder, "-o", out)
    assert status == 1
    n = len(list(folder.glob("*.txt")))
    summary = [line for line in err.splitlines() if "documents read" in line]
    assert len(summary) == 1
    assert summary[0].startswith(f"pressextract: {n} documents read, {n - 1} records written to {out}, 1 failed; ")
    assert "documents/s" in summary[0]
    assert f"    [PX002] {folder / 'broken.txt'}: is a PNG image" in err
    (folder / "broken.txt").unlink()
    assert cli(capsys, "extract", folder, "-o", out, "--quiet") == (0, "", "")


def test_bad_usage_exits_2(tmp_path, capsys):
    for args in (["--format", "csv"], ["--resume"], ["--format", "xml"], ["--jobs", "0"]):
        status, out, err = cli(capsys, "extract", SEED, *args)
        assert status == 2 and out == "", args
        # argparse prints its usage first; the reason is always the last line.
        assert "Traceback" not in err and "error" in err.strip().splitlines()[-1].lower() or "[PX" in err.strip().splitlines()[-1]
    status, _, err = cli(capsys, "extract", SEED, "--format", "csv")
    assert err.startswith("pressextract: [PX012] --format csv") and "-o OUT" in err
    (tmp_path / "file").write_text("x")
    assert cli(capsys, "extract", SEED, "--format", "json", "-o", tmp_path / "file")[0] == 2
    (tmp_path / "nothing").mkdir()
    assert cli(capsys, "extract", tmp_path / "nothing")[0] == 2


@pytest.mark.slow
def test_jobs_do_not_change_a_byte(tmp_path, capsys, nlp):
    folder = copy_sample(tmp_path / "in")
    assert cli(capsys, "extract", folder, "-o", tmp_path / "one", "--format", "csv", "--quiet")[0] == 0
    assert cli(capsys, "extract", folder, "-o", tmp_path / "two", "--format", "csv", "--quiet", "--jobs", "2", "--batch-size", "2")[0] == 0
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted([".records.jsonl"] + [f"{name}.csv" for name in TABLES])
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_csv_tables_carry_doc_id_and_exact_spans(tmp_path, capsys, nlp):
    import csv

    folder = copy_sample(tmp_path / "in")
    assert cli(capsys, "extract", folder, "-o", tmp_path / "t", "--format", "csv", "-q")[0] == 0
    texts = {p.stem: read_document(p).text for p in folder.glob("*.txt")}
    for kind in ("events", "participants", "instruments", "positions"):
        with open(tmp_path / "t" / f"{kind}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, kind
        for row in rows:
            assert texts[row["doc_id"]][int(row["span_start"]):int(row["span_end"])] == row["span_text"]


def test_parquet_tables_match_csv(tmp_path, capsys, nlp):
    import pandas as pd

    folder = copy_sample(tmp_path / "in")
    assert cli(capsys, "extract", folder, "-o", tmp_path / "p", "--format", "parquet", "-q")[0] == 0
    assert cli(capsys, "extract", folder, "-o", tmp_path / "c", "--format", "csv", "-q")[0] == 0
    for kind in ("documents", "events", "participants", "instruments", "positions"):
        from_parquet = pd.read_parquet(tmp_path / "p" / f"{kind}.parquet")
        from_csv = pd.read_csv(tmp_path / "c" / f"{kind}.csv", keep_default_na=False)
        assert list(from_parquet.columns) == list(from_csv.columns)
        assert len(from_parquet) == len(from_csv) and len(from_csv) > 0
        assert list(from_parquet["doc_id"]) == list(from_csv["doc_id"])


@pytest.mark.slow
def test_json_format_resume_skips_unchanged_and_redoes_changed(tmp_path, capsys, nlp):
    folder = copy_sample(tmp_path / "in")
    out = tmp_path / "out"
    assert cli(capsys, "extract", folder, "-o", out, "--format", "json", "-q")[0] == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    changed = folder / SEED.name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe two leaders agreed to meet again.\n", encoding="utf-8")
    status, _, err = cli(capsys, "extract", folder, "-o", out, "--format", "json", "--resume")
    assert status == 0
    assert f"records in {out}: 0 added, 1 refreshed, {len(first) - 1} kept;" in err
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert [n for n in first if first[n] != after[n]] == [f"{SEED.stem}.json"]
    assert json.loads(after[f"{SEED.stem}.json"])["content_hash"] == read_document(changed).sha256


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_output(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    # Enough documents that the run is still going when it is killed.
    for n in range(30):
        (folder / f"doc{n:02}.txt").write_bytes(SAMPLE[n % len(SAMPLE)].read_bytes())
    out = tmp_path / "out" / "records.jsonl"
    journal = out.with_name(".records.jsonl.partial")
    proc = subprocess.Popen([*PX, "extract", str(folder), "-o", str(out), "-q", "--batch-size", "2"])
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 4:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()  # nothing half-written: the output only appears complete
    done = journal.read_bytes().count(b"\n")
    resumed = run("extract", folder, "-o", out, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    kept = int(re.search(r"(\d+) kept", resumed.stderr).group(1))
    assert kept >= done >= 4
    assert not journal.exists() and no_leftovers(tmp_path) == []
    assert out.read_bytes() == expected_jsonl(folder)


def _run_on_terminal(args) -> str:
    """Run the CLI with stdout and stderr on a pseudo-terminal; what the terminal showed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([*PX, *map(str, args)], stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait()
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_progress_bar_on_a_terminal_only(tmp_path):
    folder = copy_sample(tmp_path / "in")
    shown = _run_on_terminal(["extract", folder, "-o", tmp_path / "a.jsonl"])
    n = len(list(folder.glob("*.txt")))
    assert f"{n}/{n}" in shown and "extracting" in shown and "documents read" in shown
    quiet = _run_on_terminal(["extract", folder, "-o", tmp_path / "b.jsonl", "--quiet"])
    assert "extracting" not in quiet and "documents read" not in quiet


def test_no_progress_bar_when_piped(tmp_path, capsys, nlp):
    folder = copy_sample(tmp_path / "in")
    status, _, err = cli(capsys, "extract", folder, "-o", tmp_path / "c.jsonl")
    assert status == 0
    assert "extracting" not in err and "\r" not in err and "\x1b[" not in err
    assert "documents read" in err


@pytest.mark.slow
def test_show_prints_tables_and_writes_html(tmp_path):
    page = tmp_path / "seed.html"
    result = run("show", SEED, "--html", page)
    assert result.returncode == 0, result.stderr
    for heading in ("events (", "participants (", "instruments (", "positions ("):
        assert heading in result.stdout
    assert "Fumio Kishida" in result.stdout and "Traceback" not in result.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'class="px-participant"' in html
    assert "http" not in html  # offline: nothing fetched from a CDN
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run("show", bad)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "[PX002]" in result.stderr
