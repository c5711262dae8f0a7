"""Score a golden set in two fixed halves, to tune rules on one half and confirm them on the other.

    python scripts/halves.py ../shared/corpus-styles            # both halves, extracted now
    python scripts/halves.py ../shared/corpus-real --errors A   # and every miss, extra and wrong field of half A

A document's half is fixed by its file name alone (the first byte of the
SHA-1 of its stem: even -> A, odd -> B), so the split never depends on the
code or on which documents are present. Write a rule while reading only half
A's errors; keep it only if half B improves too.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path


def half_of(stem: str) -> str:
    return "A" if hashlib.sha1(stem.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def main(argv: list[str]) -> int:
    from pressextract import extract_many
    from pressextract.evaluate import find_gold_documents, format_errors, format_report, load_gold, score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--errors", choices=("A", "B"), help="also list the errors of this half")
    args = parser.parse_args(argv)
    pairs = find_gold_documents(args.folder)
    records = extract_many([text for text, _ in pairs])
    halves: dict[str, list] = {"A": [], "B": []}
    for (text, gold), record in zip(pairs, records, strict=True):
        halves[half_of(text.stem)].append((record.model_dump(mode="json"), load_gold(gold)))
    for name in ("A", "B"):
        report = score(halves[name])
        print(f"== half {name} of {args.folder} ({len(halves[name])} documents)")
        print(format_report(report, per_document=False))
        if args.errors == name:
            print(format_errors(report))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main(sys.argv[1:]))
