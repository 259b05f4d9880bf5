//! The verifiable JSON twin: each certificate as a W3C Verifiable Credential shaped like an
//! Open Badges 3.0 `OpenBadgeCredential`, signed as a JWT (EdDSA) with the region's Ed25519 key.
//! The key is made on the region's first issue and stored sealed under the master key; its
//! public half is published as a JWKS.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use uuid::Uuid;

use super::sealing::{self, MasterKey, SealError};
use crate::error::AppError;

/// PKCS#8 v1 around a 32-byte Ed25519 seed (RFC 8410), the form jsonwebtoken signs with.
const PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// A region's key, opened: the private half never leaves the server and is stored sealed
/// ([`super::sealing`]).
pub struct RegionKey {
    pub kid: String,
    private_pkcs8: Vec<u8>,
    pub public_key: Vec<u8>,
}

/// The row as stored: `private_key` is sealed under the master key with `nonce`.
#[derive(sqlx::FromRow)]
struct StoredKey {
    kid: String,
    private_key: Vec<u8>,
    nonce: Option<Vec<u8>>,
    public_key: Vec<u8>,
}

/// Why a region's key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Seal(#[from] SealError),
    #[error("the certificate signing key of region {0} is stored unsealed; restart the server to seal it")]
    Unsealed(Uuid),
}

impl From<KeyError> for AppError {
    fn from(error: KeyError) -> Self {
        AppError::internal(error)
    }
}

/// The region's key, made (once, whoever comes first) on its first use.
pub async fn region_key(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    master: &MasterKey,
) -> Result<RegionKey, KeyError> {
    if let Some(key) = stored(conn, tenant_id).await? {
        return opened(key, tenant_id, master);
    }
    let seed: [u8; 32] = rand::random();
    let public = ed25519_dalek::SigningKey::from_bytes(&seed)
        .verifying_key()
        .to_bytes();
    let mut pkcs8 = PKCS8_PREFIX.to_vec();
    pkcs8.extend_from_slice(&seed);
    let (nonce, sealed) = sealing::seal(master, tenant_id, &pkcs8);
    let kid: String = Sha256::digest(public)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    sqlx::query(
        "insert into certificate_keys (tenant_id, kid, private_key, nonce, public_key) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id) do nothing",
    )
    .bind(tenant_id)
    .bind(&kid)
    .bind(&sealed)
    .bind(&nonce)
    .bind(public.as_slice())
    .execute(&mut *conn)
    .await?;
    let key = stored(conn, tenant_id).await?.expect("the key was just stored");
    opened(key, tenant_id, master)
}

async fn stored(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Option<StoredKey>, sqlx::Error> {
    sqlx::query_as("select kid, private_key, nonce, public_key from certificate_keys where tenant_id = $1")
        .bind(tenant_id)
        .fetch_optional(conn)
        .await
}

fn opened(key: StoredKey, tenant_id: Uuid, master: &MasterKey) -> Result<RegionKey, KeyError> {
    let nonce = key.nonce.ok_or(KeyError::Unsealed(tenant_id))?;
    Ok(RegionKey {
        kid: key.kid,
        private_pkcs8: sealing::open(master, tenant_id, &nonce, &key.private_key)?,
        public_key: key.public_key,
    })
}

/// Seals the keys stored in clear before keys were sealed (rows without a nonce), then checks
/// that every stored key opens with `master`, so a wrong master key stops the start-up with a
/// clear message instead of failing each issue. Runs at start-up on the owner's pool (the
/// application role may not update keys); returns how many keys it sealed.
pub async fn seal_stored_keys(owner: &sqlx::PgPool, master: &MasterKey) -> Result<usize, KeyError> {
    let mut tx = owner.begin().await?;
    let plain: Vec<(Uuid, Vec<u8>)> =
        sqlx::query_as("select tenant_id, private_key from certificate_keys where nonce is null for update")
            .fetch_all(&mut *tx)
            .await?;
    for (tenant_id, private_key) in &plain {
        let (nonce, sealed) = sealing::seal(master, *tenant_id, private_key);
        sqlx::query("update certificate_keys set private_key = $2, nonce = $3 where tenant_id = $1")
            .bind(tenant_id)
            .bind(&sealed)
            .bind(&nonce)
            .execute(&mut *tx)
            .await?;
    }
    let all: Vec<(Uuid, Vec<u8>, Vec<u8>)> =
        sqlx::query_as("select tenant_id, nonce, private_key from certificate_keys")
            .fetch_all(&mut *tx)
            .await?;
    for (tenant_id, nonce, sealed) in all {
        sealing::open(master, tenant_id, &nonce, &sealed)?;
    }
    tx.commit().await?;
    Ok(plain.len())
}

/// Signs the claims as a compact JWT with the region's key.
pub fn sign(key: &RegionKey, claims: &Value) -> Result<String, jsonwebtoken::errors::Error> {
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(key.kid.clone());
    header.typ = Some("vc+jwt".into());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(&key.private_pkcs8))
}

/// The claims of `jwt` if the region's key signed it, else `None`.
pub fn verified(public_key: &[u8], jwt: &str) -> Option<Value> {
    let key = DecodingKey::from_ed_components(&URL_SAFE_NO_PAD.encode(public_key)).ok()?;
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    jsonwebtoken::decode::<Value>(jwt, &key, &validation)
        .ok()
        .map(|data| data.claims)
}

/// The JWKS of the region's public key.
pub fn jwks(kid: &str, public_key: &[u8]) -> Value {
    json!({ "keys": [{
        "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
        "kid": kid, "x": URL_SAFE_NO_PAD.encode(public_key),
    }] })
}

/// What the credential says.
pub struct Claims<'a> {
    pub issuer: &'a str,
    pub region_name: &'a str,
    pub verify_url: &'a str,
    pub number: &'a str,
    pub title: &'a str,
    pub full_name: &'a str,
    pub programme: &'a str,
    pub hours: i32,
    pub dates: &'a str,
    pub competencies: &'a str,
    pub pdf_sha256: &'a str,
    pub issued_at: i64,
    pub valid_from: &'a str,
}

pub fn claims(c: &Claims) -> Value {
    json!({
        "iss": c.issuer,
        "jti": c.number,
        "iat": c.issued_at,
        "vc": {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": c.verify_url,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": c.title,
            "issuer": { "id": c.issuer, "type": ["Profile"], "name": c.region_name },
            "validFrom": c.valid_from,
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "name": c.full_name,
                "achievement": {
                    "id": c.verify_url,
                    "type": ["Achievement"],
                    "name": c.programme,
                    "criteria": { "narrative": c.dates },
                    "tag": c.competencies.split(", ").filter(|s| !s.is_empty()).collect::<Vec<_>>()
                },
                "creditsEarned": c.hours
            },
            "evidence": [{ "type": ["Evidence"], "name": "PDF", "digestSRI": format!("sha256-{}", c.pdf_sha256) }]
        }
    })
}

/// The twin file: the credential in clear and the JWT that proves it.
pub fn twin(jwt: &str) -> Option<Value> {
    let payload = URL_SAFE_NO_PAD.decode(jwt.split('.').nth(1)?).ok()?;
    let claims: Value = serde_json::from_slice(&payload).ok()?;
    Some(json!({ "credential": claims.get("vc")?, "jwt": jwt }))
}

/// Checks an uploaded twin against the region's key and the number: `Some(true)` when the
/// signature holds and the clear credential is the signed one, `Some(false)` when it does not,
/// `None` when the file is not a twin at all.
pub fn check_twin(public_key: &[u8], number: &str, file: &[u8]) -> Option<bool> {
    let document: Value = serde_json::from_slice(file).ok()?;
    let jwt = document.get("jwt")?.as_str()?;
    Some(match verified(public_key, jwt) {
        Some(claims) => {
            claims.get("jti").and_then(Value::as_str) == Some(number)
                && claims.get("vc") == document.get("credential")
        }
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> RegionKey {
        let seed = [7u8; 32];
        let public = ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes();
        let mut pkcs8 = PKCS8_PREFIX.to_vec();
        pkcs8.extend_from_slice(&seed);
        RegionKey {
            kid: "k".into(),
            private_pkcs8: pkcs8,
            public_key: public.to_vec(),
        }
    }

    #[test]
    fn a_signed_twin_verifies_and_any_change_is_refused() {
        let key = key();
        let jwt = sign(
            &key,
            &json!({ "jti": "27-2026-000001", "vc": { "name": "Иванова" } }),
        )
        .unwrap();
        let file = serde_json::to_vec(&twin(&jwt).unwrap()).unwrap();
        assert_eq!(check_twin(&key.public_key, "27-2026-000001", &file), Some(true));
        assert_eq!(check_twin(&key.public_key, "27-2026-000002", &file), Some(false));
        let edited = String::from_utf8(file.clone())
            .unwrap()
            .replace("Иванова", "Петрова");
        assert_eq!(
            check_twin(&key.public_key, "27-2026-000001", edited.as_bytes()),
            Some(false)
        );
        let at = jwt.rfind('.').unwrap() + 10;
        let flipped = if &jwt[at..=at] == "A" { "B" } else { "A" };
        let broken = format!("{}{flipped}{}", &jwt[..at], &jwt[at + 1..]);
        let broken = serde_json::to_vec(&twin(&broken).unwrap()).unwrap();
        assert_eq!(
            check_twin(&key.public_key, "27-2026-000001", &broken),
            Some(false)
        );
        let other = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32])
            .verifying_key()
            .to_bytes();
        assert_eq!(check_twin(&other, "27-2026-000001", &file), Some(false));
        assert_eq!(check_twin(&key.public_key, "27-2026-000001", b"%PDF-1.7"), None);
    }
}
