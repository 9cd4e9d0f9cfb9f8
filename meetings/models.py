from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
