"""The golden sets, extracted once per test session, and the floors their scores must keep.

A set is ``corpus/`` (in the repository) or a folder of ``../shared`` (read
from there, skipped when absent). ``tests/floors.json`` holds, per set and per
document, the F1, strict F1 and per-field accuracy of each kind, written by
``scripts/update_floors.py``; a score below its floor fails the golden tests.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from pressextract.evaluate import KINDS, figures, find_gold_documents, load_gold, score

ROOT = Path(__file__).resolve().parents[1]
FLOORS_PATH = ROOT / "tests" / "floors.json"
SETS = {
    "corpus": ROOT / "corpus",
    "real": ROOT.parent / "shared" / "corpus-real",
    "styles": ROOT.parent / "shared" / "corpus-styles",
}


def documents(name: str) -> list[tuple[Path, Path]]:
    folder = SETS[name]
    return find_gold_documents(folder) if folder.is_dir() else []


@lru_cache(maxsize=None)
def extracted(name: str) -> dict[str, tuple[dict, dict, str]]:
    """stem -> (record dict, gold dict, text) for every golden document of a set, extracted in one batch."""
    from pressextract import extract_many
    from pressextract.io import read_document

    pairs = documents(name)
    records = extract_many([text for text, _ in pairs])
    return {
        text.stem: (record.model_dump(mode="json"), load_gold(gold), read_document(text).text)
        for (text, gold), record in zip(pairs, records, strict=True)
    }


def floor2(x: float) -> float:
    return math.floor(x * 100 + 1e-9) / 100


def floored(found: dict) -> dict:
    """Figures rounded down to two decimals, so that a rerun of the same code always passes."""
    return {
        kind: {
            "f1": floor2(v["f1"]), "strict_f1": floor2(v["strict_f1"]),
            "fields": {f: (floor2(a) if a is not None else None) for f, a in v["fields"].items()},
        }
        for kind, v in found.items()
    }


def set_figures(name: str) -> dict:
    return figures(score([(record, gold) for record, gold, _ in extracted(name).values()]))


def document_figures(name: str, stem: str) -> dict:
    record, gold, _ = extracted(name)[stem]
    return figures(score([(record, gold)]))


def load_floors() -> dict:
    return json.loads(FLOORS_PATH.read_text(encoding="utf-8")) if FLOORS_PATH.exists() else {"sets": {}, "documents": {}}


def below(found: dict, floor: dict) -> list[str]:
    """What in ``found`` is under ``floor``: "events f1 0.80 < 0.90", "positions actors 0.70 < 0.75"."""
    out = []
    for kind in KINDS:
        want, got = floor.get(kind, {}), found[kind]
        for key in ("f1", "strict_f1"):
            if key in want and got[key] < want[key] - 1e-9:
                out.append(f"{kind} {key} {got[key]:.4f} < {want[key]:.2f}")
        for field_name, least in (want.get("fields") or {}).items():
            value = got["fields"].get(field_name)
            if least is not None and value is not None and value < least - 1e-9:
                out.append(f"{kind} {field_name} {value:.4f} < {least:.2f}")
    return out
