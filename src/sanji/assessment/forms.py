"""The managers' forms: a manual assessment (``@@assessment-manual``) and an incident (``@@assessment-incident``).

Both only gather input; :func:`sanji.assessment.manual.set_manual` and
:func:`sanji.assessment.incidents.record_incident` check and record it, and what they refuse is shown on the
field at fault, with nothing recorded.
"""

from urllib.parse import urlencode

from plone import api
from plone.z3cform.layout import wrap_form
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import field
from z3c.form import form
from z3c.form.interfaces import ActionExecutionError
from z3c.form.interfaces import WidgetActionExecutionError
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid

from sanji import _
from sanji.assessment.exc import AssessmentRefused
from sanji.assessment.incidents import record_incident
from sanji.assessment.manual import manual_of
from sanji.assessment.manual import set_manual
from sanji.assessment.periods import current_period
from sanji.assessment.periods import previous_periods
from sanji.assessment.scoring import MANUAL_MARKS


def _mark(title, description):
    return schema.Int(title=title, description=description, min=0, max=100, required=True)


class IManualAssessment(Interface):
    """人工考核 of one person for one month."""

    userid = schema.Choice(
        title=_("label_assessed_person", default="Staff member"), vocabulary="sanji.assessment.Staff"
    )
    period = schema.TextLine(
        title=_("label_assessment_period", default="Period"),
        description=_("help_assessment_period", default="The month, as YYYY-MM."),
    )
    attitude = _mark(
        _("label_mark_attitude", default="Attitude (0–100)"),
        _("help_mark_attitude", default="Service attitude towards citizens and colleagues."),
    )
    guidance = _mark(
        _("label_mark_guidance", default="Quality of guidance (0–100)"),
        _("help_mark_guidance", default="How well the person guided applicants through what they need."),
    )
    complaints = _mark(
        _("label_mark_complaints", default="Citizens' complaints (0–100)"),
        _("help_mark_complaints", default="100 when no complaint was found justified; less for each one that was."),
    )
    comment = schema.Text(title=_("label_assessment_comment", default="Comment"), required=False)


class IIncident(Interface):
    """A complaint or an overturned rejection against a person, on one case."""

    userid = schema.Choice(
        title=_("label_assessed_person", default="Staff member"), vocabulary="sanji.assessment.Staff"
    )
    kind = schema.Choice(title=_("label_incident_kind", default="What"), vocabulary="sanji.assessment.IncidentKinds")
    receipt = schema.TextLine(title=_("label_receipt_number", default="Receipt number"))
    period = schema.TextLine(
        title=_("label_assessment_period", default="Period"),
        description=_("help_assessment_period", default="The month, as YYYY-MM."),
    )
    note = schema.Text(title=_("label_assessment_comment", default="Comment"), required=False)


def _refusal_to_form(refused: AssessmentRefused, fields) -> None:
    """Raise the refusal the way z3c.form shows it: on its field when the form has one, else on top."""
    if refused.field in fields:
        raise WidgetActionExecutionError(refused.field, Invalid(refused.message))
    raise ActionExecutionError(Invalid(refused.message))


class RecordingForm(form.Form):
    """Saves through :meth:`record`; a refusal lands on its field, nothing recorded; then on to :meth:`next_url`."""

    saved = _("info_saved", default="Saved.")

    def updateWidgets(self):
        super().updateWidgets()
        # Nobody preselected: the manager picks the person, and cannot save the first name by mistake.
        self.widgets["userid"].prompt = True

    def record(self, data: dict, by: str) -> None:
        raise NotImplementedError

    def next_url(self, data: dict) -> str:
        raise NotImplementedError

    @button.buttonAndHandler(_("button_save", default="Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        try:
            self.record(data, api.user.get_current().getId())
        except AssessmentRefused as refused:
            _refusal_to_form(refused, self.fields)
        IStatusMessage(self.request).add(self.saved, type="info")
        self.request.response.redirect(self.next_url(data))


class ManualAssessmentForm(RecordingForm):
    fields = field.Fields(IManualAssessment)
    ignoreContext = False
    label = _("heading_manual_assessment", default="Manual assessment")
    description = _(
        "description_manual_assessment",
        default="Assess what the program cannot: attitude, guidance and justified complaints. "
        "Entering a person's marks again for the same month replaces them; every entry is audited.",
    )
    saved = _("info_manual_saved", default="The manual assessment is saved.")

    def getContent(self) -> dict:
        """The request's person and month (last month by default), with the marks already entered for them."""
        userid = self.request.form.get("userid") or self.request.form.get("form.widgets.userid")
        if isinstance(userid, list):
            userid = userid[0] if userid else None
        period = self.request.form.get("period") or previous_periods(current_period(), 2)[1]
        content = dict.fromkeys(("attitude", "guidance", "complaints", "comment"))
        content.update(userid=userid, period=period)
        existing = manual_of(period, userid) if userid else None
        if existing:
            content.update({name: existing.get(name) for name in ("attitude", "guidance", "complaints", "comment")})
        return content

    def record(self, data: dict, by: str) -> None:
        marks = {name: data[name] for name in MANUAL_MARKS}
        set_manual(data["period"], data["userid"], marks, data.get("comment") or "", by=by)

    def next_url(self, data: dict) -> str:
        query = urlencode({"userid": data["userid"], "period": data["period"]})
        return f"{api.portal.get().absolute_url()}/@@assessment-person?{query}"


class IncidentForm(RecordingForm):
    fields = field.Fields(IIncident)
    ignoreContext = True
    label = _("heading_incident", default="Record a complaint or an overturned rejection")
    description = _(
        "description_incident",
        default="Counts against the person in the assessment of the month. The person must have handled the case. "
        "Every entry is audited.",
    )
    saved = _("info_incident_saved", default="The incident is recorded.")

    def updateWidgets(self):
        super().updateWidgets()
        if not self.widgets["period"].value:
            self.widgets["period"].value = self.request.form.get("period") or current_period()

    def record(self, data: dict, by: str) -> None:
        record_incident(data["period"], data["userid"], data["kind"], data["receipt"], data.get("note") or "", by=by)

    def next_url(self, data: dict) -> str:
        return f"{api.portal.get().absolute_url()}/@@assessment?{urlencode({'period': data['period']})}"


#: Both forms in the site layout, their description under the heading.
FORM_LAYOUT = ViewPageTemplateFile("templates/form_layout.pt")

ManualAssessmentView = wrap_form(ManualAssessmentForm, index=FORM_LAYOUT)
IncidentView = wrap_form(IncidentForm, index=FORM_LAYOUT)
