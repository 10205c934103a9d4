"""What the classifier sees of a Key Result: its words, and what spaCy tells about them.

Each text becomes a record: ``wording`` (decorations removed, for character n-grams), ``lemmas``
(for word n-grams) and ``signals``, a dict of linguistic features: the opening word, the main verb
(read as ``grammar`` reads it, imperatives included) and what it acts on, the subject, whether
numbers and objects name other people's choices or the team's own work, and whether the text names
a rate, a comparison or a finished state. Records are plain data, so the saved scikit-learn model
holds no spaCy object.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from .. import grammar
from ..decorations import wording as strip_decorations
from ..rules.task_verb import TASK_VERBS

RATE_WORDS = frozenset(
    "rate ratio score nps csat percentage share churn retention conversion revenue arr mrr margin "
    "latency uptime availability satisfaction engagement adoption usage time average median p95 p99 "
    "cost growth yield accuracy error errors".split()
)
STATE_WORDS = frozenset("available ready live done complete completed shipped released published launched in place".split())
# What a counted or acted-on noun names: people and organisations whose choices the team cannot
# make for them (counting them is usually an outcome), or the team's own work and activity
# (counting those is usually an output). Lemmas; the model learns how much each class weighs.
OTHERS = frozenset(
    "customer user client buyer shopper donor member subscriber student learner patient lead prospect "
    "partner logo account deal signup sign-up install visitor reader viewer listener volunteer sponsor "
    "contributor adopter developer company organization organisation team household resident citizen "
    "guest traveler traveller applicant candidate fan follower attendee participant opportunity "
    "contract order booking purchase renewal referral download registration enrollment enrolment "
    "supporter investor backer funder tenant owner seller merchant vendor supplier carrier employer "
    "parent family caller requester shipper rider driver host creator publisher author maintainer "
    "community audience market segment region spend seat license licence subscription trial "
    "inquiry enquiry request complaint rating".split()
)
# People on our side who can be given a feature or gain a skill: "Agents can refund from the ticket view".
PEOPLE = frozenset(
    "admin administrator agent engineer developer staff employee nurse doctor teacher rep manager "
    "analyst operator dispatcher editor reviewer recruiter planner designer tester maintainer "
    "volunteer member everyone anyone people person team squad hire newcomer mentor coach head "
    "grad graduate advocate ae sdr bdr csm pm".split()
)
# Functions of a company, which can be given a tool as a person can: "Finance can pull board metrics".
TEAMS = frozenset("sales marketing finance support legal ops operations engineering product design hr "
                  "security on-call oncall desk crew newsroom recruiting procurement dev devs".split())
OWN_WORK = frozenset(
    "post article blog call meeting session ticket bug issue test doc document page guide tutorial "
    "webinar campaign feature release workshop interview hire training course video podcast episode "
    "newsletter email demo talk event meetup survey report dashboard audit review plan spec prototype "
    "pr commit story point task item poster billboard ad advert visit conference sprint hackathon "
    "script template playbook runbook policy process tool integration module "
    "stream livestream screencast deck presentation slide panel booth showcase lesson "
    "lecture class curriculum chapter draft paper proposal rfc design mockup wireframe benchmark "
    "experiment migration refactor cleanup fix patch cl change endpoint api sdk library "
    "package plugin extension connector component milestone deliverable initiative project "
    "program programme outreach message letter pitch memo writeup postmortem checklist "
    "procedure guideline handbook wiki faq tweet translation backlog regression".split()
)
# "Search is fast and correct", "keeps the feed smooth": a quality people feel, stated as a state.
QUALITY_WORDS = frozenset("fast faster quick quicker reliable stable performant correct accurate secure "
                          "responsive scalable usable easy easier simple smooth consistent predictable "
                          "robust resilient efficient snappy intuitive healthy trusted safe".split())
# "number of returning buyers", "total of 40 seats": heads whose count is named by what follows
_COUNT_HEADS = grammar.OF_HEADS | {"total"}
# Levels people feel or others' behaviour makes, named without saying whose: "improve scrolling
# performance" moves one, "improve the settings page" works on a thing we build (GUIDE, rule 9).
FELT_MEASURES = (grammar.MEASURE_NOUNS - _COUNT_HEADS) | frozenset(
    "scalability reliability stability responsiveness resilience robustness speed wait "
    "turnaround freshness".split())
# "can quickly fetch", "in under 3 hours": words that turn an ability into a level of performance.
SPEED_WORDS = frozenset("quickly fast faster quick reliably efficiently seamlessly instantly "
                        "second seconds minute minutes hour hours ms".split())
# Words that open a side clause: "..., so the close can move to day 5" is the work's purpose.
_CLAUSE_OPENERS = frozenset("so that once when whenever until because if where while".split())
_PERCENT = re.compile(r"\d\s*%|\bpercent\b", re.IGNORECASE)
# "under 2 hours", "< 5%"; but not "publish under this profile"
_COMPARATOR = re.compile(r"(?:\b(?:under|below|above|over|at least|at most|less than|more than|fewer than)|[<>≤≥])"
                         r"\s*(?:[$€£]\s?)?(?:\d|N\d*\b|X\b)", re.IGNORECASE)
_MONEY = re.compile(r"[$€£]\s?\d|\d\s?[kKmM]\b")


def records(texts: Sequence[str]) -> list[dict]:
    """One feature record per text, made in one batch through the spaCy pipeline."""
    from .. import nlp

    cleaned = texts_for(texts)
    (made,) = nlp.analyse([(cleaned, record)])
    return [made[text] for text in cleaned]


def texts_for(texts: Sequence[str]) -> list[str]:
    """The texts ``record`` reads: the wording without decorations (or all of it, if that is all)."""
    return [strip_decorations(text) or text for text in texts]


def record(text: str, doc) -> dict:
    """The feature record of one text (from ``texts_for``) and its Doc."""
    tokens = [token for token in doc if not token.is_punct and not token.is_space]
    numbers = frozenset(token.i for token in doc if grammar.is_number(token))
    lemmas = " ".join(token.lemma_.lower() if token.i not in numbers else "<num>" for token in tokens)
    return {"wording": text.lower(), "lemmas": lemmas, "signals": dict(_signals(doc, tokens, text, numbers))}


def _signals(doc, tokens, text: str, numbers: frozenset[int]) -> Iterable[tuple[str, float]]:
    """``numbers``: the positions of the tokens that are numbers (``grammar.is_number``)."""
    if not tokens:
        yield "empty", 1.0
        return
    first = tokens[0]
    yield f"first={_word(first, numbers)}", 1.0
    root = next((token for token in doc if token.dep_ == "ROOT"), tokens[0])
    yield f"root={_word(root, numbers)}", 1.0
    yield f"root_pos={root.pos_}", 1.0
    verb = grammar.main_verb(doc)
    if verb is None:
        yield "no_verb", 1.0
    else:
        verb_lemma = grammar.lemma(verb)
        yield f"verb={verb_lemma}", 1.0
        # "Interview 9 customers" is our doing, "Win 9 customers" theirs: for an imperative, the
        # class of the verb decides what a count of people means, for verbs the corpus lacks too.
        # With a subject ("3 reviewers post ...", "the index can update ...") the verb is theirs.
        imperative = grammar.leading_verb(doc) is not None
        kind = _verb_class(verb_lemma) if imperative else f"subject_{_verb_class(verb_lemma)}"
        if imperative:
            yield "imperative", 1.0
        yield f"verb_class={kind}", 1.0
        for thing in grammar.objects(verb):
            thing_class = _noun_class(thing)
            yield f"verb_object={verb_lemma}>{_word(thing, numbers)}", 1.0
            yield f"object_class={thing_class}", 1.0
            yield f"verb_object_class={verb_lemma}>{thing_class}", 1.0
            yield f"verb_class_object={kind}>{thing_class}", 1.0
    for token in doc:
        if token.dep_ in ("nsubj", "nsubjpass"):
            yield f"subject={_word(token, numbers)}", 1.0
            yield f"subject_pos={token.pos_}", 1.0
        if token.dep_ in ("dobj", "attr", "pobj") and token.head == root:
            yield f"object={_word(token, numbers)}", 1.0
        if token.dep_ in ("auxpass", "nsubjpass"):
            yield "passive", 1.0
        if token.i in numbers and token.head is not token:
            yield f"counts_class={_noun_class(token.head)}", 1.0
        if token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and token.pos_ in ("NOUN", "PROPN"):
            yield f"{token.dep_}_class={_noun_class(token)}", 1.0
        if token.lemma_.lower() in RATE_WORDS:
            yield "rate_word", 1.0
        if token.lower_ in STATE_WORDS:
            yield "state_word", 1.0
        if token.lemma_.lower() in QUALITY_WORDS and token.dep_ in ("acomp", "oprd", "ccomp", "xcomp", "conj", "ROOT"):
            yield "quality_state", 1.0
    yield "numbers", float(min(sum(1 for token in tokens if token.i in numbers), 3))
    yield from _ability(tokens, numbers)
    if _PERCENT.search(text):
        yield "percent", 1.0
    if _MONEY.search(text):
        yield "money", 1.0
    if re.search(r"\bfrom\b.+\bto\b|→|->", text, re.IGNORECASE):
        yield "from_to", 1.0
    if _COMPARATOR.search(text):
        yield "comparator", 1.0
    yield "length", min(len(tokens), 30) / 30.0


def _word(token, numbers: frozenset[int]) -> str:
    """A token's lemma, or "<num>" for any number: "12 streams" and "3 streams" are the same shape."""
    return "<num>" if token.i in numbers else token.lemma_.lower()


def _ability(tokens, numbers: frozenset[int]) -> Iterable[tuple[str, float]]:
    """What the main clause says someone or something can do. "Admins can export audit logs" makes
    a thing possible (an output); "the index can serve 2M queries a day" states a level a system
    reaches, and "@li able to run the on-call rota" a skill a person gains (outcomes). Who can, and
    whether a level is named, tell these apart; "so that guests can skip the desk" is a purpose,
    not the commitment, and is not read."""
    for token in tokens:
        modal = token.tag_ == "MD" and token.lower_ in ("can", "could")
        if not (modal or token.lower_ == "able") or not grammar.in_main_clause(token):
            continue
        if any(t.dep_ == "advcl" for t in (token, *token.ancestors)):
            continue
        verb = token.head if modal or token.dep_ == "acomp" else token
        # the subject nearest before "can": a misparse may hang the work's own subject here too
        subject = next((child for child in reversed(list(verb.children))
                        if child.dep_ in ("nsubj", "nsubjpass") and child.i < token.i), None)
        if subject is not None and _opens_a_side_clause(subject):
            continue
        if subject is None:
            who = "self"  # "Be able to hold a meeting in Dutch": the writer's own skill
        else:
            who = "person" if subject.pos_ == "PRON" or _is_person(subject) else "thing"
        clause = list(verb.subtree)
        # a number inside a compound modifier ("a 14-day trial") names a kind, not a level
        measured = any(t.i in numbers and not grammar.joined_to_next(t) or t.lower_ in SPEED_WORDS
                       for t in clause) or _COMPARATOR.search(" ".join(t.text for t in clause))
        yield f"ability_{who}{'_measured' if measured else ''}", 1.0
        return


def _opens_a_side_clause(subject) -> bool:
    """Whether a subject comes right after "so", "once", "when"...: ", so the close can move to day
    5" is the purpose of the work, which spaCy often parses as the main clause after a comma."""
    start = subject.left_edge.i
    return start > 0 and subject.doc[start - 1].lower_ in _CLAUSE_OPENERS


def _is_person(token) -> bool:
    lemma = token.lemma_.lower()
    if {lemma, token.lower_} & (OTHERS | PEOPLE | TEAMS) or token.text.startswith("@"):
        return True
    # "AEs", "SDRs"; "Marketers", "Clinicians": roles, written as abbreviations or agent nouns
    return bool(re.fullmatch(r"[A-Z]{2,5}s", token.text)) or (
        token.tag_ in ("NNS", "NNPS") and lemma.endswith(("er", "or", "ist", "ian")))


def _verb_class(lemma: str) -> str:
    if lemma in grammar.UP_VERBS or lemma in grammar.DOWN_VERBS or lemma in grammar.QUANTITY_VERBS:
        return "change"
    if lemma in grammar.KEEP_VERBS:
        return "keep"
    if lemma in grammar.REACH_VERBS:
        return "reach"
    if lemma in grammar.IMPROVE_VERBS:
        return "improve"
    if lemma in TASK_VERBS:
        return "task"
    return "other_verb"


def _noun_class(token) -> str:
    """What a noun names, read through its compounds and through "number of": "bug count" and
    "number of bugs" count bugs (our own work), "customer base" names customers."""
    lemmas = [noun.lemma_.lower() for noun in _named_nouns(token)]
    for lemma in lemmas:
        if lemma in OTHERS:
            return "others"
        if lemma in OWN_WORK:
            return "own_work"
    if any(lemma in FELT_MEASURES for lemma in lemmas):
        return "measure"
    return "other_noun"


def _named_nouns(token) -> Iterable:
    yield token
    if token.lemma_.lower() in _COUNT_HEADS:
        for preposition in token.children:
            if preposition.dep_ == "prep" and preposition.lower_ == "of":
                yield from (noun for noun in preposition.children if noun.dep_ == "pobj")
    yield from (child for child in token.children if child.dep_ == "compound")


def pick_wording(batch: Sequence[dict]) -> list[str]:
    return [record["wording"] for record in batch]


def pick_lemmas(batch: Sequence[dict]) -> list[str]:
    return [record["lemmas"] for record in batch]


def pick_signals(batch: Sequence[dict]) -> list[dict]:
    return [record["signals"] for record in batch]
