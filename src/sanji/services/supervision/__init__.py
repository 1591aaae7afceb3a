"""``@supervision``: the public figures of electronic supervision over plone.restapi."""
