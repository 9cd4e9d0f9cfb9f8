"""The portal's roles and the one place that says which role a user has.

- visitor: anyone, signed in or not, with no other role;
- company staff: a member (owner or editor) of at least one company; the companies app, which
  holds the memberships, says so through the check it registers here (``register_role_check``),
  since this app sits below it and never imports it;
- committee member: in the committee members group, given by accepting an invitation;
- city staff: ``is_staff`` and in the city staff group, which holds the model permissions
  the secretariat needs in the admin;
- superuser.

What decides a user's roles (their groups, and what the apps above register: the companies'
memberships) is read in one query the first time a request asks (``standing``): every signed-in
page's navigation asks for all of it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import models
from django.db.models import CharField, IntegerField, Value
from django.utils.translation import gettext_lazy as _

CITY_STAFF_GROUP = "city_staff"
COMMITTEE_GROUP = "committee_members"

# The apps whose data city staff run from the admin ("account" is allauth's email addresses).
CITY_STAFF_APPS = ("accounts", "account", "meetings", "openfactory", "companies", "talent", "sites")
# Permissions city staff never get: only a superuser changes another person's rights, or
# removes a second factor.
CITY_STAFF_EXCLUDED = {
    "accounts.delete_user",
    "sites.delete_site",
    "sites.add_site",
    "accounts.add_secondfactor",
    "accounts.change_secondfactor",
    "accounts.delete_secondfactor",
    "accounts.view_secondfactor",
}


class Role(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    COMPANY_STAFF = "company_staff", _("Company staff")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    CITY_STAFF = "city_staff", _("City staff")
    SUPERUSER = "superuser", _("Superuser")


# Roles that an app above this one decides (company staff: ``companies``), by role.
_ROLE_CHECKS: dict[str, Callable[[object], bool]] = {}


def register_role_check(role: Role, check: Callable[[object], bool]) -> None:
    """Let the app that owns a role's data decide it; called from that app's ``ready()``."""
    _ROLE_CHECKS[role] = check


@dataclass(frozen=True)
class StandingRows:
    """Rows of ``model`` that an app above this one reads with the user's groups: those whose
    ``user_field`` is the user, as (``text``, ``number``) pairs."""

    model: type[models.Model]
    user_field: str
    text: str
    number: str


# What the apps above register (companies: memberships as (role, company id)), by kind.
_STANDING_ROWS: dict[str, StandingRows] = {}
GROUPS = "groups"


def register_standing_rows(kind: str, rows: StandingRows) -> None:
    """Read ``rows`` with the user's groups in ``standing``; called from an app's ``ready()``."""
    _STANDING_ROWS[kind] = rows


def standing(user) -> dict[str, list[tuple[str, int | None]]]:
    """{kind: [(text, number)]}: the user's groups (``GROUPS``: (name, None)) and the rows the
    apps registered, in one query, read once per user object (that is, once per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_role_standing", None)
    if cached is None:
        groups = user.groups.order_by().values_list(
            Value(GROUPS, output_field=CharField()), "name", Value(None, IntegerField())
        )
        others = [
            rows.model._default_manager.filter(**{rows.user_field: user})
            .order_by()
            .values_list(Value(kind, output_field=CharField()), rows.text, rows.number)
            for kind, rows in _STANDING_ROWS.items()
        ]
        cached = {GROUPS: [], **{kind: [] for kind in _STANDING_ROWS}}
        for kind, text, number in groups.union(*others, all=True):
            cached[kind].append((text, number))
        user._role_standing = cached
    return cached


def forget_standing(user) -> None:
    """After a change of the user's groups or memberships: the next ask reads them again."""
    user.__dict__.pop("_role_standing", None)


def _group_names(user) -> frozenset[str]:
    return frozenset(name for name, _none in standing(user).get(GROUPS, ()))


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def is_city_staff(user) -> bool:
    if is_superuser(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and CITY_STAFF_GROUP in _group_names(user)
    )


def is_committee_member(user) -> bool:
    return COMMITTEE_GROUP in _group_names(user)


def is_company_staff(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    check = _ROLE_CHECKS.get(Role.COMPANY_STAFF)
    return bool(check and check(user))


def roles_of(user) -> set[Role]:
    roles = {Role.VISITOR}
    if is_company_staff(user):
        roles.add(Role.COMPANY_STAFF)
    if is_committee_member(user):
        roles.add(Role.COMMITTEE_MEMBER)
    if is_city_staff(user):
        roles.add(Role.CITY_STAFF)
    if is_superuser(user):
        roles.add(Role.SUPERUSER)
    return roles


def sync_role_groups(*, apps=global_apps, using="default", **kwargs) -> None:
    """Create the role groups and give city staff every permission of the portal's apps."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.using(using).get_or_create(name=COMMITTEE_GROUP)
    staff, _created = Group.objects.using(using).get_or_create(name=CITY_STAFF_GROUP)
    permissions = [
        p
        for p in Permission.objects.using(using)
        .filter(content_type__app_label__in=CITY_STAFF_APPS)
        .select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" not in CITY_STAFF_EXCLUDED
    ]
    staff.permissions.set(permissions)
