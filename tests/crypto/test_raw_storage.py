"""Nothing personal is readable in the storage: a real site is built, then its raw bytes are searched.

``sanji-instance`` and ``sanji-create-site`` run in subprocesses, exactly as an operator runs them,
and create the five sample cases of Suning county (cases.json) with captured sample pages. Then the
Data.fs and the blob files (FileStorage), or every table and large object of the database
(RelStorage on PostgreSQL), are searched for the applicants' ID numbers, phones, names, addresses and
bank accounts, for the sample pages' marker and bytes, and for the master keys: none may be found.
A positive control (the item titles, the page file names) proves the search sees plain pickles.

The same built site then goes through the key lifecycle from the outside: start-up refusals with a
missing or wrong ring, rotation to a new key, retiring the old one, and the audit chain.
"""

import base64
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from sanji.setuphandlers.cases import SAMPLE_MARKER
from sanji.setuphandlers.cases import sample_page

REPO = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
CASES = json.loads((REPO / "profiles" / "suning" / "cases.json").read_text(encoding="utf-8"))
PERSONAL_ANSWERS = ("bank_account",)
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def personal_strings() -> list[str]:
    found = []
    for case in CASES:
        found += [case["applicant"][name] for name in ("id_number", "phone", "applicant_name", "address")]
        found += [case["answers"][name] for name in PERSONAL_ANSWERS if name in case["answers"]]
    return found


def comment_strings() -> list[str]:
    """The sample steps' comments, sealed in the workflow history (sanji.workflow.comments).

    A reason for return goes to the applicant by SMS, whose text the local outbox keeps for the
    administrators to read: those are left out.
    """
    return [
        comment
        for case in CASES
        for transition, _user, comment in case["steps"]
        if comment and transition != "return_for_correction"
    ]


def page_needles() -> list[bytes]:
    """The marker chunk, and slices of every sample page's compressed pixels (its IDAT chunk)."""
    needles = [SAMPLE_MARKER.encode("ascii")]
    for number in range(1, 6):
        png = sample_page(f"SAMPLE {number}")
        start = png.index(b"IDAT") + 4
        needles += [png[start : start + 48], png[start + 200 : start + 248], png[:64]]
    return needles


def needles() -> dict[str, bytes]:
    found = {text: text.encode("utf-8") for text in personal_strings() + comment_strings()}
    found.update({f"page bytes {index}": needle for index, needle in enumerate(page_needles())})
    return found


def environment(var: Path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SANJI_", "RELSTORAGE_", "ZEO_"))}
    env.update({"SANJI_VAR": str(var), "SANJI_LISTEN": "127.0.0.1:8080"}, **extra)
    return env


def run(args: list[str], env: dict, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr[-4000:]}")
    return result


def build_site(var: Path, env: dict) -> Path:
    run([str(BIN / "sanji-instance"), "--templates", str(REPO / "instance")], env)
    etc = var / "instance" / "etc"
    run([str(BIN / "sanji-create-site"), str(etc / "zope.conf")], env)
    return etc / "zope.conf"


def cli(module: str, *args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", f"sanji.cli.{module}", *args], env, check=check)


def files_under(*folders: Path) -> list[Path]:
    return [path for folder in folders if folder.exists() for path in folder.rglob("*") if path.is_file()]


def search_files(paths: list[Path], wanted: dict[str, bytes]) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        data = path.read_bytes()
        found += [(label, str(path)) for label, needle in wanted.items() if needle in data]
    return found


def key_needles(ring_path: Path) -> dict[str, bytes]:
    ring = json.loads(ring_path.read_text())
    values = [*ring["keys"].values(), ring["index_key"]]
    return {
        f"key {index}": needle
        for index, value in enumerate(values)
        for needle in (value.encode(), base64.b64decode(value))
    }


def key_lifecycle(zope_conf: Path, env: dict, ring_path: Path) -> None:
    """From the outside: refusals at start-up, rotation, retiring the old key, the audit chain."""
    verified = cli("audit_verify", str(zope_conf), env=env)
    assert "audit log intact" in verified.stdout
    document = json.loads(ring_path.read_text())
    old = document["current"]

    named_missing = {**env, "SANJI_MASTER_KEY_FILE": str(ring_path.parent / "absent.json")}
    refused = cli("audit_verify", str(zope_conf), env=named_missing, check=False)
    assert refused.returncode != 0
    assert "does not exist" in refused.stderr

    impostor = json.loads(cli("rotate_keys", "--new-key", env=env).stdout)
    impostor = {**impostor, "current": old, "keys": {old: impostor["keys"][impostor["current"]]}}
    impostor_path = ring_path.parent / "impostor.json"
    impostor_path.write_text(json.dumps(impostor))
    refused = cli("audit_verify", str(zope_conf), env={**env, "SANJI_MASTER_KEY_FILE": str(impostor_path)}, check=False)
    assert refused.returncode != 0
    assert "not the key this site was encrypted with" in refused.stderr

    rotated = json.loads(cli("rotate_keys", "--new-key", env=env).stdout)
    assert set(rotated["keys"]) == {old, rotated["current"]}
    rotated_path = ring_path.parent / "rotated.json"
    rotated_path.write_text(json.dumps(rotated))
    rotated_env = {**env, "SANJI_MASTER_KEY_FILE": str(rotated_path)}
    report = cli("rotate_keys", str(zope_conf), "--batch-size", "2", env=rotated_env).stdout
    assert f"current key {rotated['current']}: rewrapped {len(CASES)}" in report
    assert f"key {old}: 0 data keys (may be removed from the ring)" in report
    again = cli("rotate_keys", str(zope_conf), env=rotated_env).stdout
    assert f"rewrapped 0, already current {len(CASES)}" in again

    retired = {**rotated, "keys": {rotated["current"]: rotated["keys"][rotated["current"]]}}
    retired_path = ring_path.parent / "retired.json"
    retired_path.write_text(json.dumps(retired))
    retired_env = {**env, "SANJI_MASTER_KEY_FILE": str(retired_path)}
    verified = cli("audit_verify", str(zope_conf), env=retired_env)
    assert "audit log intact" in verified.stdout
    # Every sample case still opens with the new key alone.
    script = (
        "import sys\n"
        "from sanji.cli.boot import zope_site\n"
        "from sanji.api.personal_data import get_personal_data\n"
        "from sanji.capture.pages import list_pages, read_page\n"
        "with zope_site(sys.argv[1]) as (app, site):\n"
        "    for brain in site.portal_catalog.unrestrictedSearchResults(portal_type='Application'):\n"
        "        case = brain._unrestrictedGetObject()\n"
        "        assert get_personal_data(case)['id_number']\n"
        "        for page in list_pages(case):\n"
        "            assert read_page(case, page.id)[1].startswith(b'\\x89PNG')\n"
        "        print('ok', case.receipt_number)\n"
    )
    opened = run([sys.executable, "-c", script, str(zope_conf)], retired_env)
    assert opened.stdout.count("ok ") == len(CASES)


AGE_THE_COMPLETED_CASE = """
import sys
from datetime import datetime
import transaction
from sanji.cli.boot import zope_site
with zope_site(sys.argv[1]) as (app, site):
    (brain,) = site.portal_catalog.unrestrictedSearchResults(portal_type="Application", review_state="completed")
    case = brain._unrestrictedGetObject()
    case.completed_at = datetime(1990, 5, 4, 10, 0).astimezone()
    case.reindexObject()
    transaction.commit()
    print(case.receipt_number)
"""

READ_THE_SHREDDED_CASE = """
import sys
from sanji.cli.boot import zope_site
from sanji.api.personal_data import get_personal_data, personal_data_shredded
with zope_site(sys.argv[1]) as (app, site):
    case = site.portal_catalog.unrestrictedSearchResults(receipt_number=sys.argv[2])[0]._unrestrictedGetObject()
    print(get_personal_data(case), personal_data_shredded(case) is not None)
"""


def shred_lifecycle(zope_conf: Path, env: dict) -> None:
    """``sanji-shred-expired`` shreds the case completed long ago, and only that one."""
    dry = cli("shred", str(zope_conf), "--dry-run", env=env).stdout
    assert "would shred 0 of 0 cases past 30 years" in dry
    receipt = run([sys.executable, "-c", AGE_THE_COMPLETED_CASE, str(zope_conf)], env).stdout.strip()
    assert f"would shred {receipt}" in cli("shred", str(zope_conf), "--dry-run", env=env).stdout
    assert "shredded 1 of 1 cases past 30 years (0 shredded before)" in cli("shred", str(zope_conf), env=env).stdout
    assert "shredded 0 of 1 cases past 30 years (1 shredded before)" in cli("shred", str(zope_conf), env=env).stdout
    opened = run([sys.executable, "-c", READ_THE_SHREDDED_CASE, str(zope_conf), receipt], env).stdout
    assert opened.strip().endswith("{} True")
    assert "audit log intact" in cli("audit_verify", str(zope_conf), env=env).stdout


def test_filestorage_holds_no_personal_data(tmp_path):
    var = tmp_path / "var"
    env = environment(var)
    zope_conf = build_site(var, env)
    ring_path = var / "secrets" / "master-keys.json"
    assert ring_path.exists(), "the local default ring is generated at first start"
    assert oct(ring_path.stat().st_mode & 0o777) == "0o600"

    data_fs = var / "filestorage" / "Data.fs"
    plain = data_fs.read_bytes()
    assert "高龄津贴申领".encode() in plain, "positive control: the search sees plain pickles"
    assert b"sample-1.png" in plain, "positive control: page records are there"
    blobs = [path for path in files_under(var / "blobstorage") if path.suffix == ".blob"]
    assert blobs, "the sample pages are blobs"
    stored = files_under(var / "filestorage", var / "blobstorage", var / "log")
    assert search_files(stored, needles()) == []
    assert search_files(stored, key_needles(ring_path)) == []

    key_lifecycle(zope_conf, env, ring_path)
    assert search_files(files_under(var / "filestorage", var / "blobstorage"), needles()) == []
    shred_lifecycle(zope_conf, {**env, "SANJI_MASTER_KEY_FILE": str(ring_path.parent / "retired.json")})


def pg_search(dsn_database: str, wanted: dict[str, bytes]) -> list[tuple[str, str]]:
    """Every text and bytea column of every table, and every large object (RelStorage's blob chunks)."""
    import psycopg2

    found = []
    connection = psycopg2.connect(dbname=dsn_database, **PG)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                "AND data_type IN ('bytea', 'text', 'character varying', 'json', 'jsonb')"
            )
            columns = cursor.fetchall()
            for schema, table, column, kind in columns:
                for label, needle in wanted.items():
                    if kind == "bytea":
                        query, value = (
                            f'SELECT count(*) FROM "{schema}"."{table}" WHERE position(%s IN "{column}") > 0',
                            psycopg2.Binary(needle),
                        )
                    else:
                        text = needle.decode("utf-8", "ignore")
                        if not text or text.encode() != needle:
                            continue
                        query, value = (
                            f'SELECT count(*) FROM "{schema}"."{table}" WHERE position(%s IN "{column}"::text) > 0',
                            text,
                        )
                    cursor.execute(query, (value,))
                    if cursor.fetchone()[0]:
                        found.append((label, f"{table}.{column}"))
            for label, needle in wanted.items():
                cursor.execute(
                    "SELECT count(*) FROM pg_largeobject WHERE position(%s IN data) > 0", (psycopg2.Binary(needle),)
                )
                if cursor.fetchone()[0]:
                    found.append((label, "pg_largeobject"))
    finally:
        connection.close()
    return found


@pytest.fixture
def database():
    import psycopg2

    name = f"sanji_raw_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.postgres
def test_relstorage_holds_no_personal_data(tmp_path, database):
    import psycopg2

    var = tmp_path / "var"
    ring_path = tmp_path / "secret" / "master-keys.json"
    from sanji.crypto.keys import new_ring_document
    from sanji.crypto.keys import write_ring_file

    write_ring_file(ring_path, new_ring_document())
    dsn = f"dbname='{database}' host='{PG['host']}' port='{PG['port']}' user='{PG['user']}'"
    env = environment(var, RELSTORAGE_DSN=dsn, SANJI_MASTER_KEY_FILE=str(ring_path))

    zope_conf = build_site(var, env)
    # A shared database never gets a generated ring: each instance would make its own.
    refused = cli("audit_verify", str(zope_conf), env=environment(var, RELSTORAGE_DSN=dsn), check=False)
    assert refused.returncode != 0
    assert "Set SANJI_MASTER_KEY_FILE" in refused.stderr
    assert not (var / "secrets" / "master-keys.json").exists()

    connection = psycopg2.connect(dbname=database, **PG)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM object_state WHERE position(%s IN state) > 0",
            (psycopg2.Binary("高龄津贴申领".encode()),),
        )
        assert cursor.fetchone()[0] > 0, "positive control: the search sees plain pickles"
        cursor.execute("SELECT count(*) FROM blob_chunk")
        assert cursor.fetchone()[0] > 0, "the sample pages are blobs in the database"
    connection.close()

    assert pg_search(database, needles()) == []
    assert pg_search(database, key_needles(ring_path)) == []
    assert search_files(files_under(var / "blobcache", var / "log"), needles()) == []

    key_lifecycle(zope_conf, env, ring_path)
    assert pg_search(database, needles()) == []


def test_needles_are_what_the_sample_cases_hold():
    """The search looks for the real values: a change of cases.json cannot empty it silently."""
    strings = personal_strings()
    assert "130926193803150025" in strings
    assert "13800000101" in strings
    assert len(strings) >= 5 * 4
    assert "材料齐全，情况属实。" in comment_strings()
    assert all(re.fullmatch(r"[0-9]{17}[0-9X]", case["applicant"]["id_number"]) for case in CASES)
