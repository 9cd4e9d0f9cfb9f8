from .models import AuditEntry, Company, Membership


def company_ids_for_user(user) -> dict[int, str]:
    """{company id: role} of the user's memberships, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_company_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("company_id", "role"))
        user._company_roles = cached
    return cached


def company_directory():
    return Company.objects.listed().order_by("name_kana", "name")


def companies_of(user):
    """The companies the user works for, for their own pages."""
    return Company.objects.filter(pk__in=list(company_ids_for_user(user))).order_by(
        "name_kana", "name"
    )


def company_members(company: Company):
    return company.memberships.select_related("user").order_by("role", "user__name", "user__email")


def company_audit(company: Company):
    return AuditEntry.objects.filter(company=company).select_related("actor")
