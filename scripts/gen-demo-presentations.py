#!/usr/bin/env python3
"""The demo club's two webinar presentations (app/src/club/templates/presentations/), written
once with python-pptx (`pip install python-pptx`) and committed: the seed stores them as the
event's presentation files, so the demo shows uploaded materials. Run again only to change them."""
import sys
from pathlib import Path

from pptx import Presentation
from pptx.util import Pt

OUT = Path(__file__).resolve().parent.parent / "app/src/club/templates/presentations"

DECKS = {
    "kuznetsova-5s.pptx": (
        "5S в кабинетах и замер потерь времени на уроке: что показали цифры",
        "М. Ю. Кузнецова, заместитель директора МБОУ СОШ № 5 г. Искитима",
        [
            ("С чего начали", [
                "Хронометраж 40 уроков в 5–9 классах: в среднем 6 минут урока уходит на организационные действия",
                "Подготовка кабинета к лабораторной работе — 7 минут",
                "Учителя сами выбрали три кабинета для первого шага",
            ]),
            ("5S по шагам", [
                "Сортировка: из кабинета химии вынесли 214 ненужных предметов",
                "Соблюдение порядка: у каждого прибора — подписанное место",
                "Содержание в чистоте и стандартизация: чек-лист на двери кабинета",
                "Совершенствование: раз в месяц пятиминутка по потерям",
            ]),
            ("Что показали цифры через 3 месяца", [
                "Подготовка к лабораторной работе — 1,5 минуты вместо 7",
                "Организационные потери урока — 2,5 минуты вместо 6",
                "12 учителей из 31 перенесли практику в свои кабинеты без приказа",
            ]),
            ("Что мы бы сделали иначе", [
                "Замерять до начала изменений, а не по ходу",
                "Не фотографировать «до и после», а считать минуты",
                "Начинать с кабинета учителя, который сам этого хочет",
            ]),
        ],
    ),
    "zhuravleva-predlozheniya.pptx": (
        "Кайдзен-предложения сотрудников: как отвечать на каждое и не убить инициативу",
        "С. П. Журавлева, директор МБОУ СОШ № 4 г. Николаевска-на-Амуре",
        [
            ("Почему предложения перестают поступать", [
                "В 2024/25 учебном году — 9 предложений, ответ получили 2",
                "Учителя не знали, дошло ли предложение до администрации",
            ]),
            ("Правило семи дней", [
                "Ответ на каждое предложение — в течение 7 дней, даже если ответ «нет»",
                "Доска статусов в учительской: принято, в работе, отложено, отклонено с причиной",
                "Автор предложения сам участвует во внедрении, если хочет",
            ]),
            ("Результаты полугодия", [
                "64 предложения от 27 сотрудников",
                "41 внедрено, 9 отложено, 14 отклонено с объяснением",
                "Самое полезное — единое расписание консультаций перед ОГЭ",
            ]),
            ("Чего не делать", [
                "Не превращать кайдзен в еще одну отчетность",
                "Не премировать за количество предложений",
                "Школа выдерживает 2–3 серьезных изменения в год, малых — десятки",
            ]),
        ],
    ),
}


def deck(path: Path, title: str, author: str, slides) -> None:
    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = author + "\nВебинар клуба «Вдохновляющее лидерство. Сибирь – Дальний Восток», 12 ноября 2026 г."
    for heading, points in slides:
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = heading
        body = slide.placeholders[1].text_frame
        body.text = points[0]
        for point in points[1:]:
            body.add_paragraph().text = point
        for paragraph in body.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(22)
    prs.core_properties.author = author
    prs.core_properties.title = title
    prs.save(path)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (title, author, slides) in DECKS.items():
        deck(OUT / name, title, author, slides)
        print(OUT / name, (OUT / name).stat().st_size, file=sys.stderr)
