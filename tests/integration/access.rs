//! The access layer's roles are the roles the database accepts: a role added on one side only
//! would either be refused by every insert or never be granted by any gate.

use app::access::Role;

use crate::helpers::spawn_app;

#[tokio::test]
async fn every_role_of_the_code_is_a_role_of_the_database_and_back() {
    let app = spawn_app().await;
    let definition: String = sqlx::query_scalar(
        "select pg_get_constraintdef(c.oid) from pg_constraint c
         where c.conrelid = 'role_grants'::regclass and c.contype = 'c'
           and pg_get_constraintdef(c.oid) like '%role%'",
    )
    .fetch_one(&app.owner)
    .await
    .expect("the check constraint of role_grants.role");
    let in_database: Vec<&str> = definition.split('\'').skip(1).step_by(2).collect();
    let mut in_code: Vec<&str> = Role::ALL.iter().map(|role| role.code()).collect();
    let mut sorted = in_database.clone();
    sorted.sort_unstable();
    in_code.sort_unstable();
    assert_eq!(in_code, sorted, "role_grants accepts {definition}");
    for code in in_database {
        let role = Role::from_code(code).expect("a database role the code knows");
        assert_eq!(role.code(), code);
        assert!(
            !role.label().is_empty() && role.label() != code,
            "{code} has no Russian label"
        );
    }
}
