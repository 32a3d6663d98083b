use std::sync::Arc;

use enid_core::ErrorKind;
use enid_core::pagination::PageRequest;
use enid_core::stores::{Role, StoreChanges};

use crate::support::{at, backends, default_store, user};

#[tokio::test]
async fn the_default_store_is_created_once() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let first = s
            .ensure_store(1, "Enid Service", "enid-service", at(1, 0))
            .await
            .unwrap();
        let again = s
            .ensure_store(1, "Renamed", "renamed", at(2, 0))
            .await
            .unwrap();
        assert_eq!(first, again, "{}", b.name);
        assert_eq!(
            (first.id, first.slug.as_str(), first.is_active),
            (1, "enid-service", true)
        );
        // Ids keep counting after the explicit id 1.
        let next = s
            .create_store("Otra tienda", "otra-tienda", None, at(2, 0))
            .await
            .unwrap();
        assert_eq!(next.id, 2, "{}", b.name);
    }
}

#[tokio::test]
async fn slugs_get_numbered_on_collision() {
    for b in backends().await {
        let s = b.storage.as_ref();
        default_store(s).await;
        let slugs: Vec<String> = {
            let mut v = Vec::new();
            for _ in 0..3 {
                v.push(
                    s.create_store("Gimnasio", "gimnasio", None, at(2, 0))
                        .await
                        .unwrap()
                        .slug,
                );
            }
            v
        };
        assert_eq!(
            slugs,
            ["gimnasio", "gimnasio-2", "gimnasio-3"],
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn stores_with_admins_listing_and_updates() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let default = default_store(s).await;
        let boss = user(s, "boss@example.mx", None).await;
        let store = s
            .create_store("Sucursal Norte", "sucursal-norte", Some(boss.id), at(2, 0))
            .await
            .unwrap();
        let member = s
            .member(store.id, boss.id)
            .await
            .unwrap()
            .expect("admin member");
        assert_eq!(member.role, Role::Admin, "{}", b.name);

        let err = s
            .create_store("Nadie", "nadie", Some(4242), at(2, 0))
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::BadRequest, "{}", b.name);
        assert!(err.fields.contains_key("admin_user_id"));

        let all = s.list_stores(None, PageRequest::default()).await.unwrap();
        assert_eq!(all.count, 2, "{}: the failed store was rolled back", b.name);
        let mine = s
            .list_stores(Some(boss.id), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(
            mine.items.iter().map(|s| s.id).collect::<Vec<_>>(),
            [store.id],
            "{}",
            b.name
        );
        assert_ne!(store.id, default);

        let changed = s
            .update_store(
                store.id,
                &StoreChanges {
                    name: Some("Norte".into()),
                    is_active: Some(false),
                },
                at(3, 0),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                changed.name.as_str(),
                changed.slug.as_str(),
                changed.is_active
            ),
            ("Norte", "sucursal-norte", false)
        );
        assert_eq!(changed.updated_at, at(3, 0), "{}", b.name);
        assert_eq!(s.store(store.id).await.unwrap(), Some(changed));
        assert!(
            s.update_store(999, &StoreChanges::default(), at(3, 0))
                .await
                .unwrap()
                .is_none()
        );
        assert!(s.store(999).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn the_first_setting_written_wins() {
    for b in backends().await {
        let s = b.storage.clone();
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let s = Arc::clone(&s);
                tokio::spawn(async move {
                    s.setting_or_insert("jwt_secret", &format!("value-{i}"))
                        .await
                })
            })
            .collect();
        let mut values = Vec::new();
        for task in tasks {
            values.push(task.await.unwrap().unwrap());
        }
        values.dedup();
        assert_eq!(
            values.len(),
            1,
            "{}: every caller saw the same value",
            b.name
        );
        assert_eq!(
            s.setting_or_insert("jwt_secret", "later").await.unwrap(),
            values[0]
        );
        s.ping().await.unwrap();
        s.migrate().await.unwrap();
    }
}
