"""Create the county's Plone site, or bring an existing one up to date; safe to run again.

Run after ``sanji-instance`` with the rendered zope.conf::

    sanji-create-site var/instance/etc/zope.conf

=====================  ================================================  ================
variable               meaning                                           default
=====================  ================================================  ================
SANJI_ADMIN_PASSWORD   password of the Zope ``admin`` account            ``admin``, only
                                                                         when listening on
                                                                         localhost
SANJI_SITE_ID          id of the Plone site                              Plone
SANJI_COUNTY           county profile (a folder of profiles/)           suning
SANJI_DEMO_PASSWORD    password of the sample county's demo staff        demo (localhost)
=====================  ================================================  ================
"""

import argparse
import logging
import os
import sys

import transaction

from sanji.cli.instance import ConfigurationError
from sanji.cli.instance import InstanceSettings

logger = logging.getLogger("sanji.create_site")

ADMIN_USER = "admin"
ADD_ON_PROFILE = "sanji:default"


def admin_password(settings: InstanceSettings, environ=os.environ) -> str:
    """The admin password; a default only for an instance that listens on localhost.

    :raises ConfigurationError: when a reachable instance has no password set.
    """
    password = environ.get("SANJI_ADMIN_PASSWORD")
    if password:
        return password
    if settings.is_local:
        return "admin"
    raise ConfigurationError(
        f"SANJI_ADMIN_PASSWORD must be set: the instance listens on {settings.listen}, not on localhost."
    )


def ensure_admin(app, password: str) -> None:
    """The Zope root ``admin`` account exists with ``password`` and the Manager role."""
    users = app.acl_users
    if users.getUserById(ADMIN_USER) is None:
        users._doAddUser(ADMIN_USER, password, ["Manager"], [])
    elif hasattr(users, "users"):  # PluggableAuthService, as Zope creates it
        users.users.updateUserPassword(ADMIN_USER, password)
    else:
        users._doChangeUser(ADMIN_USER, password, ["Manager"], [])


def ensure_site(app, site_id: str, county: str):
    """Create the site with the add-on and the county profile, or upgrade and re-import them."""
    from AccessControl.SecurityManagement import newSecurityManager
    from Products.CMFPlone.factory import addPloneSite
    from zope.component.hooks import setSite

    newSecurityManager(None, app.acl_users.getUserById(ADMIN_USER).__of__(app.acl_users))
    county_profile = f"sanji.counties:{county}"
    site = app.get(site_id)
    if site is None:
        logger.info("Creating site %s with county %s", site_id, county)
        site = addPloneSite(
            app,
            site_id,
            title="三级网上审批便民服务平台",
            profile_id="Products.CMFPlone:plone",
            extension_ids=("plone.app.contenttypes:default", ADD_ON_PROFILE, county_profile),
            default_language="zh-cn",
            portal_timezone="Asia/Shanghai",
        )
        _add_sample_cases(site, county_profile)
        return site
    setSite(site)
    setup = site.portal_setup
    if setup.getLastVersionForProfile(ADD_ON_PROFILE) == "unknown":
        setup.runAllImportStepsFromProfile(f"profile-{ADD_ON_PROFILE}")
    else:
        setup.upgradeProfile(ADD_ON_PROFILE)
    setup.runAllImportStepsFromProfile(f"profile-{county_profile}", ignore_dependencies=True)
    _add_sample_cases(site, county_profile)
    logger.info("Site %s is up to date", site_id)
    return site


def _add_sample_cases(site, county_profile: str) -> None:
    from sanji.setuphandlers.cases import import_sample_cases

    created = import_sample_cases(site, county_profile)
    if created:
        logger.info("Added %d sample cases", created)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zope_conf", help="the rendered zope.conf")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = InstanceSettings.from_environment()
        password = admin_password(settings)
    except ConfigurationError as error:
        print(f"sanji-create-site: {error}", file=sys.stderr)
        return 2

    from Zope2.Startup.run import make_wsgi_app

    make_wsgi_app({}, args.zope_conf)
    import Zope2
    from Testing.makerequest import makerequest

    app = makerequest(Zope2.app())
    try:
        ensure_admin(app, password)
        ensure_site(app, os.environ.get("SANJI_SITE_ID") or "Plone", os.environ.get("SANJI_COUNTY") or "suning")
        transaction.commit()
    except Exception:
        transaction.abort()
        raise
    finally:
        app._p_jar.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
