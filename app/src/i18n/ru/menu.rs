//! The header's menu.

pub const MENU_LABEL: &str = "Меню";
pub const MENU_SIGNED_IN: &str = "Вы вошли как";
