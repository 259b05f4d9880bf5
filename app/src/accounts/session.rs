//! Sessions: a short-lived access JWT and an opaque refresh token, both in HttpOnly cookies.
//!
//! The refresh token is stored only as a SHA-256 hash and rotated on every use; presenting a
//! token that was already rotated (outside a short grace window for parallel requests) revokes
//! its whole family, because only a thief holds an old token.

use std::collections::HashMap;

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue},
    middleware::Next,
    response::Response,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::state::AppState;

pub const ACCESS_COOKIE: &str = "rost_access";
pub const REFRESH_COOKIE: &str = "rost_refresh";
/// Over HTTPS the cookies carry the `__Host-` prefix: browsers then accept them only from a
/// secure origin, for the whole host and without a `Domain`, so a sibling subdomain or a
/// plain-HTTP page cannot plant or overwrite a session.
const HOST_PREFIX: &str = "__Host-";
pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;
pub const REFRESH_TTL_DAYS: i64 = 30;
/// Parallel requests of one browser may present the same refresh token while the first
/// rotation is in flight; within this window that is not treated as theft.
const ROTATION_GRACE_SECONDS: i64 = 15;

/// Signing keys by `kid`; new tokens are signed with the active one, any listed key verifies,
/// so keys rotate without logging everyone out.
#[derive(Clone)]
pub struct SigningKeys {
    active: String,
    keys: HashMap<String, Vec<u8>>,
}

impl std::fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeys")
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

impl SigningKeys {
    /// `keys` in order, the first being active; each secret at least 32 bytes.
    pub fn new(keys: Vec<(String, Vec<u8>)>) -> Option<Self> {
        let active = keys.first()?.0.clone();
        if keys
            .iter()
            .any(|(kid, secret)| kid.is_empty() || secret.len() < 32)
        {
            return None;
        }
        Some(SigningKeys {
            active,
            keys: keys.into_iter().collect(),
        })
    }

    pub fn random() -> Self {
        SigningKeys::new(vec![("k1".into(), random_bytes(32))]).expect("a valid random key")
    }
}

pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes
}

/// A random token for a link or cookie, and the hash under which it is stored.
pub fn new_token() -> (String, Vec<u8>) {
    let token = URL_SAFE_NO_PAD.encode(random_bytes(32));
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    /// The refresh-token family, i.e. this device's session.
    sid: Uuid,
    iat: i64,
    exp: i64,
}

pub use crate::access::AuthUser;

pub fn issue_access(keys: &SigningKeys, user: &AuthUser, now: i64) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(keys.active.clone());
    let claims = Claims {
        sub: user.user_id,
        sid: user.session_id,
        iat: now,
        exp: now + ACCESS_TTL_SECONDS,
    };
    jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_secret(&keys.keys[&keys.active]),
    )
    .expect("HS256 signing cannot fail")
}

/// The user of a valid, unexpired access token signed by a known key.
pub fn verify_access(keys: &SigningKeys, token: &str) -> Option<AuthUser> {
    let header = jsonwebtoken::decode_header(token).ok()?;
    let secret = keys.keys.get(header.kid.as_deref()?)?;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    let data = jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation).ok()?;
    Some(AuthUser {
        user_id: data.claims.sub,
        session_id: data.claims.sid,
    })
}

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The cookie's name as this site sets it: `__Host-` prefixed when served over HTTPS.
pub fn cookie_name(name: &str, secure: bool) -> String {
    if secure {
        format!("{HOST_PREFIX}{name}")
    } else {
        name.to_string()
    }
}

fn cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let name = cookie_name(name, secure);
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("cookie values are base64url or JWT text")
}

/// Whether the request carries a session cookie (for `Cache-Control: no-store`).
pub fn has_session_cookie(headers: &HeaderMap, secure: bool) -> bool {
    [ACCESS_COOKIE, REFRESH_COOKIE]
        .iter()
        .any(|name| cookie_value(headers, &cookie_name(name, secure)).is_some_and(|v| !v.is_empty()))
}

/// The Set-Cookie headers of a new or refreshed session.
pub fn session_cookies(access: &str, refresh: Option<&str>, secure: bool) -> Vec<HeaderValue> {
    let mut cookies = vec![cookie(ACCESS_COOKIE, access, ACCESS_TTL_SECONDS, secure)];
    if let Some(refresh) = refresh {
        cookies.push(cookie(
            REFRESH_COOKIE,
            refresh,
            REFRESH_TTL_DAYS * 24 * 3600,
            secure,
        ));
    }
    cookies
}

pub fn clear_cookies(secure: bool) -> Vec<HeaderValue> {
    vec![
        cookie(ACCESS_COOKIE, "", 0, secure),
        cookie(REFRESH_COOKIE, "", 0, secure),
    ]
}

/// Stores a new refresh token of `family`; returns the token itself, which only the cookie keeps.
async fn issue_refresh(
    executor: impl sqlx::PgExecutor<'_>,
    user_id: Uuid,
    family: Uuid,
) -> Result<String, sqlx::Error> {
    let (token, hash) = new_token();
    sqlx::query(
        "insert into refresh_tokens (token_hash, user_id, family_id, expires_at)
         values ($1, $2, $3, now() + make_interval(days => $4))",
    )
    .bind(hash)
    .bind(user_id)
    .bind(family)
    .bind(REFRESH_TTL_DAYS as i32)
    .execute(executor)
    .await?;
    Ok(token)
}

/// Starts a session (a refresh-token family) for `user_id`; returns it and its first token.
pub async fn start_family(db: &PgPool, user_id: Uuid) -> Result<(Uuid, String), sqlx::Error> {
    let family = Uuid::new_v4();
    let token = issue_refresh(db, user_id, family).await?;
    Ok((family, token))
}

pub enum Refresh {
    /// A new refresh token (None inside the grace window) for this session.
    Rotated(AuthUser, Option<String>),
    Invalid,
    /// An already-rotated token came back: the family is revoked.
    Reused,
}

/// A presented refresh token as the rotation finds it.
#[derive(sqlx::FromRow)]
struct Presented {
    user_id: Uuid,
    family_id: Uuid,
    expired: bool,
    revoked: bool,
    /// Seconds since it was rotated, if it was.
    rotated_ago: Option<i64>,
    active: bool,
}

/// Rotates a refresh token in one transaction.
pub async fn rotate(db: &PgPool, token: &str) -> Result<Refresh, sqlx::Error> {
    let mut tx = db.begin().await?;
    let row: Option<Presented> = sqlx::query_as(
        "select t.user_id, t.family_id, t.expires_at < now() as expired, t.revoked_at is not null as revoked,
                extract(epoch from now() - t.rotated_at)::bigint as rotated_ago, u.active
         from refresh_tokens t join users u on u.id = t.user_id
         where t.token_hash = $1
         for update of t",
    )
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Presented {
        user_id,
        family_id: family,
        expired,
        revoked,
        rotated_ago,
        active,
    }) = row
    else {
        return Ok(Refresh::Invalid);
    };
    if expired || revoked || !active {
        return Ok(Refresh::Invalid);
    }
    let user = AuthUser {
        user_id,
        session_id: family,
    };
    match rotated_ago {
        Some(ago) if ago <= ROTATION_GRACE_SECONDS => Ok(Refresh::Rotated(user, None)),
        Some(_) => {
            revoke_family(&mut *tx, family).await?;
            crate::access::audit(
                &mut tx,
                None,
                Some(user_id),
                "refresh_token_reuse",
                serde_json::json!({ "family": family }),
            )
            .await?;
            tx.commit().await?;
            Ok(Refresh::Reused)
        }
        None => {
            sqlx::query("update refresh_tokens set rotated_at = now() where token_hash = $1")
                .bind(token_hash(token))
                .execute(&mut *tx)
                .await?;
            let new_token = issue_refresh(&mut *tx, user_id, family).await?;
            tx.commit().await?;
            Ok(Refresh::Rotated(user, Some(new_token)))
        }
    }
}

/// Ends one session (a device) and any token rotated from it.
pub async fn revoke_family(executor: impl sqlx::PgExecutor<'_>, family: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null")
        .bind(family)
        .execute(executor)
        .await
        .map(|_| ())
}

/// Whether the session behind an access token still stands: the person's account is active and
/// the refresh-token family (the device's session) is neither revoked nor expired. Checked on
/// every request that presents an access token (one indexed lookup), so logout, a password
/// change or reset, and account deletion end access at once instead of when the token expires.
async fn session_alive(db: &PgPool, user: &AuthUser) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "select exists(select 1 from refresh_tokens t join users u on u.id = t.user_id
                       where t.family_id = $1 and t.user_id = $2 and u.active
                         and t.revoked_at is null and t.expires_at > now())",
    )
    .bind(user.session_id)
    .bind(user.user_id)
    .fetch_one(db)
    .await
}

/// Ends every session of the person (password reset, deletion …).
pub async fn revoke_all(executor: impl sqlx::PgExecutor<'_>, user_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null")
        .bind(user_id)
        .execute(executor)
        .await
        .map(|_| ())
}

/// Middleware: resolves the session from the cookies into an [`AuthUser`] request extension,
/// refreshing an expired access token with the refresh token.
pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let secure = state.auth.secure_cookies;
    let headers = request.headers();
    let access = cookie_value(headers, &cookie_name(ACCESS_COOKIE, secure))
        .and_then(|t| verify_access(&state.auth.keys, t));
    let access = match access {
        Some(user) => match session_alive(&state.db, &user).await {
            Ok(true) => Some(user),
            Ok(false) => None,
            Err(error) => {
                tracing::error!(%error, "session check failed");
                None
            }
        },
        None => None,
    };
    let mut set_cookies = Vec::new();
    let user = match access {
        Some(user) => Some(user),
        None => match cookie_value(headers, &cookie_name(REFRESH_COOKIE, secure)).filter(|t| !t.is_empty()) {
            None => None,
            Some(token) => match rotate(&state.db, token).await {
                Ok(Refresh::Rotated(user, refresh)) => {
                    let access = issue_access(&state.auth.keys, &user, chrono::Utc::now().timestamp());
                    set_cookies = session_cookies(&access, refresh.as_deref(), secure);
                    Some(user)
                }
                Ok(Refresh::Invalid) | Ok(Refresh::Reused) => {
                    set_cookies = clear_cookies(secure);
                    None
                }
                Err(error) => {
                    tracing::error!(%error, "refresh-token rotation failed");
                    None
                }
            },
        },
    };
    if let Some(user) = user {
        request.extensions_mut().insert(user);
    }
    let mut response = next.run(request).await;
    for value in set_cookies {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Settings of the session machinery.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    pub keys: SigningKeys,
    /// Set the `Secure` flag (the site is served over HTTPS).
    pub secure_cookies: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> AuthUser {
        AuthUser {
            user_id: Uuid::new_v4(),
            session_id: Uuid::new_v4(),
        }
    }

    #[test]
    fn an_access_token_verifies_and_names_its_user() {
        let keys = SigningKeys::random();
        let user = user();
        let token = issue_access(&keys, &user, chrono::Utc::now().timestamp());
        assert_eq!(verify_access(&keys, &token), Some(user));
    }

    #[test]
    fn a_tampered_token_is_refused() {
        let keys = SigningKeys::random();
        let token = issue_access(&keys, &user(), chrono::Utc::now().timestamp());
        let (head, rest) = token.split_once('.').unwrap();
        let (payload, signature) = rest.split_once('.').unwrap();
        let mut claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        claims["sub"] = serde_json::json!(Uuid::new_v4());
        let forged = format!(
            "{head}.{}.{signature}",
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        assert_eq!(verify_access(&keys, &forged), None);
    }

    #[test]
    fn an_expired_token_is_refused() {
        let keys = SigningKeys::random();
        let token = issue_access(
            &keys,
            &user(),
            chrono::Utc::now().timestamp() - ACCESS_TTL_SECONDS - 1,
        );
        assert_eq!(verify_access(&keys, &token), None);
    }

    #[test]
    fn a_token_of_another_key_is_refused_and_a_retired_key_still_verifies() {
        let old = ("k1".to_string(), random_bytes(32));
        let new = ("k2".to_string(), random_bytes(32));
        let before = SigningKeys::new(vec![old.clone()]).unwrap();
        let token = issue_access(&before, &user(), chrono::Utc::now().timestamp());
        let rotated = SigningKeys::new(vec![new.clone(), old]).unwrap();
        assert!(
            verify_access(&rotated, &token).is_some(),
            "tokens of the previous key stay valid"
        );
        let stranger = SigningKeys::new(vec![new]).unwrap();
        assert!(verify_access(&stranger, &token).is_none());
    }

    #[test]
    fn cookies_are_host_prefixed_over_https_only() {
        let secure = session_cookies("a", Some("r"), true);
        assert!(secure.iter().all(|c| {
            let c = c.to_str().unwrap();
            c.starts_with("__Host-rost_")
                && c.contains("; Secure")
                && c.contains("Path=/")
                && !c.contains("Domain")
        }));
        let plain = session_cookies("a", Some("r"), false);
        assert!(plain.iter().all(|c| c.to_str().unwrap().starts_with("rost_")));
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("rost_access=x"));
        assert!(has_session_cookie(&headers, false));
        assert!(
            !has_session_cookie(&headers, true),
            "an unprefixed cookie is no session over HTTPS"
        );
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(SigningKeys::new(vec![("k".into(), vec![1; 16])]).is_none());
    }
}
