"""Record the current scores of every golden set as the floors the golden tests hold.

Run after an improvement (`python scripts/update_floors.py`); a later drop below
a floor fails CI. Per set and per document, per kind: F1, strict F1 and the
accuracy of each scored field. Floors are rounded down to two decimals so that
reruns of the same code always pass; they only ever move up unless
--allow-lower is given (then say why in the commit).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.golden import FLOORS_PATH, SETS, document_figures, documents, extracted, floored, load_floors, set_figures  # noqa: E402


def _merge(old: dict, new: dict, allow_lower: bool, where: str, notes: list[str]) -> dict:
    """``new``, but never below ``old`` unless ``allow_lower`` (a lower score is reported, and kept as the floor)."""
    if allow_lower:
        return new
    out = {}
    for kind, figures in new.items():
        before = old.get(kind, {})
        merged = {"fields": {}}
        for key in ("f1", "strict_f1"):
            merged[key] = max(figures[key], before.get(key, 0.0))
            if figures[key] < before.get(key, 0.0):
                notes.append(f"{where} {kind} {key}: {figures[key]} is below the floor {before[key]}")
        for name, value in figures["fields"].items():
            least = (before.get("fields") or {}).get(name)
            if value is None or least is None:
                merged["fields"][name] = value if value is not None else least
                continue
            merged["fields"][name] = max(value, least)
            if value < least:
                notes.append(f"{where} {kind} {name}: {value} is below the floor {least}")
        out[kind] = merged
    return out


def main() -> int:
    allow_lower = "--allow-lower" in sys.argv
    old = load_floors()
    new = {"sets": {}, "documents": {}}
    notes: list[str] = []
    for name in SETS:
        if not documents(name):
            new["sets"][name] = old.get("sets", {}).get(name, {})
            new["documents"][name] = old.get("documents", {}).get(name, {})
            continue
        new["sets"][name] = _merge(old.get("sets", {}).get(name, {}), floored(set_figures(name)), allow_lower, name, notes)
        new["documents"][name] = {
            stem: _merge(old.get("documents", {}).get(name, {}).get(stem, {}), floored(document_figures(name, stem)), allow_lower, f"{name}/{stem}", notes)
            for stem in sorted(extracted(name))
        }
    FLOORS_PATH.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for note in notes:
        print(note)
    print(f"floors written to {FLOORS_PATH}")
    return 1 if notes else 0


if __name__ == "__main__":
    sys.exit(main())
