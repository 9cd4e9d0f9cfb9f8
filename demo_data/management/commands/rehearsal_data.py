"""The data of ``make rehearsal`` (deploy/rehearsal), and what it finds stored afterwards.

``rehearsal_data setup --password P --totp-secret S`` makes, in an empty database, a
workshop slot of 20 seats opening to the public, three visitors holding seats tomorrow (for
the reminders job), a company with a public logo, a members-only meeting with a private
attachment and a city staff account with an authenticator app, and prints what the
rehearsal needs to find them as JSON. ``rehearsal_data state --slot ID`` prints the slot's
reservations by status and the mails recorded as sent. Everything is marked as rehearsal
data; never run it on a database that holds real data.
"""

import datetime as dt
import hashlib
import io
import json

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from PIL import Image

from accounts.models import User
from accounts.roles import CITY_STAFF_GROUP, sync_role_groups
from accounts.services import user_email_mark_verified
from companies.models import Company
from meetings import services as meeting_services
from meetings.models import Meeting, Visibility
from openfactory import services as openfactory_services
from openfactory.models import (
    Area,
    AreaDay,
    Edition,
    Exhibitor,
    Programme,
    Reservation,
    ReservationMail,
    Slot,
)

SEATS = 20
STAFF_EMAIL = "staff@rehearsal.example.jp"
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% rehearsal attachment\n"
    b"trailer\n<<>>\n%%EOF\n"
)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (20, 90, 160)).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Command(BaseCommand):
    help = "Data for make rehearsal (setup), and what it stored (state). Never on real data."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["setup", "state"])
        parser.add_argument("--password", default="")
        parser.add_argument("--totp-secret", default="")
        parser.add_argument("--slot", type=int, default=0)

    def handle(self, *args, action, password, totp_secret, slot, **options):
        if action == "setup":
            if not password or not totp_secret:
                raise CommandError("setup needs --password and --totp-secret")
            if Edition.objects.exists() or User.objects.exists():
                raise CommandError("setup runs on an empty database only")
            result = self._setup(password=password, totp_secret=totp_secret)
        else:
            result = self._state(slot_id=slot)
        self.stdout.write(json.dumps(result))

    @transaction.atomic
    def _setup(self, *, password: str, totp_secret: str) -> dict:
        today = timezone.localdate()
        edition = Edition.objects.create(
            number=99,
            year=today.year + 1,
            title="リハーサル オープンファクトリー",
            description="make rehearsal のデータ",
            is_published=True,
        )
        company = Company.objects.create(
            name="リハーサル製作所", name_kana="りはーさるせいさくしょ", slug="rehearsal"
        )
        logo = _jpeg()
        company.logo.save("logo.jpg", ContentFile(logo))

        def slot_on(date: dt.date, *, seats: int, title: str, area: str) -> Slot:
            # One area day per area and edition: each day its own area.
            area_day = AreaDay.objects.create(
                edition=edition,
                area=Area.objects.create(
                    name=area, name_kana="りはーさる", slug=f"rehearsal-{date}"
                ),
                date=date,
                main_venue="受付テント",
            )
            exhibitor = Exhibitor.objects.create(
                area_day=area_day, company=company, place="本社工場"
            )
            programme = Programme.objects.create(
                exhibitor=exhibitor,
                kind=Programme.Kind.WORKSHOP,
                title=title,
                description="金属のプレートに刻印をします。",
                duration_minutes=30,
                max_party_size=4,
            )
            starts_at = timezone.make_aware(dt.datetime.combine(date, dt.time(10, 0)))
            return Slot.objects.create(
                programme=programme,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=30),
                seats=seats,
            )

        slot = slot_on(
            today + dt.timedelta(days=10),
            seats=SEATS,
            title="人気のワークショップ",
            area="リハーサル",
        )
        tomorrow = slot_on(
            today + dt.timedelta(days=1), seats=10, title="明日の工場見学", area="リハーサル明日"
        )
        for number in range(3):
            openfactory_services.reservation_create(
                slot_id=tomorrow.pk,
                name=f"綾瀬 明日{number}",
                name_kana="アヤセ アス",
                email=f"tomorrow{number}@rehearsal.example.jp",
                phone="09012345678",
                adults=1,
                children=0,
            )

        sync_role_groups()
        staff = User.objects.create_user(
            email=STAFF_EMAIL, password=password, name="綾瀬 事務局", is_staff=True
        )
        staff.groups.add(Group.objects.get(name=CITY_STAFF_GROUP))
        user_email_mark_verified(user=staff)
        Authenticator.objects.create(
            user=staff, type=Authenticator.Type.TOTP, data={"secret": totp_secret}
        )

        meeting = Meeting.objects.create(
            kind=Meeting.Kind.REGULAR,
            title="リハーサル 定例会",
            date=today,
            start_time=dt.time(19, 0),
            place="綾瀬市役所 会議室",
            visibility=Visibility.MEMBERS,
        )
        attachment = meeting_services.attachment_add(
            meeting=meeting, title="当日資料", file=ContentFile(PDF, name="shiryou.pdf")
        )
        return {
            "slot": slot.pk,
            "seats": SEATS,
            "programme_url": slot.programme.get_absolute_url(),
            "reserve_url": f"/openfactory/slots/{slot.pk}/reserve/",
            "tomorrow_reserve_url": f"/openfactory/slots/{tomorrow.pk}/reserve/",
            "reminder_emails": [f"tomorrow{n}@rehearsal.example.jp" for n in range(3)],
            "logo_url": company.logo.url,
            "logo_sha256": _sha256(logo),
            "attachment_url": f"/meetings/attachments/{attachment.pk}/",
            "attachment_name": attachment.file.name,
            "attachment_sha256": _sha256(PDF),
            "staff_email": STAFF_EMAIL,
        }

    def _state(self, *, slot_id: int) -> dict:
        by_status = dict(
            Reservation.objects.filter(slot_id=slot_id)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        mails = dict(
            ReservationMail.objects.values_list("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
        reservations = list(
            Reservation.objects.filter(slot_id=slot_id).values_list("email", "status")
        )
        return {"by_status": by_status, "mails_recorded": mails, "reservations": reservations}
