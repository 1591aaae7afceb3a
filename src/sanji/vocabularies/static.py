"""Fixed vocabularies whose values the code relies on (tiers, item types, material forms)."""

from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from sanji import _
from sanji.content.tiers import TIER_TITLES
from sanji.content.tiers import TIERS

ITEM_TYPES = {
    "permit": _("item_type_permit", default="Administrative permit"),
    "confirmation": _("item_type_confirmation", default="Administrative confirmation"),
    "payment": _("item_type_payment", default="Administrative payment"),
    "public_service": _("item_type_public_service", default="Public service"),
    "other": _("item_type_other", default="Other administrative power"),
}

MATERIAL_FORMS = {
    "original": _("material_original", default="Original"),
    "copy": _("material_copy", default="Copy"),
    "original_and_copy": _("material_original_and_copy", default="Original and copy"),
}


def _vocabulary(titles: dict) -> SimpleVocabulary:
    return SimpleVocabulary([SimpleTerm(value, value, title) for value, title in titles.items()])


@provider(IVocabularyFactory)
def tiers(context=None) -> SimpleVocabulary:
    return _vocabulary({tier: TIER_TITLES[tier] for tier in TIERS})


@provider(IVocabularyFactory)
def item_types(context=None) -> SimpleVocabulary:
    return _vocabulary(ITEM_TYPES)


@provider(IVocabularyFactory)
def material_forms(context=None) -> SimpleVocabulary:
    return _vocabulary(MATERIAL_FORMS)
