"""Swedish conventions: sort order, numbers, plurals."""

from __future__ import annotations

from samverkan_cli.support.swedish import format_number, plural, sort_key


def test_a_ring_a_umlaut_o_umlaut_sort_after_z() -> None:
    names = ["Östberga", "Alby", "Årsta", "Zinkensdamm", "Älvsjö", "Fittja"]
    assert sorted(names, key=sort_key) == [
        "Alby",
        "Fittja",
        "Zinkensdamm",
        "Årsta",
        "Älvsjö",
        "Östberga",
    ]


def test_case_does_not_change_order() -> None:
    assert sorted(["b", "A", "a", "B"], key=sort_key)[:2] in (["A", "a"], ["a", "A"])


def test_numbers_use_space_and_decimal_comma() -> None:
    assert format_number(1234.5) == "1\u00a0234,5"
    assert format_number(380) == "380"
    assert format_number(-0.5, 2) == "−0,50"


def test_plural() -> None:
    assert plural(1, "fil", "filer") == "1 fil"
    assert plural(12, "fil", "filer") == "12 filer"
