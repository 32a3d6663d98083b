use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use enid_core::auth::{Email, NewUser, User};
use enid_core::storage::Storage;
use enid_core::stores::{Role, StoreId};

/// One backend under test; dropping it removes its temporary database.
pub struct Backend {
    pub name: &'static str,
    pub storage: Arc<dyn Storage>,
    /// The database `storage` is connected to.
    pub url: String,
    _sqlite_dir: Option<tempfile::TempDir>,
}

/// A fresh SQLite file, and a fresh PostgreSQL schema when configured (else the test reports its
/// PostgreSQL run skipped).
pub async fn backends() -> Vec<Backend> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("enid.db").display());
    let mut list = vec![Backend {
        name: "sqlite",
        storage: enid_storage::connect(&url).await.expect("sqlite connects"),
        url,
        _sqlite_dir: Some(dir),
    }];
    if let Some(url) = enid_storage::testing::postgres_url() {
        let schema_url = enid_storage::postgres::testing::fresh_schema_url(&url)
            .await
            .expect("fresh postgres schema");
        list.push(Backend {
            name: "postgres",
            storage: enid_storage::connect(&schema_url)
                .await
                .expect("postgres connects"),
            url: schema_url,
            _sqlite_dir: None,
        });
    }
    list
}

impl Backend {
    /// Another storage on the same database, as a second instance of Enid would have.
    pub async fn second_instance(&self) -> Arc<dyn Storage> {
        enid_storage::connect(&self.url)
            .await
            .expect("second instance connects")
    }
}

/// A fixed instant, so stored timestamps can be compared exactly.
pub fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

pub async fn default_store(storage: &dyn Storage) -> StoreId {
    storage
        .ensure_store(1, "Enid Service", "enid-service", at(1, 0))
        .await
        .expect("default store")
        .id
}

pub async fn user(storage: &dyn Storage, email: &str, membership: Option<(StoreId, Role)>) -> User {
    storage
        .create_user(
            &NewUser {
                email: Email::parse(email).unwrap(),
                name: format!("User {email}"),
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned(),
                is_superuser: false,
            },
            membership,
            at(1, 1),
        )
        .await
        .expect("user created")
}
