import json
import subprocess
import sys

import pytest

from .conftest import SEED

# Every test here runs the command line in a process of its own.
pytestmark = pytest.mark.slow


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "pressextract.cli", *args], capture_output=True, text=True, **kw)


def test_extract_jsonl_to_stdout_is_deterministic(tmp_path):
    first = run("extract", str(SEED), "--quiet")
    second = run("extract", str(SEED), "--quiet")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    record = json.loads(first.stdout)
    assert record["doc_id"] == SEED.stem and record["published"] == "2024-02-08"


def test_extract_folder_with_a_bad_file_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"%PDF-1.4 binary")
    out = tmp_path / "out" / "records.jsonl"
    result = run("extract", str(tmp_path), "-o", str(out))
    assert result.returncode == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["doc_id"] == "a"
    errors = [l for l in result.stderr.splitlines() if "b.txt" in l]
    assert errors and "[PX002]" in errors[0] and "Traceback" not in result.stderr


def test_extract_json_format_writes_one_file_per_document(tmp_path):
    result = run("extract", str(SEED), "--format", "json", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / f"{SEED.stem}.json").read_text(encoding="utf-8"))["doc_id"] == SEED.stem


def test_evaluate_json(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    gold = SEED.with_name(SEED.stem + ".gold.json")
    (folder / gold.name).write_text(gold.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("evaluate", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"macro_f1", "macro_strict_f1", "kinds", "documents"}
    assert report["kinds"]["events"]["f1"] >= 0.9


def test_bad_usage_exit_2():
    assert run("extract").returncode == 2
    assert run("frobnicate").returncode == 2


def test_missing_model_is_one_line(tmp_path):
    result = run("extract", str(SEED), "--model", "no_such_model_xyz")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "[PX010]" in result.stderr


def test_shards_split_the_corpus_exactly_once(tmp_path):
    from .conftest import CORPUS

    lines = []
    for i in range(3):
        out = tmp_path / f"shard{i}.jsonl"
        result = run("extract", str(CORPUS), "--shard", f"{i}/3", "-o", str(out), "--quiet")
        assert result.returncode == 0, result.stderr
        lines += out.read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["source"] for line in lines]
    assert len(ids) == len(set(ids)) == len(list(CORPUS.rglob("*.txt"))) + len(list(CORPUS.rglob("*.html")))


def test_bad_shard_is_one_line_usage_error():
    result = run("extract", str(SEED), "--shard", "3/3")
    assert result.returncode == 2 and "[PX012]" in result.stderr and "Traceback" not in result.stderr


def test_ray_engine_from_the_cli_matches_the_local_engine(tmp_path):
    import importlib.util

    import pytest

    if importlib.util.find_spec("ray") is None:
        pytest.skip("ray is not installed (pip install pressextract[ray])")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(SEED.read_text(encoding="utf-8").replace("Kenya", "Kenya " + name[0]), encoding="utf-8")
    local = tmp_path / "local.jsonl"
    assert run("extract", str(folder), "-o", str(local), "--quiet").returncode == 0
    result = run("extract", str(folder), "--engine", "ray", "--jobs", "2", "-o", str(tmp_path / "ray"), "--quiet")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "ray" / "records.jsonl").read_bytes() == local.read_bytes()


def test_ray_engine_writes_the_same_tables_as_the_local_engine(tmp_path):
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        pytest.skip("ray is not installed (pip install pressextract[ray])")
    from pressextract.frames import TABLES

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(SEED.read_text(encoding="utf-8").replace("Kenya", "Kenya " + name[0]), encoding="utf-8")
    assert run("extract", str(folder), "-o", str(tmp_path / "local"), "--format", "csv", "--quiet").returncode == 0
    result = run("extract", str(folder), "--engine", "ray", "--jobs", "2", "--batch-size", "2", "--format", "csv",
                 "-o", str(tmp_path / "ray"), "--quiet")
    assert result.returncode == 0, result.stderr[-2000:]
    for name in TABLES:
        assert (tmp_path / "ray" / f"{name}.csv").read_bytes() == (tmp_path / "local" / f"{name}.csv").read_bytes(), name
