"""Shell completion for bash, zsh and fish, through the environment variables the shells'
scripts set: commands, record ids from the file paths under --data, report kinds, revisions
of an agreement; and `--install-completion` in Swedish."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, FIXTURES
from typer.testing import CliRunner

from samverkan_cli.cli.app import app

MINIMAL = FIXTURES / "minimal"


def complete(shell: str, line: str) -> list[str]:
    """What `samverkan` offers in `shell` for the command line `line` (the cursor at its
    end), as the completion script asks for it."""
    environment = {"_SAMVERKAN_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split()
        cword = len(words) if line.endswith(" ") else len(words) - 1
        environment |= {"COMP_WORDS": line, "COMP_CWORD": str(cword)}
    else:
        environment["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            environment["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = CliRunner().invoke(app, [], env=environment, prog_name="samverkan")
    assert result.exit_code == 0, result.output
    if shell == "zsh":  # _arguments '*: :(("a"\n"b"))'
        inside = result.output.partition("((")[2].rpartition("))")[0]
        return [word.split('":')[0].strip('"') for word in inside.splitlines() if word]
    return [word.split("\t")[0] for word in result.output.splitlines() if word]


SHELLS = ["bash", "zsh", "fish"]


@pytest.mark.parametrize("shell", SHELLS)
def test_commands_complete(shell: str) -> None:
    assert complete(shell, "samverkan sta") == ["status"]
    assert "render" in complete(shell, "samverkan remiss ")


@pytest.mark.parametrize("shell", SHELLS)
def test_status_completes_the_ids_of_agreements_promises_and_areas(shell: str) -> None:
    assert complete(shell, f"samverkan status --data {MINIMAL} ") == [
        "centrum-2022",
        "norra",
        "testavtal",
    ]
    assert complete(shell, f"samverkan status --data {MINIMAL} --kind area ") == ["norra"]
    assert complete(shell, f"samverkan status --data {MINIMAL} te") == ["testavtal"]


@pytest.mark.parametrize("shell", SHELLS)
def test_report_completes_its_kinds_then_the_ids_the_kind_names(shell: str) -> None:
    assert complete(shell, "samverkan report ") == [
        "overview",
        "agreement",
        "promise",
        "areas",
        "remiss",
    ]
    assert complete(shell, f"samverkan report promise --data {DATA} ") == ["norrmalm-2022"]
    assert complete(shell, f"samverkan report --data {DATA} promise ") == ["norrmalm-2022"]
    assert complete(shell, f"samverkan report --data {DATA} remiss ") == ["ks-2023-740"]
    assert complete(shell, f"samverkan report --data {DATA} areas ") == []


@pytest.mark.parametrize("shell", SHELLS)
def test_revision_diff_completes_the_agreement_then_its_revisions(shell: str) -> None:
    assert complete(shell, f"samverkan revision diff --data {DATA} ") == ["stockholm"]
    assert complete(shell, f"samverkan revision diff --data {DATA} stockholm ") == [
        "2019",
        "2023",
    ]


def test_the_default_data_directory_is_read_from_the_working_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(DATA.parent)
    assert complete("bash", "samverkan remiss status ") == ["ks-2023-740"]
    assert complete("bash", "samverkan schema prom") == ["promise"]


def test_ids_sort_in_swedish_order_and_files_elsewhere_are_not_ids(tree: Path) -> None:
    for name in ("ostra", "östra", "älvsjö", "zeta"):
        (tree / "areas" / f"{name}.yaml").write_text("id: x\n", encoding="utf-8")
    (tree / "areas" / "anteckning.txt").write_text("inte en post\n", encoding="utf-8")
    (tree / "notes").mkdir()
    (tree / "notes" / "annat.yaml").write_text("id: x\n", encoding="utf-8")
    offered = complete("bash", f"samverkan status --data {tree} --kind area ")
    assert offered == ["norra", "ostra", "zeta", "älvsjö", "östra"]


def test_a_missing_data_directory_offers_nothing(tmp_path: Path) -> None:
    assert complete("bash", f"samverkan status --data {tmp_path / 'saknas'} ") == []


@pytest.fixture
def named_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell named on the command line, not found from the process running samverkan
    (which in a test is no shell)."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")


@pytest.mark.usefixtures("named_shell")
def test_install_completion_says_in_swedish_where_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["--install-completion", "bash"], prog_name="samverkan")
    assert result.exit_code == 0, result.output
    assert "komplettering för bash installerad i" in result.output
    assert "Kompletteringen gäller när terminalen har startats om." in result.output
    assert "_SAMVERKAN_COMPLETE" in (tmp_path / ".bash_completions" / "samverkan.sh").read_text()


@pytest.mark.usefixtures("named_shell")
@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_prints_the_script_for_the_shell(shell: str) -> None:
    result = CliRunner().invoke(app, ["--show-completion", shell], prog_name="samverkan")
    assert result.exit_code == 0
    assert f"complete_{shell}" in result.output


@pytest.mark.usefixtures("named_shell")
def test_an_unknown_shell_is_said_in_swedish() -> None:
    result = CliRunner().invoke(app, ["--show-completion", "tcsh"], prog_name="samverkan")
    assert result.exit_code == 2
    assert "ogiltigt värde för '--show-completion'" in result.output


@pytest.mark.parametrize("shell", SHELLS)
def test_scope_options_complete_the_organisations_of_their_type(shell: str) -> None:
    assert complete(shell, f"samverkan status --data {DATA} --kommun ") == [
        "botkyrka",
        "lidingo",
        "sodertalje",
        "stockholm",
    ]
    assert complete(shell, f"samverkan report --data {DATA} --lokalpolisomrade lpo-b") == [
        "lpo-botkyrka"
    ]
    assert complete(shell, f"samverkan status --data {DATA} --region ") == ["polisregion-stockholm"]


def test_an_organisations_type_is_read_from_its_type_line(tree: Path) -> None:
    place = tree / "organisations"
    (place / "a-kommun.yaml").write_text("id: a-kommun\ntype: 'kommun'  # kommentar\n")
    (place / "b-bolag.yaml").write_text("id: b-bolag\nname: type: kommun\ntype: kommunalt bolag\n")
    (place / "c-trasig.yaml").write_bytes(b"\xff\xfe type: kommun")
    offered = complete("bash", f"samverkan status --data {tree} --kommun ")
    assert "a-kommun" in offered
    assert "b-bolag" not in offered
    assert "c-trasig" not in offered
    assert offered == sorted(offered)
