"""Engines that run the engine-free core (:mod:`pressextract.runner`) over many files.

- :func:`pressextract.engines.local.run`: this machine, ``nlp.pipe`` with
  ``n_process`` processes, optionally one hash shard of the input (``--shard I/N``)
  so any scheduler can split an archive;
- :func:`pressextract.engines.ray_engine.run`: a Ray Data pipeline (``pip install
  'pressextract[ray]'``), one pipeline per worker actor.

Both write the same bytes for the same inputs: one JSON line per record, in
input order, each ``json.dumps(record.model_dump(mode="json"), ensure_ascii=False)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Summary:
    """What an engine run did."""

    documents: int = 0
    """Inputs handled by this run (after sharding)."""
    written: int = 0
    """Records written."""
    failures: list[str] = field(default_factory=list)
    """One-line errors of the inputs that gave no record, in input order."""
    elapsed_s: float = 0.0
    target: str = "stdout"
    """The merged JSONL file (or "stdout")."""
    shards: list[str] = field(default_factory=list)
    """Shard files written (Ray engine), in input order of their first record."""

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.elapsed_s if self.elapsed_s > 0 else 0.0


__all__ = ["Summary"]
