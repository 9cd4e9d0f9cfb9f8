"""Workflows that change companies, their staff and their posts."""

from datetime import datetime
from typing import Any, cast

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation, User
from accounts.roles import forget_standing
from accounts.services import InvitationError, invitation_create
from accounts.types import AnyUser
from core.errors import ServiceError
from core.page_cache import pages_changed
from core.tasks import delay_on_commit_robust
from images.photos import CleanImage, Master, as_file, resized

from .markup import render as render_markup
from .models import AuditEntry, Company, Membership, Photo, Post, Tag, private_storage

# The tasks' work lives beside (no cycle with tasks.py); callers may keep asking services.
from .reminders import posting_reminders_send as posting_reminders_send
from .renditions import photo_renditions_make as photo_renditions_make

LOGO_SIZE = 512


class CompanyError(ServiceError):
    """A change to a company or its staff cannot be made; the message is for the user."""


def audit(
    *,
    company: Company,
    actor: AnyUser | None,
    action: str,
    subject: str = "",
    detail: str = "",
    post: Post | None = None,
) -> None:
    AuditEntry.objects.create(
        company=company,
        post=post,
        actor=actor if isinstance(actor, User) else None,  # a signed-in account
        action=action,
        subject=subject[:300],
        detail=detail,
    )


@transaction.atomic
def company_profile_update(
    *,
    company: Company,
    actor: AnyUser,
    data: dict[str, Any],
    logo: CleanImage | None = None,
    remove_logo: bool = False,
) -> Company:
    changed = [name for name, value in data.items() if getattr(company, name) != value]
    for name, value in data.items():
        setattr(company, name, value)
    if _set_logo(company, logo=logo, remove=remove_logo):
        changed.append("logo")
    company.full_clean(exclude=["logo"])
    company.save()
    if changed:
        # The profile form's names are the company's own fields (never a relation's other end).
        labels = [str(cast(Field, Company._meta.get_field(name)).verbose_name) for name in changed]
        audit(
            company=company,
            actor=actor,
            action=AuditEntry.Action.PROFILE_CHANGED,
            subject=company.name,
            detail=", ".join(labels),
        )
    return company


def _set_logo(company: Company, *, logo: CleanImage | None, remove: bool) -> bool:
    """Put a checked image (``images.photos.CleanImage``) as the logo, re-encoded as a PNG
    without metadata, or remove it; the old file goes once the change is committed. The
    caller saves the company."""
    old_logo = company.logo.name if company.logo else ""
    if logo is not None:
        company.logo.save(
            "logo.png", as_file(resized(logo.image, LOGO_SIZE), "PNG", "logo.png"), save=False
        )
    elif remove and old_logo:
        company.logo = ""
    else:
        return False
    if old_logo:
        storage = company.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return True


@transaction.atomic
def company_logo_set(
    *, company: Company, actor: AnyUser, logo: CleanImage | None, remove: bool = False
) -> None:
    """The logo as city staff set it in the admin: through the same image pipeline."""
    if _set_logo(company, logo=logo, remove=remove):
        Company.objects.filter(pk=company.pk).update(logo=company.logo.name or "")
        pages_changed()
        audit(
            company=company,
            actor=actor,
            action=AuditEntry.Action.PROFILE_CHANGED,
            subject=company.name,
            detail=str(Company._meta.get_field("logo").verbose_name),
        )


@transaction.atomic
def membership_grant(
    *, user: User, company: Company, role: str, actor: AnyUser | None = None
) -> Membership:
    """Make ``user`` a member of ``company``; an existing membership takes the new role."""
    membership, created = Membership.objects.get_or_create(
        user=user, company=company, defaults={"role": role}
    )
    if created:
        audit(
            company=company,
            actor=actor or user,
            action=AuditEntry.Action.MEMBER_ADDED,
            subject=str(user),
            detail=membership.get_role_display(),
        )
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        audit(
            company=company,
            actor=actor or user,
            action=AuditEntry.Action.ROLE_CHANGED,
            subject=str(user),
            detail=membership.get_role_display(),
        )
    forget_standing(user)
    return membership


@transaction.atomic
def company_invitation_create(
    *, company: Company, email: str, role: str, actor: User
) -> Invitation:
    """Invite someone to the company's staff (the invitation mail goes on commit), audited.

    The refusals of ``accounts`` (an open invitation to the same address) are about the
    address, so they come back as the company's errors beside its field.
    """
    try:
        invitation = invitation_create(
            email=email,
            kind=Invitation.Kind.COMPANY_STAFF,
            company=company,
            company_role=role,
            invited_by=actor,
        )
    except InvitationError as error:
        raise CompanyError(error.message, field="email", code=error.code) from error
    audit(
        company=company,
        actor=actor,
        action=AuditEntry.Action.INVITED,
        subject=invitation.email,
        detail=invitation.get_company_role_display(),
    )
    return invitation


def _other_owners(membership: Membership) -> bool:
    return (
        Membership.objects.filter(company_id=membership.company_id, role=Membership.Role.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: AnyUser) -> Membership:
    if role not in Membership.Role.values:
        raise CompanyError(_("Choose owner or editor."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.OWNER and not _other_owners(membership):
        raise CompanyError(
            _("%(name)s is the only owner: make someone else owner first.")
            % {"name": membership.user}
        )
    membership.role = role
    membership.save(update_fields=["role"])
    audit(
        company=membership.company,
        actor=actor,
        action=AuditEntry.Action.ROLE_CHANGED,
        subject=str(membership.user),
        detail=membership.get_role_display(),
    )
    return membership


@transaction.atomic
def membership_revoke(
    *, membership: Membership, actor: AnyUser | None = None, allow_last_owner: bool = True
) -> None:
    """Removing a member takes effect at once: roles are read from the database per request."""
    if (
        not allow_last_owner
        and membership.role == Membership.Role.OWNER
        and not _other_owners(membership)
    ):
        raise CompanyError(
            _("%(name)s is the only owner: make someone else owner first.")
            % {"name": membership.user}
        )
    company, user = membership.company, membership.user
    membership.delete()
    audit(
        company=company,
        actor=actor,
        action=AuditEntry.Action.MEMBER_REMOVED,
        subject=str(user),
    )


# --- Posts ------------------------------------------------------------------------------------


class PostError(ServiceError):
    """A post cannot be saved or published as asked; the message is for the user."""


def _set_tags(post: Post, names: list[str]) -> None:
    tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
    post.tags.set(tags)


def _enqueue_renditions(photo_ids: list[int]) -> None:
    from .tasks import make_photo_renditions

    # Until its task runs a photo is served from its master; with the broker down the post is
    # saved all the same, and make_missing_renditions (beat) queues what was missed.
    for photo_id in photo_ids:
        delay_on_commit_robust(make_photo_renditions, photo_id)


def _ensure_cover(post: Post) -> None:
    """The cover is one of the post's photos (the first, unless chosen); the photo count is
    kept on the post so that lists do not count photos per post."""
    ids = list(post.photos.order_by("order", "pk").values_list("pk", flat=True))
    if post.cover_id not in ids or post.photo_count != len(ids):
        if post.cover_id not in ids:
            post.cover_id = ids[0] if ids else None
        post.photo_count = len(ids)
        post.save(update_fields=["cover", "photo_count", "updated_at"])


def _renumber(post: Post, ordered_ids: list[int]) -> None:
    photos = {p.pk: p for p in post.photos.all()}
    for index, pk in enumerate(ordered_ids):
        photos[pk].order = index
    Photo.objects.bulk_update(photos.values(), ["order"])
    pages_changed()  # the post's photos in their new order (bulk_update sends no signal)


def photos_add(
    *, post: Post, masters: list[Master], captions: list[str] | None = None
) -> list[Photo]:
    """Store checked, re-encoded masters; renditions are made by a task once committed.

    The masters were made from the uploads before this is called, so a refused upload
    stores nothing at all.
    """
    existing = post.photos.count()
    if existing + len(masters) > Post.MAX_PHOTOS:
        raise PostError(
            _("A post holds at most %(max)d photos; this one has %(count)d already.")
            % {"max": Post.MAX_PHOTOS, "count": existing}
        )
    captions = captions or []
    photos = []
    for index, master in enumerate(masters):
        photo = Photo(
            post=post,
            order=existing + index,
            caption=captions[index] if index < len(captions) else "",
            width=master.width,
            height=master.height,
        )
        photo.master.save("photo.jpg", ContentFile(master.content), save=False)
        photo.save()
        photos.append(photo)
    if photos:
        _ensure_cover(post)
        _enqueue_renditions([p.pk for p in photos])
    return photos


def _check_publishable(post: Post) -> None:
    if not post.photos.exists():
        raise PostError(_("Add at least one photo before publishing."))


def _render_body(post: Post) -> None:
    post.body_html = render_markup(post.body, post.body_format)


@transaction.atomic
def post_create(
    *,
    company: Company,
    author: AnyUser,
    title: str = "",
    body: str = "",
    body_format: str = Post.BodyFormat.PLAIN,
    category: str = Post.Category.NEWSLETTER,
    tags: list[str] | None = None,
    masters: list[Master] | None = None,
    captions: list[str] | None = None,
    publish: bool = False,
    publish_at: datetime | None = None,
) -> Post:
    """A new post (a draft); with ``publish``, published (or scheduled for ``publish_at``) in
    the same transaction, so that a post that cannot be published is not kept either."""
    post = Post(
        company=company,
        author=author if isinstance(author, User) else None,  # a signed-in account
        title=title,
        body=body,
        body_format=body_format,
        category=category,
    )
    _render_body(post)
    post.save()
    _set_tags(post, tags or [])
    photos_add(post=post, masters=masters or [], captions=captions)
    audit(
        company=company,
        actor=author,
        action=AuditEntry.Action.POST_CREATED,
        subject=post.display_title,
        post=post,
    )
    if publish:
        post = post_publish(post=post, actor=author, publish_at=publish_at)
    return post


@transaction.atomic
def post_update(
    *,
    post: Post,
    actor: AnyUser,
    data: dict[str, Any],
    tags: list[str] | None = None,
    captions: dict[int, str] | None = None,
    cover_id: int | None = None,
    masters: list[Master] | None = None,
) -> Post:
    post = Post.objects.select_for_update().select_related("company").get(pk=post.pk)
    changed = [name for name, value in data.items() if getattr(post, name) != value]
    for name, value in data.items():
        setattr(post, name, value)
    _render_body(post)
    post.save()
    if tags is not None:
        before = sorted(post.tags.values_list("name", flat=True))
        _set_tags(post, tags)
        if sorted(tags) != before:
            changed.append("tags")
    photos = list(post.photos.all())
    if captions:
        edited = []
        for photo in photos:
            if photo.pk in captions and captions[photo.pk] != photo.caption:
                photo.caption = captions[photo.pk]
                edited.append(photo)
        Photo.objects.bulk_update(edited, ["caption"])
        pages_changed()  # the captions (bulk_update sends no signal)
        if edited:
            changed.append("captions")
    if cover_id and cover_id != post.cover_id and any(p.pk == cover_id for p in photos):
        post.cover_id = cover_id
        post.save(update_fields=["cover", "updated_at"])
        changed.append("cover")
    if masters:
        photos_add(post=post, masters=masters)
        changed.append("photos")
    if changed:
        audit(
            company=post.company,
            actor=actor,
            action=AuditEntry.Action.POST_CHANGED,
            subject=post.display_title,
            detail=", ".join(changed),
            post=post,
        )
    return post


@transaction.atomic
def photo_move(*, post: Post, photo_id: int, delta: int) -> None:
    ids = list(post.photos.order_by("order", "pk").values_list("pk", flat=True))
    if photo_id not in ids:
        return
    index = ids.index(photo_id)
    target = min(max(index + delta, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    _renumber(post, ids)


@transaction.atomic
def photos_reorder(*, post: Post, ordered_ids: list[int]) -> None:
    """A full order from the drag-and-drop list; unknown ids are ignored, missing ones kept."""
    current = list(post.photos.order_by("order", "pk").values_list("pk", flat=True))
    wanted = [pk for pk in dict.fromkeys(ordered_ids) if pk in current]
    wanted += [pk for pk in current if pk not in wanted]
    _renumber(post, wanted)


@transaction.atomic
def photo_remove(*, post: Post, photo_id: int, actor: AnyUser) -> None:
    photo = post.photos.filter(pk=photo_id).first()
    if photo is None:
        return
    if post.is_public() and post.photos.count() == 1:
        raise PostError(_("A published post keeps at least one photo."))
    names = [photo.master.name] + [
        photo.rendition_name(size, ext) for size in Photo.SIZES for ext in Photo.FORMATS
    ]
    storage = photo.master.storage
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    remaining = list(post.photos.order_by("order", "pk").values_list("pk", flat=True))
    _renumber(post, remaining)
    post.refresh_from_db(fields=["cover", "photo_count"])
    _ensure_cover(post)
    audit(
        company=post.company,
        actor=actor,
        action=AuditEntry.Action.POST_CHANGED,
        subject=post.display_title,
        detail="photo removed",
        post=post,
    )


def _refuse_if_moderated(post: Post) -> None:
    """A post city staff unpublished leaves that state only through city staff
    (:func:`post_reinstate`, or a review request they accept): publishing, scheduling or
    taking it back to draft (and then publishing) would undo the moderation."""
    if post.is_moderated:
        raise PostError(
            _(
                "The secretariat unpublished this post. It goes back online only when the "
                "secretariat accepts a review request: fix the post, then ask for a review on "
                "its page."
            )
        )


@transaction.atomic
def post_publish(*, post: Post, actor: AnyUser, publish_at: datetime | None = None) -> Post:
    """Publish now, or at ``publish_at``: the queryset rule shows it when the time comes."""
    post = Post.objects.select_for_update().select_related("company").get(pk=post.pk)
    _refuse_if_moderated(post)
    _check_publishable(post)
    now = timezone.now()
    when = publish_at or now
    scheduled = when > now
    post.status = Post.Status.SCHEDULED if scheduled else Post.Status.PUBLISHED
    post.publish_at = when
    post.save()
    audit(
        company=post.company,
        actor=actor,
        action=AuditEntry.Action.POST_SCHEDULED if scheduled else AuditEntry.Action.POST_PUBLISHED,
        subject=post.display_title,
        detail=timezone.localtime(when).strftime("%Y-%m-%d %H:%M"),
        post=post,
    )
    return post


@transaction.atomic
def post_withdraw(*, post: Post, actor: AnyUser) -> Post:
    """The company takes its own post back to draft."""
    post = Post.objects.select_for_update().select_related("company").get(pk=post.pk)
    _refuse_if_moderated(post)
    if post.status == Post.Status.DRAFT:
        return post
    post.status = Post.Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    audit(
        company=post.company,
        actor=actor,
        action=AuditEntry.Action.POST_WITHDRAWN,
        subject=post.display_title,
        post=post,
    )
    return post


@transaction.atomic
def post_unpublish(*, post: Post, actor: User, reason: str) -> Post:
    """City staff take a post off the site; the reason is shown to the company's staff."""
    reason = reason.strip()
    if not reason:
        raise PostError(_("Write the reason: the company's staff will read it."))
    post = Post.objects.select_for_update().select_related("company").get(pk=post.pk)
    post.status = Post.Status.UNPUBLISHED
    _set_moderation(post, actor=actor, reason=reason)
    post.save()
    audit(
        company=post.company,
        actor=actor,
        action=AuditEntry.Action.POST_UNPUBLISHED,
        subject=post.display_title,
        detail=reason,
        post=post,
    )
    return post


def _set_moderation(post: Post, *, actor: User | None = None, reason: str = "") -> None:
    """The reason the company reads, and no pending review request."""
    post.moderation_reason = reason
    post.moderated_by = actor
    post.moderated_at = timezone.now() if actor is not None else None
    post.review_requested_at = None
    post.review_requested_by = None
    post.review_message = ""


@transaction.atomic
def post_review_request(*, post: Post, actor: User, message: str) -> Post:
    """The company fixed its unpublished post and asks city staff to look at it again."""
    message = message.strip()
    if not message:
        raise PostError(_("Say what you changed, so that the secretariat can check it."))
    post = Post.objects.select_for_update().select_related("company").get(pk=post.pk)
    if not post.is_moderated:
        raise PostError(_("Only a post the secretariat unpublished can be reviewed again."))
    if post.review_pending:
        raise PostError(_("A review has been requested already; the secretariat will answer."))
    post.review_requested_at = timezone.now()
    post.review_requested_by = actor
    post.review_message = message
    post.save(update_fields=["review_requested_at", "review_requested_by", "review_message"])
    audit(
        company=post.company,
        actor=actor,
        action=AuditEntry.Action.REVIEW_REQUESTED,
        subject=post.display_title,
        detail=message,
        post=post,
    )
    return post


@transaction.atomic
def post_reinstate(*, post: Post, actor: User) -> Post:
    """City staff put an unpublished post back online, accepting the company's review request
    if there is one. A post whose time has not come is scheduled again."""
    post = Post.objects.select_for_update().select_related("company").get(pk=post.pk)
    if not post.is_moderated:
        raise PostError(_("This post is not unpublished by the secretariat."))
    _check_publishable(post)
    accepted = post.review_pending
    now = timezone.now()
    post.publish_at = post.publish_at or now
    post.status = Post.Status.SCHEDULED if post.publish_at > now else Post.Status.PUBLISHED
    _set_moderation(post)
    post.save()
    audit(
        company=post.company,
        actor=actor,
        action=(
            AuditEntry.Action.REVIEW_ACCEPTED if accepted else AuditEntry.Action.POST_REINSTATED
        ),
        subject=post.display_title,
        detail=timezone.localtime(post.publish_at).strftime("%Y-%m-%d %H:%M"),
        post=post,
    )
    return post


@transaction.atomic
def post_review_decline(*, post: Post, actor: User, reason: str) -> Post:
    """City staff keep the post off the site; their reason replaces the one the company read."""
    reason = reason.strip()
    if not reason:
        raise PostError(_("Write the reason: the company's staff will read it."))
    post = Post.objects.select_for_update().select_related("company").get(pk=post.pk)
    if not post.review_pending:
        raise PostError(_("No review has been requested for this post."))
    _set_moderation(post, actor=actor, reason=reason)
    post.save()
    audit(
        company=post.company,
        actor=actor,
        action=AuditEntry.Action.REVIEW_DECLINED,
        subject=post.display_title,
        detail=reason,
        post=post,
    )
    return post


@transaction.atomic
def post_delete(*, post: Post, actor: AnyUser) -> None:
    names = []
    for photo in post.photos.all():
        names.append(photo.master.name)
        names += [photo.rendition_name(s, e) for s in Photo.SIZES for e in Photo.FORMATS]
    storage = private_storage()
    audit(
        company=post.company,
        actor=actor,
        action=AuditEntry.Action.POST_DELETED,
        subject=post.display_title,
    )
    post.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
