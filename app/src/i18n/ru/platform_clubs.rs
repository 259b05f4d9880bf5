//! The platform's clubs page (`/admin/clubs`).

pub const PLATFORM_CLUBS_TITLE: &str = "Межрегиональные клубы";
pub const PLATFORM_CLUBS_EMPTY: &str = "Клубов пока нет.";
pub const PLATFORM_NEW_CLUB: &str = "Новый клуб";
pub const PLATFORM_CLUB_CREATE_SUBMIT: &str = "Создать клуб";
pub const PLATFORM_CLUB_CREATED: &str = "Клуб создан:";
pub const FIELD_CLUB_SLUG: &str = "Адрес клуба (латиница)";
pub const FIELD_CLUB_SLUG_HINT: &str =
    "Например, leadership-sib-dv: страница клуба будет /club/leadership-sib-dv.";
pub const FIELD_CLUB_NAME: &str = "Название клуба";
pub const FIELD_CLUB_DESCRIPTION: &str = "Описание";
pub const FIELD_CLUB_REGIONS: &str = "Регионы клуба";
pub const FIELD_CLUB_REGIONS_HINT: &str =
    "Директора и заместители директоров этих регионов становятся участниками клуба автоматически.";
pub const FIELD_CLUB_MODERATORS: &str = "Модераторы";
pub const FIELD_CLUB_MODERATORS_HINT: &str =
    "Адреса электронной почты через запятую или по одному в строке; учётные записи должны быть подтверждены.";
pub const COLUMN_CLUB: &str = "Клуб";
pub const COLUMN_CLUB_REGIONS: &str = "Регионы";
pub const COLUMN_MODERATORS: &str = "Модераторов";
pub const COLUMN_THREADS: &str = "Тем";
pub const ERROR_CLUB_SLUG: &str =
    "Адрес клуба: от 2 до 63 строчных латинских букв, цифр и дефисов, начиная с буквы или цифры.";
pub const ERROR_CLUB_SLUG_TAKEN: &str = "Адрес клуба уже занят другим клубом.";
pub const ERROR_CLUB_NAME: &str = "Название клуба: укажите от 1 до 200 символов.";
pub const ERROR_CLUB_DESCRIPTION: &str = "Описание клуба: не длиннее 20 000 символов.";
pub const ERROR_CLUB_REGIONS: &str = "Регионы клуба: отметьте хотя бы один регион.";
pub const ERROR_CLUB_MODERATORS_MANY: &str = "Модераторы: не больше 20 адресов.";

pub fn error_club_region(slug: &str) -> String {
    format!("Регионы клуба: нет действующего региона «{slug}».")
}

pub fn error_club_moderator(email: &str) -> String {
    format!("Модераторы: нет подтверждённой учётной записи «{email}».")
}
