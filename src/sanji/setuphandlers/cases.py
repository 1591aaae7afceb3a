"""Sample cases of a county (cases.json): a few applications in different states for a first look.

``sanji-create-site`` adds them after building the site, never the GenericSetup profile (tests and
real counties import profiles without them). Created only while the county has no application
at all, so real cases are never mixed with them and running again adds nothing. Each captured page
is a generated image saying it is a sample. Every step is sealed with the demo staff's seal PIN
(SANJI_DEMO_SEAL_PIN, see :mod:`sanji.setuphandlers.seals`).
"""

import io
import json
from pathlib import Path

from PIL import Image
from PIL import ImageDraw
from PIL.PngImagePlugin import PngInfo
from plone import api

from sanji.api.applications import Submission
from sanji.api.applications import submit
from sanji.capture.pages import add_page
from sanji.setuphandlers.seals import demo_seal_pin

#: Written into every sample page, so that a test can search the raw storage for it (and find it
#: nowhere, the pages being encrypted): a text chunk and a row of pixels of an unusual colour.
SAMPLE_MARKER = "SANJI-SAMPLE-PAGE-MARKER-7F3A9C"
MARKER_COLOUR = (0x5A, 0xA5, 0x3C)


def sample_page(text: str) -> bytes:
    image = Image.new("RGB", (320, 200), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.text((20, 90), text.encode("ascii", "replace").decode(), fill=(160, 0, 0))
    draw.line([(0, 190), (319, 190)], fill=MARKER_COLOUR)
    info = PngInfo()
    info.add_text("Comment", SAMPLE_MARKER)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def build_cases(cases: list[dict], areas: dict, services) -> int:
    """Create the sample cases if the county has none; return how many were created."""
    catalog = api.portal.get_tool("portal_catalog")
    if catalog.unrestrictedSearchResults(portal_type="Application"):
        return 0
    workflow = api.portal.get_tool("portal_workflow")
    for spec in cases:
        item = services[spec["item"]]
        with api.env.adopt_user(username=spec["agent"]):
            case = submit(
                areas[spec["village"]], Submission(item, spec["applicant"], spec["answers"]), require_materials=False
            )
            case.checklist = {material["name"]: True for material in item.materials}
            for number, material in enumerate(item.materials, start=1):
                add_page(
                    case,
                    material["name"],
                    sample_page(f"SAMPLE {number}"),
                    "image/png",
                    f"sample-{number}.png",
                    spec["agent"],
                )
        for transition, user, comment in spec["steps"]:
            with api.env.adopt_user(username=user):
                workflow.doActionFor(case, transition, comment=comment, seal_pin=demo_seal_pin())
    return len(cases)


def _areas_by_path(root) -> dict:
    """Areas below the areas folder by their id path (``suning/liangcun/houfeng``)."""
    found = {}
    for brain in api.content.find(context=root, portal_type="ServiceArea"):
        found["/".join(brain.getPath().split("/")[len(root.getPhysicalPath()) :])] = brain.getObject()
    return found


def import_sample_cases(portal, profile_id: str) -> int:
    """Create the sample cases shipped with the county profile ``profile_id``, if any."""
    info = portal.portal_setup.getProfileInfo(profile_id)
    folder = Path(info["path"])
    if not (folder / "cases.json").exists():
        return 0
    county = json.loads((folder / "county.json").read_text(encoding="utf-8"))
    cases = json.loads((folder / "cases.json").read_text(encoding="utf-8"))
    areas = _areas_by_path(portal[county["folders"]["areas"]["id"]])
    return build_cases(cases, areas, portal[county["folders"]["services"]["id"]])
