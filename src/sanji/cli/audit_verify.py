"""Verify the audit log's hash chain: exit 0 when intact, 1 naming the first broken entry.

::

    sanji-audit-verify var/instance/etc/zope.conf

Run it from cron and record the printed tail (seq and hash) outside the database: a later run
that finds a different hash for that seq shows the log was rewritten wholesale.
"""

import argparse
import sys

from sanji.cli.boot import zope_site
from sanji.cli.instance import ConfigurationError
from sanji.crypto.errors import KeyRingError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zope_conf", help="the rendered zope.conf")
    args = parser.parse_args(argv)
    try:
        from sanji.audit.chain import tail
        from sanji.audit.chain import verify

        with zope_site(args.zope_conf) as (_app, site):
            ok, broken = verify(site)
            seq, digest = tail(site)
    except (ConfigurationError, KeyRingError) as error:
        print(f"sanji-audit-verify: {error}", file=sys.stderr)
        return 2
    if not ok:
        print(f"audit log BROKEN at entry {broken}: an entry was altered or removed there")
        return 1
    print(f"audit log intact: {seq} entries, last hash {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
