"""SMS settings in plone.app.registry (records ``sanji.sms.*``), edited in ``@@sanji-sms-controlpanel``.

Which gateway sends, the signature name, the quiet hours for citizens, how often to retry, the texts
and the providers' template codes. Never credentials: those come from the environment
(:mod:`sanji.sms.credentials`).
"""

import re
from dataclasses import dataclass
from datetime import time

from plone.registry.interfaces import IRegistry
from plone.supermodel import model
from zope import schema
from zope.component import queryUtility
from zope.schema import ValidationError

from sanji import _
from sanji.sms.templates import TEMPLATES
from sanji.sms.templates import unknown_placeholders

#: Prefix of the records in the registry (see profiles/default/registry/sms.xml).
PREFIX = "sanji.sms"
_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
_CODE_LINE = re.compile(r"^\s*([a-z_]+)\s*[=:：]\s*(\S+)\s*$")


class InvalidClockTime(ValidationError):
    __doc__ = _("error_sms_clock_time", default="Enter a time of day as HH:MM, e.g. 21:00.")


class InvalidSignName(ValidationError):
    __doc__ = _(
        "error_sms_sign_name",
        default="Enter the signature name approved by the provider (2 to 12 characters), without 【】.",
    )


class UnknownPlaceholders(ValidationError):
    """A template uses placeholders nobody fills; the message names them and the ones allowed."""

    def __init__(self, unknown: list[str], allowed: tuple[str, ...]):
        super().__init__(unknown)
        self.unknown, self.allowed = unknown, allowed

    def doc(self):
        return _(
            "error_sms_unknown_placeholders",
            default="Unknown placeholders: ${unknown}. This text may use: ${allowed}.",
            mapping={
                "unknown": ", ".join(f"${{{name}}}" for name in self.unknown),
                "allowed": ", ".join(f"${{{name}}}" for name in self.allowed) or "—",
            },
        )


class InvalidCodeLine(ValidationError):
    """A line of the template codes is not ``template_id=CODE`` with a known template id."""

    def __init__(self, line: str):
        super().__init__(line)
        self.line = line

    def doc(self):
        return _(
            "error_sms_code_line",
            default="“${line}” is not “template=code” with one of the templates ${templates}.",
            mapping={"line": self.line, "templates": ", ".join(TEMPLATES)},
        )


def clock_time(value: str) -> bool:
    if not _CLOCK.match(value or ""):
        raise InvalidClockTime(value)
    return True


def sign_name(value: str) -> bool:
    value = (value or "").strip()
    if not 2 <= len(value) <= 12 or any(char in value for char in "【】[]"):
        raise InvalidSignName(value)
    return True


def code_lines(lines) -> bool:
    """Every line is ``template=code`` with a known template; the first wrong one is named."""
    for line in lines or ():
        match = _CODE_LINE.match(line or "")
        if not match or match.group(1) not in TEMPLATES:
            raise InvalidCodeLine(line)
    return True


def _template_constraint(template_id: str):
    def check(value: str) -> bool:
        unknown = unknown_placeholders(template_id, value)
        if unknown:
            raise UnknownPlaceholders(unknown, TEMPLATES[template_id].placeholders)
        return True

    return check


def _template_field(template_id: str) -> schema.Text:
    template = TEMPLATES[template_id]
    return schema.Text(
        title=template.title,
        description=_(
            "help_sms_template",
            default="Placeholders: ${names}.",
            mapping={"names": ", ".join(f"${{{name}}}" for name in template.placeholders) or "—"},
        ),
        default=template.default,
        constraint=_template_constraint(template_id),
    )


def _codes_field(title, description) -> schema.List:
    return schema.List(
        title=title,
        description=description,
        value_type=schema.TextLine(),
        constraint=code_lines,
        default=[],
        missing_value=[],
        required=False,
    )


class ISmsSettings(model.Schema):
    """Everything about SMS an administrator may change."""

    gateway = schema.Choice(
        title=_("label_sms_gateway", default="Send SMS through"),
        description=_(
            "help_sms_gateway",
            default="The outbox keeps messages in the site; the providers need their credentials in the "
            "environment (see docs/sms.md).",
        ),
        vocabulary="sanji.sms.gateways",
        default="outbox",
    )
    sign_name = schema.TextLine(
        title=_("label_sms_sign_name", default="Signature name (签名)"),
        description=_(
            "help_sms_sign_name",
            default="As approved by the provider; shown in 【】 before every message.",
        ),
        default="肃宁县政务服务",
        constraint=sign_name,
    )
    quiet_start = schema.TextLine(
        title=_("label_sms_quiet_start", default="Quiet hours for citizens start at"),
        description=_(
            "help_sms_quiet_hours",
            default="Messages to citizens wait in the queue between these times (HH:MM); the same "
            "time twice means no quiet hours. Staff messages are sent at once.",
        ),
        default="21:00",
        constraint=clock_time,
    )
    quiet_end = schema.TextLine(
        title=_("label_sms_quiet_end", default="Quiet hours end at"),
        default="08:00",
        constraint=clock_time,
    )
    max_attempts = schema.Int(
        title=_("label_sms_max_attempts", default="Attempts before a message is given up"),
        description=_(
            "help_sms_max_attempts",
            default="Retries wait 1, 2, 4… minutes, at most an hour; a message given up stays visible in "
            "the outbox, where it can be sent again.",
        ),
        default=8,
        min=1,
        max=30,
    )

    model.fieldset(
        "templates",
        label=_("fieldset_sms_templates", default="Texts"),
        fields=[f"template_{template_id}" for template_id in TEMPLATES],
    )
    model.fieldset(
        "codes",
        label=_("fieldset_sms_codes", default="Provider template codes"),
        fields=["aliyun_codes", "tencent_codes"],
    )

    template_handler_step = _template_field("handler_step")
    template_citizen_accepted = _template_field("citizen_accepted")
    template_citizen_returned = _template_field("citizen_returned")
    template_citizen_completed = _template_field("citizen_completed")
    template_card_yellow = _template_field("card_yellow")
    template_card_red = _template_field("card_red")
    template_card_red_escalation = _template_field("card_red_escalation")
    template_query_status = _template_field("query_status")
    template_query_unknown = _template_field("query_unknown")

    aliyun_codes = _codes_field(
        _("label_sms_aliyun_codes", default="Alibaba Cloud template codes"),
        _("help_sms_aliyun_codes", default="One line per template: template=code, e.g. citizen_accepted=SMS_1234567."),
    )
    tencent_codes = _codes_field(
        _("label_sms_tencent_codes", default="Tencent Cloud template ids"),
        _("help_sms_tencent_codes", default="One line per template: template=id, e.g. citizen_accepted=1234567."),
    )


@dataclass(frozen=True)
class SmsSettings:
    """The records as one snapshot; a missing or broken record falls back to its default."""

    gateway: str
    sign_name: str
    quiet_start: time
    quiet_end: time
    max_attempts: int
    texts: dict[str, str]
    #: gateway name → template id → the provider's template code
    codes: dict[str, dict[str, str]]

    def code(self, gateway: str, template_id: str) -> str:
        return self.codes.get(gateway, {}).get(template_id, "")


def parse_clock(value: str, default: str) -> time:
    match = _CLOCK.match(value or "") or _CLOCK.match(default)
    return time(int(match.group(1)), int(match.group(2)))


def parse_codes(lines) -> dict[str, str]:
    """``["citizen_accepted=SMS_1", …]`` → ``{"citizen_accepted": "SMS_1"}``; bad lines are skipped."""
    codes = {}
    for line in lines or ():
        match = _CODE_LINE.match(line or "")
        if match and match.group(1) in TEMPLATES:
            codes[match.group(1)] = match.group(2)
    return codes


def get_settings(registry=None) -> SmsSettings:
    """The current settings (``registry`` for code running outside the request's site)."""
    registry = registry if registry is not None else queryUtility(IRegistry)

    def value(name: str):
        found = registry.get(f"{PREFIX}.{name}") if registry is not None else None
        return found if found not in (None, "") else ISmsSettings[name].default

    max_attempts = value("max_attempts")
    return SmsSettings(
        gateway=value("gateway"),
        sign_name=value("sign_name"),
        quiet_start=parse_clock(value("quiet_start"), ISmsSettings["quiet_start"].default),
        quiet_end=parse_clock(value("quiet_end"), ISmsSettings["quiet_end"].default),
        max_attempts=max_attempts if isinstance(max_attempts, int) and max_attempts > 0 else 8,
        texts={template_id: value(f"template_{template_id}") for template_id in TEMPLATES},
        codes={"aliyun": parse_codes(value("aliyun_codes")), "tencent": parse_codes(value("tencent_codes"))},
    )
