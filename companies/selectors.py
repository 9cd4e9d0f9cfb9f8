from datetime import timedelta

from django.utils import timezone

from .models import AuditEntry, Company, Membership, Photo


def company_ids_for_user(user) -> dict[int, str]:
    """{company id: role} of the user's memberships, read once per user object."""
    return Membership.objects.company_roles(user)


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


# --- Posts ------------------------------------------------------------------------------------


def _cards(queryset):
    """What a card of a post needs, in a fixed number of queries whatever the page holds."""
    return queryset.select_related("company", "cover").order_by("-publish_at", "-pk")


def timeline(user=None, *, company=None, category=None, tag=None):
    from .models import Post

    posts = Post.objects.published()
    if company is not None:
        posts = posts.filter(company=company)
    if category:
        posts = posts.filter(category=category)
    if tag:
        posts = posts.filter(tags__name=tag)
    return _cards(posts)


def latest_posts(company, limit=6):
    return list(timeline(company=company)[:limit])


def company_post_admin_list(company):
    """A company's posts in every state, for its staff."""
    from django.db.models.functions import Coalesce

    return company.posts.select_related("cover").order_by(
        Coalesce("publish_at", "created_at").desc(), "-pk"
    )


def post_for_page(user, company, pk):
    from django.http import Http404

    from .models import Post

    post = (
        Post.objects.visible_to(user)
        .filter(company=company, pk=pk)
        .select_related("company", "cover", "author", "moderated_by", "review_requested_by")
        .prefetch_related("tags", "photos")
        .first()
    )
    if post is None:
        raise Http404
    return post


def posts_per_month(*, months: int = 12):
    """Published posts per company per month for the staff dashboard: one grouped query."""
    from datetime import date

    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.utils import timezone

    from .models import Post

    today = timezone.localdate()
    first = date(today.year, today.month, 1)
    month_list = []
    year, month = first.year, first.month
    for _ in range(months):
        month_list.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    month_list.reverse()
    start = timezone.make_aware(timezone.datetime(month_list[0].year, month_list[0].month, 1))
    rows = (
        Post.objects.published()
        .filter(publish_at__gte=start)
        .annotate(month=TruncMonth("publish_at"))
        .values("company_id", "month")
        .annotate(count=Count("pk"))
    )
    counts: dict[int, dict] = {}
    for row in rows:
        month_value = row["month"]
        if hasattr(month_value, "date"):
            month_value = (
                timezone.localtime(month_value).date()
                if timezone.is_aware(month_value)
                else month_value.date()
            )
        counts.setdefault(row["company_id"], {})[month_value.replace(day=1)] = row["count"]
    return month_list, counts


def photos_without_renditions(*, now=None, limit: int = 500) -> list[int]:
    """Photos whose renditions were never made (their task never reached the broker), older
    than five minutes so that a task still on its way is not queued twice."""
    now = now or timezone.now()
    rows = Photo.objects.filter(
        renditions_at__isnull=True, created_at__lt=now - timedelta(minutes=5)
    ).order_by("pk")
    return list(rows.values_list("pk", flat=True)[:limit])
