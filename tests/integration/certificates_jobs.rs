//! Bulk jobs seen from the database: the administrator's page lists the region's running and
//! recent jobs with their counts and each failure's reason on every open, whoever started them
//! and whether or not the page that started them is still open.

use app::certificates::{GetCertificateJobs, IssueEligible, JobProgress};
use app::i18n::ru;

use crate::certificates::{graduate, json, wait_for_job, SLUG};
use crate::helpers::{signed_in, spawn_app, TestApp};

async fn jobs(app: &TestApp, slug: &str, admin: &str) -> Vec<JobProgress> {
    json(app.call::<GetCertificateJobs>(&[("slug", slug)], admin).await).await
}

#[tokio::test]
async fn the_page_lists_the_regions_jobs_with_counts_and_reasons() {
    let app = spawn_app().await;
    let admin = signed_in(&app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    assert!(jobs(&app, SLUG, &admin).await.is_empty(), "no job yet");
    let (first, _) = graduate(&app, "jobs-a@school.ru", "Алексеева Анна Сергеевна").await;
    let (second, _) = graduate(&app, "jobs-b@school.ru", "Борисов Борис Борисович").await;
    signed_in(&app, SLUG, "jobs-c@school.ru", "teacher", None).await;
    let outsider: uuid::Uuid =
        sqlx::query_scalar("update users set full_name = 'Васильев Василий' where email = $1 returning id")
            .bind("jobs-c@school.ru")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    let users = [first, second, outsider].map(|id| id.to_string());
    let form = [
        ("slug", SLUG),
        ("users[0]", users[0].as_str()),
        ("users[1]", users[1].as_str()),
        ("users[2]", users[2].as_str()),
    ];
    let job: String = json(app.call::<IssueEligible>(&form, &admin).await).await;
    wait_for_job(&app, &admin, &job).await;

    // Another administrator of the region, on another device, sees the job the first one ran.
    let colleague = signed_in(&app, SLUG, "cert-admin2@khabarovsk.ru", "certificate_admin", None).await;
    let listed = jobs(&app, SLUG, &colleague).await;
    assert_eq!(listed.len(), 1);
    let listed = &listed[0];
    assert_eq!(listed.id, job);
    assert!(listed.finished());
    assert_eq!((listed.total, listed.done, listed.failed), (3, 2, 1));
    assert_eq!(
        listed.failures,
        vec![(
            "Васильев Василий".to_string(),
            ru::CERTIFICATE_NOT_ELIGIBLE.to_string()
        )]
    );
    assert!(listed.started.contains('.'), "a date: {}", listed.started);

    let ryazan = signed_in(&app, "ryazan", "cert-admin@ryazan.ru", "certificate_admin", None).await;
    assert!(
        jobs(&app, "ryazan", &ryazan).await.is_empty(),
        "another region's jobs stay hidden"
    );
    let teacher = app
        .call::<GetCertificateJobs>(
            &[("slug", SLUG)],
            &signed_in(&app, SLUG, "jobs-d@school.ru", "teacher", None).await,
        )
        .await;
    assert_eq!(teacher.status().as_u16(), 403);
}

#[tokio::test]
async fn running_jobs_come_first_and_only_the_three_newest_finished_ones_follow() {
    let app = spawn_app().await;
    let admin = signed_in(&app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    let tenant = crate::helpers::tenant_id(&app.owner, SLUG).await;
    let (user, _) = graduate(&app, "jobs-e@school.ru", "Егорова Елена").await;
    // Five finished jobs an hour apart, as the worker leaves them.
    let finished: Vec<uuid::Uuid> = sqlx::query_scalar(
        "insert into certificate_jobs (tenant_id, created_at)
         select $1, now() - make_interval(hours => g) from generate_series(1, 5) g returning id",
    )
    .bind(tenant)
    .fetch_all(&app.owner)
    .await
    .unwrap();
    sqlx::query(
        "insert into certificate_job_items (tenant_id, job_id, user_id, status, error)
         select $1, unnest($2::uuid[]), $3, 'failed', 'причина'",
    )
    .bind(tenant)
    .bind(&finished)
    .bind(user)
    .execute(&app.owner)
    .await
    .unwrap();
    // An older job still running: its row is recorded while the worker skips the region (it
    // only serves active regions), then held locked, so the worker (`skip locked`) leaves it
    // pending while the page reads.
    let set_active = |active: bool| {
        sqlx::query("update tenants set active = $2 where id = $1")
            .bind(tenant)
            .bind(active)
            .execute(&app.owner)
    };
    set_active(false).await.unwrap();
    let running: uuid::Uuid = sqlx::query_scalar(
        "with j as (insert into certificate_jobs (tenant_id, created_at) values ($1, now() - interval '10 hours') returning id)
         insert into certificate_job_items (tenant_id, job_id, user_id) select $1, j.id, $2 from j returning job_id",
    )
    .bind(tenant)
    .bind(user)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let mut hold = app.owner.begin().await.unwrap();
    sqlx::query("select 1 from certificate_job_items where job_id = $1 for update")
        .bind(running)
        .execute(&mut *hold)
        .await
        .unwrap();
    set_active(true).await.unwrap();

    let listed = jobs(&app, SLUG, &admin).await;
    let ids: Vec<String> = listed.iter().map(|job| job.id.clone()).collect();
    let expected: Vec<String> = std::iter::once(&running)
        .chain(&finished[..3])
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        ids, expected,
        "the running job, then the three newest finished ones"
    );
    assert!(!listed[0].finished() && listed[0].done == 0 && listed[0].total == 1);
    assert!(listed[1..].iter().all(JobProgress::finished));
    hold.rollback().await.unwrap();
}
