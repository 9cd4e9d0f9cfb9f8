import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def private_storage():
    """Files never served at a public URL: views check access, then stream them."""
    return storages["private"]


def _new_calendar_key() -> str:
    return secrets.token_urlsafe(32)


class Committee(models.Model):
    """The committee's profile (/about/); there is exactly one, kept by city staff."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    founded_on = models.DateField(
        _("founded"), null=True, blank=True, help_text=_("The first day of the founding month.")
    )
    member_count = models.PositiveSmallIntegerField(_("number of members"), null=True, blank=True)
    member_count_as_of = models.DateField(_("number of members as of"), null=True, blank=True)
    members_profile = models.CharField(_("who the members are"), max_length=300, blank=True)
    secretariat = models.CharField(_("secretariat"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("committee profile")
        verbose_name_plural = _("committee profile")
        constraints = [
            models.CheckConstraint(
                condition=Q(singleton=True), name="meetings_committee_singleton"
            ),
        ]

    def __str__(self):
        return self.name


class CommitteePurpose(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="purposes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("purpose"), max_length=300)

    class Meta:
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class CommitteeActivity(models.Model):
    """One of the committee's lasting lines of work (他地域交流, 合同入社式 …)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    period = models.CharField(
        _("period"),
        max_length=100,
        blank=True,
        help_text=_("As written, for example 平成28年6月~."),
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("activity of the committee")
        verbose_name_plural = _("activities of the committee")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    DRAFT = "draft", _("Draft")


class Member(models.Model):
    """A committee member (委員), with the term they serve; linked to an account if they have one."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")
        ADVISER = "adviser", _("Adviser")

    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name in kana"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_members",
    )
    company_name = models.CharField(
        _("company name as written"),
        max_length=200,
        blank=True,
        help_text=_("When the company is not in the directory."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_member",
    )
    email = models.EmailField(_("email address"), blank=True, help_text=_("For reminders."))
    invitation = models.ForeignKey(
        "accounts.Invitation",
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The invitation whose acceptance links the new account to this member."),
    )
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["order", "name_kana", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="meetings_member_term_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def company_label(self) -> str:
        return self.company.name if self.company_id else self.company_name


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for every list, page, search, feed and download of minutes."""
        from .policies import can_view_drafts, can_view_members_only

        if can_view_drafts(user):
            return self
        if can_view_members_only(user):
            return self.not_drafts()
        return self.public()

    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def not_drafts(self):
        """What a committee member sees; for private calendars and reminders, sent to members."""
        return self.exclude(visibility=Visibility.DRAFT)


class Meeting(models.Model):
    """A meeting of the committee with its minutes (議事録)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular meeting")
        EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")
        GENERAL = "general", _("General meeting")
        OTHER = "other", _("Other meeting")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    unparsed = models.TextField(
        _("text the importer could not place"),
        blank=True,
        help_text=_("Move what belongs to the agenda, then empty this field."),
    )
    import_warnings = models.TextField(_("import warnings"), blank=True)
    source_text = models.TextField(_("imported text"), blank=True, editable=False)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True, editable=False)
    edited_at = models.DateTimeField(
        _("edited by staff at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("A later import keeps staff edits unless asked to replace them."),
    )
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True, editable=False
    )
    # Kept by meetings.search.search_index_rebuild: the normalised text that search matches,
    # the normalised title (to rank title hits first in SQL) and the same lines as written
    # (so that snippets show the minutes' own spelling, not the lower-cased NFKC form).
    search_text = models.TextField(editable=False, blank=True)
    search_title = models.TextField(editable=False, blank=True)
    search_source = models.TextField(editable=False, blank=True)
    # For minutes shown in parts (meetings.agenda): [first line, part, agenda item] of each
    # item's lines, so that a search hit links to its part; empty for minutes of one page.
    search_parts = models.JSONField(editable=False, blank=True, default=list, db_default=[])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "kind"], name="meetings_one_meeting_per_day_and_kind"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=models.F("start_time")),
                name="meetings_meeting_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["visibility", "-date"], name="meetings_visible_by_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})


class Attendance(models.Model):
    """Who attended; a name that matches no member is kept as written for staff to resolve."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        GUEST = "guest", _("Guest")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )
    name_as_written = models.CharField(_("name as written"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PRESENT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(member__isnull=False),
                name="meetings_member_attends_once",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(name_as_written=""),
                name="meetings_attendance_has_a_name",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.name if self.member_id else self.name_as_written


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Note(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="notes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:60]


class Link(models.Model):
    class Kind(models.TextChoices):
        HP = "hp", _("Website")
        SNS = "sns", _("Social media")
        OTHER = "other", _("Other")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="links")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


def _attachment_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{filename}"


class Attachment(models.Model):
    """A document or image of a meeting (meetings.validators says which); kept in private
    storage, served after an access check."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_attachment_path, storage=private_storage)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:attachment_download", kwargs={"pk": self.pk})


class ActionItem(models.Model):
    """A task decided in a meeting (the seed's "9/6先方との打合せ"), followed until done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    text = models.CharField(_("what"), max_length=300)
    owner_member = models.ForeignKey(
        Member,
        verbose_name=_("owner (member)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    owner_company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("owner (company)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_action_items",
    )
    owner_name = models.CharField(
        _("owner as written"), max_length=100, blank=True, help_text=_("For example 事務局.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="meetings_action_by_status")]

    def __str__(self):
        return self.text

    @property
    def owner_label(self) -> str:
        if self.owner_member_id:
            return self.owner_member.name
        if self.owner_company_id:
            return self.owner_company.name
        return self.owner_name


class Activity(models.Model):
    """A committee activity: inspection visit (視察), seminar, talk (登壇), inter-regional exchange."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Inspection visit")
        SEMINAR = "seminar", _("Seminar")
        TALK = "talk", _("Talk or panel")
        EXCHANGE = "exchange", _("Exchange with other regions")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    agenda_items = models.ManyToManyField(
        AgendaItem, verbose_name=_("related agenda items"), blank=True, related_name="activities"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="meetings_activity_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:activity_detail", kwargs={"pk": self.pk})


class ActivityResponse(models.Model):
    """A member's answer to an activity: attend, decline or undecided."""

    class Answer(models.TextChoices):
        ATTEND = "attend", _("Attend")
        DECLINE = "decline", _("Decline")
        UNDECIDED = "undecided", _("Undecided")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="activity_responses")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer to an activity")
        verbose_name_plural = _("answers to activities")
        ordering = ["member__order", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="meetings_one_answer_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_answer_display()}"


class CalendarToken(models.Model):
    """The secret of a member's private calendar URL; revoking it makes the URL stop working."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="calendar_tokens")
    key = models.CharField(max_length=64, unique=True, default=_new_calendar_key, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.member} ({self.created_at:%Y-%m-%d})"


class SearchToken(models.Model):
    """One- and two-character grams of a meeting's normalised text, for Japanese search.

    Japanese has no spaces to split words at, and a one-character word (寮) is common, so the
    index holds every single character and every pair; a longer query is the meetings that
    hold all of its pairs, then checked as a whole substring. B-tree only: the same on SQLite
    and PostgreSQL, no extension needed.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="search_tokens")
    token = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["token", "meeting"], name="meetings_search_token_unique"
            ),
        ]

    def __str__(self):
        return self.token
