"""Service item (审批服务事项) and its guide (办事指南).

A service item is a folder: its blank forms (File) and its online form (EasyForm) live inside it,
so editors manage them where the public finds them.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldFactory
from collective.z3cform.datagridfield.row import DictRow
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import implementer
from zope.interface import invariant

from sanji import _
from sanji.content.tiers import tier_rank
from sanji.content.validators import department_constraint
from sanji.content.validators import item_code_constraint
from sanji.content.validators import phone_constraint


class IMaterial(Interface):
    """One required material (申请材料) of a service item."""

    name = schema.TextLine(title=_("label_material_name", default="Material"))
    form = schema.Choice(
        title=_("label_material_form", default="Original or copy"),
        vocabulary="sanji.vocabularies.material_forms",
        default="original_and_copy",
    )
    count = schema.Int(title=_("label_material_count", default="Copies"), min=1, default=1)
    note = schema.TextLine(title=_("label_material_note", default="Note"), required=False)
    required = schema.Bool(
        title=_("label_material_required", default="Always required"),
        description=_(
            "help_material_required", default="Untick for materials needed only in some cases (see the note)."
        ),
        default=True,
        required=False,
    )


class IServiceItem(model.Schema):
    """The guide of one approval or service item, as a Chinese government service guide lists it."""

    item_code = schema.ASCIILine(
        title=_("label_item_code", default="Item code"),
        description=_("help_item_code", default="Department code, a hyphen and three digits, e.g. MZ-001."),
        constraint=item_code_constraint,
    )
    department = schema.Choice(
        title=_("label_department", default="Department"),
        vocabulary="sanji.vocabularies.departments",
        constraint=department_constraint,
    )
    item_type = schema.Choice(
        title=_("label_item_type", default="Item type"),
        vocabulary="sanji.vocabularies.item_types",
    )
    legal_basis = schema.Text(title=_("label_legal_basis", default="Legal basis"))
    conditions = schema.Text(title=_("label_conditions", default="Conditions of acceptance"))

    directives.widget("materials", DataGridFieldFactory, allow_reorder=True)
    materials = schema.List(
        title=_("label_materials", default="Required materials"),
        value_type=DictRow(title=_("label_material", default="Material"), schema=IMaterial),
        min_length=1,
    )
    procedure = schema.List(
        title=_("label_procedure", default="Procedure"),
        description=_("help_procedure", default="One step a line."),
        value_type=schema.TextLine(),
        min_length=1,
    )
    statutory_days = schema.Int(
        title=_("label_statutory_days", default="Statutory time limit (working days)"),
        min=1,
        max=365,
    )
    promised_days = schema.Int(
        title=_("label_promised_days", default="Promised time limit (working days)"),
        min=1,
        max=365,
    )
    fee = schema.TextLine(title=_("label_fee", default="Fee"), default="不收费")

    model.fieldset(
        "routing",
        label=_("fieldset_routing", default="Tiers and contacts"),
        fields=["accept_tier", "review_tier", "approve_tier", "consult_phone", "complaint_phone", "personal_fields"],
    )
    accept_tier = schema.Choice(
        title=_("label_accept_tier", default="Accepted at"),
        vocabulary="sanji.vocabularies.tiers",
        default="village",
    )
    review_tier = schema.Choice(
        title=_("label_review_tier", default="Reviewed at"),
        description=_("help_review_tier", default="Leave empty when no separate review takes place."),
        vocabulary="sanji.vocabularies.tiers",
        required=False,
    )
    approve_tier = schema.Choice(
        title=_("label_approve_tier", default="Approved at"),
        vocabulary="sanji.vocabularies.tiers",
    )
    consult_phone = schema.TextLine(
        title=_("label_consult_phone", default="Consultation phone"),
        constraint=phone_constraint,
    )
    complaint_phone = schema.TextLine(
        title=_("label_complaint_phone", default="Complaint phone"),
        constraint=phone_constraint,
    )
    personal_fields = schema.List(
        title=_("label_personal_fields", default="Personal fields of the online form"),
        description=_(
            "help_personal_fields",
            default="Names of the online form's fields that hold personal data (bank account, health…): "
            "they are stored with the applicant's data, encrypted and masked. One name a line.",
        ),
        value_type=schema.ASCIILine(),
        required=False,
        default=[],
    )

    @invariant
    def promised_within_statutory(data):
        promised, statutory = getattr(data, "promised_days", None), getattr(data, "statutory_days", None)
        if promised and statutory and promised > statutory:
            raise Invalid(
                _(
                    "error_promised_over_statutory",
                    default="The promised time limit cannot exceed the statutory one.",
                )
            )

    @invariant
    def tiers_go_upwards(data):
        steps = [getattr(data, name, None) for name in ("accept_tier", "review_tier", "approve_tier")]
        ranks = [tier_rank(step) for step in steps if step]
        if ranks != sorted(ranks):
            raise Invalid(
                _(
                    "error_tier_order",
                    default="A case moves upwards: review cannot sit below acceptance, nor approval below review.",
                )
            )


@implementer(IServiceItem)
class ServiceItem(Container):
    """A service item with its guide, blank forms and online form."""
