"""Smart Navi pages run a fixed number of SQL queries, however many posts and photos."""

import pytest

from companies.models import Tag
from tests.companies.factories import CompanyFactory, PostFactory, add_photos

pytestmark = pytest.mark.django_db


def grow(company, posts=3, photos=3):
    made = []
    for _ in range(posts):
        post = PostFactory(company=company)
        add_photos(post, photos, renditions=False)
        post.tags.add(
            Tag.objects.get_or_create(name="溶接")[0], Tag.objects.get_or_create(name="研修")[0]
        )
        made.append(post)
    return made


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # the page of posts, and whether there is an older one (no count: core.paging)
        ("/companies/posts/", 1),
        ("/companies/posts/?category=newsletter&tag=溶接", 1),
        ("/companies/posts/?before=4102444800000000-1", 1),  # an older page, after a cursor
        # the companies the filter names, the page
        ("/companies/posts/?company={slug}", 2),
        ("/companies/posts/?company=綾瀬", 2),  # part of its name
        # company, latest posts, its open factory programmes
        ("/companies/{slug}/", 3),
        # company, count, page
        ("/companies/{slug}/posts/", 3),
        ("/companies/posts/feed/", 1),
        ("/companies/{slug}/posts/feed/", 2),
        # directory: count, page; with "posted recently" the same two ("exhibits at the open
        # factory": tests/openfactory/test_company_page.py)
        ("/companies/?posted_recently=on", 2),
    ],
)
def test_lists_do_not_grow_with_posts_or_photos(client, django_assert_num_queries, path, queries):
    company = CompanyFactory(name="綾瀬工業")
    url = path.format(slug=company.slug)
    grow(company, posts=2, photos=1)
    client.get(url)  # warm up: the current Site of the feeds is cached after one request
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(company, posts=15, photos=4)
    grow(CompanyFactory(), posts=10, photos=2)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_post_page_does_not_grow_with_photos_or_tags(client, django_assert_num_queries):
    company = CompanyFactory()
    post = grow(company, posts=1, photos=1)[0]
    grow(company, posts=2, photos=1)
    url = post.get_absolute_url()
    # company, post, its tags, its photos, more from the company
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    add_photos(post, 15, renditions=False)
    post.tags.add(*[Tag.objects.create(name=f"タグ{i}") for i in range(3)])
    grow(company, posts=6, photos=3)
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_the_edit_page_does_not_grow_with_photos(
    client, editor, company, django_assert_num_queries
):
    post = grow(company, posts=1, photos=1)[0]
    client.force_login(editor)
    url = f"/companies/{company.slug}/posts/{post.pk}/edit/"
    # session, user, memberships, company, post, its photos, its tags
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    add_photos(post, 12, renditions=False)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_the_rendition_view_costs_one_query(client, django_assert_num_queries):
    post = grow(CompanyFactory(), posts=1, photos=1)[0]
    photo = post.photos.get()
    with django_assert_num_queries(1):
        assert client.get(photo.rendition_url("card", "jpg")).status_code == 200
