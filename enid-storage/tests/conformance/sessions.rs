use std::sync::Arc;

use enid_core::auth::RefreshOutcome;
use enid_core::storage::Storage;
use enid_core::stores::Role;
use uuid::Uuid;

use crate::support::{at, backends, default_store, user};

/// The reuse grace of these tests (Enid's default).
fn grace() -> chrono::Duration {
    chrono::Duration::seconds(10)
}

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
            .rotate_refresh_token("hash-1", "hash-2", at(11, 0), grace(), at(2, 0))
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
            .rotate_refresh_token("hash-2", "hash-3", at(12, 0), grace(), at(3, 0))
            .await
            .unwrap();
        assert!(matches!(next, RefreshOutcome::Rotated { .. }), "{}", b.name);

        // hash-1 again: reuse. The session dies, and with it the newest token.
        assert_eq!(
            s.rotate_refresh_token("hash-1", "hash-x", at(12, 0), grace(), at(4, 0))
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
            s.rotate_refresh_token("hash-3", "hash-4", at(12, 0), grace(), at(4, 0))
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
            s.rotate_refresh_token("unknown", "hash-5", at(12, 0), grace(), at(4, 0))
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
            s.rotate_refresh_token("old", "new", at(9, 0), grace(), at(5, 0))
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
            s.rotate_refresh_token("t1", "t2", at(9, 0), grace(), at(3, 0))
                .await
                .unwrap(),
            RefreshOutcome::Rejected,
            "{}",
            b.name
        );
    }
}

/// Of many concurrent presentations of one token, on two instances, exactly one rotates it; the
/// others are superseded and the session, with the winner's successor, lives on.
#[tokio::test]
async fn concurrent_rotations_of_one_token_succeed_once_and_keep_the_session() {
    for b in backends().await {
        let instances = [Arc::clone(&b.storage), b.second_instance().await];
        let store = default_store(b.storage.as_ref()).await;
        let u = user(
            b.storage.as_ref(),
            "race@example.mx",
            Some((store, Role::Customer)),
        )
        .await;
        for round in 0..10 {
            let session = Uuid::new_v4();
            let shared = format!("shared-{round}");
            b.storage
                .create_session(session, u.id, &shared, at(9, 0), at(1, 0))
                .await
                .unwrap();
            let tasks: Vec<_> = (0..8)
                .map(|i| {
                    let s = Arc::clone(&instances[i % 2]);
                    let shared = shared.clone();
                    tokio::spawn(async move {
                        let next = format!("next-{round}-{i}");
                        let outcome = s
                            .rotate_refresh_token(&shared, &next, at(9, 0), grace(), at(2, 0))
                            .await;
                        (next, outcome)
                    })
                })
                .collect();
            let mut winners = Vec::new();
            for task in tasks {
                let (next, outcome) = task.await.unwrap();
                match outcome.unwrap() {
                    RefreshOutcome::Rotated {
                        user_id,
                        session_id,
                    } => {
                        assert_eq!((user_id, session_id), (u.id, session), "{}", b.name);
                        winners.push(next);
                    }
                    other => assert_eq!(other, RefreshOutcome::Superseded, "{}", b.name),
                }
            }
            assert_eq!(winners.len(), 1, "{}: round {round}", b.name);
            assert!(
                session_alive(b.storage.as_ref(), u.id, session).await,
                "{}: round {round}: the session survives",
                b.name
            );
            // Only the winner's successor was stored, and it rotates in turn.
            for i in 0..8 {
                let next = format!("next-{round}-{i}");
                assert_eq!(
                    b.storage
                        .refresh_token_owner(&next)
                        .await
                        .unwrap()
                        .is_some(),
                    next == winners[0],
                    "{}: {next}",
                    b.name
                );
            }
            let after = format!("after-{round}");
            let outcome = instances[round % 2]
                .rotate_refresh_token(&winners[0], &after, at(9, 0), grace(), at(3, 0))
                .await
                .unwrap();
            assert!(
                matches!(outcome, RefreshOutcome::Rotated { .. }),
                "{}: {outcome:?}",
                b.name
            );
        }
    }
}

/// Whether the session still authenticates.
async fn session_alive(s: &dyn Storage, user_id: i64, session: Uuid) -> bool {
    s.principal(user_id, session).await.unwrap().is_some()
}

/// A token presented again within the grace is refused and the session kept; after the grace it
/// is reuse, and the session goes.
#[tokio::test]
async fn reuse_after_the_grace_revokes_the_session() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let u = user(s, "late@example.mx", Some((store, Role::Customer))).await;
        let session = Uuid::new_v4();
        s.create_session(session, u.id, "first", at(9, 0), at(1, 0))
            .await
            .unwrap();
        let rotated_at = at(2, 0);
        let later = |seconds| rotated_at + chrono::Duration::seconds(seconds);
        assert!(matches!(
            s.rotate_refresh_token("first", "second", at(9, 0), grace(), rotated_at)
                .await
                .unwrap(),
            RefreshOutcome::Rotated { .. }
        ));
        assert_eq!(
            s.rotate_refresh_token("first", "retry", at(9, 0), grace(), later(9))
                .await
                .unwrap(),
            RefreshOutcome::Superseded,
            "{}",
            b.name
        );
        assert!(
            session_alive(b.storage.as_ref(), u.id, session).await,
            "{}",
            b.name
        );
        assert_eq!(
            s.refresh_token_owner("retry").await.unwrap(),
            None,
            "{}: nothing stored when superseded",
            b.name
        );

        assert_eq!(
            s.rotate_refresh_token("first", "stolen", at(9, 0), grace(), later(10))
                .await
                .unwrap(),
            RefreshOutcome::Rejected,
            "{}",
            b.name
        );
        assert!(
            !session_alive(b.storage.as_ref(), u.id, session).await,
            "{}: revoked",
            b.name
        );
        assert_eq!(
            s.rotate_refresh_token("second", "third", at(9, 0), grace(), later(11))
                .await
                .unwrap(),
            RefreshOutcome::Rejected,
            "{}: the successor died with its session",
            b.name
        );
    }
}

#[tokio::test]
async fn with_no_grace_any_reuse_revokes_the_session() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let u = user(s, "strict@example.mx", Some((store, Role::Customer))).await;
        let session = Uuid::new_v4();
        s.create_session(session, u.id, "first", at(9, 0), at(1, 0))
            .await
            .unwrap();
        let none = chrono::Duration::zero();
        assert!(matches!(
            s.rotate_refresh_token("first", "second", at(9, 0), none, at(2, 0))
                .await
                .unwrap(),
            RefreshOutcome::Rotated { .. }
        ));
        assert_eq!(
            s.rotate_refresh_token("first", "again", at(9, 0), none, at(2, 0))
                .await
                .unwrap(),
            RefreshOutcome::Rejected,
            "{}",
            b.name
        );
        assert!(
            !session_alive(b.storage.as_ref(), u.id, session).await,
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
        s.rotate_refresh_token("rotated-1", "rotated-2", at(22, 0), grace(), at(3, 0))
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
            s.rotate_refresh_token("rotated-2", "rotated-3", at(23, 0), grace(), now)
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
