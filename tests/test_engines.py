"""The engine-free runner (runner.records_from_batch), --shard I/N, the local engine and the Ray engine."""

import importlib.util
import sys
from pathlib import Path

import pytest

from pressextract import extract, extract_file
from pressextract.runner import item_from_path, outcomes_from_batch, records_from_batch
from pressextract.sharding import parse_shard, select_shard
from pressextract.sinks import record_json
from pressextract.engines import local
from pressextract.errors import BadArgumentError, PressExtractError, RayNotInstalledError

from .conftest import CORPUS, SEED

# A few documents in several house styles (and one HTML page) keep the multi-run tests quick.
FEW = sorted(CORPUS.rglob("*.txt"))[:4] + sorted(CORPUS.rglob("*.html"))[:1] + [SEED]


def expected_jsonl(paths) -> bytes:
    return "".join(record_json(extract_file(p)) + "\n" for p in paths).encode("utf-8")


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_shards_cover_every_file_exactly_once(count):
    paths = sorted(CORPUS.rglob("*.txt")) + sorted(CORPUS.rglob("*.html"))
    shards = [select_shard(paths, i, count) for i in range(count)]
    flat = [p for shard in shards for p in shard]
    assert sorted(flat) == sorted(paths) and len(flat) == len(paths)
    for shard in shards:  # each shard keeps the input order
        assert shard == [p for p in paths if p in shard]


def test_shard_depends_on_the_path_only():
    paths = [Path(f"archive/{y}/release-{n}.txt") for y in (2022, 2023) for n in range(50)]
    one = select_shard(paths, 1, 4)
    # another listing order, another mount point (with root=), extra files: the same files land in shard 1
    again = select_shard(list(reversed(paths)) + [Path("archive/new.txt")], 1, 4)
    moved = select_shard([Path("/mnt/x") / p for p in paths], 1, 4, root="/mnt/x")
    assert set(one) <= set(again) and [Path("/mnt/x") / p for p in one] == moved
    assert 10 < len(one) < 40  # roughly a quarter


@pytest.mark.parametrize("bad", ["4/4", "-1/2", "1", "a/b", "1/0"])
def test_bad_shard_is_a_one_line_error(bad):
    with pytest.raises(BadArgumentError, match=r"PX012"):
        parse_shard(bad)
    with pytest.raises(BadArgumentError):
        local.run([SEED], None, shard=bad)


def test_records_from_batch_equals_extract(nlp):
    items = []
    for path in FEW:
        item = item_from_path(path)
        items.append({k: item[k] for k in ("doc_id", "text", "source", "published", "warnings")})
    records = records_from_batch(items)
    assert len(records) == len(items)
    for item, record in zip(items, records, strict=True):
        assert record == extract(item["text"], doc_id=item["doc_id"], source=item["source"]).model_dump(mode="json")
    # with the bytes' hash, what extract_file gives
    assert records_from_batch([item_from_path(p) for p in FEW]) == [extract_file(p).model_dump(mode="json") for p in FEW]


def test_records_from_batch_published_and_errors(nlp):
    text = SEED.read_text(encoding="utf-8")
    [record] = records_from_batch([{"doc_id": "k", "text": text, "source": None, "published": "2024-02-09", "warnings": []}])
    assert record == extract(text, doc_id="k", published="2024-02-09").model_dump(mode="json")
    with pytest.raises(BadArgumentError, match="PX012"):
        records_from_batch([{"doc_id": "k", "text": text, "published": "yesterday"}])
    outs = outcomes_from_batch([{"doc_id": "k", "text": text, "published": "yesterday"}, item_from_path(SEED)])
    assert outs[0]["record"] is None and outs[0]["code"] == "PX012" and outs[1]["error"] is None


@pytest.mark.slow
def test_local_engine_same_bytes_whatever_n_process_and_batch_size(nlp, tmp_path):
    want = expected_jsonl(FEW)
    for n_process, batch_size in [(1, 1), (1, 16), (2, 1), (2, 16)]:
        out = tmp_path / f"{n_process}-{batch_size}.jsonl"
        summary = local.run(FEW, out, n_process=n_process, batch_size=batch_size)
        assert summary.written == len(FEW) and not summary.failures
        assert out.read_bytes() == want, (n_process, batch_size)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_local_engine_shards_concatenate_to_the_whole(nlp, tmp_path):
    whole = {line for line in expected_jsonl(FEW).decode().splitlines()}
    parts = []
    for i in range(3):
        summary = local.run(FEW, tmp_path / f"part-{i}.jsonl", shard=f"{i}/3")
        parts += (tmp_path / f"part-{i}.jsonl").read_text(encoding="utf-8").splitlines()
        assert summary.documents == summary.written
    assert sorted(parts) == sorted(whole)


def test_local_engine_bad_file_fails_alone(nlp, tmp_path):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    seen = []
    summary = local.run([SEED, bad], tmp_path / "out.jsonl", on_error=seen.append)
    assert summary.written == 1 and len(summary.failures) == 1 and "[PX002]" in summary.failures[0] and seen == summary.failures
    assert (tmp_path / "out.jsonl").read_bytes() == expected_jsonl([SEED])


def test_ray_missing_is_a_one_line_error(monkeypatch, tmp_path):
    from pressextract.engines import ray_engine

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(RayNotInstalledError) as info:
        ray_engine.run([SEED], tmp_path)
    assert isinstance(info.value, PressExtractError)
    assert str(info.value).startswith("[PX016]") and "pip install 'pressextract[ray]'" in str(info.value)


@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray not installed: pip install 'pressextract[ray]'")
@pytest.mark.slow
def test_ray_engine_byte_identical_to_local(nlp, tmp_path):
    import ray

    from pressextract.engines import ray_engine

    bad = tmp_path / "in" / "photo.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"%PDF-1.4\n" + bytes(64))
    paths = FEW + [bad]
    local_out = tmp_path / "local.jsonl"
    local.run(paths, local_out)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        summary = ray_engine.run(paths, tmp_path / "ray", batch_size=2)
        parquet = ray_engine.run(paths, tmp_path / "rayp", batch_size=3, fmt="parquet")
    finally:
        ray.shutdown()
    assert (tmp_path / "ray" / "records.jsonl").read_bytes() == local_out.read_bytes()
    assert (tmp_path / "rayp" / "records.jsonl").read_bytes() == local_out.read_bytes()
    assert summary.written == len(FEW) and len(summary.failures) == 1 and "[PX002]" in summary.failures[0]
    assert len(summary.shards) == 4 and parquet.shards[0].endswith(".parquet")
    # the shards and their manifest alone rebuild the merged file
    rebuilt = tmp_path / "rebuilt.jsonl"
    assert ray_engine.merge_shards(tmp_path / "ray", rebuilt) == len(FEW)
    assert rebuilt.read_bytes() == local_out.read_bytes()
