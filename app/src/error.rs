//! The one error type that crosses the server-function boundary.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

use crate::i18n::ru;

/// What went wrong, in terms a user can act on. Internal causes are logged on the server and
/// never sent to the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{}", ru::REGION_NOT_FOUND_TEXT)]
    RegionNotFound,
    #[error("{}", ru::NOT_FOUND_RECORD)]
    NotFound,
    #[error("{}", ru::ERROR_INTERNAL)]
    Internal,
    #[error("{}", ru::ERROR_REQUEST)]
    Request,
    #[error("{}", ru::ERROR_BAD_REQUEST)]
    BadRequest,
    /// A form field that needs correcting; `field` is the input's name.
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{}", ru::ERROR_UNAUTHORIZED)]
    Unauthorized,
    #[error("{}", ru::ERROR_FORBIDDEN)]
    Forbidden,
    #[error("{}", ru::ERROR_BAD_CREDENTIALS)]
    BadCredentials,
    #[error("{}", ru::ERROR_EMAIL_NOT_CONFIRMED)]
    EmailNotConfirmed,
    #[error("{}", ru::ERROR_TOKEN_INVALID)]
    TokenInvalid,
    #[error("{}", ru::error_rate_limited(*retry_after))]
    RateLimited { retry_after: u64 },
    /// An upload over its cap of `limit` bytes, refused before it is read whole.
    #[error("{}", ru::upload_too_large(*limit))]
    TooLarge { limit: u64 },
    /// The region's upload slot or the server's parse slots are taken: try again shortly.
    #[error("{}", ru::UPLOAD_BUSY)]
    Busy,
}

impl AppError {
    /// Logs the real cause with every error beneath it (a database error names the failed
    /// query's cause only in its source) and returns the opaque error a user sees.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        let cause = cause.into();
        let mut chain = cause.to_string();
        let mut source = cause.source();
        while let Some(inner) = source {
            chain.push_str(": ");
            chain.push_str(&inner.to_string());
            source = inner.source();
        }
        tracing::error!(error = %chain, "internal error");
        AppError::Internal
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::RegionNotFound | AppError::NotFound => 404,
            AppError::BadRequest | AppError::Invalid { .. } | AppError::TokenInvalid => 400,
            AppError::Unauthorized | AppError::BadCredentials | AppError::EmailNotConfirmed => 401,
            AppError::Forbidden => 403,
            AppError::RateLimited { .. } => 429,
            AppError::TooLarge { .. } => 413,
            AppError::Busy => 503,
            AppError::Internal | AppError::Request => 500,
        }
    }
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Turns a violated database constraint into the error of the form field it guards, so a
/// duplicate or a dangling reference found by PostgreSQL reads like any other field error.
#[cfg(feature = "ssr")]
pub trait OnConstraint<T> {
    /// `rules` are `(constraint name, field, message)`; other failures stay internal.
    fn on_constraint(self, rules: &[(&str, &str, &str)]) -> Result<T, AppError>;
}

#[cfg(feature = "ssr")]
impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
    fn on_constraint(self, rules: &[(&str, &str, &str)]) -> Result<T, AppError> {
        self.map_err(|error| {
            let violated = error.as_database_error().and_then(|db| db.constraint());
            match rules.iter().find(|(name, _, _)| Some(*name) == violated) {
                Some((_, field, message)) => AppError::invalid(field, *message),
                None => AppError::from(error),
            }
        })
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::internal(error)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => AppError::Request,
            // On the server: a request body that does not parse is the client's mistake (400);
            // in the browser: an answer that does not parse means the connection failed.
            ServerFnErrorErr::Deserialization(_) if cfg!(feature = "ssr") => AppError::BadRequest,
            ServerFnErrorErr::Deserialization(_) => AppError::Request,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failure");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}
