"""The top-level folders of a county site: departments, service items, areas."""

from plone import api
from Products.CMFPlone.interfaces.constrains import ENABLED
from Products.CMFPlone.interfaces.constrains import ISelectableConstrainTypes


def ensure(container, type_: str, id_: str, **fields):
    """The child ``id_`` of ``container``, created with ``fields`` if missing.

    An existing object is returned as it is: once created, content belongs to the editors,
    and importing the county again must neither duplicate it nor undo their changes.
    """
    obj = container.get(id_)
    if obj is None:
        obj = api.content.create(container=container, type=type_, id=id_, **fields)
    return obj


def publish(obj) -> None:
    if api.content.get_state(obj, default=None) not in (None, "published"):
        api.content.transition(obj, to_state="published")


def build_structure(portal, folders: dict) -> dict:
    """Create the folders named in county.json and restrict what can be added to each.

    ``folders`` maps a role (departments, services, areas) to ``{"id", "title", "type", "layout"}``.
    """
    result = {}
    for role, spec in folders.items():
        folder = portal.get(spec["id"])
        if folder is None:
            folder = _create_folder(portal, spec)
        result[role] = folder
    return result


def _create_folder(portal, spec: dict):
    folder = api.content.create(
        container=portal, type="Folder", id=spec["id"], title=spec["title"], description=spec.get("description", "")
    )
    publish(folder)
    constraints = ISelectableConstrainTypes(folder)
    constraints.setConstrainTypesMode(ENABLED)
    constraints.setLocallyAllowedTypes([spec["type"]])
    constraints.setImmediatelyAddableTypes([spec["type"]])
    if spec.get("layout"):
        folder.setLayout(spec["layout"])
    return folder
