"""Write versions.cfg for buildout from constraints.txt, so both install the same pins.

Usage: python scripts/versions_cfg.py > versions.cfg
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
#: Pins buildout needs on top of the application's own.
BUILDOUT_ONLY = {
    "zc.buildout": "6.0.1",
    "plone.recipe.zope2instance": "9.1.0",
    "zc.recipe.egg": "6.0.0",
    "python-dotenv": "1.2.4",
}


def pins(constraints: Path) -> dict[str, str]:
    result = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", line)
        if match:
            result[match[1].split("[")[0]] = match[2]
    return result


def render(constraints: Path) -> str:
    lines = ["# Generated from constraints.txt by scripts/versions_cfg.py: do not edit.", "[versions]"]
    merged = {**pins(constraints), **BUILDOUT_ONLY}
    lines += [f"{name} = {version}" for name, version in sorted(merged.items(), key=lambda kv: kv[0].lower())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(ROOT / "constraints.txt"))
