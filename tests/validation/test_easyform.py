"""The checks as easyform field validators: named in a field's model, they refuse bad input on the form."""

import pytest
from collective.easyform.interfaces import IFieldValidator
from plone import api
from z3c.form.interfaces import IFormLayer
from zope.component import getUtility
from zope.component import queryUtility
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.schema.interfaces import IVocabularyFactory

from sanji.validation.easyform import ID_NUMBER
from sanji.validation.easyform import MOBILE
from sanji.validation.easyform import id_number_validator
from sanji.validation.easyform import mobile_validator

GOOD_ID = "11010519491231002X"
MODEL = (
    '<model xmlns="http://namespaces.plone.org/supermodel/schema"'
    ' xmlns:easyform="http://namespaces.plone.org/supermodel/easyform"><schema>'
    '<field name="id_number" type="zope.schema.TextLine" easyform:validators="sanji.id_number">'
    "<title>公民身份号码</title></field>"
    '<field name="phone" type="zope.schema.TextLine" easyform:validators="sanji.mobile">'
    "<title>联系电话</title><required>False</required></field>"
    "</schema></model>"
)


@pytest.mark.parametrize("value", [GOOD_ID, "11010519491231002x", None, "", "  "])
def test_id_number_validator_passes_good_and_empty_values(value):
    assert id_number_validator(value) is None


@pytest.mark.parametrize("value", ["13812345678", "+86 138-1234-5678", None, ""])
def test_mobile_validator_passes_good_and_empty_values(value):
    assert mobile_validator(value, REQUEST=None) is None


def test_validators_return_the_refusal_message():
    message = id_number_validator("110105194912310021")
    assert translate(message) == "The last character does not match; check the number."
    assert translate(id_number_validator("1101")).startswith("A citizen ID number has 18 characters")
    assert "11 digits starting with 1" in translate(mobile_validator("0317-5022001"))


def test_package_registers_named_validators(portal):
    """sanji/validation/configure.zcml, included from the root, registers them where easyform looks."""
    assert queryUtility(IFieldValidator, name=ID_NUMBER) is id_number_validator
    assert queryUtility(IFieldValidator, name=MOBILE) is mobile_validator
    # what the form editor offers in a field's "validators" list
    assert {ID_NUMBER, MOBILE} <= set(getUtility(IVocabularyFactory, name="easyform.Validators")(None).by_value)


def submit(form_container, data: dict) -> dict:
    """Submit ``data`` to the easyform and return {field name: the error's message id}."""
    request = form_container.REQUEST
    alsoProvides(request, IFormLayer)
    for name, value in data.items():
        request.form[f"form.widgets.{name}"] = value
    form = form_container.restrictedTraverse("view").form_instance
    form.update()
    _data, errors = form.extractData()
    return {error.widget.field.__name__: str(error.message) for error in errors}


@pytest.fixture
def online_form(as_manager):
    form = api.content.create(container=as_manager, type="EasyForm", id="test-form", title="测试表单")
    form.fields_model = MODEL
    form.CSRFProtection = False
    return form


def test_form_accepts_good_values(online_form):
    assert submit(online_form, {"id_number": "110105 19491231 002x", "phone": "138 1234 5678"}) == {}


def test_form_accepts_an_empty_optional_mobile(online_form):
    assert submit(online_form, {"id_number": GOOD_ID, "phone": ""}) == {}


def test_form_refuses_bad_values_with_the_messages(online_form):
    errors = submit(online_form, {"id_number": "110105194912310021", "phone": "12345"})
    assert errors == {"id_number": "error_id_number_check", "phone": "error_mobile"}
