"""The seals of a case on its page: each step's stamp, who sealed it, and whether the chain holds."""

from plone import api
from plone.app.layout.viewlets import ViewletBase

from sanji.seals.chain import chain
from sanji.seals.decision import get_decision
from sanji.seals.verify import verify_chain


class SealsViewlet(ViewletBase):
    """Below the case: the chain (checked, without re-reading the pages) and the decision PDF."""

    def update(self):
        super().update()
        self.has_seals = bool(chain(self.context))
        self.report = verify_chain(self.context) if self.has_seals else None

    def stamp_url(self, serial: str) -> str:
        return f"{api.portal.get().absolute_url()}/@@seal-stamp?serial={serial}"

    def decision_url(self) -> str:
        return f"{self.context.absolute_url()}/@@decision.pdf" if get_decision(self.context) is not None else ""

    def verify_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/@@verify?receipt={self.context.receipt_number}"
