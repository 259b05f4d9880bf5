//! Faults caused on purpose: requests that never finish, sent to exhaust what the server shares
//! between regions.

use std::time::Duration;

use tokio::{io::AsyncWriteExt, net::TcpStream};

use crate::{
    attacks::{refused, Attack, Outcome},
    helpers::{signed_in, spawn_app},
};

pub fn attacks() -> Vec<Attack> {
    vec![crate::attack!(stalled_uploads_starve_every_other_region)]
}

/// Twice the default pool of 20 database connections.
const STALLED: usize = 40;

/// An operator's session (or a stolen one) starts uploads and never sends the rest of the
/// file. If an upload held a database connection while its body arrived, these would take the
/// whole pool and every region would wait for it. A region has one upload slot, so the first
/// upload waits for its body and every other one is refused at once with 503.
async fn stalled_uploads_starve_every_other_region() -> Outcome {
    let app = spawn_app().await;
    let cookies = signed_in(&app, "khabarovsk", "stall@example.ru", "regional_operator", None).await;
    let host = app.address.trim_start_matches("http://");
    let head = format!(
        "POST /r/khabarovsk/admin/identification/upload HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n\
         Cookie: {cookies}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000000\r\n\r\n\
         --x\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nschools\r\n\
         --x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nschool_id,name",
        app.address
    );
    let mut stalled = Vec::new();
    for _ in 0..STALLED {
        let mut stream = TcpStream::connect(host).await.map_err(|e| e.to_string())?;
        stream
            .write_all(head.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        stalled.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut statuses = Vec::new();
    for stream in &stalled {
        let mut head = [0u8; 12];
        statuses.push(match stream.try_read(&mut head) {
            Ok(n) => String::from_utf8_lossy(&head[..n]).into_owned(),
            Err(_) => "waiting".to_string(),
        });
    }
    let waiting = statuses.iter().filter(|s| *s == "waiting").count();
    let busy = statuses.iter().filter(|s| *s == "HTTP/1.1 503").count();
    refused(
        waiting == 1 && busy == STALLED - 1,
        format!("expected one upload waiting for its body and the rest refused with 503: {statuses:?}"),
    )?;

    let page = tokio::time::timeout(Duration::from_secs(10), app.get_text("/r/kuzbass")).await;
    let status = page
        .map_err(|_| "another region's page waited over 10 s behind stalled uploads")?
        .0;
    refused(status == 200, format!("another region's page answered {status}"))?;
    let ready = app.get("/readyz").await.status().as_u16();
    refused(
        ready == 200,
        format!("/readyz answered {ready} while uploads stalled"),
    )
}
