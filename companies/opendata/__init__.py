"""The companies of the directory as open data, in the layout of デジタル庁's recommended
dataset 「公共施設一覧」 (``facility_columns.txt`` beside this file): there is no standard
dataset of private companies, and this is the closest fitting one (a place with a name,
kana, address, position, description, contact and URL). What does not apply to a company
(opening days and hours, fees, barrier-free information) is left empty.

Only listed companies, and only what their public page shows: no staff, no contact person,
no e-mail address (a person's name or address may be behind one).
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.utils import translation

from japanese.opendata import MUNICIPALITY, MUNICIPALITY_CODE, PREFECTURE, read_columns
from japanese.text import katakana

from ..models import Company

COLUMNS = read_columns(Path(__file__).with_name("facility_columns.txt"))
DATASET = "公共施設一覧"


def facility_record(number: int, company: Company) -> dict[str, object]:
    notes = []
    with translation.override("ja"):
        if company.industry:
            notes.append(f"業種: {company.get_industry_display()}")
        if company.area:
            notes.append(f"地区: {company.get_area_display()}")
    if company.website:
        notes.append(f"ウェブサイト: {company.website}")
    if company.is_demo:
        notes.append("デモデータ（実在しない企業）")
    return {
        "都道府県コード又は市区町村コード": MUNICIPALITY_CODE,
        "NO": number,
        "都道府県名": PREFECTURE,
        "市区町村名": MUNICIPALITY,
        "名称": company.name,
        # In full-width katakana; the directory keeps kana as staff typed it.
        "名称_カナ": katakana(company.name_kana),
        "住所": company.address,
        "緯度": "" if company.latitude is None else str(company.latitude),
        "経度": "" if company.longitude is None else str(company.longitude),
        "説明": company.summary,
        "連絡先電話番号": company.contact_phone,
        "URL": settings.SITE_URL + company.get_absolute_url(),
        "備考": "。".join(notes),
    }


def facility_records(companies: Iterable[Company]) -> Iterator[dict[str, object]]:
    for number, company in enumerate(companies, start=1):
        yield facility_record(number, company)
