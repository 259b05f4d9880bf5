//! Russian text of the sessions hardening (issue 10); re-exported from `i18n::ru`.

/// A free-text field longer than its limit; `field` is the field's label.
pub fn error_too_long(field: &str, max: usize) -> String {
    format!("Поле «{field}» длиннее {max} символов. Сократите его.")
}
pub const FIELD_PASSWORD_LABEL: &str = "Пароль";

// Confirming the address sets the password.
pub const CONFIRM_SET_PASSWORD_TEXT: &str =
    "Чтобы подтвердить адрес, задайте пароль для входа в личный кабинет. Его знаете только вы: \
     ссылка пришла на вашу почту.";
pub const CONFIRM_NEW_ADDRESS_TEXT: &str = "Нажмите кнопку, чтобы подтвердить новый адрес электронной почты.";
pub const CONFIRM_PASSWORD_REQUIRED: &str = "Задайте пароль для входа: без него адрес не подтверждается.";

// Invitations.
pub const INVITATION_TITLE: &str = "Приглашение";
pub const INVITATION_ACCEPT: &str = "Принять приглашение";
pub const INVITATION_DONE: &str = "Приглашение принято. Роли региона доступны в личном кабинете.";
pub const INVITATION_STATUS_SENT: &str = "приглашение отправлено";
pub const INVITATIONS_SENT_TITLE: &str = "Отправленные приглашения";
pub const INVITATIONS_NONE: &str = "Открытых приглашений нет.";
pub const MY_INVITATIONS_TITLE: &str = "Приглашения";
pub fn invitation_offer(region: &str, roles: &str) -> String {
    format!("Вас приглашают работать на платформе «Рост» в регионе «{region}» с ролями: {roles}.")
}
pub const INVITATION_SET_PASSWORD: &str =
    "Задайте пароль для входа: с ним вы будете входить в личный кабинет по адресу из приглашения.";
pub fn invitation_sign_in(email: &str) -> String {
    format!(
        "У адреса {email} уже есть учётная запись. Войдите в личный кабинет под этим адресом и примите \
         приглашение там или снова откройте ссылку из письма."
    )
}
pub const INVITATION_OTHER_ACCOUNT: &str =
    "Приглашение адресовано другому адресу электронной почты. Выйдите и войдите под адресом из приглашения.";

/// What stays in the outbox of a sent message that carried a one-time link.
pub const OUTBOX_REDACTED: &str = "Текст письма удалён после отправки: в нём была одноразовая ссылка.";
