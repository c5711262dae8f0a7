"""Rule data: loading and validating the JSON files under ``models/rules/``, and building patterns from them.

Code holds the mechanism; vocabularies (titles, stance verbs, instrument
names, event nouns, time words) live in data files so that they can be read,
reviewed and extended without touching code. Each file has a pydantic model
(:mod:`pressextract.schemas`) that refuses unknown keys and mistyped values,
so a typo in a rule file is one ``PX011`` error at load, naming the file and
the key, never a failure of every document that reaches the rule.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Iterable, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError


class RuleFile(BaseModel):
    """Base of every rule file's model: unknown keys are refused, values are typed, nothing changes after load."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, use_attribute_docstrings=True)

    doc: str = Field("", alias="_doc")
    """What the file holds, for the people who edit it; no rule reads it."""


R = TypeVar("R", bound=RuleFile)


def models_dir() -> Path:
    """Where the pipeline config and rule data live.

    ``PRESSEXTRACT_MODELS`` wins; then the copy packed into the wheel; then
    the checkout's ``models/`` (editable installs).
    """
    override = os.environ.get("PRESSEXTRACT_MODELS")
    if override:
        return Path(override)
    packaged = Path(__file__).parent / "models"
    if (packaged / "rules").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "models"


def rules_dir() -> Path:
    """The folder of the packaged rule files (``models/rules``)."""
    return models_dir() / "rules"


def _where(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_rules(data: Any, schema: type[R], path: str) -> R:
    """``data`` (a rule file's JSON) validated as ``schema``; a :class:`ConfigError` (PX011) naming the file and key otherwise."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        value = first.get("input")
        shown = f" (got {json.dumps(value, ensure_ascii=False)[:60]})" if isinstance(value, (str, int, float)) else ""
        more = f" and {exc.error_count() - 1} more" if exc.error_count() > 1 else ""
        raise ConfigError(
            f"{_where(first['loc'])}: {_one_line(first['msg'])}{shown}{more}: fix the rule file", path=path
        ) from None


def load_rule_file(path: str | os.PathLike, schema: type[R]) -> R:
    """The rule file at ``path`` validated as ``schema``, or one ``PX011`` error naming the file and the problem."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise ConfigError(
            "rule file is missing: reinstall pressextract, or point the component's `rules` setting "
            f"(or PRESSEXTRACT_MODELS) at a folder holding {path.name}",
            path=str(path),
        ) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}): fix the rule file", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot be read ({exc}): check the file", path=str(path)) from None
    return parse_rules(data, schema, str(path))


def dump_rules(rules: RuleFile) -> str:
    """A rule file's JSON text, as ``to_disk`` writes it (keys in schema order, UTF-8 kept)."""
    return json.dumps(rules.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=1) + "\n"


_BUILT: dict[tuple, Any] = {}


def built(factory: Any, *rules: RuleFile) -> Any:
    """``factory(*rules)``, built once per process for the same rule data: components that own
    the same files share what they compile (big patterns cost time at start-up), while a
    component given other rules gets its own."""
    key = (factory, *(r.model_dump_json() for r in rules))
    if key not in _BUILT:
        _BUILT[key] = factory(*rules)
    return _BUILT[key]


def alternation(words: Iterable[str], *, space: str = r"\s+", suffix: str = "") -> str:
    """One regex alternation of ``words``, the way every rule builds one.

    Duplicates dropped; longest first, so "Prime Minister" wins over "Prime"
    (ties in a fixed order, so the pattern is the same in every process);
    each word escaped, its spaces matching ``space`` (any run of whitespace by
    default, as text wraps); ``suffix`` (e.g. an optional plural) after each.
    A pattern that never matches when there are no words.
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    if not unique:
        return r"(?!)"
    return "|".join(re.escape(w).replace(r"\ ", space) + suffix for w in unique)
