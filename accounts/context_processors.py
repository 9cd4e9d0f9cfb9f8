from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from . import roles as role_checks


def roles(request):
    """Role flags for the navigation, computed only when a template asks for them.

    An error page may be rendered before the authentication middleware ran (a 400 for a
    forged Host header): that request has no user yet and is treated as anonymous.
    """
    user = getattr(request, "user", None)
    if user is None:  # not `or`: that would load the lazy user on every page
        user = AnonymousUser()
    return {
        "user_is_city_staff": SimpleLazyObject(lambda: role_checks.is_city_staff(user)),
        "user_is_committee_member": SimpleLazyObject(lambda: role_checks.is_committee_member(user)),
        "user_is_company_staff": SimpleLazyObject(lambda: role_checks.is_company_staff(user)),
    }
