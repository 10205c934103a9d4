"""measure: the metric, start, target, direction, deadline and verb of a Key Result."""

import importlib.util
import sys
from pathlib import Path

import pytest

from krlint import nlp
from krlint.measure import Direction, Value, measure, measure_all, measure_text
from krlint.model import KeyResult, Span

HERE = Span(1, 1, 1, 10)
ROOT = Path(__file__).resolve().parent.parent
REAL_OKRS = ROOT.parent / "shared" / "real-okrs"


def facts(text):
    m = measure_text(text)
    return m.has_metric, m.has_target, m.has_start


# (text, has_metric, has_target, has_start)
@pytest.mark.parametrize(
    "text, metric, target, start",
    [
        # start and target written together
        ("Increase weekly active users from 30,000 to 50,000", True, True, True),
        ("Grow NPS 30 → 50", True, True, True),
        ("Lift checkout conversion 2.1% -> 3%", True, True, True),
        ("Cut median build time from 30 hours to 12 hours", True, True, True),
        ("Grow paying teams 30 -> 50", True, True, True),
        # a target alone, in every form
        ("Reduce monthly churn by 15%", True, True, False),
        ("Raise uptime to 99.9%", True, True, False),
        ("Resolve priority tickets in under 2 hours", True, True, False),
        ("Get at least 400 beta sign-ups", True, True, False),
        ("Keep the error budget burn rate <= 2x", True, True, False),
        ("Marketing efficiency ratio >2.5", True, True, False),
        ("Improve trial conversion +10%", True, True, False),
        ("2x paid seats in the self-serve plan", True, True, False),
        ("Pipeline coverage at 2.4X target", True, True, False),
        ("Close $1.2M in new annual recurring revenue", True, True, False),
        ("Raise €200K in research grants", True, True, False),
        ("Bring in £12,500 in monthly recurring revenue", True, True, False),
        ("Reach 20,000 registered members", True, True, False),
        ("Average app store rating of 4/5", True, True, False),
        ("Team health score of 4+", True, True, False),
        ("85%+ of support chats answered by the assistant", True, True, False),
        ("Time to hire ≤40 days", True, True, False),
        ("Serve search results in 600ms at the 95th percentile", True, True, False),
        ("The mirror syncs at 25MiB/s", True, True, False),
        ("Hire five designers", True, True, False),
        ("Run two customer workshops", True, True, False),
        ("Answer every ticket within an hour", True, True, False),
        ("Recruit 20-40 volunteers for the usability panel", True, True, False),
        ("Double the win rate of inbound deals", True, True, False),
        ("Zero data-loss incidents in production", True, True, False),
        ("No customer waits more than two business days for a reply", True, True, False),
        ("Bookings ahead of plan when the half closes", True, True, False),
        ("Analysts answer a majority of report requests themselves", True, True, False),
        # a start stated beside the target
        ("300k monthly docs page views (current is 140k)", True, True, True),
        ("Self-serve share reaches 30%, up from 15%", True, True, True),
        ("Daily sign-ups above 2000. Starting point: 1420", True, True, True),
        ("Cut onboarding drop-off to 25% (baseline 38%)", True, True, True),
        ("Bring failed deploys to 1 in 50 (currently 3 in 50)", True, True, True),
        # a count of deliverables or of what others do is a metric with a target
        ("Publish 6 engineering blog posts", True, True, False),
        ("9 livestreams", True, True, False),
        ("Interview 4 churned customers", True, True, False),
        ("Land 6 cleanup patches", True, True, False),
        ("Write 12 partner case studies", True, True, False),
        ("Add 2 full time backend developers", True, True, False),
        ("Spell checker for one more language", True, True, False),
        # a metric without a target
        ("Improve checkout conversion rate", True, False, False),
        ("Reduce unplanned downtime", True, False, False),
        ("Maximize weekly retained users", True, False, False),
        ("Hold the line on checkout latency", True, False, False),
        ("Grow the number of active contributors", True, False, False),
        ("Forecast accuracy for regional renewals", True, False, False),
        ("Partner accounts have increased seat counts by EOQ", True, False, False),
        # placeholders: a target that is not filled in
        ("Reach N0 paying teams", True, False, False),
        ("Grow net new ARR to $N", True, False, False),
        ("Lift trial conversion to X%", True, False, False),
        ("Deliver X story points per sprint", True, False, False),
        ("Increase retention to TBD", True, False, False),
        ("Reach X weekly users", True, False, False),
        # tasks, deliverables and dates are not metrics
        ("Launch the reseller program by Q1", False, False, False),
        ("Ship the new onboarding flow", False, False, False),
        ("Support for sparse checkouts", False, False, False),
        ("Spec and draft an implementation of lazy loading", False, False, False),
        ("Write the incident runbook", False, False, False),
        ("Evaluate three vendors and pick one", True, True, False),
        ("Compare the vendors and adopt one", False, False, False),
        ("Hire a designer by [date]", False, False, False),
        ("Publish the security whitepaper in Q3 2017", False, False, False),
        ("Migrate billing to the new cluster in FY22", False, False, False),
        ("Sign off the data retention policy by 2021-06-30", False, False, False),
        ("Finish the accessibility audit by EOQ", False, False, False),
        ("Land the scroll rewrite by M90", False, False, False),
        ("Ship the new renderer in M95", False, False, False),
        ("Retire the legacy API by end 2025", False, False, False),
        ("Roll out SSO to every office by the end of Q4", False, False, False),
        ("Renew the vendor contract by end of March", False, False, False),
        ("Trial the new review process in the first two months", False, False, False),
        ("Review the roadmap every two weeks", False, False, False),
        ("Prepare the 2020 planning offsite", False, False, False),
        # versions, names with numbers, ordinals and compound adjectives are not values
        ("Ship v2 of the importer", False, False, False),
        ("Release the stable 1.0 version of the SDK", False, False, False),
        ("The sync protocol 2.0 is implemented", False, False, False),
        ("Support Windows 11 on the desktop client", False, False, False),
        ("Pass the ISO 27001 audit", False, False, False),
        ("Move Tier 1 customers to the new plan", False, False, False),
        ("Build a 1st class import flow", False, False, False),
        ("Host the second community call", False, False, False),
        ("Record a 3 minute product demo video", False, False, False),
        ("Launch a 2-way sync between the apps", False, False, False),
        ("Offer 24/7 phone support", False, False, False),
        ("P0 - Migrate the billing service", False, False, False),
        ("Fix the scroll jank (crbug.com/555111)", False, False, False),
        ("Describe every episode of the Orbit (4) podcast", False, False, False),
        # a number that only narrows what is counted is no target
        ("Fix 6 bugs with more than 10 upvotes", True, True, False),
        ("Email customers with a health score of 40 or less", False, False, False),
        # status notes do not count: their numbers are results, not targets
        ("Publish the pricing page => Achieved. 40 demos booked.", False, False, False),
        ("Grow trial signups 20% => 24%. Up from 12% last quarter.", True, True, False),
    ],
)
def test_measurability(text, metric, target, start):
    assert facts(text) == (metric, target, start)


@pytest.mark.parametrize(
    "text, number, unit",
    [
        ("Close $1.2M in new annual recurring revenue", 1_200_000, "$"),
        ("Raise €200K in research grants", 200_000, "€"),
        ("Bring in £12,500 in monthly recurring revenue", 12_500, "£"),
        ("Reach 20,000 registered members", 20_000, None),
        ("Raise uptime to 99.9%", 99.9, "%"),
        ("Resolve priority tickets in under 2 hours", 2, "h"),
        ("Serve search results in 600ms at the 95th percentile", 600, "ms"),
        ("The mirror syncs at 25MiB/s", 25, "MiB/s"),
        ("Keep the error budget burn rate <= 2x", 2, "x"),
        ("Pipeline coverage at 2.4X target", 2.4, "x"),
        ("Average app store rating of 4/5", 4, "/5"),
        ("Time to hire ≤40 days", 40, "d"),
        ("Hire five designers", 5, None),
        ("Answer every ticket within an hour", 1, "h"),
        ("Support repositories in the 10s of millions", 10_000_000, None),
        ("Double the win rate of inbound deals", 2, "x"),
        ("Zero data-loss incidents in production", 0, None),
    ],
)
def test_target_value(text, number, unit):
    target = measure_text(text).target
    assert target is not None and not target.placeholder
    assert target.number == pytest.approx(number)
    assert target.unit == unit


@pytest.mark.parametrize(
    "text, start, target",
    [
        ("Increase weekly active users from 30,000 to 50,000", 30_000, 50_000),
        ("Cut median build time from 30 hours to 12 hours", 30, 12),
        ("Improve first reply time from 15 to five minutes", 15, 5),
        ("Lift checkout conversion 2.1% -> 3%", 2.1, 3),
        ("300k monthly docs page views (current is 140k)", 140_000, 300_000),
        ("Cut onboarding drop-off to 25% (baseline 38%)", 38, 25),
        ("Bring failed deploys to 1 in 50 (currently 3 in 50)", 3, 1),
        ("Lower open security issues by half (currently 120 open, 7 critical)", 120, 50),
    ],
)
def test_start_and_target_values(text, start, target):
    m = measure_text(text)
    assert m.start is not None and m.start.number == pytest.approx(start)
    assert m.target is not None and m.target.number == pytest.approx(target)


@pytest.mark.parametrize(
    "text, placeholder",
    [
        ("Reach N0 paying teams", "N0"),
        ("Grow net new ARR to $N", "$N"),
        ("Lift trial conversion to X%", "X%"),
        ("Increase retention to TBD", "TBD"),
        ("Deliver X story points per sprint", "X"),
    ],
)
def test_placeholder_is_a_target_not_filled_in(text, placeholder):
    m = measure_text(text)
    assert m.target == Value(placeholder, None, m.target.unit, True)
    assert not m.has_target


@pytest.mark.parametrize(
    "text, deadline",
    [
        ("Launch the reseller program by Q1", "by Q1"),
        ("Publish the security whitepaper in Q3 2017", "in Q3 2017"),
        ("Migrate billing to the new cluster in FY22", "in FY22"),
        ("Sign off the data retention policy by 2021-06-30", "by 2021-06-30"),
        ("Finish the accessibility audit by EOQ", "by EOQ"),
        ("Land the scroll rewrite by M90", "by M90"),
        ("Ship the new renderer in M95", "in M95"),
        ("Retire the legacy API by end 2025", "by end 2025"),
        ("Roll out SSO to every office by the end of Q4", "by the end of Q4"),
        ("Renew the vendor contract by end of March", "by end of March"),
        ("Hire a designer by [date]", "by [date]"),
        ("Grow revenue 40% YoY (Q2 2018 to Q2 2019)", "Q2 2018"),
        ("Reduce churn to 3%", None),
    ],
)
def test_deadline(text, deadline):
    assert measure_text(text).deadline == deadline


def test_dates_are_neither_start_nor_target():
    m = measure_text("Grow revenue 40% YoY (Q2 2018 to Q2 2019)")
    assert m.target.text == "40%" and m.start is None


@pytest.mark.parametrize(
    "text, direction",
    [
        ("Increase weekly active users from 30,000 to 50,000", Direction.INCREASE),
        ("Reduce monthly churn by 15%", Direction.DECREASE),
        ("Halve the support backlog", Direction.DECREASE),
        ("Double the win rate of inbound deals", Direction.INCREASE),
        ("Keep p95 API latency under 300ms", Direction.KEEP),
        ("Maintain CSAT above 90%", Direction.KEEP),
        ("Hold the line on checkout latency", Direction.KEEP),
        ("Achieve 99.95% availability", Direction.REACH),
        ("Reach 1,000 paying customers", Direction.REACH),
        ("Get at least 400 beta sign-ups", Direction.REACH),
        ("Improve first reply time from 15 to five minutes", Direction.DECREASE),
        ("Improve checkout conversion rate", Direction.INCREASE),
        ("Improve median page load time", Direction.DECREASE),
        ("Support tickets resolved in under 2 hours", Direction.DECREASE),
        ("Marketing efficiency ratio above 2.5", Direction.INCREASE),
        ("Hiring time -25%", Direction.DECREASE),
        ("Signups +10% quarter over quarter", Direction.INCREASE),
        ("Weekly active teams from 400 to 520", Direction.INCREASE),
        ("Ship the new onboarding flow", None),
    ],
)
def test_direction(text, direction):
    assert measure_text(text).direction == direction


@pytest.mark.parametrize(
    "text, lemma, written",
    [
        ("Ship predicted touch input API", "ship", "Ship"),
        ("Launch the referral program by Q2", "launch", "Launch"),
        ("Hire 2 site reliability engineers", "hire", "Hire"),
        ("Land 6 cleanup patches", "land", "Land"),
        ("Publish 4 case studies", "publish", "Publish"),
        ("Source 40 candidates from meetups", "source", "Source"),
        ("Spec and ship the clipboard API", "spec", "Spec"),
        ("CMO: Double the referral rate", "double", "Double"),
        ("P1 @dev - Migrate the staging cluster", "migrate", "Migrate"),
        ("Churn stays below 2%", "stay", "stays"),
        ("hiring 2 support engineers", "hire", "hiring"),
        ("Customer NPS of 50", None, None),
        ("Weekly active teams above 400", None, None),
        ("Brave users can share files", "share", "share"),
    ],
)
def test_verb(text, lemma, written):
    m = measure_text(text)
    assert (m.verb, m.verb_text) == (lemma, written)


@pytest.mark.parametrize(
    "text, words",
    [
        ("Publish 6 engineering blog posts", "engineering blog posts"),
        ("Reduce monthly churn by 15%", "monthly churn"),
        ("Achieve 85% branch coverage", "branch coverage"),
        ("40% of qualified demand from partners", "qualified demand"),
        ("Increase the number of active maintainers by 5%", "number of active maintainers"),
        ("Improve search indexing performance", "search indexing performance"),
        ("Reach N0 paying teams", "paying teams"),
        ("Average time to first reply is under 4 hours", "Average time to first reply"),
    ],
)
def test_metric_words(text, words):
    assert measure_text(text).metric == words


def test_structured_fields_count_as_stated_values():
    kr = KeyResult("Grow active teams", HERE, start="120", target="200", unit="teams")
    m = measure(kr)
    assert (m.has_metric, m.has_target, m.has_start) == (True, True, True)
    assert m.start.number == 120 and m.target.number == 200 and m.target.unit == "teams"
    assert m.direction == Direction.INCREASE


def test_a_structured_placeholder_target_is_not_a_target():
    m = measure(KeyResult("Grow active teams", HERE, target="TBD"))
    assert m.target is not None and m.target.placeholder and not m.has_target


def test_wording_is_what_was_analysed():
    m = measure_text("CMO: Grow qualified pipeline to $3M => Achieved")
    assert m.wording == "Grow qualified pipeline to $3M"
    assert m.target.number == 3_000_000


def test_objective_score_is_not_a_value():
    m = measure_text("Public beta of the puzzle editor (8/10)")
    assert m.target is None and m.start is None


def test_measure_all_is_the_batched_measure():
    texts = ["Publish 6 engineering blog posts", "Launch the reseller program by Q1", "Publish 6 engineering blog posts",
             "Reduce churn from 5% to 3%"]
    batched = measure_all([KeyResult(text, HERE) for text in texts])
    assert batched == [measure_text(text) for text in texts]
    assert measure_all([]) == []


def test_empty_text():
    m = measure_text("")
    assert (m.wording, m.metric, m.target, m.verb) == ("", None, None, None)


def test_measure_all_parses_in_one_batch(monkeypatch):
    """A pre-commit hook measures thousands of texts: one nlp.pipe call, never one call per text."""
    real = nlp.load()
    calls = []

    class Counting:
        def pipe(self, texts, **options):
            texts = list(texts)
            calls.append(len(texts))
            return real.pipe(texts, **options)

        def __call__(self, text):
            raise AssertionError("a pipeline call per text")

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(nlp, "load", lambda: Counting())
    texts = [f"Publish {n} blog posts" for n in range(40)] + ["Ship the importer"] * 10
    measured = measure_all([KeyResult(text, HERE) for text in texts])
    assert calls == [41]  # the ten identical texts are parsed once
    assert [m.target.number for m in measured[:3]] == [0, 1, 2]


def _agreement():
    spec = importlib.util.spec_from_file_location("rule_agreement", ROOT / "scripts" / "rule_agreement.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("rule_agreement", module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    items = module.load(REAL_OKRS)
    for item, measured in zip(items, measure_all([KeyResult(i.text, HERE) for i in items])):
        item.measured = measured
    return {score.code: score for score in module.score(items)}


@pytest.mark.skipif(not (REAL_OKRS / "labels.jsonl").exists(), reason="needs ../shared/real-okrs")
def test_rules_agree_with_annotators_on_real_key_results():
    scores = _agreement()
    # KR102 is scored with placeholders counted as targets, as the annotators did (see the script).
    for code in ("KR101", "KR102*", "KR103"):
        assert scores[code].precision >= 0.95, code
        assert scores[code].recall >= (0.80 if code == "KR102*" else 0.90), code


def test_a_text_that_may_state_no_value_is_read_with_none():
    """Objectives skip the parse when ``may_state_value`` is False: that is safe only if reading
    such a text never finds a start or a target. Checked on every text we have."""
    import json

    from krlint.decorations import wording
    from krlint.measure import may_state_value

    corpus = ROOT / "corpus" / "key_results.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted(REAL_OKRS.glob("*.jsonl")) if REAL_OKRS.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            texts += [record[key] for key in ("objective", "kr") if isinstance(record.get(key), str)]
    texts += ["Double our reach", "Halving the backlog", "No missed payrolls", "Stay ahead of plan"]
    skipped = [text for text in dict.fromkeys(texts) if not may_state_value(wording(text))]
    assert skipped, "the pre-check must let some texts through unparsed"
    for text, measured in zip(skipped, measure_all([KeyResult(text, HERE) for text in skipped])):
        assert measured.start is None and measured.target is None, text
    assert all(may_state_value(t) for t in ("Double our reach", "Halving the backlog", "No missed payrolls",
                                            "Stay ahead of plan"))
