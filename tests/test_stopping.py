"""Stopping is clean: SIGTERM, kill -9 and Ctrl-C of a `--jobs` run end the workers quietly, resume stays exact;
an empty shard is not an error; batches are capped by characters."""

import importlib.util
import os
import signal
import subprocess
import time

import pytest

from pressextract.runner import batches

from .conftest import SEED
from .test_batch import PX, SAMPLE, expected_jsonl, run

psutil = pytest.importorskip("psutil")


def start_run(tmp_path, *extra):
    """A `--jobs 2` run over enough documents that it is still going when stopped; its journal and stderr file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        (folder / f"doc{n:02}.txt").write_bytes(SAMPLE[n % len(SAMPLE)].read_bytes())
    out = tmp_path / "out" / "records.jsonl"
    journal = out.with_name(".records.jsonl.partial")
    stderr = open(tmp_path / "stderr.txt", "wb")
    proc = subprocess.Popen([*PX, "extract", str(folder), "-o", str(out), "--jobs", "2", "--batch-size", "1", *extra],
                            stderr=stderr, start_new_session=True)
    stderr.close()
    deadline = time.time() + 120
    workers = []
    while time.time() < deadline and proc.poll() is None:
        workers = psutil.Process(proc.pid).children()
        if len(workers) >= 2 and journal.exists() and journal.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be stopped"
    return proc, folder, out, workers


def gone(processes, timeout=15.0) -> bool:
    """Whether every process ended (a zombie waiting for an init that does not reap counts as ended)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        alive = []
        for p in processes:
            try:
                if p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        if not alive:
            return True
        time.sleep(0.1)
    for p in processes:  # leave nothing behind for the next test
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    return False


@pytest.mark.slow
def test_kill_9_of_the_main_process_ends_the_workers_quietly(tmp_path):
    proc, folder, out, workers = start_run(tmp_path, "-q")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert gone(workers), "workers outlived the main process"
    assert b"Traceback" not in (tmp_path / "stderr.txt").read_bytes()
    resumed = run("extract", folder, "-o", out, "--resume", "--jobs", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == expected_jsonl(folder)


@pytest.mark.slow
def test_sigterm_is_one_line_and_ends_the_workers(tmp_path):
    proc, folder, out, workers = start_run(tmp_path, "-q")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 143
    assert gone(workers)
    err = (tmp_path / "stderr.txt").read_text(encoding="utf-8")
    assert err == "pressextract: terminated: run again with --resume to finish\n"
    assert not out.exists()
    assert run("extract", folder, "-o", out, "--resume").returncode == 0
    assert out.read_bytes() == expected_jsonl(folder)


@pytest.mark.slow
def test_ctrl_c_is_one_line_exit_130_and_resume_is_exact(tmp_path):
    proc, folder, out, workers = start_run(tmp_path, "-q")
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: every process of the group
    assert proc.wait(timeout=30) == 130
    assert gone(workers)
    assert (tmp_path / "stderr.txt").read_text(encoding="utf-8") == "pressextract: interrupted\n"
    assert run("extract", folder, "-o", out, "--resume", "--jobs", "2").returncode == 0
    assert out.read_bytes() == expected_jsonl(folder)


@pytest.mark.slow
def test_an_empty_shard_exits_0_and_writes_its_empty_output(tmp_path):
    from pressextract.sharding import shard_of

    empty = 1 - shard_of(SEED, 2)
    out = tmp_path / f"part-{empty}.jsonl"
    result = run("extract", SEED, "--shard", f"{empty}/2", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.exists() and out.read_bytes() == b""
    assert "0 documents read, 0 records written" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray not installed: pip install 'pressextract[ray]'")
def test_ray_without_a_cluster_is_a_one_line_usage_error(tmp_path):
    if os.path.exists("/tmp/ray/ray_current_cluster"):
        pytest.skip("a Ray cluster was started on this machine (ray start): --address auto would join it")
    result = run("extract", SEED, "--engine", "ray", "--address", "auto", "-o", tmp_path / "ray")
    assert result.returncode == 2
    assert result.stderr.startswith("pressextract: [PX017] --address auto: no Ray cluster could be reached")
    assert result.stderr.count("\n") == 1 and "ray start --head" in result.stderr


def items(*sizes):
    return [{"doc_id": str(n), "text": "x" * size} for n, size in enumerate(sizes)]


def test_batches_close_at_the_count_or_the_characters():
    sizes = [10, 10, 10, 10, 10]
    assert [[n for n, _ in b] for b in batches(items(*sizes), batch_size=2, batch_chars=1000)] == [[0, 1], [2, 3], [4]]
    assert [[n for n, _ in b] for b in batches(items(*sizes), batch_size=16, batch_chars=25)] == [[0, 1], [2, 3], [4]]


def test_a_long_document_goes_alone():
    got = [[n for n, _ in b] for b in batches(items(5, 5, 500, 5, 5), batch_size=16, batch_chars=100)]
    assert got == [[0, 1], [2], [3, 4]]


def test_batch_chars_do_not_change_a_byte(nlp):
    import pressextract
    from pressextract.sinks import record_json

    paths = SAMPLE[:4]
    small = [record_json(r) for r in pressextract.extract_many(paths, batch_chars=1)]
    large = [record_json(r) for r in pressextract.extract_many(paths, batch_chars=10_000_000)]
    assert small == large


def long_release(length: int) -> str:
    """Corpus releases one after another, a blank line between them, up to ``length`` characters."""
    from pressextract.io import read_document

    texts = [read_document(p).text for p in SAMPLE]
    parts, n = [], 0
    while sum(map(len, parts)) < length:
        parts.append(texts[n % len(texts)])
        n += 1
    return "\n\n".join(parts)


def test_cut_points_are_paragraph_breaks_within_the_size():
    from pressextract.pieces import cut_points

    text = long_release(60_000)
    cuts = cut_points(text, 10_000)
    bounds = list(zip([0, *cuts], [*cuts, len(text)], strict=True))
    assert len(bounds) >= 6
    for start, end in bounds:
        assert end - start <= 10_000 or "\n\n" not in text[start:end].strip()
    for cut in cuts:
        assert text[cut - 2 : cut] == "\n\n" and (text[cut].isupper() or text[cut].isdigit() or text[cut] in "\u201c\"(")
    assert cut_points("One paragraph without a break. " * 100, 500) == []


def test_a_long_document_in_pieces_gives_the_record_of_the_whole(nlp):
    from pressextract.assemble import doc_to_record
    from pressextract.extensions import DocContext
    from pressextract.pieces import process
    from pressextract.runner import make_doc

    text = long_release(40_000)
    whole = doc_to_record(nlp(make_doc(nlp, text, DocContext("long"))))
    pieces = doc_to_record(process(nlp, make_doc(nlp, text, DocContext("long")), size=8_000))
    assert pieces.model_dump() == whole.model_dump() and whole.events and whole.positions
