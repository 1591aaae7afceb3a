"""Compile every gettext catalog (``LC_MESSAGES/*.po``) in the image's site-packages to ``.mo``.

Zope compiles missing ``.mo`` files at start-up (``zope_i18n_compile_mo_files``), but in the image
site-packages belongs to root and the process runs as uid 1000: compile them once, at build time.
"""

import sys
import sysconfig
from pathlib import Path

from zope.i18n.compile import compile_mo_file


def main(argv: list[str]) -> int:
    """Compile below ``argv[1]``, by default this Python's site-packages."""
    folder = Path(argv[1] if len(argv) > 1 else sysconfig.get_paths()["purelib"])
    catalogs = sorted(folder.rglob("LC_MESSAGES/*.po"))
    for po in catalogs:
        compile_mo_file(po.stem, str(po.parent))
    missing = [po for po in catalogs if not po.with_suffix(".mo").exists()]
    for po in missing:
        print(f"compile_mo: could not compile {po}", file=sys.stderr)
    print(f"compile_mo: {len(catalogs) - len(missing)} of {len(catalogs)} catalogs compiled")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
