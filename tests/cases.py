"""Building cases in tests: a valid submission for any sample item, materials, steps as a person."""

import io
from datetime import date

import transaction
from PIL import Image
from plone import api

from sanji.api.applications import Submission
from sanji.api.applications import item_schema_fields
from sanji.api.applications import submit
from sanji.capture.pages import add_page
from sanji.setuphandlers.seals import demo_seal_pin

#: The check-digit example of GB 11643 itself.
VALID_ID = "11010519491231002X"
APPLICANT = {"applicant_name": "董金山", "id_number": VALID_ID, "phone": "13800001234", "address": "梁村镇后丰村3号"}


def sample_answers(item) -> dict:
    """A valid answer for every field of the item's online form."""
    answers = {}
    for name, field in item_schema_fields(item).items():
        kind = type(field).__name__
        if kind == "Int":
            answers[name] = 2
        elif kind == "Date":
            answers[name] = date(1940, 1, 1)
        elif kind == "Choice":
            answers[name] = next(iter(field.vocabulary)).value
        else:
            answers[name] = "测试"
    return answers


def png_bytes(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "PNG")
    return buffer.getvalue()


def new_case(portal, item_id="gaoling-jintie", agent="agent-houfeng", **applicant):
    """A draft application submitted by ``agent`` in her village."""
    item = portal.services[item_id]
    area = portal.areas.suning.liangcun.houfeng
    with api.env.adopt_user(username=agent):
        return submit(area, Submission(item, {**APPLICANT, **applicant}, sample_answers(item)), require_materials=False)


def complete_materials(application) -> None:
    """Tick every original as seen and capture one page of every material."""
    item = api.content.get(UID=application.item_uid)
    application.checklist = {m["name"]: True for m in item.materials}
    for material in item.materials:
        add_page(application, material["name"], png_bytes(), "image/png", "page.png", "agent-houfeng")


def step(application, transition: str, user: str, comment: str = "", pin: str | None = None) -> str:
    """Take ``transition`` as ``user``, sealed with their seal PIN (the demo one by default); return the new state."""
    with api.env.adopt_user(username=user):
        api.portal.get_tool("portal_workflow").doActionFor(
            application, transition, comment=comment, seal_pin=demo_seal_pin() if pin is None else pin
        )
    transaction.savepoint()  # everything the step stored must pickle into the ZODB
    return api.content.get_state(application)
