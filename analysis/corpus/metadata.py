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

#: How every report labels an outlet, date or title an article does not state (one label everywhere).
NOT_STATED = "(not stated)"

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


# Words each pattern above cannot match without: a substring test is far cheaper than a scan.
_POSTED_WORDS = ("Posted", "Published")
_CREDIT_WORDS = ("contributed to this report",)
_COPYRIGHT_WORDS = ("©", "(c)", "Copyright")


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


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


_EPOCH_DIGITS = re.compile(r"-?\d{9,13}(?:\.\d+)?")


def parse_date(value: object) -> pd.Timestamp | None:
    """A date from text, a column or an epoch number, or None (never a guess).

    Numbers (and strings of 9-13 digits) are Unix epoch times, in milliseconds when above 1e11
    (that is after 1973 in milliseconds, past the year 5000 in seconds), else in seconds; a
    whole number from 1678 to 2261 is a year; other numbers (zero, negative, small counts) are
    placeholders, not dates. A date outside what pandas can hold
    (1677-2262) is None: :func:`date_issue` says which.
    """
    if value is None or isinstance(value, bool) or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else _in_range(value.tz_convert(None) if value.tzinfo else value)
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    text = str(value).strip().rstrip(".")
    if not text:
        return None
    if _EPOCH_DIGITS.fullmatch(text):
        return _from_epoch(float(text))
    try:
        ts = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(ts):
        return None
    return _in_range(ts.tz_convert(None) if ts.tzinfo else ts)


def _from_epoch(number: float) -> pd.Timestamp | None:
    if number.is_integer() and 1678 <= number <= 2261:
        return pd.Timestamp(year=int(number), month=1, day=1)  # a year, as pandas reads "2017"
    if not number >= 1e8:  # before 1973 in seconds: a count or a placeholder, not a time
        return None
    unit = "ms" if number > 1e11 else "s"
    try:
        return _in_range(pd.Timestamp(number, unit=unit))
    except (ValueError, OverflowError):
        return None


def _in_range(ts: pd.Timestamp) -> pd.Timestamp | None:
    """``ts`` when a nanosecond timestamp can hold it (the docs table's dtype), else None."""
    return ts if _MIN <= ts <= _MAX else None


_MIN, _MAX = pd.Timestamp.min, pd.Timestamp.max  # read once: each read builds a Timestamp


def date_issue(value: object) -> str:
    """Why :func:`parse_date` gave None for ``value``: out of range, a placeholder, or unparsable."""
    text = str(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool) or _EPOCH_DIGITS.fullmatch(text):
        return "is not a date (epoch time zero or negative, or out of range)"
    try:
        ts = pd.Timestamp(text.rstrip("."))
    except (ValueError, TypeError, OverflowError):
        return "does not parse"
    if not pd.isna(ts) and not (pd.Timestamp.min <= ts.tz_localize(None) <= pd.Timestamp.max):
        return "is outside the dates pandas can hold (1677-2262)"
    return "does not parse"


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
        m = _POSTED.search(raw_body) if _has_any(raw_body, _POSTED_WORDS) else None
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
        for pattern, source, words in (
            (_CREDIT, "credit", _CREDIT_WORDS),
            (_COPYRIGHT, "copyright", _COPYRIGHT_WORDS),
        ):
            if not _has_any(raw_body, words):
                continue  # the pattern cannot match: skip its scan of every line
            for cm in pattern.finditer(raw_body):
                name = known_outlet(cm.group("outlet"))
                if name:
                    outlet, outlet_from = name, source
                    break
            if outlet:
                break
    return Stated(title, date, date_from, outlet, outlet_from, dateline)
