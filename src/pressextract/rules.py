"""Rule data: the JSON files under ``models/rules/``.

Code holds the mechanism; vocabularies (titles, stance verbs, instrument
names, event nouns, time words) live in data files so that they can be read,
reviewed and extended without touching code.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError


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


@lru_cache(maxsize=None)
def load_rules(name: str) -> dict:
    """The rule file ``models/rules/<name>.json`` as a dict (cached per process)."""
    return _load_json(models_dir() / "rules" / f"{name}.json", f"rules/{name}.json")


@lru_cache(maxsize=None)
def load_model_data(name: str) -> dict:
    """The data file ``models/<name>.json`` (mappings beside the pipeline, e.g. ``plover``) as a dict, cached."""
    return _load_json(models_dir() / f"{name}.json", f"{name}.json")


def load_model_data_as(name: str, model):
    """``models/<name>.json`` validated by the pydantic ``model``; a bad file is one :class:`ConfigError` naming the key."""
    from pydantic import ValidationError

    try:
        return model.model_validate(load_model_data(name))
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(
            f"key {key!r}: {first['msg']}{more}: fix the file or reinstall pressextract",
            path=str(models_dir() / f"{name}.json"),
        ) from None


def _load_json(path: Path, relative: str) -> dict:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise ConfigError(
            f"rule file is missing: reinstall pressextract or set PRESSEXTRACT_MODELS to a folder with {relative}",
            path=str(path),
        ) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"is not valid JSON (line {exc.lineno}): fix the rule file", path=str(path)) from None
