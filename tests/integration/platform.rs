//! Platform administration: only `platform_admin` passes its gate, the role sees no region's
//! data without a role there, taking one is audited, a created region works end to end, and
//! `server admin create` makes an administrator whose link sets the password.

use app::{
    accounts::{AcceptInvitation, GetPeople, Register, ResetPassword},
    error::AppError,
    platform::*,
};
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::{
    helpers::{logged_in, signed_in, spawn_app, TestApp},
    mail::{link, wait_for_file},
};

const PASSWORD: &str = "Проверочный-пароль-2026";

async fn json<T: DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: {e}: {text}"))
}

/// A confirmed platform administrator with no role in any region, signed in.
async fn platform_admin(app: &TestApp, email: &str) -> String {
    let user: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name, email_confirmed_at)
         values ($1, $2, 'Администратор Платформы', now()) returning id",
    )
    .bind(email)
    .bind(app::accounts::password::hash(PASSWORD))
    .fetch_one(&app.owner)
    .await
    .unwrap();
    sqlx::query("insert into platform_admins (user_id) values ($1)")
        .bind(user)
        .execute(&app.owner)
        .await
        .unwrap();
    logged_in(app, "khabarovsk", email, PASSWORD).await
}

fn tomsk(slug: &str, code: &str, zone: &str) -> Vec<(&'static str, String)> {
    vec![
        ("slug", slug.into()),
        ("name", "Томская область".into()),
        ("region_code", code.into()),
        ("time_zone", zone.into()),
        ("status_labels", String::new()),
        ("template", "federal_shnor".into()),
    ]
}

fn club_form(slug: &str, regions: &[&str], moderators: &str) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("form[slug]", slug.to_string()),
        ("form[name]", "Клуб заместителей директоров".to_string()),
        ("form[description]", "Обмен опытом".to_string()),
        ("form[moderators]", moderators.to_string()),
    ];
    for region in regions {
        let key: &'static str = Box::leak(format!("form[regions][{region}]").into_boxed_str());
        form.push((key, "on".to_string()));
    }
    form
}

async fn call_owned<F: ServerFn>(
    app: &TestApp,
    form: &[(&'static str, String)],
    cookies: &str,
) -> reqwest::Response {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call::<F>(&form, cookies).await
}

/// Every platform function with arguments of the right shape.
async fn every_platform_call(app: &TestApp, cookies: &str) -> Vec<(&'static str, u16)> {
    let slug = [("slug", "khabarovsk")];
    let mut out = vec![
        (
            GetPlatformRegions::PATH,
            app.call::<GetPlatformRegions>(&[], cookies).await,
        ),
        (
            GetPlatformRegion::PATH,
            app.call::<GetPlatformRegion>(&slug, cookies).await,
        ),
        (
            GetPlatformAudit::PATH,
            app.call::<GetPlatformAudit>(&[], cookies).await,
        ),
        (
            CreateRegion::PATH,
            call_owned::<CreateRegion>(app, &tomsk("tomsk", "70", "Asia/Tomsk"), cookies).await,
        ),
        (
            InviteOperator::PATH,
            app.call::<InviteOperator>(
                &[
                    ("slug", "khabarovsk"),
                    ("full_name", "Взлом"),
                    ("email", "x@example.ru"),
                ],
                cookies,
            )
            .await,
        ),
        (
            GrantSelf::PATH,
            app.call::<GrantSelf>(&[("slug", "khabarovsk"), ("role", "regional_operator")], cookies)
                .await,
        ),
    ];
    out.push((
        GetPlatformClubs::PATH,
        app.call::<GetPlatformClubs>(&[], cookies).await,
    ));
    out.push((
        CreateClub::PATH,
        call_owned::<CreateClub>(app, &club_form("hack", &["khabarovsk"], ""), cookies).await,
    ));
    let mut update = tomsk("khabarovsk", "27", "Asia/Vladivostok");
    update.retain(|(k, _)| *k != "template");
    out.push((
        UpdateRegion::PATH,
        call_owned::<UpdateRegion>(app, &update, cookies).await,
    ));
    out.into_iter()
        .map(|(path, r)| (path, r.status().as_u16()))
        .collect()
}

#[tokio::test]
async fn only_a_platform_administrator_passes_the_gate() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khabarovsk.ru", "regional_operator", None).await;
    for (path, status) in every_platform_call(&app, "").await {
        assert_eq!(status, 401, "{path} without a session");
    }
    for (path, status) in every_platform_call(&app, &operator).await {
        assert_eq!(status, 403, "{path} for a regional operator");
    }
    let changed: i64 = sqlx::query_scalar(
        "select (select count(*) from tenants where slug = 'tomsk' or active = false)
              + (select count(*) from platform_audit) + (select count(*) from invitations)",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(changed, 0, "a refused call changed nothing");
    let denials: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where tenant_id is null and action = 'access_denied'
           and details = '{\"needs\": [\"platform_admin\"]}'",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(denials, 9, "each refusal of a signed-in person is audited");
    let admin = platform_admin(&app, "admin@rost.ru").await;
    let regions: Vec<RegionUsage> = json(app.call::<GetPlatformRegions>(&[], &admin).await).await;
    assert!(regions.iter().any(|r| r.slug == "khabarovsk" && r.active));
}

#[tokio::test]
async fn the_administrator_reads_no_region_data_without_a_role_and_taking_one_is_audited() {
    let app = spawn_app().await;
    signed_in(&app, "khabarovsk", "teacher@khabarovsk.ru", "teacher", None).await;
    let admin = platform_admin(&app, "admin@rost.ru").await;
    let people = app.call::<GetPeople>(&[("slug", "khabarovsk")], &admin).await;
    assert_eq!(
        people.status(),
        403,
        "platform_admin does not bypass region isolation"
    );

    // Usage is counts only, through the security-definer function.
    let regions: Vec<RegionUsage> = json(app.call::<GetPlatformRegions>(&[], &admin).await).await;
    let khabarovsk = regions.iter().find(|r| r.slug == "khabarovsk").unwrap();
    // The test's operator and the demo club's Khabarovsk directors.
    let demo: i64 = sqlx::query_scalar(
        "select count(*) from memberships m join users u on u.id = m.user_id join tenants t on t.id = m.tenant_id
         where t.slug = 'khabarovsk' and u.email like '%.club.example'",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(khabarovsk.people, 1 + demo);

    let granted = app
        .call::<GrantSelf>(&[("slug", "khabarovsk"), ("role", "regional_operator")], &admin)
        .await;
    assert_eq!(granted.status(), 200);
    let people = app.call::<GetPeople>(&[("slug", "khabarovsk")], &admin).await;
    assert_eq!(
        people.status(),
        200,
        "with a role the administrator works in the region"
    );
    let logged: (i64, i64) = sqlx::query_as(
        "select (select count(*) from platform_audit a join users u on u.id = a.user_id
                 where a.action = 'self_grant' and u.email = 'admin@rost.ru'
                   and a.region_id = (select id from tenants where slug = 'khabarovsk')
                   and a.details->>'role' = 'regional_operator'),
                (select count(*) from audit_log l join tenants t on t.id = l.tenant_id
                 where t.slug = 'khabarovsk' and l.action = 'platform_self_grant')",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(logged, (1, 1), "in the platform's log and in the region's own");
    let unknown = app
        .call::<GrantSelf>(&[("slug", "khabarovsk"), ("role", "superuser")], &admin)
        .await;
    assert_eq!(unknown.status(), 400);
}

async fn field_of(response: reqwest::Response) -> String {
    let status = response.status().as_u16();
    match json::<AppError>(response).await {
        AppError::Invalid { field, message } => {
            assert_eq!(status, 400);
            assert!(
                message.chars().any(|c| ('а'..='я').contains(&c)),
                "Russian: {message}"
            );
            field
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn region_forms_name_the_field_they_refuse() {
    let app = spawn_app().await;
    let admin = platform_admin(&app, "admin@rost.ru").await;
    let cases = [
        (tomsk("Томск", "70", "Asia/Tomsk"), "slug"),
        (tomsk("admin", "70", "Asia/Tomsk"), "slug"),
        (tomsk("khabarovsk", "70", "Asia/Tomsk"), "slug"),
        (tomsk("tomsk", "7", "Asia/Tomsk"), "region_code"),
        (tomsk("tomsk", "27", "Asia/Tomsk"), "region_code"),
        (tomsk("tomsk", "70", "Mars/Olympus"), "time_zone"),
        (tomsk("tomsk", "70", "UTC+7"), "time_zone"),
    ];
    for (form, field) in cases {
        let response = call_owned::<CreateRegion>(&app, &form, &admin).await;
        assert_eq!(field_of(response).await, field, "{form:?}");
    }
    let mut bad_labels = tomsk("tomsk", "70", "Asia/Tomsk");
    bad_labels[4].1 = "low_results ШНОР".into();
    let response = call_owned::<CreateRegion>(&app, &bad_labels, &admin).await;
    assert_eq!(field_of(response).await, "status_labels");
    let mut bad_template = tomsk("tomsk", "70", "Asia/Tomsk");
    bad_template[5].1 = "moscow".into();
    let response = call_owned::<CreateRegion>(&app, &bad_template, &admin).await;
    assert_eq!(field_of(response).await, "template");
    let tomsk_rows: i64 = sqlx::query_scalar("select count(*) from tenants where slug = 'tomsk'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(tomsk_rows, 0);
}

#[tokio::test]
async fn a_created_region_gets_its_operator_by_invitation_and_registrations() {
    let app = spawn_app().await;
    let admin = platform_admin(&app, "admin@rost.ru").await;
    let created = call_owned::<CreateRegion>(&app, &tomsk("tomsk", "70", "Asia/Tomsk"), &admin).await;
    assert_eq!(json::<String>(created).await, "tomsk");
    let (status, page) = app.get_text("/r/tomsk").await;
    assert_eq!(status, 200);
    assert!(page.contains("Томская область"));
    let started: (String, i64, i64, i64) = sqlx::query_as(
        "select t.status_labels->>'low_results',
                (select count(*) from identification_configs c where c.tenant_id = t.id),
                (select count(*) from instruments i where i.tenant_id = t.id),
                (select count(*) from courses c where c.tenant_id = t.id)
         from tenants t where t.slug = 'tomsk'",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(started.0, "ШНОР", "the template's labels");
    assert_eq!(started.1, 1, "the template configuration");
    assert!(
        started.2 > 0 && started.3 > 0,
        "the framework's instruments and the catalogue"
    );

    let invited = app
        .call::<InviteOperator>(
            &[
                ("slug", "tomsk"),
                ("full_name", "Оператор Томска"),
                ("email", "op@tomsk.ru"),
            ],
            &admin,
        )
        .await;
    assert_eq!(invited.status(), 200);
    let message = wait_for_file(&app, "op@tomsk.ru").await;
    let url = link(&message, "/r/tomsk/invitation?token=");
    let token = url.split("token=").nth(1).unwrap();
    let accepted = app
        .call::<AcceptInvitation>(&[("slug", "tomsk"), ("token", token), ("password", PASSWORD)], "")
        .await;
    assert_eq!(accepted.status(), 200);
    let operator = logged_in(&app, "tomsk", "op@tomsk.ru", PASSWORD).await;
    let people = app.call::<GetPeople>(&[("slug", "tomsk")], &operator).await;
    assert_eq!(
        people.status(),
        200,
        "the invited person is the region's operator"
    );

    // The operator's registry (here inserted directly) lets teachers register.
    let school: (Uuid, Uuid) = sqlx::query_as(
        "with m as (insert into municipalities (tenant_id, code, name, kind)
                    select id, '70-01', 'Город Томск', 'городской округ' from tenants where slug = 'tomsk'
                    returning tenant_id, id)
         insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural)
         select tenant_id, '70-0001', 'МАОУ СОШ № 1', id, 'средняя', false from m
         returning id, municipality_id",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let registered = app
        .call::<Register>(
            &[
                ("form[slug]", "tomsk"),
                ("form[full_name]", "Петрова Анна Сергеевна"),
                ("form[email]", "teacher@tomsk.ru"),
                ("form[municipality_id]", &school.1.to_string()),
                ("form[school_id]", &school.0.to_string()),
                ("form[position]", "teacher"),
                ("form[subjects]", "физика"),
                ("form[experience_years]", "5"),
                ("form[consent]", "on"),
            ],
            "",
        )
        .await;
    assert_eq!(registered.status(), 200);

    let log: Vec<PlatformAuditEntry> = json(app.call::<GetPlatformAudit>(&[], &admin).await).await;
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["operator_invited", "region_created"]);
    assert_eq!(log[0].region.as_deref(), Some("Томская область"));
}

#[tokio::test]
async fn a_deactivated_region_disappears_and_edits_are_audited() {
    let app = spawn_app().await;
    let admin = platform_admin(&app, "admin@rost.ru").await;
    let form = [
        ("slug", "ryazan"),
        ("name", "Рязанская область"),
        ("region_code", "62"),
        ("time_zone", "Europe/Moscow"),
        (
            "status_labels",
            "low_results = ШСНОР\nsocial = ШФНСУ\nrisk = Группа риска",
        ),
    ];
    assert_eq!(app.call::<UpdateRegion>(&form, &admin).await.status(), 200);
    assert_eq!(app.get("/r/ryazan").await.status(), 404, "deactivated");
    let settings: RegionSettings =
        json(app.call::<GetPlatformRegion>(&[("slug", "ryazan")], &admin).await).await;
    assert!(!settings.active);
    assert!(settings.status_labels.contains("risk = Группа риска"));
    let mut active = form.to_vec();
    active.push(("active", "on"));
    assert_eq!(app.call::<UpdateRegion>(&active, &admin).await.status(), 200);
    assert_eq!(app.get("/r/ryazan").await.status(), 200, "active again");
    let mut taken = active.clone();
    taken[2] = ("region_code", "27");
    assert_eq!(
        field_of(app.call::<UpdateRegion>(&taken, &admin).await).await,
        "region_code"
    );
    let edits: i64 =
        sqlx::query_scalar("select count(*) from platform_audit where action = 'region_updated'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert_eq!(edits, 2);
    let missing = app
        .call::<GetPlatformRegion>(&[("slug", "nowhere")], &admin)
        .await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn the_command_line_creates_an_administrator_whose_link_sets_the_password() {
    let app = spawn_app().await;
    let args = server::cli::parse_admin(&[
        "create".into(),
        "--email".into(),
        " Admin@Rost.RU ".into(),
        "--name".into(),
        "Главный Администратор".into(),
    ])
    .unwrap();
    let done = server::cli::admin_with(&app.owner, &args, &app.address)
        .await
        .unwrap();
    assert!(done.created);
    let token = done.link.split("/reset?token=").nth(1).unwrap().to_string();
    let reset = app
        .call::<ResetPassword>(&[("token", &token), ("password", PASSWORD)], "")
        .await;
    assert_eq!(reset.status(), 200);
    let again = app
        .call::<ResetPassword>(&[("token", &token), ("password", PASSWORD)], "")
        .await;
    assert_eq!(again.status(), 400, "the link works once");
    let admin = logged_in(&app, "khabarovsk", "admin@rost.ru", PASSWORD).await;
    assert_eq!(app.call::<GetPlatformRegions>(&[], &admin).await.status(), 200);

    // An existing account gets the role, once.
    signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    let existing = server::cli::AdminArgs {
        email: "op@ryazan.ru".into(),
        name: None,
    };
    assert!(
        !server::cli::admin_with(&app.owner, &existing, &app.address)
            .await
            .unwrap()
            .created
    );
    assert!(
        !server::cli::admin_with(&app.owner, &existing, &app.address)
            .await
            .unwrap()
            .created
    );
    let rows: (i64, i64) = sqlx::query_as(
        "select (select count(*) from platform_admins),
                (select count(*) from platform_audit where action in ('admin_created', 'admin_granted'))",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(rows, (2, 3));
    assert!(server::cli::parse_admin(&["create".into()]).is_err());
    assert!(server::cli::parse_admin(&["drop".into(), "--email".into(), "a@b.ru".into()]).is_err());
}

#[test]
fn the_admin_command_refuses_bad_arguments_with_exit_code_2() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["admin", "create", "--mail", "x@example.ru"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--mail") && stderr.contains("server admin create --email"),
        "{stderr}"
    );
}

#[tokio::test]
async fn the_administrator_creates_a_club_with_regions_moderators_and_sections() {
    let app = spawn_app().await;
    let admin = platform_admin(&app, "clubs@rost.ru").await;
    signed_in(&app, "novosibirsk", "moderator@nsk.ru", "director", None).await;
    let refused = [
        (club_form("Плохой адрес", &["khabarovsk"], ""), "slug"),
        (club_form("deputies", &[], ""), "regions"),
        (club_form("deputies", &["atlantis"], ""), "regions"),
        (
            club_form("deputies", &["khabarovsk"], "nobody@nowhere.ru"),
            "moderators",
        ),
    ];
    for (form, field) in refused {
        assert_eq!(
            field_of(call_owned::<CreateClub>(&app, &form, &admin).await).await,
            field
        );
    }
    let form = club_form("deputies", &["khabarovsk", "novosibirsk"], "Moderator@nsk.ru");
    let created: String = json(call_owned::<CreateClub>(&app, &form, &admin).await).await;
    assert_eq!(created, "deputies");
    let again = call_owned::<CreateClub>(&app, &form, &admin).await;
    assert_eq!(field_of(again).await, "slug", "the address is taken");

    let page: PlatformClubs = json(app.call::<GetPlatformClubs>(&[], &admin).await).await;
    let club = page.clubs.iter().find(|c| c.slug == "deputies").expect("listed");
    assert_eq!(club.regions, "Новосибирская область, Хабаровский край");
    assert_eq!((club.moderators, club.threads), (1, 0));
    assert!(page.regions.iter().any(|(slug, _)| slug == "orenburg"));
    let (sections, moderator): (i64, bool) = sqlx::query_as(
        "select (select count(*) from club_sections s join clubs c on c.id = s.club_id where c.slug = 'deputies'),
                exists (select 1 from club_members m join clubs c on c.id = m.club_id join users u on u.id = m.user_id
                        where c.slug = 'deputies' and u.email = 'moderator@nsk.ru' and m.role = 'club_moderator')",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(
        (sections, moderator),
        (6, true),
        "the default sections and the moderator"
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from platform_audit where action = 'club_created' and details->>'slug' = 'deputies'",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}
