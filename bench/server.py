"""Serve a generated dataset with a real Zope instance (``runwsgi``), started by :mod:`sanji.testing_cluster`.

The benchmarks serve a throwaway copy of the dataset: the sweep writes cards, and the overhead benchmark
adds plain Plone pages, and neither may change the dataset that the next run measures. The copy shares
the blob files through hard links (nothing measured writes a blob) and copies the FileStorage.

The instance runs the committed code (``git archive`` of a commit, HEAD by default, put first on its
PYTHONPATH), not the working tree, where colleagues' unfinished changes may keep Zope from starting; the
figures then name the commit they measured.
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sanji.testing_cluster import Instance
from sanji.testing_cluster import free_port
from sanji.testing_cluster import instance_environment

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "var" / "bench"


def dataset(name: str) -> Path:
    """``var/bench/<name>`` (made by :mod:`bench.generate`).

    :raises SystemExit: the dataset was not generated yet, naming the command that makes it.
    """
    path = Path(name) if "/" in name else DATASETS / name
    if not (path / "filestorage" / "Data.fs").exists():
        raise SystemExit(f"No dataset at {path}: run `python -m bench.generate --var {path} --count N` first.")
    return path


def throwaway_copy(source: Path, target: Path) -> Path:
    """A copy of the dataset ``source`` at ``target`` (replacing what was there)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copytree(source / "secrets", target / "secrets")
    (target / "filestorage").mkdir()
    for name in ("Data.fs", "Data.fs.index"):
        if (source / "filestorage" / name).exists():
            shutil.copy2(source / "filestorage" / name, target / "filestorage" / name)
    subprocess.run(["cp", "-al", str(source / "blobstorage"), str(target / "blobstorage")], check=True)
    return target


def pid_status(pid: int) -> dict[str, str]:
    """The fields of ``/proc/<pid>/status`` (VmHWM, VmRSS, …)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of ``pid`` in MiB."""
    return int(pid_status(pid)["VmHWM"].split()[0]) / 1024


def commit_id(revision: str = "HEAD") -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", revision], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def snapshot(revision: str = "HEAD") -> Path:
    """The code of ``revision`` (src, profiles, theme) extracted under var/bench/code-<commit>; its src folder."""
    target = DATASETS / f"code-{commit_id(revision)}"
    if not (target / "src").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", "--format=tar", revision, "src", "profiles", "theme"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


@contextmanager
def serving(
    name: str, *, threads: int = 4, copy: bool = True, code: Path | None = None, environ: dict | None = None
) -> Iterator[Instance]:
    """A running instance on the dataset ``name`` (a throwaway copy unless ``copy`` is False).

    :param code: the ``src`` folder to run (see :func:`snapshot`); None runs the working tree.
    """
    source = dataset(name)
    var = throwaway_copy(source, DATASETS / f"run-{source.name}") if copy else source
    port = free_port()
    # The sweep is measured on request: the instance's own clock (every ten minutes) would run it meanwhile.
    extra = {"SANJI_SWEEP_INTERVAL": "0", **({"PYTHONPATH": str(code)} if code else {})}
    env = instance_environment(var, port, threads, {**extra, **(environ or {})})
    instance = Instance(source.name, var, port, env)
    instance.render()
    instance.start()
    try:
        instance.wait_ready(300)
        yield instance
    finally:
        instance.stop()
        if copy and os.environ.get("BENCH_KEEP_COPY") != "1":
            shutil.rmtree(var, ignore_errors=True)


def base_url(instance: Instance) -> str:
    """The site's URL on ``localhost``: Plone's theming leaves ``127.0.0.1`` unthemed, real visitors are themed."""
    return f"http://localhost:{instance.port}/{instance.site_id}"
