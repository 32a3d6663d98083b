use std::sync::Arc;

use enid_core::auth::RefreshOutcome;
use enid_core::stores::Role;
use uuid::Uuid;

use crate::support::{at, backends, default_store, user};

#[tokio::test]
async fn sessions_rotate_and_detect_reuse() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let u = user(s, "eva@example.mx", Some((store, Role::Customer))).await;
        let session = Uuid::new_v4();
        s.create_session(session, u.id, "hash-1", at(10, 0), at(1, 0))
            .await
            .unwrap();

        let principal = s
            .principal(u.id, session)
            .await
            .unwrap()
            .expect("live session");
        assert_eq!(
            (principal.user.id, principal.session_id),
            (u.id, session),
            "{}",
            b.name
        );
        assert_eq!(principal.memberships.len(), 1);
        assert!(
            s.principal(u.id + 1, session).await.unwrap().is_none(),
            "{}: other user",
            b.name
        );
        assert_eq!(
            s.refresh_token_owner("hash-1").await.unwrap(),
            Some((session, u.id))
        );

        let rotated = s
            .rotate_refresh_token("hash-1", "hash-2", at(11, 0), at(2, 0))
            .await
            .unwrap();
        assert_eq!(
            rotated,
            RefreshOutcome::Rotated {
                user_id: u.id,
                session_id: session
            },
            "{}",
            b.name
        );
        let next = s
            .rotate_refresh_token("hash-2", "hash-3", at(12, 0), at(3, 0))
            .await
            .unwrap();
        assert!(matches!(next, RefreshOutcome::Rotated { .. }), "{}", b.name);

        // hash-1 again: reuse. The session dies, and with it the newest token.
        assert_eq!(
            s.rotate_refresh_token("hash-1", "hash-x", at(12, 0), at(4, 0))
                .await
                .unwrap(),
            RefreshOutcome::Rejected
        );
        assert!(
            s.principal(u.id, session).await.unwrap().is_none(),
            "{}: session revoked",
            b.name
        );
        assert_eq!(
            s.rotate_refresh_token("hash-3", "hash-4", at(12, 0), at(4, 0))
                .await
                .unwrap(),
            RefreshOutcome::Rejected
        );
        assert_eq!(
            s.refresh_token_owner("hash-x").await.unwrap(),
            None,
            "{}: nothing stored on reuse",
            b.name
        );
        assert_eq!(
            s.rotate_refresh_token("unknown", "hash-5", at(12, 0), at(4, 0))
                .await
                .unwrap(),
            RefreshOutcome::Rejected
        );
    }
}

#[tokio::test]
async fn expired_refresh_tokens_revoke_their_session() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let u = user(s, "exp@example.mx", Some((store, Role::Customer))).await;
        let session = Uuid::new_v4();
        s.create_session(session, u.id, "old", at(5, 0), at(1, 0))
            .await
            .unwrap();
        assert_eq!(
            s.rotate_refresh_token("old", "new", at(9, 0), at(5, 0))
                .await
                .unwrap(),
            RefreshOutcome::Rejected,
            "{}",
            b.name
        );
        assert!(
            s.principal(u.id, session).await.unwrap().is_none(),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn revoking_ends_the_session_everywhere() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let u = user(s, "out@example.mx", Some((store, Role::Customer))).await;
        let session = Uuid::new_v4();
        s.create_session(session, u.id, "t1", at(9, 0), at(1, 0))
            .await
            .unwrap();
        s.revoke_session(session, at(2, 0)).await.unwrap();
        s.revoke_session(session, at(3, 0)).await.unwrap();
        assert!(
            s.principal(u.id, session).await.unwrap().is_none(),
            "{}",
            b.name
        );
        assert_eq!(
            s.rotate_refresh_token("t1", "t2", at(9, 0), at(3, 0))
                .await
                .unwrap(),
            RefreshOutcome::Rejected,
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn concurrent_rotations_of_one_token_succeed_once() {
    for b in backends().await {
        let s = b.storage.clone();
        let store = default_store(s.as_ref()).await;
        let u = user(s.as_ref(), "race@example.mx", Some((store, Role::Customer))).await;
        let session = Uuid::new_v4();
        s.create_session(session, u.id, "shared", at(9, 0), at(1, 0))
            .await
            .unwrap();
        let tasks: Vec<_> = (0..10)
            .map(|i| {
                let s = Arc::clone(&s);
                tokio::spawn(async move {
                    s.rotate_refresh_token("shared", &format!("next-{i}"), at(9, 0), at(2, 0))
                        .await
                })
            })
            .collect();
        let mut rotated = 0;
        for task in tasks {
            if matches!(task.await.unwrap().unwrap(), RefreshOutcome::Rotated { .. }) {
                rotated += 1;
            }
        }
        assert_eq!(rotated, 1, "{}", b.name);
        // The losers presented a used token: reuse, so the session is revoked.
        assert!(
            s.principal(u.id, session).await.unwrap().is_none(),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn purging_deletes_only_what_can_no_longer_authenticate() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let u = user(s, "ines@example.mx", Some((store, Role::Customer))).await;
        let access_ttl = chrono::Duration::minutes(15);
        let now = at(20, 0);
        let [live, rotated, revoked, expired, just_expired] = [(); 5].map(|_| Uuid::new_v4());
        // Live: its token expires tomorrow.
        s.create_session(live, u.id, "live-1", at(21, 0), at(1, 0))
            .await
            .unwrap();
        // Rotated: its first token (used) expired at 10:00, the second one is valid.
        s.create_session(rotated, u.id, "rotated-1", at(10, 0), at(2, 0))
            .await
            .unwrap();
        s.rotate_refresh_token("rotated-1", "rotated-2", at(22, 0), at(3, 0))
            .await
            .unwrap();
        // Revoked: gone, whatever its tokens.
        s.create_session(revoked, u.id, "revoked-1", at(21, 0), at(4, 0))
            .await
            .unwrap();
        s.revoke_session(revoked, at(5, 0)).await.unwrap();
        // Expired: its only token expired at 12:00, hours ago.
        s.create_session(expired, u.id, "expired-1", at(12, 0), at(6, 0))
            .await
            .unwrap();
        // Just expired: a token issued 10 minutes ago that has already expired (an access token
        // issued with it is still valid), so it stays for now.
        let ten_minutes_ago = now - chrono::Duration::minutes(10);
        s.create_session(just_expired, u.id, "just-1", now, ten_minutes_ago)
            .await
            .unwrap();

        let purged = s.purge_sessions(now, access_ttl).await.unwrap();
        assert_eq!(
            (purged.sessions, purged.refresh_tokens),
            (2, 1),
            "{}: the revoked and the expired session, rotated-1",
            b.name
        );
        for (session, alive) in [
            (live, true),
            (rotated, true),
            (revoked, false),
            (expired, false),
            (just_expired, true),
        ] {
            assert_eq!(
                s.principal(u.id, session).await.unwrap().is_some(),
                alive,
                "{}: {session}",
                b.name
            );
        }
        for (token, kept) in [
            ("live-1", true),
            ("rotated-1", false),
            ("rotated-2", true),
            ("revoked-1", false),
            ("expired-1", false),
            ("just-1", true),
        ] {
            assert_eq!(
                s.refresh_token_owner(token).await.unwrap().is_some(),
                kept,
                "{}: {token}",
                b.name
            );
        }
        // What stays still works, and purging again deletes nothing more.
        assert!(matches!(
            s.rotate_refresh_token("rotated-2", "rotated-3", at(23, 0), now)
                .await
                .unwrap(),
            RefreshOutcome::Rotated { .. }
        ));
        assert_eq!(
            s.purge_sessions(now, access_ttl).await.unwrap(),
            enid_core::auth::PurgedSessions::default(),
            "{}",
            b.name
        );
    }
}
