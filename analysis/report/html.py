"""Executed notebook → self-contained HTML: the offline template and the safe-HTML filter.

Why our own filter: nbconvert's ``sanitize_html`` list lacks headings, paragraphs and table headers
and escaped them; ours keeps what markdown and pandas produce and escapes everything else, so no
script from corpus text runs and no URL is fetched when a report opens.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

_CORPUS_WARNING = re.compile(r"^[^\n]*: CorpusWarning: [^\n]*\n(?:[ \t]+[^\n]*\n)?", re.M)


def drop_corpus_warnings(nb) -> None:
    """Remove CorpusWarning lines from the notebook's stderr outputs, in place.

    Skipped and flagged inputs are listed in the run record (index.html) and in the corpus
    report; repeated as a red block of Python warnings at the top of every study report they
    bury its findings. Other stderr output stays.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.outputs:
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = out["text"] if isinstance(out["text"], str) else "".join(out["text"])
                out["text"] = _CORPUS_WARNING.sub("", text if text.endswith("\n") else text + "\n")
                if not out["text"].strip():
                    continue
            kept.append(out)
        cell.outputs = kept


def template_dir() -> Path:
    """The folder holding our nbconvert templates (``offline``)."""
    return Path(str(resources.files("analysis.report").joinpath("templates")))


def to_html(notebook: Path, *, show_code: bool = False) -> str:
    """HTML of an executed notebook with the offline template; code hidden unless asked."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(template_dir())],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        sanitize_html=True,
        filters={"clean_html": clean_html},
    )
    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:  # papermill gives this cell a random id; a fixed one keeps reports reproducible
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    drop_corpus_warnings(nb)
    body, _ = exporter.from_notebook_node(nb)
    return body


#: Tags kept when sanitising markdown and HTML outputs: what markdown and pandas produce.
#: nbconvert's own list lacks headings, paragraphs and table headers, so it escaped them and every
#: heading and table showed its tags as text. Anything else (script, iframe, style, form, svg) is
#: escaped and shows as text, as are event handlers and URLs a browser would fetch.
SAFE_TAGS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img kbd li ol p pre q s small span strong sub summary sup table tbody "
    "td tfoot th thead tr u ul".split()
)
_SAFE_ANYWHERE = {"class", "id", "title", "lang", "dir"}
#: pandas' DataFrame repr starts with this block; its rules live in the offline template instead.
_PANDAS_STYLE = re.compile(r"<style scoped>\s*(?:\.dataframe[^{}<]*\{[^{}<]*\}\s*)+</style>")


def _safe_attribute(tag: str, name: str, value: str) -> bool:
    if name in _SAFE_ANYWHERE:
        return True
    if tag == "a":
        return name == "href" and not value.strip().lower().startswith("data:")
    if tag == "img":  # inlined images only: an http(s) src would leave the file
        return name in {"alt", "width", "height"} or (name == "src" and value.startswith("data:image/"))
    if tag in {"th", "td"}:
        return name in {"colspan", "rowspan", "scope"}
    return tag == "ol" and name == "start"


def clean_html(element: str | bytes) -> str:
    """Sanitise markdown and HTML outputs for a report (nbconvert's ``clean_html`` filter)."""
    import bleach

    text = element.decode() if isinstance(element, bytes) else str(element)
    return bleach.clean(_PANDAS_STYLE.sub("", text), tags=SAFE_TAGS, attributes=_safe_attribute,
                        protocols={"http", "https", "mailto", "data"}, strip_comments=True)
