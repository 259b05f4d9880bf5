//! Reaching past one's region or role: every server function is listed here with who may call
//! it, and each is called by everyone who may not. A server function added without an entry
//! here makes the suite fail, so none escapes the check.

use app::{
    accounts::{confirmations::*, *},
    certificates::*,
    courses::*,
    dashboards::{GetDashboard, SaveKpiTargets},
    diagnostics::*,
    growth::*,
    identification::*,
    menu::GetMenu,
    notifications::*,
    platform::*,
    tenancy::*,
};
use leptos::server_fn::ServerFn;
use uuid::Uuid;

use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::helpers::{signed_in, spawn_app, TestApp};

mod club;
mod club_events;
mod identification_clusters;
mod identification_versions;

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(every_server_function_has_a_declared_gate),
        attack!(anonymous_visitors_reach_no_personal_or_staff_function),
        attack!(a_teacher_calls_every_operator_function),
        attack!(an_operator_of_another_region_calls_every_operator_function),
        attack!(a_coordinator_calls_operator_functions_and_another_regions_lists),
        attack!(a_coordinator_reads_another_municipalitys_published_schools),
        attack!(non_operators_reach_the_plain_http_routes_of_operators),
        attack!(an_operator_reaches_another_regions_configuration_by_its_id),
        attack!(a_teacher_reaches_another_regions_attempt_by_its_id),
        attack!(a_course_administrator_calls_the_other_operator_functions),
        attack!(no_one_but_a_platform_administrator_calls_the_platform_functions),
    ]
    .into_iter()
    .chain(club::attacks())
    .chain(club_events::attacks())
    .chain(identification_versions::attacks())
    .chain(identification_clusters::attacks())
    .collect()
}

/// Who may call a server function.
#[derive(Clone, Copy, PartialEq)]
enum Gate {
    /// Anyone: the landing page, registration, login, links from e-mails.
    Public,
    /// A signed-in person, for their own data only.
    Personal,
    /// A regional operator of the region in the arguments.
    Operator,
    /// A municipal coordinator or an operator of the region.
    Coordinator,
    /// A confirmed director of a school of the region.
    Director,
    /// A confirmed director (for his school's staff) or the regional operator.
    Confirmer,
    /// The region's certificate administrator.
    CertificateAdmin,
    /// A platform administrator (`platform_admins`), whatever the region.
    PlatformAdmin,
    /// A member of the club in the arguments (issue 14).
    ClubMember,
    /// A moderator of the club in the arguments.
    ClubModerator,
    /// A dashboard reader of the region: its operator, a municipal coordinator (their
    /// municipality) or a director (their school); the scope comes from the role (issue 15).
    Dashboard,
    /// A reader of support cases (issue 17): the operator, a municipal coordinator, a curator,
    /// a director, or a teacher on a case's school team; which cases each sees comes from the
    /// role.
    Support,
}

/// A server function, its gate and arguments of the right shape (`{slug}` is replaced by the
/// region under attack; ids are fresh, so only the gate can answer before a lookup).
struct Entry {
    path: &'static str,
    gate: Gate,
    /// A JSON body for functions that take JSON; `form` is used otherwise.
    json: Option<serde_json::Value>,
    form: Vec<(&'static str, String)>,
}

fn entry<F: ServerFn>(gate: Gate, form: &[(&'static str, &str)]) -> Entry {
    Entry {
        path: F::PATH,
        gate,
        json: None,
        form: form.iter().map(|(k, v)| (*k, v.to_string())).collect(),
    }
}

fn json_entry<F: ServerFn>(gate: Gate, body: serde_json::Value) -> Entry {
    Entry {
        path: F::PATH,
        gate,
        json: Some(body),
        form: Vec::new(),
    }
}

fn table() -> Vec<Entry> {
    use Gate::*;
    let id = Uuid::new_v4().to_string();
    let id = id.as_str();
    let mut all = vec![
        entry::<ListRegions>(Public, &[]),
        entry::<GetRegionOverview>(Public, &[("slug", "{slug}")]),
        entry::<GetRegistrationOptions>(Public, &[("slug", "{slug}")]),
        entry::<Register>(Public, &[]),
        entry::<ConfirmEmail>(Public, &[]),
        entry::<ResendConfirmation>(Public, &[]),
        entry::<Login>(Public, &[]),
        entry::<RequestPasswordReset>(Public, &[]),
        entry::<ResetPassword>(Public, &[]),
        // These answer `None` to a visitor: the page decides what to show.
        entry::<GetProfile>(Public, &[]),
        entry::<GetMembershipNotice>(Public, &[]),
        entry::<GetMenu>(Public, &[("path", "/r/{slug}/cabinet")]),
        entry::<Logout>(Public, &[]),
        entry::<ChangePassword>(
            Personal,
            &[
                ("slug", "{slug}"),
                ("current_password", "x"),
                ("new_password", "y"),
            ],
        ),
        entry::<UpdateProfile>(
            Personal,
            &[
                ("slug", "{slug}"),
                ("full_name", "Взлом"),
                ("subjects", ""),
                ("experience_years", ""),
            ],
        ),
        entry::<RequestEmailChange>(
            Personal,
            &[("slug", "{slug}"), ("email", "new@example.ru"), ("password", "x")],
        ),
        entry::<DeleteAccount>(Personal, &[("slug", "{slug}"), ("password", "x")]),
        entry::<GetMyDiagnostics>(Personal, &[("slug", "{slug}")]),
        entry::<StartAttempt>(Personal, &[("slug", "{slug}"), ("instrument", id)]),
        entry::<GetAttempt>(Personal, &[("slug", "{slug}"), ("id", id)]),
        entry::<FinishAttempt>(Personal, &[("slug", "{slug}"), ("id", id)]),
        entry::<GetResult>(Personal, &[("slug", "{slug}"), ("id", id)]),
        json_entry::<SaveAnswer>(
            Personal,
            serde_json::json!({
                "slug": "{slug}", "attempt": id, "item": id, "seq": 1,
                "answer": { "t": "scale", "value": 3 },
            }),
        ),
        // The link in the e-mail is the credential.
        entry::<GetInvitation>(Public, &[("slug", "{slug}"), ("token", id)]),
        entry::<AcceptInvitation>(Public, &[("slug", "{slug}"), ("token", id)]),
        entry::<GetMyInvitations>(Personal, &[("slug", "{slug}")]),
        entry::<AcceptMyInvitation>(Personal, &[("slug", "{slug}"), ("id", id)]),
        entry::<GetMyRoute>(Personal, &[("slug", "{slug}")]),
        entry::<AcceptRoute>(Personal, &[("slug", "{slug}")]),
        entry::<EditRoute>(
            Personal,
            &[
                ("slug", "{slug}"),
                ("route", id),
                ("edit[op]", "remove"),
                ("edit[course]", id),
            ],
        ),
        entry::<GetMyEnrolments>(Personal, &[("slug", "{slug}")]),
        entry::<GetMyProgress>(Personal, &[("slug", "{slug}")]),
        entry::<Enrol>(Personal, &[("slug", "{slug}"), ("course", id)]),
        entry::<CancelEnrolment>(Personal, &[("slug", "{slug}"), ("course", id)]),
        entry::<GetMicroCourse>(Personal, &[("slug", "{slug}"), ("course", id)]),
        entry::<MarkLessonRead>(Personal, &[("slug", "{slug}"), ("course", id), ("lesson", "1")]),
        entry::<StartMicroCheck>(Personal, &[("slug", "{slug}"), ("course", id)]),
        json_entry::<SubmitMicroCheck>(
            Personal,
            serde_json::json!({ "slug": "{slug}", "attempt": id, "answers": [] }),
        ),
        entry::<GetRouteSharing>(Personal, &[("slug", "{slug}")]),
        entry::<ShareRoute>(Personal, &[("slug", "{slug}"), ("viewer", id), ("op", "share")]),
        entry::<GetSharedRoutes>(Personal, &[("slug", "{slug}")]),
        entry::<GetSchoolAggregate>(Director, &[("slug", "{slug}")]),
        entry::<GetMyGrowth>(Personal, &[("slug", "{slug}")]),
        entry::<GetGrowthReport>(Personal, &[("slug", "{slug}"), ("id", id)]),
        entry::<GetSchoolGrowth>(Director, &[("slug", "{slug}")]),
        entry::<GetConfirmationQueue>(Confirmer, &[("slug", "{slug}")]),
        entry::<ConfirmMembership>(Confirmer, &[("slug", "{slug}"), ("user_id", id)]),
        entry::<RejectMembership>(
            Confirmer,
            &[("slug", "{slug}"), ("user_id", id), ("reason", "Взлом")],
        ),
        entry::<GetPublishedLists>(Coordinator, &[("slug", "{slug}")]),
        entry::<GetDashboard>(Dashboard, &[("slug", "{slug}"), ("municipality", "")]),
    ];
    all.extend(support_table(id));
    all.extend(support_documents_table(id));
    all.extend(operator_table(id));
    all.extend(certificate_table(id));
    all.extend(platform_table());
    all.extend(club::table(id));
    all.extend(club_events::table(id));
    all
}

fn certificate_table(id: &str) -> Vec<Entry> {
    use Gate::{CertificateAdmin, Personal};
    vec![
        entry::<GetCertificateSettings>(CertificateAdmin, &[("slug", "{slug}")]),
        entry::<SaveCertificateTemplate>(CertificateAdmin, &[("slug", "{slug}"), ("form[title]", "Взлом")]),
        entry::<SaveCertificateRule>(CertificateAdmin, &[("slug", "{slug}"), ("form[kind]", "route")]),
        entry::<GetEligible>(CertificateAdmin, &[("slug", "{slug}")]),
        entry::<IssueEligible>(CertificateAdmin, &[("slug", "{slug}"), ("users[0]", id)]),
        entry::<GetCertificateJob>(CertificateAdmin, &[("slug", "{slug}"), ("id", id)]),
        entry::<GetCertificateJobs>(CertificateAdmin, &[("slug", "{slug}")]),
        entry::<IssueManual>(
            CertificateAdmin,
            &[("slug", "{slug}"), ("form[email]", "x@example.ru")],
        ),
        entry::<GetCertificateRegistry>(CertificateAdmin, &[("slug", "{slug}"), ("query", "")]),
        entry::<RevokeCertificate>(
            CertificateAdmin,
            &[("slug", "{slug}"), ("form[number]", "27-2026-000001")],
        ),
        entry::<ResendCertificate>(
            CertificateAdmin,
            &[("slug", "{slug}"), ("number", "27-2026-000001")],
        ),
        entry::<GetMyCertificates>(Personal, &[("slug", "{slug}")]),
        // Public by design: a number checks one certificate, rate-limited per client.
    ]
}

fn operator_table(id: &str) -> Vec<Entry> {
    use Gate::Operator;
    vec![
        entry::<GetUndelivered>(Operator, &[("slug", "{slug}")]),
        entry::<GetGrowthAdmin>(Operator, &[("slug", "{slug}")]),
        entry::<SaveKpiTargets>(Operator, &[("slug", "{slug}"), ("form[certificates]", "1")]),
        entry::<OpenRetests>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("form[title]", "Взлом"),
                ("form[instrument]", id),
            ],
        ),
        entry::<RetryMessage>(Operator, &[("slug", "{slug}"), ("id", "1")]),
        entry::<GetSchools>(Operator, &[("slug", "{slug}")]),
        entry::<GetUpload>(Operator, &[("slug", "{slug}"), ("id", id)]),
        entry::<CommitUpload>(Operator, &[("slug", "{slug}"), ("id", id)]),
        entry::<DiscardUpload>(Operator, &[("slug", "{slug}"), ("id", id)]),
        entry::<GetOverview>(Operator, &[("slug", "{slug}")]),
        entry::<CreateConfig>(Operator, &[("slug", "{slug}"), ("source", "empty:index_bands")]),
        entry::<GetConfig>(Operator, &[("slug", "{slug}"), ("id", id)]),
        entry::<EditConfig>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("id", id),
                ("edit[op]", "title"),
                ("edit[title]", "Взлом"),
            ],
        ),
        entry::<StartRun>(Operator, &[("slug", "{slug}"), ("config", id)]),
        json_entry::<GetRun>(
            Operator,
            serde_json::json!({ "slug": "{slug}", "id": id, "query": {} }),
        ),
        entry::<ExplainSchool>(
            Operator,
            &[("slug", "{slug}"), ("run", id), ("school", "27-0001")],
        ),
        entry::<AddOverride>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("run", id),
                ("school", "27-0001"),
                ("status", "low_results"),
                ("action", "include"),
                ("reason", "Взлом"),
            ],
        ),
        entry::<WithdrawOverride>(Operator, &[("slug", "{slug}"), ("run", id), ("id", id)]),
        entry::<PublishRun>(Operator, &[("slug", "{slug}"), ("run", id)]),
        entry::<ReproduceRun>(Operator, &[("slug", "{slug}"), ("run", id)]),
        entry::<DiffWithCurrent>(Operator, &[("slug", "{slug}"), ("run", id)]),
        entry::<GetPeople>(Operator, &[("slug", "{slug}")]),
        entry::<GetPendingInvitations>(Operator, &[("slug", "{slug}")]),
        entry::<Invite>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("full_name", "Взлом"),
                ("email", "x@example.ru"),
                ("role", "regional_operator"),
            ],
        ),
        entry::<SetRole>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("user_id", id),
                ("role", "regional_operator"),
                ("grant", "on"),
            ],
        ),
        entry::<SetMemberActive>(Operator, &[("slug", "{slug}"), ("user_id", id)]),
        entry::<GetAuditLog>(Operator, &[("slug", "{slug}")]),
        entry::<GetDiagnosticsAdmin>(Operator, &[("slug", "{slug}")]),
        entry::<EditFramework>(Operator, &[("slug", "{slug}"), ("edit[op]", "template")]),
        entry::<SaveItem>(Operator, &[("slug", "{slug}"), ("form[code]", "HACK-1")]),
        entry::<CreateInstrument>(Operator, &[("slug", "{slug}"), ("form[title]", "Взлом")]),
        entry::<CreateCampaign>(Operator, &[("slug", "{slug}"), ("form[title]", "Взлом")]),
        entry::<GetItemStatistics>(Operator, &[("slug", "{slug}"), ("instrument", id)]),
        entry::<GetPersonScores>(Operator, &[("slug", "{slug}"), ("instrument", id)]),
        entry::<GetCourseCatalogue>(Operator, &[("slug", "{slug}")]),
        entry::<SaveCourse>(Operator, &[("slug", "{slug}"), ("form[code]", "HACK-1")]),
        entry::<DeleteCourse>(Operator, &[("slug", "{slug}"), ("id", id)]),
        // Course administrators' functions: a course administrator or the operator.
        entry::<GetEnrolmentsAdmin>(Operator, &[("slug", "{slug}")]),
        entry::<CompleteEnrolment>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("enrolment", id),
                ("hours", ""),
                ("completed_on", ""),
            ],
        ),
        entry::<ApproveDocument>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("id", id),
                ("hours", ""),
                ("completed_on", ""),
            ],
        ),
        entry::<ReturnDocument>(Operator, &[("slug", "{slug}"), ("id", id), ("comment", "Взлом")]),
        entry::<clusters::SetSchoolCluster>(
            Operator,
            &[("slug", "{slug}"), ("school", "27-0001"), ("cluster", "Взлом")],
        ),
    ]
}

fn support_table(id: &str) -> Vec<Entry> {
    use app::support::*;
    use Gate::{Coordinator, Director, Operator, Support};
    vec![
        entry::<dashboard::GetSupportSummary>(Coordinator, &[("slug", "{slug}")]),
        entry::<dashboard::SaveSupportTarget>(Operator, &[("slug", "{slug}"), ("left_percent", "80")]),
        entry::<GetCases>(Support, &[("slug", "{slug}")]),
        entry::<GetCase>(Support, &[("slug", "{slug}"), ("id", id)]),
        entry::<chat::GetCaseChat>(Support, &[("slug", "{slug}"), ("case", id)]),
        entry::<chat::PostCaseComment>(Support, &[("slug", "{slug}"), ("case", id), ("body", "Взлом")]),
        entry::<GetProfile>(Support, &[("slug", "{slug}"), ("case", id)]),
        entry::<SaveProfile>(
            Support,
            &[("slug", "{slug}"), ("case", id), ("answers[staff_load]", "0")],
        ),
        entry::<ConfirmProfile>(Support, &[("slug", "{slug}"), ("case", id)]),
        entry::<CreateCasesFromRun>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("run", id),
                ("year", "2026"),
                ("statuses[low_results]", "on"),
            ],
        ),
        entry::<CreateCase>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("school", "27-0001"),
                ("year", "2026"),
                ("reason", "Взлом кейса"),
            ],
        ),
        entry::<AssignCurator>(Coordinator, &[("slug", "{slug}"), ("case", id), ("curator", id)]),
        entry::<AddTeamMember>(Director, &[("slug", "{slug}"), ("case", id), ("user", id)]),
        entry::<RemoveTeamMember>(Director, &[("slug", "{slug}"), ("case", id), ("user", id)]),
        entry::<SetPartner>(Operator, &[("slug", "{slug}"), ("case", id), ("school", id)]),
        entry::<visits::GetVisits>(Support, &[("slug", "{slug}"), ("case", id)]),
        entry::<visits::RecordVisit>(
            Support,
            &[
                ("slug", "{slug}"),
                ("case", id),
                ("form[visited_on]", "2026-11-20"),
                ("form[purpose]", "Взлом"),
                ("form[findings]", "Взлом"),
            ],
        ),
        entry::<visits::DecideRecommendation>(
            Support,
            &[
                ("slug", "{slug}"),
                ("case", id),
                ("recommendation", id),
                ("form[decision]", "decline"),
                ("form[reason]", "Взлом"),
            ],
        ),
        entry::<monitoring::GetMonitoring>(Support, &[("slug", "{slug}"), ("case", id)]),
        entry::<monitoring::FixStage>(Support, &[("slug", "{slug}"), ("case", id), ("stage", id)]),
        entry::<monitoring::AddIndicator>(
            Support,
            &[
                ("slug", "{slug}"),
                ("case", id),
                ("form[name]", "Взлом"),
                ("form[target]", "1"),
            ],
        ),
        entry::<monitoring::SetIndicatorValue>(
            Support,
            &[
                ("slug", "{slug}"),
                ("case", id),
                ("form[indicator]", id),
                ("form[stage]", id),
                ("form[value]", "1"),
            ],
        ),
        entry::<monitoring::SaveRubric>(Support, &[("slug", "{slug}"), ("case", id), ("stage", id)]),
        entry::<monitoring::GetMonitoringSetup>(Operator, &[("slug", "{slug}")]),
        entry::<monitoring::SaveStage>(Operator, &[("slug", "{slug}"), ("form[title]", "Взлом")]),
        entry::<monitoring::SaveCriterion>(
            Operator,
            &[
                ("slug", "{slug}"),
                ("form[title]", "Взлом"),
                ("form[max_score]", "3"),
            ],
        ),
    ]
}

fn support_documents_table(id: &str) -> Vec<Entry> {
    use app::support::documents::*;
    use Gate::Support;
    vec![
        entry::<GetSupportDocuments>(Support, &[("slug", "{slug}"), ("case", id)]),
        entry::<GetSupportDocument>(Support, &[("slug", "{slug}"), ("case", id), ("slot", "roadmap")]),
        entry::<SaveSupportDocument>(
            Support,
            &[
                ("slug", "{slug}"),
                ("case", id),
                ("slot", "roadmap"),
                ("fields[stage1-0-title]", "Взлом"),
            ],
        ),
        entry::<ReviewSupportDocument>(
            Support,
            &[
                ("slug", "{slug}"),
                ("case", id),
                ("slot", "roadmap"),
                ("decision", "approve"),
            ],
        ),
        entry::<SetSupportMail>(Support, &[("slug", "{slug}")]),
    ]
}

/// Calls the entry's function against `slug` with `cookies`; returns the HTTP status.
async fn call(app: &TestApp, entry: &Entry, slug: &str, cookies: &str) -> u16 {
    let form: Vec<(&str, String)> = entry
        .form
        .iter()
        .map(|(k, v)| (*k, v.replace("{slug}", slug)))
        .collect();
    let request = app
        .client
        .post(format!("{}{}", app.address, entry.path))
        .header("origin", &app.address)
        .header("accept", "application/json")
        .header("cookie", cookies);
    let request = match &entry.json {
        Some(body) => request
            .header("content-type", "application/json")
            .body(body.to_string().replace("{slug}", slug)),
        None => request.form(&form),
    };
    request
        .send()
        .await
        .expect("server function call")
        .status()
        .as_u16()
}

/// Calls every function behind one of `gates` as `cookies` against `slug`; each must answer
/// with one of `expected` before touching anything.
async fn every_call_refused(
    app: &TestApp,
    gates: &[Gate],
    slug: &str,
    cookies: &str,
    expected: &[u16],
) -> Outcome {
    let mut let_through = Vec::new();
    for entry in table().iter().filter(|e| gates.contains(&e.gate)) {
        let status = call(app, entry, slug, cookies).await;
        if !expected.contains(&status) {
            let_through.push(format!("{} answered {status}", entry.path));
        }
    }
    refused(let_through.is_empty(), let_through.join("; "))
}

async fn every_server_function_has_a_declared_gate() -> Outcome {
    let declared: Vec<&str> = table().iter().map(|e| e.path).collect();
    let missing: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .filter(|path| !declared.contains(path))
        .collect();
    refused(
        missing.is_empty(),
        format!("server functions without a gate in attacks/cross_region.rs: {missing:?}"),
    )
}

async fn anonymous_visitors_reach_no_personal_or_staff_function() -> Outcome {
    let app = spawn_app().await;
    let staff = [
        Gate::Personal,
        Gate::Operator,
        Gate::Coordinator,
        Gate::Director,
        Gate::Confirmer,
        Gate::CertificateAdmin,
        Gate::Dashboard,
        Gate::Support,
    ];
    every_call_refused(&app, &staff, "khabarovsk", "", &[401]).await
}

async fn a_teacher_calls_every_operator_function() -> Outcome {
    let app = spawn_app().await;
    let teacher = signed_in(&app, "khabarovsk", "teacher@attack.ru", "teacher", None).await;
    let staff = [
        Gate::Operator,
        Gate::Coordinator,
        Gate::Director,
        Gate::Confirmer,
        Gate::CertificateAdmin,
        Gate::Dashboard,
        Gate::Support,
    ];
    every_call_refused(&app, &staff, "khabarovsk", &teacher, &[403]).await
}

async fn an_operator_of_another_region_calls_every_operator_function() -> Outcome {
    let app = spawn_app().await;
    let ryazan = signed_in(&app, "ryazan", "operator@ryazan.ru", "regional_operator", None).await;
    let staff = [
        Gate::Operator,
        Gate::Coordinator,
        Gate::Director,
        Gate::Confirmer,
        Gate::CertificateAdmin,
        Gate::Dashboard,
        Gate::Support,
    ];
    // Not a member of Khabarovsk at all: the region's functions refuse as for a stranger.
    let before = audit_denials(&app).await;
    every_call_refused(&app, &staff, "khabarovsk", &ryazan, &[403]).await?;
    refused(
        audit_denials(&app).await > before,
        "the refusals were not recorded in the audit log",
    )
}

async fn a_coordinator_calls_operator_functions_and_another_regions_lists() -> Outcome {
    let app = spawn_app().await;
    let coordinator = signed_in(
        &app,
        "khabarovsk",
        "coordinator@attack.ru",
        "municipal_coordinator",
        Some("Нанайский муниципальный район"),
    )
    .await;
    let staff = [Gate::Operator, Gate::Director, Gate::Confirmer];
    every_call_refused(&app, &staff, "khabarovsk", &coordinator, &[403]).await?;
    every_call_refused(
        &app,
        &[Gate::Coordinator, Gate::Dashboard, Gate::Support],
        "ryazan",
        &coordinator,
        &[403],
    )
    .await
}

async fn audit_denials(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log where action = 'access_denied'")
        .fetch_one(&app.owner)
        .await
        .expect("audit count")
}

/// The operator of Khabarovsk names, under his own region, the id of Ryazan's configuration.
async fn an_operator_reaches_another_regions_configuration_by_its_id() -> Outcome {
    let app = spawn_app().await;
    let ryazan = signed_in(&app, "ryazan", "operator@ryazan.ru", "regional_operator", None).await;
    let khabarovsk = signed_in(
        &app,
        "khabarovsk",
        "operator@khabarovsk.ru",
        "regional_operator",
        None,
    )
    .await;
    let created = app
        .call::<CreateConfig>(&[("slug", "ryazan"), ("source", "empty:index_bands")], &ryazan)
        .await;
    let status = created.status().as_u16();
    let config: String = serde_json::from_str(&created.text().await.expect("body"))
        .map_err(|e| format!("Ryazan could not create its configuration ({status}): {e}"))?;
    let title = || async {
        sqlx::query_scalar::<_, Option<String>>(
            "select string_agg(body->>'title', '|' order by version) from identification_configs
             where config_id = $1::uuid or id = $1::uuid",
        )
        .bind(&config)
        .fetch_one(&app.owner)
        .await
        .expect("the configuration")
    };
    let before = title().await;
    let mut reached = Vec::new();
    let config = config.as_str();
    for entry in [
        entry::<GetConfig>(Gate::Operator, &[("slug", "khabarovsk"), ("id", config)]),
        entry::<EditConfig>(
            Gate::Operator,
            &[
                ("slug", "khabarovsk"),
                ("id", config),
                ("edit[op]", "title"),
                ("edit[title]", "Взлом"),
            ],
        ),
        entry::<StartRun>(Gate::Operator, &[("slug", "khabarovsk"), ("config", config)]),
    ] {
        let status = call(&app, &entry, "khabarovsk", &khabarovsk).await;
        if status != 404 {
            reached.push(format!("{} answered {status}", entry.path));
        }
    }
    refused(reached.is_empty(), reached.join("; "))?;
    refused(
        title().await == before,
        "Ryazan's configuration was changed from Khabarovsk",
    )
}

/// A Khabarovsk teacher names, under his own region, the id of a Ryazan teacher's attempt.
async fn a_teacher_reaches_another_regions_attempt_by_its_id() -> Outcome {
    let app = spawn_app().await;
    let victim = signed_in(&app, "ryazan", "victim@ryazan.ru", "teacher", None).await;
    sqlx::query("update memberships set position = 'teacher' where user_id = (select id from users where email = 'victim@ryazan.ru')")
        .execute(&app.owner)
        .await
        .expect("position");
    let attacker = signed_in(&app, "khabarovsk", "attacker@khabarovsk.ru", "teacher", None).await;
    let instrument: Uuid = sqlx::query_scalar(
        "select i.id from instruments i join tenants t on t.id = i.tenant_id
         where t.slug = 'ryazan' and i.title like 'Диагностика профессиональных%'",
    )
    .fetch_one(&app.owner)
    .await
    .map_err(|e| format!("Ryazan has no teacher instrument: {e}"))?;
    let started = app
        .call::<StartAttempt>(
            &[("slug", "ryazan"), ("instrument", &instrument.to_string())],
            &victim,
        )
        .await;
    let attempt: String = serde_json::from_str(&started.text().await.expect("body"))
        .map_err(|e| format!("the victim could not start: {e}"))?;
    let mut reached = Vec::new();
    let id = attempt.as_str();
    for entry in [
        entry::<GetAttempt>(Gate::Personal, &[("slug", "khabarovsk"), ("id", id)]),
        entry::<GetResult>(Gate::Personal, &[("slug", "khabarovsk"), ("id", id)]),
        entry::<FinishAttempt>(Gate::Personal, &[("slug", "khabarovsk"), ("id", id)]),
        entry::<GetAttempt>(Gate::Personal, &[("slug", "ryazan"), ("id", id)]),
    ] {
        let status = call(&app, &entry, "khabarovsk", &attacker).await;
        if !(status == 403 || status == 404) {
            reached.push(format!("{} {:?} answered {status}", entry.path, entry.form));
        }
    }
    let finished: bool =
        sqlx::query_scalar("select finished_at is not null from attempts where id = $1::uuid")
            .bind(&attempt)
            .fetch_one(&app.owner)
            .await
            .expect("the attempt");
    refused(reached.is_empty(), reached.join("; "))?;
    refused(
        !finished,
        "the victim's attempt was finished by another region's teacher",
    )
}

/// A Нанайский coordinator reads the published list: only his municipality's schools are in it
/// (27-0301 of the fixture's two ШНРО schools is in Ульчский район).
async fn a_coordinator_reads_another_municipalitys_published_schools() -> Outcome {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    let (run, _) = crate::identification::run_fixture(&app, &operator).await;
    let coordinator = signed_in(
        &app,
        "khabarovsk",
        "mo@nanai.ru",
        "municipal_coordinator",
        Some("Нанайский муниципальный район"),
    )
    .await;
    let lists = || async {
        crate::identification::json::<Vec<PublishedList>>(
            app.call::<GetPublishedLists>(&[("slug", "khabarovsk")], &coordinator)
                .await,
        )
        .await
    };
    refused(lists().await.is_empty(), "a list was readable before publishing")?;
    let published = app
        .call::<PublishRun>(&[("slug", "khabarovsk"), ("run", &run)], &operator)
        .await;
    refused(published.status() == 200, "the operator could not publish")?;
    let lists = lists().await;
    let schools: Vec<&str> = lists
        .iter()
        .flat_map(|l| l.schools.iter().map(|s| s.school_id.as_str()))
        .collect();
    refused(
        schools == ["27-0202"],
        format!("the coordinator read {schools:?}, not only his municipality's 27-0202"),
    )
}

/// Exports and uploads are plain HTTP routes, not server functions: each is tried with a real
/// run and configuration of Khabarovsk by everyone who is not its operator.
async fn non_operators_reach_the_plain_http_routes_of_operators() -> Outcome {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    let (run, config) = crate::identification::run_fixture(&app, &operator).await;
    let strangers = [
        ("a visitor", String::new()),
        (
            "a teacher",
            signed_in(&app, "khabarovsk", "t@school.ru", "teacher", None).await,
        ),
        (
            "a coordinator",
            signed_in(&app, "khabarovsk", "mo@nanai.ru", "municipal_coordinator", None).await,
        ),
        (
            "Ryazan's operator",
            signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await,
        ),
    ];
    let exports = [
        format!("/r/khabarovsk/admin/identification/runs/{run}/export/csv"),
        format!("/r/khabarovsk/admin/identification/runs/{run}/export/xlsx"),
        format!("/r/khabarovsk/admin/identification/configs/{config}/export/json"),
        "/r/khabarovsk/admin/diagnostics/items/export/json".to_string(),
        "/r/khabarovsk/admin/diagnostics/items/export/xlsx".to_string(),
        "/r/khabarovsk/admin/courses/export.xlsx".to_string(),
        "/r/khabarovsk/admin/certificates/export.xlsx".to_string(),
    ];
    let uploads = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from identification_uploads")
            .fetch_one(&app.owner)
            .await
            .expect("uploads")
    };
    let before = uploads().await;
    let mut reached = Vec::new();
    for (who, cookies) in &strangers {
        for path in &exports {
            let status = app.get_with_cookies(path, cookies).await.status().as_u16();
            if !(status == 401 || status == 403) {
                reached.push(format!("{who}: GET {path} answered {status}"));
            }
        }
        let csv = b"school_id,year,ege_ru\n27-0202,2024,1\n".to_vec();
        let status = app
            .post_upload(cookies, "khabarovsk", "indicators", "d.csv", csv)
            .await
            .status()
            .as_u16();
        if !(status == 401 || status == 403) {
            reached.push(format!("{who}: the upload answered {status}"));
        }
        let rows = [crate::micro_courses::row("HACK-1", "Взлом", "MET-2: 1")];
        let workbook = crate::micro_courses::workbook(&rows);
        let status = crate::micro_courses::import(&app, cookies, "khabarovsk", "c.xlsx", workbook)
            .await
            .status()
            .as_u16();
        if !(status == 401 || status == 403) {
            reached.push(format!("{who}: the catalogue import answered {status}"));
        }
    }
    refused(reached.is_empty(), reached.join("; "))?;
    let after = uploads().await;
    refused(after == before, format!("{} uploads stored", after - before))
}

/// A course administrator confirms completions, and nothing else of the operator's: every other
/// operator function refuses him.
async fn a_course_administrator_calls_the_other_operator_functions() -> Outcome {
    let app = spawn_app().await;
    let course_admin = signed_in(&app, "khabarovsk", "courses@attack.ru", "course_admin", None).await;
    let his = [
        GetEnrolmentsAdmin::PATH,
        CompleteEnrolment::PATH,
        ApproveDocument::PATH,
        ReturnDocument::PATH,
    ];
    let mut let_through = Vec::new();
    for entry in table()
        .iter()
        .filter(|e| e.gate == Gate::Operator && !his.contains(&e.path))
    {
        let status = call(&app, entry, "khabarovsk", &course_admin).await;
        if status != 403 {
            let_through.push(format!("{} answered {status}", entry.path));
        }
    }
    let status = call(
        &app,
        &entry::<GetEnrolmentsAdmin>(Gate::Operator, &[("slug", "{slug}")]),
        "khabarovsk",
        &course_admin,
    )
    .await;
    refused(status == 200, format!("his own page answered {status}"))?;
    refused(let_through.is_empty(), let_through.join("; "))
}

fn platform_table() -> Vec<Entry> {
    use Gate::PlatformAdmin;
    let region = |slug| {
        [
            ("slug", slug),
            ("name", "Взлом"),
            ("region_code", "99"),
            ("time_zone", "Europe/Moscow"),
            ("status_labels", ""),
        ]
    };
    vec![
        entry::<GetPlatformRegions>(PlatformAdmin, &[]),
        entry::<GetPlatformRegion>(PlatformAdmin, &[("slug", "{slug}")]),
        entry::<GetPlatformAudit>(PlatformAdmin, &[]),
        entry::<CreateRegion>(
            PlatformAdmin,
            &[&region("hacked")[..], &[("template", "none")]].concat(),
        ),
        // Without `active`: a region switched off.
        entry::<UpdateRegion>(PlatformAdmin, &region("{slug}")),
        entry::<InviteOperator>(
            PlatformAdmin,
            &[
                ("slug", "{slug}"),
                ("full_name", "Взлом"),
                ("email", "x@example.ru"),
            ],
        ),
        entry::<GrantSelf>(
            PlatformAdmin,
            &[("slug", "{slug}"), ("role", "regional_operator")],
        ),
        entry::<GetPlatformClubs>(PlatformAdmin, &[]),
        // The attacker names themselves moderator of a club of the region under attack.
        entry::<CreateClub>(
            PlatformAdmin,
            &[
                ("form[slug]", "hacked-club"),
                ("form[name]", "Взлом"),
                ("form[regions][khabarovsk]", "on"),
                ("form[moderators]", "op@attack.ru"),
            ],
        ),
    ]
}

/// Visitors, teachers and the region's own operator (who holds every region role) call every
/// platform function: refused, and no region is created, changed or joined.
async fn no_one_but_a_platform_administrator_calls_the_platform_functions() -> Outcome {
    let app = spawn_app().await;
    let platform = [Gate::PlatformAdmin];
    every_call_refused(&app, &platform, "khabarovsk", "", &[401]).await?;
    let teacher = signed_in(&app, "khabarovsk", "teacher@attack.ru", "teacher", None).await;
    every_call_refused(&app, &platform, "khabarovsk", &teacher, &[403]).await?;
    let operator = signed_in(&app, "khabarovsk", "op@attack.ru", "regional_operator", None).await;
    sqlx::query(
        "insert into role_grants (tenant_id, user_id, role)
         select g.tenant_id, g.user_id, r from role_grants g,
                unnest(array['director', 'municipal_coordinator', 'certificate_admin', 'club_moderator', 'course_admin']) r
         where g.role = 'regional_operator'",
    )
    .execute(&app.owner)
    .await
    .map_err(|e| format!("roles: {e}"))?;
    every_call_refused(&app, &platform, "khabarovsk", &operator, &[403]).await?;
    let changed: i64 = sqlx::query_scalar(
        "select (select count(*) from tenants where slug = 'hacked' or not active or name = 'Взлом')
              + (select count(*) from platform_audit) + (select count(*) from invitations)
              + (select count(*) from role_grants where granted_by is not null)
              + (select count(*) from clubs where slug = 'hacked-club')",
    )
    .fetch_one(&app.owner)
    .await
    .map_err(|e| format!("count: {e}"))?;
    refused(changed == 0, "a refused platform call changed something")
}
