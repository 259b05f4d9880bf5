//! The club gates (issue 14): a club's data belongs to the club, not to a region, so its
//! transaction carries the club and the person instead of a tenant.

use super::*;

/// A club (issue 14) as its gates resolve it from the URL. Clubs are public.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClubRow {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub description: String,
}

/// What a club gate holds: the club, a **club transaction** (row-level security shows only
/// this club's rows, and only because its person is a member) and the member.
pub struct ClubCtx {
    pub state: AppState,
    pub club: ClubRow,
    pub tx: Transaction<'static, Postgres>,
    pub user: AuthUser,
    pub is_moderator: bool,
    mail_queued: bool,
}

impl ClubCtx {
    pub fn club_id(&self) -> Uuid {
        self.club.id
    }

    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    /// Records a change in the audit log (no region: the club is named in the details).
    pub async fn audit(&mut self, action: &str, details: serde_json::Value) -> Result<(), sqlx::Error> {
        let details = serde_json::json!({ "club": self.club.slug, "details": details });
        audit(&mut self.tx, None, Some(self.user.user_id), action, details).await
    }

    /// Records a moderator's action in the club's moderation log and in the audit log.
    pub async fn moderation(&mut self, action: &str, details: serde_json::Value) -> Result<(), sqlx::Error> {
        sqlx::query(
            "insert into club_moderation_log (club_id, moderator_id, action, details) values ($1, $2, $3, $4)",
        )
        .bind(self.club.id)
        .bind(self.user.user_id)
        .bind(action)
        .bind(&details)
        .execute(&mut *self.tx)
        .await?;
        self.audit(action, details).await
    }

    /// Says that a message was written to the outbox, so that [`ClubCtx::commit`] wakes the sender.
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

/// Opens a club transaction: `rost.club_id` and `rost.user_id` local to it, like the tenant.
pub async fn begin_club(
    pool: &sqlx::PgPool,
    club_id: Uuid,
    user_id: Uuid,
) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    // One round trip, as in `state::begin_tenant`: UUIDs format as hex and dashes only.
    pool.begin_with(format!(
        "BEGIN; SELECT set_config('rost.club_id', '{club_id}', true), set_config('rost.user_id', '{user_id}', true)"
    ))
    .await
}

/// The club named by a URL's slug.
pub async fn club_by_slug(state: &AppState, slug: &str) -> Result<ClubRow, AppError> {
    sqlx::query_as("select id, slug, name, description from clubs where slug = $1")
        .bind(slug)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What a club's landing page may show: everything to a member, the club's card to others.
pub enum ClubAccess {
    Member(Box<ClubCtx>),
    /// Not a member (or banned, or not signed in): the club exists, and how to join.
    Outsider {
        club: ClubRow,
        user: Option<AuthUser>,
    },
}

/// Anyone at a club's door: the landing page and nothing else.
pub struct ClubGuest;

impl ClubGuest {
    pub async fn require(slug: &str) -> Result<ClubAccess, AppError> {
        ClubGuest::require_of(app_state()?, slug, signed_in_user()).await
    }

    pub async fn require_of(
        state: AppState,
        slug: &str,
        user: Option<AuthUser>,
    ) -> Result<ClubAccess, AppError> {
        let club = club_by_slug(&state, slug).await?;
        let Some(user) = user else {
            return Ok(ClubAccess::Outsider { club, user: None });
        };
        let mut tx = begin_club(&state.db, club.id, user.user_id).await?;
        let (member, is_moderator): (bool, bool) =
            // `rost_current_club()` remembers the membership for the transaction's policies.
            sqlx::query_as("select coalesce(rost_current_club() = $1, false), rost_club_moderating()")
                .bind(club.id)
                .fetch_one(&mut *tx)
                .await?;
        if !member {
            return Ok(ClubAccess::Outsider {
                club,
                user: Some(user),
            });
        }
        Ok(ClubAccess::Member(Box::new(ClubCtx {
            state,
            club,
            tx,
            user,
            is_moderator,
            mail_queued: false,
        })))
    }
}

/// A member of the club: a director or deputy of one of its regions, an invited person or a
/// moderator, not banned. Anyone else gets [`AppError::Forbidden`] (the page then shows what
/// the club is and how to join), a visitor who is not signed in [`AppError::Unauthorized`].
pub struct ClubMember;

impl ClubMember {
    pub async fn require(slug: &str) -> Result<ClubCtx, AppError> {
        ClubMember::require_of(app_state()?, slug, signed_in_user()).await
    }

    /// [`ClubMember::require`] for plain HTTP handlers (events stream, attachments).
    pub async fn require_of(
        state: AppState,
        slug: &str,
        user: Option<AuthUser>,
    ) -> Result<ClubCtx, AppError> {
        let signed_in = user.is_some();
        match ClubGuest::require_of(state, slug, user).await? {
            ClubAccess::Member(ctx) => Ok(*ctx),
            ClubAccess::Outsider { .. } if signed_in => Err(AppError::Forbidden),
            ClubAccess::Outsider { .. } => Err(AppError::Unauthorized),
        }
    }
}

/// A member with the `club_moderator` role of this club.
pub struct ClubModerator;

impl ClubModerator {
    pub async fn require(slug: &str) -> Result<ClubCtx, AppError> {
        let ctx = ClubMember::require(slug).await?;
        if !ctx.is_moderator {
            return Err(AppError::Forbidden);
        }
        Ok(ctx)
    }
}
