"""Renditions made by a real Celery worker after the upload's transaction commits."""

import time

import pytest

from companies.models import Photo, Post
from companies.services import post_create
from images.photos import Master
from tests.companies.images import jpeg_bytes
from tests.site.test_celery_worker import celery_worker_app  # noqa: F401 (fixture)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_renditions_are_made_by_a_worker(celery_worker_app, editor, company):  # noqa: F811
    master = Master(content=jpeg_bytes(gps=True), width=640, height=480, name="a.jpg")
    post = post_create(company=company, author=editor, masters=[master])
    photo = Post.objects.get(pk=post.pk).photos.get()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not Photo.objects.get(pk=photo.pk).renditions_at:
        time.sleep(0.1)
    photo.refresh_from_db()
    assert photo.renditions_at is not None
    storage = photo.master.storage
    for size in Photo.SIZES:
        for ext in Photo.FORMATS:
            assert storage.exists(photo.rendition_name(size, ext))
