"""Load the capture and receipt views into the test layer until the root ZCML includes them.

Once ``<include package=".capture" />`` and ``<include package=".receipts" />`` are in
src/sanji/configure.zcml this finds the views registered and does nothing; then delete it.
"""

from zope.component import getGlobalSiteManager
from zope.configuration import xmlconfig
from zope.interface import Interface

import sanji.capture
import sanji.receipts
from sanji.content.application import IApplication
from sanji.interfaces import ISanjiLayer
from sanji.testing import SANJI_FIXTURE


def _registered(name: str) -> bool:
    return getGlobalSiteManager().adapters.lookup((IApplication, ISanjiLayer), Interface, name) is not None


def ensure_views() -> None:
    context = SANJI_FIXTURE["configurationContext"]
    for package, view in ((sanji.capture, "capture"), (sanji.receipts, "receipt.pdf")):
        if not _registered(view):
            xmlconfig.file("configure.zcml", package, context=context)
