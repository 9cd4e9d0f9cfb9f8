"""Types for the signatures of the services, selectors and policies (checked by mypy)."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from .models import User

# Whoever makes a request: a signed-in account or the anonymous visitor (request.user).
AnyUser: TypeAlias = User | AnonymousUser
