#!/usr/bin/env python3
"""Generates the Khabarovsk demo: schools in the region's real municipalities (added to
server/seed/demo_regions.json, keeping the schools already there) and three years of indicator
data for the Khabarovsk template (server/seed/khabarovsk_indicators.csv): the results index's
ЕГЭ/ОГЭ/ВПР shares and gaps and the 11 social indicators of seed 001, Table 2.

Deterministic (fixed seed): running it again writes the same files. Each school has a hidden
quality and a social disadvantage that drift a little from year to year, so the template finds
a few schools persistently in the worst quarter (ШНРО), a few only lately («группа риска»), a
few persistently in the best one, and the socially disadvantaged ones (ШНСУ).

    python3 scripts/gen-khabarovsk-demo.py
"""

import csv
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ROOT / "server/seed/demo_regions.json"
DATA = ROOT / "server/seed/khabarovsk_indicators.csv"
YEARS = [2023, 2024, 2025]
# Demo people per school in the full demo (a director and teachers): at least 400 in all, and
# at least five teachers per Khabarovsk school, so a director sees their school's figures.
PEOPLE_PER_SCHOOL = {"khabarovsk": 7, "kuzbass": 6, "ryazan": 6, "orenburg": 6, "novosibirsk": 6}

# (code, name, kind, [(name, group, rural, address)]) of schools to add.
CITY = "городской округ"
DISTRICT = "муниципальный район"
NEW = [
    ("27-01", None, None, [
        ("МБОУ «Средняя школа № 15»", "средняя", False, "г. Хабаровск"),
        ("МБОУ «Средняя школа № 30»", "средняя", False, "г. Хабаровск"),
        ("МБОУ «Средняя школа № 49»", "средняя", False, "г. Хабаровск"),
        ("МАОУ «Лицей инновационных технологий»", "средняя", False, "г. Хабаровск"),
        ("МБОУ «Средняя школа № 51»", "средняя", False, "г. Хабаровск"),
        ("МАОУ «Гимназия № 3»", "средняя", False, "г. Хабаровск"),
        ("МБОУ «Средняя школа № 77»", "средняя", False, "г. Хабаровск"),
        ("МБОУ «Средняя школа № 80»", "средняя", False, "г. Хабаровск"),
        ("МБОУ «Основная школа № 22»", "основная", False, "г. Хабаровск"),
        ("МБОУ «Средняя школа № 35»", "средняя", False, "г. Хабаровск"),
        ("МБОУ «Средняя школа № 68»", "средняя", False, "г. Хабаровск"),
        ("МБОУ «Вечерняя (сменная) школа № 4»", "вечерняя", False, "г. Хабаровск"),
    ]),
    ("27-02", None, None, [
        ("МОУ «Средняя общеобразовательная школа № 14»", "средняя", False, "г. Комсомольск-на-Амуре"),
        ("МОУ «Средняя общеобразовательная школа № 23»", "средняя", False, "г. Комсомольск-на-Амуре"),
        ("МОУ «Средняя общеобразовательная школа № 27»", "средняя", False, "г. Комсомольск-на-Амуре"),
        ("МОУ «Средняя общеобразовательная школа № 31»", "средняя", False, "г. Комсомольск-на-Амуре"),
        ("МОУ «Гимназия № 1»", "средняя", False, "г. Комсомольск-на-Амуре"),
        ("МОУ «Средняя общеобразовательная школа № 50»", "средняя", False, "г. Комсомольск-на-Амуре"),
        ("МОУ «Вечерняя (сменная) школа № 2»", "вечерняя", False, "г. Комсомольск-на-Амуре"),
    ]),
    ("27-03", None, None, [
        ("МБОУ СОШ с. Найхин", "средняя", True, "с. Найхин"),
        ("МБОУ СОШ с. Лидога", "средняя", True, "с. Лидога"),
        ("МБОУ ООШ с. Маяк", "основная", True, "с. Маяк"),
    ]),
    ("27-04", None, None, [
        ("МБОУ СОШ п. Де-Кастри", "средняя", True, "п. Де-Кастри"),
        ("МБОУ СОШ с. Булава", "средняя", True, "с. Булава"),
        ("МБОУ ООШ с. Киселёвка", "основная", True, "с. Киселёвка"),
    ]),
    ("27-05", "Амурский муниципальный район", DISTRICT, [
        ("МБОУ СОШ № 3 г. Амурска", "средняя", False, "г. Амурск"),
        ("МБОУ СОШ № 5 г. Амурска", "средняя", False, "г. Амурск"),
        ("МБОУ СОШ № 9 г. Амурска", "средняя", False, "г. Амурск"),
        ("МБОУ СОШ п. Эльбан", "средняя", True, "п. Эльбан"),
        ("МБОУ ООШ с. Вознесенское", "основная", True, "с. Вознесенское"),
    ]),
    ("27-06", "Бикинский муниципальный район", DISTRICT, [
        ("МБОУ СОШ № 2 г. Бикина", "средняя", False, "г. Бикин"),
        ("МБОУ СОШ № 3 г. Бикина", "средняя", False, "г. Бикин"),
        ("МБОУ ООШ с. Лончаково", "основная", True, "с. Лончаково"),
    ]),
    ("27-07", "Ванинский муниципальный район", DISTRICT, [
        ("МБОУ СОШ № 2 п. Ванино", "средняя", False, "р. п. Ванино"),
        ("МБОУ СОШ № 3 п. Ванино", "средняя", False, "р. п. Ванино"),
        ("МБОУ СОШ п. Октябрьский", "средняя", True, "п. Октябрьский"),
        ("МБОУ ООШ п. Высокогорный", "основная", True, "п. Высокогорный"),
    ]),
    ("27-08", "Верхнебуреинский муниципальный район", DISTRICT, [
        ("МБОУ СОШ № 6 п. Чегдомын", "средняя", False, "р. п. Чегдомын"),
        ("МБОУ СОШ № 10 п. Чегдомын", "средняя", False, "р. п. Чегдомын"),
        ("МБОУ СОШ п. Новый Ургал", "средняя", True, "п. Новый Ургал"),
        ("МБОУ ООШ п. Софийск", "основная", True, "п. Софийск"),
    ]),
    ("27-09", "Вяземский муниципальный район", DISTRICT, [
        ("МБОУ СОШ № 2 г. Вяземского", "средняя", False, "г. Вяземский"),
        ("МБОУ СОШ № 20 г. Вяземского", "средняя", False, "г. Вяземский"),
        ("МБОУ СОШ с. Аван", "средняя", True, "с. Аван"),
    ]),
    ("27-10", "муниципальный район имени Лазо", DISTRICT, [
        ("МБОУ СОШ № 1 р. п. Переяславка", "средняя", False, "р. п. Переяславка"),
        ("МБОУ СОШ № 2 р. п. Переяславка", "средняя", False, "р. п. Переяславка"),
        ("МБОУ СОШ р. п. Хор", "средняя", False, "р. п. Хор"),
        ("МБОУ СОШ п. Мухен", "средняя", True, "п. Мухен"),
        ("МБОУ ООШ с. Кругликово", "основная", True, "с. Кругликово"),
    ]),
    ("27-11", "Николаевский муниципальный район", DISTRICT, [
        ("МБОУ СОШ № 2 г. Николаевска-на-Амуре", "средняя", False, "г. Николаевск-на-Амуре"),
        ("МБОУ СОШ № 5 г. Николаевска-на-Амуре", "средняя", False, "г. Николаевск-на-Амуре"),
        ("МБОУ ООШ с. Красное", "основная", True, "с. Красное"),
    ]),
    ("27-12", "Советско-Гаванский муниципальный район", DISTRICT, [
        ("МБОУ СОШ № 1 г. Советская Гавань", "средняя", False, "г. Советская Гавань"),
        ("МБОУ СОШ № 3 г. Советская Гавань", "средняя", False, "г. Советская Гавань"),
        ("МБОУ СОШ р. п. Майский", "средняя", True, "р. п. Майский"),
        ("МБОУ ООШ п. Гатка", "основная", True, "п. Гатка"),
    ]),
    ("27-13", "Солнечный муниципальный район", DISTRICT, [
        ("МБОУ СОШ № 1 р. п. Солнечный", "средняя", False, "р. п. Солнечный"),
        ("МБОУ СОШ № 2 р. п. Солнечный", "средняя", False, "р. п. Солнечный"),
        ("МБОУ СОШ п. Горный", "средняя", True, "п. Горный"),
        ("МБОУ ООШ с. Кондон", "основная", True, "с. Кондон"),
    ]),
    ("27-14", "Хабаровский муниципальный район", DISTRICT, [
        ("МБОУ СОШ с. Тополево", "средняя", True, "с. Тополево"),
        ("МБОУ СОШ с. Мирное", "средняя", True, "с. Мирное"),
        ("МБОУ СОШ с. Ракитное", "средняя", True, "с. Ракитное"),
        ("МБОУ СОШ с. Сосновка", "средняя", True, "с. Сосновка"),
        ("МБОУ ООШ п. Бычиха", "основная", True, "п. Бычиха"),
    ]),
]


def add_schools(region):
    """Adds the new municipalities and schools; codes continue each municipality's series
    (27-01 → 27-00NN, 27-02 → 27-01NN …)."""
    by_code = {m["code"]: m for m in region["municipalities"]}
    for code, name, kind, schools in NEW:
        municipality = by_code.get(code)
        if municipality is None:
            municipality = {"code": code, "name": name, "kind": kind, "schools": []}
            region["municipalities"].append(municipality)
            by_code[code] = municipality
        known = {s["name"] for s in municipality["schools"]}
        series = int(code.split("-")[1]) - 1
        for school_name, group, rural, address in schools:
            if school_name in known:
                continue
            n = len(municipality["schools"]) + 1
            municipality["schools"].append({
                "code": f"27-{series:02d}{n:02d}",
                "name": school_name,
                "group": group,
                "rural": rural,
                "address": address,
            })


def clip(value, low=0.0, high=100.0):
    return round(min(high, max(low, value)), 1)


def results_row(rng, group, q):
    """Results indicators for a school of quality q (about -2 … 2) in one year."""
    row = {}
    noise = lambda s=1.0: rng.gauss(0, s)
    if group != "основная":
        row["ege_no_cert"] = clip(2.0 - 1.8 * q + noise(1.0))
        row["ege_ru_below_min"] = clip(3.0 - 2.5 * q + noise(1.5))
        row["ege_ma_below_min"] = clip(6.0 - 5.0 * q + noise(2.0))
        row["ege_ru_high"] = clip(18.0 + 10.0 * q + noise(4.0))
        row["ege_ma_high"] = clip(6.0 + 5.0 * q + noise(2.0))
        row["ege_ru_gap"] = round(8.0 * q + noise(3.0), 1)
        row["ege_ma_prof_gap"] = round(9.0 * q + noise(4.0), 1)
        row["ege_ma_base_gap"] = round(1.5 * q + noise(0.6), 1)
    row["oge_no_cert"] = clip(3.0 - 2.5 * q + noise(1.2))
    row["oge_ru_2"] = clip(6.0 - 5.0 * q + noise(2.0))
    row["oge_ma_2"] = clip(9.0 - 7.0 * q + noise(3.0))
    row["oge_ru_5"] = clip(22.0 + 9.0 * q + noise(4.0))
    row["oge_ma_5"] = clip(14.0 + 7.0 * q + noise(3.0))
    row["oge_ru_gap"] = round(0.6 * q + noise(0.3), 2)
    row["oge_ma_gap"] = round(0.6 * q + noise(0.3), 2)
    if group != "вечерняя":
        row["vpr_ru_2"] = clip(12.0 - 8.0 * q + noise(3.0))
        row["vpr_ma_2"] = clip(14.0 - 9.0 * q + noise(3.0))
        row["vpr_ru_5"] = clip(12.0 + 7.0 * q + noise(3.0))
        row["vpr_ma_5"] = clip(13.0 + 8.0 * q + noise(3.0))
        row["vpr_ru_gap"] = round(0.5 * q + noise(0.3), 2)
        row["vpr_ma_gap"] = round(0.5 * q + noise(0.3), 2)
    return row


def social_row(rng, s):
    """The 11 social indicators of seed 001, Table 2, for disadvantage s (about -2 … 2)."""
    noise = lambda sd: rng.gauss(0, sd)
    return {
        "deviant": clip(3.0 + 2.0 * s + noise(0.8)),
        "school_register": clip(4.0 + 2.5 * s + noise(1.0)),
        "police_register": clip(1.5 + 1.2 * s + noise(0.5)),
        "non_native_russian": clip(2.0 + 2.5 * s + noise(1.0)),
        "special_needs": clip(6.0 + 2.5 * s + noise(1.5)),
        "unemployed_parents": clip(8.0 + 5.0 * s + noise(2.0)),
        "parents_no_higher_ed": clip(45.0 + 12.0 * s + noise(4.0)),
        "single_parent": clip(22.0 + 6.0 * s + noise(3.0)),
        "families_at_risk": clip(2.0 + 1.5 * s + noise(0.6)),
        "free_lunch": clip(30.0 + 12.0 * s + noise(4.0)),
        "guardianship": clip(2.5 + 1.5 * s + noise(0.6)),
    }


def indicator_rows(region):
    rng = random.Random(2727)
    rows = []
    for municipality in region["municipalities"]:
        for school in municipality["schools"]:
            rural = 1.0 if school["rural"] else 0.0
            quality = rng.gauss(0, 1) - 0.3 * rural
            disadvantage = 0.5 * rng.gauss(0, 1) + 0.6 * rural - 0.3 * quality
            for year in YEARS:
                q = quality + rng.gauss(0, 0.35)
                s = disadvantage + rng.gauss(0, 0.2)
                row = {"school_id": school["code"], "year": year, "group": school["group"], "name": school["name"]}
                row.update(results_row(rng, school["group"], q))
                row.update(social_row(rng, s))
                rows.append(row)
    return rows


def main():
    data = json.loads(REGIONS.read_text(encoding="utf-8"))
    region = next(r for r in data["regions"] if r["slug"] == "khabarovsk")
    add_schools(region)
    region["demo_indicator_data"] = "khabarovsk_indicators.csv"
    for r in data["regions"]:
        r["demo_people_per_school"] = PEOPLE_PER_SCHOOL.get(r["slug"], 5)
        if r["slug"] == "orenburg":
            r["demo_external_list"] = "orenburg_500.csv"
    REGIONS.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    template = json.loads((ROOT / "app/src/identification/templates/khabarovsk.json").read_text())
    columns = ["school_id", "year", "group", "name"] + [
        i["code"] for index in template["indices"] for i in index["indicators"]
    ]
    with DATA.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in indicator_rows(region):
            writer.writerow(row)


if __name__ == "__main__":
    main()
