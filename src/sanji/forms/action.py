"""The easyform action that turns a station form's submission into an Application.

collective.easyform calls ``onSuccess`` after the form validated. The submission then goes the
same way as one over plone.restapi (:func:`sanji.api.applications.submit`); a refusal comes back
as errors on the form's fields, so the agent sees what is wrong and loses nothing typed.
No copy of the answers is kept anywhere but in the Application.
"""

from Acquisition import aq_parent
from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from collective.easyform.api import get_context
from collective.easyform.config import FORM_ERROR_MARKER
from collective.easyform.interfaces import IAction
from plone import api
from plone.supermodel.exportimport import BaseHandler
from zope.i18n import translate
from zope.interface import implementer

from sanji import _
from sanji.api.applications import Submission
from sanji.api.applications import SubmissionRefused
from sanji.api.applications import submit
from sanji.api.applications import village_of
from sanji.forms.fields import APPLICANT_FIELD_NAMES

#: The supermodel type of the action, as written in an easyform's actions model.
ACTION_TYPE = "sanji.forms.action.CreateApplication"


class ICreateApplication(IAction):
    """Create an application (办件) in the agent's village from the submitted form."""


@implementer(ICreateApplication)
class CreateApplication(Action):
    __doc__ = ICreateApplication.__doc__

    def onSuccess(self, fields, request):
        form = get_context(self)
        item = aq_parent(form)
        area = village_of(api.user.get_current().getId())
        if area is None:
            message = _(
                "error_not_an_agent",
                default="Only a village station agent can submit applications; log in with your station account.",
            )
            return {FORM_ERROR_MARKER: translate(message, context=request)}
        applicant = {name: fields.get(name) for name in APPLICANT_FIELD_NAMES}
        answers = {name: value for name, value in fields.items() if name not in APPLICANT_FIELD_NAMES}
        try:
            application = submit(area, Submission(item, applicant, answers), require_materials=False)
        except SubmissionRefused as refused:
            return refused.errors
        request.response.redirect(f"{application.absolute_url()}/@@capture")
        return None


CreateApplicationAction = ActionFactory(
    CreateApplication,
    _("label_create_application_action", default="Create application"),
    "collective.easyform.AddCustomScripts",
)
CreateApplicationHandler = BaseHandler(CreateApplication)

ACTIONS_MODEL = (
    '<model xmlns="http://namespaces.plone.org/supermodel/schema">'
    f'<schema><field name="create_application" type="{ACTION_TYPE}">'
    "<title>生成办件</title></field></schema></model>"
)
