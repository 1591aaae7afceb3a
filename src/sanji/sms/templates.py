"""The SMS texts: which templates exist, the placeholders each may use, rendering.

The texts live in the registry (editable in ``@@sanji-sms-controlpanel``, Chinese by default). The
providers send only pre-approved templates, so each template also has an Alibaba Cloud template code
and a Tencent Cloud template id there; Alibaba Cloud gets the values by placeholder name, Tencent
Cloud as a list in the order the placeholders first appear in the text (number them ``{1}``, ``{2}``…
in that order when applying for the template).

Texts carry no more personal data than needed: a receipt number, the item, a date, a reason.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from zope.i18nmessageid import Message

from sanji import _

PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
#: Longest value of one placeholder: providers refuse longer variables (Alibaba Cloud: 35 characters).
MAX_VALUE_LENGTH = 35


@dataclass(frozen=True)
class Template:
    id: str
    title: Message
    placeholders: tuple[str, ...]
    default: str


TEMPLATES: dict[str, Template] = {
    template.id: template
    for template in (
        Template(
            "handler_step",
            _("sms_template_handler_step", default="Staff: a case is waiting for you"),
            ("receipt", "item", "deadline", "step"),
            "您有一件待办：${item}，受理编号${receipt}，当前环节${step}，请于${deadline}前办理。",
        ),
        Template(
            "citizen_accepted",
            _("sms_template_citizen_accepted", default="Citizen: application accepted"),
            ("receipt", "item", "deadline"),
            "您办理的“${item}”已受理，受理编号${receipt}，承诺${deadline}前办结。发送“CX ${receipt}”可查询进度。",
        ),
        Template(
            "citizen_returned",
            _("sms_template_citizen_returned", default="Citizen: returned for correction"),
            ("receipt", "item", "reason"),
            "您办理的“${item}”（受理编号${receipt}）需要补正：${reason}。请到村便民服务站补正材料。",
        ),
        Template(
            "citizen_completed",
            _("sms_template_citizen_completed", default="Citizen: case completed"),
            ("receipt", "item"),
            "您办理的“${item}”（受理编号${receipt}）已办结，请到村便民服务站领取办理结果。",
        ),
        Template(
            "card_yellow",
            _("sms_template_card_yellow", default="Staff: yellow card (near its deadline)"),
            ("receipt", "item", "deadline", "days"),
            "【黄牌预警】待办${item}（受理编号${receipt}）将于${deadline}到期，剩余${days}个工作日，请抓紧办理。",
        ),
        Template(
            "card_red",
            _("sms_template_card_red", default="Staff: red card (overdue)"),
            ("receipt", "item", "deadline"),
            "【红牌督办】待办${item}（受理编号${receipt}）已超过办理期限${deadline}，请立即办理。",
        ),
        Template(
            "card_red_escalation",
            _("sms_template_card_red_escalation", default="Supervisors: a red card to follow up"),
            ("receipt", "item", "deadline", "place"),
            "【红牌督办】${place}待办${item}（受理编号${receipt}）已超过办理期限${deadline}，请督促办理。",
        ),
        Template(
            "query_status",
            _("sms_template_query_status", default="Citizen's query by SMS: where the case stands"),
            ("receipt", "item", "step", "deadline"),
            "受理编号${receipt}（${item}）当前状态：${step}，办理期限${deadline}。",
        ),
        Template(
            "query_unknown",
            _("sms_template_query_unknown", default="Citizen's query by SMS: nothing found"),
            (),
            "未查到本手机号的该受理编号办件。请核对受理编号后发送“CX 受理编号”，或到村便民服务站咨询。",
        ),
    )
}


def placeholders(text: str) -> list[str]:
    """The placeholder names of ``text`` in order of first appearance."""
    seen: list[str] = []
    for name in PLACEHOLDER.findall(text or ""):
        if name not in seen:
            seen.append(name)
    return seen


def unknown_placeholders(template_id: str, text: str) -> list[str]:
    """Placeholders of ``text`` that template ``template_id`` cannot fill."""
    allowed = TEMPLATES[template_id].placeholders
    return [name for name in placeholders(text) if name not in allowed]


def clip(value: object) -> str:
    """A placeholder's value as the providers accept it: one line, at most MAX_VALUE_LENGTH characters."""
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


def render(text: str, params: Mapping[str, str]) -> str:
    """``text`` with its placeholders filled; one without a value stays visible as ``${name}``."""
    return PLACEHOLDER.sub(lambda match: params.get(match.group(1), match.group(0)), text or "")


def ordered_params(text: str, params: Mapping[str, str]) -> dict[str, str]:
    """The values ``text`` uses, in order of first appearance (Tencent Cloud's TemplateParamSet)."""
    return {name: params.get(name, "") for name in placeholders(text)}
