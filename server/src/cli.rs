//! `server identify`: the identification engine without a database, for checking the
//! methodology against other implementations and for benchmarks.

use std::{io::Write, path::PathBuf};

use app::identification::{config::Config, engine};

/// What went wrong, worded for the person at the terminal; every variant means exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}\nИспользование: server identify --config CONFIG.json --data DATA.csv|DATA.xlsx [--format json|csv] [--out FILE]")]
    Usage(String),
    #[error("Не удалось прочитать конфигурацию «{path}»: {reason}")]
    ConfigFile { path: String, reason: String },
    #[error(transparent)]
    Config(#[from] app::identification::config::ConfigError),
    #[error(transparent)]
    Engine(#[from] engine::EngineError),
    #[error("Не удалось записать результат в «{path}»: {reason}")]
    Output { path: String, reason: String },
}

#[derive(Debug, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

struct IdentifyArgs {
    config: PathBuf,
    data: PathBuf,
    format: Format,
    out: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<IdentifyArgs, CliError> {
    let mut config = None;
    let mut data = None;
    let mut format = Format::Json;
    let mut out = None;
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| CliError::Usage(format!("после {flag} нужно значение")))
        };
        match flag.as_str() {
            "--config" => config = Some(PathBuf::from(value()?)),
            "--data" => data = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--format" => {
                format = match value()?.as_str() {
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => {
                        return Err(CliError::Usage(format!(
                            "неизвестный формат «{other}»: json или csv"
                        )))
                    }
                }
            }
            other => return Err(CliError::Usage(format!("неизвестный параметр «{other}»"))),
        }
    }
    Ok(IdentifyArgs {
        config: config.ok_or_else(|| CliError::Usage("не указан --config".into()))?,
        data: data.ok_or_else(|| CliError::Usage("не указан --data".into()))?,
        format,
        out,
    })
}

/// Runs `identify` with the arguments after the subcommand.
pub fn identify(args: &[String]) -> Result<(), CliError> {
    let args = parse(args)?;
    let text = std::fs::read_to_string(&args.config).map_err(|e| CliError::ConfigFile {
        path: args.config.display().to_string(),
        reason: e.to_string(),
    })?;
    let config = Config::from_json(&text)?;
    let result = engine::run_file(&config, &args.data)?;
    let output_error = |path: &str, e: &dyn std::fmt::Display| CliError::Output {
        path: path.into(),
        reason: e.to_string(),
    };
    let (sink, name): (Box<dyn Write>, String) = match &args.out {
        Some(path) => (
            Box::new(std::fs::File::create(path).map_err(|e| output_error(&path.display().to_string(), &e))?),
            path.display().to_string(),
        ),
        None => (Box::new(std::io::stdout().lock()), "stdout".into()),
    };
    let mut sink = std::io::BufWriter::with_capacity(1 << 20, sink);
    let written = match args.format {
        Format::Json => result.write_json(&mut sink).and_then(|_| sink.write_all(b"\n")),
        Format::Csv => sink.write_all(result.to_csv().as_bytes()),
    };
    written
        .and_then(|_| sink.flush())
        .map_err(|e| output_error(&name, &e))?;
    // The process ends here; freeing a large result piece by piece would only delay the exit.
    std::mem::forget(result);
    Ok(())
}
