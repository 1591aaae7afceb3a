"""Packaging for Sanji, the three-tier online approval and service portal.

The add-on lives in ``src/sanji``. Two top-level folders ship inside the same
distribution so that a wheel carries everything a site needs:

* ``profiles/`` is ``sanji.counties`` (through the link ``src/sanji/counties``): one GenericSetup
  profile per county (sample data such as Suning county).
* ``theme/`` is ``sanji.theme`` (through the link ``src/sanji/theme``): the Diazo theme
  registered as ``++theme++sanji``.

The links (not ``package_dir`` mappings) keep pip editable installs, buildout develop eggs and
wheels alike working.
"""

from pathlib import Path

from setuptools import find_packages
from setuptools import setup

HERE = Path(__file__).parent

setup(
    name="sanji",
    version="1.0.0.dev0",
    description="三级网上审批便民服务平台: village, township and county online approval portal on Plone 6.2",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    classifiers=[
        "Development Status :: 4 - Beta",
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Framework :: Zope :: 5",
        "Natural Language :: Chinese (Simplified)",
        "Operating System :: OS Independent",
        "Programming Language :: Python",
        "Programming Language :: Python :: 3.11",
    ],
    keywords="Plone government approval e-government China",
    author="Sanji developers",
    author_email="dev@sanji.invalid",
    url="https://sanji.invalid/",
    license="GPL-2.0-only",
    packages=find_packages("src"),
    package_dir={"": "src"},
    include_package_data=True,
    zip_safe=False,
    python_requires="==3.11.*",
    install_requires=[
        "setuptools",
        "Products.CMFPlone",
        "plone.app.contenttypes",
        "plone.app.dexterity",
        "plone.app.registry",
        "plone.app.theming",
        "plone.api",
        "plone.restapi",
        "ZEO",
        "plonetheme.barceloneta",
        "collective.easyform",
        "collective.z3cform.datagridfield",
        "cryptography",
        "pyHanko",
        "chinesecalendar",
        "reportlab",
        "openpyxl",
        "redis",
        "requests",
    ],
    extras_require={
        "relstorage": ["RelStorage[postgresql]"],
        # bench/: the load client and the sampling profiler of whatever misses its target.
        "bench": ["py-spy", "requests"],
        "test": [
            "collective.MockMailHost",
            "i18ndude",
            "kubernetes-validate",
            "PyYAML",
            "plone.app.testing",
            "plone.testing",
            "pytest",
            "pytest-plone",
            "playwright",
            "requests",
            "time-machine",
            "ruff",
            "zpretty",
            "pyroma",
            "build",
        ],
    },
    entry_points={
        "z3c.autoinclude.plugin": ["target = plone"],
        "console_scripts": [
            "sanji-instance = sanji.cli.instance:main",
            "sanji-create-site = sanji.cli.create_site:main",
            "sanji-pack = sanji.cli.pack:main",
            "sanji-rotate-keys = sanji.cli.rotate_keys:main",
            "sanji-shred-expired = sanji.cli.shred:main",
            "sanji-audit-verify = sanji.cli.audit_verify:main",
            "sanji-sweep = sanji.cli.sweep:main",
        ],
    },
)
