"""Cards kept on the case: the highest card, when it was given, and every card given, oldest first.

Written as plain attributes of the application itself (a tuple replaced, never a mutable list), so
giving a card always writes the application object: two sweeps carding the same case at once
conflict there, and the retried one sees the card and gives none.
"""

from dataclasses import dataclass
from datetime import date

YELLOW = "yellow"
RED = "red"
#: Cards by severity.
CARDS = (YELLOW, RED)


@dataclass(frozen=True)
class Card:
    """One card given to a case."""

    card: str
    given: date
    deadline: date | None
    remaining: int | None

    def to_dict(self) -> dict:
        return {
            "card": self.card,
            "given": self.given.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "remaining": self.remaining,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Card":
        deadline = data.get("deadline")
        return cls(
            card=data["card"],
            given=date.fromisoformat(data["given"]),
            deadline=date.fromisoformat(deadline) if deadline else None,
            remaining=data.get("remaining"),
        )


def card_history(application) -> list[Card]:
    """Every card given to ``application``, oldest first."""
    return [Card.from_dict(data) for data in getattr(application, "card_history", None) or ()]


def current_card(application) -> str | None:
    """The most severe card the case has been given, or None."""
    given = {card.card for card in card_history(application)}
    return next((card for card in reversed(CARDS) if card in given), None)


def has_card(application, card: str) -> bool:
    return any(given.card == card for given in card_history(application))


def record_card(application, card: Card) -> None:
    """Append ``card`` to the case's history and set its current card (the caller reindexes).

    :raises ValueError: for an unknown card.
    """
    if card.card not in CARDS:
        raise ValueError(f"unknown card {card.card!r}")
    application.card_history = (*(getattr(application, "card_history", None) or ()), card.to_dict())
    application.card = current_card(application)
    application.card_date = card.given
