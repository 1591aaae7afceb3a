"""Render the Zope instance configuration from ``instance/`` and the environment.

Everything that differs between a laptop and a cluster comes from environment variables,
following the contract of the official plone-backend image:

=============================  ============================================  ==================
variable                       meaning                                       default
=============================  ============================================  ==================
RELSTORAGE_DSN                 PostgreSQL DSN; selects RelStorage            (unset)
RELSTORAGE_KEEP_HISTORY        history-preserving RelStorage                 false
RELSTORAGE_BLOB_CACHE_SIZE     local blob cache size                         512mb
RELSTORAGE_SHARED_BLOB_DIR     blobs in a shared directory, not the DB       false
ZEO_ADDRESS                    host:port of a ZEO server; selects ZEO        (unset)
ZODB_CACHE_SIZE                objects in each connection's cache            30000
SANJI_VAR                      where FileStorage, blobs and logs live        ./var
SANJI_LISTEN                   address waitress listens on                   127.0.0.1:8080
SANJI_THREADS                  waitress threads                              4
DEBUG_MODE                     Zope debug mode (on/off)                      off
=============================  ============================================  ==================

Without RELSTORAGE_DSN or ZEO_ADDRESS the data lives in a FileStorage under SANJI_VAR.
"""

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from string import Template

#: Conflict retries of a request over a shared storage (Zope's default is 3): other instances write the
#: same catalog trees. Zope waits up to 2**n seconds before the n-th retry, so 5 bounds a request's
#: wait to about a minute before it answers 503 (sanji.browser.conflict).
SHARED_STORAGE_RETRIES = 5


class ConfigurationError(Exception):
    """The environment asks for something that cannot work; the message says what to change."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "on", "yes"):
        return True
    if lowered in ("0", "false", "off", "no"):
        return False
    raise ConfigurationError(f"Expected true or false, got {value!r}")


@dataclass(frozen=True)
class InstanceSettings:
    """The settings of one Zope instance, read from the environment."""

    var_dir: Path
    listen: str
    threads: int
    debug_mode: bool
    zodb_cache_size: int
    relstorage_dsn: str | None
    relstorage_keep_history: bool
    relstorage_blob_cache_size: str
    relstorage_shared_blob_dir: bool
    zeo_address: str | None

    @classmethod
    def from_environment(cls, environ=os.environ) -> "InstanceSettings":
        try:
            threads = int(environ.get("SANJI_THREADS") or 4)
            cache_size = int(environ.get("ZODB_CACHE_SIZE") or 30000)
        except ValueError as error:
            raise ConfigurationError(f"SANJI_THREADS and ZODB_CACHE_SIZE must be whole numbers: {error}") from None
        settings = cls(
            var_dir=Path(environ.get("SANJI_VAR") or "var").resolve(),
            listen=environ.get("SANJI_LISTEN") or "127.0.0.1:8080",
            threads=threads,
            debug_mode=_flag(environ.get("DEBUG_MODE"), False),
            zodb_cache_size=cache_size,
            relstorage_dsn=environ.get("RELSTORAGE_DSN") or None,
            relstorage_keep_history=_flag(environ.get("RELSTORAGE_KEEP_HISTORY"), False),
            relstorage_blob_cache_size=environ.get("RELSTORAGE_BLOB_CACHE_SIZE") or "512mb",
            relstorage_shared_blob_dir=_flag(environ.get("RELSTORAGE_SHARED_BLOB_DIR"), False),
            zeo_address=environ.get("ZEO_ADDRESS") or None,
        )
        if settings.relstorage_dsn and settings.zeo_address:
            raise ConfigurationError("Set RELSTORAGE_DSN or ZEO_ADDRESS, not both.")
        return settings

    @property
    def storage(self) -> str:
        """Which storage the environment selects: relstorage, zeo or filestorage."""
        if self.relstorage_dsn:
            return "relstorage"
        if self.zeo_address:
            return "zeo"
        return "filestorage"

    @property
    def listen_host(self) -> str:
        return self.listen.rsplit(":", 1)[0].strip("[]")

    @property
    def is_local(self) -> bool:
        """Only an instance reachable from this machine alone may use default passwords."""
        return self.listen_host in ("127.0.0.1", "localhost", "::1")


def _render(template: Path, values: dict) -> str:
    return Template(template.read_text(encoding="utf-8")).substitute(values)


def render(settings: InstanceSettings, templates: Path) -> Path:
    """Write zope.conf, zope.ini and site.zcml into ``<var>/instance/etc``; return that folder."""
    instance_home = settings.var_dir / "instance"
    etc = instance_home / "etc"
    for folder in (etc, settings.var_dir / "log", settings.var_dir / "filestorage", settings.var_dir / "cache"):
        folder.mkdir(parents=True, exist_ok=True)
    values = {
        "instance_home": instance_home,
        "var_dir": settings.var_dir,
        "log_dir": settings.var_dir / "log",
        "blob_dir": settings.var_dir / "blobcache"
        if settings.storage != "filestorage"
        else settings.var_dir / "blobstorage",
        "listen": settings.listen,
        "threads": settings.threads,
        "debug_mode": "on" if settings.debug_mode else "off",
        "zodb_cache_size": settings.zodb_cache_size,
        "max_conflict_retries": SHARED_STORAGE_RETRIES if settings.storage != "filestorage" else 3,
        "relstorage_dsn": settings.relstorage_dsn or "",
        "relstorage_keep_history": "true" if settings.relstorage_keep_history else "false",
        "relstorage_blob_cache_size": settings.relstorage_blob_cache_size,
        "relstorage_shared_blob_dir": "true" if settings.relstorage_shared_blob_dir else "false",
        "zeo_address": settings.zeo_address or "",
    }
    values["storage"] = _render(templates / f"storage-{settings.storage}.conf.in", values)
    (etc / "zope.conf").write_text(_render(templates / "zope.conf.in", values), encoding="utf-8")
    (etc / "zope.ini").write_text(_render(templates / "zope.ini.in", values), encoding="utf-8")
    (etc / "site.zcml").write_text((templates / "site.zcml").read_text(encoding="utf-8"), encoding="utf-8")
    return etc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--templates", type=Path, default=Path("instance"), help="folder of the templates")
    args = parser.parse_args(argv)
    try:
        settings = InstanceSettings.from_environment()
        etc = render(settings, args.templates)
    except (ConfigurationError, FileNotFoundError) as error:
        print(f"sanji-instance: {error}", file=sys.stderr)
        return 2
    print(f"{etc / 'zope.ini'} ({settings.storage}, listening on {settings.listen})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
