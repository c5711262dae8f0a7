"""Write docs/rules.md from the rule file schemas: every file, who reads it, every key and what it does.

    python scripts/rules_doc.py            # rewrite docs/rules.md
    python scripts/rules_doc.py --check    # exit 1 if docs/rules.md is not current (the tests run this)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal, get_args, get_origin, get_type_hints

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "rules.md"

HEAD = """# Rule files: what each word list does

pressextract's vocabulary lives in `models/rules/*.json`; the code holds the
mechanism. Each file has a schema (`src/pressextract/schemas.py`) that refuses
unknown keys and mistyped values when the pipeline loads, with one line naming
the file and the key (`[PX011] models/rules/events.json: nouns.lunch meeting:
Input should be 'summit_meeting', ...: fix the rule file`).

**Adding a word is one JSON edit.** A new office goes into `titles.json`
`cores`, a stance verb into `stances.json` `verbs`, a meeting verb into
`events.json` `meeting_verbs`, a document name into `instruments.json`
`names`, an action verb into `instruments.json` `actions`, a time zone into
`temporal.json` `time_zones`. The tests show each kind of edit taking effect
with no code change.

**Your own rules beside the packaged ones.** Each component reads its files
from the packaged folder, or from the folder its `rules` setting names:

```python
import pressextract, spacy
nlp = pressextract.load()
nlp.replace_pipe("px_events", "px_events", config={"rules": "my_rules/"})  # a copy of models/rules, edited
nlp.to_disk("my_pipeline")            # writes each px_* component's rule files beside the model
nlp = spacy.load("my_pipeline")       # the same records, the saved rules
```

Two pipelines with different rules live side by side in one process. A key
nobody reads fails the tests (`tests/test_rules.py`), and so does a file that
does not validate or lists a word twice.

This page is generated from the schemas (`python scripts/rules_doc.py`); a test
keeps it current.
"""


def _type(annotation) -> str:
    """A field's type in words: "list of words", "word → EventKind", "country code"."""
    import enum

    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        patterns = [getattr(m, "pattern", None) for m in args[1:]]
        return "country code" if "^[A-Z]{2}$" in patterns else _type(args[0])
    if origin is list:
        return f"list of {_type(args[0])}s"
    if origin is dict:
        return f"{_type(args[0])} → {_type(args[1])}"
    if origin is tuple:
        return "(" + ", ".join(_type(a) for a in args) + ")"
    if origin is Literal:
        return " or ".join(f'"{a}"' for a in args)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return f"{annotation.__name__}"
    return {str: "word", int: "number", bool: "yes/no"}.get(annotation, getattr(annotation, "__name__", str(annotation)))


def render() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from pressextract import factories  # noqa: F401  (registers the components)
    from pressextract.rules import rules_dir
    from pressextract.schemas import SCHEMAS
    from spacy.language import Language
    from spacy.util import registry

    readers: dict[str, list[str]] = {}
    for name in sorted(n for n in Language.factories if n.startswith("px_")):
        owner = get_type_hints(registry.factories.get(name))["return"]
        for stem in owner.rule_files:
            readers.setdefault(stem, []).append(name)
    out = [HEAD]
    for stem, schema in sorted(SCHEMAS.items()):
        data = json.loads((rules_dir() / f"{stem}.json").read_text(encoding="utf-8"))
        out.append(f"\n## `{stem}.json`\n")
        out.append(f"Read by: {', '.join(f'`{r}`' for r in readers.get(stem, [])) or 'no pipeline component'}.\n")
        out.append(f"\n{data.get('_doc', '').strip()}\n")
        out.append("\n| key | type | what it does |\n| --- | --- | --- |\n")
        for key, field in schema.model_fields.items():
            if key == "doc":
                continue
            description = " ".join((field.description or "").split()).replace("|", "\\|")
            out.append(f"| `{key}` | {_type(field.annotation)} | {description} |\n")
    return "".join(out)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} is not current: run python scripts/rules_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
