"""Masked display of personal data: enough to recognise a person, not to identify them."""


def mask_name(name: str) -> str:
    """董金山 → 董*山, 董山 → 董*, 董 → *."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str) -> str:
    """130926194905120012 → 1309**********0012."""
    number = (number or "").strip()
    return number[:4] + "*" * max(len(number) - 8, 0) + number[-4:] if len(number) > 8 else "*" * len(number)


def mask_phone(phone: str) -> str:
    """13800001234 → 138****1234."""
    phone = (phone or "").strip()
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "*" * len(phone)


def mask_text(text: str) -> str:
    """Addresses and other personal answers: the first characters only."""
    text = str(text or "").strip()
    return text[:3] + "…" if len(text) > 3 else "*" * len(text)
