"""联系我们: whom a citizen calls, in place of Plone's mail form to the site administrator.

Plone's footer link leads to a form that mails the site's administrator, and without a mail address
configured it only says that it cannot be used. A county portal is reached by telephone and at the
service stations: the page lists the departments with their address and telephone, and says where the
item-by-item consultation and complaint numbers are.
"""

from plone import api
from Products.Five.browser import BrowserView


class ContactView(BrowserView):
    def departments(self) -> list[dict]:
        """The departments the visitor may see: title, page, address and telephone, in the folder's order."""
        found = api.content.find(portal_type="Department", sort_on="getObjPositionInParent")
        return [
            {
                "title": department.Title(),
                "url": department.absolute_url(),
                "address": department.address or "",
                "phone": department.phone or "",
            }
            for department in (brain.getObject() for brain in found)
        ]

    def section_url(self, name: str) -> str:
        """The address of one of the site's sections (网上办事 ``services``, 便民服务站 ``areas``)."""
        return f"{api.portal.get().absolute_url()}/{name}"
