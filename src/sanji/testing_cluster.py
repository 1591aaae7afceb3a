"""Real Zope instances in subprocesses, for the scale-out tests and the benchmarks.

Usage: ``with running_cluster(root, count=2, postgres=LOCAL_POSTGRES) as cluster:`` creates a fresh
PostgreSQL database (dropped at the end), writes one master key ring and one seal authority under
``root/secrets`` (shared by every instance, as a Kubernetes Secret would be), renders each instance's
configuration with ``sanji-instance`` from the environment into ``root/instance-<n>``, creates the
site once with ``sanji-create-site``, starts every instance with ``runwsgi`` on a free loopback port
and waits until each answers ``/ok``. ``cluster.instances[n].site_url`` is the site's URL on instance
``n`` (demo staff, password ``demo``, seal PIN ``123456``; Zope ``admin``/``admin``);
``cluster.instances[n].run_python`` runs a script against the same store, and
:func:`submission_body` builds a complete ``@applications`` POST for a sample item. Without
``postgres`` the one instance (``count`` must be 1) uses a FileStorage under ``root/instance-0``.
``threads`` sets SANJI_THREADS, ``environ`` adds variables (e.g. ``SANJI_SMS_GATEWAY``). On leaving
the block every instance gets SIGTERM (Zope closes its database), then SIGKILL after a grace period;
logs stay in ``root/instance-<n>/log``.
Nothing here imports the tests or the benchmarks: both import this module.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

#: The repository (instance/ holds the templates sanji-instance renders).
REPO = Path(__file__).resolve().parents[2]
#: The console scripts of the running Python (the virtualenv's bin/).
BIN = Path(sys.executable).parent
#: The local PostgreSQL of a development machine and of CI (trust authentication).
LOCAL_POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
#: Variables of the caller that must not leak into an instance's configuration.
OWN_PREFIXES = ("SANJI_", "RELSTORAGE_", "ZEO_", "ZODB_")
#: The sample county's demo accounts (local instances only) and the PIN of every demo seal.
ADMIN = ("admin", "admin")
DEMO_PASSWORD = "demo"
DEMO_SEAL_PIN = "123456"
#: The sample cases (item, village, agent, applicant, answers) that ``sanji-create-site`` adds.
SAMPLE_CASES = REPO / "profiles" / "suning" / "cases.json"


class ClusterError(RuntimeError):
    """An instance could not be configured, started or reached; the message quotes its log."""


def answers(host: str, port: int) -> bool:
    """Whether something accepts TCP connections at ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dsn(server: dict, database: str) -> str:
    """The libpq DSN (RELSTORAGE_DSN) of ``database`` on ``server`` (host, port, user)."""
    return f"dbname='{database}' host='{server['host']}' port='{server['port']}' user='{server['user']}'"


def _administer(server: dict, statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE cannot run inside one)."""
    import psycopg2

    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(statement)
    finally:
        admin.close()


def create_database(server: dict, prefix: str = "sanji_test") -> str:
    """A new empty database with a unique name; return the name."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    _administer(server, f'CREATE DATABASE "{name}"')
    return name


def drop_database(server: dict, name: str) -> None:
    """Drop ``name`` even if connections are left (WITH FORCE)."""
    _administer(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_keys(folder: Path) -> dict[str, str]:
    """One master key ring and one seal authority for every instance; return their variables."""
    from sanji.crypto.keys import KEY_FILE_VARIABLE as RING_VARIABLE
    from sanji.crypto.keys import new_ring_document
    from sanji.crypto.keys import write_ring_file
    from sanji.seals.authority import KEY_FILE_VARIABLE as AUTHORITY_VARIABLE
    from sanji.seals.authority import generate_authority
    from sanji.seals.authority import write_authority

    folder.mkdir(parents=True, exist_ok=True)
    ring, authority = folder / "master-keys.json", folder / "seal-authority.pem"
    write_ring_file(ring, new_ring_document())
    write_authority(authority, generate_authority("肃宁县电子签章中心 (集群测试)"))
    return {RING_VARIABLE: str(ring), AUTHORITY_VARIABLE: str(authority)}


def _run(args: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise ClusterError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr[-4000:]}")
    return result


@dataclass
class Instance:
    """One Zope instance: its var folder, loopback port, environment and ``runwsgi`` process."""

    name: str
    var: Path
    port: int
    env: dict[str, str]
    site_id: str = "Plone"
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def site_url(self) -> str:
        return f"{self.url}/{self.site_id}"

    @property
    def etc(self) -> Path:
        return self.var / "instance" / "etc"

    @property
    def zope_conf(self) -> Path:
        return self.etc / "zope.conf"

    @property
    def log(self) -> Path:
        return self.var / "log" / "runwsgi.log"

    def render(self) -> None:
        """``sanji-instance``: zope.conf and zope.ini from this instance's environment."""
        _run([str(BIN / "sanji-instance"), "--templates", str(REPO / "instance")], self.env)

    def create_site(self) -> None:
        """``sanji-create-site``: the site with the sample county (idempotent)."""
        _run([str(BIN / "sanji-create-site"), str(self.zope_conf)], self.env)

    def run_python(self, script: str, *args: str, timeout: float = 600) -> str:
        """Run ``script`` in a new Python process with this instance's environment; return its stdout.

        ``sys.argv[1]`` is the zope.conf: ``sanji.cli.boot.zope_site(sys.argv[1])`` opens the site.
        """
        return _run([sys.executable, "-c", script, str(self.zope_conf), *args], self.env, timeout).stdout

    def start(self) -> None:
        """``runwsgi`` in its own process group, its output in ``log``."""
        if self.process is not None:
            raise ClusterError(f"{self.name} is already running")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [str(BIN / "runwsgi"), str(self.etc / "zope.ini")],
                cwd=REPO,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 180) -> None:
        """Until ``/ok`` answers 200.

        :raises ClusterError: the process ended or did not answer in time (with the log's tail).
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise ClusterError(f"{self.name} ended while starting:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/ok", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise ClusterError(f"{self.name} did not answer /ok within {timeout:.0f}s:\n{self.log_tail()}")

    def stop(self, grace: float = 20) -> None:
        """SIGTERM (Zope closes the database), SIGKILL if it is still there after ``grace``."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

    def log_tail(self, characters: int = 4000) -> str:
        text = ""
        for path in (self.log, self.var / "log" / "event.log"):
            if path.exists():
                text += f"--- {path}\n{path.read_text(errors='replace')[-characters:]}\n"
        return text


@dataclass
class Cluster:
    """The instances over one store; ``dsn`` is None for a FileStorage."""

    root: Path
    instances: list[Instance]
    dsn: str | None

    @property
    def storage(self) -> str:
        return "relstorage" if self.dsn else "filestorage"

    @property
    def site_urls(self) -> list[str]:
        return [instance.site_url for instance in self.instances]

    def stop(self) -> None:
        """Stop every instance (each gets SIGTERM first, then they are waited for)."""
        for instance in self.instances:
            if instance.process is not None and instance.process.poll() is None:
                os.killpg(instance.process.pid, signal.SIGTERM)
        for instance in self.instances:
            instance.stop()


def _png_page(shade: int) -> dict:
    """A small PNG page as plone.restapi's file object (base64)."""
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (shade % 256, 40, 120)).save(buffer, "PNG")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return {"data": data, "encoding": "base64", "filename": "page.png", "content-type": "image/png"}


def submission_body(item: dict, *, variant: int = 0) -> dict:
    """A complete ``@applications`` POST: a sample case's applicant and answers, one page per material.

    ``item`` is a service item as plone.restapi serialises it (``GET /<site>/services/<id>``), one of
    the items of the sample cases; ``variant`` makes the address (and so the submission) differ: the
    same ``variant`` twice is a double submission.
    """
    import json

    item_id = item["@id"].rstrip("/").rsplit("/", 1)[-1]
    case = next(case for case in json.loads(SAMPLE_CASES.read_text(encoding="utf-8")) if case["item"] == item_id)
    applicant = {**case["applicant"], "address": f"{case['applicant']['address']}-{variant}"}
    pages = {material["name"]: [_png_page(variant)] for material in item["materials"]}
    return {"item": item["item_code"], "applicant": applicant, "fields": dict(case["answers"]), "materials": pages}


def instance_environment(var: Path, port: int, threads: int, extra: dict[str, str]) -> dict[str, str]:
    """The caller's environment without storage or Sanji settings, plus this instance's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_PREFIXES)}
    env.update(
        {
            "SANJI_VAR": str(var),
            "SANJI_LISTEN": f"127.0.0.1:{port}",
            "SANJI_THREADS": str(threads),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


@contextmanager
def running_cluster(
    root: Path,
    count: int = 2,
    *,
    postgres: dict | None = None,
    threads: int = 4,
    environ: dict[str, str] | None = None,
    timeout: float = 300,
    database: str | None = None,
    keys: dict[str, str] | None = None,
) -> Iterator[Cluster]:
    """``count`` running instances sharing one fresh store and one site; stopped and dropped afterwards.

    :param root: an empty scratch folder (keys, each instance's var and logs).
    :param postgres: connection parameters (host, port, user) of a server with trust authentication;
        a new database is created on it and dropped at the end. None: one FileStorage instance.
    :param database: an existing database on ``postgres`` (e.g. a dataset copied in with
        ``zodbconvert``) instead of a new one; dropped at the end all the same.
    :param keys: the key files' variables of that store (SANJI_MASTER_KEY_FILE…) instead of new ones.
    :raises ClusterError: a configuration, the site creation (or update) or a start failed.
    """
    if postgres is None and count != 1:
        raise ClusterError("A FileStorage can be opened by one process only: use count=1 or give postgres.")
    if postgres and database is None:
        database = create_database(postgres, "sanji_cluster")
    store = {"RELSTORAGE_DSN": dsn(postgres, database)} if database else {}
    cluster = None
    try:
        shared = {**(keys or write_keys(root / "secrets")), **store, **(environ or {})}
        instances = []
        for number in range(count):
            var = root / f"instance-{number}"
            port = free_port()
            env = instance_environment(var, port, threads, shared)
            instances.append(Instance(f"instance-{number}", var, port, env, env.get("SANJI_SITE_ID") or "Plone"))
        cluster = Cluster(root, instances, store.get("RELSTORAGE_DSN"))
        for instance in instances:
            instance.render()
        instances[0].create_site()
        for instance in instances:
            instance.start()
        for instance in instances:
            instance.wait_ready(timeout)
        yield cluster
    finally:
        if cluster is not None:
            cluster.stop()
        if database:
            drop_database(postgres, database)


def clean(root: Path) -> None:
    """Remove a cluster's scratch folder (the instances must be stopped)."""
    shutil.rmtree(root, ignore_errors=True)
