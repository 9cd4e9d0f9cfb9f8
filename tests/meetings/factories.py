import datetime as dt

import factory

from meetings.models import Activity, AgendaItem, Meeting, Member, Note, Visibility


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"委員{n}")
    name_kana = factory.Sequence(lambda n: f"いいん{n}")
    email = factory.Sequence(lambda n: f"member{n}@example.jp")
    order = factory.Sequence(lambda n: n)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.REGULAR
    title = "綾瀬イノベーション推進委員会 定例会"
    # One meeting per day and kind: a sequence of days keeps the constraint.
    date = factory.Sequence(lambda n: dt.date(2022, 1, 1) + dt.timedelta(days=n))
    start_time = dt.time(19, 0)
    place = "綾瀬市役所 会議室"
    visibility = Visibility.PUBLIC


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"議題{n}について")


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    item = factory.SubFactory(AgendaItemFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"メモ{n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = Activity.Kind.INSPECTION
    title = factory.Sequence(lambda n: f"視察{n}")
    start_date = factory.Sequence(lambda n: dt.date(2022, 1, 1) + dt.timedelta(days=n))
    place = "新潟県三条市"
    visibility = Visibility.PUBLIC
