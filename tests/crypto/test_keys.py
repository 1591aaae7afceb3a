"""The master key ring: generated only where that is safe, refused loudly when missing or malformed."""

import json
import logging
import stat
from pathlib import Path

import pytest

from sanji.crypto.errors import KeyRingError
from sanji.crypto.keys import KEY_FILE_VARIABLE
from sanji.crypto.keys import key_file
from sanji.crypto.keys import load_ring
from sanji.crypto.keys import new_ring_document
from sanji.crypto.keys import parse_ring
from sanji.crypto.keys import with_new_key
from sanji.crypto.keys import write_ring_file


def test_local_default_is_generated_once_with_mode_0600(tmp_path, caplog):
    environ = {"SANJI_VAR": str(tmp_path)}
    with caplog.at_level(logging.WARNING, logger="sanji.crypto"):
        ring = load_ring(environ)
    path = tmp_path / "secrets" / "master-keys.json"
    assert ring.path == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "Generated a new master key ring" in caplog.text
    assert len(ring.keys[ring.current]) == 32
    assert len(ring.index_key) == 32
    again = load_ring(environ)
    assert again.keys == ring.keys
    assert again.index_key == ring.index_key


def test_named_file_that_is_missing_is_refused_and_never_generated(tmp_path):
    missing = tmp_path / "secret" / "master-keys.json"
    with pytest.raises(KeyRingError, match="does not exist"):
        load_ring({KEY_FILE_VARIABLE: str(missing), "SANJI_VAR": str(tmp_path)})
    assert not missing.exists()
    assert not (tmp_path / "secrets").exists()


@pytest.mark.parametrize("variable", ["RELSTORAGE_DSN", "ZEO_ADDRESS"])
def test_shared_database_needs_a_named_ring(tmp_path, variable):
    with pytest.raises(KeyRingError, match=KEY_FILE_VARIABLE):
        load_ring({"SANJI_VAR": str(tmp_path), variable: "somewhere"})
    assert not (tmp_path / "secrets").exists()


def test_unreadable_ring_is_refused(tmp_path):
    (tmp_path / "ring").mkdir()
    with pytest.raises(KeyRingError, match="Cannot read"):
        load_ring({KEY_FILE_VARIABLE: str(tmp_path / "ring")})


GOOD = new_ring_document()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "must be"),
        (json.dumps({**GOOD, "keys": {}}), "must be"),
        (json.dumps({**GOOD, "current": "nope"}), "current key 'nope'"),
        (json.dumps({**GOOD, "keys": {GOOD["current"]: "***"}}), "not base64"),
        (json.dumps({**GOOD, "keys": {GOOD["current"]: "c2hvcnQ="}}), "must be 32 bytes"),
        (json.dumps({key: value for key, value in GOOD.items() if key != "index_key"}), "index_key is missing"),
    ],
)
def test_malformed_rings_are_refused_naming_the_file(tmp_path, text, message):
    path = tmp_path / "ring.json"
    path.write_text(text)
    with pytest.raises(KeyRingError, match=message) as raised:
        load_ring({KEY_FILE_VARIABLE: str(path)})
    assert str(path) in str(raised.value)


def test_a_new_key_keeps_the_old_ones(tmp_path):
    document = with_new_key(GOOD)
    ring = parse_ring(json.dumps(document), tmp_path / "ring.json")
    assert ring.current != GOOD["current"]
    assert set(ring.keys) == {GOOD["current"], ring.current}
    assert document["index_key"] == GOOD["index_key"]


def test_an_existing_ring_is_never_overwritten(tmp_path):
    path = tmp_path / "ring.json"
    write_ring_file(path, GOOD)
    with pytest.raises(FileExistsError):
        write_ring_file(path, new_ring_document())
    assert json.loads(path.read_text()) == GOOD
    assert [p.name for p in tmp_path.iterdir()] == ["ring.json"]


def test_ring_location_follows_the_environment(tmp_path):
    assert key_file({KEY_FILE_VARIABLE: "/run/secrets/keys.json"}) == (Path("/run/secrets/keys.json"), True)
    assert key_file({"SANJI_VAR": str(tmp_path)}) == (tmp_path / "secrets" / "master-keys.json", False)
