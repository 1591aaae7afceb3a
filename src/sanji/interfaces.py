"""Marker interfaces shared across the add-on."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ISanjiLayer(IDefaultBrowserLayer):
    """Browser layer: views and resources of Sanji apply only where it is installed."""
