"""Partial dates keep their precision, compare sensibly and read in Swedish."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan_cli.records.dates import PartialDate, format_date


@pytest.mark.parametrize(
    ("value", "swedish", "precision"),
    [
        (2019, "2019", "year"),
        ("2019", "2019", "year"),
        ("2019-11", "november 2019", "month"),
        ("2019-06-03", "3 juni 2019", "day"),
        (datetime.date(2023, 10, 26), "26 oktober 2023", "day"),
        ("2024-02-29", "29 februari 2024", "day"),
    ],
)
def test_parse_and_swedish(value: object, swedish: str, precision: str) -> None:
    date = PartialDate.parse(value)
    assert date.swedish() == swedish
    assert date.precision == precision
    assert format_date(date) == swedish


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-30", "februari 2023 har 28 dagar, inte 30"),
        ("2023-13", "månad 13 finns inte"),
        ("2019-11-12x", "ÅÅÅÅ-MM-DD"),
        (True, "ÅÅÅÅ"),
        ("november 2019", "ÅÅÅÅ"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(value)


def test_bounds_of_each_precision() -> None:
    assert PartialDate(2024).end() == datetime.date(2024, 12, 31)
    assert PartialDate(2024, 2).end() == datetime.date(2024, 2, 29)
    assert PartialDate(2023, 2).end() == datetime.date(2023, 2, 28)
    assert PartialDate(2019, 11).start() == datetime.date(2019, 11, 1)
    assert PartialDate(2022, 3, 4).within(PartialDate(2022))
    assert not PartialDate(2021, 12).within(PartialDate(2022))
    assert PartialDate(2022).contains(datetime.date(2022, 7, 1))


def test_ordering_puts_less_precise_first_on_the_same_start() -> None:
    dates = [PartialDate.parse(text) for text in ("2019-11-12", "2019-11", "2019", "2018-12-31")]
    assert [date.iso() for date in sorted(dates)] == ["2018-12-31", "2019", "2019-11", "2019-11-12"]


partial_dates = st.dates(min_value=datetime.date(1000, 1, 1)).flatmap(
    lambda day: st.sampled_from(
        [PartialDate(day.year), PartialDate(day.year, day.month), PartialDate.parse(day)]
    )
)


@given(partial_dates)
def test_iso_round_trips(date: PartialDate) -> None:
    assert PartialDate.parse(date.iso()) == date
    assert date.start() <= date.end()


@given(partial_dates, partial_dates)
def test_order_follows_the_first_day(first: PartialDate, second: PartialDate) -> None:
    if first.start() < second.start():
        assert first < second


@pytest.mark.parametrize("repeat", range(2))  # the second time, from the dates already seen
def test_a_model_takes_a_day_it_has_seen_and_refuses_a_year_out_of_range(repeat: int) -> None:
    from pydantic import BaseModel, ValidationError

    class Dated(BaseModel):
        date: PartialDate

    assert Dated(date=datetime.date(2021, 3, 4)).date == PartialDate(2021, 3, 4)
    assert Dated(date=datetime.datetime(2021, 3, 4, 5, 6)).date == PartialDate(2021, 3, 4)
    with pytest.raises(ValidationError, match="året 999"):
        Dated(date=datetime.date(999, 1, 1))
