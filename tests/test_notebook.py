"""notebooks/explore.ipynb runs from top to bottom, and git holds it without outputs."""

import nbformat
import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code"
    stale = [n for n, c in enumerate(code) if c.outputs or c.execution_count is not None]
    assert stale == [], "outputs in git: run .venv/bin/python scripts/strip_notebook.py notebooks/explore.ipynb"


@pytest.mark.slow
def test_notebook_runs_and_shows_frames_timeline_highlight_and_scores():
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any('class="px-participant"' in h for h in html)  # a highlighted document
    assert any("<table" in h and "span_text" in h for h in html)  # a frame
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the timeline
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "macro F1" in printed  # the evaluation
