"""Fill the offsets of golden spans written as text only (start/end -1) for HTML readouts.

Annotators of an HTML readout quote each span's text; its offsets depend on
how pressextract.io reduces the page to visible text. This script reads the
page with pressextract.io (the reader only, never the extractor), finds each
quoted text in order of appearance, and writes the offsets in. Run it again
whenever the HTML reduction changes; the golden tests check every span.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pressextract.io import read_document


def locate(text: str, span: dict, cursor: dict) -> None:
    wanted = span["text"]
    if span.get("start", -1) >= 0 and text[span["start"] : span["end"]] == wanted:
        cursor[wanted] = span["start"] + 1
        return
    start = text.find(wanted, cursor.get(wanted, 0))
    if start < 0:
        start = text.find(wanted)
    if start < 0:
        raise SystemExit(f"span text not found in the visible text: {wanted!r}")
    cursor[wanted] = start + 1
    span["start"], span["end"] = start, start + len(wanted)


def main(paths: list[str]) -> None:
    for raw in paths:
        page = Path(raw)
        gold_path = page.with_name(page.name.rsplit(".", 1)[0] + ".gold.json")
        text = read_document(page).text
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        cursor: dict = {}
        for event in gold.get("events", []):
            locate(text, event["span"], cursor)
        for kind in ("participants", "instruments"):
            for item in gold.get(kind, []):
                seen: dict = {}
                for mention in item.get("mentions", []):
                    locate(text, mention, seen)
        for position in gold.get("positions", []):
            locate(text, position["span"], cursor)
        gold_path.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{gold_path}: offsets filled")


if __name__ == "__main__":
    main(sys.argv[1:])
