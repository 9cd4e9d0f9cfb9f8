from django import forms
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH


class MeetingSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "Search words can be at most %(limit_value)d characters long "
                "(you typed %(show_value)d)."
            ),
        },
        widget=forms.SearchInput(
            attrs={
                "class": "form-control",
                "placeholder": _("For example: 寮, 人材, インドネシア"),
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors.get("q"):
            # Bootstrap shows the message beside the field; screen readers read it with it.
            self.fields["q"].widget.attrs.update(
                {"class": "form-control is-invalid", "aria-describedby": "id_q_error"}
            )
