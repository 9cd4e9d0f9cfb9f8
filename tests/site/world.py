"""One realistic portal for the site-wide suites: two companies, the committee, an open factory
edition, and one signed-in user per role.

The write matrix and the hostile-input suite make hundreds of requests against the same data.
The world is built once per test module inside a transaction of its own (each test then runs in
a savepoint of it, which pytest-django rolls back), so every test starts from the same rows and
the whole world is gone after the module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.roles import CITY_STAFF_GROUP, COMMITTEE_GROUP, sync_role_groups

PASSWORD = "correct-horse-battery-staple"

# The columns of every table of the matrix, in this order.
ROLES = (
    "anonymous",
    "visitor",
    "editor_a",
    "owner_a",
    "owner_b",
    "member",
    "staff",
    "superuser",
)


@dataclass
class World:
    """The rows every case works on; attributes are model instances (read them, do not keep
    changes in them: each test's changes are rolled back, the instances are not)."""

    users: dict[str, User] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)
    # The fields of form pages as the superuser sees them in the world's own state, by path
    # (tests/site/matrix.py, payload): read once instead of once per role and example.
    form_pages: dict[str, dict] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self):
        return "World()"

    def client(self, role: str) -> Client:
        """A fresh client signed in as the role (its session was made with the world)."""
        client = Client()
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


def make_role_user(role: str, **fields) -> User:
    """A user of one of the matrix's roles; every role user is made here (and only here).

    Staff and superusers get an authenticator app from the factory, as every staff account
    must have; their sessions prove it (``_signed_in_session``).
    """
    from tests.accounts.factories import UserFactory

    return UserFactory(email=f"{role.replace('_', '-')}@example.jp", password=PASSWORD, **fields)


def _signed_in_session(user: User) -> str:
    from tests.conftest import PortalClient

    client = PortalClient()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def build_world() -> World:
    from tests.accounts.factories import InvitationFactory, UserFactory
    from tests.companies.factories import (
        CompanyFactory,
        MembershipFactory,
        PostFactory,
        add_photos,
    )
    from tests.meetings.factories import (
        ActionItemFactory,
        ActivityFactory,
        AgendaItemFactory,
        AttendanceFactory,
        CalendarTokenFactory,
        MeetingFactory,
        MemberFactory,
    )
    from tests.openfactory.factories import (
        AreaDayFactory,
        AreaFactory,
        EditionFactory,
        ExhibitorFactory,
        ProgrammeFactory,
        ReservationFactory,
        SlotFactory,
    )

    sync_role_groups()
    w = World()
    o = w.objects

    # --- People -----------------------------------------------------------------------------
    o["company_a"] = CompanyFactory(name="綾瀬精密工業", slug="ayase-seimitsu")
    o["company_b"] = CompanyFactory(name="早川金属", slug="hayakawa-kinzoku")
    o["company_c"] = CompanyFactory(name="小園工業", slug="kozono-kogyo")  # nothing of its own
    staff_group = Group.objects.get(name=CITY_STAFF_GROUP)
    committee_group = Group.objects.get(name=COMMITTEE_GROUP)

    w.users["visitor"] = make_role_user("visitor")
    w.users["editor_a"] = make_role_user("editor_a")
    w.users["owner_a"] = make_role_user("owner_a")
    w.users["owner_b"] = make_role_user("owner_b")
    w.users["member"] = make_role_user("member")
    w.users["staff"] = make_role_user("staff", is_staff=True)
    w.users["superuser"] = make_role_user("superuser", is_staff=True, is_superuser=True)
    w.users["member"].groups.add(committee_group)
    w.users["staff"].groups.add(staff_group)
    o["membership_editor_a"] = MembershipFactory(
        user=w.users["editor_a"], company=o["company_a"], role="editor"
    )
    MembershipFactory(user=w.users["owner_a"], company=o["company_a"], role="owner")
    MembershipFactory(user=w.users["owner_b"], company=o["company_b"], role="owner")
    # Accounts that are targets, not actors: another city staff user, another superuser.
    o["other_staff"] = UserFactory(email="other-staff@example.jp", is_staff=True)
    o["other_staff"].groups.add(staff_group)
    o["other_superuser"] = UserFactory(
        email="other-superuser@example.jp", is_staff=True, is_superuser=True
    )
    o["plain_user"] = UserFactory(email="plain@example.jp")
    from allauth.account.models import EmailAddress

    o["unverified_address"] = EmailAddress.objects.create(
        user=o["plain_user"], email="plain-second@example.jp", verified=False
    )
    o["superuser_address"] = EmailAddress.objects.get(user=o["other_superuser"])
    o["plain_address"] = EmailAddress.objects.get(user=o["plain_user"], primary=True)
    o["spare_group"] = Group.objects.create(name="spare")

    # --- Companies and posts ----------------------------------------------------------------
    o["post_a"] = PostFactory(company=o["company_a"], author=w.users["editor_a"])
    add_photos(o["post_a"], 1)
    o["photo_a"] = o["post_a"].photos.get()
    o["post_b"] = PostFactory(company=o["company_b"], author=w.users["owner_b"])
    o["post_a_unpublished"] = PostFactory(company=o["company_a"], title="取り下げられた記事")
    from companies.services import post_unpublish

    add_photos(o["post_a_unpublished"], 1, renditions=False)
    post_unpublish(
        post=o["post_a_unpublished"], actor=w.users["staff"], reason="個人情報が写っています"
    )
    o["post_a_unpublished"].refresh_from_db()
    # Another unpublished post, whose company has asked city staff to look again.
    from companies.services import post_review_request

    o["post_a_review_pending"] = PostFactory(company=o["company_a"], title="再確認を待つ記事")
    add_photos(o["post_a_review_pending"], 1, renditions=False)
    post_unpublish(
        post=o["post_a_review_pending"], actor=w.users["staff"], reason="連絡先が写っています"
    )
    post_review_request(
        post=o["post_a_review_pending"], actor=w.users["editor_a"], message="写真を外しました"
    )
    o["post_a_review_pending"].refresh_from_db()
    # The second factor of a staff account: what a superuser resets when a phone is lost.
    from accounts.models import SecondFactor

    o["second_factor"] = SecondFactor.objects.filter(user=w.users["staff"]).first()
    o["tag"] = o["post_a"].tags.create(name="旋盤")
    from companies.models import AuditEntry, PostingReminder

    o["audit_entry"] = AuditEntry.objects.filter(company=o["company_a"]).first()
    o["posting_reminder"] = PostingReminder.objects.create(
        company=o["company_a"], month=timezone.localdate().replace(day=1)
    )
    o["invitation"] = InvitationFactory(
        email="new-editor@example.jp",
        kind=Invitation.Kind.COMPANY_STAFF,
        company=o["company_a"],
        company_role="editor",
        invited_by=w.users["staff"],
    )

    # --- The committee ----------------------------------------------------------------------
    from meetings.models import Attachment, Committee, Visibility

    o["committee"] = Committee.objects.create(name="綾瀬イノベーション推進委員会")
    o["member_record"] = MemberFactory(
        user=w.users["member"], name="委員 一郎", email=w.users["member"].email
    )
    o["other_member_record"] = MemberFactory(name="委員 二郎")
    o["meeting"] = MeetingFactory(title="第1回 定例会", visibility=Visibility.PUBLIC)
    o["agenda_item"] = AgendaItemFactory(meeting=o["meeting"], title="オープンファクトリー")
    o["attendance"] = AttendanceFactory(meeting=o["meeting"], member=o["other_member_record"])
    o["action_item"] = ActionItemFactory(meeting=o["meeting"], text="案内状を送る")
    o["activity"] = ActivityFactory(
        title="三条市視察", start_date=timezone.localdate() + dt.timedelta(days=20)
    )
    o["calendar_token"] = CalendarTokenFactory(member=o["other_member_record"])
    o["attachment"] = Attachment.objects.create(
        meeting=o["meeting"],
        title="資料",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="shiryou.pdf"),
        content_type="application/pdf",
    )

    # --- The open factory -------------------------------------------------------------------
    o["edition"] = EditionFactory(year=2031, number=5)
    o["area"] = AreaFactory(name="吉岡", slug="yoshioka")
    o["area_day"] = AreaDayFactory(edition=o["edition"], area=o["area"])
    o["exhibitor_a"] = ExhibitorFactory(area_day=o["area_day"], company=o["company_a"])
    o["exhibitor_b"] = ExhibitorFactory(area_day=o["area_day"], company=o["company_b"])
    o["programme_a"] = ProgrammeFactory(exhibitor=o["exhibitor_a"], title="精密切削の工場見学")
    o["slot_a"] = SlotFactory(programme=o["programme_a"], seats=10)
    o["reservation_a"] = ReservationFactory(slot=o["slot_a"], email="hanako@example.jp")
    o["reservation_attended"] = ReservationFactory(
        slot=o["slot_a"], status="attended", checked_in_at=timezone.now()
    )
    # Nothing holds these: their owners may delete them.
    o["programme_a_free"] = ProgrammeFactory(exhibitor=o["exhibitor_a"], title="旋盤体験")
    o["slot_a_free"] = SlotFactory(programme=o["programme_a_free"], seats=5)
    o["programme_b"] = ProgrammeFactory(exhibitor=o["exhibitor_b"], title="金属加工体験")
    o["slot_b"] = SlotFactory(programme=o["programme_b"])
    o["reservation_b"] = ReservationFactory(slot=o["slot_b"], email="taro@example.jp")
    # Yesterday's area day: its slot has started, so no-shows can be marked.
    o["past_area_day"] = AreaDayFactory(
        edition=o["edition"],
        area=AreaFactory(name="綾瀬工業団地", slug="kogyo-danchi"),
        date=timezone.localdate() - dt.timedelta(days=1),
    )
    o["past_exhibitor_a"] = ExhibitorFactory(area_day=o["past_area_day"], company=o["company_a"])
    o["past_slot_a"] = SlotFactory(
        programme=ProgrammeFactory(exhibitor=o["past_exhibitor_a"], title="昨日の見学")
    )
    o["past_reservation_a"] = ReservationFactory(slot=o["past_slot_a"])
    # Rows nothing depends on, for city staff to delete in the admin.
    o["spare_edition"] = EditionFactory(year=2040, number=14, is_published=False)
    o["spare_area"] = AreaFactory(name="上土棚", slug="kamitsuchidana")
    o["unused_area"] = AreaFactory(name="与蔵山下", slug="yozoyamashita")
    o["spare_area_day"] = AreaDayFactory(
        edition=o["edition"],
        area=o["spare_area"],
        date=timezone.localdate() + dt.timedelta(days=11),
    )
    o["spare_exhibitor"] = ExhibitorFactory(area_day=o["spare_area_day"], company=o["company_b"])
    from django.contrib.sites.models import Site

    o["site"] = Site.objects.get_current()
    from openfactory.models import ReceptionCount, ReservationMail
    from openfactory.services import announcement_create

    o["reception_count"] = ReceptionCount.objects.create(
        programme=o["programme_a"], date=o["area_day"].date, walk_ins=2
    )
    o["reservation_mail"] = ReservationMail.objects.create(
        reservation=o["reservation_a"], kind="confirmed", sent_at=timezone.now()
    )
    o["announcement"] = announcement_create(
        area_day=o["area_day"], subject="雨天のご案内", body="雨でも開催します。"
    )
    from tests.openfactory.survey_factories import add_survey_world

    add_survey_world(o)
    from tests.openfactory.route_factories import add_route_world

    add_route_world(o)
    from tests.openfactory.pass_factories import add_pass_world

    add_pass_world(o)
    from tests.openfactory.draw_factories import add_draw_world

    add_draw_world(o)
    from tests.openfactory.recruitment_factories import add_recruitment_world

    add_recruitment_world(o)
    from tests.talent.people_factories import add_people_world

    add_people_world(o)
    from tests.talent.factories import add_talent_world

    add_talent_world(o, w.users)

    for role, user in w.users.items():
        w.sessions[role] = _signed_in_session(user)
    return w


@contextlib.contextmanager
def world_in_transaction(django_db_blocker):
    """Build the world in a transaction that is rolled back when the block ends."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
