from .models import Company, Membership


def company_ids_for_user(user) -> dict[int, str]:
    """{company id: role} of the user's memberships, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_company_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("company_id", "role"))
        user._company_roles = cached
    return cached


def company_directory():
    return Company.objects.listed().order_by("name_kana", "name")
