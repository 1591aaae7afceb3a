"""``@@sanji-sms-controlpanel``: gateway, signature, quiet hours, texts and provider template codes.

Above the form it shows the configuration check of the selected gateway (what is missing in the
environment) and the templates that have no code for that provider yet, so an administrator sees
before the first message fails why it would.
"""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import queryUtility

from sanji import _
from sanji.sms.credentials import CALLBACK_SECRET
from sanji.sms.credentials import credential
from sanji.sms.interfaces import ISmsGateway
from sanji.sms.settings import PREFIX
from sanji.sms.settings import ISmsSettings
from sanji.sms.settings import get_settings
from sanji.sms.templates import TEMPLATES

#: Gateways that send only pre-approved templates, each needing a code per template.
TEMPLATE_PROVIDERS = ("aliyun", "tencent")


def configuration_problems(gateway_name: str) -> list:
    """What keeps ``gateway_name`` from sending (i18n messages), empty when it is ready."""
    gateway = queryUtility(ISmsGateway, name=gateway_name)
    if gateway is None:
        return [_("check_no_gateway", default="No gateway named ${name}.", mapping={"name": gateway_name})]
    problems = list(gateway.check())
    if gateway_name in TEMPLATE_PROVIDERS:
        settings = get_settings()
        missing = [template_id for template_id in TEMPLATES if not settings.code(gateway_name, template_id)]
        if missing:
            problems.append(
                _(
                    "check_missing_codes",
                    default="No template code for: ${templates}.",
                    mapping={"templates": ", ".join(missing)},
                )
            )
    return problems


class SmsSettingsForm(RegistryEditForm):
    schema = ISmsSettings
    schema_prefix = PREFIX
    label = _("heading_sms_controlpanel", default="SMS reminders")
    description = _(
        "description_sms_controlpanel",
        default="Who gets which SMS is fixed by the workflow; here you choose how they are sent and what they say.",
    )


class SmsControlPanel(ControlPanelFormWrapper):
    form = SmsSettingsForm
    index = ViewPageTemplateFile("templates/controlpanel.pt")

    def gateway_title(self) -> str:
        gateway = queryUtility(ISmsGateway, name=get_settings().gateway)
        return gateway.title if gateway is not None else get_settings().gateway

    def problems(self) -> list:
        return configuration_problems(get_settings().gateway)

    def callbacks_configured(self) -> bool:
        """Whether ``@sms-report`` and ``@sms-inbound`` can accept the providers' pushes."""
        return bool(credential(CALLBACK_SECRET))
