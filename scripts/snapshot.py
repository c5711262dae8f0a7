"""Save or check the records of every visible set, to prove a change leaves output byte-identical.

    python scripts/snapshot.py save DIR     # extract each set into DIR/<set>.jsonl
    python scripts/snapshot.py check DIR    # extract again and list the documents whose record changed

The sets are ``corpus/`` and, when present, ``../shared/corpus-real``,
``../shared/corpus-styles``, ``../shared/corpus-link`` and ``../shared/repros``.
Extraction goes through the command line, as a user runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = [ROOT / "corpus"] + [ROOT.parent / "shared" / name for name in ("corpus-real", "corpus-styles", "corpus-link", "repros")]
CLI = [str(Path(sys.executable).parent / "pressextract")]


def extract(folder: Path, out: Path) -> None:
    subprocess.run(
        [*CLI, "extract", os.path.relpath(folder, ROOT), "-o", str(out), "--quiet"],
        cwd=ROOT, check=False, stderr=subprocess.DEVNULL,
    )


def _by_source(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return {json.loads(line)["source"]: line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    action, target = argv[0], Path(argv[1])
    target.mkdir(parents=True, exist_ok=True)
    changed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for folder in SETS:
            if not folder.is_dir():
                continue
            name = f"{folder.name}.jsonl"
            if action == "save":
                extract(folder, target / name)
                continue
            extract(folder, Path(tmp) / name)
            before, after = _by_source(target / name), _by_source(Path(tmp) / name)
            diff = sorted(s for s in before.keys() | after.keys() if before.get(s) != after.get(s))
            changed += len(diff)
            print(f"{folder.name}: {len(after)} records, {len(diff)} changed")
            for source in diff:
                state = "new" if source not in before else "gone" if source not in after else "changed"
                print(f"  {state}: {source}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
