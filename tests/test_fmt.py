"""`samverkan fmt`: the canonical layout, comments and blank lines kept, `--check` for CI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, REPO, run_cli
from helpers import record_files
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan_cli.records.canonical import canonical_text
from samverkan_cli.records.editing import kind_of_path
from samverkan_cli.records.models import KINDS_BY_NAME
from samverkan_cli.records.writer import dump, load_round_trip, plain, round_trip_yaml

MESSY = """\
# PÅHITTADE EXEMPELDATA.
title: 'Medborgarlöfte 2022'
year: 2022
id: "centrum-2022"
issuers:
- lpo-centrum   # lokalpolisområdet
- teststad

# Åtagandena i löftets ordning.
commitments:
    -   title: Otrygga platser
        id: platser
        targets:
        # Åtta vandringar under året.
        - unit: trygghetsvandringar
          minimum: 8
          kind: count
          id: trygghetsvandringar
activities:
- {target: trygghetsvandringar, description: 'Vandring vid torget.', date: 2022-02-10}
"""

CANONICAL = """\
# PÅHITTADE EXEMPELDATA.
id: centrum-2022
issuers:
  - lpo-centrum # lokalpolisområdet
  - teststad
year: 2022
title: Medborgarlöfte 2022

# Åtagandena i löftets ordning.
commitments:
  - id: platser
    title: Otrygga platser
    targets:
      # Åtta vandringar under året.
      - id: trygghetsvandringar
        kind: count
        minimum: 8
        unit: trygghetsvandringar
activities:
  - {date: 2022-02-10, target: trygghetsvandringar, description: Vandring vid torget.}
"""


def read(text: str) -> object:
    return plain(load_round_trip(text, "test", round_trip_yaml()))


def comment_lines(text: str) -> list[str]:
    return sorted(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


def test_a_messy_promise_gets_the_canonical_layout() -> None:
    formatted = canonical_text(MESSY, KINDS_BY_NAME["promise"], "test")
    assert formatted == CANONICAL
    assert read(formatted) == read(MESSY)


@pytest.mark.parametrize("path", record_files(REPO), ids=lambda path: str(path.relative_to(REPO)))
def test_every_record_file_formats_to_the_same_data_once_and_for_all(path: Path) -> None:
    """The real files in data/, the examples and the fixtures: the same data, every comment
    and blank line kept, and a second run changes nothing."""
    text = path.read_text(encoding="utf-8")
    kind = kind_of_path(path, DATA)
    assert kind is not None
    once = canonical_text(text, kind, str(path))
    assert read(once) == read(text)
    assert comment_lines(once) == comment_lines(text)
    assert once.count("\n\n") == text.count("\n\n")
    assert canonical_text(once, kind, str(path)) == once
    keys = [line.split(":")[0] for line in once.splitlines() if re.match(r"^[a-z_]+:", line)]
    fields = list(kind.model.model_fields)
    assert keys == sorted(keys, key=fields.index)


PLAIN_PROMISE = (REPO / "tests/fixtures/minimal/promises/centrum/centrum-2022.yaml").read_text(
    encoding="utf-8"
)


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_order_keys_are_written_in_does_not_matter(random: object) -> None:
    yaml = round_trip_yaml()
    data = load_round_trip(PLAIN_PROMISE, "test", yaml)
    mappings = [data, *data["commitments"], *data["commitments"][0]["targets"]]
    mappings += list(data["activities"])
    for mapping in mappings:
        keys = list(mapping)
        random.shuffle(keys)  # type: ignore[attr-defined]
        for key in keys:
            mapping.move_to_end(key)
    shuffled = dump(data, yaml)
    kind = KINDS_BY_NAME["promise"]
    assert canonical_text(shuffled, kind, "test") == canonical_text(PLAIN_PROMISE, kind, "test")


@pytest.fixture
def messy_tree(tree: Path) -> Path:
    (tree / "promises/centrum/centrum-2022.yaml").write_text(MESSY, encoding="utf-8")
    return tree


def test_check_lists_what_would_change_and_writes_nothing(messy_tree: Path) -> None:
    path = messy_tree / "promises/centrum/centrum-2022.yaml"
    result = run_cli("fmt", "--check", "--data", messy_tree)
    assert result.exit_code == 1
    assert f"{path}: skulle formateras om" in result.stdout
    assert re.search(r"samverkan: (1 fil|\d+ filer) skulle formateras om", result.stderr)
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_writes_the_layout_and_then_check_passes(messy_tree: Path) -> None:
    path = messy_tree / "promises/centrum/centrum-2022.yaml"
    path.chmod(0o640)
    result = run_cli("fmt", "--data", messy_tree)
    assert result.exit_code == 0, result.output
    assert f"{path}: formaterad\n" in result.stdout
    assert path.read_text(encoding="utf-8").startswith("# PÅHITTADE EXEMPELDATA.\nid: centrum")
    assert path.stat().st_mode & 0o777 == 0o640
    again = run_cli("fmt", "--check", "--data", messy_tree)
    assert again.exit_code == 0 and again.stdout == ""


def test_fmt_of_one_file_leaves_the_others(messy_tree: Path) -> None:
    path = messy_tree / "promises/centrum/centrum-2022.yaml"
    shutil.copyfile(path, messy_tree / "organisations/kopia.yaml")
    result = run_cli("fmt", "--data", messy_tree, path)
    assert result.exit_code == 0
    assert (messy_tree / "organisations/kopia.yaml").read_text(encoding="utf-8") == MESSY


def test_a_file_that_is_not_yaml_is_named_with_its_place(tree: Path) -> None:
    broken = tree / "organisations/trasig.yaml"
    broken.write_text("id: trasig\nname: [Trasig\n", encoding="utf-8")
    result = run_cli("fmt", "--check", "--data", tree)
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(broken))}:\d+:\d+: YAML-syntaxfel", result.stderr)
    assert "Traceback" not in result.output


def test_a_path_that_does_not_exist_cannot_run(tree: Path) -> None:
    result = run_cli("fmt", "--data", tree, tree / "finns-inte.yaml")
    assert result.exit_code == 2
    assert "finns inte" in result.stderr


def test_the_shipped_records_and_a_new_promise_are_in_canonical_form(tmp_path: Path) -> None:
    """`fmt --check` in CI passes on the repository's own records and on what `new` writes."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    assert run_cli("fmt", "--check", copy).exit_code == 0
    assert run_cli("new", "promise", "--from", "norrmalm-2022", "--data", copy).exit_code == 0
    result = run_cli("fmt", "--check", copy)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "text",
    [
        "id: norra\nname: Norra\nmunicipality: teststad\npolice_area: lpo-centrum\n"
        "region: polisregion-testregion\nclassifications: [  # en\n"
        "  {assessment: '2021', level: utsatt område},  # mitt i\n]\n",
        "# yaml-language-server: $schema=../../schemas/area.schema.json\n---\nid: norra\n"
        "name: Norra\nmunicipality: teststad\npolice_area: lpo-centrum\n"
        "region: polisregion-testregion\n...\n# efter slutet\n",
    ],
    ids=["flow-list", "document-markers"],
)
def test_fmt_never_drops_a_comment(tree: Path, text: str) -> None:
    """ruamel drops comments in a flow list and around `---` and `...`; the parsed data is the
    same, so only the comments tell: such a file is left as it is."""
    path = tree / "areas" / "norra.yaml"
    path.write_text(text, encoding="utf-8")
    run_cli("fmt", path)
    after = path.read_text(encoding="utf-8")
    for comment in re.findall(r"#.*", text):
        assert comment in after, after
