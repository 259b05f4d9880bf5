//! Text of competency diagnostics: attempts, results, the item bank and statistics.

pub const DIAG_MY_TITLE: &str = "Диагностика профессиональных дефицитов";
pub const DIAG_NONE_AVAILABLE: &str = "Сейчас для вас нет открытых диагностик.";
pub const DIAG_START: &str = "Начать диагностику";
pub const DIAG_CONTINUE: &str = "Продолжить";
pub const DIAG_CLOSED_SHORT: &str = "приём ответов закрыт";
pub const DIAG_ASSIGNED: &str = "назначена";
pub const DIAG_PAST_RESULTS: &str = "Пройденные диагностики";
pub const DIAG_COL_DATE: &str = "Дата";
pub const DIAG_COL_INSTRUMENT: &str = "Диагностика";
pub const DIAG_COL_POINTS: &str = "Баллы";
pub const DIAG_COL_DEFICITS: &str = "Дефициты";
pub const DIAG_NO_DEFICITS: &str = "дефицитов нет";
pub const DIAG_ATTEMPT_TITLE: &str = "Диагностика";
pub const DIAG_ALREADY_FINISHED: &str = "Эта диагностика уже завершена: ответы больше не принимаются.";
pub const DIAG_SEE_RESULT: &str = "Посмотреть результат";
pub const DIAG_CLOSED: &str = "Приём ответов по этой диагностике сейчас закрыт.";
pub const DIAG_NO_ITEMS: &str =
    "В этой диагностике нет ни одного задания: обратитесь к региональному оператору.";
pub const DIAG_ANSWER_MALFORMED: &str = "Ответ не распознан: обновите страницу и ответьте ещё раз.";
pub const DIAG_LATE: &str =
    "Время на диагностику истекло: ответ не принят. Ответы, сохранённые до окончания времени, учтены.";
pub const DIAG_NOT_FINISHED: &str = "Диагностика ещё не завершена: результат появится после её окончания.";
pub const DIAG_SAVED: &str = "сохранено";
pub const DIAG_SAVING: &str = "сохраняется…";
pub const DIAG_ALL_SAVED: &str = "Все ответы сохранены";
pub const DIAG_QUEUED_ONE: &str = "нет связи — ответ сохранён в браузере и будет отправлен";
pub const DIAG_REFUSED_ONE: &str = "ответ не принят";
pub const DIAG_WAIT_SAVING: &str = "Дождитесь, пока все ответы сохранятся.";
pub const DIAG_FINISH: &str = "Завершить и получить результат";
pub const DIAG_YOUR_ANSWER: &str = "Ваш ответ";
pub const DIAG_SEVERAL: &str = "Выберите все верные варианты.";
pub const DIAG_RESULT_TITLE: &str = "Результат диагностики";
pub const DIAG_BACK_TO_CABINET: &str = "← В личный кабинет";
pub const DIAG_FINISHED_BY_DEADLINE: &str = "Диагностика завершена автоматически по истечении времени; учтены все ответы, сохранённые до этого момента.";
pub const DIAG_CHART_TITLE: &str = "Уровень компетенций относительно порогов";
pub const DIAG_DEFICITS_TITLE: &str = "Профессиональные дефициты (от наиболее выраженных)";
pub const DIAG_NO_DEFICITS_TEXT: &str =
    "Дефицитов не выявлено: по всем компетенциям результат выше верхнего порога.";
pub const DIAG_IN_PRACTICE: &str = "Что это значит на практике: ";
pub const DIAG_COMPARISON: &str = "Сравнение со средними значениями";
pub const DIAG_COL_COMPETENCY: &str = "Компетенция";
pub const DIAG_COL_YOU: &str = "Вы";
pub const DIAG_GROUP_SCHOOL: &str = "Школа";
pub const DIAG_GROUP_MUNICIPALITY: &str = "Муниципалитет";
pub const DIAG_GROUP_REGION: &str = "Регион";
pub const DIAG_SCHOOL_NOTHING: &str = "Педагоги школы ещё не завершили ни одной диагностики.";

pub const DIAG_ADMIN_TITLE: &str = "Диагностика компетенций";
pub const DIAG_FRAMEWORK_TITLE: &str = "Конструктор компетенций";
pub const DIAG_NO_FRAMEWORK: &str =
    "В регионе ещё нет модели компетенций. Скопируйте готовый шаблон и отредактируйте его.";
pub const DIAG_FRAMEWORK_EXISTS: &str = "Модель компетенций уже создана: отредактируйте её.";
pub const DIAG_COPY_TEMPLATE: &str = "Создать из шаблона (27 компетенций, 79 заданий)";
pub const DIAG_THRESHOLDS: &str = "Пороги уровней";
pub const DIAG_THRESHOLDS_NOTE: &str = "По рекомендациям Минпросвещения (Р-201): ниже 60 % — выраженный дефицит (ИОМ), 60–80 % — частичный дефицит, выше 80 % — дефицит отсутствует или минимален.";
pub const DIAG_F_LOW: &str = "Нижний порог, %";
pub const DIAG_F_HIGH: &str = "Верхний порог, %";
pub const DIAG_F_CODE: &str = "Код";
pub const DIAG_F_AREA: &str = "Область";
pub const DIAG_F_TITLE: &str = "Название";
pub const DIAG_F_DESCRIPTION: &str = "Описание";
pub const DIAG_F_MEANING: &str = "Что означает дефицит на практике";
pub const DIAG_F_POSITION: &str = "Должность";
pub const DIAG_F_SUBJECT: &str = "Предмет (необязательно)";
pub const DIAG_F_COMPETENCIES: &str = "Коды компетенций через запятую";
pub const DIAG_F_JSON: &str = "Модель компетенций в JSON";
pub const DIAG_SAVE: &str = "Сохранить";
pub const DIAG_ADD: &str = "Добавить";
pub const DIAG_REMOVE: &str = "Удалить компетенцию";
pub const DIAG_REPLACE: &str = "Заменить модель";
pub const DIAG_ADD_COMPETENCY: &str = "Добавить компетенцию";
pub const DIAG_ADD_AREA: &str = "Добавить или переименовать область";
pub const DIAG_PROFILES: &str = "Целевые профили по должностям";
pub const DIAG_SET_PROFILE: &str = "Задать профиль";
pub const DIAG_FRAMEWORK_JSON: &str = "Импорт и экспорт модели в JSON";
pub const DIAG_EXPORT_JSON: &str = "Скачать банк заданий (JSON)";
pub const DIAG_EXPORT_XLSX: &str = "Скачать банк заданий (XLSX)";
pub const DIAG_IMPORT: &str = "Загрузить задания из файла";
pub const DIAG_IMPORT_HINT: &str = "JSON или XLSX в формате выгрузки. Задания с существующим кодом получат новую версию; при любой ошибке не загружается ничего.";
pub const DIAG_IMPORT_SUBMIT: &str = "Загрузить";
pub const DIAG_BANK_FILE_JSON: &str = "Банк заданий.json";
pub const DIAG_BANK_FILE_XLSX: &str = "Банк заданий.xlsx";
pub const DIAG_BANK_EMPTY: &str = "В файле нет ни одного задания.";
pub const DIAG_ADD_ITEM: &str = "Добавить задание";
pub const DIAG_FROZEN: &str = "Эта версия уже использована в завершённых диагностиках: при сохранении будет создана новая версия, прежние результаты не изменятся.";
pub const DIAG_F_KIND: &str = "Тип";
pub const DIAG_F_POINTS: &str = "Баллы";
pub const DIAG_F_STEM: &str = "Текст задания";
pub const DIAG_F_OPTIONS: &str = "Варианты ответа (каждый с новой строки)";
pub const DIAG_F_CORRECT: &str = "Номера верных вариантов";
pub const DIAG_F_ACCEPTED: &str = "Принимаемые ответы (каждый с новой строки)";
pub const DIAG_F_LINKS: &str = "Компетенции и веса";
pub const DIAG_INSTRUMENTS: &str = "Инструменты диагностики";
pub const DIAG_ADD_INSTRUMENT: &str = "Создать инструмент";
pub const DIAG_COL_SELECTION: &str = "Задания";
pub const DIAG_COL_AUDIENCE: &str = "Для кого";
pub const DIAG_COL_LIMIT: &str = "Время";
pub const DIAG_COL_FINISHED: &str = "Завершено";
pub const DIAG_STATISTICS: &str = "Статистика заданий";
pub const DIAG_EVERYONE: &str = "все";
pub const DIAG_F_INSTRUCTIONS: &str = "Инструкция для участника";
pub const DIAG_F_SELECTION: &str = "Отбор заданий";
pub const DIAG_SELECTION_FIXED: &str = "фиксированный список";
pub const DIAG_SELECTION_RANDOM: &str = "k случайных заданий на компетенцию";
pub const DIAG_F_ITEMS: &str = "Коды заданий (для фиксированного списка)";
pub const DIAG_F_K: &str = "k";
pub const DIAG_F_LIMIT: &str = "Ограничение времени, мин";
pub const DIAG_F_AUDIENCE: &str = "Должности";
pub const DIAG_F_SUBJECTS: &str = "Предметы (через запятую)";
pub const DIAG_F_OPENS: &str = "Открыта с";
pub const DIAG_F_CLOSES: &str = "Открыта до";
pub const DIAG_F_SHUFFLE: &str = "Перемешивать варианты ответа";
pub const AUDIENCES: [(&str, &str); 5] = [
    ("", "все должности"),
    ("teacher", "учителя"),
    (
        "director,deputy_director",
        "руководители (директора и заместители)",
    ),
    ("director", "директора"),
    ("methodologist,psychologist", "методисты и педагоги-психологи"),
];
pub const DEMO_TEACHER_INSTRUMENT: &str = "Диагностика профессиональных дефицитов педагога";
pub const DEMO_TEACHER_INSTRUCTIONS: &str = "По три задания на каждую компетенцию педагога: знания, методика, работа с детьми, общение, цифровые навыки. Ответы сохраняются сразу — можно прерваться и продолжить позже. Времени не ограничено; отвечайте честно: результат видите только вы.";
pub const DEMO_DIRECTOR_INSTRUMENT: &str = "Диагностика управленческих компетенций руководителя";
pub const DEMO_DIRECTOR_INSTRUCTIONS: &str = "По три случайных задания на каждую компетенцию профиля руководителя. На выполнение отводится 40 минут; по истечении времени диагностика завершится автоматически с учётом сохранённых ответов.";
pub const DIAG_TITLE_REQUIRED: &str = "Укажите название.";
pub const DIAG_ITEMS_REQUIRED: &str = "Перечислите коды заданий фиксированного списка.";
pub const DIAG_BAD_K: &str = "Число заданий на компетенцию k должно быть целым от 1 до 20.";
pub const DIAG_COMPETENCIES_REQUIRED: &str =
    "Перечислите компетенции или выберите должности, для которых в модели есть профиль.";
pub const DIAG_BAD_LIMIT: &str = "Ограничение времени — целое число минут от 1 до 600 (или оставьте пустым).";
pub const DIAG_WINDOW_ORDER: &str = "Дата закрытия должна быть позже даты открытия.";
pub const DIAG_CAMPAIGNS: &str = "Кампании (назначения)";
pub const DIAG_ADD_CAMPAIGN: &str = "Назначить диагностику";
pub const DIAG_COL_DUE: &str = "Срок";
pub const DIAG_COL_PROGRESS: &str = "Прошли / назначено";
pub const DIAG_F_MUNICIPALITY: &str = "Муниципалитет";
pub const DIAG_WHOLE_REGION: &str = "весь регион";
pub const DIAG_F_SCHOOLS: &str = "Коды школ (необязательно)";
pub const DIAG_ASSIGN: &str = "Назначить и разослать письма";
pub const DIAG_PICK_INSTRUMENT: &str = "Выберите инструмент диагностики.";
pub const DIAG_BACK_TO_ADMIN: &str = "← Диагностика компетенций";
pub const DIAG_PEOPLE_TITLE: &str = "Индивидуальные результаты";
pub const DIAG_PEOPLE_NOTE: &str = "Просмотр индивидуальных результатов записывается в журнал безопасности. Ответы участников не показываются никому, кроме них самих.";
pub const DIAG_PEOPLE_SHOW: &str = "Показать индивидуальные результаты";
pub const DIAG_COL_PERSON: &str = "Участник";
pub const DIAG_COL_SCHOOL: &str = "Школа";
pub const DIAG_SCALES: &str = "Надёжность шкал (α Кронбаха по компетенциям)";
pub const DIAG_COL_ITEMS: &str = "Заданий";
pub const DIAG_COL_ALPHA: &str = "α";
pub const DIAG_ITEMS_STATS: &str = "Статистика заданий";
pub const DIAG_ITEMS_STATS_NOTE: &str = "Трудность — средняя доля баллов; дискриминация — корреляция задания с суммой остальных; ✓ — верный вариант. Замечания появляются, когда ответов не меньше пяти.";
pub const DIAG_COL_ANSWERED: &str = "Ответов";
pub const DIAG_COL_FACILITY: &str = "Трудность";
pub const DIAG_COL_DISCRIMINATION: &str = "Дискриминация";
pub const DIAG_COL_OPTIONS: &str = "Выбор вариантов";
pub const DIAG_COL_FLAGS: &str = "Замечания";

/// The three most severe deficits and how many more there are.
pub fn diag_top_deficits(titles: &[String]) -> String {
    match titles.len() {
        0 => DIAG_NO_DEFICITS.to_string(),
        1..=3 => titles.join("; "),
        n => format!("{} и ещё {}", titles[..3].join("; "), n - 3),
    }
}
pub fn diag_due(date: &str) -> String {
    format!("пройти до {date}")
}
pub fn diag_limit(minutes: i32) -> String {
    format!("{minutes} мин")
}
pub fn diag_closes(date: &str) -> String {
    format!("открыта до {date}")
}
pub fn diag_progress(answered: usize, total: usize) -> String {
    format!("Отвечено {answered} из {total}")
}
pub fn diag_time_left(seconds: i64) -> String {
    format!("Осталось {:02}:{:02}", seconds / 60, seconds % 60)
}
pub fn diag_queued(n: usize) -> String {
    format!("Нет связи с сервером. Не отправлено ответов: {n}; они сохранены в браузере, повторяем каждые 3 секунды.")
}
pub fn diag_deadline(at: &str) -> String {
    format!("Ответы принимаются до {at}.")
}
pub fn diag_item_number(n: usize) -> String {
    format!("{n}. ")
}
pub fn likert(value: u8) -> &'static str {
    match value {
        1 => "1 — совсем не про меня",
        2 => "2 — скорее нет",
        3 => "3 — отчасти",
        4 => "4 — скорее да",
        _ => "5 — полностью про меня",
    }
}
/// `Level::label()`: pronounced, partial, minimal.
pub const LEVELS: [&str; 3] = [
    "выраженный дефицит",
    "частичный дефицит",
    "дефицит отсутствует или минимален",
];
/// `Level::advice()`, in the order of [`LEVELS`].
pub const LEVEL_ADVICE: [&str; 3] = [
    "Рекомендуется индивидуальный образовательный маршрут (ИОМ).",
    "Рекомендуется ИОМ или повышение квалификации по предметной области.",
    "Достаточно самообразования.",
];
/// `ItemKind::label()`: single, multiple, Likert, short.
pub const ITEM_KINDS: [&str; 4] = [
    "один ответ",
    "несколько ответов",
    "самооценка 1–5",
    "краткий ответ",
];
pub fn diag_result_line(person: &str, at: &str) -> String {
    format!("{person}, завершено {at}")
}
pub fn diag_points(points: f64, max: f64) -> String {
    format!("Набрано баллов: {points:.1} из {max:.0}").replace('.', ",")
}
pub fn diag_school_title(school: &str) -> String {
    format!("Диагностика педагогов: {school}")
}
pub fn diag_bank_title(n: usize) -> String {
    format!("Банк заданий ({n})")
}
pub fn diag_version(v: i32) -> String {
    format!("версия {v}")
}
pub fn diag_fixed(n: usize) -> String {
    format!("{n} заданий (фиксированный список)")
}
pub fn diag_per_competency(k: usize, competencies: usize) -> String {
    format!("по {k} на компетенцию, компетенций: {competencies}")
}
pub fn diag_assigned(n: usize) -> String {
    format!("Диагностика назначена: {n} чел. Письма поставлены в очередь.")
}
pub fn diag_statistics_title(instrument: &str) -> String {
    format!("Статистика заданий: {instrument}")
}
pub fn diag_statistics_line(attempts: usize, items: usize, flagged: usize) -> String {
    format!("Завершённых попыток: {attempts}; заданий: {items}; с замечаниями: {flagged}.")
}
pub fn diag_not_percent(raw: &str) -> String {
    format!("«{raw}» — не процент: укажите число от 0 до 100")
}
pub fn diag_bad_json(reason: &str) -> String {
    format!("JSON не разобран: {reason}")
}
pub fn diag_competency_in_use(code: &str, item: &str) -> String {
    format!("Компетенция «{code}» используется в задании «{item}»: сначала измените задание")
}
pub fn diag_unknown_kind(raw: &str) -> String {
    format!("неизвестный тип задания «{raw}»: допустимы single, multiple, likert, short")
}
pub fn diag_not_option_number(raw: &str) -> String {
    format!("«{raw}» — не номер варианта: перечислите номера верных вариантов через запятую, начиная с 1")
}
pub fn diag_bad_weight(raw: &str) -> String {
    format!("«{raw}» не читается как «КОД: вес»")
}
pub fn diag_bad_points(raw: &str) -> String {
    format!("«{raw}» — не число баллов")
}
pub fn diag_duplicate_item(code: &str) -> String {
    format!("задание с кодом «{code}» уже есть")
}
pub fn diag_unknown_position(code: &str) -> String {
    format!("Неизвестная должность «{code}».")
}
pub fn diag_unknown_item(code: &str) -> String {
    format!("Задания с кодом «{code}» нет в банке.")
}
pub fn diag_unknown_competency(code: &str) -> String {
    format!("Компетенции с кодом «{code}» нет в модели.")
}
pub fn diag_unknown_selection(raw: &str) -> String {
    format!("Неизвестный способ отбора заданий «{raw}».")
}
pub fn diag_bad_moment(raw: &str) -> String {
    format!("«{raw}» — не дата: укажите дату в формате ГГГГ-ММ-ДД")
}
pub fn diag_unknown_school(code: &str) -> String {
    format!("Школы с кодом «{code}» нет в реестре региона.")
}
pub fn diag_json_item(n: usize, code: &str) -> String {
    format!("Задание № {n} («{code}»)")
}
pub fn diag_row(row: usize) -> String {
    format!("Строка {row}")
}
pub fn diag_missing_column(title: &str) -> String {
    format!("Строка 1: нет обязательного столбца «{title}»")
}
pub fn diag_row_error(row: usize, column: &str, message: &str) -> String {
    format!("Строка {row}, столбец «{column}»: {message}")
}
pub fn diag_place_error(place: &str, column: &str, message: &str) -> String {
    format!("{place}, столбец «{column}»: {message}")
}
pub fn diag_imported(added: usize, changed: usize) -> String {
    format!("Задания загружены: новых {added}, изменённых (новые версии) {changed}.")
}
/// An empty cell of a table of numbers.
pub const DIAG_NO_VALUE: &str = "—";
/// An item's code in the statistics; a later version is a different question.
pub fn diag_item_code(code: &str, version: i32) -> String {
    if version > 1 {
        format!("{code} (в. {version})")
    } else {
        code.to_string()
    }
}
/// How often option `n` was chosen, ✓ marking a correct one.
pub fn diag_option_count(n: usize, correct: bool, count: usize) -> String {
    format!("{n}{}: {count}", if correct { "✓" } else { "" })
}

// What is wrong with a framework or an item (`model::Invalid`).
pub const DIAG_WHAT_FRAMEWORK_TITLE: &str = "название модели компетенций";
pub const DIAG_WHAT_AREA_TITLE: &str = "название области";
pub const DIAG_WHAT_COMPETENCY_TITLE: &str = "название компетенции";
pub const DIAG_WHAT_PROFILE_POSITION: &str = "должность профиля";
pub const DIAG_WHAT_STEM: &str = "текст задания";
pub const DIAG_BAD_THRESHOLDS: &str =
    "пороги уровней должны идти по возрастанию между 0 % и 100 % (например, 60 % и 80 %)";
pub const DIAG_NO_AREAS: &str = "добавьте хотя бы одну область компетенций";
pub const DIAG_EMPTY_PROFILE: &str = "в профиле должна быть хотя бы одна компетенция";
pub const DIAG_BAD_ITEM_POINTS: &str = "баллы за задание должны быть больше 0 и не больше 100";
pub const DIAG_TWO_OPTIONS: &str = "нужно не меньше двух непустых вариантов ответа";
pub const DIAG_SINGLE_CORRECT: &str = "в задании с одним ответом отметьте ровно один верный вариант";
pub const DIAG_MULTIPLE_CORRECT: &str =
    "в задании с несколькими ответами отметьте хотя бы один верный и хотя бы один неверный вариант";
pub const DIAG_ACCEPTED_REQUIRED: &str = "укажите хотя бы один принимаемый ответ";
pub const DIAG_LINK_REQUIRED: &str = "свяжите задание хотя бы с одной компетенцией";
pub fn diag_required(what: &str) -> String {
    format!("укажите {what}")
}
pub fn diag_bad_code(code: &str) -> String {
    format!("код «{code}» должен состоять из латинских букв, цифр, «-», «_» или «.» (до 32 символов)")
}
pub fn diag_duplicate_area(code: &str) -> String {
    format!("область с кодом «{code}» указана дважды")
}
pub fn diag_duplicate_competency(code: &str) -> String {
    format!("компетенция с кодом «{code}» указана дважды")
}
pub fn diag_unknown_area(competency: &str, area: &str) -> String {
    format!("у компетенции «{competency}» указана неизвестная область «{area}»")
}
pub fn diag_profile_unknown_competency(code: &str) -> String {
    format!("в профиле указана неизвестная компетенция «{code}»")
}
pub fn diag_no_such_option(n: usize, options: usize) -> String {
    format!("верный вариант № {n} не существует: вариантов {options}")
}
pub fn diag_link_unknown(code: &str) -> String {
    format!("компетенции «{code}» нет в модели компетенций региона")
}
pub fn diag_bad_link_weight(code: &str) -> String {
    format!("вес компетенции «{code}» должен быть больше 0 и не больше 10")
}

// Notes on an item that behaves badly (`stats::flags`).
pub const DIAG_FLAG_TOO_HARD: &str = "слишком трудное: верно отвечают меньше 20 %";
pub const DIAG_FLAG_TOO_EASY: &str = "слишком лёгкое: верно отвечают больше 90 %";
pub const DIAG_FLAG_NEGATIVE: &str =
    "отрицательная дискриминация: сильные участники отвечают хуже слабых — проверьте ключ";
pub const DIAG_FLAG_WEAK: &str = "слабо различает участников (дискриминация ниже 0,2)";
pub const DIAG_FLAG_FLAT: &str = "не различает участников: у всех одинаковый результат";
pub fn diag_flag_unchosen(option: &str) -> String {
    format!("неверный вариант «{option}» никто не выбирает")
}
pub fn diag_flag_distractor(option: &str) -> String {
    format!("неверный вариант «{option}» выбирают чаще верного")
}
