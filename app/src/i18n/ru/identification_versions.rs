//! Reproducible identification runs: data versions, «Воспроизвести», the comparison with the
//! current data (issue 16 §2).

pub const CONFIG_RETENTION_EXPECTED: &str = "целое число дней больше нуля";

pub const RUN_NOT_RECORDED: &str =
    "Этот расчёт сделан до того, как данные стали храниться версиями: воспроизвести его нельзя.";
pub const RUN_DATA_DELETED: &str = "Версия данных, которую читал этот расчёт, удалена по сроку хранения \
     (расчёт не был опубликован): воспроизвести его нельзя.";
pub const RUN_DIFF_EXTERNAL: &str =
    "Расчёт по внешнему списку не зависит от загруженных данных: сравнивать не с чем.";
pub const RUN_DATA_TITLE: &str = "Данные расчёта";
pub const RUN_DATA_HINT: &str =
    "Каждый год данных хранится версиями; расчёт помнит, какую версию каждого года он читал.";
pub const RUN_DATA_OLD: &str = "Расчёт сделан до введения версий данных: какие версии он читал, неизвестно.";
pub const REPRODUCE: &str = "Воспроизвести";
pub const REPRODUCE_HINT: &str =
    "Пересчитать по тем же версиям данных и конфигурации и сравнить результат побайтно.";
pub const REPRODUCE_SAME: &str = "Результат совпадает с сохранённым побайтно.";
pub const NEWER_DATA: &str = "Есть более новые данные, чем те, по которым сделан этот расчёт.";
pub const DIFF_CURRENT: &str = "Сравнить с расчётом на текущих данных";
pub const DIFF_CURRENT_SAME: &str = "На текущих данных статусы школ те же.";
pub const DIFF_ADDED: &str = "Добавятся";
pub const DIFF_REMOVED: &str = "Уйдут";

pub fn run_data_corrupted(year: i32) -> String {
    format!("Данные за {year} год не совпадают со своей контрольной суммой: воспроизвести расчёт нельзя.")
}

pub fn used_year(year: i32, version: i32, sha256: &str) -> String {
    format!(
        "{year}: версия {version}, SHA-256 {}…",
        &sha256[..sha256.len().min(12)]
    )
}

pub fn used_year_deleted() -> &'static str {
    " (удалена по сроку хранения)"
}

pub fn newer_version(version: i32, at: &str) -> String {
    format!(" — есть новее: версия {version} от {at}")
}

pub fn years_added(years: &[i32]) -> String {
    let list: Vec<String> = years.iter().map(i32::to_string).collect();
    format!("После расчёта загружены годы: {}.", list.join(", "))
}

pub fn reproduce_differs(schools: usize, recorded: Option<i32>, now: i32) -> String {
    let engine = match recorded {
        Some(v) if v != now => format!(" Расчёт сделан движком версии {v}, сейчас версия {now}."),
        _ => String::new(),
    };
    format!("Результат не совпадает с сохранённым: отличаются статусы {schools} школ.{engine}")
}

pub fn reproduce_hashes(stored: &str, recomputed: &str) -> String {
    format!(
        "SHA-256 сохранённого: {}…, пересчитанного: {}…",
        &stored[..12.min(stored.len())],
        &recomputed[..12.min(recomputed.len())]
    )
}

pub fn engine_line(version: i32) -> String {
    format!("Версия движка: {version}.")
}

pub fn diff_current_title(years: &[i32]) -> String {
    let list: Vec<String> = years.iter().map(i32::to_string).collect();
    format!("Расчёт на текущих данных ({})", list.join(", "))
}

pub fn year_version(version: i32) -> String {
    format!("версия {version}")
}
