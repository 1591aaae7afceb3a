"""Run the supervision sweep once: cards, queued SMS and every other registered sweep task.

::

    sanji-sweep var/instance/etc/zope.conf [--json]

This is what the Kubernetes CronJob runs every ten minutes over a shared storage (RelStorage, ZEO);
several may overlap, each task does its work once. A single FileStorage instance is locked by the
running Zope: there, POST to ``/<site>/@@sanji-sweep`` as an administrator instead (the chart's
FileStorage mode does).

Exit status: 0 every task ran, 1 a task failed (the report names it, the others still ran),
2 the configuration, the storage or the key ring refused.
"""

import argparse
import json
import logging
import sys

from sanji.cli.boot import zope_site
from sanji.cli.instance import ConfigurationError
from sanji.crypto.errors import KeyRingError


def _refusal(error: Exception) -> str | None:
    """A readable reason when the configuration or the storage cannot be opened; None for other errors."""
    from zc.lockfile import LockError
    from ZConfig import ConfigurationError as ZConfigError

    if isinstance(error, LockError):
        return (
            f"the FileStorage is locked by a running instance ({error}): POST to /<site>/@@sanji-sweep "
            "as an administrator instead"
        )
    if isinstance(error, (OSError, ZConfigError)):
        return f"cannot use {error}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sanji-sweep", description=__doc__.split("\n\n")[0])
    parser.add_argument("zope_conf", help="the rendered zope.conf (var/instance/etc/zope.conf)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        from sanji.supervision.sweep import run_sweep

        with zope_site(args.zope_conf) as (_app, site):
            report = run_sweep(site)
    except (ConfigurationError, KeyRingError) as error:
        print(f"sanji-sweep: {error}", file=sys.stderr)
        return 2
    except Exception as error:
        reason = _refusal(error)
        if reason is None:
            raise
        print(f"sanji-sweep: {reason}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict(), ensure_ascii=False) if args.json else report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
