"""Lifecycle events of an application, for the subscribers of later features to plug into.

SMS notification, electronic seals and supervision react to these instead of to raw workflow
events, so they never need to know the workflow's ids. Every event carries the application, the
workflow transition (None for a new submission), the acting user, the tier that acted, and the
comment.
"""

from zope.interface import Attribute
from zope.interface import Interface
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IApplicationEvent(IObjectEvent):
    transition = Attribute("Workflow transition id, or None")
    actor = Attribute("User id of who acted")
    tier = Attribute("Tier that acted: village, township or county")
    comment = Attribute("The comment or reason given")


class IApplicationSubmitted(IApplicationEvent):
    """A form or an outside system created a draft application."""


class IApplicationTransitioned(IApplicationEvent):
    """Any step of the workflow was taken (the specific events below also provide this)."""


class IApplicationAccepted(IApplicationTransitioned):
    """受理: the village station accepted the application."""


class IApplicationForwarded(IApplicationTransitioned):
    """Passed on to the next tier (township review or county approval)."""


class IApplicationReturned(IApplicationTransitioned):
    """退回补正: sent back for correction with a reason; the clock stops."""


class IApplicationResubmitted(IApplicationTransitioned):
    """Corrected and sent back to the tier that returned it; the clock runs again."""


class IApplicationDecided(IApplicationTransitioned):
    """Approved or rejected."""


class IApplicationCompleted(IApplicationTransitioned):
    """办结: the result is issued."""


class IApplicationCarded(IObjectEvent):
    """电子监察: the supervision sweep gave the case a yellow (near due) or red (overdue) card.

    Fired once per card and case, in the transaction that records the card on the case; the SMS
    urging and the escalation to supervisors subscribe to it.
    """

    card = Attribute("'yellow' or 'red'")
    deadline = Attribute("The case's deadline (datetime.date) when the card was given")
    remaining = Attribute("Working days left (negative when overdue)")
    waiting_for = Attribute("Groups whose turn it was (the catalog's waiting_for)")
    escalate_to = Attribute("Supervisor groups a red card is escalated to (empty for yellow cards)")


@implementer(IApplicationEvent)
class ApplicationEvent(ObjectEvent):
    def __init__(self, obj, transition=None, actor=None, tier=None, comment=""):
        super().__init__(obj)
        self.transition = transition
        self.actor = actor
        self.tier = tier
        self.comment = comment


@implementer(IApplicationSubmitted)
class ApplicationSubmitted(ApplicationEvent):
    pass


@implementer(IApplicationCarded)
class ApplicationCarded(ObjectEvent):
    def __init__(self, obj, card: str, *, deadline=None, remaining=None, waiting_for=(), escalate_to=()):
        super().__init__(obj)
        self.card = card
        self.deadline = deadline
        self.remaining = remaining
        self.waiting_for = tuple(waiting_for)
        self.escalate_to = tuple(escalate_to)


#: The event interface each transition provides besides IApplicationTransitioned.
TRANSITION_EVENTS: dict[str, type[Interface]] = {
    "accept": IApplicationAccepted,
    "to_township": IApplicationForwarded,
    "to_county": IApplicationForwarded,
    "approve": IApplicationDecided,
    "reject": IApplicationDecided,
    "return_for_correction": IApplicationReturned,
    "resubmit_village": IApplicationResubmitted,
    "resubmit_township": IApplicationResubmitted,
    "resubmit_county": IApplicationResubmitted,
    "complete": IApplicationCompleted,
}


def transition_event(obj, transition: str, actor: str, tier: str, comment: str) -> ApplicationEvent:
    """The event for ``transition``, providing its specific interface."""
    from zope.interface import alsoProvides

    event = ApplicationEvent(obj, transition, actor, tier, comment)
    alsoProvides(event, IApplicationTransitioned, TRANSITION_EVENTS.get(transition, IApplicationTransitioned))
    return event
