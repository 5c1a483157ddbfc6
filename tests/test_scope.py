"""status and report narrowed to one kommun, lokalpolisområde, polisregion or span of years,
on the true records in data/."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, run_cli

AS_OF = ("--as-of", "2024-01-01")


def _ids(*options: str) -> list[str]:
    result = run_cli("status", "--data", DATA, "--format", "json", *AS_OF, *options)
    assert result.exit_code == 0, result.output
    return [record["id"] for record in json.loads(result.stdout)["records"]]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--kommun", "lidingo"), ["norrmalm-2022"]),
        (("--kommun", "stockholm", "--kind", "agreement"), ["stockholm"]),
        (("--kommun", "stockholm", "--kind", "promise"), ["norrmalm-2022"]),
        (("--kommun", "botkyrka"), ["alby", "fittja", "hallunda-norsborg"]),
        (("--lokalpolisomrade", "lpo-norrmalm", "--kind", "promise"), ["norrmalm-2022"]),
        (("--lokalpolisomrade", "lpo-rinkeby"), ["husby", "rinkeby-tensta"]),
        (("--region", "polisregion-stockholm", "--kind", "promise"), ["norrmalm-2022"]),
        (("--year", "2022", "--kind", "promise"), ["norrmalm-2022"]),
        (("--year", "2023", "--kind", "promise"), []),
        (("--year", "2021-2022", "--kind", "promise"), ["norrmalm-2022"]),
        (("--year", "2019", "--kind", "agreement"), ["stockholm"]),
        (("--year", "2018", "--kind", "agreement"), []),
    ],
)
def test_status_narrowed(options: tuple[str, ...], expected: list[str]) -> None:
    assert _ids(*options) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--kommun", "lidngo"), "--kommun: 'lidngo' finns inte; menade du 'lidingo'?"),
        (
            ("--kommun", "polisregion-stockholm"),
            "--kommun: 'polisregion-stockholm' är en polisregion, inte en kommun",
        ),
        (("--year", "2024-2020"), "--year '2024-2020' är inget år"),
        (("--year", "i år"), "--year 'i år' är inget år"),
    ],
)
@pytest.mark.parametrize("command", ["status", "report"])
def test_a_scope_that_names_nothing_cannot_run(
    command: str, options: tuple[str, ...], message: str
) -> None:
    result = run_cli(command, "--data", DATA, *AS_OF, *options)
    assert result.exit_code == 2
    assert message in result.stderr


def test_the_report_says_what_it_is_narrowed_to_and_holds_only_that() -> None:
    result = run_cli("report", "--data", DATA, *AS_OF, "--kommun", "botkyrka")
    assert result.exit_code == 0, result.output
    assert "Urval: Botkyrka kommun." in result.stdout
    assert "Alby" in result.stdout and "Husby" not in result.stdout
    assert "Medborgarlöfte 2022" not in result.stdout
    assert "Övergripande samverkansöverenskommelse" not in result.stdout
    whole = run_cli("report", "--data", DATA, *AS_OF)
    assert "Urval:" not in whole.stdout and "Husby" in whole.stdout
