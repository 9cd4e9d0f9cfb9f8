"""Form fields that normalise what people type before it is validated, and the reading of
query strings through forms."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404

from .text import normalize
from .validators import validate_no_nul


class NormalizedCharField(forms.CharField):
    """NFKC-normalised text; a NUL byte gets a message that says what is wrong."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ] + [validate_no_nul]

    def to_python(self, value):
        return normalize(super().to_python(value))


class NormalizedEmailField(forms.EmailField):
    """全角 addresses typed on a Japanese keyboard (ｙａｍａｄａ＠…) are accepted and folded."""

    def to_python(self, value):
        return normalize(super().to_python(value)).lower()


def cleaned_query(request, form_class) -> dict:
    """A list page's query string read through a form: a value no link of the site makes (a
    NUL byte, a malformed slug) is a 404, never a database error."""
    form = form_class(request.GET)
    if not form.is_valid():
        raise Http404
    return form.cleaned_data
