"""The cards of a case on its page, above the content: whoever handles it sees it is late."""

from plone.app.layout.viewlets import ViewletBase

from sanji.supervision.record import Card
from sanji.supervision.record import card_history


class CardsViewlet(ViewletBase):
    """Nothing for a case without cards; otherwise each card with its day, deadline and remaining days."""

    def update(self):
        super().update()
        self.cards: list[Card] = card_history(self.context)
