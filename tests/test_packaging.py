"""A wheel carries everything a site needs: profiles, county data, theme, templates, catalogs."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
REQUIRED = [
    "sanji/configure.zcml",
    "sanji/profiles/default/metadata.xml",
    "sanji/profiles/default/types/ServiceItem.xml",
    "sanji/browser/templates/service_catalog.pt",
    "sanji/locales/zh_CN/LC_MESSAGES/sanji.po",
    "sanji/counties/configure.zcml",
    "sanji/counties/suning/county.json",
    "sanji/counties/suning/items.json",
    "sanji/theme/configure.zcml",
    "sanji/theme/sanji/manifest.cfg",
    "sanji/theme/sanji/rules.xml",
    "sanji/theme/sanji/css/sanji.css",
]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    source = tmp_path_factory.mktemp("source")
    for name in ("setup.py", "MANIFEST.in", "README.md", "pyproject.toml"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("src", "profiles", "theme", "instance"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("sanji-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


@pytest.mark.parametrize("name", REQUIRED)
def test_wheel_contains(wheel_names, name):
    assert name in wheel_names


def test_wheel_ships_no_runtime_data(wheel_names):
    assert not [name for name in wheel_names if name.startswith("var/") or name.endswith((".mo", ".pyc"))]
