from datetime import timedelta

import factory
from django.utils import timezone

from companies.models import Company, Membership, Post
from tests.accounts.factories import UserFactory


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"綾瀬製作所{n}")
    name_kana = factory.Sequence(lambda n: f"あやせせいさくしょ{n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    summary = "精密板金加工"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.EDITOR


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"工場だより{n}")
    body = "新しい機械が入りました。"
    body_html = "<p>新しい機械が入りました。</p>"
    category = Post.Category.NEWSLETTER
    status = Post.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


def add_photos(post, count=1, *, renditions=True):
    """Photos with real files in private storage (the master, and renditions if asked)."""
    from companies.services import photo_renditions_make, photos_add
    from images.photos import Master
    from tests.companies.images import jpeg_bytes

    content = jpeg_bytes(size=(400, 300))
    masters = [Master(content=content, width=400, height=300, name="p.jpg")] * count
    photos = photos_add(post=post, masters=masters)
    if renditions:
        for photo in photos:
            photo_renditions_make(photo_id=photo.pk)
    post.refresh_from_db()
    return photos
