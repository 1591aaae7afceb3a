"""Rewrap every data key under the current master key; run after adding a new key to the ring.

::

    sanji-rotate-keys --new-key > new-ring.json      # the ring with one more key, made current
    # put new-ring.json in place (the Kubernetes Secret), restart the instances, then:
    sanji-rotate-keys var/instance/etc/zope.conf     # rewrap; idempotent, batches of 200 with commits

When the report says an old key id wraps no data key, remove it from the ring and restart again.
"""

import argparse
import json
import sys

from sanji.cli.boot import operator
from sanji.cli.boot import zope_site
from sanji.cli.instance import ConfigurationError
from sanji.crypto.errors import KeyRingError


def print_new_ring() -> int:
    from sanji.crypto.keys import key_file
    from sanji.crypto.keys import load_ring
    from sanji.crypto.keys import with_new_key

    load_ring()  # refuses a malformed file before anything is printed
    path, _named = key_file()
    document = with_new_key(json.loads(path.read_text(encoding="utf-8")))
    json.dump(document, sys.stdout, indent=2)
    print()
    print(f"sanji-rotate-keys: new current key {document['current']}; old keys kept", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zope_conf", nargs="?", help="the rendered zope.conf")
    parser.add_argument("--batch-size", type=int, default=200, help="applications per transaction")
    parser.add_argument("--new-key", action="store_true", help="print the ring with a new current key and stop")
    args = parser.parse_args(argv)
    try:
        if args.new_key:
            return print_new_ring()
        if not args.zope_conf:
            parser.error("the zope.conf is required")
        from sanji.crypto.rotation import rotate

        with zope_site(args.zope_conf) as (_app, site):
            report = rotate(site, batch_size=args.batch_size, actor=operator())
    except (ConfigurationError, KeyRingError) as error:
        print(f"sanji-rotate-keys: {error}", file=sys.stderr)
        return 2
    print(
        f"current key {report.current}: rewrapped {report.rewrapped}, already current {report.already_current}, "
        f"shredded {report.shredded}, without personal data {report.without_key}, "
        f"encrypted from plain text {report.encrypted_plaintext}"
    )
    for key_id, count in sorted(report.remaining.items()):
        note = " (may be removed from the ring)" if count == 0 and key_id != report.current else ""
        print(f"  key {key_id}: {count} data keys{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
