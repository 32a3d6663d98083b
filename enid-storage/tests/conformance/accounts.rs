use enid_core::ErrorKind;
use enid_core::auth::{Email, MemberChanges, MemberFilter, NewUser};
use enid_core::pagination::PageRequest;
use enid_core::stores::Role;
use uuid::Uuid;

use crate::support::{at, backends, default_store, user};

#[tokio::test]
async fn users_are_unique_by_lowercased_email() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let ana = user(s, "Ana@Example.mx", Some((store, Role::Customer))).await;
        assert_eq!(ana.email, "ana@example.mx", "{}", b.name);
        assert_eq!(ana.created_at, at(1, 1), "{}", b.name);

        let again = s
            .create_user(
                &NewUser {
                    email: Email::parse("ANA@example.MX").unwrap(),
                    name: "Other".into(),
                    password_hash: "x".into(),
                    is_superuser: true,
                },
                Some((store, Role::Admin)),
                at(2, 0),
            )
            .await
            .unwrap_err();
        assert_eq!(
            (again.kind, again.code),
            (ErrorKind::Conflict, "email_taken"),
            "{}",
            b.name
        );
        assert_eq!(s.count_users().await.unwrap(), 1, "{}", b.name);

        let (found, hash) = s
            .user_credentials(&Email::parse("ana@EXAMPLE.mx").unwrap())
            .await
            .unwrap()
            .expect("found");
        assert_eq!(found, ana, "{}", b.name);
        assert!(hash.starts_with("$argon2id$"), "{}", b.name);
        assert!(
            s.user_credentials(&Email::parse("nobody@example.mx").unwrap())
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn a_membership_in_a_missing_store_is_not_found_and_leaves_no_user() {
    for b in backends().await {
        let s = b.storage.as_ref();
        default_store(s).await;
        let err = s
            .create_user(
                &NewUser {
                    email: Email::parse("ghost@example.mx").unwrap(),
                    name: "Ghost".into(),
                    password_hash: "x".into(),
                    is_superuser: false,
                },
                Some((999, Role::Staff)),
                at(1, 0),
            )
            .await
            .unwrap_err();
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::NotFound, "store_not_found"),
            "{}",
            b.name
        );
        assert_eq!(s.count_users().await.unwrap(), 0, "{}", b.name);
    }
}

#[tokio::test]
async fn names_memberships_and_passwords() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let second = s
            .create_store("Segunda", "segunda", None, at(1, 0))
            .await
            .unwrap();
        let u = user(s, "luis@example.mx", Some((store, Role::Staff))).await;
        assert!(
            s.update_member(second.id, u.id, &MemberChanges::default(), at(1, 0))
                .await
                .unwrap()
                .is_none()
        );
        let memberships = s.memberships(u.id).await.unwrap();
        assert_eq!(memberships.len(), 1, "{}", b.name);
        assert_eq!(
            (memberships[0].store_id, memberships[0].role),
            (store, Role::Staff)
        );
        assert_eq!(memberships[0].store_name, "Enid Service");

        let renamed = s
            .update_user_name(u.id, "Luis O'Brien; DROP TABLE users;--", at(2, 0))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            renamed.name, "Luis O'Brien; DROP TABLE users;--",
            "{}",
            b.name
        );
        assert_eq!(renamed.updated_at, at(2, 0));
        assert!(
            s.update_user_name(12345, "x", at(2, 0))
                .await
                .unwrap()
                .is_none()
        );

        let keep = Uuid::new_v4();
        let other = Uuid::new_v4();
        for session in [keep, other] {
            s.create_session(session, u.id, &session.to_string(), at(20, 0), at(1, 0))
                .await
                .unwrap();
        }
        s.set_password(u.id, "new-hash", Some(keep), at(3, 0))
            .await
            .unwrap();
        assert_eq!(
            s.password_hash(u.id).await.unwrap().as_deref(),
            Some("new-hash"),
            "{}",
            b.name
        );
        assert!(
            s.principal(u.id, keep).await.unwrap().is_some(),
            "{}: kept session",
            b.name
        );
        assert!(
            s.principal(u.id, other).await.unwrap().is_none(),
            "{}: other session revoked",
            b.name
        );
    }
}

#[tokio::test]
async fn members_filter_and_paginate() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other_store = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap();
        for i in 0..5 {
            user(
                s,
                &format!("cliente{i}@example.mx"),
                Some((store, Role::Customer)),
            )
            .await;
        }
        let admin = user(s, "jefa_50%@example.mx", Some((store, Role::Admin))).await;
        let angela = user(s, "angela@example.mx", Some((store, Role::Staff))).await;
        s.update_member(
            store,
            angela.id,
            &MemberChanges {
                name: Some("Ángela Núñez".into()),
                ..Default::default()
            },
            at(1, 2),
        )
        .await
        .unwrap();
        user(s, "ajeno@example.mx", Some((other_store.id, Role::Staff))).await;

        let page = s
            .list_members(
                store,
                &MemberFilter::default(),
                PageRequest::new(Some(2), Some(4)).unwrap(),
            )
            .await
            .unwrap();
        assert_eq!((page.count, page.items.len()), (7, 3), "{}", b.name);
        assert!(!page.has_next());

        let found = s
            .list_members(
                store,
                &MemberFilter {
                    q: Some("JEFA_50%".into()),
                    is_active: None,
                },
                PageRequest::default(),
            )
            .await
            .unwrap();
        assert_eq!(found.count, 1, "{}", b.name);
        assert_eq!(
            (found.items[0].user.id, found.items[0].role),
            (admin.id, Role::Admin)
        );

        let accented = s
            .list_members(
                store,
                &MemberFilter {
                    q: Some("ÁNGELA NÚ".into()),
                    is_active: None,
                },
                PageRequest::default(),
            )
            .await
            .unwrap();
        assert_eq!(
            accented.items.iter().map(|m| m.user.id).collect::<Vec<_>>(),
            [angela.id],
            "{}: case folds beyond ASCII",
            b.name
        );

        let wildcard = s
            .list_members(
                store,
                &MemberFilter {
                    q: Some("%".into()),
                    is_active: None,
                },
                PageRequest::default(),
            )
            .await
            .unwrap();
        assert_eq!(wildcard.count, 1, "{}: % matches literally", b.name);

        let first = page.items[0].user.id;
        s.update_member(
            store,
            first,
            &MemberChanges {
                is_active: Some(false),
                ..Default::default()
            },
            at(2, 0),
        )
        .await
        .unwrap();
        let inactive = s
            .list_members(
                store,
                &MemberFilter {
                    q: None,
                    is_active: Some(false),
                },
                PageRequest::default(),
            )
            .await
            .unwrap();
        assert_eq!(inactive.count, 1, "{}", b.name);
        assert!(s.memberships(first).await.unwrap().is_empty(), "{}", b.name);
    }
}

#[tokio::test]
async fn the_last_admin_stays() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let admin = user(s, "admin@example.mx", Some((store, Role::Admin))).await;
        let demote = MemberChanges {
            role: Some(Role::Staff),
            name: Some("Renamed".into()),
            ..Default::default()
        };
        let err = s
            .update_member(store, admin.id, &demote, at(2, 0))
            .await
            .unwrap_err();
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::Conflict, "last_admin"),
            "{}",
            b.name
        );
        let deactivate = MemberChanges {
            is_active: Some(false),
            ..Default::default()
        };
        assert_eq!(
            s.update_member(store, admin.id, &deactivate, at(2, 0))
                .await
                .unwrap_err()
                .code,
            "last_admin"
        );
        let member = s.member(store, admin.id).await.unwrap().unwrap();
        assert_eq!(
            (member.role, member.is_active, member.user.name.as_str()),
            (Role::Admin, true, "User admin@example.mx"),
            "{}: nothing changed",
            b.name
        );

        let second = user(s, "second@example.mx", Some((store, Role::Staff))).await;
        s.update_member(
            store,
            second.id,
            &MemberChanges {
                role: Some(Role::Admin),
                ..Default::default()
            },
            at(2, 0),
        )
        .await
        .unwrap();
        let demoted = s
            .update_member(store, admin.id, &demote, at(3, 0))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (demoted.role, demoted.user.name.as_str()),
            (Role::Staff, "Renamed"),
            "{}",
            b.name
        );
        assert!(
            s.update_member(store, 999, &demote, at(3, 0))
                .await
                .unwrap()
                .is_none()
        );
    }
}
