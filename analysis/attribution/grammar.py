"""Closed-class words the attribution rules read: connectors, pronouns, determiners, time words.

Why here and not in the lexicon files: these are English grammar, not a story's vocabulary —
users extend the lexicons (``analysis/lexicons/data/``) for their corpus, never these. Each set
is read by the rules in :mod:`.phrases`, :mod:`.speakers`, :mod:`.direct` and :mod:`.indirect`.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Lower-case words that may join the words of one name or organisation ("Committee on Defense").
CONNECTORS = _words("of on for and the de del da al bin von van la to")

#: Pronouns that can stand for a speaker, with what they tell: m(ale), f(emale), p(lural),
#: n(euter), s(peaker) — only "he" and "she" are resolved to a person.
PRONOUNS = {"he": "m", "she": "f", "they": "p", "we": "p", "it": "n", "i": "s"}

#: Words between a speaker and its cue that do not break the pair ("Ms Lee on Monday said").
SKIP_BACK = _words(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier later
    also then previously recently repeatedly again has have had did does do will would could may
    might reportedly publicly privately once already further last week month year this on in an
    interview statement separately openly bluntly flatly simply always never not quickly just
    officially now"""
)

#: Words between a cue and its content that belong to neither ("said in a press briefing that").
SKIP_AFTER_CUE = SKIP_BACK | _words("in a to at news briefing conference press")

DETERMINERS = _words("the a an")

#: Lower-case heads that make a phrase an organisation even with no capital ("the government").
ORG_LOWER_HEADS = _words(
    """government administration ministry department campaign agency spokesman officials side
    authorities leadership community intelligence services"""
)

#: Lower-case nouns that head an organisation's description, the words before them its
#: modifiers ("the prime minister's office", "the select committee", "the firm").
ORG_NOUNS = ORG_LOWER_HEADS | _words(
    """office committee board council commission court panel firm company regulator watchdog union
    bank group party paper newspaper"""
)

#: Capitalised function words that open a sentence but never a name ("In", "But", "This").
FUNCTION_CAPS = _words(
    """As In On At After Before While When But And Yet So If Though Although Despite Following Speaking
    Meanwhile However Also Last This That It There Asked Under With Without From For By Of To
    Earlier Later Now Then Still Instead Even More Most Other Others Some Many Several Both All Each
    Every Any No Such These Those Its His Her Their Our My Your Here Where Why How What Who Which
    Only Because Since Until Once Whether Unless Indeed Thus Moreover Furthermore Nevertheless
    Overall Finally Next Today Yesterday Tomorrow Asked Among Amid During Through Within"""
)

PREPOSITIONS = _words("""to in at from of by for on into over about against near across via than""")

#: A negation between speaker and cue: "hasn't said" reports no speech.
NEGATIONS = re.compile(r"\b(?:not|never|n't|n’t|hasn't|hasn’t|didn't|didn’t|won't|won’t)\b|n['’]t\b")

#: Honorifics and titles that say a person is a woman ("Ms Kelly said … she").
FEMALE_TITLES = _words("mrs ms miss lady dame baroness madam")

#: Words before a verb form that make it a noun's modifier, not a cue ("his reported views").
POSSESSIVES = _words("his her its their our my your the a an")

#: Forms of "be": before a cue they make it passive ("staff are said to have lied"), reporting no
#: speaker.
BE_FORMS = _words("is are was were be been being")

#: Words that open sentences and are never a one-word name ("This said …").
COMMON_SENT_START = _words("""this that it there these those what which who he she they we i one some many""")

#: Hyphenated lower-case modifiers inside a noun phrase ("state-controlled", "so-called").
HYPHENATED = re.compile(r"[a-z]+(?:-[a-z]+)+")

#: Cue verbs that take an addressee before their content ("told the court that …").
ADDRESSING = _words("told tells telling tell assured assures informed informs reminded reminds")

#: Modals and "to" before a bare verb: speech yet to happen ("will announce", "plans to say").
MODALS = _words("will would shall should can could may might must to")

#: Cue verbs that news writes after their speaker's content, inverted ("…, said the minister").
INVERTIBLE = _words(
    """said says added adds wrote writes asked asks explained explains noted notes continued recalled
    replied insisted argued argues warned declared suggested observed remarked commented admitted
    acknowledged conceded concluded answered responded countered quipped joked stressed reported
    reports claimed claims maintained"""
)


#: Words that open a clause but never name a speaker (issue 21): a time expression ("July",
#: "Friday"), a number ("Eleven", "2016"), a sentence adverb ("Predictably"), "According", an
#: indefinite pronoun ("Nobody", "Everyone": no one the text names).
NOT_SPEAKER = re.compile(
    r"(?:january|february|march|april|june|july|august|september|october|november|december|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tonight|according|"
    r"nobody|none|everyone|everybody|anyone|anybody|someone|somebody|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundreds?|thousands?|"
    r"\d[\d,.]*|\w+(?:ably|ibly|edly|ally|ously|ively|ently|ingly|antly))",
    re.I,
)
