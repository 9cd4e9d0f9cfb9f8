from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CompanyQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)


class Company(models.Model):
    """A manufacturing company of Ayase; its full profile comes with the companies issue."""

    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(
        _("name in kana"), max_length=200, blank=True, help_text=_("For sorting in 五十音 order.")
    )
    slug = models.SlugField(_("address in the URL"), max_length=100, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_listed = models.BooleanField(_("shown in the directory"), default=True)
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
