import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from talent.models import Application, Attachment, FormField, Scheme, Transition
from tests.companies.factories import CompanyFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    slug = factory.Sequence(lambda n: f"scheme-{n}")
    title = factory.Sequence(lambda n: f"地方採用者への住まい支援{n}")
    title_en = factory.Sequence(lambda n: f"Rent support {n}")
    summary = "敷金・礼金と家賃3か月分を補助します。"
    status = Scheme.Status.OPEN
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))


class FormFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormField

    scheme = factory.SubFactory(SchemeFactory)
    order = factory.Sequence(lambda n: n)
    kind = FormField.Kind.TEXT
    label = factory.Sequence(lambda n: f"項目{n}")
    label_en = factory.Sequence(lambda n: f"Field {n}")
    required = True


def scheme_with_fields(**kwargs) -> Scheme:
    """A scheme with a text, an amount, a choice and a file field (``scheme.f`` by kind)."""
    scheme = SchemeFactory(**kwargs)
    scheme.f = {
        "text": FormFieldFactory(scheme=scheme, order=1, kind="text", label="採用者の氏名"),
        "amount": FormFieldFactory(scheme=scheme, order=2, kind="amount", label="月額家賃"),
        "choice": FormFieldFactory(
            scheme=scheme, order=3, kind="choice", label="月数", choices="1|1\n2|2\n3|3"
        ),
        "file": FormFieldFactory(scheme=scheme, order=4, kind="file", label="賃貸借契約書"),
    }
    return scheme


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    scheme = factory.SubFactory(SchemeFactory)
    company = factory.SubFactory(CompanyFactory)
    company_name = factory.LazyAttribute(lambda o: o.company.name)
    address = "神奈川県綾瀬市早園1-1-1"
    representative = "代表取締役 綾瀬 太郎"
    phone = "0467705611"


def by_kind(scheme: Scheme) -> dict[str, FormField]:
    """The first field of each kind (``scheme_with_fields`` has one of each)."""
    found: dict[str, FormField] = {}
    for field in scheme.fields.order_by("order", "pk"):
        found.setdefault(field.kind, field)
    return found


def complete_answers(application: Application) -> None:
    """Answers to every field of ``scheme_with_fields``, and the file."""
    f = by_kind(application.scheme)
    application.answers = {
        f["text"].name: "山田 花子",
        f["amount"].name: "65000",
        f["choice"].name: "3",
    }
    application.save()
    add_attachment(application, f["file"])


def add_attachment(application: Application, field: FormField, name="keiyaku.pdf") -> Attachment:
    return Attachment.objects.create(
        application=application,
        field=field,
        file=ContentFile(PDF_BYTES, name=name),
        name=name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )


def submitted(application: Application, *, at=None, status="submitted", actor=None):
    """Mark an application as submitted (or later) without the service, for fixtures."""
    at = at or timezone.now()
    from japanese.dates import fiscal_year

    application.status = status
    application.submitted_at = at
    application.fiscal_year = fiscal_year(timezone.localdate(at))
    application.save()
    Transition.objects.create(
        application=application, from_status="draft", to_status="submitted", actor=actor
    )
    return application


def add_talent_world(o: dict, users: dict) -> None:
    """The talent rows of the site-wide suites' world (tests/site/world.py): an open scheme
    with company A's draft (with a file) and submitted application, company B's draft (with a
    file), another open scheme nobody applied to, and a spare scheme and field to delete."""
    scheme = scheme_with_fields(slug="rent-support", title="住まい支援")
    o["talent_scheme"] = scheme
    o["talent_scheme_fresh"] = scheme_with_fields(slug="reverse-evacuation", title="逆疎開採用")
    o["talent_scheme_spare"] = SchemeFactory(slug="spare-scheme", title="予備の事業")
    o["talent_draft_a"] = ApplicationFactory(
        scheme=scheme, company=o["company_a"], created_by=users["owner_a"]
    )
    complete_answers(o["talent_draft_a"])
    o["talent_attachment_a"] = o["talent_draft_a"].attachments.get()
    o["talent_submitted_a"] = submitted(
        ApplicationFactory(scheme=o["talent_scheme_fresh"], company=o["company_a"]),
        actor=users["owner_a"],
    )
    o["talent_draft_b"] = ApplicationFactory(scheme=scheme, company=o["company_b"])
    o["talent_attachment_b"] = add_attachment(o["talent_draft_b"], scheme.f["file"], "b.pdf")
