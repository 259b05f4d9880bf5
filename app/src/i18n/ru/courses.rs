//! Text of the course catalogue and of the individual route (ИОМ).

pub const COURSES_ADMIN_TITLE: &str = "Каталог курсов";
pub const COURSES_ADMIN_NOTE: &str = "Курсы повышения квалификации региона. По компетенциям и их весам (0–1) платформа подбирает педагогам индивидуальный образовательный маршрут: курс закрывает дефицит компетенции, которую развивает с весом не меньше 0,5.";
pub const COURSES_EMPTY: &str = "В каталоге пока нет курсов.";
pub const COURSES_NEW: &str = "Добавить курс";
pub const COURSES_EDIT: &str = "Изменить";
pub const COURSES_SAVE: &str = "Сохранить курс";
pub const COURSES_DELETE: &str = "Удалить";
pub const COURSES_DELETE_CONFIRM: &str =
    "Удалить курс из каталога? Он исчезнет и из маршрутов педагогов (история изменений сохранится).";
pub const COURSES_SAVED: &str = "Курс сохранён.";
pub const COURSES_COUNT: &str = "Курсов в каталоге: ";
pub const COURSES_F_CODE: &str = "Код курса";
pub const COURSES_F_TITLE: &str = "Название";
pub const COURSES_F_PROVIDER: &str = "Организатор";
pub const COURSES_F_DESCRIPTION: &str = "Краткое описание";
pub const COURSES_F_KIND: &str = "Вид курса";
pub const COURSES_F_SUBJECT: &str = "Предмет (для предметных курсов)";
pub const COURSES_F_FORMAT: &str = "Форма обучения";
pub const COURSES_F_HOURS: &str = "Объём, часов";
pub const COURSES_F_STARTS: &str = "Начало (пусто — набор открыт всегда)";
pub const COURSES_F_ENDS: &str = "Окончание";
pub const COURSES_F_CAPACITY: &str = "Мест (пусто — без ограничения)";
pub const COURSES_F_AUDIENCE: &str = "Для должностей (коды через запятую; пусто — для всех)";
pub const COURSES_F_COMPETENCIES: &str = "Компетенции с весами";
pub const COURSES_F_COMPETENCIES_HINT: &str = "Например: MET-2: 1; PSY-3: 0.3";
pub const COURSES_F_LINK: &str = "Ссылка на курс";
pub const COURSES_F_ON_PLATFORM: &str = "Курс проходит на платформе";
pub const COURSES_ALWAYS_OPEN: &str = "набор открыт всегда";
pub const COURSES_ON_PLATFORM: &str = "на платформе";
pub const COURSES_HOURS: &str = "ч";
pub const COURSES_SEATS: &str = "мест: ";

pub const COURSE_KINDS: [(&str, &str); 3] = [
    ("soft", "Надпредметный (soft skills)"),
    ("subject", "Предметный"),
    ("management", "Управленческий"),
];
pub const COURSE_FORMATS: [&str; 4] = ["очно", "очно-заочно", "дистанционно", "стажировка"];

pub const COURSE_REQUIRED_TITLE: &str = "Укажите название курса.";
pub const COURSE_REQUIRED_PROVIDER: &str = "Укажите организатора курса.";
pub const COURSE_BAD_CODE: &str = "Код курса: латинские буквы, цифры, дефис и точка, не длиннее 32 символов.";
pub const COURSE_DUPLICATE_CODE: &str = "Курс с таким кодом уже есть в каталоге.";
pub const COURSE_BAD_KIND: &str = "Выберите вид курса.";
pub const COURSE_BAD_FORMAT: &str =
    "Выберите форму обучения: очно, очно-заочно, дистанционно или стажировка.";
pub const COURSE_SUBJECT_REQUIRED: &str =
    "У предметного курса должен быть предмет; у других курсов поле «Предмет» оставьте пустым.";
pub const COURSE_BAD_HOURS: &str = "Объём курса — целое число часов от 1 до 2000.";
pub const COURSE_BAD_CAPACITY: &str = "Число мест — целое число не меньше 0 или пусто.";
pub const COURSE_BAD_DATE: &str = "Дата в формате ГГГГ-ММ-ДД.";
pub const COURSE_BAD_WINDOW: &str = "Окончание курса не может быть раньше начала.";
pub const COURSE_NO_COMPETENCIES: &str = "Укажите хотя бы одну компетенцию с весом, например «MET-2: 1».";
pub const COURSE_BAD_LINK: &str = "Ссылка должна начинаться с https:// или http://.";
pub const COURSE_TOO_LONG: &str =
    "Слишком длинный текст: название и организатор — до 300 символов, описание — до 2000.";
pub const COURSE_UNKNOWN_POSITION: &str = "Неизвестная должность в поле «Для должностей»: ";

pub fn course_unknown_competency(code: &str) -> String {
    format!("Компетенции «{code}» нет в модели компетенций региона.")
}

pub fn course_bad_weight(code: &str) -> String {
    format!("Вес компетенции {code} — число больше 0 и не больше 1 (например, 0.5).")
}

pub const ROUTE_TITLE: &str = "Индивидуальный образовательный маршрут (ИОМ)";
pub const ROUTE_LINK: &str = "Мой образовательный маршрут (ИОМ)";
pub const ROUTE_LINK_NOTE: &str = "Курсы, подобранные по дефицитам последней диагностики.";
pub const ROUTE_NO_DIAGNOSTIC: &str =
    "Маршрут появится после того, как вы завершите диагностику профессиональных дефицитов.";
pub const ROUTE_NO_DEFICITS: &str = "Выраженных дефицитов нет: курсы для обязательного маршрута не требуются. Любой курс каталога можно добавить самостоятельно.";
pub const ROUTE_PROPOSED: &str = "Предлагаемый маршрут по результатам диагностики";
pub const ROUTE_ACCEPTED: &str = "Ваш маршрут";
pub const ROUTE_BASED_ON: &str = "По результатам: ";
pub const ROUTE_ACCEPT: &str = "Принять маршрут";
pub const ROUTE_REPROPOSE: &str = "Заменить маршрут новым предложением";
pub const ROUTE_PROPOSAL_NOTE: &str = "Маршрут — наименьший набор курсов, закрывающий выраженные дефициты (ниже 60 %), начиная с самых выраженных. Примите его, а затем удаляйте, заменяйте и добавляйте курсы: маршрут ваш, его видите только вы.";
pub const ROUTE_GROUP_SOFT: &str = "Надпредметные курсы (soft skills) и управление";
pub const ROUTE_GROUP_SUBJECT: &str = "Предметные курсы";
pub const ROUTE_COVERS: &str = "закрывает: ";
pub const ROUTE_ADDED_BY_PERSON: &str = "добавлен вами";
pub const ROUTE_UNCOVERED: &str = "Выраженные дефициты, которые маршрут не закрывает";
pub const ROUTE_UNCOVERED_NOTE: &str = "Добавьте курс из каталога или обратитесь к методисту: если подходящего курса нет, его подберёт региональный институт развития образования.";
pub const ROUTE_REMOVE: &str = "Убрать из маршрута";
pub const ROUTE_REPLACE: &str = "Заменить на";
pub const ROUTE_REPLACE_SUBMIT: &str = "Заменить";
pub const ROUTE_ADD: &str = "Добавить курс из каталога";
pub const ROUTE_ADD_SUBMIT: &str = "Добавить";
pub const ROUTE_PLAN: &str = "Сроки";
pub const ROUTE_PLAN_START: &str = "Начать";
pub const ROUTE_PLAN_END: &str = "Закончить";
pub const ROUTE_PLAN_SUBMIT: &str = "Сохранить сроки";
pub const ROUTE_HISTORY: &str = "История изменений маршрута";
pub const ROUTE_EMPTY: &str = "В маршруте нет курсов.";
pub const ROUTE_NOT_IN_ROUTE: &str = "Этого курса нет в вашем маршруте.";
pub const ROUTE_ALREADY_IN_ROUTE: &str = "Этот курс уже есть в маршруте.";
pub const ROUTE_NOT_ACCEPTED: &str = "Сначала примите маршрут.";
pub const ROUTE_BAD_OP: &str = "Неизвестное действие с маршрутом.";
pub const ROUTE_HISTORY_ACTIONS: [(&str, &str); 5] = [
    ("accepted", "маршрут принят"),
    ("removed", "курс убран"),
    ("replaced", "курс заменён"),
    ("added", "курс добавлен"),
    ("planned", "сроки изменены"),
];

/// «закрывает: Проектирование урока (0 %), Формирующее оценивание (0 %)».
pub fn route_covers(covers: &[(String, f64)]) -> String {
    let list: Vec<String> = covers
        .iter()
        .map(|(title, score)| format!("{title} ({} %)", (score * 100.0).round()))
        .collect();
    format!("{ROUTE_COVERS}{}", list.join(", "))
}
