"""The ``sanji-county`` import step: builds one county's site from its profile's JSON files.

Runs for every profile import and acts only on a profile that carries ``county.json``.
Every object is found by its id and updated, never created twice, so importing the
county profile again (``make start`` on an existing site) changes nothing.
"""

import json
import logging

from plone import api

from sanji.setuphandlers.areas import build_areas
from sanji.setuphandlers.catalog import build_departments
from sanji.setuphandlers.catalog import build_service_items
from sanji.setuphandlers.seals import issue_demo_seals
from sanji.setuphandlers.staff import build_staff
from sanji.setuphandlers.structure import build_structure

logger = logging.getLogger("sanji.county")


def _read_json(context, name: str):
    raw = context.readDataFile(name)
    if raw is None:
        raise ValueError(f"The county profile lacks {name}")
    return json.loads(raw)


def import_county(context) -> None:
    """GenericSetup import step handler."""
    raw = context.readDataFile("county.json")
    if raw is None:
        return
    county = json.loads(raw)
    portal = api.portal.get()
    portal.title = county["title"]
    api.portal.set_registry_record("plone.site_title", county["title"])
    portal.description = county.get("description", "")
    if county.get("home_layout"):
        portal.setLayout(county["home_layout"])
    folders = build_structure(portal, county["folders"])
    departments = build_departments(folders["departments"], _read_json(context, "departments.json"))
    build_service_items(folders["services"], _read_json(context, "items.json"), departments)
    areas = build_areas(folders["areas"], _read_json(context, "areas.json"))
    build_staff(_read_json(context, "staff.json"), areas, departments, folders)
    issue_demo_seals(context, county)
    logger.info("County %s imported: %d departments", county["id"], len(departments))
