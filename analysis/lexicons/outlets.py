"""The one outlets list (``data/outlets.yaml``): names, aliases and web domains of news media and
agencies, their kind and side.

Articles name outlets in datelines and credit lines (their own) and in citations ("RIA reported"),
so the corpus loader, the outlets study and the attribution rules read this one list, through the
one parser here (:func:`outlet_lexicon`); :func:`load_outlets` is its alias table.

Scraped corpora write an outlet as the web does: a URL, a domain with or without ``www.``, a short
link. :func:`canonical_outlet` turns every such value into one name per outlet, so that
``http://addictinginfo.org``, ``addictinginfo.org`` and ``www.addictinginfo.org`` are one outlet and
``politi.co`` is Politico. A link shortener or redirector (``bit.ly``, ``goo.gl``, ``t.co``:
``data/redirectors.txt``) names no outlet: :func:`canonical_outlet` gives None for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import yaml
from publicsuffixlist import PublicSuffixList

from analysis.lexicons.aliases import alias_regex
from analysis.schema import UNKNOWN

ALIAS_COLUMNS = ["alias", "outlet", "kind", "side"]
DOMAIN_COLUMNS = ["domain", "outlet"]
_PACKAGED = "analysis/lexicons/data/outlets.yaml"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_][\w-]{0,62}$")


#: Shortest name compared without its spaces: shorter ones are abbreviations, whose spacing is
#: part of the name ("U S" is not "US").
MIN_SQUASHED = 5


def normalise_name(name: str) -> str:
    """The lookup key of an outlet name: possessive dropped, punctuation folded, lower case.

    Why: the same outlet is written "ABC News's", "abc news" or "RIA-Novosti"; all must find it.
    """
    name = re.sub(r"['’]s\b", "", name)
    return re.sub(r"[^\w]+", " ", name).strip().lower()


@dataclass(frozen=True)
class OutletLexicon:
    """Outlets and agencies with their aliases.

    Attributes
    ----------
    aliases : one row per alias: ``alias, outlet, kind, side`` (the outlet's own name included).
    domains : one row per web host of an outlet: ``domain, outlet`` (lower case, no ``www.``), its
        sites and short links (``politico.com``, ``politi.co``).

    Why a lexicon and not NER: outlet names are a short closed list per story, and users need to
    add their local papers; "RIA" must resolve to "RIA Novosti" in both a citation and a dateline.
    """

    aliases: pd.DataFrame
    domains: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DOMAIN_COLUMNS))
    #: ``style_credits`` of the file: wire names the outlet classifier's style features look for,
    #: by where (``parenthesis``: "(Reuters)"; ``contributed``: "Reuters contributed").
    credits: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def canonical(self, name: object) -> str | None:
        """The lexicon name for an outlet string ("RIA", "abc news"), or None if not listed."""
        if name is None or (not isinstance(name, str) and pd.isna(name)):
            return None
        return _index_of(tuple(zip(self.aliases["alias"], self.aliases["outlet"]))).get(
            normalise_name(str(name))
        )

    def pattern(self) -> re.Pattern[str]:
        """One regex matching any alias as a whole word (case-sensitive), longest first."""
        return alias_regex(tuple(self.aliases["alias"]))

    def outlet_of(self) -> dict[str, str]:
        """Alias exactly as written -> outlet name (for matches of :meth:`pattern`)."""
        return dict(zip(self.aliases["alias"], self.aliases["outlet"]))

    def outlets(self) -> pd.DataFrame:
        """One row per outlet, indexed by its name: ``kind, side``."""
        return self.aliases.drop_duplicates("outlet").set_index("outlet")[["kind", "side"]]

    def name_of(self, value: str) -> str | None:
        """The outlet a metadata value names, or None: an alias as written, else an alias that
        is a proper name (capitalised) compared without case and punctuation ("abc news").

        Stricter than :meth:`canonical`, which reads citations in running text: there "the Times"
        refers back to a paper named before, but a publisher field saying "The Times" is another
        paper.
        """
        exact = dict(zip(self.aliases["alias"], self.aliases["outlet"]))
        if value in exact:
            return exact[value]
        proper = tuple(
            (a, o) for a, o in zip(self.aliases["alias"], self.aliases["outlet"]) if a[:1].isupper()
        )
        key = normalise_name(value)
        found = _index_of(proper).get(key)
        if found is None and len(squashed := key.replace(" ", "")) >= MIN_SQUASHED:
            found = _squashed_index(proper).get(squashed)
        return found

    def domain_of(self, host: str) -> str | None:
        """The outlet whose web host is ``host`` (lower case, no ``www.``) or its registrable
        domain, the host first (``abcnews.go.com`` is not all of ``go.com``); None if not listed."""
        table = dict(zip(self.domains["domain"], self.domains["outlet"]))
        return table.get(host) or table.get(registrable_domain(host) or "")


@lru_cache(maxsize=16)
def _squashed_index(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """:func:`_index_of` with the spaces taken out of each key, for slugs and run-together
    names ("huff-post", "Huff Post" -> HuffPost; "washingtonpost" -> The Washington Post)."""
    return {key.replace(" ", ""): name for key, name in reversed(_index_of(pairs).items())}


@lru_cache(maxsize=16)
def _index_of(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for alias, name in pairs:
        out.setdefault(normalise_name(alias), name)
        out.setdefault(normalise_name(name), name)
    return out


def outlet_lexicon(path: str | Path | None = None) -> OutletLexicon:
    """Read an outlets YAML file (``outlets:`` list of ``name, aliases, kind, side``); the packaged
    ``analysis/lexicons/data/outlets.yaml`` when ``path`` is None.

    Raises ``ValueError`` naming the file and the entry when an outlet has no name.
    """
    if path is None:
        text = resources.files("analysis.lexicons").joinpath("data/outlets.yaml").read_text("utf-8")
        where = _PACKAGED
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    data = yaml.safe_load(text) or {}
    entries = data.get("outlets", data) if isinstance(data, dict) else data
    rows, domains = [], []
    for i, entry in enumerate(entries or []):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"{where}: outlet entry {i} has no name")
        name, kind = str(entry["name"]), str(entry.get("kind", "media"))
        side = str(entry.get("side", UNKNOWN))
        for alias in dict.fromkeys([name, *(entry.get("aliases") or [])]):
            rows.append({"alias": str(alias), "outlet": name, "kind": kind, "side": side})
        for domain in entry.get("domains") or []:
            host = web_host(str(domain))
            if host is None:
                raise ValueError(f"{where}: outlet {name!r} has domain {domain!r}, not a web address")
            domains.append({"domain": host, "outlet": name})
    credits = data.get("style_credits") if isinstance(data, dict) else None
    return OutletLexicon(
        pd.DataFrame(rows, columns=ALIAS_COLUMNS),
        pd.DataFrame(domains, columns=DOMAIN_COLUMNS).drop_duplicates("domain"),
        {str(k): tuple(map(str, v or ())) for k, v in (credits or {}).items()},
    )


def load_outlets(path: str | Path | None = None) -> pd.DataFrame:
    """The outlets gazetteer as a table, one row per alias: ``alias, outlet, kind (media|agency),
    side`` (the ``aliases`` of :func:`outlet_lexicon`)."""
    return outlet_lexicon(path).aliases


@lru_cache(maxsize=1)
def default_outlet_lexicon() -> OutletLexicon:
    """The packaged outlets lexicon, read once per process."""
    return outlet_lexicon()


def default_outlets() -> pd.DataFrame:
    """The packaged outlets gazetteer table (read once per process)."""
    return default_outlet_lexicon().aliases


def outlet_sides(outlets: pd.DataFrame | None = None) -> dict[str, str]:
    """Alias (as written) -> side, for every alias of every outlet."""
    table = default_outlets() if outlets is None else outlets
    return dict(zip(table["alias"], table["side"]))


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    """The Public Suffix List bundled with ``publicsuffixlist`` (no download); unknown top-level
    domains are not accepted, so "St.Petersburg" is a name, not a host."""
    return PublicSuffixList(accept_unknown=False)


def web_host(value: str) -> str | None:
    """The host a URL, domain or short link names, lower case and without ``www.``; None when
    ``value`` is not a web address (it has spaces, no dot, or no known public suffix).

    ``"http://www.Example.org/a?b"`` -> ``"example.org"``; ``"politi.co/2x"`` -> ``"politi.co"``.
    """
    text = value.strip()
    if not text or any(c.isspace() for c in text) or "." not in text:
        return None
    try:
        host = urlsplit(text if _SCHEME.match(text) else f"//{text}").hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").removeprefix("www.")
    if not _HOST.match(host) or _suffixes().publicsuffix(host) is None:
        return None
    return host


def registrable_domain(value: str) -> str | None:
    """The registrable domain (public suffix plus one label) of a URL or host: ``edition.cnn.com``
    -> ``cnn.com``, ``news.bbc.co.uk`` -> ``bbc.co.uk``, ``x.blogspot.com`` stays (blogspot.com is
    a public suffix: each blog is its own site); None when ``value`` is not a web address."""
    host = web_host(value)
    return None if host is None else _suffixes().privatesuffix(host)


def canonical_outlet(value: str, lexicon: OutletLexicon | None = None) -> str | None:
    """One name per outlet for an outlet value as found in a corpus.

    - a URL, domain or short link: the outlet listed with that host or registrable domain in the
      lexicon's ``domains`` (``politi.co`` -> ``Politico``), else the registrable domain, lower
      case, without ``www.`` (``http://www.addictinginfo.org/x`` -> ``addictinginfo.org``);
    - a link shortener or redirector (:func:`is_redirector`): None, no outlet stated;
    - a name: the canonical name when it is an alias (:meth:`OutletLexicon.name_of`:
      ``Thomson Reuters`` -> ``Reuters``), else the name as given (surrounding spaces dropped).

    The corpus reader calls this on every outlet value, so results are cached for the packaged
    lexicon.
    """
    if lexicon is None:
        return _canonical_default(value)
    return _canonical(value, lexicon)


@lru_cache(maxsize=65_536)
def _canonical_default(value: str) -> str | None:
    return _canonical(value, default_outlet_lexicon())


@lru_cache(maxsize=1)
def redirectors() -> frozenset[str]:
    """The hosts of ``data/redirectors.txt``: link shorteners and redirectors, which forward to
    other sites and so name no outlet (one list, read once)."""
    text = resources.files("analysis.lexicons").joinpath("data/redirectors.txt").read_text("utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line)


def is_redirector(host: str) -> bool:
    """Whether ``host`` (lower case, no ``www.``) is a listed redirector or a subdomain of one."""
    parts = host.split(".")
    return any(".".join(parts[i:]) in redirectors() for i in range(len(parts) - 1))


def _canonical(value: str, lexicon: OutletLexicon) -> str | None:
    text = str(value).strip()
    host = web_host(text)
    if host is not None:
        if lexicon.domain_of(host) is None and is_redirector(host):
            return None
        return lexicon.domain_of(host) or registrable_domain(host) or host
    return lexicon.name_of(text) or text
