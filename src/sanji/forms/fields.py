"""The fields of an item's form: the applicant's, common to every item, then the item's own.

One description of the fields feeds both the online form (an easyform model) and the printed
blank form, so the paper and the screen always ask the same questions.
"""

from dataclasses import dataclass
from dataclasses import field

FIELD_TYPES = ("text", "textarea", "int", "date", "choice")


@dataclass(frozen=True)
class FormField:
    """One question of an item's form."""

    name: str
    title: str
    type: str = "text"
    required: bool = True
    personal: bool = False
    choices: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if self.type not in FIELD_TYPES:
            raise ValueError(f"Unknown field type {self.type!r} of field {self.name!r}")
        if self.type == "choice" and not self.choices:
            raise ValueError(f"Choice field {self.name!r} has no choices")

    @classmethod
    def from_dict(cls, data: dict) -> "FormField":
        return cls(
            name=data["name"],
            title=data["title"],
            type=data.get("type", "text"),
            required=bool(data.get("required", True)),
            personal=bool(data.get("personal", False)),
            choices=tuple(data.get("choices", ())),
        )


#: Asked on every item's form; personal data, later encrypted at rest.
APPLICANT_FIELDS = (
    FormField("applicant_name", "申请人姓名", personal=True),
    FormField("id_number", "公民身份号码", personal=True),
    FormField("phone", "联系电话", personal=True),
    FormField("address", "住址", personal=True),
)
APPLICANT_FIELD_NAMES = frozenset(f.name for f in APPLICANT_FIELDS)


def item_fields(raw_fields: list[dict]) -> tuple[FormField, ...]:
    """The applicant's fields followed by the item's own.

    :raises ValueError: when an item field repeats a name.
    """
    own = tuple(FormField.from_dict(raw) for raw in raw_fields)
    names = [f.name for f in own]
    clash = APPLICANT_FIELD_NAMES.intersection(names) or {n for n in names if names.count(n) > 1}
    if clash:
        raise ValueError(f"Form field names used twice: {sorted(clash)}")
    return APPLICANT_FIELDS + own
