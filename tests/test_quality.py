"""Extraction quality against hand-written gold: floors that may rise, never silently fall."""

import datetime as dt

import pytest
import yaml

from generator.tools.evaluate import GOLD_SETS, evaluate

from conftest import ROOT

FLOORS = yaml.safe_load((ROOT / "tests/gold/floors.yml").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 22)  # the date the floors were measured against
NEVER_WRONG = ("published", "published_bounds", "quantities", "topics")  # each a false statement


@pytest.fixture(scope="module")
def reports(knowledge):
    return {name: evaluate(ROOT / gold, ROOT / articles, knowledge, TODAY).as_dict()
            for name, gold, articles in GOLD_SETS}


@pytest.mark.parametrize(("gold_set", "field"), [(s, f) for s, fields in FLOORS.items() for f in fields])
def test_f1_is_not_below_its_floor(reports, gold_set: str, field: str) -> None:
    assert reports[gold_set][field]["f1"] >= FLOORS[gold_set][field] - 1e-9, (
        f"{gold_set}/{field}: F1 {reports[gold_set][field]['f1']} fell below {FLOORS[gold_set][field]}"
    )


@pytest.mark.parametrize(("gold_set", "field"), [(s, f) for s, _g, _a in GOLD_SETS for f in NEVER_WRONG])
def test_no_wrong_dates_or_figures(reports, gold_set: str, field: str) -> None:
    assert reports[gold_set][field]["wrong"] == 0


def test_every_gold_set_has_floors() -> None:
    assert {name for name, _g, _a in GOLD_SETS} == set(FLOORS)


def test_the_sets_are_big_enough_to_mean_something() -> None:
    sizes = {name: len(list((ROOT / gold).glob("*.yml"))) - (name == "seeds") for name, gold, _a in GOLD_SETS}
    assert sizes["dev"] >= 20 and sizes["locked"] >= 20, sizes
