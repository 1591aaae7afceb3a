"""``sanji-pack`` packs the storage that the rendered zope.conf names, and refuses what it cannot do.

The databases are made by a few lines of ZODB (no Plone needed); the command runs as its own process
with a zope.conf rendered by ``sanji-instance`` from ``instance/``, as in production.
"""

import os
import subprocess
import sys
import uuid
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import pytest
import transaction
import ZODB
import ZODB.utils
from persistent.mapping import PersistentMapping
from ZODB.blob import Blob
from ZODB.blob import BlobStorage
from ZODB.FileStorage import FileStorage
from ZODB.POSException import POSKeyError

from sanji.cli.instance import InstanceSettings
from sanji.cli.instance import render

TEMPLATES = Path(__file__).parents[2] / "instance"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def sanji_pack(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SANJI_", "RELSTORAGE_", "ZEO_"))}
    return subprocess.run(
        [sys.executable, "-m", "sanji.cli.pack", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def zope_conf(var: Path, **environ) -> Path:
    return render(InstanceSettings.from_environment({"SANJI_VAR": str(var), **environ}), TEMPLATES) / "zope.conf"


def open_filestorage(var: Path) -> ZODB.DB:
    """The storage the rendered zope.conf describes: a FileStorage inside a BlobStorage."""
    base = FileStorage(str(var / "filestorage" / "Data.fs"))
    return ZODB.DB(BlobStorage(str(var / "blobstorage"), base))


def write_blob(data: bytes) -> Blob:
    blob = Blob()
    with blob.open("w") as stream:
        stream.write(data)
    return blob


def blob_files(var: Path) -> list[Path]:
    return sorted((var / "blobstorage").rglob("*.blob"))


@pytest.fixture
def var(tmp_path) -> Path:
    return tmp_path / "var"


@pytest.fixture
def aged_filestorage(var):
    """A FileStorage with 30-day-old history, an orphaned object and an old blob revision.

    ``case`` goes through the values 0..5 thirty days ago and 6..8 now; ``orphan`` is referenced
    thirty days ago, then dropped; ``scan`` gets a new blob now, so its first blob is history.
    Returns the oids of ``case`` and ``orphan``.
    """
    import time_machine

    conf = zope_conf(var)
    with time_machine.travel(datetime.now(UTC) - timedelta(days=30), tick=True):
        db = open_filestorage(var)  # creates the root object: a tid is never older than the last one
        connection = db.open()
        root = connection.root()
        root["case"] = PersistentMapping(value=0)
        root["orphan"] = PersistentMapping(payload="x" * 10_000)
        root["scan"] = PersistentMapping(page=write_blob(b"old page " * 1000))
        transaction.commit()
        for value in range(1, 6):
            root["case"]["value"] = value
            transaction.commit()
        orphan_oid = root["orphan"]._p_oid
        del root["orphan"]
        transaction.commit()
        connection.close()
    connection = db.open()
    root = connection.root()
    for value in range(6, 9):
        root["case"]["value"] = value
        transaction.commit()
    root["scan"]["page"] = write_blob(b"new page " * 1000)
    transaction.commit()
    case_oid = root["case"]._p_oid
    connection.close()
    db.close()
    return conf, case_oid, orphan_oid


def test_pack_keeps_recent_history_and_drops_the_rest(var, aged_filestorage):
    conf, case_oid, orphan_oid = aged_filestorage
    data_fs = var / "filestorage" / "Data.fs"
    size_before = data_fs.stat().st_size
    assert len(blob_files(var)) == 2

    result = sanji_pack(str(conf), "--days", "7")

    assert result.returncode == 0, result.stderr
    assert "packed BlobStorage" in result.stdout
    assert "to 7 days" in result.stdout
    assert (var / "filestorage" / "Data.fs.old").exists()
    assert data_fs.stat().st_size < size_before
    db = open_filestorage(var)
    try:
        connection = db.open()
        root = connection.root()
        assert root["case"]["value"] == 8
        with root["scan"]["page"].open() as stream:
            assert stream.read().startswith(b"new page")
        # The last week stays (and the state that was current when it began); older revisions go.
        kept = [db.storage.loadSerial(case_oid, entry["tid"]) for entry in db.storage.history(case_oid, size=100)]
        assert len(kept) == 4
        with pytest.raises(POSKeyError):
            db.storage.load(orphan_oid)
        # The first blob of the scan was still current a week ago: it stays.
        assert len(blob_files(var)) == 2
        connection.close()
    finally:
        db.close()


def test_pack_to_zero_days_keeps_only_the_current_state(var, aged_filestorage):
    conf, case_oid, _orphan_oid = aged_filestorage

    result = sanji_pack(str(conf), "--days", "0")

    assert result.returncode == 0, result.stderr
    db = open_filestorage(var)
    try:
        assert len(db.storage.history(case_oid, size=100)) == 1
        assert db.open().root()["case"]["value"] == 8
        assert len(blob_files(var)) == 1
    finally:
        db.close()


def test_a_running_instance_holds_the_filestorage(var, aged_filestorage):
    conf, _case_oid, _orphan_oid = aged_filestorage
    running = open_filestorage(var)  # holds Data.fs.lock, as a running instance does
    try:
        result = sanji_pack(str(conf), "--days", "7")
    finally:
        running.close()

    assert result.returncode == 2
    assert "locked by a running instance" in result.stderr
    assert "manage_pack" in result.stderr
    assert not (var / "filestorage" / "Data.fs.old").exists()


def test_refuses_negative_days_and_unreadable_configuration(tmp_path):
    negative = sanji_pack(str(tmp_path / "zope.conf"), "--days", "-1")
    assert negative.returncode == 2
    assert "must be 0 or more" in negative.stderr

    missing = sanji_pack(str(tmp_path / "nowhere.conf"))
    assert missing.returncode == 2
    assert "sanji-pack: cannot read" in missing.stderr


@pytest.fixture
def database():
    """A throwaway PostgreSQL database on the local server."""
    import psycopg2

    name = f"sanji_pack_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"dbname='{name}' host='{PG['host']}' port='{PG['port']}' user='{PG['user']}'"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def stored_oids(dsn: str) -> set[int]:
    """The object ids in a history-free RelStorage database, read with SQL (no cache in between)."""
    import psycopg2

    connection = psycopg2.connect(dsn)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT zoid FROM object_state")
            return {row[0] for row in cursor.fetchall()}
    finally:
        connection.close()


@pytest.mark.postgres
def test_pack_relstorage_collects_unreachable_objects(var, database):
    from ZODB.config import storageFromString

    conf = zope_conf(var, RELSTORAGE_DSN=database)
    storage_config = f"""
        %import relstorage
        <relstorage>
            keep-history false
            blob-dir {var / "writer-blobs"}
            shared-blob-dir false
            <postgresql>
                dsn {database}
            </postgresql>
        </relstorage>
    """
    db = ZODB.DB(storageFromString(storage_config))
    try:
        connection = db.open()
        root = connection.root()
        root["case"] = PersistentMapping(value=1)
        root["orphan"] = PersistentMapping(payload="x" * 10_000)
        transaction.commit()
        orphan_oid, case_oid = root["orphan"]._p_oid, root["case"]._p_oid
        del root["orphan"]
        root["case"]["value"] = 2
        transaction.commit()
        connection.close()
        orphan, case = ZODB.utils.u64(orphan_oid), ZODB.utils.u64(case_oid)
        assert {orphan, case} <= stored_oids(database)

        # RelStorage packs beside running instances: this writer stays open meanwhile.
        result = sanji_pack(str(conf), "--days", "0")

        assert result.returncode == 0, result.stderr
        assert "packed RelStorage" in result.stdout
        connection = db.open()
        assert connection.root()["case"]["value"] == 2
        connection.close()
    finally:
        db.close()
    after = stored_oids(database)
    assert case in after
    assert orphan not in after
