"""buildout uses exactly the pins that pip uses."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).parents[1]


def load_generator():
    spec = importlib.util.spec_from_file_location("versions_cfg", ROOT / "scripts" / "versions_cfg.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_versions_cfg_is_generated_from_constraints():
    generator = load_generator()
    assert (ROOT / "versions.cfg").read_text(encoding="utf-8") == generator.render(ROOT / "constraints.txt")


def test_plone_and_layout_pins():
    pins = load_generator().pins(ROOT / "constraints.txt")
    assert pins["Products.CMFPlone"] == "6.2.2"
    assert pins["plone.app.layout"] == "6.0.2"
    assert not [name for name, version in pins.items() if any(tag in version for tag in ("a", "b", "rc", "dev"))]


def test_every_constraint_line_is_pinned():
    lines = [
        line
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert all("==" in line for line in lines)
