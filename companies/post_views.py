"""The Smart Navi blog: timeline, company posts, post pages, the phone editor, photos."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ServiceError, add_service_error
from core.http import redirect_for_script
from core.page_cache import cached_public_page
from core.paging import newest_first_page
from core.private_files import private_file_response
from japanese.forms import cleaned_query
from japanese.moments import local_datetime
from japanese.text import normalize

from . import policies, selectors, services
from .forms import PostFilterForm, PostForm, ReviewRequestForm, UnpublishForm
from .models import Photo, Post
from .views import company_for

# Twenty cards: a page of the timeline with every cover photo stays within 30 KB of HTML
# (tests/site/test_page_weight.py), a phone scrolls it in a few flicks.
PAGE_SIZE = 20


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


# The first page is kept for visitors like every public page, later ones in the page cache's
# slots for free text (a cursor is 31 characters at most).
@cached_public_page(query={}, text={"before": 31})
def post_list(request):
    """The timeline of every company's published posts, filtered by company, category, tag;
    newest first, older pages after a cursor (``core.paging.newest_first_page``): 60,000 posts
    deep, a page is read as fast as the first."""
    filters = cleaned_query(request, PostFilterForm)
    text, category, tag = filters["company"], filters["category"], filters["tag"]
    # A name field, not a list of every company: at 540 companies the list alone was 30 KB
    # of the page (issue 16's budget for a public page is 30 KB).
    companies = selectors.companies_named(text) if text else None
    posts = selectors.timeline(request.user, companies=companies, category=category, tag=tag)
    if companies is not None and len(companies) == 1 and companies[0].slug == text:
        text = companies[0].name  # a link's slug, shown as the company's name
    return render(
        request,
        "companies/post_list.html",
        {
            "page_obj": newest_first_page(
                posts, field="publish_at", before=request.GET.get("before"), size=PAGE_SIZE
            ),
            "company": text,
            "categories": Post.Category.choices,
            "selected": {"category": category},
            "tag": tag,
            "filtered": bool(text or category or tag),
        },
    )


@cached_public_page
def company_posts(request, slug):
    company = company_for(request, slug)
    posts = selectors.timeline(request.user, company=company)
    return render(
        request,
        "companies/company_posts.html",
        {
            "company": company,
            "page_obj": _page(request, posts),
            "can_post": policies.can_post(request.user, company),
        },
    )


@cached_public_page
def post_detail(request, slug, pk):
    company = company_for(request, slug)
    post = selectors.post_for_page(request.user, company, pk)
    can_edit = policies.can_post(request.user, company)
    can_moderate = policies.can_moderate(request.user)
    photos = selectors.post_photos(post)
    more = [p for p in selectors.latest_posts(company, limit=5) if p.pk != post.pk][:4]
    return render(
        request,
        "companies/post_detail.html",
        {
            "company": company,
            "post": post,
            "photos": photos,
            "cover": post.cover or (photos[0] if photos else None),
            "more": more,
            "can_edit": can_edit,
            "can_moderate": can_moderate,
            "is_public": post.is_public(),
            "unpublish_form": UnpublishForm() if can_moderate else None,
            "review_form": (
                ReviewRequestForm()
                if post.is_moderated
                and not post.review_pending
                and policies.can_request_review(request.user, company)
                else None
            ),
            "site_url": settings.SITE_URL,
        },
    )


def _editable_company(request, slug):
    company = company_for(request, slug)
    if not policies.can_post(request.user, company):
        raise Http404
    return company


@login_required
def post_manage(request, slug):
    company = _editable_company(request, slug)
    return render(
        request,
        "companies/post_manage.html",
        {
            "company": company,
            "page_obj": _page(request, selectors.company_post_admin_list(company), 30),
        },
    )


def _post_data(form):
    return {name: form.cleaned_data[name] for name in ("title", "body", "body_format", "category")}


@login_required
@redirect_for_script
def post_create(request, slug):
    company = _editable_company(request, slug)
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                company=company,
                author=request.user,
                tags=form.cleaned_data["tags"],
                masters=form.cleaned_data["photos"],
                publish=request.POST.get("op") == "publish",
                publish_at=form.cleaned_data["publish_at"],
                **_post_data(form),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if post.status != Post.Status.DRAFT:
                messages.success(request, _published_message(post))
                return redirect(post.get_absolute_url())
            messages.success(request, _("Saved as a draft. Put the photos in order, then publish."))
            return redirect("companies:post_edit", slug=company.slug, pk=post.pk)
    return render(
        request,
        "companies/post_form.html",
        {"company": company, "form": form, "post": None},
        status=400 if form.is_bound and form.errors else 200,
    )


def _published_message(post):
    post = selectors.post_reloaded(post)
    if post.status == Post.Status.SCHEDULED and not post.is_public():
        return _("The post will be published on %(when)s.") % {
            "when": local_datetime(post.publish_at)
        }
    return _("The post has been published.")


def _editable_post(request, slug, pk):
    company = _editable_company(request, slug)
    return company, selectors.editable_post(request.user, company, pk)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@redirect_for_script
def post_edit(request, slug, pk):
    company, post = _editable_post(request, slug, pk)
    photos = selectors.post_photos(post)
    if request.method == "POST":
        form = PostForm(request.POST, request.FILES, photo_ids=[p.pk for p in photos])
        if form.is_valid():
            return _apply_edit(request, company, post, form, form.captions())
        for photo in photos:
            # What was typed stays on the page, with the message beside it.
            photo.caption = normalize(request.POST.get(f"caption-{photo.pk}", photo.caption))
            if f"caption-{photo.pk}" in form.fields:
                photo.caption_errors = form[f"caption-{photo.pk}"].errors
    else:
        form = PostForm(
            initial={
                "title": post.title,
                "body": post.body,
                "body_format": post.body_format,
                "category": post.category,
                "tags": " ".join(selectors.post_tag_names(post)),
                "publish_at": timezone.localtime(post.publish_at) if post.publish_at else None,
            }
        )
    return render(
        request,
        "companies/post_form.html",
        {
            "company": company,
            "form": form,
            "post": post,
            "photos": photos,
            "max_photos": Post.MAX_PHOTOS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _apply_edit(request, company, post, form, captions):
    op = request.POST.get("op", "save")
    edit_url = reverse("companies:post_edit", kwargs={"slug": company.slug, "pk": post.pk})
    try:
        post = services.post_update(
            post=post,
            actor=request.user,
            data=_post_data(form),
            tags=form.cleaned_data["tags"],
            captions=captions,
            cover_id=_int(request.POST.get("cover")),
            masters=form.cleaned_data["photos"],
        )
        action, _sep, target = op.partition("-")
        photo_id = _int(target)
        if action in ("up", "down") and photo_id:
            services.photo_move(post=post, photo_id=photo_id, delta=-1 if action == "up" else 1)
            return redirect(f"{edit_url}#photo-{photo_id}")
        if action == "remove" and photo_id:
            services.photo_remove(post=post, photo_id=photo_id, actor=request.user)
            messages.success(request, _("The photo has been removed."))
            return redirect(f"{edit_url}#photos")
        if action == "publish":
            services.post_publish(
                post=post, actor=request.user, publish_at=form.cleaned_data["publish_at"]
            )
            messages.success(request, _published_message(post))
            return redirect(post.get_absolute_url())
        if action == "withdraw":
            services.post_withdraw(post=post, actor=request.user)
            messages.success(request, _("The post is a draft again and no longer shown."))
            return redirect(edit_url)
        if action == "preview":
            return redirect(post.get_absolute_url())
    except services.PostError as error:
        messages.error(request, str(error))
        return redirect(edit_url)
    messages.success(request, _("The post has been saved."))
    return redirect(edit_url)


@login_required
@require_POST
def post_delete(request, slug, pk):
    company, post = _editable_post(request, slug, pk)
    services.post_delete(post=post, actor=request.user)
    messages.success(request, _("The post has been deleted."))
    return redirect("companies:post_manage", slug=company.slug)


@login_required
@require_POST
def post_unpublish(request, slug, pk):
    if not policies.can_moderate(request.user):
        raise Http404
    post = selectors.post_of_company(selectors.company_for_page(slug), pk)
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason: the company's staff will read it."))
        return redirect(post.get_absolute_url())
    services.post_unpublish(post=post, actor=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("The post has been unpublished; the company's staff see why."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_review_request(request, slug, pk):
    """The company asks city staff to look again at the post they unpublished."""
    company = company_for(request, slug)
    if not policies.can_request_review(request.user, company):
        raise Http404
    post = selectors.post_of_company(company, pk)
    form = ReviewRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["message"]))
        return redirect(post.get_absolute_url())
    try:
        services.post_review_request(
            post=post, actor=request.user, message=form.cleaned_data["message"]
        )
    except services.PostError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The secretariat has been asked to review the post; it will answer.")
        )
    return redirect(post.get_absolute_url())


def _moderated_post(request, slug, pk):
    if not policies.can_moderate(request.user):
        raise Http404
    return selectors.post_of_company(selectors.company_for_page(slug), pk)


@login_required
@require_POST
def post_reinstate(request, slug, pk):
    """City staff put the post back online (accepting the company's request, if any)."""
    post = _moderated_post(request, slug, pk)
    try:
        services.post_reinstate(post=post, actor=request.user)
    except services.PostError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The post is back online; the company's staff see it."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_review_decline(request, slug, pk):
    """City staff keep the post unpublished, with a reason the company reads."""
    post = _moderated_post(request, slug, pk)
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason: the company's staff will read it."))
        return redirect(post.get_absolute_url())
    try:
        services.post_review_decline(
            post=post, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except services.PostError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The request has been declined; the company reads why."))
    return redirect(post.get_absolute_url())


def photo_rendition(request, pk, size, fmt):
    """Photos have no public URL: each request checks that the post may be seen."""
    if size not in Photo.SIZES or fmt not in Photo.FORMATS:
        raise Http404
    photo = selectors.photo_for_rendition(request.user, pk)
    if photo is None:
        raise Http404
    storage = photo.master.storage
    content_type = "image/webp" if fmt == "webp" else "image/jpeg"
    try:
        response = private_file_response(
            storage, photo.rendition_name(size, fmt), content_type=content_type
        )
    except OSError:
        # Renditions are on their way (the task has not run yet): the master is already
        # upright and stripped, so it stands in meanwhile.
        try:
            response = private_file_response(storage, photo.master.name, content_type="image/jpeg")
        except OSError:
            raise Http404 from None
    if photo.post.is_public():
        response["Cache-Control"] = "public, max-age=600"
    else:
        response["Cache-Control"] = "private, no-store"
    return response
