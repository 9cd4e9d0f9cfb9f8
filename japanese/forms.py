"""Form fields that normalise what people type before it is validated."""

from django import forms

from .text import normalize


class NormalizedCharField(forms.CharField):
    def to_python(self, value):
        return normalize(super().to_python(value))


class NormalizedEmailField(forms.EmailField):
    """全角 addresses typed on a Japanese keyboard (ｙａｍａｄａ＠…) are accepted and folded."""

    def to_python(self, value):
        return normalize(super().to_python(value)).lower()
