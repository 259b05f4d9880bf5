//! The regions' signing keys at rest: sealed under the master key (not in the database), the
//! region's id bound in, plaintext rows of before sealed at start-up, a wrong master key a clear
//! error and not a panic.

use app::certificates::sealing::{self, MasterKey, SealError};
use app::certificates::signing::{self, KeyError};
use app::certificates::IssueManual;
use server::{config::Config, db::Connections, startup::Application};
use uuid::Uuid;

use crate::certificates::{graduate, json, SLUG};
use crate::helpers::{cluster, signed_in, spawn_app, spawn_app_with, tenant_id, TestApp};

#[derive(sqlx::FromRow)]
struct Row {
    private_key: Vec<u8>,
    nonce: Option<Vec<u8>>,
    public_key: Vec<u8>,
}

async fn stored(app: &TestApp, tenant: Uuid) -> Row {
    sqlx::query_as("select private_key, nonce, public_key from certificate_keys where tenant_id = $1")
        .bind(tenant)
        .fetch_one(&app.owner)
        .await
        .expect("the region's key")
}

/// Issues one certificate by hand (which makes the region's key); returns its JWT.
async fn issue_one(app: &TestApp) -> String {
    let admin = signed_in(app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    graduate(app, "keys@school.ru", "Ключева Анна").await;
    let form = [
        ("slug", SLUG),
        ("form[email]", "keys@school.ru"),
        ("form[programme]", "Программа"),
        ("form[hours]", "36"),
        ("form[reason]", "Проверка ключей"),
    ];
    let number: String = json(app.call::<IssueManual>(&form, &admin).await).await;
    sqlx::query_scalar("select jwt from certificates where number = $1")
        .bind(&number)
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

fn public_of(seed: &[u8]) -> Vec<u8> {
    let seed: [u8; 32] = seed.try_into().expect("a 32-byte seed");
    ed25519_dalek::SigningKey::from_bytes(&seed)
        .verifying_key()
        .to_bytes()
        .to_vec()
}

#[tokio::test]
async fn the_private_key_is_stored_sealed_and_still_signs() {
    let app = spawn_app().await;
    let jwt = issue_one(&app).await;
    let tenant = tenant_id(&app.owner, SLUG).await;
    let row = stored(&app, tenant).await;
    let file = std::fs::read_to_string(app.data_dir.join("certificate-key-encryption-key"))
        .expect("the data folder's key");
    let mode = std::fs::metadata(app.data_dir.join("certificate-key-encryption-key")).unwrap();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode.permissions()) & 0o777,
        0o600
    );
    let master = MasterKey::from_base64(&file).unwrap();
    let nonce = row.nonce.expect("sealed");
    let pkcs8 = sealing::open(&master, tenant, &nonce, &row.private_key).expect("opens with the master key");
    let seed = &pkcs8[16..];
    assert_eq!(
        public_of(seed),
        row.public_key,
        "the sealed key is the region's key"
    );
    assert!(
        !row.private_key.windows(32).any(|w| w == seed),
        "no 32 bytes of the row are the private key"
    );
    assert!(
        signing::verified(&row.public_key, &jwt).is_some(),
        "the twin still verifies"
    );

    let wrong = MasterKey::generate();
    let mut conn = app.owner.acquire().await.unwrap();
    match signing::region_key(&mut conn, tenant, &wrong).await {
        Err(KeyError::Seal(SealError::WrongKey(id))) => assert_eq!(id, tenant),
        Err(other) => panic!("another error: {other}"),
        Ok(_) => panic!("a wrong master key opened the region's key"),
    }
    let error = signing::seal_stored_keys(&app.owner, &wrong)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("does not open") && error.contains(&tenant.to_string()),
        "{error}"
    );

    // The row copied into another region does not open there.
    let ryazan = tenant_id(&app.owner, "ryazan").await;
    sqlx::query(
        "insert into certificate_keys (tenant_id, kid, private_key, nonce, public_key)
         select $2, kid, private_key, nonce, public_key from certificate_keys where tenant_id = $1",
    )
    .bind(tenant)
    .bind(ryazan)
    .execute(&app.owner)
    .await
    .unwrap();
    assert!(matches!(
        signing::region_key(&mut conn, ryazan, &master).await,
        Err(KeyError::Seal(SealError::WrongKey(id))) if id == ryazan
    ));
    assert!(signing::region_key(&mut conn, tenant, &master).await.is_ok());
}

#[tokio::test]
async fn a_wrong_key_encryption_key_stops_the_start_with_a_clear_message() {
    let key = MasterKey::generate().to_base64();
    let app = spawn_app_with(&[("ROST_KEY_ENCRYPTION_KEY", key.clone())]).await;
    issue_one(&app).await;
    assert!(
        !app.data_dir.join("certificate-key-encryption-key").exists(),
        "the configured key is used, none is generated"
    );
    let start = |key: String| {
        let database = app.database.clone();
        let data_dir = app.data_dir.clone();
        async move {
            let config = Config::from_lookup(|name| match name {
                "ROST_PORT" => Some("0".into()),
                "ROST_DATA_DIR" => Some(data_dir.display().to_string()),
                "ROST_SEED_DEMO" => Some("false".into()),
                "ROST_KEY_ENCRYPTION_KEY" => Some(key.clone()),
                _ => None,
            })
            .unwrap();
            Application::build_with(config, Connections::embedded(cluster(), &database), None).await
        }
    };
    let error = match start(MasterKey::generate().to_base64()).await {
        Err(error) => error.to_string(),
        Ok(_) => panic!("started with a wrong key encryption key"),
    };
    assert!(
        error.contains("does not open with this key encryption key"),
        "{error}"
    );
    assert!(start(key).await.is_ok(), "the right key starts");
}

#[tokio::test]
async fn keys_stored_in_clear_before_are_sealed_at_start() {
    let app = spawn_app().await;
    let tenant = tenant_id(&app.owner, SLUG).await;
    let seed = [42u8; 32];
    let mut pkcs8 = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ];
    pkcs8.extend_from_slice(&seed);
    sqlx::query(
        "insert into certificate_keys (tenant_id, kid, private_key, public_key) values ($1, 'old', $2, $3)",
    )
    .bind(tenant)
    .bind(&pkcs8)
    .bind(public_of(&seed))
    .execute(&app.owner)
    .await
    .unwrap();
    let app = crate::helpers::restart(app).await;
    let row = stored(&app, tenant).await;
    assert!(row.nonce.is_some(), "sealed at start-up");
    assert!(!row.private_key.windows(32).any(|w| w == seed));
    let jwt = issue_one(&app).await;
    assert!(
        signing::verified(&public_of(&seed), &jwt).is_some(),
        "the same key signs after sealing"
    );
}
