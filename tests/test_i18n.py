"""Simplified Chinese first: every message has a zh_CN translation, and the catalogs are current."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

LOCALES = Path(__file__).parents[1] / "src" / "sanji" / "locales"
ENTRY = re.compile(r'^msgid "(?P<id>.+)"\nmsgstr "(?P<str>.*)"$', re.M)


def entries(path: Path) -> dict[str, str]:
    return {m["id"]: m["str"] for m in ENTRY.finditer(path.read_text(encoding="utf-8"))}


def test_every_message_is_translated_to_chinese():
    pot = entries(LOCALES / "sanji.pot")
    zh = entries(LOCALES / "zh_CN" / "LC_MESSAGES" / "sanji.po")
    assert pot
    untranslated = sorted(msgid for msgid in pot if not zh.get(msgid))
    assert untranslated == []


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_translation_is_fuzzy(language):
    """gettext skips a fuzzy entry, so the page shows the English default (it did: 办理记录's "Step", "By")."""
    catalog = (LOCALES / language / "LC_MESSAGES" / "sanji.po").read_text(encoding="utf-8")
    fuzzy = re.findall(r'^#, fuzzy\n(?:#.*\n)*msgid "(.+)"', catalog, re.M)
    assert fuzzy == []


def test_english_catalog_knows_every_message():
    pot = entries(LOCALES / "sanji.pot")
    en = entries(LOCALES / "en" / "LC_MESSAGES" / "sanji.po")
    assert set(pot) <= set(en)


def test_pot_is_current(tmp_path):
    """A string added to the code without `make i18n` fails here."""
    i18ndude = Path(sys.executable).parent / "i18ndude"
    if not i18ndude.exists():
        pytest.skip("i18ndude is installed with the test extras")
    fresh = tmp_path / "sanji.pot"
    subprocess.run(
        [str(i18ndude), "rebuild-pot", "--pot", str(fresh), "--create", "sanji", str(LOCALES.parent)],
        check=True,
        capture_output=True,
    )
    assert set(entries(fresh)) == set(entries(LOCALES / "sanji.pot"))


def test_site_speaks_chinese(portal):
    from zope.i18n import translate

    from sanji import _

    assert translate(_("heading_service_catalog", default="Online services"), target_language="zh_CN") == "网上办事"
    assert translate(_("heading_service_catalog", default="Online services"), target_language="en") == "Online services"


def test_plones_own_gaps_that_staff_meet_are_chinese(portal):
    """Plone's "plone" domain, where plone.app.locales has no Chinese: Sanji's plone.po fills in."""
    from zope.i18n import translate
    from zope.i18nmessageid import MessageFactory

    plone = MessageFactory("plone")
    email_help = plone("We will use this address if you need to recover your password")
    assert translate(email_help, target_language="zh_CN") == "忘记密码时，将通过这个地址帮您找回。"
    password = plone("Your password must contain at least ${min_chars} characters.", mapping={"min_chars": "8"})
    assert translate(password, target_language="zh_CN") == "密码至少需要 8 个字符。"
    assert translate(plone("label_save", default="Save"), target_language="zh_CN") == "保存"  # Plone's own still wins


def test_the_online_forms_type_is_chinese(portal):
    """collective.easyform has no Chinese: the search's type filter said "EasyForm" beside 办事指南."""
    from plone import api
    from zope.i18n import translate
    from zope.i18nmessageid import Message

    fti = api.portal.get_tool("portal_types")["EasyForm"]
    title = Message(fti.title, domain=fti.i18n_domain)
    assert translate(title, target_language="zh_CN") == "网上申请表"
    assert translate(title, target_language="en") == "EasyForm"
    assert translate(fti.Title(), target_language="zh_CN") == "网上申请表"
