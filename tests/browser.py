"""Helpers for the report checks: headless Chromium, the hostile corpus, one render per corpus.

Why a helper module: the browser test, the hostile-input test and the determinism test all look at
the same rendered reports. Rendering a corpus runs every notebook through papermill (tens of
seconds each on two cores), so each corpus is rendered once per test session and shared
(:func:`rendered`), and the hostile corpus is built by one function (:func:`build_hostile_corpus`)
so that every test speaks of the same files.

Chromium is driven through its command line only (no Playwright, no browser download): one run per
page with ``--dump-dom`` (the DOM after scripts ran: a script from corpus text that ran leaves its
marker there), ``--screenshot`` (the page painted something) and ``--log-net-log`` (every request
the page made; anything but ``file:`` and ``data:`` left the file).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

#: Flags that work here (issue 7); a fresh ``--user-data-dir`` is added per run.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: What a script from corpus text would do if it ran: set the title or mark the body.
PWNED = "PWNED"
INSTALL_HINT = "run `make browser` (apt-get install chromium, as root) or set CHROMIUM=/path/to/chromium"


def find_chromium() -> str | None:
    """The Chromium binary: ``$CHROMIUM``, else Debian's ``/usr/bin/chromium``, else on PATH."""
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium"]
    candidates += [shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    return None


# --- one page in the browser ----------------------------------------------------------------


@dataclass
class PageVisit:
    """What Chromium saw when it opened one page."""

    url: str
    dom: str
    screenshot: Path
    requests: list[str]
    console: list[str] = field(default_factory=list)

    @property
    def external_requests(self) -> list[str]:
        """Requested URLs that are neither ``file:`` nor ``data:`` (nor ``blob:``/``about:``)."""
        return [u for u in self.requests if urlsplit(u).scheme not in {"file", "data", "blob", "about"}]

    @property
    def script_errors(self) -> list[str]:
        return [line for line in self.console if "Uncaught" in line]


def visit(
    page: Path, workdir: Path, chromium: str, *, width: int = 1200, height: int = 1600, timeout: float = 60
) -> PageVisit:
    """Open ``page`` in headless Chromium once: DOM after load, screenshot, requests, console."""
    page = Path(page).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"\W+", "_", page.stem)
    shot, netlog = workdir / f"{stem}.png", workdir / f"{stem}.netlog.json"
    url = page.as_uri()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        proc = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=5000",
                f"--log-net-log={netlog}",
                "--net-log-capture-mode=Default",
                f"--screenshot={shot}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            errors="replace",
        )
    if not shot.is_file() or "<html" not in proc.stdout.lower():
        raise RuntimeError(f"chromium did not render {page} (exit {proc.returncode}): {proc.stderr[-2000:]}")
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return PageVisit(url, proc.stdout, shot, page_requests(netlog), console)


def page_requests(netlog: Path) -> list[str]:
    """URLs the page (not the browser's own services) asked the network stack for.

    A request belongs to the page when its network isolation key is the page's ``file://`` site
    or its initiator is the file origin (``null``); Chromium's own background calls (update
    checks, network time) carry other keys and are ignored.
    """
    text = netlog.read_text("utf-8", errors="replace")
    try:
        log = json.loads(text)
    except ValueError:  # a net-log cut short lacks its closing brackets
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    kinds = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log.get("events", []):
        if kinds.get(event.get("type")) != "URL_REQUEST_START_JOB":
            continue
        params = event.get("params", {})
        key, initiator = str(params.get("network_isolation_key", "")), str(params.get("initiator", ""))
        if key.startswith("file://") or initiator == "null" or initiator.startswith("file://"):
            urls.append(params.get("url", ""))
    return urls


def screenshot_stats(png: Path) -> tuple[float, float]:
    """(standard deviation of grey levels, share of pixels that are not near-white)."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=float) / 255.0
    grey = pixels[..., :3].mean(axis=2) if pixels.ndim == 3 else pixels
    return float(grey.std()), float((grey < 0.9).mean())


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse_tags(html: str) -> _Tags:
    """Every start tag with its attributes, and the document title."""
    parser = _Tags()
    parser.feed(html)
    return parser


def fetched_urls(html: str) -> list[str]:
    """URLs the markup would fetch by itself: ``src``/``srcset``/``poster``/``data`` attributes,
    stylesheet and preload links, CSS ``url(...)`` and ``@import``. Plain ``<a href>`` links are
    not fetched."""
    tags = parse_tags(html).tags
    urls = []
    for tag, attrs in tags:
        for name in ("src", "poster", "data", "background"):
            if attrs.get(name):
                urls.append(attrs[name])
        if attrs.get("srcset"):
            urls += [part.strip().split(" ")[0] for part in attrs["srcset"].split(",")]
        if tag == "link" and attrs.get("href"):
            urls.append(attrs["href"])
    # CSS only where CSS is live: <style> elements and style attributes (not text in a table)
    css = re.findall(r"<style\b[^>]*>(.*?)</style>", html, flags=re.S | re.I)
    css += [attrs["style"] for _, attrs in tags if attrs.get("style")]
    for block in css:
        urls += re.findall(r"""url\(\s*['"]?([^'")\s]+)""", block)
        urls += re.findall(r"""@import\s+['"]([^'"]+)""", block)
    return urls


def is_external(url: str) -> bool:
    """True for a URL that leaves the file: a scheme other than file/data, or protocol-relative."""
    url = url.strip()
    if url.startswith("//"):
        return True
    scheme = urlsplit(url).scheme.lower()
    return bool(scheme) and scheme not in {"file", "data", "blob", "about"} and len(scheme) > 1


def pwned(dom: str) -> bool:
    """Did a script from corpus text run? Its payloads set the title or mark the body."""
    parsed = parse_tags(dom)
    if PWNED in parsed.title:
        return True
    return any(
        any(name.startswith("data-pwned") for name in attrs)
        for tag, attrs in parsed.tags
        if tag in {"html", "body"}
    )


# --- the hostile corpus ---------------------------------------------------------------------

_TOPICS = [
    ("Senate", "energy", "Thursday", "pipeline"),
    ("House", "banking", "Monday", "bonds"),
    ("Treasury", "mining", "Tuesday", "aluminium"),
    ("Pentagon", "defence", "Wednesday", "missiles"),
    ("State Department", "diplomatic", "Friday", "consulates"),
    ("White House", "cyber", "Saturday", "hackers"),
    ("Congress", "shipping", "Sunday", "tankers"),
    ("Commerce Department", "technology", "morning", "chips"),
    ("Justice Department", "legal", "evening", "oligarchs"),
    ("Federal Reserve", "financial", "noon", "reserves"),
    ("NATO", "military", "weekend", "exercises"),
    ("European Union", "trade", "holiday", "imports"),
]


def article(n: int) -> str:
    """A plausible article body, different enough from every other ``n`` not to be a duplicate."""
    who, sector, day, thing = _TOPICS[n % len(_TOPICS)]
    return (
        f"The {who} moved on {day} to widen sanctions on Russia in the {sector} sector, officials "
        f"said, in a step aimed at {thing}. Moscow called the measures illegal and promised a "
        f"response aimed at {who.lower()} interests.\n\n"
        f"Analysts said the {sector} measures would hit {thing} first. A Kremlin spokesman told "
        f"reporters that talks on {thing} had stalled, while European officials warned that their "
        f"own {sector} firms could suffer. Article number {n} of the hostile corpus."
    )


_FILLER = article(0)

#: Payloads a report must show as text. Each would set the title, mark the body or fetch from
#: ``evil.invalid`` if a browser ran or loaded it.
SCRIPT_TITLE = f"<script>document.title='{PWNED}'</script> Senate backs sanctions"
PAYLOADS = [
    f"<script>document.title='{PWNED}'</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
    '<img src="http://evil.invalid/pixel.png" alt="">',
    '<iframe src="https://evil.invalid/frame"></iframe>',
    '<link rel="stylesheet" href="//evil.invalid/style.css">',
    "<style>@import 'https://evil.invalid/import.css'; body { display: none }</style>",
    f"<svg onload=\"document.title='{PWNED}'\"></svg>",
    f"<a href=\"javascript:document.title='{PWNED}'\">click</a>",
    "![tracker](https://evil.invalid/markdown.png)",
    "$\\notacommand$ and $x^{$ and {{ 7*7 }} and ${7*7}",
]
HOSTILE_BODY = (
    f"WASHINGTON (Evil Wire) – {PAYLOADS[1]} {PAYLOADS[2]} {_FILLER}\n\n"
    f'"{PAYLOADS[0]} We will respond to these sanctions," said Sergei Lavrov, the Russian foreign minister.\n\n'
    f"{PAYLOADS[3]} {PAYLOADS[4]} {PAYLOADS[5]}\n\n"
    f'Senator John McCain said: "{PAYLOADS[6]} {PAYLOADS[7]} The vote sends a message."\n\n'
    f"{PAYLOADS[8]} {PAYLOADS[9]}"
)
RUSSIAN = (
    "Сенат США проголосовал за новые санкции против России. Москва заявила, что эти меры "
    "незаконны, и пообещала ответить. Официальные лица в Вашингтоне сообщили, что санкции "
    "направлены против энергетики и банков."
)
LATIN = (
    "The café owner in Zürich said the señor paid £5 for a crème brûlée. Officials in Genève "
    "reported that the façade of the embassy was repaired. Sanctions hit the rouble hard."
)
RUSSIAN_2 = (
    "Министерство иностранных дел России вызвало посла США. Дипломаты обсудили ответные "
    "меры и сокращение персонала посольства в Москве до конца лета."
)
STRAY = "Prices in Zürich and Genève rose, the café said; the señor paid £5 for a crème brûlée."
CHINESE = "美国参议院周四投票决定对俄罗斯实施新的制裁。莫斯科表示这些措施是非法的，并承诺作出回应。"
ARABIC = "صوت مجلس الشيوخ الأمريكي يوم الخميس على فرض عقوبات جديدة على روسيا. وقالت موسكو إن الإجراءات غير قانونية."
#: An outlet name matplotlib would read as broken math (``$...$``) and one carrying markup.
MATH_OUTLET = "$\\notacommand$ Post"
MARKUP_OUTLET = f"<b onmouseover=\"document.title='{PWNED}'\">Evil</b> Times"
#: A file name carrying markup: it appears in tables and in the run record.
MARKUP_NAME = f"13_\"><img src=x onerror=document.title='{PWNED}'>.txt"
MARKUP_EMPTY_NAME = f"26_<svg onload=document.title='{PWNED}'>.txt"
HUGE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One input file and what must become of it.

    ``skipped`` is a regex the reason must match when the whole file is skipped; ``flagged`` a
    regex a problem about a file that is still (partly) read must match; ``loaded`` the number of
    articles it must give.
    """

    name: str
    why: str
    loaded: int = 0
    skipped: str | None = None
    flagged: str | None = None


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def hostile_files() -> dict[str, tuple[bytes, Case]]:
    """File name → (bytes, expected outcome) of the hostile corpus (the 50 MB file excluded)."""
    base = "Sanctions vote\n\n" + article(4)
    near = base.replace("widen sanctions", "broaden sanctions")
    files: dict[str, tuple[bytes, Case]] = {}

    def add(name: str, data: bytes, why: str, **expect) -> None:
        files[name] = (data, Case(name, why, **expect))

    add(
        "01_script_title.txt",
        (SCRIPT_TITLE + "\n\n" + HOSTILE_BODY).encode(),
        "script in title, body and quotes",
        loaded=1,
    )
    add(
        "02_html_body.txt",
        ("Markup everywhere\n\n" + " ".join(PAYLOADS) + "\n\n" + article(1)).encode(),
        "HTML, CSS, javascript: links, markdown and template syntax in the body",
        loaded=1,
    )
    add(
        "03_cp1251.txt",
        ("Санкции против России\n\n" + RUSSIAN).encode("cp1251"),
        "Russian in cp1251",
        loaded=1,
        flagged="not UTF-8; read as",
    )
    add(
        "04_latin1.txt",
        ("Café in Zürich\n\n" + LATIN).encode("latin-1"),
        "Western text in latin-1",
        loaded=1,
        flagged="not UTF-8; read as",
    )
    add(
        "05_utf16_bom.txt",
        ("UTF-16 with BOM\n\n" + article(2)).encode("utf-16"),
        "UTF-16 with byte-order mark",
        loaded=1,
    )
    add(
        "06_utf16le.txt",
        ("UTF-16 LE no BOM\n\n" + article(3)).encode("utf-16-le"),
        "UTF-16 without byte-order mark",
        loaded=1,
    )
    add(
        "07_utf8_bom.txt",
        codecs.BOM_UTF8
        + ("UTF-8 with BOM\n\n" + LATIN.replace("café", "bistro").replace("Genève", "Bern")).encode(),
        "UTF-8 with byte-order mark",
        loaded=1,
    )
    add("08_russian.txt", ("Санкции\n\n" + RUSSIAN_2).encode(), "Russian article (UTF-8)", loaded=1)
    add("09_chinese.txt", ("美俄关系\n\n" + CHINESE).encode(), "Chinese article", loaded=1)
    add("10_arabic.txt", ("عقوبات\n\n" + ARABIC).encode(), "Arabic article (right to left)", loaded=1)
    add("11_original.txt", base.encode(), "an article that is copied below", loaded=1)
    add("12_exact_copy.txt", base.encode(), "exact duplicate of 11_original", loaded=1)
    add("14_near_copy.txt", near.encode(), "near duplicate of 11_original", loaded=1)
    add(MARKUP_NAME, ("File name with markup\n\n" + article(5)).encode(), "markup in the file name", loaded=1)
    add("20_empty.txt", b"", "empty file", skipped=r"^empty file$")
    add("21_whitespace.txt", b" \n\t\r\n  \n", "whitespace only", skipped="only whitespace")
    add(
        "22_binary.txt",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64,
        "binary (an image renamed .txt)",
        skipped="binary",
    )
    add(
        "24_title_only.txt", b"A headline and nothing else\n", "title without text", skipped="no article text"
    )
    rng = random.Random(7)
    add(
        "25_random_high_bytes.txt",
        b"Title\n\n" + bytes(rng.randrange(0x80, 0x100) for _ in range(3000)),
        "bytes no encoding explains",
        skipped="no known encoding fits",
    )
    add(MARKUP_EMPTY_NAME, b"", "empty file whose name carries markup", skipped=r"^empty file$")
    add(
        "27_utf8_stray_byte.txt",
        ("Stray byte\n\n" + STRAY).encode() + b" \xe9 end.",
        "UTF-8 with one invalid byte",
        loaded=1,
        flagged=r"not valid UTF-8: 1 undecodable byte\(s\) replaced",
    )
    add(
        "30_renamed.csv",
        _csv(
            [
                ["headline", "body", "published", "publisher"],
                [
                    SCRIPT_TITLE,
                    HOSTILE_BODY.replace("Evil Wire", "CSV Wire").replace(_FILLER, article(6)),
                    "2017-07-27",
                    MARKUP_OUTLET,
                ],
                ["Bad date", article(7), "yesterday-ish", "TASS"],
                ["No body", "", "2017-07-28", "TASS"],
                ["Math outlet", article(8), "2017-07-29", MATH_OUTLET],
            ]
        ),
        "CSV with renamed columns, a bad date, an empty body, hostile outlets",
        loaded=3,
        flagged=r"row 2: date 'yesterday-ish' does not parse|row 3: empty text",
    )
    add(
        "31_no_text_column.csv",
        _csv([["id", "headline", "summary_x"], ["a", "T", "some words here"]]),
        "CSV without a text column",
        skipped="no text column",
    )
    add(
        "32_only_text.csv",
        _csv([["text"], [article(9)]]),
        "CSV with only a text column (title, date, outlet missing)",
        loaded=1,
    )
    add(
        "33_ragged.csv",
        _csv([["title", "text"], ["Good row", article(10)]]) + b"Bad row,too,many,fields\n",
        "CSV with a malformed row",
        loaded=1,
        flagged="malformed row",
    )
    add("34_header_only.csv", b"title,text,date\n", "CSV with a header and no rows", skipped="no rows")
    return files


HOSTILE_HUGE = Case("23_huge.txt", "50 MB file", skipped="max_bytes")


def build_hostile_corpus(folder: Path) -> dict[str, Case]:
    """Write the hostile corpus into ``folder``; returns file name → expected outcome.

    Read it with the glob ``folder/*`` so its CSV files are read beside the ``.txt`` files (a
    folder alone reads only its ``.txt`` files).
    """
    folder.mkdir(parents=True, exist_ok=True)
    cases = {}
    for name, (data, case) in hostile_files().items():
        (folder / name).write_bytes(data)
        cases[name] = case
    with open(folder / HOSTILE_HUGE.name, "wb") as fh:  # 50 MB of words, written in blocks
        block = ("Huge\n\n" + "sanctions " * 100_000).encode()
        for _ in range(HUGE_BYTES // len(block) + 1):
            fh.write(block)
    cases[HOSTILE_HUGE.name] = HOSTILE_HUGE
    return cases


_HOSTILE: dict[str, tuple[Path, dict[str, Case], dict[str, str]]] = {}


def hostile_corpus(base: Path) -> tuple[Path, dict[str, Case], dict[str, str]]:
    """The hostile corpus of this session, built once under ``base``: (folder, cases, hashes)."""
    if "corpus" not in _HOSTILE:
        folder = base / "hostile-corpus"
        cases = build_hostile_corpus(folder)
        _HOSTILE["corpus"] = (folder, cases, file_hashes(folder))
    return _HOSTILE["corpus"]


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 and mode of every file under ``folder`` (inputs must be byte-identical after a run)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            out[p.relative_to(folder).as_posix()] = (
                hashlib.sha256(p.read_bytes()).hexdigest() + f":{p.stat().st_mode:o}"
            )
    return out


# --- one render per corpus per session --------------------------------------------------------

_RENDERS: dict[tuple, tuple[Path, object, str]] = {}


def rendered(
    key: str, corpus: str | Path, base: Path, only: list[str] | None = None, **kwargs
) -> tuple[Path, object, str]:
    """Render ``corpus`` once per session under ``base``: (out folder, RunRecord, stderr text).

    The progress bars go to the captured stderr text (the UX test reads them).
    """
    import contextlib
    import io

    from analysis.render import render_reports

    cache_key = (key, str(corpus), tuple(only or ()))
    if cache_key not in _RENDERS:
        out = base / f"reports-{key}"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            record = render_reports(corpus, out, only=only, progress=True, **kwargs)
        _RENDERS[cache_key] = (out, record, err.getvalue())
    return _RENDERS[cache_key]


def available_notebooks() -> list[str]:
    """Stems of the notebooks that exist now (studies are added over time)."""
    from analysis.render import list_notebooks

    return [nb.stem for nb in list_notebooks()]


def with_table_rows(page: str) -> str:
    """A report page's text followed by its tables' rows and CSVs, unpacked (the page packs them:
    gzip + base64) and written as escaped JSON: the text a check for a corpus string must read."""
    from analysis.render.assets import script_json
    from analysis.reports.widgets import table_data

    extra = []
    for raw in re.findall(r"<script[^>]*data-na-payload[^>]*>(.*?)</script>", page, re.S):
        payload = json.loads(raw)
        if "data" in payload and "columns" in payload:
            extra.append(script_json(table_data(payload)))
    return page + "\n".join(extra)
