from django.utils.functional import SimpleLazyObject

from . import roles as role_checks


def roles(request):
    """Role flags for the navigation, computed only when a template asks for them."""
    user = request.user
    return {
        "user_is_city_staff": SimpleLazyObject(lambda: role_checks.is_city_staff(user)),
        "user_is_committee_member": SimpleLazyObject(lambda: role_checks.is_committee_member(user)),
        "user_is_company_staff": SimpleLazyObject(lambda: role_checks.is_company_staff(user)),
    }
