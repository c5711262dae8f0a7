"""Strip outputs and execution counts from notebooks, so git holds only their source.

    .venv/bin/python scripts/strip_notebook.py notebooks/*.ipynb

tests/test_notebook.py fails when a committed notebook still has outputs.
"""

from __future__ import annotations

import sys

import nbformat


def strip(path: str) -> bool:
    """Strip ``path`` in place; True when it changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code":
            if cell.outputs or cell.execution_count is not None:
                changed = True
            cell.outputs = []
            cell.execution_count = None
        # Per-cell run metadata (timings, collapsed state) changes on every run: noise in diffs.
        for key in ("execution", "collapsed", "scrolled"):
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {'stripped' if strip(name) else 'clean'}")
