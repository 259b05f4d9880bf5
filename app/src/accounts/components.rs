//! The account pages.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::*;
use crate::components::{action_error, route_slug as slug, FormError, PageError, Submit};
use crate::i18n::ru;

fn query_token() -> String {
    use_query_map().read_untracked().get("token").unwrap_or_default()
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let slug = slug();
    let options = Resource::new(move || slug.get(), get_registration_options);
    view! {
        <Title text=ru::REGISTER_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) => view! { <RegisterForm options slug=slug.get_untracked() /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RegisterForm(options: RegistrationOptions, slug: String) -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let municipality = RwSignal::new(String::new());
    let schools = StoredValue::new(options.schools);
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let error = Signal::derive(action_error(action));
    let pending = action.pending().into();
    view! {
        <section class="form-page">
            <h1>{ru::REGISTER_TITLE}</h1>
            <p class="muted">{options.region_name}</p>
            <Show
                when=done
                fallback=move || {
                    let login_href = format!("/r/{slug}/login");
                    let slug = slug.clone();
                    let municipalities = options.municipalities.clone();
                    view! {
                        <ActionForm action>
                            <input type="hidden" name="form[slug]" value=slug />
                            <label class="field">
                                <span>{ru::FIELD_FULL_NAME}</span>
                                <input name="form[full_name]" required autocomplete="name" />
                            </label>
                            <label class="field">
                                <span>{ru::FIELD_EMAIL}</span>
                                <input name="form[email]" type="email" required autocomplete="email" />
                            </label>
                            <label class="field">
                                <span>{ru::FIELD_MUNICIPALITY}</span>
                                <select
                                    name="form[municipality_id]"
                                    required
                                    on:change=move |ev| municipality.set(event_target_value(&ev))
                                >
                                    <option value="">{ru::CHOOSE}</option>
                                    {municipalities
                                        .into_iter()
                                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                                        .collect_view()}
                                </select>
                            </label>
                            <label class="field">
                                <span>{ru::FIELD_SCHOOL}</span>
                                <select name="form[school_id]" required>
                                    <option value="">{ru::CHOOSE}</option>
                                    {move || {
                                        let chosen = municipality.get();
                                        schools
                                            .with_value(|all| {
                                                all.iter()
                                                    .filter(|s| s.municipality_id == chosen)
                                                    .cloned()
                                                    .collect::<Vec<_>>()
                                            })
                                            .into_iter()
                                            .map(|s| view! { <option value=s.id>{s.name}</option> })
                                            .collect_view()
                                    }}
                                </select>
                            </label>
                            <label class="field">
                                <span>{ru::FIELD_POSITION}</span>
                                <select name="form[position]" required>
                                    <option value="">{ru::CHOOSE}</option>
                                    {ru::POSITIONS
                                        .iter()
                                        .map(|(code, label)| view! { <option value=*code>{*label}</option> })
                                        .collect_view()}
                                </select>
                            </label>
                            <label class="field">
                                <span>{ru::FIELD_SUBJECTS}</span>
                                <input name="form[subjects]" />
                            </label>
                            <label class="field">
                                <span>{ru::FIELD_EXPERIENCE}</span>
                                <input name="form[experience_years]" type="number" min="0" max="70" />
                            </label>
                            <label class="check">
                                <input type="checkbox" name="form[consent]" required />
                                <span>{ru::FIELD_CONSENT}</span>
                            </label>
                            <FormError error />
                            <Submit label=ru::REGISTER_SUBMIT pending />
                        </ActionForm>
                        <p>
                            <a href=login_href>{ru::NAV_LOGIN}</a>
                        </p>
                    }
                }
            >
                <p class="success" role="status">{ru::REGISTER_DONE}</p>
            </Show>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let slug = slug();
    let action = ServerAction::<Login>::new();
    let resend = ServerAction::<ResendConfirmation>::new();
    let email = RwSignal::new(String::new());
    let error = Signal::derive(action_error(action));
    let pending = action.pending().into();
    let not_confirmed = move || matches!(error.get(), Some(AppError::EmailNotConfirmed));
    view! {
        <Title text=ru::LOGIN_TITLE />
        <section class="form-page">
            <h1>{ru::LOGIN_TITLE}</h1>
            <ActionForm action>
                <input type="hidden" name="slug" value=move || slug.get() />
                <label class="field">
                    <span>{ru::FIELD_EMAIL}</span>
                    <input name="email" type="email" required autocomplete="email" bind:value=email />
                </label>
                <label class="field">
                    <span>{ru::FIELD_PASSWORD}</span>
                    <input name="password" type="password" required autocomplete="current-password" />
                </label>
                <FormError error />
                <Submit label=ru::LOGIN_SUBMIT pending />
            </ActionForm>
            <Show when=not_confirmed>
                <ActionForm action=resend>
                    <input type="hidden" name="slug" value=move || slug.get() />
                    <input type="hidden" name="email" value=move || email.get() />
                    <button type="submit">{ru::RESEND_CONFIRMATION}</button>
                </ActionForm>
                <Show when=move || matches!(resend.value().get(), Some(Ok(())))>
                    <p class="success" role="status">{ru::RESEND_DONE}</p>
                </Show>
            </Show>
            <p>
                <a href=move || format!("/r/{}/recover", slug.get())>{ru::LOGIN_FORGOT}</a>
            </p>
            <p>
                <a href=move || format!("/r/{}/register", slug.get())>{ru::LOGIN_NO_ACCOUNT}</a>
            </p>
        </section>
    }
}

/// A page reached from an e-mailed link: a form that carries the link's token and, once the
/// action succeeds (returning the region's slug), the outcome and a link to that region's login.
#[component]
fn TokenPage<A, OutputProtocol>(
    title: &'static str,
    done: &'static str,
    submit: &'static str,
    action: ServerAction<A>,
    children: ChildrenFn,
) -> impl IntoView
where
    A: leptos::server_fn::ServerFn<
            Output = String,
            Error = AppError,
            Protocol = leptos::server_fn::Http<leptos::server_fn::codec::PostUrl, OutputProtocol>,
        > + serde::de::DeserializeOwned
        + Clone
        + Send
        + Sync
        + 'static,
    <<A::Client as leptos::server_fn::client::Client<AppError>>::Request as leptos::server_fn::request::ClientReq<
        AppError,
    >>::FormData: From<leptos::web_sys::FormData>,
    A::Client: leptos::server_fn::client::Client<AppError>,
    OutputProtocol: 'static,
{
    let token = query_token();
    let error = Signal::derive(action_error(action));
    let pending = action.pending().into();
    view! {
        <Title text=title />
        <section class="form-page">
            <h1>{title}</h1>
            {move || match action.value().get() {
                Some(Ok(slug)) => {
                    view! {
                        <p class="success" role="status">{done}</p>
                        <a href=format!("/r/{slug}/login")>{ru::NAV_LOGIN}</a>
                    }
                        .into_any()
                }
                _ => {
                    let token = token.clone();
                    let fields = children.clone();
                    view! {
                        <ActionForm action>
                            <input type="hidden" name="token" value=token />
                            {fields()}
                            <FormError error />
                            <Submit label=submit pending />
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Confirms an address. A registration's link (no `change=email`) asks for the password the
/// account will have: the one typed at registration never becomes valid.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmail>::new();
    let new_address = use_query_map().read_untracked().get("change").as_deref() == Some("email");
    view! {
        <TokenPage
            title=ru::CONFIRM_TITLE
            done=ru::CONFIRM_DONE
            submit=ru::CONFIRM_SUBMIT
            action
        >
            {if new_address {
                view! { <p>{ru::CONFIRM_NEW_ADDRESS_TEXT}</p> }.into_any()
            } else {
                view! {
                    <p>{ru::CONFIRM_SET_PASSWORD_TEXT}</p>
                    <label class="field">
                        <span>{ru::FIELD_NEW_PASSWORD}</span>
                        <input name="password" type="password" required minlength="8" autocomplete="new-password" />
                        <small class="muted">{ru::FIELD_PASSWORD_HINT}</small>
                    </label>
                }
                    .into_any()
            }}
        </TokenPage>
    }
}

#[component]
pub fn RecoverPage() -> impl IntoView {
    let slug = slug();
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(action_error(action));
    let pending = action.pending().into();
    view! {
        <Title text=ru::RECOVER_TITLE />
        <section class="form-page">
            <h1>{ru::RECOVER_TITLE}</h1>
            <Show
                when=move || matches!(action.value().get(), Some(Ok(())))
                fallback=move || {
                    view! {
                        <p>{ru::RECOVER_TEXT}</p>
                        <ActionForm action>
                            <input type="hidden" name="slug" value=move || slug.get() />
                            <label class="field">
                                <span>{ru::FIELD_EMAIL}</span>
                                <input name="email" type="email" required autocomplete="email" />
                            </label>
                            <FormError error />
                            <Submit label=ru::RECOVER_SUBMIT pending />
                        </ActionForm>
                    }
                }
            >
                <p class="success" role="status">{ru::RECOVER_DONE}</p>
            </Show>
        </section>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    view! {
        <TokenPage
            title=ru::RESET_TITLE
            done=ru::RESET_DONE
            submit=ru::RESET_SUBMIT
            action
        >
            <label class="field">
                <span>{ru::FIELD_NEW_PASSWORD}</span>
                <input name="password" type="password" required minlength="8" autocomplete="new-password" />
                <small class="muted">{ru::FIELD_PASSWORD_HINT}</small>
            </label>
        </TokenPage>
    }
}

#[component]
pub fn CabinetPage() -> impl IntoView {
    let slug = slug();
    let profile = Resource::new(move || slug.get(), get_profile);
    view! {
        <Title text=ru::CABINET_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(Some(profile)) => view! { <Cabinet profile slug=slug.get_untracked() /> }.into_any(),
                    Ok(None) => {
                        crate::components::set_http_status(401);
                        view! {
                            <section class="form-page">
                                <h1>{ru::CABINET_TITLE}</h1>
                                <p>{ru::ERROR_UNAUTHORIZED}</p>
                                <a href=format!("/r/{}/login", slug.get_untracked())>{ru::NAV_LOGIN}</a>
                            </section>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Cabinet(profile: Profile, slug: String) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let change = ServerAction::<ChangePassword>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let change_error = Signal::derive(action_error(change));
    let delete_error = Signal::derive(action_error(delete));
    let change_pending = change.pending().into();
    let delete_pending = delete.pending().into();
    let slug_change = slug.clone();
    let slug_delete = slug.clone();
    let slug_profile = slug.clone();
    let slug_email = slug.clone();
    let edit = ServerAction::<UpdateProfile>::new();
    let change_email = ServerAction::<RequestEmailChange>::new();
    let edit_error = Signal::derive(action_error(edit));
    let email_error = Signal::derive(action_error(change_email));
    let edit_pending = edit.pending().into();
    let email_pending = change_email.pending().into();
    let full_name = profile.full_name.clone();
    let subjects = profile.subjects.join(", ");
    let experience = profile
        .experience_years
        .map(|y| y.to_string())
        .unwrap_or_default();
    let roles = profile
        .roles
        .iter()
        .map(|r| ru::label(&ru::ROLES, r))
        .collect::<Vec<_>>()
        .join(", ");
    let position = profile
        .position
        .as_deref()
        .map(|p| ru::label(&ru::POSITIONS, p).to_string());
    let slug_everywhere = slug.clone();
    let director = profile.roles.iter().any(|r| r == "director");
    let diagnostics = view! { <crate::diagnostics::MyDiagnosticsSection slug=slug.clone() /> };
    let school = director.then(|| view! { <crate::diagnostics::SchoolAggregateSection slug=slug.clone() /> });
    let operator = profile.roles.iter().any(|r| r == "regional_operator");
    let coordinator = profile.roles.iter().any(|r| r == "municipal_coordinator");
    let admin_links = operator.then(|| {
        view! {
            <nav class="admin-links">
                <a href=format!("/r/{slug}/admin/identification")>{ru::ID_TITLE}</a>
                <a href=format!("/r/{slug}/admin/diagnostics")>{ru::DIAG_ADMIN_TITLE}</a>
                <a href=format!("/r/{slug}/admin/schools")>{ru::SCHOOLS_TITLE}</a>
                <a href=format!("/r/{slug}/admin/people")>{ru::ADMIN_PEOPLE_TITLE}</a>
                <a href=format!("/r/{slug}/admin/mail")>{ru::ADMIN_MAIL_TITLE}</a>
                <a href=format!("/r/{slug}/admin/audit")>{ru::ADMIN_AUDIT_TITLE}</a>
            </nav>
        }
    });
    let confirmations = (director || operator).then(|| {
        view! {
            <nav class="admin-links">
                <a href=format!("/r/{slug}/confirmations")>{ru::CONFIRMATIONS_LINK}</a>
            </nav>
        }
    });
    let membership =
        view! { <super::confirmations::components::MembershipNoticeSection slug=slug.clone() /> };
    let coordinator_links = (coordinator || operator).then(|| {
        view! {
            <nav class="admin-links">
                <a href=format!("/r/{slug}/identification")>{ru::PUBLISHED_TITLE}</a>
            </nav>
        }
    });
    view! {
        <section class="cabinet">
            <h1>{ru::CABINET_TITLE}</h1>
            <p class="person">{profile.full_name}</p>
            <dl class="facts">
                <dt>{ru::FIELD_EMAIL}</dt>
                <dd>{profile.email}</dd>
                <dt>{ru::CABINET_REGION}</dt>
                <dd>{profile.region_name}</dd>
                <dt>{ru::CABINET_SCHOOL}</dt>
                <dd>{profile.school.unwrap_or_default()}</dd>
                <dt>{ru::FIELD_POSITION}</dt>
                <dd>{position.unwrap_or_default()}</dd>
                <dt>{ru::CABINET_ROLES}</dt>
                <dd class="roles">{roles}</dd>
            </dl>
            <super::invitation_pages::MyInvitationsSection slug=slug.clone() />
            {membership}
            {admin_links}
            {confirmations}
            {coordinator_links}
            {diagnostics}
            {school}
            <div class="actions">
                <ActionForm action=logout>
                    <input type="hidden" name="slug" value=slug />
                    <button type="submit">{ru::NAV_LOGOUT}</button>
                </ActionForm>
                <ActionForm action=logout>
                    <input type="hidden" name="slug" value=slug_everywhere />
                    <input type="hidden" name="everywhere" value="on" />
                    <button type="submit">{ru::LOGOUT_EVERYWHERE}</button>
                </ActionForm>
            </div>
            <h2>{ru::PROFILE_TITLE}</h2>
            <ActionForm action=edit>
                <input type="hidden" name="slug" value=slug_profile />
                <label class="field">
                    <span>{ru::FIELD_FULL_NAME}</span>
                    <input name="full_name" required value=full_name />
                </label>
                <label class="field">
                    <span>{ru::FIELD_SUBJECTS}</span>
                    <input name="subjects" value=subjects />
                </label>
                <label class="field">
                    <span>{ru::FIELD_EXPERIENCE}</span>
                    <input name="experience_years" type="number" min="0" max="70" value=experience />
                </label>
                <FormError error=edit_error />
                <Show when=move || matches!(edit.value().get(), Some(Ok(())))>
                    <p class="success" role="status">{ru::PROFILE_DONE}</p>
                </Show>
                <Submit label=ru::PROFILE_SUBMIT pending=edit_pending />
            </ActionForm>
            <h2>{ru::CHANGE_EMAIL_TITLE}</h2>
            <ActionForm action=change_email>
                <input type="hidden" name="slug" value=slug_email />
                <label class="field">
                    <span>{ru::FIELD_NEW_EMAIL}</span>
                    <input name="email" type="email" required />
                </label>
                <label class="field">
                    <span>{ru::FIELD_CURRENT_PASSWORD}</span>
                    <input name="password" type="password" required autocomplete="current-password" />
                </label>
                <FormError error=email_error />
                <Show when=move || matches!(change_email.value().get(), Some(Ok(())))>
                    <p class="success" role="status">{ru::CHANGE_EMAIL_DONE}</p>
                </Show>
                <Submit label=ru::CHANGE_EMAIL_SUBMIT pending=email_pending />
            </ActionForm>
            <h2>{ru::CHANGE_PASSWORD_TITLE}</h2>
            <ActionForm action=change>
                <input type="hidden" name="slug" value=slug_change />
                <label class="field">
                    <span>{ru::FIELD_CURRENT_PASSWORD}</span>
                    <input name="current_password" type="password" required autocomplete="current-password" />
                </label>
                <label class="field">
                    <span>{ru::FIELD_NEW_PASSWORD}</span>
                    <input name="new_password" type="password" required minlength="8" autocomplete="new-password" />
                </label>
                <FormError error=change_error />
                <Show when=move || matches!(change.value().get(), Some(Ok(())))>
                    <p class="success" role="status">{ru::CHANGE_PASSWORD_DONE}</p>
                </Show>
                <Submit label=ru::CHANGE_PASSWORD_SUBMIT pending=change_pending />
            </ActionForm>
            <h2>{ru::MY_DATA_TITLE}</h2>
            <p>
                <a href="/my-data.json" download="rost-my-data.json" rel="external">{ru::MY_DATA_DOWNLOAD}</a>
            </p>
            <h2>{ru::DELETE_ACCOUNT_TITLE}</h2>
            <p class="muted">{ru::DELETE_ACCOUNT_TEXT}</p>
            <ActionForm action=delete>
                <input type="hidden" name="slug" value=slug_delete />
                <label class="field">
                    <span>{ru::FIELD_PASSWORD}</span>
                    <input name="password" type="password" required autocomplete="current-password" />
                </label>
                <FormError error=delete_error />
                <Submit label=ru::DELETE_ACCOUNT_SUBMIT pending=delete_pending />
            </ActionForm>
        </section>
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let slug = slug();
    let entries = Resource::new(move || slug.get(), get_audit_log);
    view! {
        <Title text=ru::ADMIN_AUDIT_TITLE />
        <h1>{ru::ADMIN_AUDIT_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.is_empty() => view! { <p>{ru::ADMIN_AUDIT_EMPTY}</p> }.into_any(),
                    Ok(list) => {
                        view! {
                            <table class="data">
                                <thead>
                                    <tr>
                                        <th>{ru::COLUMN_TIME}</th>
                                        <th>{ru::COLUMN_USER}</th>
                                        <th>{ru::COLUMN_EVENT}</th>
                                        <th>{ru::COLUMN_ADDRESS}</th>
                                        <th>{ru::COLUMN_DETAILS}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|e| {
                                            view! {
                                                <tr>
                                                    <td>{e.at}</td>
                                                    <td>{e.email.unwrap_or_default()}</td>
                                                    <td>{ru::audit_action_label(&e.action).to_string()}</td>
                                                    <td>{e.ip.unwrap_or_default()}</td>
                                                    <td class="muted">{e.details}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let slug = slug();
    let invite = ServerAction::<Invite>::new();
    let set_role = ServerAction::<SetRole>::new();
    let set_active = ServerAction::<SetMemberActive>::new();
    let people = Resource::new(
        move || {
            (
                slug.get(),
                invite.version().get(),
                set_role.version().get(),
                set_active.version().get(),
            )
        },
        |(slug, ..)| get_people(slug),
    );
    let invite_error = Signal::derive(action_error(invite));
    let change_error = Signal::derive(move || action_error(set_role)().or_else(action_error(set_active)));
    let pending = invite.pending().into();
    view! {
        <Title text=ru::ADMIN_PEOPLE_TITLE />
        <h1>{ru::ADMIN_PEOPLE_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(list) => {
                        let slug = slug.get_untracked();
                        view! {
                            <FormError error=change_error />
                            <table class="data people">
                                <thead>
                                    <tr>
                                        <th>{ru::COLUMN_PERSON}</th>
                                        <th>{ru::FIELD_POSITION}</th>
                                        <th>{ru::CABINET_ROLES}</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|person| view! { <PersonRow person slug=slug.clone() set_role set_active /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
        <super::invitation_pages::PendingInvitationsSection slug invite />
        <h2>{ru::ADMIN_INVITE_TITLE}</h2>
        <ActionForm action=invite>
            <input type="hidden" name="slug" value=move || slug.get() />
            <label class="field">
                <span>{ru::FIELD_FULL_NAME}</span>
                <input name="full_name" required />
            </label>
            <label class="field">
                <span>{ru::FIELD_EMAIL}</span>
                <input name="email" type="email" required />
            </label>
            <label class="field">
                <span>{ru::FIELD_ROLE}</span>
                <RoleSelect />
            </label>
            <FormError error=invite_error />
            <Show when=move || matches!(invite.value().get(), Some(Ok(())))>
                <p class="success" role="status">{ru::ADMIN_INVITE_DONE}</p>
            </Show>
            <Submit label=ru::ADMIN_INVITE_SUBMIT pending />
        </ActionForm>
    }
}

#[component]
fn RoleSelect() -> impl IntoView {
    view! {
        <select name="role" required>
            {ru::ROLES.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
        </select>
    }
}

#[component]
fn PersonRow(
    person: Person,
    slug: String,
    set_role: ServerAction<SetRole>,
    set_active: ServerAction<SetMemberActive>,
) -> impl IntoView {
    let Person {
        user_id,
        full_name,
        email,
        position,
        school,
        active,
        confirmed,
        roles,
    } = person;
    let notes = [
        (!confirmed).then_some(ru::ADMIN_NOT_CONFIRMED),
        (!active).then_some(ru::ADMIN_INACTIVE),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let role_forms = roles
        .into_iter()
        .map(|role| {
            let (slug, user_id) = (slug.clone(), user_id.clone());
            let label = ru::label(&ru::ROLES, &role).to_string();
            view! {
                <ActionForm action=set_role attr:class="inline">
                    <input type="hidden" name="slug" value=slug />
                    <input type="hidden" name="user_id" value=user_id />
                    <input type="hidden" name="role" value=role />
                    <span class="role">{label}</span>
                    <button type="submit" title=ru::ADMIN_REVOKE>"×"</button>
                </ActionForm>
            }
        })
        .collect_view();
    let (grant_slug, grant_user) = (slug.clone(), user_id.clone());
    let row_email = email.clone();
    view! {
        <tr data-email=row_email>
            <td>
                <strong>{full_name}</strong>
                <br />
                <span class="muted">{email}</span>
                <br />
                <span class="error-text">{notes}</span>
            </td>
            <td>{ru::label(&ru::POSITIONS, &position).to_string()} <br /> {school.unwrap_or_default()}</td>
            <td>
                {role_forms}
                <ActionForm action=set_role attr:class="inline">
                    <input type="hidden" name="slug" value=grant_slug />
                    <input type="hidden" name="user_id" value=grant_user />
                    <input type="hidden" name="grant" value="on" />
                    <RoleSelect />
                    <button type="submit">{ru::ADMIN_GRANT}</button>
                </ActionForm>
            </td>
            <td>
                <ActionForm action=set_active>
                    <input type="hidden" name="slug" value=slug />
                    <input type="hidden" name="user_id" value=user_id />
                    {(!active).then(|| view! { <input type="hidden" name="active" value="on" /> })}
                    <button type="submit">{if active { ru::ADMIN_DEACTIVATE } else { ru::ADMIN_REACTIVATE }}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
