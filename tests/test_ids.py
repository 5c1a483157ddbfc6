"""The id a Swedish name gives is always a valid id, and the names staff write map as they
would expect."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan_cli.records.ids import id_from_name, is_id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lidingö", "lidingo"),
        ("Kriminella nätverk", "kriminella-natverk"),
        ("Södermalm 2023", "sodermalm-2023"),
        ("Rinkeby/Tensta", "rinkeby-tensta"),
        ("  Ängelholm — Öst ", "angelholm-ost"),
        ("Malmö stad", "malmo-stad"),
    ],
)
def test_a_swedish_name_gives_the_id_staff_expect(name: str, expected: str) -> None:
    assert id_from_name(name) == expected


@given(st.text())
def test_the_id_of_any_name_is_an_id_or_empty(name: str) -> None:
    found = id_from_name(name)
    assert found == "" or is_id(found)
    assert id_from_name(found) == found
