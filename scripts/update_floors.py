"""Record the current F1 per document and per kind as the floors the golden tests hold.

Run after an improvement (`python scripts/update_floors.py`); a later drop below
a floor fails CI. Floors are rounded down to two decimals so that noise-free
reruns always pass; they only ever move up unless --allow-lower is given.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from pressextract import extract_file
from pressextract.evaluate import KINDS, find_gold_documents, load_gold, score

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "floors.json"


def floor2(x: float) -> float:
    return math.floor(x * 100 + 1e-9) / 100


def main() -> None:
    allow_lower = "--allow-lower" in sys.argv
    old = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {"documents": {}, "corpus": {}, "real": {}}
    new = {"documents": {}, "corpus": {}, "real": {}}
    corpus_pairs = []
    for text, gold in find_gold_documents(ROOT / "corpus"):
        pair = (extract_file(text).model_dump(mode="json"), load_gold(gold))
        corpus_pairs.append(pair)
        report = score([pair])
        new["documents"][text.stem] = {k: floor2(report.kinds[k]["f1"]) for k in KINDS}
    report = score(corpus_pairs)
    new["corpus"] = {k: floor2(report.kinds[k]["f1"]) for k in KINDS}
    real = ROOT.parent / "shared" / "corpus-real"
    if real.is_dir():
        report = score([(extract_file(t).model_dump(mode="json"), load_gold(g)) for t, g in find_gold_documents(real)])
        new["real"] = {k: floor2(report.kinds[k]["f1"]) for k in KINDS}
    else:
        new["real"] = old.get("real", {})
    if not allow_lower:
        for section in ("corpus", "real"):
            for k in KINDS:
                if new[section].get(k, 0) < old.get(section, {}).get(k, 0):
                    print(f"{section} {k}: {new[section][k]} is below the floor {old[section][k]}")
        for doc, kinds in new["documents"].items():
            for k in KINDS:
                before = old.get("documents", {}).get(doc, {}).get(k, 0)
                if kinds[k] < before:
                    print(f"{doc} {k}: {kinds[k]} is below the floor {before}")
    FLOORS.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"floors written to {FLOORS}")


if __name__ == "__main__":
    main()
