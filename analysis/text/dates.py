"""Date and dateline patterns of news text: one source for every module that reads them.

Why here: the corpus reader (a "Posted <date>" line), the cleaner (furniture lines), attribution
(a dateline is not a speaker) and the outlet study (a dateline is a style feature) all need the
same notion of a month name, a date and a dateline.
"""

from __future__ import annotations

import re

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE = rf"(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"


#: A wire-style dateline at the start of a paragraph: "WASHINGTON, Jan. 26 (Reuters) — ",
#: "MOSCOW (AP) - ", "LONDON — ". Upper-case place, optional date, optional agency, a dash.
DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.' -]{2,}(?:,[^\n(]{0,40})?\s*(?:\([^)\n]{1,40}\))?\s*[—–-]+\s",
    re.MULTILINE,
)
