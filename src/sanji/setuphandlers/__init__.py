"""Install handlers of the add-on profile and the county import step."""

from Products.CMFPlone.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    """Keep the uninstall profile out of the add-ons control panel."""

    def getNonInstallableProfiles(self) -> list[str]:
        return ["sanji:uninstall"]
