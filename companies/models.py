from django.conf import settings
from django.core.exceptions import ValidationError
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

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:company_detail", kwargs={"slug": self.slug})

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
