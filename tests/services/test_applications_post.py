"""POST <village>/@applications over real HTTP: created once, refused with every wrong field named."""

import base64
from datetime import date

import pytest
import transaction
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from sanji.capture.pages import list_pages
from tests.cases import APPLICANT
from tests.cases import png_bytes
from tests.cases import sample_answers

VILLAGE = "/areas/suning/liangcun/houfeng/@applications"
ITEM = "gaoling-jintie"


def page(data: bytes, filename: str = "page.png", content_type: str = "image/png") -> dict:
    encoded = base64.b64encode(data).decode()
    return {"data": encoded, "encoding": "base64", "filename": filename, "content-type": content_type}


@pytest.fixture
def item(functional_portal):
    return functional_portal.services[ITEM]


@pytest.fixture
def body(item) -> dict:
    """A complete submission as a kiosk would send it: dates as ISO strings, every material one page."""
    answers = sample_answers(item)
    fields = {name: value.isoformat() if isinstance(value, date) else value for name, value in answers.items()}
    materials = {material["name"]: [page(png_bytes())] for material in item.materials}
    first = item.materials[0]["name"]
    materials[first] = page(png_bytes((10, 200, 10)))  # a single page may come without a list
    return {"item": item.item_code, "applicant": dict(APPLICANT), "fields": fields, "materials": materials}


@pytest.fixture
def agent(session_as):
    return session_as("agent-houfeng")


def fields_of(response) -> list[str]:
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "BadRequest"
    assert error["message"]
    assert all(entry["message"] for entry in error["errors"])
    return [entry["field"] for entry in error["errors"]]


def application_at(functional_portal, url: str):
    transaction.begin()  # see what the server committed
    return functional_portal.unrestrictedTraverse(url.removeprefix(functional_portal.absolute_url() + "/"))


def test_created_with_its_pages(agent, body, item, functional_portal):
    response = agent.post(VILLAGE, json=body)
    assert response.status_code == 201, response.text
    data = response.json()
    assert set(data) == {"@id", "receipt_number", "review_state"}
    assert data["review_state"] == "draft"
    assert len(data["receipt_number"]) == 16
    assert response.headers["Location"] == data["@id"]
    application = application_at(functional_portal, data["@id"])
    assert application.receipt_number == data["receipt_number"]
    assert application.form_data["birth_date"] == date(1940, 1, 1)
    pages = list_pages(application)
    assert sorted({p.material for p in pages}) == sorted(m["name"] for m in item.materials)
    assert {p.content_type for p in pages} == {"image/png"}


def test_by_uid_too(agent, body, item):
    body["item"] = item.UID()
    assert agent.post(VILLAGE, json=body).status_code == 201


def test_a_repeated_post_returns_the_same_application(agent, body):
    first = agent.post(VILLAGE, json=body)
    again = agent.post(VILLAGE, json=body)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"applicant": {**APPLICANT, "applicant_name": ""}}, ["applicant.applicant_name"]),
        ({"applicant": {**APPLICANT, "id_number": "110105194912310021"}}, ["applicant.id_number"]),
        ({"applicant": {**APPLICANT, "phone": "0317-5021001"}}, ["applicant.phone"]),
        ({"applicant": {}}, [f"applicant.{name}" for name in ("applicant_name", "address", "id_number", "phone")]),
        ({"applicant": "董金山"}, ["applicant"]),
        ({"item": "XX-999"}, ["item"]),
        ({"item": None}, ["item"]),
    ],
)
def test_refusals_name_the_field(agent, body, change, expected):
    body.update(change)
    assert sorted(fields_of(agent.post(VILLAGE, json=body))) == sorted(expected)


def test_unknown_item_still_names_the_applicant_errors(agent, body):
    body["item"] = "XX-999"
    body["applicant"]["phone"] = "12"
    assert fields_of(agent.post(VILLAGE, json=body)) == ["item", "applicant.phone"]


def test_unknown_and_badly_dated_fields(agent, body):
    body["fields"]["favourite_colour"] = "红"
    body["fields"]["birth_date"] = "1940/01/01"
    fields = fields_of(agent.post(VILLAGE, json=body))
    assert sorted(fields) == ["fields.birth_date", "fields.favourite_colour"]


def test_every_required_material_is_required(agent, body, item):
    missing = next(m["name"] for m in item.materials if m.get("required") is not False)
    del body["materials"][missing]
    assert fields_of(agent.post(VILLAGE, json=body)) == [f"materials.{missing}"]


def test_a_material_needed_only_sometimes_may_be_left_out(agent, body, item):
    optional = [m["name"] for m in item.materials if m.get("required") is False]
    assert optional  # 高龄津贴: the proxy's ID card and letter, only when someone else applies
    for name in optional:
        del body["materials"][name]
    assert agent.post(VILLAGE, json=body).status_code == 201


def test_a_text_file_named_jpg_is_refused(agent, body, item):
    name = item.materials[1]["name"]
    body["materials"][name] = [page("这不是照片".encode(), "scan.jpg", "image/jpeg")]
    response = agent.post(VILLAGE, json=body)
    assert fields_of(response) == [f"materials.{name}"]
    assert "JPEG" in response.json()["error"]["errors"][0]["message"]


def test_bad_base64_names_the_material_and_creates_nothing(agent, body, item, functional_portal):
    name = item.materials[2]["name"]
    body["materials"][name] = [page(png_bytes()), {"data": "@@not base64@@", "encoding": "base64"}]
    body["applicant"]["id_number"] = "123"
    response = agent.post(VILLAGE, json=body)
    assert sorted(fields_of(response)) == sorted(["applicant.id_number", f"materials.{name}"])
    assert "2" in response.json()["error"]["errors"][-1]["message"]
    transaction.begin()
    assert len(functional_portal.areas.suning.liangcun.houfeng.objectIds()) == 0


def test_not_json(agent):
    response = agent.post(VILLAGE, data="item=MZ-001", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadRequest"


def test_only_json_is_taken(agent, body):
    """No CSRF token is asked for, so a cross-site form post must not get through."""
    response = agent.post(VILLAGE, data={"item": "MZ-001"})
    assert response.status_code == 415
    assert response.json()["error"]["type"] == "UnsupportedMediaType"


def test_only_at_a_village(session_as, body, portal_url):
    manager = session_as()
    manager.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    response = manager.post("/areas/suning/liangcun/@applications", json=body)
    assert fields_of(response) == ["area"]


def test_anonymous_is_asked_to_log_in(session_as, body):
    assert session_as().post(VILLAGE, json=body).status_code == 401


def test_an_agent_of_another_village_may_not(session_as, body, functional_portal):
    response = session_as("agent-qianfeng").post(VILLAGE, json=body)
    assert response.status_code in (401, 403)
    transaction.begin()
    assert len(functional_portal.areas.suning.liangcun.houfeng.objectIds()) == 0
