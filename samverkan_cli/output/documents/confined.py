"""User templates rendered in a child process with limits that hold from outside.

A template from the user (--templates, or a templates/ folder beside the data, which a pull
request can change) is code. Jinja's sandbox stops attribute walks, not time or memory: its
constant folding swallows an alarm, big-integer arithmetic cannot be interrupted, and a Typst
compile is Rust code no signal handler reaches. So such a template is rendered (and, for a
PDF, compiled) in a fresh interpreter (`python -m` this module), which

- runs under a memory limit (RLIMIT_AS: SAMVERKAN_TEMPLATE_MEGABYTES, default 1024, more than
  it had once its modules were imported) and a CPU limit (RLIMIT_CPU);
- is killed by this process when the wall-clock limit (SAMVERKAN_TEMPLATE_SECONDS, default
  30) runs out, or at once on Ctrl-C, and dies with this process (PR_SET_PDEATHSIG on Linux);
- gets no environment but what an interpreter needs (no CI tokens), and sends back only text
  or PDF bytes, pickled, on its standard output.

A fresh interpreter, not a fork: a process forked after Typst has compiled once hangs in its
first compile (Typst's threads are not in the fork). The built-in templates are this package's
own code and keep the fast path in this process.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samverkan_cli.output.documents.templating import TemplateProblem, time_limit_seconds

_STARTUP_SECONDS = 60.0
_KEPT_ENVIRONMENT = ("PATH", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "TMPDIR", "LANG")


@dataclass(frozen=True)
class Job:
    """What the child renders: template `name` from the user's `template_dirs` (and the
    built-in ones) once per context; with `pdf_as_of`, the one text compiled to PDF."""

    output_format: str
    template_dirs: tuple[Path, ...]
    name: str
    contexts: list[dict[str, Any]]
    pdf_as_of: datetime.date | None = None
    font_paths: tuple[Path, ...] = ()


def memory_limit_bytes() -> int:
    """SAMVERKAN_TEMPLATE_MEGABYTES, default 1024: what a template may use."""
    try:
        megabytes = float(os.environ.get("SAMVERKAN_TEMPLATE_MEGABYTES", "1024"))
    except ValueError:
        megabytes = 1024.0
    return int(max(megabytes, 16.0) * 1024 * 1024)


def render_confined(
    output_format: str, template_dirs: Sequence[Path], name: str, contexts: list[dict[str, Any]]
) -> list[str]:
    texts: list[str] = _run(Job(output_format, tuple(template_dirs), name, contexts))
    return texts


def pdf_confined(
    template_dirs: Sequence[Path],
    name: str,
    context: dict[str, Any],
    as_of: datetime.date,
    font_paths: Sequence[Path] = (),
) -> bytes:
    job = Job("typ", tuple(template_dirs), name, [context], as_of, tuple(font_paths))
    pdf: bytes = _run(job)
    return pdf


_PACKAGE_PARENT = str(Path(__file__).resolve().parents[3])
"""Where this samverkan_cli lies: the child runs this very code, not another installed copy."""
_START = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); import runpy;"
    f" runpy.run_module({__name__!r}, run_name='__main__', alter_sys=True)"
)


def _child_environment() -> dict[str, str]:
    kept = {key: value for key, value in os.environ.items() if key in _KEPT_ENVIRONMENT}
    return {**kept, "RUST_BACKTRACE": "0", "PYTHONDONTWRITEBYTECODE": "1"}


def _run(job: Job) -> Any:
    seconds = time_limit_seconds()
    payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
    command = [
        sys.executable,
        "-I",
        "-c",
        _START,
        _PACKAGE_PARENT,
        str(memory_limit_bytes()),
        str(int(seconds) + 1),
        str(os.getpid()),
    ]
    child = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_environment(),
        cwd=os.sep,
        close_fds=True,
    )
    try:
        out = _exchange(child, payload, seconds)
        if out is None:
            raise TemplateProblem(
                job.name,
                0,
                f"mallen tog längre tid än {seconds:g} s och stoppades; en för stor loop?",
            )
        child.wait()
    finally:  # a timeout, Ctrl-C or any error here: the child goes at once
        if child.poll() is None:
            child.kill()
            child.wait()
    return _answer(job, out, child.returncode)


def _exchange(child: subprocess.Popen[bytes], payload: bytes, seconds: float) -> bytes | None:
    """Send the job; the child's answer, or None when it ran out of time. The clock starts
    when the child says it is ready (its imports done, the job read and its limits set), so
    a slow start on a busy machine is not the template's time."""
    assert child.stdin is not None and child.stdout is not None
    stdin, stdout = child.stdin, child.stdout

    def send() -> None:
        try:
            stdin.write(payload)
            stdin.close()
        except OSError:  # it died: its exit says why
            pass

    writer = threading.Thread(target=send, daemon=True)
    writer.start()
    chunks: list[bytes] = []
    deadline = time.monotonic() + _STARTUP_SECONDS
    ready = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([stdout], [], [], left)[0]:
            return None
        chunk = os.read(stdout.fileno(), 1 << 20)
        if not chunk:
            return b"".join(chunks)
        if not ready:
            ready, chunk = True, chunk[1:]  # the ready byte
            deadline = time.monotonic() + seconds
        chunks.append(chunk)


def _answer(job: Job, out: bytes, status: int) -> Any:
    answer: tuple[Any, ...] = ()
    if out:
        try:
            answer = pickle.loads(out)
        except Exception:
            answer = ()
    if answer and answer[0] == "ok":
        return answer[1]
    if answer and answer[0] == "problem":
        raise TemplateProblem(answer[1], answer[2], answer[3])
    if answer and answer[0] == "font":
        from samverkan_cli.output.documents.pdf import FontMissing

        raise FontMissing(answer[1], job.font_paths)
    if answer and answer[0] == "pdf":
        from samverkan_cli.output.documents.pdf import PdfError

        raise PdfError(answer[1], crashed=answer[2])
    megabytes = memory_limit_bytes() // (1024 * 1024)
    if (answer and answer[0] == "memory") or status == -signal.SIGABRT:
        raise TemplateProblem(
            job.name, 0, f"mallen behövde mer än {megabytes} MB minne och stoppades"
        )
    if status in (-signal.SIGXCPU, -signal.SIGKILL):
        raise TemplateProblem(
            job.name, 0, f"mallen tog längre tid än {time_limit_seconds():g} s och stoppades"
        )
    raise TemplateProblem(job.name, 0, f"mallen kunde inte göras (processen slutade med {status})")


# The child.


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)


def _limit(memory: int, cpu: int) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: the wall-clock limit alone
        return
    spent = resource.getrusage(resource.RUSAGE_SELF)
    cpu += int(spent.ru_utime + spent.ru_stime) + 1  # the imports are not the template's
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            used = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        used = 0
    resource.setrlimit(resource.RLIMIT_AS, (used + memory, used + memory))


def _work(job: Job) -> Any:
    from samverkan_cli.output.documents import templating

    env = templating.environment(job.output_format, job.template_dirs, confined=False)
    texts = templating.render_each(env, job.name, job.contexts)
    if job.pdf_as_of is None:
        return texts
    from samverkan_cli.output.documents.pdf import compile_pdf

    return compile_pdf(texts[0], job.pdf_as_of, job.font_paths)


def main(arguments: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it, with no handler to swallow
    memory, cpu, parent = (int(argument) for argument in arguments)
    _die_with_parent(parent)
    # Imported before the memory limit: its size is not the template's (without the `pdf`
    # extra there is no Typst, and a Markdown template needs none).
    with contextlib.suppress(ImportError):
        import typst  # noqa: F401

    from samverkan_cli.output.documents import pdf, templating  # noqa: F401

    job = pickle.loads(sys.stdin.buffer.read())
    _limit(memory, cpu)
    sys.stdout.buffer.write(b"R")  # ready: the parent's clock starts now
    sys.stdout.buffer.flush()
    answer: tuple[Any, ...]
    try:
        answer = ("ok", _work(job))
    except TemplateProblem as error:
        answer = ("problem", error.template, error.line, error.message)
    except pdf.FontMissing as error:
        answer = ("font", error.family)
    except pdf.PdfError as error:
        answer = ("pdf", str(error), error.crashed)
    except MemoryError:
        answer = ("memory",)
    try:
        sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        sys.stdout.buffer.flush()
    except MemoryError:
        os._exit(3)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
