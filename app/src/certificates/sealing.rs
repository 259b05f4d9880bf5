//! The regions' signing keys at rest: each private key is sealed with ChaCha20-Poly1305 (ring)
//! under a master key that lives neither in the repository nor in the database
//! (`ROST_KEY_ENCRYPTION_KEY`, or a file in the local data folder). The region's id is the
//! associated data, so a key row copied into another region does not open there.

use std::fmt;
use std::sync::Arc;

use base64::{engine::general_purpose::STANDARD, Engine};
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use uuid::Uuid;

/// What the associated data starts with, so a sealed key cannot pass for any other sealed value.
const CONTEXT: &[u8] = b"rost certificate signing key v1:";

/// The 32-byte key that seals the regions' signing keys.
#[derive(Clone)]
pub struct MasterKey(Arc<[u8; 32]>);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

/// Why a master key or a sealed signing key was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SealError {
    #[error("the key encryption key must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)")]
    BadMasterKey,
    #[error(
        "the certificate signing key of region {0} does not open with this key encryption key \
         (was ROST_KEY_ENCRYPTION_KEY or the data folder's key changed, or the row copied from another region?)"
    )]
    WrongKey(Uuid),
}

impl MasterKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        MasterKey(Arc::new(bytes))
    }

    /// A key from its base64 text, as in `ROST_KEY_ENCRYPTION_KEY` or the data folder's file.
    pub fn from_base64(text: &str) -> Result<Self, SealError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| SealError::BadMasterKey)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| SealError::BadMasterKey)?;
        Ok(Self::from_bytes(bytes))
    }

    pub fn generate() -> Self {
        Self::from_bytes(rand::random())
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_slice())
    }

    fn aead(&self) -> LessSafeKey {
        LessSafeKey::new(
            UnboundKey::new(&CHACHA20_POLY1305, self.0.as_slice()).expect("32 bytes is the key length"),
        )
    }
}

fn aad(tenant_id: Uuid) -> Aad<Vec<u8>> {
    let mut data = CONTEXT.to_vec();
    data.extend_from_slice(tenant_id.as_bytes());
    Aad::from(data)
}

/// Seals `secret` for the region: (nonce, ciphertext with its tag). The nonce is random: each
/// region seals one key, so 96 random bits never repeat in practice.
pub fn seal(master: &MasterKey, tenant_id: Uuid, secret: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let nonce: [u8; NONCE_LEN] = rand::random();
    let mut sealed = secret.to_vec();
    master
        .aead()
        .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), aad(tenant_id), &mut sealed)
        .expect("a key of a few bytes is within ChaCha20-Poly1305's limits");
    (nonce.to_vec(), sealed)
}

/// Opens what [`seal`] sealed for the same region with the same master key.
pub fn open(master: &MasterKey, tenant_id: Uuid, nonce: &[u8], sealed: &[u8]) -> Result<Vec<u8>, SealError> {
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SealError::WrongKey(tenant_id))?;
    let mut buffer = sealed.to_vec();
    let opened = master
        .aead()
        .open_in_place(nonce, aad(tenant_id), &mut buffer)
        .map_err(|_| SealError::WrongKey(tenant_id))?;
    Ok(opened.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_keys_open_only_with_their_master_key_and_region() {
        let (master, region) = (MasterKey::generate(), Uuid::new_v4());
        let secret = [7u8; 48];
        let (nonce, sealed) = seal(&master, region, &secret);
        assert!(
            !sealed.windows(32).any(|w| w == &secret[16..]),
            "no plaintext at rest"
        );
        assert_eq!(open(&master, region, &nonce, &sealed).unwrap(), secret);
        let other = Uuid::new_v4();
        assert_eq!(
            open(&master, other, &nonce, &sealed),
            Err(SealError::WrongKey(other))
        );
        assert_eq!(
            open(&MasterKey::generate(), region, &nonce, &sealed),
            Err(SealError::WrongKey(region))
        );
        assert_eq!(
            open(&master, region, &nonce[..4], &sealed),
            Err(SealError::WrongKey(region))
        );
    }

    #[test]
    fn a_master_key_is_32_bytes_of_base64() {
        let key = MasterKey::generate();
        assert!(MasterKey::from_base64(&key.to_base64()).is_ok());
        assert_eq!(
            MasterKey::from_base64("c2hvcnQ=").unwrap_err(),
            SealError::BadMasterKey
        );
        assert_eq!(
            MasterKey::from_base64("не base64").unwrap_err(),
            SealError::BadMasterKey
        );
    }
}
