from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "corpus-real"
SEED = CORPUS / "japan-kenya-summit-2024-02-08.txt"


@pytest.fixture(scope="session")
def nlp():
    from pressextract import load

    return load()
