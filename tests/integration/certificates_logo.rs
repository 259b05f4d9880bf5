//! The region's logo: uploaded on the template form, checked by content (never by name),
//! refused with its reason, audited, and drawn on the certificates issued after it.

use app::certificates::{CertificateSettings, GetCertificateSettings, IssueManual};

use crate::certificates::{graduate, json, SLUG};
use crate::helpers::{signed_in, spawn_app, TestApp};

/// A `width` × `height` RGB PNG with a colour gradient.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..width * height)
            .flat_map(|i| [(i % width * 2) as u8, (i / width * 4) as u8, 140])
            .collect();
        writer.write_image_data(&pixels).unwrap();
    }
    bytes
}

/// Posts the logo form; returns where it redirects to (or the status when it does not).
async fn upload(app: &TestApp, slug: &str, cookies: &str, name: &str, bytes: Vec<u8>) -> String {
    let path = format!("/r/{slug}/admin/certificates/logo");
    match app.post_files(&path, cookies, &[], &[(name, &bytes)]).await {
        (_, location) if !location.is_empty() => location,
        (status, _) => status.to_string(),
    }
}

async fn logo_type(app: &TestApp, admin: &str) -> Option<String> {
    let settings: CertificateSettings =
        json(app.call::<GetCertificateSettings>(&[("slug", SLUG)], admin).await).await;
    settings.logo
}

/// `pdfimages -list`'s rows: (width, height) of each image in the PDF.
fn images(pdf: &[u8]) -> Vec<(u32, u32)> {
    let path = std::env::temp_dir().join(format!("logo-{}.pdf", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, pdf).unwrap();
    let output = std::process::Command::new("pdfimages")
        .args(["-list", path.to_str().unwrap()])
        .output()
        .expect("pdfimages (poppler-utils)");
    let _ = std::fs::remove_file(&path);
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .filter_map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            (columns.get(2) == Some(&"image"))
                .then(|| (columns[3].parse().unwrap(), columns[4].parse().unwrap()))
        })
        .collect()
}

/// The colour of the point (`x`, `y`) from the top left, in points, of the PDF's first page
/// as `pdftoppm` (poppler-utils) draws it at 72 dpi.
fn pixel(pdf: &[u8], x: usize, y: usize) -> [u8; 3] {
    let dir = std::env::temp_dir().join(format!("logo-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("c.pdf"), pdf).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .current_dir(&dir)
        .args(["-r", "72", "-singlefile", "c.pdf", "page"])
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
    let ppm = std::fs::read(dir.join("page.ppm")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    // P6, width, height, maxval, each followed by one whitespace, then RGB bytes.
    let mut fields = ppm.splitn(5, |b| b.is_ascii_whitespace());
    let width: usize = std::str::from_utf8(fields.nth(1).unwrap())
        .unwrap()
        .parse()
        .unwrap();
    let pixels = fields.nth(2).unwrap();
    let at = (y * width + x) * 3;
    [pixels[at], pixels[at + 1], pixels[at + 2]]
}

#[tokio::test]
async fn a_png_logo_checked_by_content_is_audited_and_drawn_on_the_pdf() {
    let app = spawn_app().await;
    let admin = signed_in(&app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    let back = |outcome: &str| format!("/r/{SLUG}/admin/certificates?logo={outcome}#template");
    // Named .svg, a PNG by content: the content decides.
    assert_eq!(
        upload(&app, SLUG, &admin, "logo.svg", png(120, 60)).await,
        back("saved")
    );
    assert_eq!(logo_type(&app, &admin).await.as_deref(), Some("image/png"));
    let audited: serde_json::Value = sqlx::query_scalar(
        "select details from audit_log where action = 'certificate_logo_uploaded' order by id desc limit 1",
    )
    .fetch_one(&app.owner)
    .await
    .expect("the upload is audited");
    assert_eq!(audited["type"], "image/png");

    // Refused by content, each with its reason; the logo stays as it was.
    let script = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
    assert_eq!(
        upload(&app, SLUG, &admin, "logo.svg", script).await,
        back("active")
    );
    assert_eq!(
        upload(&app, SLUG, &admin, "logo.png", b"not a picture".to_vec()).await,
        back("type")
    );
    let large = format!("<svg>{}</svg>", " ".repeat(200 * 1024)).into_bytes();
    assert_eq!(upload(&app, SLUG, &admin, "logo.svg", large).await, back("large"));
    assert_eq!(logo_type(&app, &admin).await.as_deref(), Some("image/png"));

    // Nobody else may change it: a teacher, or another region's administrator.
    let teacher = signed_in(&app, SLUG, "logo-teacher@school.ru", "teacher", None).await;
    assert_eq!(upload(&app, SLUG, &teacher, "l.png", png(8, 8)).await, "403");
    let ryazan = signed_in(&app, "ryazan", "cert-admin@ryazan.ru", "certificate_admin", None).await;
    assert_eq!(upload(&app, SLUG, &ryazan, "l.png", png(8, 8)).await, "403");

    graduate(&app, "logo-holder@school.ru", "Логотипова Анна").await;
    let form = [
        ("slug", SLUG),
        ("form[email]", "logo-holder@school.ru"),
        ("form[programme]", "Программа"),
        ("form[hours]", "36"),
        ("form[reason]", "Проверка логотипа"),
    ];
    let number: String = json(app.call::<IssueManual>(&form, &admin).await).await;
    let pdf: Vec<u8> = sqlx::query_scalar("select pdf from certificates where number = $1")
        .bind(&number)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(images(&pdf), vec![(120, 60)], "the logo is the PDF's one image");
    assert!(pdf.len() < 150 * 1024, "{} bytes", pdf.len());

    // An SVG passes the checks and is kept, and drawn as vectors (no image) in the logo's box.
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#d03020"/></svg>"##;
    assert_eq!(
        upload(&app, SLUG, &admin, "logo.png", svg.to_vec()).await,
        back("saved")
    );
    assert_eq!(logo_type(&app, &admin).await.as_deref(), Some("image/svg+xml"));
    let number: String = json(app.call::<IssueManual>(&form, &admin).await).await;
    let pdf: Vec<u8> = sqlx::query_scalar("select pdf from certificates where number = $1")
        .bind(&number)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert!(images(&pdf).is_empty(), "the SVG is drawn as vectors");
    assert_eq!(
        pixel(&pdf, 72, 72),
        [0xd0, 0x30, 0x20],
        "the logo's red in its box"
    );
    assert_eq!(pixel(&pdf, 72, 200), [255, 255, 255], "white below the logo");
    assert!(pdf.len() < 150 * 1024, "{} bytes", pdf.len());
    // An SVG that is safe XML but cannot be drawn (no size) is refused on upload.
    let not_svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>"#;
    assert_eq!(
        upload(&app, SLUG, &admin, "logo.svg", not_svg.to_vec()).await,
        back("svg")
    );

    // Removing the logo leaves the template without one.
    let remove = reqwest::multipart::Form::new().text("remove", "1");
    let removed = app
        .client
        .post(format!("{}/r/{SLUG}/admin/certificates/logo", app.address))
        .header("origin", &app.address)
        .header("cookie", &admin)
        .multipart(remove)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.headers()["location"], back("removed").as_str());
    assert_eq!(logo_type(&app, &admin).await, None);
}
