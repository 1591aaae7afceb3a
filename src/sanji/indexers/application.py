"""Index values of applications: who must act, deadlines, places. Never personal data."""

from plone import api
from plone.dexterity.interfaces import IDexterityContent
from plone.dexterity.interfaces import IDexterityItem
from plone.indexer import indexer
from Products.CMFCore.interfaces import IContentish

from sanji.content.application import IApplication
from sanji.roles import agents_group
from sanji.roles import approvers_group
from sanji.roles import reviewers_group
from sanji.workflow.definition import history


def _last_tier(application) -> str | None:
    entries = history(application)
    return entries[-1].get("tier") if entries else None


def group_of_tier(application, tier: str | None) -> str | None:
    """The group that handles ``application`` at ``tier``."""
    if tier == "village":
        return agents_group(application.village)
    if tier == "township":
        return reviewers_group(application.township)
    if tier == "county" and application.department_id:
        return approvers_group(application.department_id)
    return None


@indexer(IApplication)
def waiting_for(application) -> list[str]:
    """The groups whose worklist shows the case: the tier whose turn it is."""
    state = api.content.get_state(application, default=None)
    tier = {
        "draft": "village",
        "accepted": "village",
        "returned": "village",
        "township_review": "township",
        "county_approval": "county",
    }.get(state)
    if state in ("approved", "rejected"):
        tier = _last_tier(application)
    group = group_of_tier(application, tier)
    return [group] if group else []


@indexer(IApplication)
def handled_by(application) -> list[str]:
    return list(getattr(application, "handled_by", None) or ())


@indexer(IApplication)
def accepted_date(application):
    return application.accepted_at.date() if application.accepted_at else None


@indexer(IApplication)
def completed_date(application):
    return application.completed_at.date() if application.completed_at else None


@indexer(IApplication)
def application_searchable_text(application) -> str:
    """No full text: cases are found by their own indexes (receipt, item, village, state, dates).

    The catalog holds no personal data, so a case's text would only repeat its item's words, and
    indexing them rewrites the full-text index's buckets that hold those words (ZCTextIndex sets
    every word's entry again), a write conflict between any two submissions of the same item at
    once (two threads, or two instances over RelStorage): every submission would be retried.
    """
    raise AttributeError("SearchableText")


@indexer(IApplication)
def application_title(application) -> str:
    """No title in the catalog either: the same conflict as :func:`application_searchable_text`.

    Listings of cases show the ``item_title`` and ``receipt_number`` columns; the case's own title
    (item and receipt number) is on the case.
    """
    raise AttributeError("Title")


#: What a case's ``object_provides`` holds: its own type and what Plone asks of content in general.
APPLICATION_INTERFACES = (IApplication, IDexterityItem, IDexterityContent, IContentish)


@indexer(IApplication)
def application_provides(application) -> tuple[str, ...]:
    """A short ``object_provides`` for cases: four interfaces instead of 25.

    Plone indexes every interface an object provides but Zope's plumbing (Dublin Core variants,
    relations, image scales, WebDAV locks, workflow and catalog awareness…), and each is a set that
    every new case joins: 25 inserts per submission, into sets every other submission writes too, all
    while the catalog writers take turns. Nothing looks cases up by those; cases are found by their
    type and their own indexes.
    """
    return tuple(interface.__identifier__ for interface in APPLICATION_INTERFACES if interface.providedBy(application))
