"""The start-up check stops the process with a clear message when the ring does not fit the site.

The whole path (a real Zope started by the commands) is in test_raw_storage; here the subscriber
meets the layer's site through a stand-in database.
"""

import logging
from types import SimpleNamespace

import pytest

from sanji.crypto.errors import KeyRingError
from sanji.crypto.errors import WrongMasterKey
from sanji.crypto.keys import KEY_FILE_VARIABLE
from sanji.crypto.keys import new_ring_document
from sanji.crypto.startup import check_database
from sanji.crypto.startup import database_opened


class Database:
    """Opens a connection whose root holds an application with ``sites``."""

    def __init__(self, *sites):
        self.app = SimpleNamespace(objectValues=lambda: list(sites))
        self.closed = 0

    def open(self):
        return SimpleNamespace(root=lambda: {"Application": self.app}, close=self.close)

    def close(self):
        self.closed += 1


def test_the_right_ring_starts(portal, case):
    database = Database(portal)
    assert check_database(database) == 1
    assert database.closed == 1


def test_a_wrong_ring_stops_the_start_with_a_logged_reason(portal, case, use_ring, caplog):
    use_ring(new_ring_document())
    database = Database(portal)
    with caplog.at_level(logging.CRITICAL, logger="sanji.crypto"), pytest.raises(WrongMasterKey):
        database_opened(SimpleNamespace(database=database))
    assert "Sanji refuses to start" in caplog.text
    assert "missing from" in caplog.text
    assert database.closed == 1


def test_a_missing_ring_stops_the_start(portal, tmp_path, monkeypatch, restore_ring):
    from sanji.crypto.keys import reset_ring_cache

    monkeypatch.setenv(KEY_FILE_VARIABLE, str(tmp_path / "absent.json"))
    reset_ring_cache()
    with pytest.raises(KeyRingError, match="does not exist"):
        database_opened(SimpleNamespace(database=Database(portal)))


def test_an_empty_database_only_needs_a_readable_ring(portal):
    assert check_database(SimpleNamespace(open=lambda: SimpleNamespace(root=dict, close=lambda: None))) == 0
