"""The base of pressextract's pipeline components: each owns its rule data, as spaCy's ``SpanRuler`` owns its patterns.

A component names the rule files it reads (``rule_files``: stem -> schema).
At construction it loads them from the packaged ``models/rules/`` or from the
folder its ``rules`` setting names, validates them (one ``PX011`` error for a
bad file, before any document is read) and compiles them onto the instance
(:meth:`RuleComponent.compile`), so two pipelines with different rules live
side by side in one process. ``nlp.to_disk()`` writes each component's rule
files into its folder and ``spacy.load()`` reads them back (``from_disk``),
so a saved pipeline is self-contained.

Results are written in one place, :meth:`RuleComponent.set_annotations`:
the items on the component's ``Doc._`` extension and their spans in
``doc.spans[spans_key]``. Spans are checked there: an item whose evidence is
empty, reversed or outside the text is dropped with a warning instead of
failing the document.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar, Iterable

import srsly
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from .extensions import doc_text
from .items import Offsets
from .rules import RuleFile, dump_rules, load_rule_file, parse_rules, rules_dir

SPAN_DROPPED = "PX032"


class RuleComponent(Pipe):
    """A pipeline component that owns validated rule files and writes typed items to one ``Doc._`` extension."""

    rule_files: ClassVar[dict[str, type[RuleFile]]] = {}
    """The rule files this component reads: file stem -> schema."""
    extension: ClassVar[str | None] = None
    """The ``Doc._`` attribute the component's items go to."""

    def __init__(self, nlp: Language, name: str, *, rules: str | None = None, spans_key: str | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.rules_path = rules
        self.load_rules(Path(rules) if rules else rules_dir())

    # -- rule data ---------------------------------------------------------
    def load_rules(self, folder: Path) -> None:
        """Read, validate and compile the rule files from ``folder``."""
        self.set_rules({stem: load_rule_file(folder / f"{stem}.json", schema) for stem, schema in self.rule_files.items()})

    def set_rules(self, rules: dict[str, RuleFile]) -> None:
        self.rules = SimpleNamespace(**rules)
        self.compile()

    def compile(self) -> None:
        """Build what the rules need at run time (patterns, lookups) onto the instance."""

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for stem in self.rule_files:
            (path / f"{stem}.json").write_text(dump_rules(getattr(self.rules, stem)), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        self.load_rules(Path(path))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({stem: getattr(self.rules, stem).model_dump(mode="json", by_alias=True) for stem in self.rule_files})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        raw = srsly.msgpack_loads(data)
        self.set_rules({stem: parse_rules(raw[stem], schema, f"<{self.name} bytes>/{stem}.json") for stem, schema in self.rule_files.items()})
        return self

    # -- processing --------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> Any:
        """The component's items for ``doc``."""
        raise NotImplementedError

    def spans_of(self, item: Any) -> list[tuple[Offsets, str]]:
        """The evidence of one item: ``((start, end), label)`` pairs for ``doc.spans``."""
        return []

    def set_annotations(self, doc: Doc, items: Any) -> None:
        """Write ``items`` to ``doc._.<extension>`` and their spans to ``doc.spans[spans_key]``,
        dropping (with a warning) any item whose evidence is not a non-empty range of the text."""
        if isinstance(items, list):
            size = len(doc_text(doc))
            kept = []
            for item in items:
                bad = next(((s, e) for (s, e), _ in self.spans_of(item) if not 0 <= s < e <= size), None)
                if bad is None:
                    kept.append(item)
                    continue
                warnings = doc._.px_warnings if doc._.px_warnings is not None else []
                warnings.append(
                    f"[{SPAN_DROPPED}] {self.name}: left out an item whose evidence {bad[0]}:{bad[1]} is not a range "
                    "of the text: please report the document as a bug"
                )
                doc._.px_warnings = warnings
            items = kept
        if self.extension:
            setattr(doc._, self.extension, items)
        if self.spans_key:
            spans = []
            for item in items or []:
                for (start, end), label in self.spans_of(item):
                    span = doc.char_span(start, end, label=label, alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
            doc.spans[self.spans_key] = spans
