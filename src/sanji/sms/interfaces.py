"""The contract between the SMS queue and a provider: one message in, one result out."""

from dataclasses import dataclass
from dataclasses import field

from zope.interface import Attribute
from zope.interface import Interface


@dataclass(frozen=True)
class OutgoingSms:
    """What a gateway needs to send one message; built by the delivery from the queued message.

    ``params`` are the values of the template's placeholders in the order they appear in the text
    (Tencent Cloud takes them as a list, Alibaba Cloud by name). ``template_code`` is the provider's
    code of the pre-approved template for ``template_id`` ("" for the outbox, which needs none).
    """

    message_id: str
    phone: str
    text: str
    template_id: str
    params: dict[str, str] = field(default_factory=dict)
    sign_name: str = ""
    template_code: str = ""


@dataclass(frozen=True)
class SendResult:
    """What the provider answered.

    ``permanent`` failures (an invalid or blacklisted number) are not retried; others are, with
    backoff. ``provider_message_id`` is the id the provider's delivery reports name the message by.
    """

    ok: bool
    provider_message_id: str = ""
    error: str = ""
    permanent: bool = False


class ISmsGateway(Interface):
    """A way to send SMS, registered as a named utility; the control panel picks one by name.

    Implementations never raise for a provider's refusal, a timeout or a network error: they return
    a :class:`SendResult` saying what happened, so the queue can retry.
    """

    title = Attribute("Name shown in the control panel (an i18n message)")

    def send(message: OutgoingSms) -> SendResult:
        """Send ``message`` now."""

    def check() -> list:
        """What is missing before this gateway can send (i18n messages, empty when ready)."""
