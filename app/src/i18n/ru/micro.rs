//! Text of micro-courses, the catalogue's workbook and the sharing of routes.

pub const MICRO_TITLE: &str = "Микрокурс";
pub const MICRO_BACK_TO_ROUTE: &str = "← К моему маршруту";
pub const MICRO_LESSONS: &str = "Уроки";
pub const MICRO_LESSON: &str = "Урок";
pub const MICRO_OF: &str = "из";
pub const MICRO_READ_MARK: &str = "прочитан";
pub const MICRO_PREVIOUS: &str = "← Назад";
pub const MICRO_NEXT: &str = "Прочитано, дальше →";
pub const MICRO_TO_CHECK: &str = "Прочитано, к проверке →";
pub const MICRO_CHECK: &str = "Итоговая проверка";
pub const MICRO_CHECK_NOTE: &str = "Задания берутся из банка по компетенциям курса. Курс засчитывается автоматически, если набрать не меньше 80 % баллов; пересдавать можно сколько угодно (каждый раз новые задания).";
pub const MICRO_START_CHECK: &str = "Начать проверку";
pub const MICRO_SUBMIT_CHECK: &str = "Отправить ответы";
pub const MICRO_RETAKE: &str = "Пройти проверку заново";
pub const MICRO_READ_FIRST: &str = "Сначала прочитайте все уроки курса.";
pub const MICRO_NO_ITEMS: &str = "Для проверки по этому курсу в банке заданий региона пока нет заданий.";
pub const MICRO_COMPLETED: &str = "Курс пройден и засчитан: часы добавлены в ваше обучение.";
pub const MICRO_FAILED: &str =
    "Пока не засчитано: нужно не меньше 80 %. Перечитайте уроки и попробуйте снова.";
pub const MICRO_LAST_SCORE: &str = "Последняя проверка: ";
pub const MICRO_OPEN: &str = "Пройти на платформе";
pub const MICRO_HOURS: &str = "ч";

/// «Результат: 75 %».
pub fn micro_score(score: f64) -> String {
    format!("Результат: {} %", (score * 100.0).round())
}
