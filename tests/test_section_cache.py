"""The overview's kept sections: a report from them is the report made afresh, whatever changed."""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import run_cli
from helpers import taking
from jinja2 import Environment

from samverkan_cli.output.documents import build
from samverkan_cli.output.documents.build import ReportRequest
from samverkan_cli.output.documents.templating import builtin_template_dir
from samverkan_cli.speed import fork, runner, section_cache
from samverkan_cli.speed.fork import fork_available
from samverkan_cli.speed.section_cache import KEEP, tree_directory

PROMISES = Path("promises/centrum")


def _promises(tree: Path) -> Path:
    """Promises of several years: one marked intern, one with an internal activity, one with
    a personnummer (an error in loading)."""
    original = (tree / PROMISES / "centrum-2022.yaml").read_text()
    for year in (2019, 2020, 2021, 2023):
        text = original.replace("2022", str(year))
        if year == 2020:
            text = text.replace("title: Medborgarlöfte", "access: intern\ntitle: Medborgarlöfte")
        if year == 2021:
            text += "  - date: 2021-03-01\n    target: trygghetsvandringar\n"
            text += "    description: Intern vandring.\n    access: intern\n"
        if year == 2023:
            text = text.replace("vid torget.", "vid torget, 121212-1212.")
        (tree / PROMISES / f"centrum-{year}.yaml").write_text(text)
    return tree


def _report(tree: Path, *args: str, cache: bool = True) -> tuple[int, str, str]:
    with mock.patch.dict(os.environ, {} if cache else {"SAMVERKAN_CACHE": "0"}):
        result = run_cli("report", "--data", tree, "--as-of", "2022-06-30", *args)
    return result.exit_code, result.stdout, result.stderr


def _cache_files(tree: Path) -> list[Path]:
    return sorted(tree_directory(tree).glob("overview-*"))


@pytest.fixture(params=["one part", "two parts"])
def split(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "two parts":
        if not fork_available():
            pytest.skip("no second process here")
        monkeypatch.setattr(fork, "SPLIT_FROM", 1)
        monkeypatch.setattr(fork, "CHUNK", 1)
        taking(monkeypatch, 2)  # two promises there, the others here


@pytest.mark.parametrize("args", [(), ("--include-internal",)])
def test_a_report_from_kept_sections_is_the_report_made_afresh(
    tree: Path, split: None, args: tuple[str, ...]
) -> None:
    _promises(tree)
    afresh = _report(tree, *args, cache=False)
    assert not tree_directory(tree).exists()
    # The overview from the whole template, in one process.
    request = ReportRequest(datetime.date(2022, 6, 30), include_internal=bool(args))
    whole = runner.run(build.DocumentJob(request), tree)
    assert afresh[1] == whole.content.decode("utf-8")
    assert afresh[0] == 1  # the personnummer is an error: the report is written, and exit 1
    first = _report(tree, *args)
    assert len(_cache_files(tree)) == 1
    again = _report(tree, *args)
    assert afresh == first == again
    assert "1 fel i posterna" in again[2]  # the personnummer is found each time
    assert ("INTERN" in again[1]) == bool(args)


def test_a_kept_section_is_used_and_a_changed_one_made_again(
    tree: Path, split: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _promises(tree)
    _report(tree)
    log = tree.parent / "rendered.log"  # written by whichever process renders
    render_each = build.render_each

    def counting(env: Environment, name: str, contexts: Iterable[dict[str, Any]]) -> list[str]:
        made = render_each(env, name, contexts)
        with log.open("a") as handle:
            handle.writelines(text.replace("\n", " ") + "\n" for text in made)
        return made

    monkeypatch.setattr(build, "render_each", counting)
    path = tree / PROMISES / "centrum-2019.yaml"
    path.write_text(path.read_text().replace("Otrygga platser", "Ändrade platser"))
    code, text, _ = _report(tree)
    assert code == 1 and "Ändrade platser" in text
    # Only the changed promise was rendered again; the one with a personnummer never is.
    rendered = log.read_text().splitlines()
    assert len(rendered) == 1 and any("Ändrade platser" in text for text in rendered)
    assert (code, text) == _report(tree, cache=False)[:2]


def test_a_changed_context_record_makes_every_section_again(tree: Path, split: None) -> None:
    _promises(tree)
    _report(tree)
    area = tree / "organisations" / "lpo-centrum.yaml"
    area.write_text(area.read_text().replace("Lokalpolisområde Centrum", "Nya Centrum"))
    code, text, _ = _report(tree)
    assert text.count("Nya Centrum") >= 4
    assert (code, text) == _report(tree, cache=False)[:2]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"samverkan-sections 1\n{}",
        b'samverkan-sections 1\n{"k": ["a", 1, 0, 0, 99]}\nshort',
        b'samverkan-sections 1\n{"k": ["a", 1, 0, 3, 1]}\ntext',
        b'samverkan-sections 1\n["k"]\n',
        b"samverkan-sections 1\n{}\n\xff\xfe",
        b"samverkan-sections 1\n" + b"[" * 200_000 + b"\n",
    ],
)
def test_a_broken_cache_file_is_ignored_and_written_anew(tree: Path, content: bytes) -> None:
    _promises(tree)
    expected = _report(tree, cache=False)
    _report(tree)
    (cached,) = _cache_files(tree)
    cached.write_bytes(content)
    assert _report(tree) == expected
    assert cached.read_bytes() != content
    assert _report(tree) == expected


def test_the_cache_is_private_and_keeps_only_the_newest(tree: Path) -> None:
    for day in range(1, KEEP + 3):
        run_cli("report", "--data", tree, "--as-of", f"2022-06-{day:02d}")
    directory = tree_directory(tree)
    assert [path.name for path in tree.rglob(".*")] == []  # nothing in the data tree
    assert (directory.stat().st_mode & 0o777, directory.parent.stat().st_mode & 0o777) == (
        0o700,
        0o700,
    )
    assert {path.stat().st_mode & 0o777 for path in _cache_files(tree)} == {0o600}
    assert len(_cache_files(tree)) == KEEP


def test_no_cache_where_none_can_be_written(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _report(tree, cache=False)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(section_cache, "write_bytes_atomic", refuse)
    assert _report(tree) == expected
    assert _report(tree) == expected
    assert _cache_files(tree) == []


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "directory"])
def test_a_cache_file_that_is_no_file_is_ignored(tree: Path, kind: str) -> None:
    expected = _report(tree, cache=False)
    _report(tree)
    (cached,) = _cache_files(tree)
    cached.unlink()
    if kind == "fifo":
        os.mkfifo(cached)
    elif kind == "directory":
        cached.mkdir()
    else:
        cached.symlink_to("/dev/zero")
    assert _report(tree) == expected  # no hang, no memory filled, no crash


def test_a_change_in_the_code_or_templates_is_a_new_cache(tmp_path: Path) -> None:
    package = tmp_path / "samverkan_cli"
    shutil.copytree(Path(section_cache.__file__).parent.parent, package)
    templates = tmp_path / "templates"
    shutil.copytree(builtin_template_dir(), templates)
    first = section_cache._tool(package, templates)
    assert section_cache._tool(package, templates) == first
    swedish = package / "support" / "swedish.py"
    swedish.write_text(swedish.read_text() + "\n# changed\n")
    second = section_cache._tool(package, templates)
    assert second != first
    (templates / "_promise.md.j2").write_text("changed")
    assert section_cache._tool(package, templates) not in (first, second)
