"""Tables in a kernel a person drives (JupyterLab): the whole frame with itables, no cap.

Why not in the HTML report: itables' output is a ``<script>`` in ``text/html``, which the report's
safe-HTML filter escapes (corpus text sits in the same output), so the report keeps its own packed
tables (:mod:`analysis.reports.widgets`). Why not under papermill or nbval either: their kernels
write what they show into a notebook file; a 60,000-row frame there is tens of megabytes.

How a live kernel is told apart: the Jupyter server names each kernel's session in the kernel's
environment (``JPY_SESSION_NAME``); papermill and nbval start kernels without a server.
"""

from __future__ import annotations

import os
from functools import lru_cache

import pandas as pd

#: The variable a Jupyter server sets in the kernels it starts (JupyterLab, Notebook 7).
SESSION_VARIABLE = "JPY_SESSION_NAME"


def live_kernel() -> bool:
    """True in a kernel a Jupyter server started for a person; False under papermill and nbval."""
    return bool(os.environ.get(SESSION_VARIABLE))


def show_table(frame: pd.DataFrame, caption: str) -> None:
    """Show every row of ``frame`` with itables: search, sort by value, paging; cells as text.

    ``maxBytes=0`` turns off itables' down-sampling (it keeps 64 KB by default); ``allow_html``
    stays off so corpus text is escaped; the DataTables bundle is the wheel's own (offline).
    """
    import itables

    offline_mode()
    itables.show(frame, caption=caption, maxBytes=0, allow_html=False, showIndex=False)


@lru_cache(maxsize=1)
def offline_mode() -> None:
    """Put the wheel's DataTables bundle in the notebook once per kernel (no CDN), not per table."""
    import itables

    itables.init_notebook_mode(all_interactive=False, connected=False)
