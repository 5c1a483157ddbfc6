"""Messages that tell how to fix: the file a path mismatch expects, a missing space after a
colon, how many spaces an indent should have, the id a name with å/ä/ö gives, and examples
of the field's own kind (all data invented)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from samverkan_cli.loading.yaml_hints import wrong_indent

PROMISE = "promises/centrum/centrum-2022.yaml"


def _errors(tree: Path) -> list[str]:
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1, result.output
    return [line for line in result.stdout.splitlines() if ": error[" in line]


def _edit(tree: Path, relative: str, old: str, new: str) -> None:
    path = tree / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_path_mismatch_names_the_field_and_the_file_it_expects(tree: Path) -> None:
    copy = tree / "promises/centrum/centrum-2023.yaml"
    copy.write_text((tree / PROMISE).read_text(encoding="utf-8"), encoding="utf-8")
    _edit(tree, "promises/centrum/centrum-2023.yaml", "id: centrum-2022", "id: centrum-2024")
    _edit(tree, "promises/centrum/centrum-2023.yaml", "year: 2022", "year: 2024")
    (line,) = [line for line in _errors(tree) if "path-mismatch" in line]
    assert line.endswith(
        "'id' är 'centrum-2024' men filens sökväg säger 'centrum-2023'; ändra 'id' till"
        f" 'centrum-2023', eller flytta filen till {tree}/promises/centrum/centrum-2024.yaml"
    )
    assert "{" not in line and "*" not in line


def test_path_mismatch_of_a_revision_names_its_agreement_folder(tree: Path) -> None:
    _edit(tree, "agreements/testavtal/revisions/2024.yaml", "agreement: testavtal", "agreement: x")
    lines = [line for line in _errors(tree) if "path-mismatch" in line]
    assert any(f"flytta filen till {tree}/agreements/x/revisions/2024.yaml" in s for s in lines)


def test_key_colon_value_in_a_block_says_put_a_space_after_the_colon(tree: Path) -> None:
    _edit(tree, PROMISE, "    target: trygghetsvandringar", "    target:trygghetsvandringar")
    (line,) = _errors(tree)
    assert line == (
        f"{tree / PROMISE}:22:12: error[yaml-syntax]: sätt ett mellanslag efter kolon:"
        " 'target: trygghetsvandringar'"
    )


def test_key_colon_value_in_a_flow_mapping_is_one_error_with_the_fix(tree: Path) -> None:
    path = tree / PROMISE
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - {date: 2022-03-14, target:trygghetsvandringar, description: Vandring.}\n",
        encoding="utf-8",
    )
    (line,) = _errors(tree)
    assert "nyckeln 'target' saknas" not in line
    assert line.endswith(
        "error[unknown-key]: okänd nyckel 'target:trygghetsvandringar'; sätt ett mellanslag"
        " efter kolon: 'target: trygghetsvandringar'"
    )


INDENTS = [
    # (what is changed, into what, line:column, what the message says)
    (
        "    targets:\n",
        "     targets:\n",
        "12:6",
        "fel indrag: raden har 5 mellanslag, väntade 4 (som rad 11)",
    ),
    (
        "    title: Otrygga platser\n",
        "   title: Otrygga platser\n",
        "11:4",
        "fel indrag: raden har 3 mellanslag, väntade 4 (som rad 10) eller 0 (som rad 9)",
    ),
    (
        "    description: Trygghetsvandring vid torget.",
        "  description: Trygghetsvandring vid torget.",
        "23:3",
        "fel indrag: raden har 2 mellanslag, väntade 4 (som rad 22) eller 0 (som rad 20)",
    ),
    (
        "      - id: metod\n",
        "       - id: metod\n",
        "17:8",
        "fel indrag: raden har 7 mellanslag, väntade 6 (som rad 13)",
    ),
    (
        "year: 2022\n",
        " year: 2022\n",
        "7:2",
        "fel indrag: raden har 1 mellanslag, väntade 0 (som rad 4)",
    ),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), INDENTS)
def test_a_wrong_indent_says_how_many_spaces_are_expected(
    tree: Path, old: str, new: str, where: str, message: str
) -> None:
    _edit(tree, PROMISE, old, new)
    (line,) = _errors(tree)
    assert line.startswith(f"{tree / PROMISE}:{where}: error[yaml-syntax]: {message}"), line


_KEYS = st.text(alphabet="abcdefghij_", min_size=1, max_size=6)
_SCALARS = st.one_of(
    st.integers(-5, 5), st.text(alphabet="abc xyzåäö:-", min_size=1, max_size=12), st.none()
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3),
        st.dictionaries(_KEYS, inner, min_size=1, max_size=3),
    ),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(data=st.dictionaries(_KEYS, _DATA, min_size=1, max_size=4), offset=st.sampled_from([0, 2]))
def test_valid_yaml_never_gets_an_indent_hint(data: dict[str, object], offset: int) -> None:
    import io

    yaml = YAML()
    yaml.indent(mapping=2, sequence=2 + offset, offset=offset)
    out = io.StringIO()
    yaml.dump(data, out)
    lines = out.getvalue().splitlines()
    assert wrong_indent(lines, len(lines)) is None, out.getvalue()


def test_an_id_with_a_swedish_letter_gets_the_id_it_gives(tree: Path) -> None:
    _edit(tree, PROMISE, "      - id: metod\n", "      - id: metöd\n")
    _edit(tree, PROMISE, "  - lpo-centrum\n", "  - lpo-céntrum\n")
    lines = _errors(tree)
    assert any(
        line.endswith(
            "har fel form: ett id skrivs med gemener a–z, siffror och"
            " bindestreck; menade du 'metod'?"
        )
        for line in lines
    ), lines
    assert any(line.endswith("menade du 'lpo-centrum'?") for line in lines), lines


@pytest.mark.parametrize(
    ("relative", "old", "new", "example"),
    [
        ("agreements/testavtal/agreement.yaml", "id: testavtal", "id: '!!'", "stockholm"),
        (PROMISE, "id: centrum-2022", "id: '--'", "norrmalm-2022"),
        ("organisations/lpo-centrum.yaml", "id: lpo-centrum", "id: '%'", "lpo-norrmalm"),
        ("organisations/lpo-centrum.yaml", "[teststad]", "['*']", "stockholm"),
    ],
)
def test_an_id_example_is_of_the_fields_own_kind(
    tree: Path, relative: str, old: str, new: str, example: str
) -> None:
    _edit(tree, relative, old, new)
    lines = [line for line in _errors(tree) if "har fel form" in line]
    assert lines and lines[0].endswith(f"t.ex. '{example}'"), lines
