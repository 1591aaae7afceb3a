"""The instance configuration follows the environment, and refuses what cannot work."""

from pathlib import Path

import pytest

from sanji.cli.create_site import admin_password
from sanji.cli.instance import ConfigurationError
from sanji.cli.instance import InstanceSettings
from sanji.cli.instance import render

TEMPLATES = Path(__file__).parents[2] / "instance"


def settings(tmp_path, **environ) -> InstanceSettings:
    return InstanceSettings.from_environment({"SANJI_VAR": str(tmp_path), **environ})


def load_zope_conf(etc: Path):
    """Parse the rendered zope.conf with Zope's own schema, as runwsgi does."""
    from Zope2.Startup.options import ZopeWSGIOptions

    return ZopeWSGIOptions(configfile=str(etc / "zope.conf"))().configroot


def test_default_is_filestorage_on_localhost(tmp_path):
    current = settings(tmp_path)
    assert current.storage == "filestorage"
    assert current.is_local
    etc = render(current, TEMPLATES)
    conf = load_zope_conf(etc)
    storage = conf.databases[0].config.storage.config
    assert storage.base.config.path == str(tmp_path / "filestorage" / "Data.fs")
    assert "listen = 127.0.0.1:8080" in (etc / "zope.ini").read_text()


def test_relstorage_dsn_selects_relstorage(tmp_path):
    dsn = "dbname='sanji' host='127.0.0.1' user='postgres'"
    current = settings(tmp_path, RELSTORAGE_DSN=dsn, RELSTORAGE_KEEP_HISTORY="false")
    assert current.storage == "relstorage"
    text = (render(current, TEMPLATES) / "zope.conf").read_text()
    assert "%import relstorage" in text
    assert "max-conflict-retries 5" in text
    assert f"dsn {dsn}" in text
    assert "keep-history false" in text


def test_zeo_address_selects_zeo(tmp_path):
    text = (render(settings(tmp_path, ZEO_ADDRESS="zeo:8100"), TEMPLATES) / "zope.conf").read_text()
    assert "server zeo:8100" in text


def test_cache_size_and_listen_come_from_the_environment(tmp_path):
    etc = render(settings(tmp_path, ZODB_CACHE_SIZE="5000", SANJI_LISTEN="0.0.0.0:9090"), TEMPLATES)
    assert load_zope_conf(etc).databases[0].config.cache_size == 5000
    assert "listen = 0.0.0.0:9090" in (etc / "zope.ini").read_text()


@pytest.mark.parametrize(
    "environ",
    [
        {"RELSTORAGE_DSN": "dbname=x", "ZEO_ADDRESS": "zeo:8100"},
        {"ZODB_CACHE_SIZE": "lots"},
        {"RELSTORAGE_KEEP_HISTORY": "perhaps"},
    ],
)
def test_contradictory_or_malformed_settings_are_refused(tmp_path, environ):
    with pytest.raises(ConfigurationError):
        settings(tmp_path, **environ)


def test_default_admin_password_only_on_localhost(tmp_path):
    assert admin_password(settings(tmp_path), environ={}) == "admin"
    public = settings(tmp_path, SANJI_LISTEN="0.0.0.0:8080")
    with pytest.raises(ConfigurationError, match="SANJI_ADMIN_PASSWORD"):
        admin_password(public, environ={})
    assert admin_password(public, environ={"SANJI_ADMIN_PASSWORD": "s3cret!"}) == "s3cret!"
