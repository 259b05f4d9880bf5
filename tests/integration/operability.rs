use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_while_the_process_is_alive() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn readyz_answers_ready_when_the_database_is_reachable() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/readyz").await;
    assert_eq!(status, 200);
    assert_eq!(body, "ready");
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/healthz", "/r/nope"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let request_id = headers
            .get("x-request-id")
            .expect("x-request-id")
            .to_str()
            .unwrap();
        assert_eq!(
            request_id.len(),
            36,
            "{path}: request id should be a UUID, got {request_id}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    }
}

#[tokio::test]
async fn pages_allow_only_the_inline_script_that_carries_this_responses_nonce() {
    let app = spawn_app().await;
    let first = app.get("/").await;
    let csp = first.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = first.text().await.unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the page policy");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("'unsafe-inline'"), "{csp}");
    assert!(
        body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script must carry the nonce"
    );

    let second = app.get("/").await;
    let second_csp = second.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        !second_csp.contains(nonce),
        "a nonce must not be reused across responses"
    );
}

#[tokio::test]
async fn html_is_compressed_when_the_client_accepts_gzip() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/", app.address))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
}

#[test]
fn a_bad_environment_variable_stops_the_server_with_a_message_naming_it() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .env("ROST_PORT", "восемьдесят")
        .env_remove("DATABASE_URL")
        .output()
        .expect("run the server binary");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ROST_PORT"), "{stderr}");
    assert!(stderr.contains("Некорректное значение"), "{stderr}");
}
