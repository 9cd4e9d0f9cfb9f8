from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Industry(models.TextChoices):
    METAL = "metal", _("Metalworking and machining")
    SHEET_METAL = "sheet_metal", _("Sheet metal and welding")
    PLASTICS = "plastics", _("Plastics and rubber")
    ELECTRONICS = "electronics", _("Electrical and electronic equipment")
    MACHINERY = "machinery", _("Machinery and equipment")
    SURFACE = "surface", _("Surface treatment and coating")
    FOOD = "food", _("Food and drink")
    CHEMICALS = "chemicals", _("Chemicals and materials")
    OTHER = "other", _("Other manufacturing")


class Area(models.TextChoices):
    """The open factory's areas of the city, so that both apps speak of the same places."""

    YOSHIOKA = "yoshioka", _("Yoshioka")
    HAYAKAWA = "hayakawa", _("Hayakawa, Sagamino and Kozono")
    KAMITSUCHIDANA = "kamitsuchidana", _("Kamitsuchidana and Yozo-yamashita")
    INDUSTRIAL_PARK = "industrial_park", _("Ayase industrial park")
    OTHER = "other", _("Other area")


RESERVED_SLUGS = {"mine", "posts", "dashboard", "photos", "feed", "invitations", "new"}


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is used by the site; choose another."))


def _logo_path(instance, filename):
    return f"companies/logos/{instance.slug}-{filename}"


class CompanyQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)


class Company(models.Model):
    """A manufacturing company of Ayase (or the committee itself, which posts too)."""

    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(
        _("name in kana"), max_length=200, blank=True, help_text=_("For sorting in 五十音 order.")
    )
    slug = models.SlugField(
        _("address in the URL"),
        max_length=100,
        unique=True,
        validators=[validate_slug_not_reserved],
    )
    summary = models.TextField(_("summary"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=_logo_path, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Where the factory is, for the open factory's map links and walking order and for the
    # open data (公共施設一覧); entered by city staff in the admin, WGS84 degrees.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Of the factory visitors come to, e.g. 35.437000 (WGS84)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("E.g. 139.426000 (WGS84)."),
    )
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    technologies = models.TextField(
        _("technologies"), blank=True, help_text=_("What the company is good at, one per line.")
    )
    products = models.TextField(_("products"), blank=True, help_text=_("One per line."))
    certifications = models.TextField(
        _("certifications"), blank=True, help_text=_("For example ISO 9001, one per line.")
    )
    website = models.URLField(_("website"), blank=True)
    sns_x = models.URLField(_("X (Twitter)"), blank=True)
    sns_instagram = models.URLField(_("Instagram"), blank=True)
    sns_facebook = models.URLField(_("Facebook"), blank=True)
    sns_youtube = models.URLField(_("YouTube"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_note = models.CharField(
        _("how to contact"),
        max_length=200,
        blank=True,
        help_text=_("For example the department or the hours to call."),
    )
    is_listed = models.BooleanField(_("shown in the directory"), default=True)
    is_committee = models.BooleanField(
        _("the committee"),
        default=False,
        help_text=_("The committee's own account, which posts to Smart Navi like a company."),
    )
    posting_reminders = models.BooleanField(
        _("monthly posting reminder"),
        default=True,
        help_text=_("Mail the company's staff when nothing was posted for 30 days."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made up by load_demo; not a real company.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_kana", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="companies_company_position_whole",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
                violation_error_code="position",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:company_detail", kwargs={"slug": self.slug})

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def sns_links(self) -> list[tuple[str, str]]:
        return [
            (label, url)
            for label, url in (
                ("X", self.sns_x),
                ("Instagram", self.sns_instagram),
                ("Facebook", self.sns_facebook),
                ("YouTube", self.sns_youtube),
            )
            if url
        ]

    @property
    def has_profile_details(self) -> bool:
        return any(
            (
                self.industry,
                self.area,
                self.address,
                self.founded_year,
                self.employees,
                self.technologies,
                self.products,
                self.certifications,
                self.website,
                self.contact_phone,
                self.contact_email,
                *(url for _label, url in self.sns_links),
            )
        )

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def technology_list(self):
        return self.lines(self.technologies)

    @property
    def product_list(self):
        return self.lines(self.products)

    @property
    def certification_list(self):
        return self.lines(self.certifications)


# The kind under which ``accounts.roles.standing`` reads a user's memberships.
MEMBERSHIPS = "memberships"


class MembershipQuerySet(models.QuerySet):
    """Membership lookups: the one place that reads who works for which company."""

    def company_roles(self, user) -> dict[int, str]:
        """{company id: role} of the user's memberships, read with the user's groups once per
        user object (``accounts.roles.standing``, to which ``CompaniesConfig.ready`` registers
        the memberships): the role flags of the navigation and the policies share it."""
        from accounts.roles import standing

        return {company_id: role for role, company_id in standing(user).get(MEMBERSHIPS, ())}

    def editable_company_ids(self, user) -> set[int] | None:
        """Ids of the companies whose posts the user may edit; None means every company
        (city staff). ``Post.objects.visible_to`` and the policies both ask this."""
        from accounts.roles import is_city_staff

        if is_city_staff(user):
            return None
        return set(self.company_roles(user))


class Membership(models.Model):
    """A person's role in a company: owners manage the company, editors post."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="company_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("company membership")
        verbose_name_plural = _("company memberships")
        ordering = ["company", "user"]
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="companies_one_membership"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.company} ({self.get_role_display()})"


class AuditEntry(models.Model):
    """Who did what to a company's profile, members and posts, and when; never edited."""

    class Action(models.TextChoices):
        PROFILE_CHANGED = "profile_changed", _("Profile changed")
        MEMBER_ADDED = "member_added", _("Member added")
        MEMBER_REMOVED = "member_removed", _("Member removed")
        ROLE_CHANGED = "role_changed", _("Role changed")
        INVITED = "invited", _("Person invited")
        POST_CREATED = "post_created", _("Post created")
        POST_CHANGED = "post_changed", _("Post changed")
        POST_PUBLISHED = "post_published", _("Post published")
        POST_SCHEDULED = "post_scheduled", _("Post scheduled")
        POST_UNPUBLISHED = "post_unpublished", _("Post unpublished")
        POST_WITHDRAWN = "post_withdrawn", _("Post withdrawn by the company")
        POST_DELETED = "post_deleted", _("Post deleted")
        REVIEW_REQUESTED = "review_requested", _("Review requested by the company")
        REVIEW_ACCEPTED = "review_accepted", _("Review accepted: post back online")
        REVIEW_DECLINED = "review_declined", _("Review declined: post stays unpublished")
        POST_REINSTATED = "post_reinstated", _("Post put back online by the secretariat")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    post = models.ForeignKey(
        "Post",
        verbose_name=_("post"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    subject = models.CharField(
        _("what"), max_length=300, blank=True, help_text=_("The post or person concerned.")
    )
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.subject}"


def private_storage():
    """Photos of posts are served by a view that checks the post is visible: no public URL."""
    from django.core.files.storage import storages

    return storages["private"]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PostQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one rule of what the public sees: published (or scheduled) and its time come.

        A scheduled post becomes visible when ``publish_at`` passes without any task running.
        """
        from django.utils import timezone

        return self.filter(
            status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED],
            publish_at__lte=now or timezone.now(),
            company__is_listed=True,
        )

    def visible_to(self, user):
        """Every page, feed, sitemap and image URL asks this: the public rule plus the posts
        of the companies the user works for (drafts included); city staff see everything."""
        ids = Membership.objects.editable_company_ids(user)
        if ids is None:
            return self
        public = self.published()
        if not ids:
            return public
        return self.filter(models.Q(pk__in=public.values("pk")) | models.Q(company_id__in=ids))

    def editable_by(self, user):
        ids = Membership.objects.editable_company_ids(user)
        return self if ids is None else self.filter(company_id__in=ids)


class Post(models.Model):
    """A Smart Navi post: mostly photos, with a short text, like an internal newsletter."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Category(models.TextChoices):
        SALES = "sales", _("Sales meeting")
        NEWSLETTER = "newsletter", _("Internal newsletter")
        PRODUCT = "product", _("Products")
        EVENT = "event", _("Events")
        RECRUITING = "recruiting", _("Recruiting")

    class BodyFormat(models.TextChoices):
        PLAIN = "plain", _("Plain text (links become clickable)")
        MARKDOWN = "markdown", _("Markdown (bold, lists, links)")

    MAX_PHOTOS = 20

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="company_posts",
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    body = models.TextField(_("text"), blank=True)
    body_format = models.CharField(
        _("text format"), max_length=10, choices=BodyFormat.choices, default=BodyFormat.PLAIN
    )
    body_html = models.TextField(editable=False, blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.NEWSLETTER
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="posts")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    photo_count = models.PositiveSmallIntegerField(
        _("number of photos"),
        default=0,
        editable=False,
        help_text=_("Kept by the services, so that lists need not count photos per post."),
    )
    cover = models.ForeignKey(
        "Photo",
        verbose_name=_("cover photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderation_reason = models.TextField(
        _("reason for unpublishing"),
        blank=True,
        help_text=_("Shown to the company's staff."),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unpublished by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("unpublished at"), null=True, blank=True)
    review_requested_at = models.DateTimeField(
        _("review requested at"),
        null=True,
        blank=True,
        help_text=_("The company fixed its unpublished post and asks city staff to look again."),
    )
    review_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("review requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_message = models.TextField(_("message with the review request"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-publish_at", "-pk"]
        indexes = [
            models.Index(
                fields=["company", "status", "-publish_at"], name="companies_post_company"
            ),
            models.Index(fields=["status", "-publish_at"], name="companies_post_timeline"),
            # A company's published posts, newest first (its page, its timeline): without it
            # PostgreSQL read every post backwards by date to find the six of a company that
            # has posted little or nothing (20 ms at 60,000 posts, docs/benchmarks.md).
            models.Index(
                "company",
                models.F("publish_at").desc(),
                models.F("id").desc(),
                name="companies_post_company_public",
                condition=models.Q(status__in=["published", "scheduled"]),
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("companies:post_detail", kwargs={"slug": self.company.slug, "pk": self.pk})

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        first_line = next((line for line in self.body.splitlines() if line.strip()), "")
        first_line = first_line.lstrip("#*-> ").strip()
        if first_line:
            return first_line[:40] + ("…" if len(first_line) > 40 else "")
        return str(self.get_category_display())

    def is_public(self, now=None) -> bool:
        from django.utils import timezone

        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
            and self.company.is_listed
        )

    @property
    def is_moderated(self) -> bool:
        """Unpublished by city staff: only city staff put it back online."""
        return self.status == self.Status.UNPUBLISHED

    @property
    def review_pending(self) -> bool:
        return self.is_moderated and self.review_requested_at is not None

    @property
    def shown_status(self) -> str:
        """Scheduled posts whose time has come read as published."""
        if self.status == self.Status.SCHEDULED and self.is_public():
            return self.Status.PUBLISHED
        return self.status

    def get_shown_status_display(self) -> str:
        return str(self.Status(self.shown_status).label)


def _master_path(instance, filename):
    return f"companies/posts/{instance.post_id}/master-{filename}"


class Photo(models.Model):
    """A photo of a post. The upload itself is not kept: what is stored is a re-encoded master
    (upright, no metadata) in private storage, and renditions made from it by a task."""

    SIZES = {"thumb": 400, "card": 960, "full": 1920}
    FORMATS = {"webp": "WEBP", "jpg": "JPEG"}

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="photos")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    master = models.FileField(
        _("master image"), upload_to=_master_path, storage=private_storage, editable=False
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    renditions_at = models.DateTimeField(
        _("renditions made at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or f"{self.post_id}/{self.pk}"

    def rendition_name(self, size: str, fmt: str) -> str:
        return f"companies/posts/{self.post_id}/{self.pk}/{size}.{fmt}"

    def rendition_url(self, size: str, fmt: str = "jpg") -> str:
        url = reverse("companies:photo_rendition", kwargs={"pk": self.pk, "size": size, "fmt": fmt})
        # The version changes when renditions are made again, so caches never hold stale ones.
        return f"{url}?v={int(self.renditions_at.timestamp()) if self.renditions_at else 0}"

    def rendition_size(self, size: str) -> tuple[int, int]:
        longest = self.SIZES[size]
        if not self.width or not self.height:
            return longest, longest * 3 // 4
        scale = min(1, longest / max(self.width, self.height))
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))


class PostingReminder(models.Model):
    """A monthly reminder sent to a company: one row per company and month, so once only."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="reminders"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("posting reminder")
        verbose_name_plural = _("posting reminders")
        ordering = ["-month", "company"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "month"], name="companies_one_reminder_per_month"
            ),
        ]

    def __str__(self):
        return f"{self.company} {self.month:%Y-%m}"
