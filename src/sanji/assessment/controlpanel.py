"""``@@sanji-assessment-controlpanel``: the weights of the automatic score and the automatic/manual split."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm

from sanji import _
from sanji.assessment.settings import PREFIX
from sanji.assessment.settings import IAssessmentSettings


class AssessmentSettingsForm(RegistryEditForm):
    """The records of IAssessmentSettings; its invariants refuse negative values and sums other than 100%."""

    schema = IAssessmentSettings
    schema_prefix = PREFIX
    label = _("heading_assessment_controlpanel", default="Assessment weights")
    description = _(
        "description_assessment_controlpanel",
        default="How the program scores staff from the processing data, and how much the managers' "
        "manual assessment counts. Closed periods keep the weights they were closed with.",
    )


class AssessmentControlPanel(ControlPanelFormWrapper):
    form = AssessmentSettingsForm
