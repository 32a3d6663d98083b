//! Using enid-core directly, with SQLite and no HTTP: create a store and its admin, sign a
//! customer up, log in, authenticate the access token, refresh it, and log out.
//!
//! ```text
//! cargo run -p enid-examples --example core_direct
//! ```

use std::time::Duration;

use enid_core::Enid;
use enid_core::auth::{LoginInput, NewMemberInput, SignupInput};
use enid_core::config::EnidConfig;
use enid_core::stores::Role;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("shop.db").display());
    // No reuse grace: a refresh token presented twice revokes its session at once. (By default a
    // second presentation within 10 s, from another tab or a retry, is refused and the session
    // kept.)
    let config = EnidConfig {
        refresh_reuse_grace: Duration::ZERO,
        ..EnidConfig::default()
    };
    let enid = Enid::builder(enid_storage::connect(&url).await?)
        .config(config)
        .build()
        .await?;

    let admin = enid
        .accounts()
        .create_user(NewMemberInput {
            email: "dueña@gimnasio.mx".to_owned(),
            name: "Dueña".to_owned(),
            password: "una contraseña larga".to_owned(),
            is_superuser: true,
            membership: None,
        })
        .await?;
    let admin_session = enid
        .accounts()
        .login(
            LoginInput {
                email: admin.email.clone(),
                password: "una contraseña larga".to_owned(),
            },
            "127.0.0.1",
        )
        .await?;
    let admin_principal = enid
        .accounts()
        .authenticate(&admin_session.access_token)
        .await?;
    let store = enid
        .stores()
        .create(&admin_principal, "Gimnasio en Casa", Some(admin.id))
        .await?;
    println!("store {} '{}' (slug {})", store.id, store.name, store.slug);

    let customer = enid
        .accounts()
        .signup(
            store.id,
            SignupInput {
                email: "Cliente@Example.MX".to_owned(),
                name: "Cliente".to_owned(),
                password: "secreto123".to_owned(),
            },
            "127.0.0.1",
        )
        .await?;
    println!("customer {} signed up as {}", customer.id, customer.email);

    let tokens = enid
        .accounts()
        .login(
            LoginInput {
                email: "cliente@example.mx".to_owned(),
                password: "secreto123".to_owned(),
            },
            "127.0.0.1",
        )
        .await?;
    let principal = enid.accounts().authenticate(&tokens.access_token).await?;
    assert_eq!(principal.role_in(store.id), Some(Role::Customer));
    println!("customer is a {} of store {}", Role::Customer, store.id);

    let rotated = enid.accounts().refresh(&tokens.refresh_token).await?;
    let reuse = enid.accounts().refresh(&tokens.refresh_token).await;
    assert!(
        reuse.is_err(),
        "a rotated refresh token cannot be used twice"
    );
    assert!(
        enid.accounts()
            .authenticate(&rotated.access_token)
            .await
            .is_err(),
        "reuse revoked the whole session"
    );
    println!("refresh token reuse detected and the session revoked");

    let again = enid
        .accounts()
        .login(
            LoginInput {
                email: "cliente@example.mx".to_owned(),
                password: "secreto123".to_owned(),
            },
            "127.0.0.1",
        )
        .await?;
    let principal = enid.accounts().authenticate(&again.access_token).await?;
    enid.accounts()
        .logout(&principal, Some(&again.refresh_token))
        .await?;
    assert!(
        enid.accounts()
            .authenticate(&again.access_token)
            .await
            .is_err()
    );
    println!("logged out: the access token no longer works");
    Ok(())
}
