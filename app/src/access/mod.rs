//! Who may do what, decided once at the top of every server function.
//!
//! A server function opens with one line that names its gate and gets back a context holding
//! the region, the person and a transaction that sees only that region's rows:
//!
//! ```ignore
//! let mut ctx = Staff::require(&slug, &[Role::RegionalOperator]).await?;
//! sqlx::query("…").execute(&mut *ctx.tx).await?;
//! ctx.audit("something_done", json!({ … })).await?;
//! ctx.commit().await
//! ```
//!
//! The gates are distinct types ([`Visitor`], [`Person`], [`Member`], [`Staff`], and
//! [`PlatformAdmin`] without a region), so code that
//! needs a signed-in person cannot be handed a context that never checked one. The layer sits
//! above `tenancy` (regions exist before anyone signs in) and below every other domain.

use serde::{Deserialize, Serialize};

/// A role a person holds in one region, stored as its [`Role::code`] in `role_grants.role`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Teacher,
    Director,
    MunicipalCoordinator,
    RegionalOperator,
    CertificateAdmin,
    ClubModerator,
    /// Confirms course completions in the region (issue 12), beside the regional operator.
    CourseAdmin,
    /// Accompanies the support cases assigned to them (issue 17).
    Curator,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Teacher,
        Role::Director,
        Role::MunicipalCoordinator,
        Role::RegionalOperator,
        Role::CertificateAdmin,
        Role::ClubModerator,
        Role::CourseAdmin,
        Role::Curator,
    ];

    /// The value stored in the database and sent in forms.
    pub fn code(self) -> &'static str {
        match self {
            Role::Teacher => "teacher",
            Role::Director => "director",
            Role::MunicipalCoordinator => "municipal_coordinator",
            Role::RegionalOperator => "regional_operator",
            Role::CertificateAdmin => "certificate_admin",
            Role::ClubModerator => "club_moderator",
            Role::CourseAdmin => "course_admin",
            Role::Curator => "curator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    pub fn label(self) -> &'static str {
        crate::i18n::ru::label(&crate::i18n::ru::ROLES, self.code())
    }
}

/// The gate of the regional operator's pages and functions.
pub const OPERATOR: &[Role] = &[Role::RegionalOperator];

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use std::ops::{Deref, DerefMut};

    use sqlx::{PgConnection, Postgres, Transaction};
    use uuid::Uuid;

    use super::Role;
    use crate::error::AppError;
    use crate::state::{app_state, begin_tenant, AppState};
    use crate::tenancy::db::{tenant_by_slug, TenantRow};

    /// The signed-in person, put into the request by the session middleware.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct AuthUser {
        pub user_id: Uuid,
        pub session_id: Uuid,
    }

    /// What every gate holds: the region, a transaction scoped to it, and who is asking.
    pub struct Ctx {
        pub state: AppState,
        pub tenant: TenantRow,
        pub tx: Transaction<'static, Postgres>,
        user: Option<Uuid>,
        mail_queued: bool,
    }

    impl Ctx {
        async fn open(state: AppState, slug: &str, user: Option<Uuid>) -> Result<Ctx, AppError> {
            let tenant = region(&state, slug).await?;
            Ctx::open_in(state, tenant, user).await
        }

        async fn open_in(state: AppState, tenant: TenantRow, user: Option<Uuid>) -> Result<Ctx, AppError> {
            let tx = begin_tenant(&state.db, tenant.id).await?;
            Ok(Ctx {
                state,
                tenant,
                tx,
                user,
                mail_queued: false,
            })
        }

        pub fn tenant_id(&self) -> Uuid {
            self.tenant.id
        }

        /// The connection for queries: `sqlx::query(…).execute(ctx.conn())`.
        pub fn conn(&mut self) -> &mut PgConnection {
            &mut self.tx
        }

        /// Records an event in the region's audit log, in this transaction, with the person and
        /// the client address of the request.
        pub async fn audit(&mut self, action: &str, details: serde_json::Value) -> Result<(), sqlx::Error> {
            let (tenant, user) = (Some(self.tenant.id), self.user);
            audit(&mut self.tx, tenant, user, action, details).await
        }

        /// Says that a message was written to the outbox, so that [`Ctx::commit`] wakes the sender.
        pub fn mail_queued(&mut self) {
            self.mail_queued = true;
        }

        /// Commits, then wakes the outbox if this transaction queued mail.
        pub async fn commit(self) -> Result<(), AppError> {
            self.tx.commit().await?;
            if self.mail_queued {
                self.state.outbox.wake();
            }
            Ok(())
        }
    }

    /// Records a security event outside a gate (sign-in attempts, tokens from e-mails), where
    /// the region or the person may be unknown.
    pub async fn audit(
        conn: &mut PgConnection,
        tenant_id: Option<Uuid>,
        user_id: Option<Uuid>,
        action: &str,
        details: serde_json::Value,
    ) -> Result<(), sqlx::Error> {
        let ip = crate::state::client_ip().map(|ip| ip.to_string());
        sqlx::query(
            "insert into audit_log (tenant_id, user_id, action, ip, details) values ($1, $2, $3, $4::inet, $5)",
        )
        .bind(tenant_id)
        .bind(user_id)
        .bind(action)
        .bind(ip)
        .bind(details)
        .execute(conn)
        .await
        .map(|_| ())
    }

    /// The active region named by a URL's slug; looked up once per request and remembered in
    /// the request's context, so a page that calls several functions asks the database once.
    pub async fn region(state: &AppState, slug: &str) -> Result<TenantRow, AppError> {
        #[derive(Clone)]
        struct Resolved(TenantRow);
        if let Some(Resolved(tenant)) = leptos::prelude::use_context::<Resolved>() {
            if tenant.card.slug == slug {
                return Ok(tenant);
            }
        }
        let tenant = tenant_by_slug(&state.db, slug)
            .await?
            .ok_or(AppError::RegionNotFound)?;
        leptos::prelude::provide_context(Resolved(tenant.clone()));
        Ok(tenant)
    }

    /// The signed-in person of this request, if any.
    pub fn signed_in_user() -> Option<AuthUser> {
        crate::state::request_parts().and_then(|parts| parts.extensions.get::<AuthUser>().cloned())
    }

    /// Whether the person is a platform administrator (an active account with a confirmed
    /// address): the gate's check, and the header menu's link to the administration.
    pub async fn is_platform_admin<'c, E: sqlx::PgExecutor<'c>>(
        conn: E,
        user_id: Uuid,
    ) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar(
            "select exists (select 1 from platform_admins p join users u on u.id = p.user_id
                            where p.user_id = $1 and u.active and u.email_confirmed_at is not null)",
        )
        .bind(user_id)
        .fetch_one(conn)
        .await
    }

    /// Anyone, signed in or not: public pages of a region, registration, links from e-mails.
    pub struct Visitor {
        pub ctx: Ctx,
        pub user: Option<AuthUser>,
    }

    impl Visitor {
        pub async fn require(slug: &str) -> Result<Visitor, AppError> {
            let user = signed_in_user();
            let ctx = Ctx::open(app_state()?, slug, user.as_ref().map(|u| u.user_id)).await?;
            Ok(Visitor { ctx, user })
        }

        /// A visitor as no one in particular, for plain HTTP handlers of public pages that
        /// found their region themselves.
        pub async fn anonymous_in(state: AppState, tenant: TenantRow) -> Result<Visitor, AppError> {
            let ctx = Ctx::open_in(state, tenant, None).await?;
            Ok(Visitor { ctx, user: None })
        }
    }

    /// A signed-in person acting on their own data; no membership in the region is needed
    /// (a newcomer's membership may still wait for confirmation).
    pub struct Person {
        pub ctx: Ctx,
        pub user: AuthUser,
    }

    impl Person {
        pub async fn require(slug: &str) -> Result<Person, AppError> {
            Person::require_of(app_state()?, slug, signed_in_user()).await
        }

        /// [`Person::require`] for plain HTTP handlers, which take the person from the request.
        pub async fn require_of(
            state: AppState,
            slug: &str,
            user: Option<AuthUser>,
        ) -> Result<Person, AppError> {
            let user = user.ok_or(AppError::Unauthorized)?;
            let ctx = Ctx::open(state, slug, Some(user.user_id)).await?;
            Ok(Person { ctx, user })
        }
    }

    /// A person with an active account and an active membership in the region.
    pub struct Member {
        pub ctx: Ctx,
        pub user: AuthUser,
        /// The school of the membership, once confirmed.
        pub school_id: Option<Uuid>,
        pub position: String,
    }

    impl Member {
        pub async fn require(slug: &str) -> Result<Member, AppError> {
            let Person { mut ctx, user } = Person::require(slug).await?;
            let membership: Option<(Option<Uuid>, String)> = sqlx::query_as(
                "select case when m.school_status = 'confirmed' then m.school_id end, m.position
                 from memberships m join users u on u.id = m.user_id
                 where m.tenant_id = $1 and m.user_id = $2 and m.active and u.active",
            )
            .bind(ctx.tenant.id)
            .bind(user.user_id)
            .fetch_optional(ctx.conn())
            .await?;
            let (school_id, position) = membership.ok_or(AppError::Forbidden)?;
            Ok(Member {
                ctx,
                user,
                school_id,
                position,
            })
        }
    }

    /// A person holding one of the given roles in the region (with a confirmed address and an
    /// active membership). A refusal is audited before it is returned.
    pub struct Staff {
        pub ctx: Ctx,
        pub user: AuthUser,
        pub roles: Vec<Role>,
    }

    impl Staff {
        pub async fn require(slug: &str, roles: &[Role]) -> Result<Staff, AppError> {
            Staff::require_of(app_state()?, slug, roles, signed_in_user()).await
        }

        /// [`Staff::require`] for plain HTTP handlers, which take the person from the request.
        pub async fn require_of(
            state: AppState,
            slug: &str,
            roles: &[Role],
            user: Option<AuthUser>,
        ) -> Result<Staff, AppError> {
            let Person { mut ctx, user } = Person::require_of(state, slug, user).await?;
            let held = roles_of(&mut ctx, user.user_id).await?;
            let granted: Vec<Role> = held.into_iter().filter(|role| roles.contains(role)).collect();
            if granted.is_empty() {
                let needs: Vec<&str> = roles.iter().map(|role| role.code()).collect();
                ctx.audit("access_denied", serde_json::json!({ "needs": needs }))
                    .await?;
                ctx.commit().await?;
                return Err(AppError::Forbidden);
            }
            Ok(Staff {
                ctx,
                user,
                roles: granted,
            })
        }

        pub fn has(&self, role: Role) -> bool {
            self.roles.contains(&role)
        }

        /// Refuses a person the roles let in but the domain does not (a teacher on no support
        /// team), audited as the gate's own refusals are.
        pub async fn deny<T>(mut self, needs: &[Role]) -> Result<T, AppError> {
            let needs: Vec<&str> = needs.iter().map(|role| role.code()).collect();
            self.ctx
                .audit("access_denied", serde_json::json!({ "needs": needs }))
                .await?;
            self.ctx.commit().await?;
            Err(AppError::Forbidden)
        }
    }

    /// The roles a person holds in the context's region, if the account is active, the address
    /// confirmed and the membership active.
    async fn roles_of(ctx: &mut Ctx, user_id: Uuid) -> Result<Vec<Role>, AppError> {
        let codes: Vec<String> = sqlx::query_scalar(
            "select g.role from role_grants g
             join users u on u.id = g.user_id
             join memberships m on m.tenant_id = g.tenant_id and m.user_id = g.user_id
             where g.tenant_id = $1 and g.user_id = $2 and u.active and m.active
               and u.email_confirmed_at is not null",
        )
        .bind(ctx.tenant.id)
        .bind(user_id)
        .fetch_all(ctx.conn())
        .await?;
        Ok(codes.iter().filter_map(|code| Role::from_code(code)).collect())
    }

    /// A platform administrator (`platform_admins`, an active account with a confirmed
    /// address). The transaction has NO tenant: row-level security hides every region's rows,
    /// so the role reads only global tables and counts, and changes regions only through the
    /// security-definer functions of migration `20261206000001` (which check the role again).
    /// A refusal is audited.
    pub struct PlatformAdmin {
        pub state: AppState,
        pub tx: Transaction<'static, Postgres>,
        pub user: AuthUser,
        mail_queued: bool,
    }

    impl PlatformAdmin {
        pub async fn require() -> Result<PlatformAdmin, AppError> {
            PlatformAdmin::require_of(app_state()?, signed_in_user()).await
        }

        /// [`PlatformAdmin::require`] for plain HTTP handlers and tests.
        pub async fn require_of(state: AppState, user: Option<AuthUser>) -> Result<PlatformAdmin, AppError> {
            let user = user.ok_or(AppError::Unauthorized)?;
            let mut tx = state.db.begin().await?;
            let admin = is_platform_admin(&mut *tx, user.user_id).await?;
            if !admin {
                let needs = serde_json::json!({ "needs": ["platform_admin"] });
                audit(&mut tx, None, Some(user.user_id), "access_denied", needs).await?;
                tx.commit().await?;
                return Err(AppError::Forbidden);
            }
            Ok(PlatformAdmin {
                state,
                tx,
                user,
                mail_queued: false,
            })
        }

        pub fn conn(&mut self) -> &mut PgConnection {
            &mut self.tx
        }

        /// Records an event in the platform's log (`platform_audit`), naming the region acted
        /// on, if any.
        pub async fn audit(
            &mut self,
            action: &str,
            region: Option<Uuid>,
            details: serde_json::Value,
        ) -> Result<(), sqlx::Error> {
            let ip = crate::state::client_ip().map(|ip| ip.to_string());
            sqlx::query(
                "insert into platform_audit (user_id, region_id, action, ip, details)
                 values ($1, $2, $3, $4::inet, $5)",
            )
            .bind(self.user.user_id)
            .bind(region)
            .bind(action)
            .bind(ip)
            .bind(details)
            .execute(&mut *self.tx)
            .await
            .map(|_| ())
        }

        /// Says that a message was written to the outbox, so that [`PlatformAdmin::commit`]
        /// wakes the sender.
        pub fn mail_queued(&mut self) {
            self.mail_queued = true;
        }

        pub async fn commit(self) -> Result<(), AppError> {
            self.tx.commit().await?;
            if self.mail_queued {
                self.state.outbox.wake();
            }
            Ok(())
        }
    }

    /// Gives each gate the context's methods and fields (`ctx.tx`, `ctx.audit(..)`) and a
    /// `commit` that consumes it.
    macro_rules! gate {
        ($($gate:ident),*) => {$(
            impl Deref for $gate {
                type Target = Ctx;
                fn deref(&self) -> &Ctx {
                    &self.ctx
                }
            }
            impl DerefMut for $gate {
                fn deref_mut(&mut self) -> &mut Ctx {
                    &mut self.ctx
                }
            }
            impl $gate {
                pub async fn commit(self) -> Result<(), AppError> {
                    self.ctx.commit().await
                }
            }
        )*};
    }
    gate!(Visitor, Person, Member, Staff);

    mod club;
    pub use club::*;
}
