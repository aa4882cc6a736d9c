"""Metadata an article states about itself: its date, its dateline, its outlet.

Why from the text: scraped corpora often lose their metadata, but articles carry it in their own
words ("Posted August 10, 2017", "WASHINGTON, January 26 (RIA Novosti) –", "ABC News's Patrick
Reevell contributed to this report"). We read only such self-descriptions. A citation ("As ABC
News wrote") names a source, not the publisher, and a date without a year is not a date: unknown
stays missing, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.lexicons import default_outlets
from analysis.text.dates import DATE as _DATE
from analysis.text.dates import MONTH as _MONTH

_HEADER_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*")
_POSTED = re.compile(rf"^\s*(?:Posted|Published)(?:\s+on)?:?\s+({_DATE})", re.MULTILINE)
# PLACE[, Month Day[, Year]] (Agency) – ...   e.g. "WASHINGTON, January 26 (RIA Novosti) –"
_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Z.'’ -]{{1,40}}(?:,\s*[A-Z][A-Za-z.]{{1,20}})?)"
    rf"(?:,\s*(?P<date>{_MONTH}\s+\d{{1,2}}(?:,\s*(?P<year>\d{{4}}))?))?"
    rf"\s*\((?P<agency>[^()\n]{{2,40}})\)\s*[-–—:]"
)
_CREDIT = re.compile(
    r"^\s*(?P<outlet>[A-Z][\w.&'’ -]{1,80}?)(?:'s|’s)\s[^.\n]{1,120}?\s+contributed to this report",
    re.MULTILINE,
)
_COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|Copyright)\s*(?:\d{4}\s+)?(?P<outlet>[A-Z][\w.&' -]{1,60}?)\s*(?:\d{4})?\.?\s*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Stated:
    """Metadata found in an article's own text; None where the text does not say."""

    title: str
    date: pd.Timestamp | None = None
    date_from: str | None = None
    outlet: str | None = None
    outlet_from: str | None = None
    dateline: str | None = None


def title_and_header(first_line: str) -> tuple[str, pd.Timestamp | None]:
    """Split a ``" date 2017-07-31 Headline"`` first line into the headline and its date."""
    m = _HEADER_DATE.match(first_line)
    if not m:
        return first_line.strip(), None
    return first_line[m.end() :].strip(), parse_date(m.group(1))


def parse_date(value: object) -> pd.Timestamp | None:
    """A date from text or a column, or None when it does not parse (never a guess)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.tz_localize(None) if value.tzinfo else value
    text = str(value).strip().rstrip(".")
    if not text:
        return None
    try:
        ts = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(ts):
        return None
    return ts.tz_convert(None) if ts.tzinfo else ts


def known_outlet(name: str) -> str | None:
    """The canonical outlet for a name as written, when the outlets gazetteer knows it."""
    table = default_outlets()
    hit = table.loc[table["alias"].str.lower() == name.strip().lower(), "outlet"]
    return None if hit.empty else str(hit.iloc[0])


def stated_metadata(first_line: str, raw_body: str) -> Stated:
    """What the article says about itself, from its first line and its (uncleaned) body."""
    title, date = title_and_header(first_line)
    date_from = "header" if date is not None else None
    if date is None:
        m = _POSTED.search(raw_body)
        if m and (date := parse_date(m.group(1))) is not None:
            date_from = "posted"
    outlet = outlet_from = dateline = None
    m = _DATELINE.match(raw_body.lstrip("\ufeff\n\r "))
    if m:
        dateline = m.group(0).rstrip(" -–—:").strip()
        outlet = known_outlet(m.group("agency"))
        outlet_from = "dateline" if outlet else None
        if date is None and m.group("year"):
            date = parse_date(f"{m.group('date')}")
            date_from = "dateline" if date is not None else None
    if outlet is None:
        for pattern, source in ((_CREDIT, "credit"), (_COPYRIGHT, "copyright")):
            for cm in pattern.finditer(raw_body):
                name = known_outlet(cm.group("outlet"))
                if name:
                    outlet, outlet_from = name, source
                    break
            if outlet:
                break
    return Stated(title, date, date_from, outlet, outlet_from, dateline)
