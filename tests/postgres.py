"""A PostgreSQL server for the tests: the local one at 127.0.0.1:5432, or a throwaway cluster.

On a machine where no server answers, ``postgres_server`` runs ``initdb`` and ``pg_ctl`` from the
newest ``/usr/lib/postgresql/*/bin`` as a non-root user (``postgres`` or ``nobody`` when the tests run
as root), with trust authentication on a free loopback port, and stops it at the end of the session.
"""

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from sanji.testing_cluster import LOCAL_POSTGRES as LOCAL
from sanji.testing_cluster import answers
from sanji.testing_cluster import create_database
from sanji.testing_cluster import drop_database
from sanji.testing_cluster import dsn
from sanji.testing_cluster import free_port

__all__ = ["create_database", "drop_database", "dsn", "postgres_database", "postgres_dsn", "postgres_server"]


def _binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda path: int(path.parts[-3]))
    if not found:
        pytest.fail("No PostgreSQL answers at 127.0.0.1:5432 and no initdb/pg_ctl under /usr/lib/postgresql")
    return found[-1].parent


def _as_user(args: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *args] if user else args


@contextmanager
def throwaway_cluster():
    """initdb + pg_ctl start on a free port; yields the connection parameters; stops and removes it."""
    bin_dir = _binaries()
    user = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        import pwd

        user = next(name for name in ("postgres", "nobody") if _exists(pwd, name))
    root = Path(tempfile.mkdtemp(prefix="sanji-pg-"))
    data = root / "data"
    data.mkdir()
    if user:
        import pwd

        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
        os.chown(data, entry.pw_uid, entry.pw_gid)
    port = free_port()
    run = {"capture_output": True, "text": True, "timeout": 120}
    subprocess.run(
        _as_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"], user),
        check=True,
        **run,
    )
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} -c fsync=off"
    subprocess.run(
        _as_user(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options, "-w", "start"], user
        ),
        check=True,
        **run,
    )
    try:
        yield {"host": "127.0.0.1", "port": port, "user": "postgres"}
    finally:
        subprocess.run(
            _as_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], user),
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


def _exists(pwd, name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="session")
def postgres_server():
    """Connection parameters (host, port, user) of a PostgreSQL server with trust authentication."""
    if answers(LOCAL["host"], LOCAL["port"]):
        yield dict(LOCAL)
        return
    with throwaway_cluster() as server:
        yield server


@pytest.fixture
def postgres_database(postgres_server):
    """A new empty database on the test server, dropped afterwards; yields its name."""
    name = create_database(postgres_server)
    try:
        yield name
    finally:
        drop_database(postgres_server, name)


@pytest.fixture
def postgres_dsn(postgres_server, postgres_database) -> str:
    """The RELSTORAGE_DSN of a new empty database, dropped afterwards."""
    return dsn(postgres_server, postgres_database)
