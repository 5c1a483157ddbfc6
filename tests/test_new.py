"""`samverkan new`: a valid record of every kind at the right path, from flags or answers;
`--from` makes the promise of the next period."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, REPO, run_cli
from typer.testing import CliRunner, Result

from samverkan_cli.cli.app import app
from samverkan_cli.records.models import KINDS

# The invented minimal tree (tests/fixtures/minimal): teststad, lpo-centrum,
# polisregion-testregion, agreement testavtal, assessment 2021.
FLAGS: dict[str, tuple[list[str], str, str]] = {
    "organisation": (
        ["name=Nya Bostäder AB", "type=kommunalt bolag", "part_of=teststad"],
        "organisations/nya-bostader-ab.yaml",
        "id: nya-bostader-ab\ntype: kommunalt bolag\nname: Nya Bostäder AB\npart_of: teststad\n",
    ),
    "area": (
        [
            "name=Östra Ängen",
            "municipality=teststad",
            "region=polisregion-testregion",
            "assessment=2021",
            "level=utsatt område",
        ],
        "areas/ostra-angen.yaml",
        "id: ostra-angen\nname: Östra Ängen\nmunicipality: teststad\n"
        "region: polisregion-testregion\nclassifications:\n"
        '  - assessment: "2021"\n    level: utsatt område\n',
    ),
    "assessment": (
        ["id=2025", "date=2025-04"],
        "assessments/2025.yaml",
        'id: "2025"\ntitle: Lägesbild över utsatta områden 2025\ndate: 2025-04\n'
        "publisher: Polisen\n",
    ),
    "agreement": (
        ["title=Samverkan i Teststad", "parties=teststad, polisregion-testregion", "id=nytt"],
        "agreements/nytt/agreement.yaml",
        "id: nytt\ntitle: Samverkan i Teststad\nparties:\n  - organisation: teststad\n"
        "  - organisation: polisregion-testregion\n",
    ),
    "revision": (
        ["agreement=testavtal", "id=2028", "drafted=2027-11"],
        "agreements/testavtal/revisions/2028.yaml",
        'id: "2028"\nagreement: testavtal\ndrafted: 2027-11\n',
    ),
    "remiss": (
        [
            "agreement=testavtal",
            "revision=2024",
            "diary_number=KS 2024/77",
            "title=Remiss av ny överenskommelse",
            "sent_by=Kommunstyrelsen",
            "respondent=ab-testbostader",
            "handler=Anna Andersson",
            "recipient=Kommunstyrelsen",
            "summary=Bolaget tillstyrker.",
            "case=Överenskommelsen revideras.",
        ],
        "agreements/testavtal/remisses/ks-2024-77.yaml",
        'id: ks-2024-77\nagreement: testavtal\nrevision: "2024"\ndiary_number: KS 2024/77\n',
    ),
    "followup": (
        ["agreement=testavtal", "title=Uppföljning våren 2022", "date=2022-05-01"],
        "agreements/testavtal/followups/uppfoljning-varen-2022.yaml",
        "id: uppfoljning-varen-2022\nagreement: testavtal\ntitle: Uppföljning våren 2022\n"
        "date: 2022-05-01\nsource:\n  title: Uppföljning våren 2022\n",
    ),
    "promise": (
        [
            "issuers=lpo-centrum,teststad",
            "year=2023",
            "commitment=Trygga platser",
            "commitment=Unga: minst 4 skolbesök, minst 2 föräldramöten",
        ],
        "promises/teststad/teststad-2023.yaml",
        "id: teststad-2023\nissuers:\n  - lpo-centrum\n  - teststad\nyear: 2023\n"
        "title: Medborgarlöfte 2023 för Lokalpolisområde Centrum\ncommitments:\n"
        "  - id: trygga-platser\n    title: Trygga platser\n  - id: unga\n    title: Unga\n"
        "    targets:\n      - id: skolbesok\n        kind: count\n        minimum: 4\n"
        "        unit: skolbesök\n      - id: foraldramoten\n        kind: count\n"
        "        minimum: 2\n        unit: föräldramöten\n",
    ),
}


def test_every_kind_has_a_form() -> None:
    assert set(FLAGS) == {kind.name for kind in KINDS}


@pytest.mark.parametrize("kind", sorted(FLAGS))
def test_a_new_record_from_flags_is_valid_where_it_belongs(tree: Path, kind: str) -> None:
    settings, relative, starts = FLAGS[kind]
    result = run_cli("new", kind, "--data", tree, *(x for s in settings for x in ("--set", s)))
    assert result.exit_code == 0, result.output
    path = tree / relative
    assert result.stdout == f"{path}: skapad\n"
    first, _, rest = path.read_text(encoding="utf-8").partition("\n")
    # The tree's files name their schemas, and so does the new one, the same way.
    assert first.startswith("# yaml-language-server: $schema=")
    assert first.endswith(f"schemas/{kind}.schema.json")
    assert rest.startswith(starts)
    checked = run_cli("validate", "--data", tree)
    assert checked.exit_code == 0, checked.output


def answering(answers: str, *args: str | Path) -> Result:
    result = CliRunner().invoke(app, ["new", *map(str, args)], input=answers)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"samverkan crashed: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result


def test_the_questions_offer_the_reference_data_and_ask_again(tree: Path) -> None:
    answers = [
        "Västra Åby",  # Namn
        "",  # Id: the one derived from the name
        "stockholm",  # not a kommun of this tree
        "teststad",
        "",  # no lokalpolisområde
        "polisregion-testregion",
        "",  # the latest assessment
        "9",  # no such level
        "2",  # riskområde
    ]
    result = answering("\n".join(answers) + "\n", "area", "--data", tree)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Id (vastra-aby)" in out
    assert "Kommun [teststad]" in out
    assert "kommunen 'stockholm' finns inte" in out
    assert "Nivå [utsatt område, riskområde, särskilt utsatt område]" in out
    assert "'9' är inget av" in out
    text = (tree / "areas/vastra-aby.yaml").read_text(encoding="utf-8")
    assert "level: riskområde\n" in text and "police_area" not in text
    assert run_cli("validate", "--data", tree).exit_code == 0


def test_a_date_is_checked_as_it_is_typed(tree: Path) -> None:
    answers = ["2029", "", "2029-02-30", "2029-02-28", ""]
    result = answering("\n".join(answers) + "\n", "assessment", "--data", tree)
    assert result.exit_code == 0, result.output
    assert "'2029-02-30' är inget datum (februari 2029 har 28 dagar, inte 30)" in result.stdout
    assert "date: 2029-02-28\n" in (tree / "assessments/2029.yaml").read_text(encoding="utf-8")


def test_the_schema_line_follows_the_tree(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    result = run_cli(
        "new", "organisation", "--data", root, "--set", "name=Lidingö kommun",
        "--set", "type=kommun",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (root / "organisations/lidingo-kommun.yaml").read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../../schemas/organisation.schema.json\n"
        "id: lidingo-kommun\ntype: kommun\nname: Lidingö kommun\n"
    )


def test_a_new_repository_gets_the_schema_line_init_will_serve(tmp_path: Path) -> None:
    """Records first, `samverkan init` after (the README's order): the line points where init
    writes the schemas, and validate has nothing to say about it."""
    root = tmp_path / "kommunen" / "data"
    root.mkdir(parents=True)
    result = run_cli(
        "new", "organisation", "--data", root, "--set", "name=Lidingö kommun",
        "--set", "type=kommun",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (root / "organisations/lidingo-kommun.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../schemas/organisation.schema.json\n"
    )
    assert "modeline" not in run_cli("validate", "--data", root).output
    assert run_cli("init", root.parent).exit_code == 0
    line = text.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert (root / "organisations" / line).resolve().is_file()


def test_an_existing_record_is_not_overwritten(tree: Path) -> None:
    before = (tree / "organisations/teststad.yaml").read_bytes()
    result = run_cli(
        "new", "organisation", "--data", tree, "--set", "name=Teststad", "--set", "type=kommun"
    )
    assert result.exit_code == 2
    assert "finns redan" in result.stderr
    assert (tree / "organisations/teststad.yaml").read_bytes() == before


def test_a_record_that_would_be_invalid_is_not_written(tree: Path) -> None:
    result = run_cli(
        "new", "revision", "--data", tree, "--set", "agreement=testavtal", "--set", "id=2030"
    )  # no dated event
    assert result.exit_code == 1
    assert "ange minst en händelse" in result.stdout
    assert "inget skrevs" in result.stderr
    assert not (tree / "agreements/testavtal/revisions/2030.yaml").exists()


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["organisation", "--set", "namn=X"], "okänt fält 'namn'"),
        (["organisation", "--set", "name"], "ska skrivas FÄLT=VÄRDE"),
        (["organisation", "--set", "id=Stor Bokstav", "--set", "name=X"], "är inget id"),
        (["organisationer"], "okänd posttyp 'organisationer'; menade du 'organisation'?"),
        (["area", "--from", "norra"], "--from finns för medborgarlöften"),
    ],
)
def test_wrong_flags_cannot_run(tree: Path, args: list[str], why: str) -> None:
    result = run_cli("new", *args, "--data", tree)
    assert result.exit_code == 2
    assert why in result.stderr


def test_no_answers_cannot_run(tree: Path) -> None:
    result = answering("", "organisation", "--data", tree)
    assert result.exit_code == 2
    assert "ange värdena med flaggor" in result.stderr


def test_from_makes_the_next_promise_of_a_real_one(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    source = root / "promises/norrmalm/norrmalm-2022.yaml"
    result = run_cli("new", "promise", "--from", "norrmalm-2022", "--data", root)
    assert result.exit_code == 0, result.output
    made = root / "promises/norrmalm/norrmalm-2023.yaml"
    text = made.read_text(encoding="utf-8")
    old = source.read_text(encoding="utf-8")
    assert "id: norrmalm-2023\n" in text and "year: 2023\n" in text
    assert "title: Medborgarlöfte 2023 för lokalpolisområde Norrmalm\n" in text
    assert "signed_by" not in text and "sources" not in text and "activities" not in text
    # commitments and targets as they were, comments and folded lines and all
    commitments = old[old.index("commitments:") : old.index("sources:")]
    assert commitments in text
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/promise.schema.json")
    assert run_cli("validate", "--data", root).exit_code == 0


def test_from_moves_a_period_and_the_dates_of_its_targets(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(REPO / "examples/sverige", root)
    result = run_cli("new", "promise", "--from", "bergsala-2024-2025", "--data", root)
    assert result.exit_code == 0, result.output
    text = (root / "promises/bergsala/bergsala-2026-2027.yaml").read_text(encoding="utf-8")
    assert "id: bergsala-2026-2027\n" in text
    assert "start: 2026" in text and "end: 2027" in text
    assert "2024" not in text and "2025" not in text.split("commitments:")[1]
    assert run_cli("validate", "--data", root).exit_code == 0


def test_from_an_unknown_promise_cannot_run(tree: Path) -> None:
    result = run_cli("new", "promise", "--from", "centrum-2021", "--data", tree)
    assert result.exit_code == 2
    assert "menade du 'centrum-2022'?" in result.stderr


def test_a_link_out_of_the_tree_is_not_written_through(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (tree / "promises/teststad").symlink_to(outside, target_is_directory=True)
    settings = FLAGS["promise"][0]
    result = run_cli("new", "promise", "--data", tree, *(x for s in settings for x in ("--set", s)))
    assert result.exit_code == 2
    assert "leder ut ur datakatalogen" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_dangling_link_where_the_file_would_be_is_not_followed(
    tree: Path, tmp_path: Path
) -> None:
    target = tmp_path / "utanfor.yaml"
    (tree / "organisations/ny.yaml").symlink_to(target)
    result = run_cli(
        "new", "organisation", "--data", tree, "--set", "name=Ny", "--set", "type=annan"
    )
    assert result.exit_code == 2
    assert "finns redan" in result.stderr
    assert not target.exists()


def test_a_remiss_names_a_revision_of_its_agreement(tree: Path) -> None:
    settings = [s if not s.startswith("revision=") else "revision=2019" for s in FLAGS["remiss"][0]]
    result = run_cli("new", "remiss", "--data", tree, *(x for s in settings for x in ("--set", s)))
    assert result.exit_code == 2
    assert "--set revision: '2019' är inget av: 2020, 2024" in result.stderr


def test_a_promise_asks_for_its_commitments_one_at_a_time(tree: Path) -> None:
    answers = ["lpo-centrum, teststad", "2023", "", "", "", ""]
    answers += ["Trygga platser: minst 8 trygghetsvandringar", "Unga", ""]
    result = answering("\n".join(answers) + "\n", "promise", "--data", tree)
    assert result.exit_code == 0, result.output
    assert "svaret får inte vara tomt" in result.stdout  # the first one is needed
    text = (tree / "promises/teststad/teststad-2023.yaml").read_text(encoding="utf-8")
    assert "  - id: trygga-platser\n    title: Trygga platser\n    targets:\n" in text
    assert "minimum: 8\n        unit: trygghetsvandringar\n  - id: unga\n" in text
    assert run_cli("validate", "--data", tree).exit_code == 0


def test_a_kommun_can_be_answered_by_its_name(tree: Path) -> None:
    """Staff write "Teststad" or the organisation's name, not only its id."""
    settings = [s for s in FLAGS["area"][0] if not s.startswith("municipality=")]
    result = run_cli(
        "new",
        "area",
        "--data",
        tree,
        *(x for s in settings for x in ("--set", s)),
        "--set",
        "municipality=Teststad",
    )
    assert result.exit_code == 0, result.output
    assert "municipality: teststad" in (tree / FLAGS["area"][1]).read_text(encoding="utf-8")
