"""Backup and restore into an empty store, as docs/operations.md says: the same applications come back.

FileStorage: ``repozo -B -F`` of Data.fs plus a copy of the blob directory, restored with
``repozo -R`` into an empty var. RelStorage: ``pg_dump -Fc`` restored with ``pg_restore`` into a new
empty database. The key files are kept apart (as an operator backs them up) and given to the
restored store by SANJI_MASTER_KEY_FILE and SANJI_SEAL_AUTHORITY_KEY_FILE. The restored store holds
the five sample cases, their personal data decrypts, and every chain of seals verifies.
"""

import shutil
import subprocess

import pytest

from tests.postgres import create_database
from tests.postgres import drop_database
from tests.postgres import dsn
from tests.scale.sites import BIN
from tests.scale.sites import CASES
from tests.scale.sites import build_site
from tests.scale.sites import check_site
from tests.scale.sites import environment
from tests.scale.sites import keep_keys
from tests.scale.sites import render_instance
from tests.scale.sites import run
from tests.scale.sites import sample_id_numbers


def assert_same_site(restored: dict, original: dict) -> None:
    assert len(restored) == len(CASES)
    assert restored == original
    assert {case["id_number"] for case in restored.values()} == sample_id_numbers()
    assert all(case["intact"] for case in restored.values()), restored
    assert any(case["steps"] for case in restored.values()), "some sample case has sealed steps"


def test_filestorage_repozo_backup_and_restore(tmp_path):
    var = tmp_path / "var"
    build_site(var, environment(var))
    keys = keep_keys(var, tmp_path / "keys")
    env = environment(var, **keys)
    original = check_site(var / "instance" / "etc" / "zope.conf", env)

    backup = tmp_path / "backup"
    (backup / "repozo").mkdir(parents=True)
    data_fs = var / "filestorage" / "Data.fs"
    run([str(BIN / "repozo"), "-B", "-F", "-r", str(backup / "repozo"), "-f", str(data_fs)], env)
    shutil.copytree(var / "blobstorage", backup / "blobstorage")
    assert list((backup / "repozo").glob("*.fs*")), "repozo wrote a full backup"

    restored_var = tmp_path / "restored"
    restored_env = environment(restored_var, **keys)
    zope_conf = render_instance(restored_env)
    restored_fs = restored_var / "filestorage" / "Data.fs"
    assert not restored_fs.exists()
    run([str(BIN / "repozo"), "-R", "-r", str(backup / "repozo"), "-o", str(restored_fs)], restored_env)
    shutil.copytree(backup / "blobstorage", restored_var / "blobstorage")

    assert_same_site(check_site(zope_conf, restored_env), original)


@pytest.mark.postgres
def test_relstorage_pg_dump_and_restore(tmp_path, postgres_server, postgres_database):
    from sanji.crypto.keys import new_ring_document
    from sanji.crypto.keys import write_ring_file

    ring = tmp_path / "keys" / "master-keys.json"
    write_ring_file(ring, new_ring_document())
    var = tmp_path / "var"
    build_site(
        var, environment(var, RELSTORAGE_DSN=dsn(postgres_server, postgres_database), SANJI_MASTER_KEY_FILE=str(ring))
    )
    authority = shutil.copy2(var / "secrets" / "seal-authority.pem", tmp_path / "keys" / "seal-authority.pem")
    keys = {"SANJI_MASTER_KEY_FILE": str(ring), "SANJI_SEAL_AUTHORITY_KEY_FILE": str(authority)}
    env = environment(var, RELSTORAGE_DSN=dsn(postgres_server, postgres_database), **keys)
    original = check_site(var / "instance" / "etc" / "zope.conf", env)

    server = ["-h", postgres_server["host"], "-p", str(postgres_server["port"]), "-U", postgres_server["user"]]
    dump = tmp_path / "backup" / "sanji.dump"
    dump.parent.mkdir()
    run(["pg_dump", *server, "-Fc", "-f", str(dump), postgres_database], env)

    restored_db = create_database(postgres_server, "sanji_restored")
    try:
        run(["pg_restore", *server, "--no-owner", "--exit-on-error", "-d", restored_db, str(dump)], env)
        restored_var = tmp_path / "restored"  # an empty blob cache: the blobs come from the database
        restored_env = environment(restored_var, RELSTORAGE_DSN=dsn(postgres_server, restored_db), **keys)
        zope_conf = render_instance(restored_env)
        assert_same_site(check_site(zope_conf, restored_env), original)
    finally:
        drop_database(postgres_server, restored_db)


def test_backup_tools_are_installed():
    assert (BIN / "repozo").exists(), "repozo ships with ZODB"
    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), f"{tool} is needed for the RelStorage backup"
    assert subprocess.run([str(BIN / "repozo"), "--help"], capture_output=True, check=False).returncode == 0
