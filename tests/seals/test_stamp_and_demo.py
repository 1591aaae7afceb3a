"""Stamps (with and without a CJK font) and the demo seals of the sample county."""

import io

from PIL import Image

from sanji.seals import opening
from sanji.seals import stamp
from sanji.seals import store
from sanji.setuphandlers.seals import demo_seal_pin


def test_stamp_is_a_red_ring_with_a_transparent_background():
    image = Image.open(io.BytesIO(stamp.stamp_png("肃宁县民政局", "郑玉敏")))
    assert image.mode == "RGBA"
    assert image.size == (stamp.SIZE, stamp.SIZE)
    assert image.getpixel((0, 0))[3] == 0
    ring = image.getpixel((stamp.SIZE // 2, round(stamp.SIZE * 0.035 * 1.5)))
    assert ring[0] > 180 and ring[1] < 80 and ring[3] == 255
    centre = image.getpixel((stamp.SIZE // 2, stamp.SIZE // 2 - round(stamp.SIZE * 0.02)))
    assert centre[:3] == stamp.RED[:3]  # the star


def test_stamp_without_a_font_keeps_ring_and_star(monkeypatch):
    with_text = stamp.draw_stamp("肃宁县民政局", "郑玉敏")
    monkeypatch.setattr(stamp, "font_path", lambda: None)
    without = stamp.draw_stamp("肃宁县民政局", "郑玉敏")
    assert without.getbbox() is not None
    opaque = sum(1 for pixel in without.getdata() if pixel[3])
    assert 0 < opaque < sum(1 for pixel in with_text.getdata() if pixel[3])


def test_every_demo_signer_has_a_seal_opened_by_the_demo_pin(portal):
    for userid in ("agent-houfeng", "reviewer-liangcun", "approver-minzheng", "approver-shichang"):
        record = store.current_seal(userid)
        assert record is not None and record.status() == "valid", userid
        assert opening.unlock_seal(userid, demo_seal_pin()).record is record
    assert store.current_seal("supervisor") is None  # supervisors take no steps


def test_importing_the_county_again_issues_no_new_seals(as_manager):
    from sanji.testing import COUNTY_PROFILE

    before = {record.serial for record in store.all_seals()}
    as_manager.portal_setup.runAllImportStepsFromProfile(f"profile-{COUNTY_PROFILE}", ignore_dependencies=True)
    assert {record.serial for record in store.all_seals()} == before


def test_holders_tiers_and_organisations(portal):
    assert store.describe_holder("agent-houfeng").organisation == "肃宁县梁村镇后丰村便民服务室"
    assert store.describe_holder("agent-houfeng").tier == "village"
    assert store.describe_holder("reviewer-liangcun").tier == "township"
    assert store.describe_holder("approver-renshe").organisation == "肃宁县人力资源和社会保障局"
