"""Control panel of the electronic supervision: the yellow-card thresholds and the public cache."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm

from sanji import _
from sanji.supervision.settings import PREFIX
from sanji.supervision.settings import ISupervisionSettings


class SupervisionSettingsForm(RegistryEditForm):
    schema = ISupervisionSettings
    schema_prefix = PREFIX
    label = _("heading_supervision_controlpanel", default="Electronic supervision")
    description = _(
        "description_supervision_controlpanel",
        default="A case gets a yellow card when few working days remain and a red card when it is overdue. "
        "Changing the thresholds recomputes the warning dates of the open cases.",
    )


class SupervisionControlPanel(ControlPanelFormWrapper):
    """@@sanji-supervision-controlpanel."""

    form = SupervisionSettingsForm
