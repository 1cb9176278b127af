"""QuoteFilters: the one record of a statement search's filters, checked when made."""

from __future__ import annotations

import math

import pytest

from saidwhat.errors import FilterError, InputError
from saidwhat.store.filters import KINDS, STANCES, QuoteFilters, is_iso_date


def test_given_lists_the_filters_set_in_field_order() -> None:
    f = QuoteFilters(kind="direct", q="talks", since="2024-05")
    assert f.given() == {"q": "talks", "since": "2024-05", "kind": "direct"}
    assert QuoteFilters().given() == {}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"stance": "hostile"}, "stance"),
        ({"kind": "shouted"}, "kind"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2024-02-30"}, "until"),
        ({"min_confidence": 1.5}, "min_confidence"),
        ({"min_confidence": -0.1}, "min_confidence"),
        ({"min_confidence": math.nan}, "min_confidence"),
        ({"min_confidence": True}, "min_confidence"),
    ],
)
def test_a_value_out_of_range_is_refused_with_its_field(changes: dict, field: str) -> None:
    with pytest.raises(FilterError, match=r"^\[E101\] ") as err:
        QuoteFilters(**changes)
    assert err.value.field == field and field in err.value.reason
    assert isinstance(err.value, InputError)


def test_every_listed_value_is_accepted() -> None:
    for kind in KINDS:
        assert QuoteFilters(kind=kind).kind == kind
    for stance in STANCES:
        assert QuoteFilters(stance=stance).stance == stance
    for conf in (0, 0.5, 1):
        assert QuoteFilters(min_confidence=conf).min_confidence == conf


def test_but_checks_the_changed_record_again() -> None:
    f = QuoteFilters(q="talks")
    assert f.but(kind="mixed") == QuoteFilters(q="talks", kind="mixed")
    with pytest.raises(FilterError):
        f.but(kind="whispered")


def test_or_min_confidence_keeps_a_given_floor() -> None:
    assert QuoteFilters().or_min_confidence(0.5).min_confidence == 0.5
    assert QuoteFilters(min_confidence=0).or_min_confidence(0.5).min_confidence == 0


def test_an_id_past_the_database_integers_matches_nothing() -> None:
    assert QuoteFilters(speaker=str(2**63)).matches_nothing
    assert QuoteFilters(about=2**64).matches_nothing
    assert not QuoteFilters(speaker="12", about="Taliban").matches_nothing


def test_iso_dates_are_checked_for_real() -> None:
    assert all(is_iso_date(d) for d in ("2024", "2024-02", "2024-02-29"))
    assert not any(is_iso_date(d) for d in ("2023-02-29", "2024-13", "24-01-01", "May", ""))
