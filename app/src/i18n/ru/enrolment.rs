//! Enrolment in courses, their completion and the documents that confirm it (issue 12).

// The person's route page and the cabinet.
pub const ENROL: &str = "Записаться";
pub const ENROL_CANCEL: &str = "Отменить запись";
pub const ENROL_PLANNED: &str = "запланирован";
pub const ENROL_ENROLLED: &str = "записан";
pub fn enrol_waiting(position: i64) -> String {
    format!("в листе ожидания (№ {position})")
}
pub fn enrol_completed(hours: i32) -> String {
    format!("пройден, {hours} ч")
}
pub const ENROL_CANCELLED: &str = "запись отменена";
pub fn enrol_progress(done: i64, total: i64, hours: i64) -> String {
    format!("Пройдено {done} из {total} курсов, {hours} ч")
}
pub const ENROL_STATE: &str = "Состояние: ";
pub const ENROL_OTHER_COURSES: &str = "Другие курсы";
pub const ENROL_UPLOAD: &str = "Документ о прохождении (PDF, JPG или PNG, до 10 МБ)";
pub const ENROL_UPLOAD_SUBMIT: &str = "Отправить документ";
pub const ENROL_UPLOADED: &str = "Документ отправлен администратору курсов на проверку.";
pub fn enrol_document_pending(file_name: &str) -> String {
    format!("Документ «{file_name}» на проверке.")
}
pub fn enrol_document_returned(comment: &str) -> String {
    format!("Документ возвращён: {comment}. Загрузите исправленный.")
}

// Refusals.
pub const ENROL_NOT_OPEN: &str = "Запись на этот курс не ведётся: вы уже прошли его.";
pub const ENROL_NOTHING_TO_CANCEL: &str = "Вы не записаны на этот курс.";
pub const ENROL_NO_ENROLMENT: &str =
    "Сначала запишитесь на курс: документ подтверждает прохождение курса, на который вы записаны.";
pub const ENROL_DOCUMENT_WAITING: &str =
    "Ваш документ по этому курсу уже на проверке. Дождитесь решения администратора.";
pub const ENROL_BAD_FILE: &str =
    "Файл должен быть документом PDF или изображением JPG или PNG (проверяется содержимое файла, а не его имя).";
pub const ENROL_EMPTY_FILE: &str = "Файл пуст.";
pub const ENROL_BAD_HOURS: &str = "Часы: целое число от 1 до 2000.";
pub const ENROL_BAD_DATE: &str = "Дата прохождения: укажите дату в виде ДД.ММ.ГГГГ, не позже сегодняшней.";
pub const ENROL_COMMENT_REQUIRED: &str =
    "Комментарий: напишите, что исправить, — без него документ не вернуть.";
pub const ENROL_COMMENT_TOO_LONG: &str = "Комментарий: не длиннее 1000 символов.";
pub const ENROL_DECIDED: &str = "Решение по этому документу уже принято.";
pub const ENROL_OWN: &str =
    "Своё прохождение курса подтверждает другой администратор курсов или региональный оператор.";
pub const ENROL_ALREADY_COMPLETED: &str = "Прохождение уже подтверждено.";
pub const COURSE_HAS_COMPLETIONS: &str =
    "Курс нельзя удалить: у него есть подтверждённые прохождения, на которых основаны часы и удостоверения.";

// The course administrator's page.
pub const ENROL_ADMIN_TITLE: &str = "Записи и прохождение курсов";
pub const ENROL_ADMIN_NOTE: &str =
    "Записи педагогов на курсы, лист ожидания, подтверждение прохождения и проверка документов.";
pub const ENROL_ADMIN_EMPTY: &str = "На курсы пока никто не записан.";
pub const ENROL_ADMIN_DOCUMENTS: &str = "Документы на проверке";
pub const ENROL_ADMIN_NO_DOCUMENTS: &str = "Документов на проверке нет.";
pub const ENROL_ADMIN_ACCEPT: &str = "Принять";
pub const ENROL_ADMIN_RETURN: &str = "Вернуть";
pub const ENROL_ADMIN_COMMENT: &str = "Комментарий (обязателен при возврате)";
pub const ENROL_ADMIN_DOWNLOAD: &str = "Скачать";
pub const ENROL_ADMIN_OWN_DOCUMENT: &str = "Ваш документ: его проверяет другой администратор.";
pub const ENROL_ADMIN_HOURS: &str = "Часы";
pub const ENROL_ADMIN_DATE: &str = "Дата прохождения";
pub const ENROL_ADMIN_COMPLETE: &str = "Отметить прохождение";
pub const ENROL_ADMIN_DONE: &str = "Сохранено.";
pub fn enrol_admin_seats(taken: i64, capacity: Option<i32>) -> String {
    match capacity {
        Some(capacity) => format!("Занято мест: {taken} из {capacity}"),
        None => format!("Записано: {taken}, без ограничения мест"),
    }
}
pub const ENROL_ADMIN_IMPORT: &str = "Прохождение списком из XLSX";
pub const ENROL_ADMIN_IMPORT_HINT: &str =
    "Первая строка — заголовки: «E-mail», «Часы», «Дата». Пустые часы — часы курса. Если хотя бы \
     одна строка с ошибкой, не сохраняется ничего.";
pub const ENROL_ADMIN_IMPORT_COURSE: &str = "Курс";
pub const ENROL_ADMIN_IMPORT_SUBMIT: &str = "Загрузить";
pub fn enrol_imported(count: usize) -> String {
    format!("Прохождение подтверждено: {count} чел.")
}
pub const ENROL_VIA: [(&str, &str); 3] = [
    ("admin", "администратором"),
    ("document", "по документу"),
    ("micro", "микрокурс"),
];

// The workbook of completions.
pub const ENROL_COL_EMAIL: &str = "E-mail";
pub const ENROL_COL_HOURS: &str = "Часы";
pub const ENROL_COL_DATE: &str = "Дата";
pub fn enrol_missing_column(title: &str) -> String {
    format!("В первой строке нет столбца «{title}».")
}
pub fn enrol_cell_error(row: usize, column: &str, message: &str) -> String {
    format!("Строка {row}, столбец «{column}»: {message}")
}
pub const ENROL_CELL_EMPTY_EMAIL: &str = "адрес не указан";
pub fn enrol_cell_unknown_email(email: &str) -> String {
    format!("в регионе нет участника с адресом {email}")
}
pub fn enrol_cell_duplicate(email: &str, first: usize) -> String {
    format!("адрес {email} уже есть в строке {first}")
}
pub const ENROL_CELL_BAD_HOURS: &str = "нужно целое число от 1 до 2000";
pub const ENROL_CELL_BAD_DATE: &str = "нужна дата ДД.ММ.ГГГГ не позже сегодняшней";
pub const ENROL_FILE_EMPTY: &str = "В файле нет ни одной строки с данными.";
pub fn enrol_more_errors(more: usize) -> String {
    format!("…и ещё ошибок: {more}.")
}

// E-mails.
pub const MAIL_ENROLLED_SUBJECT: &str = "Вы записаны на курс";
pub fn mail_enrolled_text(course: &str) -> String {
    format!("Вы записаны на курс «{course}».")
}
pub const MAIL_WAITING_SUBJECT: &str = "Вы в листе ожидания курса";
pub fn mail_waiting_text(course: &str, position: i64) -> String {
    format!(
        "Свободных мест на курсе «{course}» сейчас нет. Вы в листе ожидания под номером {position}; \
         когда место освободится, мы запишем вас и сообщим."
    )
}
pub const MAIL_PLACE_FREED_SUBJECT: &str = "Освободилось место на курсе";
pub fn mail_place_freed_text(course: &str) -> String {
    format!("На курсе «{course}» освободилось место, и вы записаны на него из листа ожидания.")
}
pub const MAIL_DOCUMENT_ACCEPTED_SUBJECT: &str = "Прохождение курса подтверждено";
pub fn mail_document_accepted_text(course: &str, hours: i32) -> String {
    format!("Ваш документ принят: курс «{course}» засчитан, {hours} ч.")
}
pub const MAIL_DOCUMENT_RETURNED_SUBJECT: &str = "Документ о прохождении курса возвращён";
pub fn mail_document_returned_text(course: &str, comment: &str) -> String {
    format!(
        "Документ по курсу «{course}» возвращён с комментарием: {comment}. Загрузите исправленный документ."
    )
}
pub const MAIL_OPEN_ROUTE: &str = "Открыть маршрут";
