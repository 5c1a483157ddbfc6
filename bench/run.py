"""Benchmark samverkan against the native-parser floor, in one run on the same files.

Run by hand (not a test; the machines are shared and noisy, so compare ratios from one run):

    python bench/run.py                     # 10 000 records in a temporary directory
    python bench/run.py --records 2000 --repeat 3

It generates invented records (bench/generate.py), then times, as medians of --repeat runs:
the bare native parse of every file (rapidyaml parse only, and yaml-rs to Python objects),
`samverkan validate`, `status`, `report` (Markdown: without the cache of sections, a first run
that writes it, and runs that use it), a PDF overview of 300 promises, `samverkan --help` and
`python -c pass`, and prints the ratios the targets are set in. Last, `validate` on this
repository's data/ (a municipality's tree) against `python -c pass`, the two run in turn: its
kept result (what the pre-commit hook meets when the tree was checked before) and a fresh one.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

FLOOR = """
import sys, pathlib, time
paths = [p for p in pathlib.Path(sys.argv[1]).rglob("*.yaml")]
texts = [p.read_bytes() for p in paths]
which = sys.argv[2]
start = time.perf_counter()
if which == "rapidyaml":
    import ryml
    for text in texts:
        ryml.parse_in_arena(text)
else:
    import yaml_rs
    for text in texts:
        yaml_rs.loads(text.decode("utf-8"))
print(time.perf_counter() - start)
"""


CPU_TIMES: dict[str, float] = {}


def cache_of(data: Path) -> Path:
    """Where samverkan keeps the data tree's sections: in the user's cache directory."""
    from samverkan_cli.speed.section_cache import tree_directory

    return tree_directory(data)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    command: list[str],
    repeat: int,
    env: dict[str, str] | None = None,
    prepare: Callable[[], None] | None = None,
    label: str | None = None,
) -> float:
    """Median wall time of a whole command, output thrown away, `prepare` run (untimed)
    before each; its median CPU time (all processes) is kept in CPU_TIMES."""
    times, cpu = [], []
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        cpu_before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            env={**os.environ, **(env or {})},
        )
        times.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - cpu_before)
    default = " ".join([*command[1:], *(f"{k}={v}" for k, v in (env or {}).items())])
    CPU_TIMES[label or default] = statistics.median(cpu)
    return statistics.median(times)


def floor_times(root: Path, parser: str, repeat: int) -> list[float]:
    """In-process parse times of every file (reading excluded); none if the parser is
    missing."""
    times = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", FLOOR, str(root), parser], capture_output=True, text=True
        )
        if done.returncode != 0:
            return []
        times.append(float(done.stdout))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate here and keep the files")
    parser.add_argument(
        "--municipality",
        action="store_true",
        help="only the rows on data/, here and in a hook's environment",
    )
    arguments = parser.parse_args()
    samverkan = [sys.executable, "-m", "samverkan_cli"]
    script = Path(sys.executable).with_name("samverkan")
    if script.exists():
        samverkan = [str(script)]
    if arguments.municipality:
        municipality_here_and_in_a_hook(samverkan, max(arguments.repeat, 15))
        return
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as temporary:
        base = arguments.keep or Path(temporary)
        data, small = base / "data", base / "pdf300"
        generate(arguments.records, data)
        generate(300 + 401 + 60 + 60, small)  # 300 promises beside the other kinds
        files = sum(1 for _ in data.rglob("*.yaml"))
        size = sum(p.stat().st_size for p in data.rglob("*.yaml")) / 1e6
        print(f"{files} filer, {size:.1f} MB; median av {arguments.repeat} körningar")
        # The floors are timed before and after the commands, and the median of both taken:
        # the machine's load drifts, and a ratio should not hang on one moment of it.
        parsers = ("rapidyaml", "yaml-rs")
        floors = {name: floor_times(data, name, arguments.repeat) for name in parsers}
        rows: list[tuple[str, float | None]] = [
            ("rapidyaml, bara parsning (golv)", None),  # measured before and after the rest
            ("yaml-rs loads till Python", None),
            (
                "samverkan validate",
                timed(
                    [*samverkan, "validate", "--data", str(data)],
                    arguments.repeat,
                    {"SAMVERKAN_CACHE": "0"},
                ),
            ),
            (
                "samverkan validate, en process",
                timed(
                    [*samverkan, "validate", "--data", str(data)],
                    arguments.repeat,
                    {"SAMVERKAN_PROCESSES": "1", "SAMVERKAN_CACHE": "0"},
                ),
            ),
            (
                "samverkan validate, sparat resultat",
                timed(
                    [*samverkan, "validate", "--data", str(data)],
                    arguments.repeat,
                    prepare=lambda: _run([*samverkan, "validate", "--data", str(data)]),
                ),
            ),
            (
                "samverkan status --format json",
                timed(
                    [*samverkan, "status", "--data", str(data), "--format", "json"],
                    arguments.repeat,
                ),
            ),
            (
                "samverkan report (Markdown), utan cache",
                timed(
                    [*samverkan, "report", "--data", str(data)],
                    arguments.repeat,
                    {"SAMVERKAN_CACHE": "0"},
                ),
            ),
            (
                "samverkan report, första (skriver cachen)",
                timed(
                    [*samverkan, "report", "--data", str(data)],
                    arguments.repeat,
                    prepare=lambda: shutil.rmtree(cache_of(data), ignore_errors=True),
                    label="report (första körningen, skriver cachen)",
                ),
            ),
            (
                "samverkan report, med sparade avsnitt",
                timed([*samverkan, "report", "--data", str(data)], arguments.repeat),
            ),
            (
                "samverkan report --format pdf, 300 löften",
                timed(
                    [
                        *samverkan,
                        "report",
                        "--data",
                        str(small),
                        "--format",
                        "pdf",
                        "-o",
                        str(base / "rapport.pdf"),
                    ],
                    arguments.repeat,
                ),
            ),
            ("samverkan --help", timed([*samverkan, "--help"], max(arguments.repeat, 5))),
            ("python -c pass", timed([sys.executable, "-c", "pass"], max(arguments.repeat, 5))),
        ]
        for index, name in enumerate(parsers):
            times = floors[name] + floor_times(data, name, arguments.repeat)
            rows[index] = (rows[index][0], statistics.median(times) if times else None)
        found = [value for _, value in rows[:2] if value is not None]
        native = min(found) if found else None
        python = rows[-1][1] or 1.0
        print(f"{'mätning':<44} {'median':>9} {'÷ golv':>8} {'÷ yaml-rs':>10}")
        for name, value in rows:
            if value is None:
                print(f"{name:<44} {'saknas':>9}")
                continue
            ratio = f"{value / native:8.1f}" if native else " " * 8
            yaml_rs = f"{value / rows[1][1]:10.1f}" if rows[1][1] else " " * 10
            print(f"{name:<44} {value:8.3f}s {ratio} {yaml_rs}")
        print(f"samverkan --help ÷ python -c pass: {rows[-2][1] / python:.1f}")  # type: ignore[operator]
        for command, seconds in CPU_TIMES.items():
            print(f"CPU-tid (alla processer) {command}: {seconds:.2f} s")
        print(f"cpu: {os.cpu_count()} kärnor")
        municipality(samverkan, max(arguments.repeat, 15))


MUNICIPALITY = Path(__file__).resolve().parent.parent / "data"


def _run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return time.perf_counter() - start


def municipality(samverkan: list[str], repeat: int, python: str = sys.executable) -> None:
    """`validate` on data/ against `python -c pass` of the same interpreter, the commands run
    in turn so that both meet the same load: the target is at most 6 x. Four cases: the tree
    as checked before (its kept result); the tree with one file changed since (nothing kept
    fits); the pre-commit hook (`validate --staged`) on that change after a `validate` of it
    (the whole tree's result, narrowed); and no cache at all."""
    _compiled(python)
    with tempfile.TemporaryDirectory(prefix="samverkan-municipality-") as temporary:
        checkout = Path(temporary)
        data = checkout / "data"
        shutil.copytree(MUNICIPALITY, data)
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "data"]):
            subprocess.run(["git", *args], cwd=checkout, check=True, capture_output=True)
        validate = [*samverkan, "validate"]  # in the checkout, as a user and the hook run it
        hook = [*samverkan, "validate", "--staged"]
        changing = data / "areas" / "husby.yaml"
        original = changing.read_bytes()
        _run(validate, cwd=checkout)  # keeps the result
        times: dict[str, list[float]] = {
            name: [] for name in ("pass", "kept", "changed", "hook", "fresh")
        }
        for turn in range(repeat):
            times["pass"].append(_run([python, "-c", "pass"]))
            times["kept"].append(_run(validate, cwd=checkout))
            changing.write_bytes(original + f"# ändring {turn}\n".encode())
            subprocess.run(["git", "add", "-A"], cwd=checkout, check=True)
            times["changed"].append(_run(validate, cwd=checkout))
            times["hook"].append(_run(hook, cwd=checkout))
            times["fresh"].append(_run(validate, {"SAMVERKAN_CACHE": "0"}, checkout))
    medians = {name: statistics.median(values) for name, values in times.items()}
    files = sum(1 for _ in MUNICIPALITY.rglob("*.yaml"))
    print(f"validate på data/ ({files} filer), median av {repeat} körningar i tur och ordning:")
    print(f"  python -c pass                        {medians['pass']:.3f}s")
    for name, label in (
        ("kept", "sparat resultat"),
        ("changed", "en fil ändrad"),
        ("hook", "--staged efter validate"),
        ("fresh", "utan cache"),
    ):
        ratio = medians[name] / medians["pass"]
        print(f"  validate, {label:<27} {medians[name]:.3f}s {ratio:5.1f} x python -c pass")


def municipality_here_and_in_a_hook(samverkan: list[str], repeat: int) -> None:
    """The rows on data/ with this interpreter, and in a new virtual environment with the
    package installed as pre-commit installs a hook (`pip install .`, no editable finder or
    other start-up files: a `python -c pass` several times faster)."""
    print("I den här miljön:")
    municipality(samverkan, repeat)
    with tempfile.TemporaryDirectory(prefix="samverkan-hook-") as temporary:
        venv = Path(temporary) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = str(venv / "bin" / "python")
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", str(MUNICIPALITY.parent)],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        print("I en ny virtuell miljö, installerad som pre-commit installerar en hook:")
        municipality([str(venv / "bin" / "samverkan")], repeat, python)


def _compiled(python: str) -> None:
    """The package's bytecode written, as an installed package has it (pip compiles at
    install); a checkout run with PYTHONDONTWRITEBYTECODE would else compile every module on
    every run."""
    subprocess.run(
        [python, "-m", "compileall", "-q", str(MUNICIPALITY.parent / "samverkan_cli")],
        check=False,
        stdout=subprocess.DEVNULL,
    )


if __name__ == "__main__":
    main()
