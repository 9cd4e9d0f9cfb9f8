import datetime as dt

import factory
from django.utils import timezone

from openfactory.models import Area, AreaDay, Edition, Exhibitor, Programme, Reservation, Slot
from tests.companies.factories import CompanyFactory


def in_days(days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    date = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(date, dt.time(hour, minute)))


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    number = factory.Sequence(lambda n: n % 800 + 1)
    year = factory.Sequence(lambda n: 2030 + n % 70)
    title = factory.LazyAttribute(lambda o: f"あやせ工場オープンファクトリー{o.year}")
    description = "綾瀬市内の工場が扉を開きます。"
    is_published = True


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"エリア{n}")
    name_kana = factory.Sequence(lambda n: f"えりあ{n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class AreaDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaDay

    edition = factory.SubFactory(EditionFactory)
    area = factory.SubFactory(AreaFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    main_venue = "受付テント"
    map_url = "https://www.openstreetmap.org/"


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    area_day = factory.SubFactory(AreaDayFactory)
    company = factory.SubFactory(CompanyFactory)
    place = "本社工場"
    shows = "旋盤加工"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    exhibitor = factory.SubFactory(ExhibitorFactory)
    kind = Programme.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"ものづくり体験{n}")
    description = "金属のプレートに刻印をします。"
    age_min = 6
    age_max = 12
    duration_minutes = 30
    max_party_size = 4


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    programme = factory.SubFactory(ProgrammeFactory)
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(
            dt.datetime.combine(o.programme.exhibitor.area_day.date, dt.time(10, 0))
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=30))
    seats = 10


class ReservationFactory(factory.django.DjangoModelFactory):
    """A stored reservation; seats_taken is set as the services would set it."""

    class Meta:
        model = Reservation
        skip_postgeneration_save = True

    slot = factory.SubFactory(SlotFactory)
    name = factory.Sequence(lambda n: f"綾瀬 花子{n}")
    name_kana = "アヤセ ハナコ"
    email = factory.Sequence(lambda n: f"visitor{n}@example.jp")
    phone = "09012345678"
    adults = 1
    children = 1
    status = Reservation.Status.CONFIRMED

    @factory.post_generation
    def count_seats(obj, create, extracted, **kwargs):
        if create and obj.status in Reservation.SEATED:
            Slot.objects.filter(pk=obj.slot_id).update(
                seats_taken=obj.slot.seats_taken + obj.party_size
            )
            obj.slot.refresh_from_db()
