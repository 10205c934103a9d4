"""What the words of a Key Result do, read from spaCy's parse: its main verb, the measured quantity
it names, and whether a written number is a value at all (``Tier 1`` is a name, ``with 2 clones``
narrows a noun). ``measure`` combines this with the forms ``values`` finds.

The word lists are general English and OKR usage (verbs of change, nouns of measures), never
phrases from particular Key Results.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

UP_VERBS = frozenset("increase grow raise boost lift expand maximize maximise accelerate gain exceed double "
                     "triple quadruple improve optimize optimise enhance".split())
DOWN_VERBS = frozenset("reduce decrease cut lower halve minimize minimise shrink shorten trim slash decline "
                       "drop eliminate lessen".split())
KEEP_VERBS = frozenset("keep maintain sustain hold stay remain preserve retain stabilize stabilise".split())
REACH_VERBS = frozenset("reach achieve hit attain get secure".split())
# Verbs of betterment: which way they point depends on the measure ("improve response time" lowers it).
IMPROVE_VERBS = frozenset("improve optimize optimise enhance better".split())
MULTIPLIERS = {"double": 2.0, "triple": 3.0, "quadruple": 4.0, "halve": 0.5}
# Verbs that make whatever they act on a quantity: "reduce flaky tests" means fewer of them.
QUANTITY_VERBS = frozenset("increase decrease reduce grow raise lower double triple quadruple halve maximize "
                           "maximise minimize minimise boost shrink".split())
# Verbs that change a level, but only name a metric when their object is a measure:
# "improve page load performance" does, "improve the settings page" does not.
LEVEL_VERBS = frozenset("improve optimize optimise enhance better accelerate speed keep maintain sustain hold "
                        "stabilize stabilise".split()) | QUANTITY_VERBS
# Head nouns of measurable quantities.
MEASURE_NOUNS = frozenset(
    """
    performance speed latency throughput time duration delay rate ratio percentage share accuracy
    coverage retention churn attrition turnover conversion conversions revenue sales profit margin cost
    costs spend spending price arr mrr iacv acv gmv roi nps enps csat satisfaction engagement reach
    awareness visit visits visitor visitors view views pageview traffic adoption uptime availability
    efficiency velocity productivity utilization utilisation growth score count number amount volume
    frequency yield capacity headcount
    """.split()
)
# Measures where less is better, so "improve" means lowering them.
LOWER_IS_BETTER = frozenset(
    """
    time latency duration delay churn attrition turnover cost costs spend spending bug bugs error errors
    incident incidents defect defects crash crashes complaint complaints downtime backlog regression
    regressions wait age
    """.split()
)
# "number of X": the quantity is named by what follows.
OF_HEADS = frozenset("number count amount percentage share proportion rate ratio volume # %".split())
_QUALIFYING_PREPS = frozenset(("with", "between", "among", "amongst", "without"))
_RANK_WORDS = frozenset(("top", "bottom", "first", "last", "next", "#", "no", "no."))
_MISSING_VERBS = frozenset("triage spec onboard offboard dogfood refactor prototype upstream".split())
# Measures that are rarely a verb's object in a Key Result but head a measure's name.
_NAMED_MEASURES = frozenset("backlog cadence turnaround coverage accuracy utilization uptime".split())
_PERIODS = frozenset(("QoQ", "YoY", "MoM", "WoW", "QTD", "YTD"))
_BLOCKING_DEPS = frozenset(("ccomp", "relcl", "acl", "csubj", "pcomp"))
_NOT_IN_PHRASE = frozenset(("DET", "NUM", "SYM", "PUNCT", "ADP", "CCONJ", "PRON", "ADV", "X"))
_NUMERIC = re.compile(r"^[<>≤≥~+$€£]*\d|^[%+]$")
_PLACEHOLDER_WORD = re.compile(r"^(?:[$€£]?N\d*|X{1,3}|TBD|TBC)$")
# "1GiB", "300ms", "10k", "2.5x": a number with its unit glued on, which spaCy does not call a number.
# "2FA" is a name: a unit of two letters or more has a lower-case one.
_NUMBER_WITH_UNIT = re.compile(r"^[$€£~]?\d[\d.,]*(?:[A-Za-z%]|(?=[A-Z]*[a-z])[A-Za-z]{2,4})$")
# "N0 ARR (N1 stretch)": the placeholders real files write before the number is known.
_PLACEHOLDER_NUMBER = re.compile(r"^[$€£]?N\d+$")
_NUMBER_STARTS = frozenset("0123456789$€£~N")  # the first characters the two patterns allow


@functools.lru_cache(maxsize=2)
def _lexicon(part: str) -> frozenset[str]:
    """English lemmas of one part of speech, from the pipeline's own lemmatizer tables (WordNet)."""
    from . import nlp

    tables = nlp.load().get_pipe("lemmatizer").lookups
    index = tables.get_table("lemma_index") if "lemma_index" in tables.tables else {}
    return frozenset(index.get(part, ())) | (_MISSING_VERBS if part == "verb" else frozenset())


def can_be_verb(word: str) -> bool:
    return word.lower() in _lexicon("verb")


def can_be_noun(word: str) -> bool:
    return word.lower() in _lexicon("noun")


def _base_form(word: str) -> str | None:
    """The verb a regular inflection comes from, when the lemmatizer does not know the word."""
    candidates = []
    if word.endswith("ed"):
        candidates = [word[:-2], word[:-1], word[:-3]]
    elif word.endswith("ing"):
        candidates = [word[:-3], word[:-3] + "e", word[:-4]]
    elif word.endswith("s"):
        candidates = [word[:-1], word[:-2]]
    return next((c for c in candidates if c and can_be_verb(c)), None)


def lemma(token: "Token") -> str:
    """The verb lemma of a token spaCy may have tagged as a noun ("Ships" -> "ship")."""
    if token.pos_ in ("VERB", "AUX"):
        base = token.lemma_.lower()
        return base if can_be_verb(base) or token.pos_ == "AUX" else _base_form(token.lower_) or base
    word = token.lower_
    if word.endswith("ed"):  # "increased signups" tagged as an adjective
        for base in (word[:-1], word[:-2], word[:-3]):
            if base in LEVEL_VERBS or base in UP_VERBS or base in DOWN_VERBS:
                return base
    return word


def _subject_of_finite_verb(token: "Token") -> bool:
    """True when ``token`` belongs to the subject of a verb with tense or modal: "Beta users can ..."."""
    noun = token
    while noun.dep_ in ("amod", "compound", "nmod", "det") and noun.head.i != noun.i:
        noun = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = noun.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(child.dep_ in ("aux", "auxpass") for child in verb.children) or verb.tag_ in ("MD", "VBZ"):
        return True  # "Beta users can export", "Python has"
    # a present-tense verb agrees with a plural subject; "Cut cloud spend" is an imperative misread
    return verb.tag_ == "VBP" and noun.tag_ in ("NNS", "NNPS")


def leading_verb(doc: "Doc | Span") -> "Token | None":
    """The imperative verb a Key Result opens with. spaCy often tags a sentence-initial imperative
    ("Ship", "Land", "Publish") as a noun or an adjective; a word that can be a verb, in base form,
    followed by what an object starts with, and not the subject of another verb, is read as one."""
    first = next((t for t in doc if not t.is_punct and not t.is_space), None)
    if first is None:
        return None
    if joined_to_next(first):
        return None  # "Zero-downtime deploys", "Sign-up rate", "go-ipld": part of a compound name
    nxt = doc[first.i + 1] if first.i + 1 < len(doc) else None
    if first.tag_ == "VB" or (first.tag_ == "VBG" and first.dep_ == "ROOT"):
        return first
    text = first.text
    if (not text.isalpha() or text.isupper() and len(text) > 1 or any(c.isupper() for c in text[1:])
            or first.tag_ in ("NNS", "NNPS", "VBZ", "VBD", "VBN", "VBG") or not can_be_verb(text)):
        return None
    if first.pos_ == "ADJ" and first.lower_ not in UP_VERBS | DOWN_VERBS | KEEP_VERBS:
        return None  # "Average order value", "Live chat": an adjective
    if nxt is not None:
        if nxt.pos_ in ("AUX", "VERB") and nxt.tag_ in ("VBZ", "VBP", "MD"):
            return None  # "Python has", "Beta users can"
        if nxt.pos_ == "ADP" and nxt.tag_ != "RP" and (
                nxt.lower_ == "of" or nxt.lower_ == "for" and can_be_noun(text)):
            return None  # "Support for dark mode", "Release of the app": a noun
        if nxt.pos_ == "CCONJ":
            after = doc[first.i + 2] if first.i + 2 < len(doc) else None
            if after is None or not can_be_verb(after.text):
                return None  # "Kernel and Driver ...": a list of names
    if _subject_of_finite_verb(first):
        return None
    if can_be_noun(text) and first.lower_ not in UP_VERBS | DOWN_VERBS | KEEP_VERBS and _names_a_measure(doc, first):
        return None  # "Build time under 10 minutes", "Test coverage above 80%": a noun phrase
    return first


def _names_a_measure(doc: "Doc | Span", first: "Token") -> bool:
    """Whether the singular nouns right after ``first`` end in a measure, making ``first`` part of
    its name ("support ticket backlog", "release cadence"), not a verb acting on it."""
    for following in doc[first.i + 1 - doc[0].i: first.i + 5 - doc[0].i]:
        if following.tag_ not in ("NN", "NNP") or _is_plural(following):
            return False
        if is_measure(following) or following.lemma_.lower() in _NAMED_MEASURES:
            return True
    return False


def main_verb(doc: "Doc") -> "Token | None":
    """The leading imperative, else the root verb of the first sentence; None for noun phrases."""
    first_sentence = next(iter(doc.sents), None)
    if first_sentence is None:
        return None
    verb = leading_verb(first_sentence)
    if verb is not None:
        return verb
    root = first_sentence.root
    return root if root.pos_ in ("VERB", "AUX") else None


def in_main_clause(token: "Token") -> bool:
    """Not inside a complement, relative or adjectival clause: "to see whether X has increased"."""
    return not any(t.dep_ in _BLOCKING_DEPS for t in (token, *token.ancestors) if t.pos_ in ("VERB", "AUX"))


def is_measure(token: "Token") -> bool:
    word = token.lower_
    base = token.lemma_.lower()
    if base == "time" or word == "time":
        # "response time", "time to fix": a measure; "on time", "spend time": not one.
        return any(c.dep_ in ("compound", "amod") for c in token.children) or any(
            c.dep_ in ("prep", "acl") and c.lower_ == "to" or c.dep_ == "acl" for c in token.children)
    return word in MEASURE_NOUNS or base in MEASURE_NOUNS


def _noun_run(doc: "Doc", start: int) -> list["Token"]:
    """The words of the noun phrase that starts at ``start``, read from the surface: nouns,
    adjectives, participles, and words the tagger took for verbs ("backend")."""
    words = []
    for following in doc[start: start + 7]:
        if following.is_punct and following.text in "\"'“”‘’-":
            continue
        if not following.is_alpha or following.pos_ in _NOT_IN_PHRASE | {"AUX", "PART", "SCONJ"}:
            break
        words.append(following)
    return words


def _is_plural(word: "Token") -> bool:
    if word.tag_ in ("NNS", "NNPS"):
        return True
    return word.pos_ in ("NOUN", "PROPN") and re.search(r"[^s]s$", word.lower_) is not None


def _last_noun(words: list["Token"], first: int = 0) -> "Token | None":
    """The head of a run of words: the first plural, with the nouns right after it ("support calls")."""
    plural = next((k for k in range(first, len(words)) if _is_plural(words[k])), None)
    if plural is None:
        return None
    last = plural
    while last + 1 < len(words) and words[last + 1].pos_ in ("NOUN", "PROPN") \
            and words[last + 1].i == words[last].i + 1:
        last += 1
    return words[last]


def joined_to_next(token: "Token") -> bool:
    """Whether a word is hyphen-joined to the next: "Sign-up rate", "a 14-day trial"."""
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_


def is_number(token: "Token") -> bool:
    """Whether a token is a value: "40", "forty", "1GiB", "N0"; not a name like "2FA"."""
    if token.like_num:
        return True
    text = token.text
    return text[:1] in _NUMBER_STARTS and bool(_NUMBER_WITH_UNIT.match(text) or _PLACEHOLDER_NUMBER.match(text))


def phrase(token: "Token", verb: "Token | None" = None) -> str:
    """The noun phrase a head noun stands for, without determiners, numbers or the verb that the
    parse folded into it: "the 5 new blog posts" -> "new blog posts"; for a generic head, what it
    is of: "number of weekly active editors"."""
    doc = token.doc
    start = token.left_edge.i
    if verb is not None and start <= verb.i < token.i:
        start = verb.i + 1
    for k in range(start, token.i):
        # looser than is_number, whose other cases these patterns include: a phrase sheds "2FA",
        # "X" and a lone "%" too
        if doc[k].like_num or _NUMERIC.match(doc[k].text) or _PLACEHOLDER_WORD.match(doc[k].text):
            start = k + 1  # "at least 3 frontend issues" -> "frontend issues"
    while start < token.i and (doc[start].pos_ in _NOT_IN_PHRASE or doc[start].dep_ in ("quantmod", "nummod")):
        start += 1
    end = token.i + 1
    if token.lemma_.lower() in OF_HEADS or token.lower_ in OF_HEADS or token.lemma_.lower() == "time":
        for child in token.rights:
            if child.dep_ in ("prep", "acl") and child.lower_ in ("of", "to") or child.dep_ == "acl":
                end = child.right_edge.i + 1
                if child.lower_ == "of" and (head := _last_noun(_noun_run(doc, child.i + 1))) is not None:
                    end = max(end, head.i + 1)  # "number of support calls", however the PP was parsed
                break
    text = doc[start:end].text
    return text.strip(" -(") or token.text


def counted_noun(doc: "Doc", end: int) -> str | None:
    """What a count written before ``end`` counts: "8 cleanup patches" -> "cleanup patches"."""
    head = _last_noun(_noun_run(doc, end))
    return doc[end: head.i + 1].text.strip(" -\"'“”‘’") if head is not None else None


def counts_something(token: "Token") -> bool:
    """A number written as a word is a value only when it counts a noun or a unit: "two sessions",
    not "pick one" or "the first one"."""
    return token.dep_ in ("nummod", "quantmod") or any(c.dep_ == "nummod" for c in token.children)


def names_a_thing(token: "Token", verb: "Token | None") -> bool:
    """A bare number right after a noun is part of a name: "Tier 1", "Level 2+", "ISO 9001",
    "phase 2", "top 3". Not after the verb (a sentence-opening "Source 40 candidates" is an
    imperative the tagger misread) nor after a measure ("NPS 45")."""
    if token.i == 0:
        return False
    before = token.doc[token.i - 1]
    if verb is not None and before.i == verb.i:
        return False
    if before.is_sent_start and can_be_verb(before.text) and before.tag_ not in ("NNS", "NNPS"):
        return False
    if is_measure(before):
        return False  # "NPS 45": a measure and its value
    return before.pos_ in ("NOUN", "PROPN") and not before.like_num or before.lower_ in _RANK_WORDS


def names_a_kind(token: "Token", number: float | None) -> bool:
    """A plain number above one in front of nouns none of which is plural describes a kind of
    thing rather than counting things: "2024 roadmap", "2 factor login", "a 3 minute trailer"; a count
    ends in a plural ("12 partner success stories"). Read from the words, which the parse may misattach."""
    if number is None or number <= 1:
        return False
    words = _noun_run(token.doc, token.i + 1)
    if not any(w.pos_ in ("NOUN", "PROPN") for w in words) or any(_is_plural(w) for w in words):
        return False
    if number.is_integer() and 1990 <= number <= 2039:
        return True  # a year: "2024 roadmap"
    # the level of a measure ("a 4.5 app store rating") is a value; "2.0" is a version
    return not any(is_measure(w) for w in words) and (number.is_integer() or token.text.endswith(".0"))


def qualifies_a_noun(token: "Token", verb: "Token | None" = None) -> bool:
    """A value inside "with/between ..." attached to a noun narrows what is counted ("bugs with >5
    duplicates", "accounts with over 200 seats"); it is no target. Unless that noun is the whole
    Key Result: "A community with 500 members"."""
    for ancestor in token.ancestors:
        if ancestor.dep_ == "prep" and ancestor.lower_ in _QUALIFYING_PREPS:
            head = ancestor.head
            whole = head.dep_ == "ROOT" and (verb is None or verb.i > head.i)
            if head.pos_ in ("NOUN", "PROPN") and not whole:
                return True
    return False


def objects(verb: "Token") -> list["Token"]:
    """What a verb acts on: its objects (and their conjuncts), else the subject of a passive or of an
    intransitive change ("signups increase"), or the noun a participle modifies ("increased signups")."""
    found = []
    if verb.dep_ in ("amod", "compound", "nmod") and verb.head.pos_ in ("NOUN", "PROPN"):
        found.append(verb.head)
    nouns = [c for c in verb.children if c.pos_ in ("NOUN", "PROPN") and c.text not in _PERIODS]
    found += [c for c in nouns if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    if not found:
        found += [c for c in nouns if c.dep_ == "nsubj"]
    if not found and verb.pos_ != "VERB":
        root = verb.sent.root  # a misread imperative: the parse hangs the object elsewhere
        if root.pos_ in ("NOUN", "PROPN") and root.i != verb.i:
            found.append(root)
    if not found:  # the parse split the sentence after a symbol: "Maximize weekly /docs visits"
        after = verb.doc[verb.i + 1: verb.i + 6]
        found += [t for t in after if t.dep_ == "ROOT" and t.pos_ in ("NOUN", "PROPN")][:1]
    if not found and verb.pos_ == "VERB" and verb.lemma_ != "be":
        # the tagger took a noun for a verb: "Improve map(VB) panning performance"
        start = verb.i + 1
        while start < len(verb.doc) and (verb.doc[start].pos_ == "DET" or verb.doc[start].tag_ == "PRP$"):
            start += 1
        found += [w for w in _noun_run(verb.doc, start) if w.pos_ in ("NOUN", "PROPN")][-1:]
    for noun in list(found):
        found.extend(t for t in noun.conjuncts if t.pos_ in ("NOUN", "PROPN"))
    return found


def quantity_named(doc: "Doc", verb: "Token | None") -> "Token | None":
    """The head noun of a measured quantity the words name without stating a value, or None:
    the object of a verb of change ("reduce flaky tests"), a measure a level verb acts on
    ("improve search performance"), "number of X", or a noun-phrase Key Result whose head is a
    measure ("renewal rate for enterprise accounts")."""
    # Verbs, and participles used as adjectives ("increased signups"); "double booking" is no change.
    changes = [t for t in doc if lemma(t) in LEVEL_VERBS and (
        t.pos_ == "VERB" or t.pos_ == "ADJ" and t.lower_.endswith("ed"))]
    if verb is not None and all(c.i != verb.i for c in changes) and lemma(verb) in LEVEL_VERBS:
        changes.insert(0, verb)
    for change in changes:
        if not in_main_clause(change):
            continue
        for noun in objects(change):
            if lemma(change) in QUANTITY_VERBS or is_measure(noun):
                return noun
            if lemma(change) in KEEP_VERBS:  # "hold the line on page load time"
                for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "on"):
                    for target in prep.children:
                        if target.dep_ == "pobj" and is_measure(target):
                            return target
    for token in doc:
        if (token.lemma_.lower() in OF_HEADS or token.text == "#") and token.i + 1 < len(doc) \
                and doc[token.i + 1].lower_ == "of" and token.text != "%" and in_main_clause(token):
            return token
    if verb is not None and (verb.pos_ == "VERB" or not can_be_noun(verb.text)):
        return None  # a sentence with a verb names its measure through the verb, not as a heading
    for sentence in doc.sents:
        root = sentence.root
        # a common noun: a capitalised head is the name of a thing ("Field Sales")
        if root.pos_ in ("NOUN", "PROPN") and any(
                is_measure(t) and not t.text.istitle() for t in (root, *root.conjuncts)):
            return root
    return None
