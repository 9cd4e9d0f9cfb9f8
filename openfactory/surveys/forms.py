"""The answer form, built from a survey's questions.

Every field is optional as a field: whether an answer is needed depends on the other answers
(a question shown only when an earlier one has a given value), so ``clean`` decides, on the
server, which questions were shown; answers to hidden ones are dropped, never required.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedCharField
from japanese.text import normalize_multiline
from japanese.validators import validate_no_nul

from ..models import Question
from .services import questions_shown

OTHER = "__other__"
NUMBER_MIN, NUMBER_MAX = 0, 1_000_000


class MultilineField(NormalizedCharField):
    def to_python(self, value):
        return normalize_multiline(forms.CharField.to_python(self, value))


class SurveyAnswerForm(forms.Form):
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, validators=[validate_no_nul]
    )

    def __init__(self, *args, questions: list[Question], exhibitors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.exhibitors = {str(e.pk): e for e in exhibitors}
        self.shown: set[int] = {q.pk for q in questions if q.condition_question_id is None}
        total = len(questions)
        for number, question in enumerate(questions, start=1):
            field = self._field_for(question)
            field.label = question.display_text
            field.help_text = question.display_help
            if question.kind == Question.Kind.RATING and not field.help_text:
                field.help_text = _("1 = not satisfied, 5 = very satisfied")
            field.required = False
            field.widget.attrs["data-question"] = str(question.pk)
            self.fields[self.name_of(question)] = field
            question.number = number
            question.total = total
            if question.allow_other and question.kind in ("single", "multiple"):
                self.fields[self.other_name_of(question)] = NormalizedCharField(
                    label=_("Other (please write)"), max_length=200, required=False
                )

    def rows(self) -> list[dict]:
        """Each question with its bound field (and its "other" field), in order."""
        return [
            {
                "question": q,
                "field": self[self.name_of(q)],
                "other": self[self.other_name_of(q)]
                if self.other_name_of(q) in self.fields
                else None,
            }
            for q in self.questions
        ]

    @staticmethod
    def name_of(question: Question) -> str:
        return f"q{question.pk}"

    @staticmethod
    def other_name_of(question: Question) -> str:
        return f"q{question.pk}_other"

    def _field_for(self, question: Question) -> forms.Field:
        kind = question.kind
        if kind == Question.Kind.RATING:
            return forms.TypedChoiceField(
                choices=[(str(i), str(i)) for i in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "rating"}),
            )
        if kind == Question.Kind.TEXT:
            return MultilineField(max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
        if kind == Question.Kind.NUMBER:
            low = question.min_value if question.min_value is not None else NUMBER_MIN
            high = question.max_value if question.max_value is not None else NUMBER_MAX
            return forms.IntegerField(
                min_value=low,
                max_value=high,
                # Text, not type=number: a phone's Japanese keyboard types １２０, which the
                # field reads as 120 (a number input would refuse it in the browser).
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )
        if kind == Question.Kind.EXHIBITOR:
            return forms.ChoiceField(
                choices=[(pk, str(e.company)) for pk, e in self.exhibitors.items()],
                widget=forms.RadioSelect,
            )
        choices = [(c.value, c.display_label) for c in question.choices.all()]
        if question.allow_other and kind in ("single", "multiple"):
            choices.append((OTHER, _("Other")))
        if kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect)

    def clean(self):
        cleaned = super().clean()
        values = {}
        for question in self.questions:
            value = cleaned.get(self.name_of(question))
            values[question.pk] = value
        self.shown = questions_shown(self.questions, values)
        for question in self.questions:
            name = self.name_of(question)
            if question.pk not in self.shown:
                # Hidden: whatever was sent is ignored, and nothing is required.
                self.errors.pop(name, None)
                self.errors.pop(self.other_name_of(question), None)
                continue
            value = cleaned.get(name)
            if question.required and value in (None, "", []) and name not in self.errors:
                self.add_error(name, _("Please answer this question."))
            other_name = self.other_name_of(question)
            chose_other = value == OTHER or (isinstance(value, list) and OTHER in value)
            if chose_other and not cleaned.get(other_name) and other_name not in self.errors:
                self.add_error(other_name, _("Please write your other answer."))
        return cleaned

    def answers(self) -> dict[int, dict]:
        """What the services store: one entry per shown and answered question."""
        found = {}
        for question in self.questions:
            if question.pk not in self.shown:
                continue
            value = self.cleaned_data.get(self.name_of(question))
            if value in (None, "", []):
                continue
            other = self.cleaned_data.get(self.other_name_of(question), "")
            kind = question.kind
            if kind in (Question.Kind.RATING, Question.Kind.NUMBER):
                found[question.pk] = {"number": value}
            elif kind == Question.Kind.TEXT:
                found[question.pk] = {"text": value}
            elif kind == Question.Kind.EXHIBITOR:
                found[question.pk] = {"exhibitor": self.exhibitors[value]}
            else:
                by_value = {c.value: c for c in question.choices.all()}
                if kind == Question.Kind.MULTIPLE:
                    entry = {"choices": [by_value[v] for v in value if v != OTHER]}
                    if OTHER in value:
                        entry["other_text"] = other
                elif value == OTHER:
                    entry = {"other_text": other}
                else:
                    entry = {"choice": by_value[value]}
                found[question.pk] = entry
        return found


class HideForm(forms.Form):
    """The switch beside a comment on the results page."""

    hidden = forms.BooleanField(required=False)
