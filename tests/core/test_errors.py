"""One error type: every refusal of a workflow is a ServiceError, shown beside its field."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

from core.errors import ServiceError, add_service_error

PACKAGES = ["accounts", "companies", "meetings", "openfactory", "talent", "images", "japanese"]


def _portal_exceptions():
    for package in PACKAGES:
        root = importlib.import_module(package)
        names = [package] + [
            f"{package}.{info.name}"
            for info in pkgutil.walk_packages(root.__path__)
            if "migrations" not in info.name and "tests" not in info.name
        ]
        for name in names:
            module = importlib.import_module(name)
            for _, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, Exception) and obj.__module__ == name:
                    yield obj


def test_every_error_of_the_portal_is_a_service_error():
    found = set(_portal_exceptions())
    assert len(found) >= 8
    assert [e.__qualname__ for e in found if not issubclass(e, ServiceError)] == []


class _Form(forms.Form):
    email = forms.EmailField()


@pytest.mark.parametrize(
    "field, where", [("email", "email"), (None, "__all__"), ("not_a_field", "__all__")]
)
def test_the_message_goes_beside_its_field_or_above_the_form(field, where):
    form = _Form(data={"email": "a@example.jp"})
    assert form.is_valid()
    add_service_error(form, ServiceError("この枠は満席です。", field=field))
    assert form.errors == {where: ["この枠は満席です。"]}
    assert str(ServiceError("満席", code="full")) == "満席"
