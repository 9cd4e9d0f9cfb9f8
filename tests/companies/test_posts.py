"""Posts: writing from a phone, publishing and scheduling, reading, feeds, permissions."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from companies.models import AuditEntry, Photo, Post
from companies.sitemaps import PostSitemap
from tests.companies import images
from tests.companies.factories import CompanyFactory, MembershipFactory, PostFactory, add_photos

pytestmark = pytest.mark.django_db


def edit(client, post, op="save", **data):
    payload = {
        "title": post.title,
        "body": post.body,
        "body_format": post.body_format,
        "category": post.category,
        "tags": "",
        "publish_at": "",
        "op": op,
        **data,
    }
    return client.post(f"/companies/{post.company.slug}/posts/{post.pk}/edit/", payload)


def test_an_editor_writes_publishes_and_the_post_is_everywhere(
    client, editor, company, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/companies/{company.slug}/posts/new/",
            {
                "title": "",
                "body": "新人研修を行いました\n溶接の基礎から。 https://example.jp/more",
                "body_format": "plain",
                "category": "newsletter",
                "tags": "新人研修、溶接 #安全",
                "publish_at": "",
                "photos": [images.photo_upload(f"p{i}.jpg") for i in range(3)],
                "op": "save",
            },
        )
    post = Post.objects.get()
    assert response.url == f"/companies/{company.slug}/posts/{post.pk}/edit/"
    assert post.status == "draft" and post.author == editor
    assert post.photos.count() == 3 and post.cover == post.photos.first()
    assert sorted(post.tags.values_list("name", flat=True)) == ["安全", "新人研修", "溶接"]
    assert post.display_title == "新人研修を行いました"
    # A draft is on no public page.
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = edit(client, post, op="publish", tags="溶接 安全 新人研修")
    assert response.url == post.get_absolute_url()
    post.refresh_from_db()
    assert post.status == "published" and post.publish_at <= timezone.now()
    client.logout()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "新人研修を行いました" in page
    assert 'href="https://example.jp/more" rel="nofollow noopener ugc"' in page
    assert 'property="og:image" content="http' in page
    assert post.cover.rendition_url("full", "jpg") in page.replace("&amp;", "&")
    assert 'name="twitter:card" content="summary_large_image"' in page
    assert post.get_absolute_url() in client.get("/companies/posts/").content.decode()
    assert post.get_absolute_url() in client.get(company.get_absolute_url()).content.decode()
    assert "新人研修を行いました" in client.get("/companies/posts/feed/").content.decode()
    feed = client.get(f"/companies/{company.slug}/posts/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "新人研修を行いました" in feed.content.decode()
    assert post in PostSitemap().items()
    actions = list(AuditEntry.objects.filter(post=post).values_list("action", flat=True))
    assert actions == ["post_published", "post_created"]


def test_publishing_needs_a_photo(client, editor, company):
    client.force_login(editor)
    response = client.post(
        f"/companies/{company.slug}/posts/new/",
        {"body": "写真なし", "body_format": "plain", "category": "event", "op": "publish"},
    )
    assert response.status_code == 400
    assert "写真を1枚以上" in response.content.decode()
    assert not Post.objects.exists()


def test_reorder_with_buttons_choose_cover_and_captions(client, editor, company):
    post = PostFactory(company=company, status="draft", publish_at=None)
    first, second, third = add_photos(post, 3)
    client.force_login(editor)
    response = edit(
        client,
        post,
        op=f"down-{first.pk}",
        cover=str(third.pk),
        **{f"caption-{second.pk}": "  ＮＣ旋盤  "},
    )
    assert response.url.endswith(f"#photo-{first.pk}")
    assert list(post.photos.values_list("pk", flat=True)) == [second.pk, first.pk, third.pk]
    post.refresh_from_db()
    assert post.cover_id == third.pk
    assert Photo.objects.get(pk=second.pk).caption == "NC旋盤"
    edit(client, post, op=f"up-{third.pk}")
    assert list(post.photos.values_list("pk", flat=True)) == [second.pk, third.pk, first.pk]
    edit(client, post, op=f"remove-{third.pk}")
    post.refresh_from_db()
    assert list(post.photos.values_list("pk", flat=True)) == [second.pk, first.pk]
    assert post.cover_id == second.pk  # the removed cover is replaced by the first photo
    page = client.get(f"/companies/{company.slug}/posts/{post.pk}/edit/").content.decode()
    assert page.index(f'id="photo-{second.pk}"') < page.index(f'id="photo-{first.pk}"')


def test_scheduled_posts_appear_when_their_time_comes_without_a_task(client, editor, company):
    post = PostFactory(company=company, status="draft", publish_at=None)
    add_photos(post, 1)
    client.force_login(editor)
    later = timezone.localtime() + timedelta(days=2)
    response = edit(client, post, op="publish", publish_at=later.strftime("%Y-%m-%dT%H:%M"))
    post.refresh_from_db()
    assert post.status == "scheduled"
    # The editor is told it is scheduled, and for when.
    page = client.get(response.url).content.decode()
    assert "この記事はサイトに公開されていません(公開予約)" in page
    from japanese.moments import local_datetime

    when = local_datetime(later.replace(second=0, microsecond=0))
    assert f"{when}に公開されます。" in page and "月" in when
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404
    assert post.get_absolute_url() not in client.get("/companies/posts/").content.decode()
    assert post.display_title not in client.get("/companies/posts/feed/").content.decode()
    assert post not in PostSitemap().items()
    photo = post.photos.get()
    assert client.get(photo.rendition_url("card", "jpg")).status_code == 404
    # Time passes: the rule shows the post, nothing had to run.
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert client.get(post.get_absolute_url()).status_code == 200
    assert post.get_absolute_url() in client.get("/companies/posts/").content.decode()
    assert client.get(photo.rendition_url("card", "jpg")).status_code == 200


@pytest.mark.parametrize("status", ["draft", "scheduled", "unpublished"])
@pytest.mark.parametrize("role", ["anonymous", "visitor", "member", "other_editor"])
def test_unpublished_posts_are_invisible_to_everyone_else_everywhere(
    client, client_for_role, role, status, company
):
    publish_at = timezone.now() + timedelta(days=1) if status == "scheduled" else None
    post = PostFactory(company=company, status=status, publish_at=publish_at, title="秘密の新製品")
    photo = add_photos(post, 1)[0]
    if role == "other_editor":
        user = MembershipFactory(company=CompanyFactory(), role="owner").user
        client.force_login(user)
    else:
        client = client_for_role(role)
    for url in (
        post.get_absolute_url(),
        f"/companies/{company.slug}/posts/{post.pk}/edit/",
        photo.rendition_url("full", "jpg"),
        photo.rendition_url("thumb", "webp"),
    ):
        assert client.get(url).status_code in (302, 404), url
    for url in (
        "/companies/posts/",
        f"/companies/posts/?company={company.slug}",
        company.get_absolute_url(),
        f"/companies/{company.slug}/posts/",
        "/companies/posts/feed/",
        f"/companies/{company.slug}/posts/feed/",
    ):
        assert "秘密の新製品" not in client.get(url).content.decode(), url
    assert post not in PostSitemap().items()


@pytest.mark.parametrize("role", ["editor", "owner", "staff"])
def test_the_companys_staff_and_city_staff_preview_drafts(client_for_role, role, company):
    post = PostFactory(company=company, status="draft", publish_at=None, title="下書きの記事")
    photo = add_photos(post, 1)[0]
    client = client_for_role(role)
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert "プレビュー" in page.content.decode()
    assert 'name="robots" content="noindex"' in page.content.decode()
    image = client.get(photo.rendition_url("card", "jpg"))
    assert image.status_code == 200 and "no-store" in image["Cache-Control"]
    assert "下書きの記事" in client.get(f"/companies/{company.slug}/posts/manage/").content.decode()


def test_an_editor_of_a_cannot_touch_bs_posts(client, editor):
    other = CompanyFactory()
    draft = PostFactory(company=other, status="draft", publish_at=None, title="B社の下書き")
    published = PostFactory(company=other, title="B社の記事")
    add_photos(published, 1)
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/companies/{other.slug}/posts/manage/").status_code == 404
    assert client.get(f"/companies/{other.slug}/posts/new/").status_code == 404
    for post in (draft, published):
        assert edit(client, post, op="publish", title="乗っ取り").status_code == 404
        assert client.post(f"/companies/{other.slug}/posts/{post.pk}/delete/").status_code == 404
        assert (
            client.post(
                f"/companies/{other.slug}/posts/{post.pk}/unpublish/", {"reason": "x"}
            ).status_code
            == 404
        )
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == "draft" and draft.title == "B社の下書き"
    assert published.status == "published" and published.title == "B社の記事"
    # Their own company's URL with B's post id does not reach it either.
    from companies.models import Membership

    mine = Membership.objects.get(user=editor).company
    assert client.get(f"/companies/{mine.slug}/posts/{draft.pk}/edit/").status_code == 404
    assert client.get(f"/companies/{mine.slug}/posts/{published.pk}/").status_code == 404


def test_an_editor_deletes_their_draft_and_its_files(client, editor, company):
    post = PostFactory(company=company, status="draft", publish_at=None)
    photo = add_photos(post, 1)[0]
    storage = photo.master.storage
    name = photo.rendition_name("card", "jpg")
    assert storage.exists(name)
    client.force_login(editor)
    from django.test.utils import CaptureQueriesContext  # noqa: F401

    response = client.post(f"/companies/{company.slug}/posts/{post.pk}/delete/")
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_unlisted_companies_posts_are_not_public(client, company):
    post = PostFactory(company=company)
    add_photos(post, 1)
    company.is_listed = False
    company.save()
    assert client.get(post.get_absolute_url()).status_code == 404
    assert post.get_absolute_url() not in client.get("/companies/posts/").content.decode()


def test_timeline_filters_by_company_category_and_tag(client):
    from companies.models import Tag

    a, b = CompanyFactory(name="甲工業"), CompanyFactory(name="乙製作所")
    pa = PostFactory(company=a, title="甲の製品", category="product")
    pb = PostFactory(company=b, title="乙の採用", category="recruiting")
    pa.tags.add(Tag.objects.create(name="溶接"))
    for post in (pa, pb):
        add_photos(post, 1, renditions=False)
    body = client.get(f"/companies/posts/?company={a.slug}").content.decode()
    assert "甲の製品" in body and "乙の採用" not in body
    body = client.get("/companies/posts/?category=recruiting").content.decode()
    assert "乙の採用" in body and "甲の製品" not in body
    body = client.get("/companies/posts/?tag=溶接").content.decode()
    assert "甲の製品" in body and "乙の採用" not in body
    assert client.get("/companies/posts/?company=nope&category=<x>&page=zz").status_code == 200


def test_the_timeline_pages_through_older_posts_each_once_with_its_filter(client):
    """Older pages follow a cursor (core.paging): every post once, newest first, posts of
    the same minute included, and the company filter kept from page to page."""
    import html
    import re

    a, b = CompanyFactory(name="甲工業"), CompanyFactory(name="乙製作所")
    moment = timezone.now() - timedelta(days=1)
    for n in range(45):
        # Three posts to a minute: the cursor's key tells those of one moment apart.
        PostFactory(
            company=a, title=f"甲の記事{n:02d}", publish_at=moment + timedelta(minutes=n // 3)
        )
    PostFactory(company=b, title="乙の記事")
    seen, url = [], f"/companies/posts/?company={a.slug}"
    while url:
        body = client.get(url).content.decode()
        seen += re.findall(r"甲の記事\d\d", body)
        assert "乙の記事" not in body
        assert ("最新の記事に戻る" in body) == (len(seen) > 20)
        older = re.search(r'href="([^"]+)" rel="next">過去の記事', body)
        url = "/companies/posts/" + html.unescape(older[1]) if older else None
        assert url is None or f"company={a.slug}" in url
    expected = [f"甲の記事{n:02d}" for n in range(45)]
    assert seen == sorted(expected, key=lambda t: (int(t[-2:]) // 3, t[-2:]), reverse=True)
    assert len(seen) == len(set(seen)) == 45


def test_no_cursor_brings_a_draft_or_a_post_not_yet_due_onto_the_timeline(client):
    """A cursor is the visitor's to write: one far in the future, or the very moment of a
    scheduled post, still reads only what the public may see."""
    import re

    company = CompanyFactory(name="甲工業")
    PostFactory(company=company, title="公開の記事")
    PostFactory(company=company, title="下書きの記事", status=Post.Status.DRAFT)
    later = PostFactory(
        company=company,
        title="予約の記事",
        status=Post.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=3),
    )
    from core.paging import cursor_of

    for cursor in ("4102444800000000-999999", cursor_of(later.publish_at, later.pk + 1)):
        body = client.get("/companies/posts/", {"before": cursor}).content.decode()
        assert re.findall(r"(公開|下書き|予約)の記事", body) == ["公開"], cursor


def test_the_timeline_finds_a_company_by_part_of_its_name_or_reading(client):
    """A name field, not a list of every company (30 KB at 540 companies): part of the name,
    or of the reading in hiragana or katakana, whichever way staff typed it."""
    a = CompanyFactory(name="綾瀬精密工業", name_kana="あやせせいみつこうぎょう")
    b = CompanyFactory(name="早川プレス", name_kana="ハヤカワプレス")
    c = CompanyFactory(name="綾瀬金型", name_kana="アヤセカナガタ")
    for company in (a, b, c):
        add_photos(PostFactory(company=company, title=f"{company.name}の記事"), 1, renditions=False)

    def titles(query: str) -> set[str]:
        body = client.get("/companies/posts/", {"company": query}).content.decode()
        return {f"{x.name}の記事" for x in (a, b, c) if f"{x.name}の記事" in body}

    assert titles("精密") == {"綾瀬精密工業の記事"}
    assert titles("綾瀬") == {"綾瀬精密工業の記事", "綾瀬金型の記事"}
    assert titles("はやかわ") == {"早川プレスの記事"}  # katakana reading, typed in hiragana
    assert titles("セイミツ") == {"綾瀬精密工業の記事"}  # and the other way round
    assert titles("ｱﾔｾ") == {"綾瀬精密工業の記事", "綾瀬金型の記事"}  # half-width, normalised
    body = client.get("/companies/posts/", {"company": "存在しない会社"}).content.decode()
    assert "条件に合う記事はありません。" in body
    assert 'value="存在しない会社"' in body  # what was typed stays in the field


def test_a_link_to_a_companys_posts_shows_its_name_in_the_field(client):
    a = CompanyFactory(name="甲工業", slug="kou")
    other = CompanyFactory(name="甲工業kou支店")  # its name contains the slug: not shown
    PostFactory(company=a, title="甲の製品")
    PostFactory(company=other, title="支店の製品")
    body = client.get("/companies/posts/?company=kou").content.decode()
    assert "甲の製品" in body and "支店の製品" not in body
    assert 'id="f-company" name="company" value="甲工業"' in body


def test_an_unlisted_company_is_not_found_by_its_name(client):
    hidden = CompanyFactory(name="非公開工業", is_listed=False)
    PostFactory(company=hidden, title="非公開の記事")
    body = client.get("/companies/posts/", {"company": "非公開"}).content.decode()
    assert "非公開の記事" not in body


# --- Rendering safety ---------------------------------------------------------------------


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.js_links = [], [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "data:text", "vbscript:")
            ):
                self.js_links.append((tag, value))
        if tag == "script":
            self.scripts.append(dict(attrs).get("src", "INLINE"))


EVIL = """<script>alert('x')</script>
[click](javascript:alert(1)) <a href="javascript:alert(2)" onclick="alert(3)">a</a>
<img src=x onerror=alert(4)> <svg onload=alert(5)></svg>
<iframe src="https://evil.example"></iframe> [ok](https://example.jp/ok)
see https://example.jp/plain for more
**太字** <b onmouseover=alert(6)>b</b> jAvAsCrIpT:alert(7)"""


@pytest.mark.parametrize("fmt", ["plain", "markdown"])
def test_script_links_and_handlers_never_reach_the_page(client, editor, company, fmt):
    post = PostFactory(company=company, status="draft", publish_at=None, title="<script>t</script>")
    add_photos(post, 1, renditions=False)
    client.force_login(editor)
    edit(client, post, op="publish", body=EVIL, body_format=fmt, title="<b onclick=x>題</b>")
    client.logout()
    for url in (post.get_absolute_url(), "/companies/posts/", company.get_absolute_url()):
        page = client.get(url).content.decode()
        inspector = Inspector()
        inspector.feed(page)
        assert inspector.handlers == [], url
        assert inspector.js_links == [], url
        assert all(src.startswith("/static/") for src in inspector.scripts), inspector.scripts
        assert "<iframe" not in page
    page = client.get(post.get_absolute_url()).content.decode()
    if fmt == "markdown":
        assert "<strong>太字</strong>" in page
        assert 'href="https://example.jp/ok"' in page
    else:
        assert 'href="https://example.jp/plain"' in page
    # The feed carries the same sanitised HTML (escaped inside the XML).
    from xml.etree import ElementTree

    # Our own feed, generated by the test: trusted input.
    feed = ElementTree.fromstring(client.get("/companies/posts/feed/").content)  # noqa: S314
    summaries = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}summary")]
    assert summaries
    for html in summaries:
        inspector = Inspector()
        inspector.feed(html)
        assert inspector.handlers == [] and inspector.js_links == [] and inspector.scripts == []


def test_renditions_are_made_after_commit_and_a_second_run_changes_nothing(
    editor, company, django_capture_on_commit_callbacks
):
    import os

    from companies.services import photo_renditions_make, post_create
    from images.photos import Master

    master = Master(content=images.jpeg_bytes(), width=640, height=480, name="a.jpg")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = post_create(company=company, author=editor, masters=[master])
    photo = post.photos.get()
    assert photo.renditions_at is None and len(callbacks) == 1  # enqueued on commit only
    callbacks[0]()
    photo.refresh_from_db()
    assert photo.renditions_at is not None
    storage = photo.master.storage
    folder = os.path.dirname(storage.path(photo.rendition_name("card", "jpg")))
    before = sorted(os.listdir(folder))
    assert photo_renditions_make(photo_id=photo.pk) is True
    assert (
        sorted(os.listdir(folder))
        == before
        == sorted(f"{size}.{ext}" for size in Photo.SIZES for ext in Photo.FORMATS)
    )
    # The photo deleted before its task ran: the task does nothing.
    assert photo_renditions_make(photo_id=10**9) is False


def test_bad_input_is_a_message_not_a_500(client, editor, company):
    post = PostFactory(company=company, status="draft", publish_at=None)
    add_photos(post, 1, renditions=False)
    client.force_login(editor)
    response = edit(client, post, op="publish", publish_at="明日の朝", category="nope")
    assert response.status_code == 400
    body = response.content.decode()
    assert "日時を正しく入力してください。" in body and "nope は候補にありません" in body
    assert client.get(f"/companies/photos/{post.cover_id}/huge.jpg").status_code == 404
    assert client.get(f"/companies/photos/{post.cover_id}/card.svg").status_code == 404
    assert edit(client, post, op="down-notanumber").status_code == 302
    assert edit(client, post, op="remove-99999").status_code == 302
    post.refresh_from_db()
    assert post.status == "draft" and post.photos.count() == 1


def test_the_company_takes_a_post_back_to_draft(client, editor, company):
    post = PostFactory(company=company, title="取り下げる記事")
    add_photos(post, 1, renditions=False)
    client.force_login(editor)
    edit(client, post, op="withdraw")
    post.refresh_from_db()
    assert post.status == "draft"
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404
    assert AuditEntry.objects.filter(post=post, action="post_withdrawn").exists()


def test_the_committee_posts_like_a_company(client, staff):
    from django.core.management import call_command

    from companies.models import Company

    call_command("load_demo")
    committee = Company.objects.get(is_committee=True)
    client.force_login(staff)
    response = client.post(
        f"/companies/{committee.slug}/posts/new/",
        {
            "body": "第5回定例会を開催しました",
            "body_format": "plain",
            "category": "event",
            "photos": [images.photo_upload()],
            "op": "publish",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert "第5回定例会を開催しました" in client.get("/companies/posts/").content.decode()


def test_a_script_posting_the_form_is_told_where_to_go_instead_of_being_redirected(
    client, editor, company
):
    """The upload script must not follow the redirect (it would read the one-time message):
    with X-Script-Navigates the view answers {"redirect": url}, and the message waits."""
    client.force_login(editor)
    response = client.post(
        f"/companies/{company.slug}/posts/new/",
        {"body": "本文", "body_format": "plain", "category": "event", "op": "save"},
        headers={"X-Script-Navigates": "1"},
    )
    assert response.status_code == 200
    target = response.json()["redirect"]
    assert target.endswith("/edit/")
    page = client.get(target).content.decode()
    assert "下書きを保存しました。" in page
