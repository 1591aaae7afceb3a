"""Taking one step of a case from the web UI, with its comment and the actor's seal PIN.

plone.restapi's ``@workflow/<transition>`` takes the same path (``doActionFor``), so checks,
sealing (:mod:`sanji.seals.chain`) and bookkeeping in before/after-transition subscribers apply to
both. The PIN is handed to the step as its ``seal_pin`` argument and never rendered back.
"""

from plone import api
from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import NotFound

from sanji import _


class TransitionView(BrowserView):
    """``@@transition?name=approve``: a confirmation form with a comment; POST takes the step."""

    comment = ""
    error = None

    @property
    def name(self) -> str:
        return self.request.form.get("name", "")

    def transition(self) -> dict | None:
        workflow = api.portal.get_tool("portal_workflow")
        for transition in workflow.getTransitionsFor(self.context):
            if transition["id"] == self.name:
                return transition
        return None

    def needs_reason(self) -> bool:
        return self.name in ("reject", "return_for_correction")

    def __call__(self):
        transition = self.transition()
        if transition is None:
            # Unknown, not allowed for this user, or not possible in this state: say so plainly.
            raise NotFound(self.name)
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            self.comment = self.request.form.get("comment", "").strip()
            if self.request.form.get("form.buttons.cancel"):
                return self.request.response.redirect(self.context.absolute_url())
            pin = str(self.request.form.get("seal_pin", ""))
            self.request.form["seal_pin"] = ""  # out of any later error report of this request
            try:
                api.portal.get_tool("portal_workflow").doActionFor(
                    self.context, self.name, comment=self.comment, seal_pin=pin
                )
            except WorkflowException as error:
                self.error = str(error)
            else:
                IStatusMessage(self.request).add(
                    _("status_transition_done", default="Done: ${step}.", mapping={"step": transition["title"]})
                )
                return self.request.response.redirect(self.context.absolute_url())
        return self.index()
