"""The invented tree examples/sverige through the CLI: every shape of issue 15 validates, and
status and reports say the right thing before, during and after each dated change.

Each test reads the real tree; a test that changes it works on a copy in tmp_path.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run_cli
from helpers import committed_repository, git

SVERIGE = REPO / "examples" / "sverige"
MARK = "# PÅHITTADE EXEMPELDATA:"


def status(as_of: str, *ids: str, data: Path | str = SVERIGE, rev: str | None = None) -> Any:
    """The JSON status of the records `ids` on `as_of`."""
    extra = ["--rev", rev] if rev else []
    result = run_cli("status", *ids, "--data", data, "--as-of", as_of, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def target(as_of: str, record: str, target_id: str) -> dict[str, Any]:
    """One target's status in one record on `as_of`."""
    (found,) = status(as_of, record)["records"]
    for group in found["groups"]:
        for item in group["targets"]:
            if item["id"] == target_id:
                return dict(item)
    raise AssertionError(f"no target {target_id} in {record}")


def report(*args: str) -> str:
    result = run_cli("report", *args, "--data", SVERIGE)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the tree, to change in a test."""
    root = tmp_path / "sverige"
    shutil.copytree(SVERIGE, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Every shape validates.


def test_every_file_says_it_is_invented() -> None:
    files = sorted(SVERIGE.rglob("*.yaml"))
    assert len(files) > 30
    for path in files:
        assert path.read_text(encoding="utf-8").startswith(MARK), path
    assert "påhittat" in (REPO / "examples" / "README.md").read_text(encoding="utf-8")


def test_the_tree_validates_with_only_the_intended_warnings() -> None:
    result = run_cli("validate", "--data", SVERIGE, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    diagnostics = document["diagnostics"]
    assert {d["severity"] for d in diagnostics} == {"warning"}
    assert {(Path(d["path"]).name, d["code"]) for d in diagnostics} == {
        ("2025.yaml", "count-mismatch")
    }


@pytest.mark.parametrize(
    "relative",
    [
        "organisations/lpo-norrdal.yaml",  # a lokalpolisområde over three kommuner
        "organisations/region-norrland.yaml",  # a county region
        "organisations/sodervik-socialforvaltningen.yaml",  # a förvaltning
        "organisations/bergsalahem.yaml",  # a kommunalt bolag
        "promises/nordby/nordby-2024.yaml",
        "promises/nordby/nordby-2025.yaml",  # extends
        "promises/sodervik/sodervik-2024.yaml",  # joint, a dialogue the year before
        "promises/vastra-aby/vastra-aby-2024.yaml",  # a förvaltning with the police
        "promises/bergsala/bergsala-2024-2025.yaml",  # a kommun alone, two years
        "agreements/norrdal-trepart/agreement.yaml",  # three parties, fixed term
        "agreements/norrdal-trepart/revisions/2023.yaml",
        "agreements/lansavtal/agreement.yaml",  # a region as party, follows
        "agreements/norrland-avsikt/agreement.yaml",  # a letter of intent
        "agreements/bergsala/revisions/2024.yaml",  # remiss, then adopted
        "agreements/bergsala/remisses/ks-2024-31.yaml",
        "areas/kvarnbacken.yaml",  # removed
        "areas/ostra-hamnen-norra.yaml",  # split from
        "areas/lillmalm.yaml",  # no lokalpolisområde
        "assessments/2025.yaml",  # published totals
    ],
)
def test_each_shape_is_a_valid_record(relative: str) -> None:
    result = run_cli("validate", "--data", SVERIGE, "--format", "json")
    problems = [
        d
        for d in json.loads(result.output)["diagnostics"]
        if Path(d["path"]).as_posix().endswith(relative) and d["severity"] == "error"
    ]
    assert (SVERIGE / relative).is_file()
    assert problems == []


def test_a_misspelt_organisation_gets_did_you_mean(copy: Path) -> None:
    edit(
        copy / "promises/sodervik/sodervik-2024.yaml",
        "responsible: sodervik",
        "responsible: sodervk",
    )
    result = run_cli("validate", "--data", copy)
    assert result.exit_code == 1
    assert "organisation 'sodervk' finns inte; menade du 'sodervik'?" in result.output


# Agreements: remiss and adoption (bergsala).


def test_bergsala_before_the_remiss_has_the_earlier_revision_and_no_proposal() -> None:
    text = report("agreement", "bergsala", "--as-of", "2024-02-01")
    assert "- Gällande revision: 2020 (KS 2020/57)" in text
    assert "Förslag" not in text
    assert "KS 2024/31" not in text  # the remiss is not sent yet
    due = target("2024-02-01", "bergsala", "revidering")
    assert due["status"] == "i fas"
    assert due["details"]["last_revision"] == "2020"


def test_bergsala_during_the_remiss_shows_revision_2024_on_remiss() -> None:
    text = report("agreement", "bergsala", "--as-of", "2024-04-01")
    assert "- Gällande revision: 2020 (KS 2020/57)" in text
    assert "## Förslag: revision 2024 (på remiss)" in text
    # The answer comes in May: not yet on 1 April.
    assert "| KS 2024/31 | Bergsala Stadshus AB | – | Bergsalahem: inte besvarad ännu |" in text
    late = target("2024-06-30", "bergsala", "revidering")
    assert late["status"] == "efter plan"
    assert late["sentence"].endswith("Försenad: revision 2024 är på remiss.")


def test_bergsala_after_adoption_has_revision_2024_in_force() -> None:
    text = report("agreement", "bergsala", "--as-of", "2024-10-01")
    assert "- Gällande revision: 2024 (KS 2024/31)" in text
    assert "- Gäller från september 2024" in text
    assert "Förslag" not in text
    assert "| KS 2024/31 | Bergsala Stadshus AB | 10 maj 2024 | Bergsalahem: synpunkter |" in text
    due = target("2024-10-01", "bergsala", "revidering")
    assert due["details"]["last_revision"] == "2024"
    assert "nästa revidering senast september 2028" in due["sentence"]


# Agreements: a fixed term (norrdal-trepart), a gap and a region (lansavtal).


def test_norrdal_trepart_before_its_term_has_no_agreement_in_force() -> None:
    text = report("agreement", "norrdal-trepart", "--as-of", "2023-12-01")
    assert "Ingen gällande överenskommelse" in text
    assert "- Parter: Nordby kommun, Söderviks kommun och Lokalpolisområde Norrdal" in text
    assert target("2023-12-01", "norrdal-trepart", "fornyelse")["status"] == "ingen data"


def test_norrdal_trepart_during_its_term() -> None:
    text = report("agreement", "norrdal-trepart", "--as-of", "2024-06-30")
    assert "Gäller 15 december 2023–31 december 2026" in text
    assert "Ingen gällande överenskommelse" not in text
    due = target("2024-06-30", "norrdal-trepart", "fornyelse")
    assert due["status"] == "i fas"
    assert "nästa förnyelse (den gäller till dess) senast 31 december 2026" in due["sentence"]
    # The higher-is-better goal, measured in follow-ups as they are published.
    assert target("2024-06-30", "norrdal-trepart", "trygga-i-centrum")["status"] == "ingen data"
    measured = target("2026-01-15", "norrdal-trepart", "trygga-i-centrum")
    assert measured["status"] == "efter plan"
    assert measured["details"]["latest"] == {"date": "2025", "value": 66.0}


def test_norrdal_trepart_after_its_term_has_expired() -> None:
    due = target("2027-01-15", "norrdal-trepart", "fornyelse")
    assert due["status"] == "ej uppnått"
    assert due["sentence"] == (
        "Överenskommelsen löpte ut 31 december 2026 (revision 2023); ingen ny är antagen."
    )
    text = report("agreement", "norrdal-trepart", "--as-of", "2027-01-15")
    assert "Ingen gällande överenskommelse" in text


def test_lansavtal_has_a_region_as_party_and_a_gap_after_the_letter_of_intent() -> None:
    gap = report("agreement", "lansavtal", "--as-of", "2022-10-01")
    assert "- Parter: Region Norrland och Polisregion Norr" in gap
    assert "- Följer på: Avsiktsförklaring om samverkan" in gap
    assert "Ingen gällande överenskommelse" in gap
    letter = report("agreement", "norrland-avsikt", "--as-of", "2022-10-01")
    assert "- Typ: avsiktsförklaring" in letter
    assert "Ingen gällande överenskommelse" in letter  # ended June 2022
    assert "- Gällande revision: 2023" in report("agreement", "lansavtal", "--as-of", "2023-06-01")


def test_status_table_says_in_words_when_there_is_no_measurable_goal() -> None:
    result = run_cli("status", "norrland-avsikt", "sodervik-2024", "--data", SVERIGE)
    assert "Inga mätbara mål" in result.output
    assert "; framdrift" not in result.output.split("sodervik-2024")[0]
    assert "Inget mätbart mål." in result.output  # sodervik's samordning


# Areas: a removal, a split and an incomplete list.


def area_sentences(as_of: str) -> dict[str, str]:
    return {
        record["id"]: record["sentence"] for record in status(as_of, "--kind", "area")["records"]
    }


def test_the_split_in_2025() -> None:
    before = report("areas", "--as-of", "2024-06-30")
    assert (
        "| Östra hamnen | Söderviks kommun | Lokalpolisområde Norrdal | särskilt utsatt område |"
        in before
    )
    assert "Östra hamnen norra" not in before
    after = report("areas", "--as-of", "2026-01-15")
    assert "Delat i lägesbilden december 2025 i Östra hamnen norra och Östra hamnen södra." in after
    assert (
        "| Östra hamnen norra | Söderviks kommun | Lokalpolisområde Norrdal | utsatt område |"
        in after
    )
    # The split area counts once: as its two parts, not as three.
    assert "| december 2025 | 3 | 0 | 0 |" in after


def test_kvarnbacken_leaves_the_list_in_2023_and_stays_off_it() -> None:
    assert area_sentences("2022-06-30")["kvarnbacken"] == (
        "Utsatt område enligt lägesbilden december 2021."
    )
    removed = "Borttaget ur listan i lägesbilden december 2023."
    assert area_sentences("2024-06-30")["kvarnbacken"] == removed
    # No later list has it back: still removed, not "not recorded".
    assert area_sentences("2026-01-15")["kvarnbacken"] == removed
    assert "| Kvarnbacken | utsatt område | borttaget ur listan | – |" in report(
        "areas", "--as-of", "2026-01-15"
    )


def test_the_incomplete_2025_list_is_not_reached() -> None:
    before = target("2024-06-30", "norrdal-trepart", "sarskilt-utsatta-omraden")
    assert before["status"] == "efter plan"
    assert before["details"]["areas"] == ["Östra hamnen"]
    after = target("2026-01-15", "norrdal-trepart", "sarskilt-utsatta-omraden")
    assert after["status"] == "ingen data"
    assert after["sentence"].startswith("Ofullständig lägesbild: 0 av 1 område")
    assert (after["details"]["recorded"], after["details"]["published"]) == (0, 1)
    assert target("2026-01-15", "bergsala", "sarskilt-utsatta-omraden")["status"] == "ingen data"


# Promises: extends, a joint promise, the dialogue before the year.


def test_nordby_2025_has_nordby_2024s_commitments_and_its_own_activities() -> None:
    document = status("2025-06-30", "nordby-2024", "nordby-2025")
    records = {record["id"]: record for record in document["records"]}
    own, extended = records["nordby-2024"], records["nordby-2025"]
    assert [g["id"] for g in extended["groups"]] == [g["id"] for g in own["groups"]]
    walks = extended["groups"][0]["targets"][0]
    assert walks["details"]["period"] == ["2025-01-01", "2025-12-31"]
    assert walks["details"]["count"] == 2  # its own log, not 2024's six
    assert own["groups"][0]["targets"][0]["details"]["count"] == 6
    text = report("promise", "nordby-2025", "--as-of", "2025-06-30")
    assert "- Förlänger: Medborgarlöfte 2024 för Nordby kommun" in text
    assert "Tryggt busstorg (ansvarig: Lokalpolisområde Norrdal)" in text


def test_sodervik_2024_is_joint_with_a_dialogue_the_autumn_before() -> None:
    text = report("promise", "sodervik-2024", "--as-of", "2024-12-31")
    assert "- Parter: Lokalpolisområde Norrdal och Söderviks kommun" in text
    assert (
        "- Medborgardialog oktober 2023: Trygghetsenkät och medborgardialog i Södervik,"
        " cirka 900 deltagare (Söderviks kommun)"
    ) in text
    assert "Unga och narkotika (ansvarig: Söderviks kommun)" in text
    assert "Trygg hamn (ansvarig: Lokalpolisområde Norrdal)" in text
    assert "| Socialförvaltningen i Söderviks kommun | 1 |" in text
    assert "| Lokalpolisområde Norrdal | 4 |" in text
    assert "inget mätbart mål" in text


def test_sodervik_activities_outside_the_year_are_refused(copy: Path) -> None:
    path = copy / "promises/sodervik/sodervik-2024.yaml"
    with path.open("a", encoding="utf-8") as file:
        file.write(
            "  - {date: 2023-10-12, target: foraldramoten, description: Möte före året.,"
            " by: sodervik}\n"
        )
    result = run_cli("validate", "--data", copy)
    assert result.exit_code == 1
    assert "error[date-outside-year]" in result.output
    assert "utanför löftets period 2024" in result.output
    assert result.output.count("error[") == 1  # the dialogue of October 2023 is accepted


# History is not rewritten: adopting a revision leaves earlier dates as they were.


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """A repository with the tree as data/, bergsala's 2024 revision only on remiss."""

    def on_remiss(data: Path) -> None:
        edit(data / "agreements/bergsala/revisions/2024.yaml", "adopted: 2024-09\n", "")

    with committed_repository(
        tmp_path / "repo", SVERIGE, "Revision 2024 på remiss", on_remiss
    ) as root:
        yield root


def test_diff_of_an_adoption_does_not_change_an_earlier_date(repo: Path) -> None:
    revision = repo / "data/agreements/bergsala/revisions/2024.yaml"
    edit(revision, "remiss: 2024-03\n", "remiss: 2024-03\nadopted: 2024-09\n")
    git(repo, "commit", "-q", "-am", "Revision 2024 antagen")
    on_remiss = status("2024-04-01", data="data", rev="HEAD~1")
    adopted = status("2024-04-01", data="data", rev="HEAD")
    assert on_remiss["records"] and on_remiss == adopted
    early = run_cli("diff", "HEAD~1", "HEAD", "--as-of", "2024-04-01", "--format", "json")
    assert early.exit_code == 0, early.output
    assert json.loads(early.output)["statuses"] == []
    # After the adoption the change shows.
    late = run_cli("diff", "HEAD~1", "HEAD", "--as-of", "2024-10-01", "--format", "json")
    changed = json.loads(late.output)["statuses"]
    assert [(s["target"], s["old"], s["new"]) for s in changed] == [
        ("Revidering i tid", "efter plan", "i fas")
    ]


README_QUOTES = [
    (
        ("report", "promise", "nordby-2025", "--as-of", "2025-06-30"),
        "| Tryggt busstorg (ansvarig: Lokalpolisområde Norrdal) | Minst 6 trygghetsvandringar"
        " | **efter plan** | ▰▰▰▱▱▱▱▱▱▱ 33\u00a0% | 2 av 6 trygghetsvandringar; 3 väntade vid denna"
        " tid. |",
    ),
    (
        ("report", "promise", "sodervik-2024", "--as-of", "2024-12-31"),
        "| Trygg hamn (ansvarig: Lokalpolisområde Norrdal) | Minst 10 insatser i hamnen |"
        " **efter plan** | ▰▰▰▰▰▰▰▰▱▱ 80\u00a0% | 8 av 10 insatser i hamnen; 10 väntade vid denna"
        " tid. |",
    ),
    (
        ("report", "agreement", "lansavtal", "--as-of", "2022-10-01"),
        "- Följer på: Avsiktsförklaring om samverkan mellan Region Norrland och Polisregion Norr",
    ),
    (
        ("status", "norrdal-trepart", "--as-of", "2027-01-15", "--format", "json"),
        "Överenskommelsen löpte ut 31 december 2026 (revision 2023); ingen ny är antagen.",
    ),
    (
        ("status", "bergsala", "--as-of", "2024-06-30", "--format", "json"),
        "Senast reviderad maj 2020 (revision 2020); revidering skulle ske senast maj 2024."
        " Försenad: revision 2024 är på remiss.",
    ),
    (
        ("status", "--kind", "area", "--as-of", "2026-01-15", "--format", "json"),
        "Delat i lägesbilden december 2025 i Östra hamnen norra och Östra hamnen södra.",
    ),
]


@pytest.mark.parametrize(("args", "line"), README_QUOTES)
def test_examples_readme_quotes_real_output(args: tuple[str, ...], line: str) -> None:
    readme = (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    assert line in readme
    output = run_cli(*args, "--data", SVERIGE).output
    assert line in (
        output if "json" not in args else json.dumps(json.loads(output), ensure_ascii=False)
    )


@pytest.mark.parametrize(
    ("as_of", "status", "moved"),
    [("2025-01-15", "i fas", "bättre"), ("2026-01-15", "efter plan", "sämre")],
)
def test_a_goal_with_a_direction_and_no_number(as_of: str, status: str, moved: str) -> None:
    """'Tryggheten i bostadsområdena ska öka': judged by the latest measurement's direction."""
    result = run_cli(
        "status", "norrdal-trepart", "--data", SVERIGE, "--as-of", as_of, "--format", "json"
    )
    (record,) = json.loads(result.stdout)["records"]
    (target,) = [
        target
        for group in record["groups"]
        for target in group["targets"]
        if target["id"] == "trygghet-i-bostadsomradena"
    ]
    assert (target["status"], target["progress"]) == (status, None)
    assert f": {moved}. Målet: Andel som känner sig trygga" in target["sentence"]
