"""What the classifier's spaCy signals say about a Key Result: who acts, what is counted, and
whether an ability is a feature, a skill or a level of performance."""

import pytest

from krlint.classifier.features import records


def _signals(text: str) -> dict:
    return records([text])[0]["signals"]


def _abilities(text: str) -> set:
    return {name for name in _signals(text) if name.startswith("ability_")}


@pytest.mark.parametrize("text, expected", [
    ("Agents can issue refunds from the ticket view", {"ability_person"}),
    ("The sync engine is able to resume interrupted uploads", {"ability_thing"}),
    ("The index can serve 2 million queries a day", {"ability_thing_measured"}),
    ("The importer can quickly load a full year of invoices", {"ability_thing_measured"}),
    ("Be able to order dinner in Portuguese", {"ability_self"}),
    # a purpose clause is the reason for the work, not the commitment
    ("Add self check-in kiosks so that guests can skip the front desk", set()),
    ("Automate the reconciliations, so the monthly close can move from day 9 to day 5", set()),
    # teams and roles are people, however they are written
    ("Finance can pull board metrics without asking data engineering", {"ability_person"}),
    ("AEs can spin up a 14-day sandbox from the opportunity page", {"ability_person"}),
    ("Clinicians can place lab orders from the mobile chart", {"ability_person"}),
])
def test_an_ability_is_read_from_the_main_clause_with_who_can_and_whether_a_level_is_named(text, expected):
    assert _abilities(text) == expected


def test_a_count_is_read_through_its_compound_and_through_number_of():
    assert "dobj_class=own_work" in _signals("Reduce the bug count by 30%")
    assert "dobj_class=own_work" in _signals("Double the number of webinars we host")
    assert "dobj_class=others" in _signals("Double the number of paying customers")
    assert "dobj_class=others" in _signals("Raise the proportion of paying customers")


def test_a_quality_people_feel_stated_as_a_state_is_marked():
    assert "quality_state" in _signals("Checkout is fast and reliable on older phones")
    assert "quality_state" not in _signals("Ship the fast checkout to every market")


@pytest.mark.parametrize("text", [
    "go-ipld-prime is fast and easy to use",
    "Sign-up rate up to 20%",
    "Check-in rate above 80% at every hotel",
])
def test_a_word_hyphenated_to_the_next_is_part_of_a_name_not_an_imperative(text):
    assert "imperative" not in _signals(text)


def test_a_number_with_its_unit_glued_on_is_still_a_number():
    assert _signals("The mirror syncs at 10MiB/s")["numbers"] == 1.0
    assert _signals("p95 latency under 300ms")["numbers"] == 1.0  # "p95" names the measure
    assert _signals("Enable 2FA for every admin")["numbers"] == 0.0


def test_a_change_to_a_level_people_feel_is_told_from_work_on_a_part():
    assert "verb_object_class=improve>measure" in _signals("Improve wheel scrolling performance")
    assert "verb_object_class=improve>other_noun" in _signals("Improve the settings page")
    assert "object_class=others" in _signals("Improve customer retention")  # whose level it is, first


def test_which_number_is_written_does_not_change_the_signals():
    # "first=12" and "first=3" were separate features, so a count's value decided more than its shape
    assert _signals("12 webinars with guests") == _signals("3 webinars with guests")
    assert "first=<num>" in _signals("12 webinars with guests")
