"""Pack the database: drop old revisions and unreachable objects (and their blobs).

Run with the rendered zope.conf, the same file the instances use::

    sanji-pack var/instance/etc/zope.conf --days 7

``--days N`` keeps the history of the last N days (undo stays possible there); ``0`` keeps only the
current state. The storage is the one zope.conf names, through ZODB's ``db.pack(days=...)``:

* **RelStorage** (PostgreSQL): packs while the instances keep running; this is what the Kubernetes
  CronJob runs. A history-free RelStorage has no old revisions, so packing there collects the
  objects nothing refers to any more (and their blobs).
* **ZEO**: the ZEO server packs its FileStorage.
* **FileStorage**: only one process may open ``Data.fs``. With the instance stopped, this command
  packs it (the old file stays beside it as ``Data.fs.old``, blobs are collected too); while an
  instance runs, pack through it instead, as the chart's FileStorage mode does::

      curl -u admin -X POST -d days:float=7 http://localhost:8080/Control_Panel/Database/main/manage_pack

The command reads zope.conf with Zope's own configuration schema and opens the database exactly as
Zope does, but loads none of the application (no ZCML, no master key): packing works on pickles and
references only, so it starts in a second and needs nothing but the storage.

Exit status: 0 packed, 2 the configuration or the storage refused (the message says why).
"""

import argparse
import logging
import sys
import time
from dataclasses import dataclass

logger = logging.getLogger("sanji.pack")

SECONDS_PER_DAY = 86400


class PackError(Exception):
    """The database cannot be packed from here; the message says what to do instead."""


@dataclass(frozen=True)
class PackReport:
    """What one pack did: which storage, to which point in time, and the size before and after."""

    storage: str
    days: float
    size_before: int
    size_after: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"packed {self.storage} to {self.days:g} days: {_megabytes(self.size_before)} -> "
            f"{_megabytes(self.size_after)} in {self.seconds:.1f} s"
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB"


def open_database(zope_conf: str):
    """The root database that ``zope_conf`` defines, opened as Zope opens it at start-up.

    :raises PackError: the file is not a usable zope.conf, or the storage cannot be opened
        (a FileStorage another process holds, a database that does not answer).
    """
    from ZConfig import ConfigurationError
    from Zope2.Startup.run import configure_wsgi

    try:
        configure_wsgi(zope_conf)
    except (ConfigurationError, OSError) as error:
        raise PackError(f"cannot read {zope_conf}: {error}") from None
    from App.config import getConfiguration

    dbtab = getConfiguration().dbtab
    if dbtab is None:
        raise PackError(f"{zope_conf} defines no database")
    try:
        return dbtab.getDatabase("/", is_root=1)
    except Exception as error:
        raise PackError(_open_failure(error)) from None


def _open_failure(error: Exception) -> str:
    from zc.lockfile import LockError  # comes with ZODB

    if isinstance(error, LockError):
        return (
            f"the FileStorage is locked by a running instance ({error}). Pack through that instance "
            "(Control_Panel/Database/main/manage_pack, as the chart's FileStorage mode does) or stop it first."
        )
    return f"cannot open the database: {type(error).__name__}: {error}"


def storage_name(db) -> str:
    """A short description of the storage for the report, e.g. ``FileStorage /data/Data.fs``."""
    storage = db.storage
    return f"{type(storage).__name__} {storage.getName()}"


def pack(db, days: float) -> PackReport:
    """Pack ``db`` so that it keeps ``days`` of history; blobs nothing refers to go too.

    :param days: how many days of history to keep; 0 keeps only the current state.
    :raises ValueError: ``days`` is negative.
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    name = storage_name(db)
    size_before = db.getSize()
    started = time.monotonic()
    logger.info("Packing %s to %g days", name, days)
    db.pack(days=days)
    return PackReport(
        storage=name,
        days=days,
        size_before=size_before,
        size_after=db.getSize(),
        seconds=time.monotonic() - started,
    )


def _days(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sanji-pack", description=__doc__.split("\n\n")[0])
    parser.add_argument("zope_conf", help="the rendered zope.conf (var/instance/etc/zope.conf)")
    parser.add_argument(
        "--days", type=_days, default=7.0, help="days of history to keep (default 7; 0 keeps only the current state)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        db = open_database(args.zope_conf)
    except PackError as error:
        print(f"sanji-pack: {error}", file=sys.stderr)
        return 2
    try:
        report = pack(db, args.days)
    finally:
        db.close()
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
