from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.types import AnyUser
from core.db import unique_or_none
from japanese.text import hiragana, katakana

from .models import AuditEntry, Company, Membership, Photo, Post

if TYPE_CHECKING:
    from accounts.models import Invitation


def company_ids_for_user(user: AnyUser) -> dict[int, str]:
    """{company id: role} of the user's memberships, read once per user object."""
    return Membership.objects.company_roles(user)


def company_directory() -> QuerySet[Company]:
    return Company.objects.listed().order_by("name_kana", "name")


def company_for_page(slug: str) -> Company:
    """The company of a URL, listed or not (its page's policy decides who sees it); 404 if none."""
    return get_object_or_404(Company, slug=slug)


def company_by_pk(pk: int) -> Company:
    """A fresh copy of the company (the one a bound form changed stays as typed)."""
    return Company.objects.get(pk=pk)


def companies_named(text: str) -> list[Company]:
    """The listed companies the timeline's company filter means, in one query: the company
    whose slug it is (a link's ``?company=``), else those whose name or reading contains it."""
    if not text:
        return []
    found = list(
        Company.objects.listed()
        .filter(
            Q(slug=text)
            | Q(name__icontains=text)
            # The reading as staff typed it, in hiragana or katakana: either finds it.
            | Q(name_kana__icontains=hiragana(text))
            | Q(name_kana__icontains=katakana(text))
        )
        .order_by("name_kana", "name")
    )
    by_slug = [company for company in found if company.slug == text]
    return by_slug or found


def companies_for_dashboard() -> QuerySet[Company]:
    return Company.objects.order_by("name_kana", "name")


def company_membership(company: Company, pk: int) -> Membership:
    """A membership of ``company`` by id, with its user; 404 if it is another company's."""
    return get_object_or_404(Membership.objects.select_related("user"), pk=pk, company=company)


def company_pending_invitations(company: Company) -> "QuerySet[Invitation]":
    from accounts.models import Invitation

    return Invitation.objects.pending().filter(company=company).order_by("-created_at")


def company_invitation(company: Company, pk: int) -> "Invitation":
    """An invitation to ``company`` by id, in any state; 404 if it is another company's."""
    from accounts.models import Invitation

    return get_object_or_404(Invitation, pk=pk, company=company)


def companies_of(user: AnyUser) -> QuerySet[Company]:
    """The companies the user works for, for their own pages."""
    return Company.objects.filter(pk__in=list(company_ids_for_user(user))).order_by(
        "name_kana", "name"
    )


def company_members(company: Company) -> QuerySet[Membership]:
    return company.memberships.select_related("user").order_by("role", "user__name", "user__email")


def company_audit(company: Company) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(company=company).select_related("actor")


# --- Posts ------------------------------------------------------------------------------------


def _cards(queryset: QuerySet[Post]) -> QuerySet[Post]:
    """What a card of a post needs, in a fixed number of queries whatever the page holds."""
    return queryset.select_related("company", "cover").order_by("-publish_at", "-pk")


def timeline(
    user: AnyUser | None = None,
    *,
    company: Company | None = None,
    companies: list[Company] | None = None,
    category: str | None = None,
    tag: str | None = None,
) -> QuerySet[Post]:
    """Published posts, newest first: of ``company``, or of ``companies`` (none: no post)."""
    posts = Post.objects.published()
    if company is not None:
        posts = posts.filter(company=company)
    if companies is not None:
        posts = posts.filter(company__in=companies)
    if category:
        posts = posts.filter(category=category)
    if tag:
        posts = posts.filter(tags__name=tag)
    return _cards(posts)


def latest_posts(company: Company, limit: int = 6) -> list[Post]:
    return list(timeline(company=company)[:limit])


def company_post_admin_list(company: Company) -> QuerySet[Post]:
    """A company's posts in every state, for its staff."""
    from django.db.models.functions import Coalesce

    return company.posts.select_related("cover").order_by(
        Coalesce("publish_at", "created_at").desc(), "-pk"
    )


def post_for_page(user: AnyUser, company: Company, pk: int) -> Post:
    post = unique_or_none(
        Post.objects.visible_to(user)
        .filter(company=company, pk=pk)
        .select_related("company", "cover", "author", "moderated_by", "review_requested_by")
        .prefetch_related("tags", "photos")
    )
    if post is None:
        raise Http404
    return post


def post_of_company(company: Company, pk: int) -> Post:
    """A post of ``company`` in any state, for city staff's moderation and the company's
    review request (their policies are asked first); 404 if it is another company's."""
    return get_object_or_404(Post, company=company, pk=pk)


def editable_post(user: AnyUser, company: Company, pk: int) -> Post:
    """A post of ``company`` that ``user`` may edit, for the phone editor; 404 otherwise."""
    return get_object_or_404(
        Post.objects.editable_by(user).select_related("company", "moderated_by"),
        company=company,
        pk=pk,
    )


def post_photos(post: Post) -> list[Photo]:
    """The post's photos in their order (prefetched by ``post_for_page``)."""
    return list(post.photos.all())


def post_tag_names(post: Post) -> list[str]:
    return [tag.name for tag in post.tags.all()]


def post_reloaded(post: Post) -> Post:
    """``post`` read again, after a service changed its row (status, publication time)."""
    post.refresh_from_db()
    return post


def photo_for_rendition(user: AnyUser, pk: int) -> Photo | None:
    """The photo if the post it belongs to may be seen by ``user`` (drafts: its staff only)."""
    return (
        Photo.objects.filter(pk=pk, post__in=Post.objects.visible_to(user))
        .select_related("post__company")
        .first()
    )


def posts_per_month(*, months: int = 12) -> tuple[list[date], dict[int, dict[date, Any]]]:
    """Published posts per company per month for the staff dashboard: one grouped query."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

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
    start = timezone.make_aware(datetime(month_list[0].year, month_list[0].month, 1))
    rows = (
        Post.objects.published()
        .filter(publish_at__gte=start)
        .annotate(month=TruncMonth("publish_at"))
        .values("company_id", "month")
        .annotate(count=Count("pk"))
    )
    counts: dict[int, dict[date, Any]] = {}
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


def photos_without_renditions(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Photos whose renditions were never made (their task never reached the broker), older
    than five minutes so that a task still on its way is not queued twice."""
    now = now or timezone.now()
    rows = Photo.objects.filter(
        renditions_at__isnull=True, created_at__lt=now - timedelta(minutes=5)
    ).order_by("pk")
    return list(rows.values_list("pk", flat=True)[:limit])
