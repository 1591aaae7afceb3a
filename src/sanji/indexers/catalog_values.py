"""Index values of the catalog types (departments, service items, areas)."""

from plone.indexer import indexer

from sanji.content.department import IDepartment
from sanji.content.service_area import IServiceArea
from sanji.content.service_item import IServiceItem


@indexer(IDepartment)
def department_of_department(obj) -> str:
    """A department indexes its own code, so one query finds it and its items."""
    return obj.code


@indexer(IServiceArea)
def area_tier(obj) -> str:
    return obj.tier


@indexer(IServiceItem)
def service_item_searchable_text(obj) -> str:
    """Title, code, guide and materials: what a citizen types to find an item."""
    parts = [
        obj.Title(),
        obj.Description(),
        obj.item_code,
        obj.legal_basis,
        obj.conditions,
        *(material.get("name", "") for material in obj.materials or ()),
        *(obj.procedure or ()),
    ]
    return " ".join(part for part in parts if part)
