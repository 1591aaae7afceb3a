"""Every step of a full route is sealed in a chain; tampering with anything it covers is detected."""

import base64
import io
import itertools

from PIL import Image
from plone import api

from sanji.api.personal_data import get_personal_data
from sanji.api.personal_data import set_personal_data
from sanji.capture.pages import _ATTRIBUTE as PAGES
from sanji.capture.pages import add_page
from sanji.capture.pages import delete_page
from sanji.capture.pages import list_pages
from sanji.seals import opening
from sanji.seals import store
from sanji.seals.chain import chain
from sanji.seals.chain import data_digest
from sanji.seals.chain import signed_bytes
from sanji.seals.signer import X509Signer
from sanji.seals.verify import verify_chain
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import png_bytes
from tests.cases import step
from tests.seals.conftest import approved


def test_every_step_of_a_full_route_is_sealed(portal):
    case = approved(portal)
    step(case, "complete", "approver-minzheng", "已发放")
    entries = chain(case)
    assert [(e["seq"], e["transition"], e["tier"], e["actor"]) for e in entries] == [
        (1, "accept", "village", "agent-houfeng"),
        (2, "to_township", "village", "agent-houfeng"),
        (3, "to_county", "township", "reviewer-liangcun"),
        (4, "approve", "county", "approver-minzheng"),
        (5, "complete", "county", "approver-minzheng"),
    ]
    assert entries[0]["prev_signature"] == ""
    for previous, entry in itertools.pairwise(entries):
        assert entry["prev_signature"] == previous["signature"]
    for entry in entries:
        record = store.seal(entry["serial"])
        assert record.userid == entry["actor"]
        assert X509Signer().verify(signed_bytes(entry), base64.b64decode(entry["signature"]), record.certificate)
    assert entries[0]["organisation"] == "肃宁县梁村镇后丰村便民服务室"
    assert entries[2]["organisation"].endswith("便民服务中心")
    assert entries[3]["organisation"] == "肃宁县民政局"
    assert entries[-1]["data_digest"] == data_digest(case)
    history = api.portal.get_tool("portal_workflow").getHistoryOf("sanji_application_workflow", case)
    assert [e["time"] for e in entries] == [h["time"].asdatetime().isoformat() for h in history[1:]]
    report = verify_chain(case, deep=True)
    assert report.intact, report.problem
    assert report.data_current is True
    assert report.pages_intact is True
    assert [s.name for s in report.steps] == ["琚凤双", "琚凤双", "李志强", "郑玉敏", "郑玉敏"]


def test_the_chain_holds_no_personal_data_or_comment(portal):
    case = approved(portal)
    text = repr(chain(case))
    for value in get_personal_data(case).values():
        assert str(value) not in text
    assert "材料齐全" not in text


def test_changed_personal_data_is_detected(township_review):
    data = get_personal_data(township_review)
    set_personal_data(township_review, {**data, "applicant_name": "董金水"})
    report = verify_chain(township_review)
    assert not report.intact
    assert report.data_current is False
    assert report.first_broken == 2  # the last seal no longer covers the data


def test_changed_checklist_is_detected(township_review):
    township_review.checklist = {**township_review.checklist, "居民户口簿": False}
    report = verify_chain(township_review)
    assert not report.intact
    assert report.first_broken == 2


def test_swapped_page_is_detected(township_review):
    page = list_pages(township_review)[0]
    delete_page(township_review, page.id)
    add_page(township_review, page.material, png_bytes((0, 0, 255)), "image/png", "page.png", "agent-houfeng")
    assert not verify_chain(township_review).intact


def test_page_bytes_altered_in_storage_are_detected(township_review):
    """The recorded digest stays, the bytes change: caught when the pages are read again (deep)."""
    stored = getattr(township_review, PAGES)[0]
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(buffer, "PNG")
    with stored.blob.open("w") as handle:
        handle.write(buffer.getvalue())
    assert verify_chain(township_review).intact  # the digests alone do not see it
    report = verify_chain(township_review, deep=True)
    assert not report.intact
    assert report.pages_intact is False


def test_altered_earlier_entry_breaks_the_chain_there(portal):
    case = approved(portal)
    entries = case._sanji_seal_chain
    entries[1] = {**entries[1], "time": "2020-01-01T00:00:00+08:00"}
    report = verify_chain(case)
    assert not report.intact
    assert report.first_broken == 2
    assert [s.valid for s in report.steps] == [True, False, True, True]


def test_re_signed_entry_with_another_seal_breaks_the_link(portal):
    """Even a validly signed replacement of an earlier entry breaks the next one's link."""
    case = approved(portal)
    entries = case._sanji_seal_chain
    forged = {**entries[0], "data_digest": "0" * 64}
    key = opening.unlock_seal("agent-houfeng", "123456").key
    forged["signature"] = base64.b64encode(X509Signer().sign(signed_bytes(forged), key)).decode()
    entries[0] = forged
    report = verify_chain(case)
    assert report.steps[0].valid
    assert report.first_broken == 2


def test_removed_last_entry_is_detected_against_the_history(portal):
    case = approved(portal)
    del case._sanji_seal_chain[-1]
    report = verify_chain(case)
    assert not report.intact


def test_data_may_change_while_returned_and_is_sealed_again_on_resubmission(township_review):
    step(township_review, "return_for_correction", "reviewer-liangcun", "户口簿复印件不清楚")
    page = list_pages(township_review, "居民户口簿")[0]
    delete_page(township_review, page.id)
    add_page(township_review, "居民户口簿", png_bytes((20, 200, 20)), "image/png", "clear.png", "agent-houfeng")
    assert verify_chain(township_review).intact  # returned: the agent may edit
    step(township_review, "resubmit_township", "agent-houfeng")
    report = verify_chain(township_review)
    assert report.intact, report.problem
    entries = chain(township_review)
    assert entries[-1]["data_digest"] != entries[-2]["data_digest"]


def test_a_step_before_sealing_existed_is_reported_not_broken(portal):
    case = new_case(portal)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    del case._sanji_seal_chain[0]  # as if accepted before the seals were installed
    step(case, "to_township", "agent-houfeng")
    report = verify_chain(case)
    assert report.unsealed_steps == 1
    assert report.intact, report.problem
    assert [s.transition for s in report.steps] == ["to_township"]


def test_removing_the_first_entries_is_not_taken_for_an_old_case(portal):
    case = approved(portal)
    del case._sanji_seal_chain[0]
    report = verify_chain(case)
    assert not report.intact
    assert report.first_broken == 1


def test_a_shredded_case_keeps_verifiable_seals(portal):
    """After the retention period the personal data is destroyed on purpose: that is no tampering."""
    from sanji.crypto.envelope import destroy_data_key

    case = approved(portal)
    step(case, "complete", "approver-minzheng")
    destroy_data_key(case)
    report = verify_chain(case, deep=True)
    assert report.shredded
    assert report.intact, report.problem
    assert report.data_current is None
