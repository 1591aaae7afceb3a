"""Vocabularies of the assessment forms: the staff to assess, the kinds of incident."""

from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from sanji import _
from sanji.assessment.incidents import COMPLAINT
from sanji.assessment.incidents import OVERTURNED
from sanji.assessment.staff import ASSESSED_TIERS
from sanji.assessment.staff import display_name
from sanji.assessment.staff import staff_of_tier


@provider(IVocabularyFactory)
def staff_vocabulary(context) -> SimpleVocabulary:
    """``sanji.assessment.Staff``: every acceptance, review and approval staff member, "name (user id)"."""
    people = {}
    for tier in ASSESSED_TIERS:
        for userid in staff_of_tier(tier):
            people.setdefault(userid, f"{display_name(userid)} ({userid})")
    terms = [SimpleTerm(userid, userid, title) for userid, title in sorted(people.items(), key=lambda kv: kv[1])]
    return SimpleVocabulary(terms)


@provider(IVocabularyFactory)
def incident_kinds(context) -> SimpleVocabulary:
    """``sanji.assessment.IncidentKinds``: a citizen's complaint or an overturned rejection."""
    return SimpleVocabulary(
        [
            SimpleTerm(COMPLAINT, COMPLAINT, _("incident_complaint", default="Citizen's complaint")),
            SimpleTerm(OVERTURNED, OVERTURNED, _("incident_overturned", default="Rejection overturned")),
        ]
    )
