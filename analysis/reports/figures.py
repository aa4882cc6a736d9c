"""The plotting convention shared by every study, and helpers for it.

**Convention**: a study's plot function (``analysis/<study>/plots.py``) takes tables and returns a
matplotlib :class:`~matplotlib.figure.Figure` made with :func:`figure`; it never shows or saves it.
Notebooks display it with :func:`show`, which embeds the PNG with alt text. Why not let Jupyter show the figure itself:
an inline figure has no alt text in the HTML report (screen readers get nothing), and a plot
cell's last expression leaks reprs such as ``<Axes: >`` into the report.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
# Labels come from corpus text (outlets, speakers, terms): "$" pairs in them must stay text, not
# become mathtext, which garbles "$5 and $10" and makes "$\foo$" raise and fail the report.
matplotlib.rcParams["text.parse_math"] = False
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

#: Colours of the sides, used by every study so a reader learns them once.
SIDE_COLOURS = {"RU": "#c0392b", "US": "#2e6da4", "other": "#7f8c8d", "unknown": "#bdc3c7"}


def figure(width: float = 7.0, height: float = 4.0, **kwargs) -> tuple[Figure, plt.Axes]:
    """A new figure and axes of a report-friendly size (inches)."""
    fig, ax = plt.subplots(figsize=(width, height), **kwargs)
    return fig, ax


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    """The figure rendered to PNG. Metadata is dropped so the same figure gives the same bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def show(fig: Figure, alt: str) -> None:
    """Display ``fig`` in the notebook as a PNG carrying ``alt`` as its alt text, then close it.

    ``alt`` should say what the figure shows and its main finding in a sentence: it is what a
    reader who cannot see the image gets. An empty alt text is refused.
    """
    if not alt or not alt.strip():
        raise ValueError("show() needs alt text that says what the figure shows")
    from IPython.display import display

    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    plt.close(fig)
    display({"image/png": data, "text/plain": alt}, raw=True, metadata={"image/png": {"alt": alt}})


def empty_note(ax: plt.Axes, message: str) -> None:
    """Write ``message`` in the middle of an empty axes (a plot with no data says why)."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555")
    ax.set_axis_off()
