"""Forms of the minutes: the admin's edit forms, attachments, and the import of minutes.

Everything typed is normalised (NFKC, spaces folded) before it is stored, the same way the
importer reads minutes, so that a name typed in the admin matches the one in the next file.
"""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedCharField
from japanese.text import normalize, normalize_multiline

from .minutes_fixes import CONTINUE, HEADING, NOTE, lines_fixed
from .minutes_parser import MinutesParseError, ParsedMinutes, decode_minutes, parse_minutes
from .models import (
    ActionItem,
    Activity,
    ActivityResponse,
    AgendaItem,
    Attachment,
    Attendance,
    Link,
    Meeting,
    Member,
    Note,
    Visibility,
)
from .search import MAX_QUERY_LENGTH
from .validators import ALLOWED_TYPES, attachment_file_check

MINUTES_MAX_BYTES = 1024 * 1024
MINUTES_SOURCE_SALT = "meetings.minutes-import"
MINUTES_SOURCE_MAX_AGE = 24 * 60 * 60  # a preview left open overnight is read again


class NormalizedModelForm(forms.ModelForm):
    """Folds full-width letters and stray spaces of the listed fields before they are saved."""

    normalized_fields: tuple[str, ...] = ()
    multiline_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.normalized_fields:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = normalize(cleaned[name])
        for name in self.multiline_fields:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = normalize_multiline(cleaned[name])
        return cleaned


class MeetingAdminForm(NormalizedModelForm):
    normalized_fields = ("title", "place")

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "visibility",
            "published_at",
            "unparsed",
            "import_warnings",
        ]


class MemberAdminForm(NormalizedModelForm):
    normalized_fields = ("name", "name_kana", "company_name")

    class Meta:
        model = Member
        fields = [
            "name",
            "name_kana",
            "role",
            "company",
            "company_name",
            "user",
            "email",
            "term_start",
            "term_end",
            "is_active",
            "order",
            "is_demo",
        ]


ERROR_MEMBER_TWICE = _("This member is already in the attendance of this meeting.")
ERROR_NO_NAME = _("Choose a member or write the name as written in the minutes.")


class AttendanceForm(NormalizedModelForm):
    normalized_fields = ("name_as_written",)
    # A formset checks its rows together instead (so that two members can be swapped).
    checks_member_alone = True

    class Meta:
        model = Attendance
        fields = ["meeting", "order", "name_as_written", "member", "status"]
        labels = {"meeting": _("meeting")}

    def clean(self):
        cleaned = super().clean()
        member, meeting = cleaned.get("member"), cleaned.get("meeting")
        if "name_as_written" in self.fields:
            if member is not None and not cleaned.get("name_as_written"):
                cleaned["name_as_written"] = member.name  # kept if the member is taken away
            name = cleaned.get("name_as_written")
        else:  # the list of attendance edits the member only
            name = self.instance.name_as_written
        if "member" in cleaned and member is None and not name:
            self.add_error("member", ERROR_NO_NAME)
        meeting_id = meeting.pk if meeting else self.instance.meeting_id
        if self.checks_member_alone and member and meeting_id:
            others = Attendance.objects.filter(meeting_id=meeting_id, member=member)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error("member", ERROR_MEMBER_TWICE)
        return cleaned


class CachedChoicesMixin:
    """Every row of a formset shows the same select: its options are read once, not per row."""

    cached_choice_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        self._choice_cache: dict[str, list] = {}
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name in self.cached_choice_fields:
            field = form.fields.get(name)
            if field is None or not hasattr(field, "queryset"):
                continue
            if name not in self._choice_cache:
                self._choice_cache[name] = list(field.choices)
            field.choices = self._choice_cache[name]


class AttendanceFormSetMixin:
    """A member attends a meeting once: the rows are checked together and against the rest."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.checks_member_alone = False

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            member, meeting = form.cleaned_data.get("member"), form.cleaned_data.get("meeting")
            meeting_id = getattr(meeting, "pk", None) or form.instance.meeting_id
            if member is not None:
                rows.append((form, meeting_id, member.pk))
        in_formset = [form.instance.pk for form in self.forms if form.instance.pk]
        taken = set(
            Attendance.objects.filter(
                meeting_id__in={meeting_id for _f, meeting_id, _m in rows if meeting_id},
                member_id__in={member_id for *_rest, member_id in rows},
            )
            .exclude(pk__in=in_formset)
            .values_list("meeting_id", "member_id")
        )
        for form, meeting_id, member_id in rows:
            if (meeting_id, member_id) in taken:
                form.add_error("member", ERROR_MEMBER_TWICE)
            taken.add((meeting_id, member_id))


class MeetingRowsInlineFormSet(CachedChoicesMixin, BaseInlineFormSet):
    cached_choice_fields = ("member", "owner_member", "agenda_item", "parent")


class AttendanceInlineFormSet(AttendanceFormSetMixin, MeetingRowsInlineFormSet):
    pass


class AttendanceChangelistFormSet(AttendanceFormSetMixin, CachedChoicesMixin, BaseModelFormSet):
    cached_choice_fields = ("member",)


class AgendaItemForm(NormalizedModelForm):
    normalized_fields = ("title",)

    class Meta:
        model = AgendaItem
        fields = ["meeting", "parent", "order", "title"]
        labels = {"meeting": _("meeting")}

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        meeting = cleaned.get("meeting") or getattr(self.instance, "meeting", None)
        if parent is None:
            return cleaned
        if meeting is not None and parent.meeting_id != meeting.pk:
            self.add_error("parent", _("The parent item must belong to the same meeting."))
        elif self.instance.pk and self._is_below(parent):
            self.add_error("parent", _("An item cannot be placed under itself or its sub-items."))
        return cleaned

    def _is_below(self, parent: AgendaItem) -> bool:
        """Whether ``parent`` is this item or one of its sub-items (a loop)."""
        seen, current = set(), parent
        while current is not None and current.pk not in seen:
            if current.pk == self.instance.pk:
                return True
            seen.add(current.pk)
            current = current.parent
        return False


class NoteForm(NormalizedModelForm):
    multiline_fields = ("text",)

    class Meta:
        model = Note
        fields = ["item", "order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 80})}


class LinkForm(NormalizedModelForm):
    normalized_fields = ("label",)

    class Meta:
        model = Link
        fields = ["item", "order", "label", "url", "kind"]


class ActionItemForm(NormalizedModelForm):
    normalized_fields = ("text", "owner_name")

    def clean(self):
        cleaned = super().clean()
        # An item marked done is dated, one opened again is not; a typed date is kept.
        status = cleaned.get("status")
        if status == ActionItem.Status.DONE and not cleaned.get("done_at"):
            cleaned["done_at"] = self.instance.done_at or timezone.now()
        elif status == ActionItem.Status.OPEN:
            cleaned["done_at"] = None
        if status and "done_at" not in self.fields:  # the meeting's inline has no such field
            self.instance.done_at = cleaned["done_at"]
        return cleaned

    class Meta:
        model = ActionItem
        fields = [
            "meeting",
            "agenda_item",
            "text",
            "owner_member",
            "owner_company",
            "owner_name",
            "due_date",
            "status",
            "done_at",
        ]
        labels = {"meeting": _("meeting")}


class ActivityResponseForm(forms.ModelForm):
    class Meta:
        model = ActivityResponse
        fields = ["activity", "member", "answer", "comment"]
        labels = {"member": _("member")}


class ActivityForm(NormalizedModelForm):
    normalized_fields = ("title", "place")
    multiline_fields = ("description",)

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "start_date",
            "end_date",
            "place",
            "description",
            "visibility",
            "agenda_items",
        ]


# Attachments ---------------------------------------------------------------------------------


class PrivateFileInput(forms.ClearableFileInput):
    """A file input that never links the stored file by its storage URL.

    Attachments live in private storage and are served by a view that checks access; the
    admin shows the stored file beside the input instead (``AttachmentInline.stored_file``).
    """

    def is_initial(self, value):
        return False


# What the file picker offers besides the stored types: the names Windows knows Office by,
# and the images that are stored re-encoded as JPEG.
ACCEPT_ALSO = [".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".csv", ".txt"]
ACCEPT_ALSO += ["image/webp", "image/heic"]


class AttachmentForm(NormalizedModelForm):
    """A document or an image, checked by content (``checked_file``: what will be stored, an
    image re-encoded); its real type and size are stored with it, by the services."""

    checked_file = None

    normalized_fields = ("title",)

    class Meta:
        model = Attachment
        fields = ["meeting", "title", "file"]
        labels = {"meeting": _("meeting")}
        widgets = {
            "file": PrivateFileInput(attrs={"accept": ",".join([*ALLOWED_TYPES, *ACCEPT_ALSO])})
        }

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):  # a new upload; a kept file was checked before
            self.checked_file = attachment_file_check(file)
            file.name = self.checked_file.name
            self.instance.content_type = self.checked_file.content_type
            self.instance.size = self.checked_file.size
        return file


# Import of minutes ---------------------------------------------------------------------------

ERROR_NOT_TEXT = _(
    "This file cannot be read as text. Upload the minutes as a text file (.txt) saved as "
    "UTF-8 or Shift_JIS, or paste them below."
)
ERROR_TOO_LARGE = _("The file is larger than 1 MB; minutes are plain text and much smaller.")
ERROR_NO_DATE = _(
    "No date was found in the minutes. Enter the meeting's date below, or add a date line "
    "such as 2022/9/5 19:00 (or 令和4年9月5日) under the title, and try again."
)


@dataclass
class MinutesSource:
    text: str
    name: str
    parsed: ParsedMinutes
    date: dt.date | None = None  # the date staff gave, if any

    def signed(self) -> str:
        return MinutesConfirmForm.sign(self.text, self.name, self.date)


def _parsed(text: str, date: dt.date | None = None) -> ParsedMinutes:
    try:
        return parse_minutes(text, date=date)
    except MinutesParseError as error:
        # The parser names the line and the problem (empty, invalid date, too slow to read).
        message = ERROR_NO_DATE if error.code == "no_date" else error.message
        raise ValidationError(message, code=error.code or "not_minutes") from error


class MinutesUploadForm(forms.Form):
    """Step 1 of the import: a file (or pasted text) and what to do with the meeting."""

    file = forms.FileField(
        label=_("Minutes file"),
        required=False,
        help_text=_("A text file (.txt) of at most 1 MB, in UTF-8 or Shift_JIS."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    text = forms.CharField(
        label=_("Or paste the minutes"),
        required=False,
        max_length=MINUTES_MAX_BYTES,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
    )
    date = forms.DateField(
        label=_("Meeting date"),
        required=False,
        help_text=_(
            "Only for minutes that give no date, or a wrong one: this date is used instead "
            "(YYYY-MM-DD)."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility of a new meeting"),
        choices=Visibility.choices,
        initial=Visibility.DRAFT,
        help_text=_(
            "A meeting that already exists keeps its visibility. Publish minutes once you "
            "have checked them."
        ),
    )
    replace = forms.BooleanField(
        label=_("Replace staff edits"),
        required=False,
        help_text=_(
            "If the meeting was edited in the admin since it was last imported, overwrite "
            "those edits with this file. Otherwise the meeting is kept as it is."
        ),
    )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not file:
            return None
        if file.size > MINUTES_MAX_BYTES:
            raise ValidationError(ERROR_TOO_LARGE, code="too_large")
        try:
            self._file_text = decode_minutes(file.read())
        except MinutesParseError as error:
            raise ValidationError(ERROR_NOT_TEXT, code="not_text") from error
        return file

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        file, pasted = cleaned.get("file"), cleaned.get("text", "")
        if file and pasted.strip():
            raise ValidationError(
                _("Upload a file or paste the minutes, not both."), code="both_given"
            )
        if file:
            text, name, field = self._file_text, file.name, "file"
        elif pasted.strip():
            text, name, field = pasted, "", "text"
        else:
            raise ValidationError(
                _("Choose the file of the minutes, or paste them."), code="nothing_given"
            )
        date = cleaned.get("date")
        try:
            parsed = _parsed(text, date)
            cleaned["source"] = MinutesSource(text=text, name=name, parsed=parsed, date=date)
        except ValidationError as error:
            # Without a date, the message goes beside the field where staff can give one.
            self.add_error("date" if error.code == "no_date" else field, error)
        return cleaned

    def confirm_form(self) -> "MinutesConfirmForm":
        """Step 2, carrying the same text signed, so that the file is not uploaded twice."""
        return MinutesConfirmForm.for_source(
            self.cleaned_data["source"],
            visibility=self.cleaned_data["visibility"],
            replace=self.cleaned_data["replace"],
        )


class MinutesConfirmForm(forms.Form):
    """Step 2 of the import: the text of step 1 (signed), and the same choices, still editable."""

    source = forms.CharField(widget=forms.HiddenInput)
    visibility = MinutesUploadForm.base_fields["visibility"]
    replace = MinutesUploadForm.base_fields["replace"]

    @classmethod
    def for_source(cls, source: MinutesSource, *, visibility: str, replace: bool):
        initial = {"source": source.signed(), "visibility": visibility, "replace": replace}
        return cls(initial=initial)

    @staticmethod
    def sign(text: str, name: str, date: dt.date | None = None) -> str:
        data = {"text": text, "name": name, "date": date.isoformat() if date else ""}
        return signing.dumps(data, salt=MINUTES_SOURCE_SALT, compress=True)

    def clean_source(self):
        try:
            data = signing.loads(
                self.cleaned_data["source"],
                salt=MINUTES_SOURCE_SALT,
                max_age=MINUTES_SOURCE_MAX_AGE,
            )
            text, name = str(data["text"]), str(data.get("name", ""))
            date = dt.date.fromisoformat(data["date"]) if data.get("date") else None
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise ValidationError(
                _("The preview has expired. Upload the minutes again."), code="expired"
            ) from error
        return MinutesSource(text=text, name=name, parsed=_parsed(text, date), date=date)

    def fixed_source(self) -> MinutesSource:
        """The source with staff's choices for its unread lines (``fix_<line number>``)
        applied and read again; raises ValidationError if it no longer reads as minutes."""
        source = self.cleaned_data["source"]
        choices = {HEADING, NOTE, CONTINUE}
        fixes = {
            number: self.data.get(f"fix_{number}")
            for number in source.parsed.unparsed_lines
            if self.data.get(f"fix_{number}") in choices
        }
        text = lines_fixed(source.text, fixes)
        return MinutesSource(
            text=text, name=source.name, parsed=_parsed(text, source.date), date=source.date
        )


class ActivityAnswerForm(forms.Form):
    """A committee member's answer to an activity, on the activity's page."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=ActivityResponse.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose attend, decline or undecided.")},
    )
    comment = NormalizedCharField(label=_("Comment"), max_length=300, required=False)


class MeetingSearchForm(forms.Form):
    q = NormalizedCharField(
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
