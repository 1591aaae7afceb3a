"""Fail the image build if an installed distribution is not pinned, at that version, in constraints.txt.

``pip install -c constraints.txt`` takes the pinned version of every package the file names, but
silently takes the newest release of a new dependency it does not name; this check turns that into a
build error. Usage (in the image's virtualenv): ``python docker/check_pinned.py constraints.txt``.
"""

import re
import sys
from importlib.metadata import distributions
from pathlib import Path

#: Distributions that are built from this checkout, not downloaded.
LOCAL = {"sanji"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(constraints: Path) -> dict[str, str]:
    """``{canonical name: version}`` of every ``name==version`` line."""
    found = {}
    for raw in constraints.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            found[canonical(name.split("[", 1)[0])] = version.split(";", 1)[0].strip()
    return found


def unpinned(constraints: Path, installed: dict[str, str]) -> list[str]:
    """What is installed but not pinned, or installed at another version than the pin."""
    pinned = pins(constraints)
    problems = []
    for name, version in sorted(installed.items()):
        if name in LOCAL:
            continue
        if name not in pinned:
            problems.append(f"{name}=={version} is not pinned in {constraints}")
        elif pinned[name] != version:
            problems.append(f"{name}=={version} is installed, {constraints} pins {pinned[name]}")
    return problems


def main(argv: list[str]) -> int:
    constraints = Path(argv[1] if len(argv) > 1 else "constraints.txt")
    installed = {canonical(dist.metadata["Name"]): dist.version for dist in distributions()}
    problems = unpinned(constraints, installed)
    for problem in problems:
        print(f"check_pinned: {problem}", file=sys.stderr)
    if problems:
        print("check_pinned: run `make constraints` and commit the pins", file=sys.stderr)
        return 1
    print(f"check_pinned: all {len(installed)} installed distributions are pinned")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
