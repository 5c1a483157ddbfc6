"""Markdown reports: golden files on the true records, escaping, templates and overrides."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, REPO, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from samverkan_cli.output.documents import templating
from samverkan_cli.output.documents.templating import markdown_escape

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = REPO / "examples" / "exempelstad"

CASES = [
    ("overview", [], DATA, "2024-01-01"),
    ("agreement", ["stockholm"], DATA, "2024-01-01"),
    ("promise", ["norrmalm-2022"], DATA, "2024-01-01"),
    ("areas", [], DATA, "2024-01-01"),
    ("promise", ["centrum-2024"], EXAMPLES, "2024-06-30"),
]


@pytest.mark.parametrize(
    ("kind", "ids", "data", "as_of"),
    CASES,
    ids=["overview", "agreement", "promise", "areas", "example-promise"],
)
def test_golden_markdown(
    kind: str, ids: list[str], data: Path, as_of: str, update_golden: bool
) -> None:
    result = run_cli("report", kind, *ids, "--data", data, "--as-of", as_of)
    assert result.exit_code == 0, result.output
    name = f"{kind}-{ids[0]}.md" if ids else f"{kind}.md"
    golden = GOLDEN / name
    if update_golden:
        golden.write_text(result.output, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run pytest --update-golden once"
    assert result.output == golden.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file; if intended, run pytest --update-golden"
    )


def test_default_report_is_the_overview_on_stdout() -> None:
    result = run_cli("report", "--data", DATA, "--as-of", "2024-01-01")
    assert result.output == (GOLDEN / "overview.md").read_text(encoding="utf-8")


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    target.write_text("gammal", encoding="utf-8")
    result = run_cli("report", "areas", "--data", DATA, "--as-of", "2024-01-01", "-o", target)
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == (GOLDEN / "areas.md").read_text(encoding="utf-8")
    assert [path.name for path in tmp_path.iterdir()] == ["rapport.md"]


HOSTILE = "# Rubrik * _kursiv_ $x$ @kalle <b>fet</b> [länk](http://x) \\ `kod` & ~~s~~ |"
HOSTILE_LINES = "= inte en rubrik\n- inte en lista\n1. inte numrerad\n> inte citat\n# inte heller"


def hostile_tree(tmp_path: Path) -> Path:
    """The minimal tree with markup characters in a title, a summary and an activity."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", root)
    promise = root / "promises" / "centrum" / "centrum-2022.yaml"
    text = promise.read_text(encoding="utf-8")
    text = text.replace("title: Otrygga platser", f"title: {json.dumps(HOSTILE)}")
    text = text.replace("commitments:", f"summary: {json.dumps(HOSTILE_LINES)}\ncommitments:")
    text = text.replace(
        "description: Trygghetsvandring vid torget.", f"description: {json.dumps(HOSTILE)}"
    )
    promise.write_text(text, encoding="utf-8")
    return root


def test_record_text_never_becomes_markdown(tmp_path: Path) -> None:
    root = hostile_tree(tmp_path)
    assert run_cli("validate", "--data", root).exit_code == 0
    result = run_cli("report", "promise", "centrum-2022", "--data", root, "--as-of", "2022-06-01")
    assert result.exit_code == 0, result.output
    rendered = MarkdownIt("commonmark").enable("table").render(result.output)
    for tag in ("<em>", "<code>", "<b>", "<a ", "<blockquote>", "<ol>", "<s>", "<h2>inte"):
        assert tag not in rendered, tag
    assert rendered.count("<h1>") == 1
    text = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    flat = " ".join(text.split())
    assert " ".join(HOSTILE.split()) in flat
    for line in HOSTILE_LINES.splitlines():
        assert line in text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_markdown_escape_round_trips_through_a_parser(text: str) -> None:
    rendered = MarkdownIt("commonmark").render(markdown_escape(text))
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert " ".join(shown.split()) == " ".join(text.split())


def _override(directory: Path, name: str, content: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(content, encoding="utf-8")
    return directory


def test_templates_option_overrides_a_builtin_by_name(tmp_path: Path) -> None:
    templates = _override(
        tmp_path / "mallar",
        "promise.md.j2",
        "# Egen mall: {{ promise.title }}\n"
        "{% for c in promise.commitments %}- {{ c.title }}\n{% endfor %}",
    )
    result = run_cli(
        "report",
        "promise",
        "norrmalm-2022",
        "--data",
        DATA,
        "--templates",
        templates,
        "--as-of",
        "2024-01-01",
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "# Egen mall: Medborgarlöfte 2022 för lokalpolisområde Norrmalm\n- Ungdomar\n"
    )


def test_templates_beside_the_data_directory_override_a_partial(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", root)
    _override(tmp_path / "templates", "_targets.md.j2", "EGNA MÅL: {{ groups|length }}\n")
    result = run_cli("report", "promise", "centrum-2022", "--data", root, "--as-of", "2022-06-01")
    assert result.exit_code == 0
    assert "EGNA MÅL: 1" in result.output


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("rad ett\n{{ finns_inte }}\n", 2, "'finns_inte' finns inte i mallens sammanhang"),
        ("rad ett\nrad två\n{% for x in %}\n", 3, "mallfel"),
        ("{{ report.__class__.__mro__ }}\n", 1, "mallfel"),
        ("{{ ''.__class__.__subclasses__() }}\n", 1, "mallfel"),
    ],
    ids=["undefined", "syntax", "dunder-walk", "subclasses"],
)
def test_template_errors_name_file_and_line(
    tmp_path: Path, content: str, line: int, message: str
) -> None:
    templates = _override(tmp_path / "mallar", "areas.md.j2", content)
    result = run_cli(
        "report", "areas", "--data", DATA, "--templates", templates, "--as-of", "2024-01-01"
    )
    assert result.exit_code == 2, result.output
    assert f"areas.md.j2:{line}: mallfel" in result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["promise"], "ange id för medborgarlöfte: norrmalm-2022"),
        (["promise", "norrmalm"], "menade du 'norrmalm-2022'?"),
        (["agreements"], "menade du 'agreement'?"),
    ],
)
def test_bad_report_arguments_exit_2(args: list[str], message: str) -> None:
    result = run_cli("report", *args, "--data", DATA)
    assert result.exit_code == 2
    assert message in result.output


@given(
    st.text(alphabet=st.sampled_from(list(" \t\n\r-+=>0123456789.)a#*_`|åé\u00a0٣")), max_size=12)
)
def test_the_shortcut_for_plain_text_changes_nothing(text: str) -> None:
    assert markdown_escape(text) == templating.escape_fully(text)


def test_a_report_of_a_record_that_cannot_be_read_says_so(tree: Path) -> None:
    """Not "finns inte; menade du …" for a promise whose file has an error."""
    path = tree / "promises" / "centrum" / "centrum-2022.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "okänd: x\n", encoding="utf-8")
    result = run_cli("report", "promise", "centrum-2022", "--data", tree)
    assert result.exit_code == 2
    assert "kunde inte läsas; rätta felen där" in result.output
    assert "finns inte" not in result.output
