"""Crypto-shred the completed cases whose retention period (``sanji.retention_years``) has ended.

::

    sanji-shred-expired var/instance/etc/zope.conf [--dry-run]

Run it from cron (daily is plenty). The cases stay for the statistics; their personal data and
pages become unreadable. Pack the database afterwards so that old revisions go too.
"""

import argparse
import sys

import transaction

from sanji.cli.boot import operator
from sanji.cli.boot import zope_site
from sanji.cli.instance import ConfigurationError
from sanji.crypto.errors import KeyRingError

BATCH_SIZE = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zope_conf", help="the rendered zope.conf")
    parser.add_argument("--dry-run", action="store_true", help="list what would be shredded, change nothing")
    args = parser.parse_args(argv)
    try:
        from sanji.crypto.shredding import expired
        from sanji.crypto.shredding import retention_years
        from sanji.crypto.shredding import shred
        from sanji.deadlines import calendar

        with zope_site(args.zope_conf) as (_app, site):
            years = retention_years()
            paths = [brain.getPath() for brain in expired(calendar.today(), years)]
            shredded = before = 0
            for number, path in enumerate(paths, start=1):
                application = site.unrestrictedTraverse(path)
                if args.dry_run:
                    print(f"would shred {application.receipt_number} ({path})")
                elif shred(application, reason=f"retention of {years} years ended", actor=operator()):
                    shredded += 1
                else:
                    before += 1
                if number % BATCH_SIZE == 0 and not args.dry_run:
                    transaction.commit()
            if not args.dry_run:
                transaction.commit()
    except (ConfigurationError, KeyRingError) as error:
        print(f"sanji-shred-expired: {error}", file=sys.stderr)
        return 2
    if args.dry_run:
        print(f"would shred {len(paths)} of {len(paths)} cases past {years} years (some may be shredded already)")
    else:
        print(f"shredded {shredded} of {len(paths)} cases past {years} years ({before} shredded before)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
