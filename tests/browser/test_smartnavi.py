"""Smart Navi from a phone: a company's staff member posts three photos, reorders them,
chooses the cover and publishes; the post is on the timeline with its cover."""

import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from companies.models import Photo, Post
from tests.browser.conftest import log_in, open_menu
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLOURS = [("赤", (200, 40, 40)), ("緑", (40, 160, 60)), ("青", (40, 80, 200))]


def wait_until(condition, page, tries=50):
    """Poll from Python: the strict CSP forbids Playwright's string-evaluated wait_for_function."""
    for _ in range(tries):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("condition not met in time")


def make_photos(tmp_path):
    paths = []
    for index, (_name, colour) in enumerate(COLOURS, start=1):
        image = Image.new("RGB", (1600, 1200), colour)
        draw = ImageDraw.Draw(image)
        draw.rectangle((100, 100, 700, 500), fill=(255, 255, 255))
        draw.text((150, 150), f"PHOTO {index}", fill=(0, 0, 0))
        path = tmp_path / f"IMG_000{index}.jpg"
        image.save(path, "JPEG", quality=85)
        paths.append(str(path))
    return paths


def test_company_staff_post_three_photos_from_a_phone(
    live_server, phone_page, screenshot, editor, company, tmp_path
):
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, editor, PASSWORD)

    open_menu(page)
    page.get_by_role("link", name="自社ページ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("自社ページ")
    page.get_by_role("link", name="新しい記事").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新しい記事")

    page.locator("input[type=file]").set_input_files(make_photos(tmp_path))
    page.get_by_label("本文").fill(
        "工場見学の準備をしています。\n3つのラインを順番にご紹介します。"
    )
    page.get_by_label("カテゴリー").select_option(label="イベント")
    page.get_by_label("タグ").fill("オープンファクトリー 見学")
    screenshot(page, "1-new-post")
    page.get_by_role("button", name="下書き保存").click()

    # The upload went through XMLHttpRequest with a progress bar, then on to the editor.
    expect(page).to_have_url(re.compile(r"/posts/\d+/edit/$"))
    # The page the script went on to still says what happened (its one-time message).
    expect(
        page.get_by_text("下書きを保存しました。写真の順番を整えてから公開してください。")
    ).to_be_visible()
    items = page.locator(".photo-item")
    expect(items).to_have_count(3)
    post = Post.objects.get()
    first, second, third = list(post.photos.order_by("order"))
    assert post.status == "draft"
    screenshot(page, "2-draft")

    # Reorder: the first photo one place down, then the third one up.
    page.get_by_role("button", name="写真1を下へ").click()
    expect(page.locator(".photo-item").first).to_have_attribute("data-photo-id", str(second.pk))
    page.get_by_role("button", name="写真3を上へ").click()
    expect(page.locator(".photo-item")).to_have_count(3)
    order = [
        int(x)
        for x in page.locator(".photo-item").evaluate_all("els => els.map(e => e.dataset.photoId)")
    ]
    assert order == [second.pk, third.pk, first.pk]

    # The blue one (third upload) becomes the cover; a caption for it.
    page.locator(f"#caption-{third.pk}").fill("青いライン")
    page.locator(f"label[for=cover-{third.pk}]").click()
    screenshot(page, "3-ordered")
    page.get_by_role("button", name="公開する").click()

    expect(page).to_have_url(re.compile(rf"/companies/{company.slug}/posts/{post.pk}/(#.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("工場見学の準備をしています。")
    expect(page.get_by_text("記事を公開しました。")).to_be_visible()
    post.refresh_from_db()
    assert post.status == "published" and post.cover_id == third.pk
    assert all(p.renditions_at for p in Photo.objects.filter(post=post))
    # The gallery: swipe works by scroll-snap; the next button moves one photo on.
    gallery = page.locator("[data-gallery-track]")
    expect(gallery.locator("figure")).to_have_count(3)
    # A 390 px phone (2x) takes the 960 px rendition from the srcset, not the 1,920 px one.
    first = gallery.locator("img").first
    wait_until(lambda: first.evaluate("img => img.currentSrc") != "", page)
    assert "/card.webp" in first.evaluate("img => img.currentSrc")
    page.get_by_role("link", name="次の写真").click()
    expect(page.locator("[data-gallery-status]")).to_have_text("2 / 3")
    wait_until(lambda: gallery.evaluate("el => el.scrollLeft") > 100, page)
    # …and so do the arrow keys, on the focused gallery.
    gallery.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("[data-gallery-status]")).to_have_text("3 / 3")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "4-published")

    # The timeline, as a visitor sees it: the post with its cover photo, loaded.
    page.context.clear_cookies()
    page.goto(live_server.url + "/companies/posts/")
    card = page.locator(".post-card").filter(has_text="工場見学の準備をしています。")
    expect(card).to_have_count(1)
    cover = card.locator("img.post-cover")
    expect(cover).to_have_attribute("src", re.compile(rf"/companies/photos/{third.pk}/card\.jpg"))
    cover.scroll_into_view_if_needed()
    wait_until(lambda: cover.evaluate("img => img.complete && img.naturalWidth > 0"), page)
    assert cover.evaluate("img => img.currentSrc").find(f"/photos/{third.pk}/card.webp") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "5-timeline")

    # Found again by typing part of the company's name (a field, not a list of them all).
    page.get_by_label("会社名").fill(company.name[1:3])
    page.get_by_role("button", name="絞り込む").click()
    expect(
        page.locator(".post-card").filter(has_text="工場見学の準備をしています。")
    ).to_have_count(1)
    page.get_by_label("会社名").fill("該当する会社はありません")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.get_by_text("条件に合う記事はありません。")).to_be_visible()
    expect(page.get_by_label("会社名")).to_have_value("該当する会社はありません")
    page.goto(live_server.url + "/companies/posts/")

    # The company's page lists it among its latest posts.
    page.get_by_role("link", name=company.name).first.click()
    expect(page.get_by_role("heading", name="最新の記事")).to_be_visible()
    expect(page.locator(".post-card")).to_have_count(1)
    screenshot(page, "6-company")


def test_a_post_published_with_new_photos_says_so_on_its_page(
    live_server, phone_page, company, editor, tmp_path
):
    """The photos go up through the script with its progress bar; the post's page it leads
    to still shows 「記事を公開しました。」 (the script no longer fetches it once first)."""
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, editor, PASSWORD)
    page.goto(f"{live_server.url}/companies/{company.slug}/posts/new/")
    page.locator("input[type=file]").set_input_files(make_photos(tmp_path)[:1])
    page.get_by_label("本文").fill("新しい旋盤が入りました。")
    page.get_by_label("カテゴリー").select_option(label="社内報")
    page.get_by_role("button", name="公開する").click()
    expect(page).to_have_url(re.compile(rf"/companies/{company.slug}/posts/\d+/$"))
    expect(page.get_by_text("記事を公開しました。")).to_be_visible()
    page.reload()
    expect(page.get_by_text("記事を公開しました。")).to_have_count(0)  # once, as messages are


def test_city_staff_show_an_invitation_qr_code_on_a_visit(
    live_server, phone_page, screenshot, staff, company
):
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, staff, PASSWORD)
    page.goto(live_server.url + company.get_absolute_url())
    page.get_by_role("link", name="メンバー").click()
    page.get_by_label("招待する人のメールアドレス").fill("ｓａｔｏ@example.jp")
    page.get_by_label("企業での役割").select_option("owner")
    page.get_by_role("button", name="招待を送る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("sato@example.jp への招待")
    qr = page.get_by_role("img", name="招待リンクのQRコード")
    wait_until(lambda: qr.evaluate("img => img.complete && img.naturalWidth > 0"), page)
    expect(page.locator(".invitation-link")).to_contain_text("/accounts/invitation/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "qr")
