//! Text of the e-mails and of the outbox page.

pub const MAIL_RETRY_NOT_FOUND: &str = "Такого неотправленного письма нет или оно уже в очереди.";
/// The error of a message whose sending a restart interrupted.
pub const OUTBOX_INTERRUPTED: &str =
    "Отправка прервана (перезапуск сервера): неизвестно, принял ли письмо почтовый \
                                      сервер. Проверьте и при необходимости отправьте повторно.";
pub fn outbox_bad_recipient(error: &dyn std::fmt::Display) -> String {
    format!("некорректный адрес получателя: {error}")
}
pub fn outbox_not_built(error: &dyn std::fmt::Display) -> String {
    format!("письмо не собрано: {error}")
}

// The layout of every message.
/// The line above every message: the platform and the region.
pub fn mail_masthead(region: &str) -> String {
    format!("Рост · {region}")
}
pub const MAIL_BUTTON_FALLBACK: &str = "Если кнопка не открывается, скопируйте ссылку в браузер:";
pub fn mail_footer(region: &str) -> String {
    format!(
        "Это письмо отправлено платформой «Рост» ({region}). Если вы не совершали этого действия, \
         просто проигнорируйте письмо."
    )
}
pub fn mail_greeting(full_name: &str) -> String {
    format!("{MAIL_GREETING_PREFIX}, {full_name}!")
}
pub const MAIL_GREETING_PREFIX: &str = "Здравствуйте";

// Accounts.
pub const MAIL_CONFIRM_SUBJECT: &str = "Подтвердите адрес электронной почты";
pub fn mail_confirm_registered(region: &str) -> String {
    format!("Вы зарегистрировались на платформе «Рост» в регионе «{region}».")
}
pub const MAIL_CONFIRM_TEXT: &str =
    "Чтобы войти в личный кабинет, подтвердите адрес электронной почты. Ссылка действует 24 часа \
     и срабатывает один раз.";
pub const MAIL_CONFIRM_ACTION: &str = "Подтвердить адрес";
pub const MAIL_RESET_SUBJECT: &str = "Восстановление пароля";
pub const MAIL_RESET_TEXT: &str =
    "Кто-то (возможно, вы) запросил восстановление пароля на платформе «Рост». Ссылка действует \
     1 час и срабатывает один раз.";
pub const MAIL_RESET_ACTION: &str = "Задать новый пароль";
pub const MAIL_NEW_EMAIL_SUBJECT: &str = "Подтвердите новый адрес электронной почты";
pub const MAIL_NEW_EMAIL_TEXT: &str =
    "Вы указали этот адрес как новый адрес своего личного кабинета на платформе «Рост». Адрес \
     сменится, когда вы подтвердите его. Ссылка действует 24 часа.";
pub const MAIL_EMAIL_CHANGE_SUBJECT: &str = "Запрошена смена адреса электронной почты";
pub fn mail_email_change_text(new_email: &str) -> String {
    format!(
        "Для вашего личного кабинета запрошена смена адреса на {new_email}. Адрес сменится после \
             подтверждения по ссылке, отправленной на новый адрес."
    )
}
pub const MAIL_EMAIL_CHANGE_WARNING: &str =
    "Если это были не вы, смените пароль и сообщите региональному оператору.";
pub const MAIL_PASSWORD_CHANGED_SUBJECT: &str = "Пароль изменён";
pub const MAIL_PASSWORD_CHANGED_TEXT: &str =
    "Пароль от вашего личного кабинета изменён, и все сеансы на других устройствах завершены.";
pub const MAIL_PASSWORD_CHANGED_WARNING: &str =
    "Если это сделали не вы, немедленно восстановите пароль и сообщите региональному оператору.";

// Diagnostics.
pub const MAIL_ASSIGNED_SUBJECT: &str = "Вам назначена диагностика";
pub fn mail_assigned_text(title: &str) -> String {
    format!("Вам назначена диагностика «{title}». Она поможет выявить профессиональные дефициты и подобрать программы развития.")
}
pub fn mail_assigned_due(due: &str) -> String {
    format!("Пройдите её до {due}.")
}
pub const MAIL_ASSIGNED_RESUME: &str = "Ответы сохраняются сразу, поэтому диагностику можно прервать и продолжить позже, в том числе с другого устройства.";
pub const MAIL_RESULTS_SUBJECT: &str = "Результаты диагностики готовы";
pub fn mail_results_text(title: &str) -> String {
    format!("Диагностика «{title}» завершена. В личном кабинете вас ждёт анализ профессиональных дефицитов.")
}
pub const MAIL_RESULTS_ACTION: &str = "Посмотреть результаты";

// Sessions: invitations and the lockout.
pub const MAIL_INVITATION_SUBJECT: &str = "Приглашение на платформу «Рост»";
pub fn mail_invitation_text(region: &str, roles: &str) -> String {
    format!(
        "Региональный оператор приглашает вас на платформу «Рост» в регионе «{region}» с ролями: {roles}. \
         Приглашение начнёт действовать, только когда вы его примете. Ссылка действует 72 часа."
    )
}
pub const MAIL_INVITATION_ACTION: &str = "Открыть приглашение";
pub const MAIL_LOCKED_SUBJECT: &str = "Попытки войти в ваш личный кабинет";
pub fn mail_locked_text(attempts: i32) -> String {
    format!(
        "Кто-то {attempts} раз подряд ввёл неверный пароль к вашей учётной записи. Вход временно \
         замедлен: после каждой новой серии ошибок придётся подождать до 15 минут. Если это были не вы, \
         смените пароль; если вы забыли пароль, восстановите его по ссылке на странице входа."
    )
}
pub const MAIL_LOCKED_ACTION: &str = "Восстановить пароль";

// The decision on a school membership.
pub const MAIL_OPEN_CABINET: &str = "Открыть личный кабинет";
/// Subject and paragraphs of the e-mail telling a person that their school confirmed them
/// (`director`: and that they are now a director of it).
pub fn mail_membership_confirmed(
    region: &str,
    full_name: &str,
    school: &str,
    director: bool,
) -> (&'static str, Vec<String>) {
    let mut paragraphs = vec![
        format!("Здравствуйте, {full_name}!"),
        format!("Ваша принадлежность к школе «{school}» в регионе «{region}» подтверждена."),
        "Результаты ваших диагностик теперь учитываются в обезличенных средних значениях школы.".to_string(),
    ];
    if director {
        paragraphs.push(
            "Вам назначена роль «руководитель ОО»: в личном кабинете доступны обобщённые результаты школы \
             и подтверждение её сотрудников."
                .to_string(),
        );
    }
    ("Принадлежность к школе подтверждена", paragraphs)
}
/// Subject and paragraphs of the e-mail telling a person that their school was not confirmed.
pub fn mail_membership_rejected(
    region: &str,
    full_name: &str,
    school: &str,
    reason: &str,
) -> (&'static str, Vec<String>) {
    (
        "Принадлежность к школе не подтверждена",
        vec![
            format!("Здравствуйте, {full_name}!"),
            format!("Ваша принадлежность к школе «{school}» в регионе «{region}» не подтверждена."),
            format!("Причина: {reason}"),
            "Вы по-прежнему можете проходить диагностики, но их результаты не входят в средние значения \
             школы. Если это ошибка, обратитесь к директору школы или к региональному оператору."
                .to_string(),
        ],
    )
}
