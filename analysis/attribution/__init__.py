"""Source attribution: who is quoted or paraphrased, saying what, with which cue, from which side.

    from analysis import load_corpus, attribution
    table = attribution.extract(load_corpus("seeds/"))          # one row per attribution part

The result is the *attributions* table (:data:`COLUMNS`, documented in :mod:`.table`);
:func:`measured_scores` gives the extractor's accuracy measured on news it was not tuned on
(BBC development gold, PolNeAR dev), for reports to quote.

How it works: rules (:mod:`.rules`) read plain lexicon files users extend
(``analysis/lexicons/data/``: cue verbs, titles, organisation words, document nouns,
descriptions, female given names; :mod:`analysis.lexicons`); speakers are then linked to the
corpus's actors (:mod:`.link`, through :mod:`analysis.actors`) for one name per person and its
group. Articles longer than a few news articles are read in pieces (:mod:`.chunks`). Quotations are found by the shared quote finder
(:func:`analysis.text.find_quotes`) and paired with their cues (:mod:`.direct`); the remaining
cues are read as indirect or mixed speech (:mod:`.indirect`); speaker phrases are classified and
resolved, pronouns and descriptions included (:mod:`.speakers`). An optional CRF tagger trained
on PolNeAR (:mod:`.tagger`, ``method="model"``) adds the long tail of attributions that are not
speech (findings, beliefs, intentions).

Modules: :mod:`.doc` (per-article state), :mod:`.link`, :mod:`.chunks`, :mod:`.tweets`
(embedded posts), :mod:`.scores` (:func:`measured_scores`), :mod:`.grammar` (closed-class words), :mod:`.phrases`
(noun phrases), :mod:`.lookup` (gazetteer views), :mod:`.cues`, :mod:`.content`,
:mod:`.speakers`, :mod:`.direct`, :mod:`.indirect`, :mod:`.rules`, :mod:`.features`,
:mod:`.tagger`, :mod:`.train` (rebuilds the tagger's model), :mod:`.gold` (PolNeAR reader),
:mod:`.table`. The report's tables of it are :mod:`analysis.reports.sources`.
"""

from analysis.attribution.doc import Attribution, Speaker
from analysis.attribution.scores import measured_scores
from analysis.attribution.table import COLUMNS, empty_table, extract, extract_text, per_attribution

__all__ = [
    "COLUMNS",
    "Attribution",
    "Speaker",
    "empty_table",
    "extract",
    "extract_text",
    "per_attribution",
    "measured_scores",
]
