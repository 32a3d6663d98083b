use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use enid_core::auth::{Membership, Principal, User};
use enid_core::clock::ManualClock;
use enid_core::config::EnidConfig;
use enid_core::pagination::PageRequest;
use enid_core::returns::{
    NewReturnCard, NewReturnRequest, ReturnCardChanges, ReturnFilter, ReturnItem, ReturnItemInput,
    ReturnRequestInput, ReturnSettings, ReturnStatus, ReturnTransition, ReturnTransitionInput,
};
use enid_core::storage::Storage;
use enid_core::stores::{Role, StoreId};
use enid_core::{Enid, ErrorKind};
use uuid::Uuid;

use crate::support::{at, backends, default_store, user};

fn ts(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
}

async fn second_store(s: &dyn Storage) -> StoreId {
    s.create_store("Sucursal Sur", "sucursal-sur", None, at(2, 0))
        .await
        .unwrap()
        .id
}

fn new_request(email: &str, created_at: DateTime<Utc>) -> NewReturnRequest {
    NewReturnRequest {
        id: Uuid::new_v4(),
        order_reference: "PED-1001".into(),
        customer_email: email.into(),
        customer_name: "Lucía Pérez".into(),
        delivered_at: created_at - Duration::days(2),
        reason: "La talla no me queda.".into(),
        items: vec![
            ReturnItem {
                product_id: 7,
                quantity: 2,
            },
            ReturnItem {
                product_id: 9,
                quantity: 1,
            },
        ],
        created_at,
    }
}

fn member_of(user: User, store: StoreId, role: Role) -> Principal {
    Principal {
        user,
        session_id: Uuid::new_v4(),
        memberships: vec![Membership {
            store_id: store,
            store_name: "Tienda".into(),
            role,
        }],
    }
}

async fn enid_at(storage: &Arc<dyn Storage>, now: DateTime<Utc>) -> (Enid, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(now));
    let enid = Enid::builder(Arc::clone(storage))
        .clock(clock.clone())
        .config(EnidConfig {
            jwt_secret: Some(enid_core::config::Secret::new(
                "conformance-secret-0123456789abcdef",
            )),
            rate_public_write: None,
            ..EnidConfig::default()
        })
        .build()
        .await
        .unwrap();
    (enid, clock)
}

fn request_input(delivered_at: &str) -> ReturnRequestInput {
    ReturnRequestInput {
        order_reference: "PED-2002".into(),
        customer_email: " Cliente@Example.MX ".into(),
        customer_name: "Cliente".into(),
        delivered_at: delivered_at.into(),
        reason: "Llegó dañado.".into(),
        items: vec![ReturnItemInput {
            product_id: 3,
            quantity: 1,
        }],
    }
}

#[tokio::test]
async fn stores_start_with_the_two_policy_cards() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;
        for store in [store, other] {
            let cards = s
                .list_return_cards(store, PageRequest::default())
                .await
                .unwrap();
            assert_eq!(cards.count, 2, "{}", b.name);
            assert_eq!(
                cards.items.iter().map(|c| c.position).collect::<Vec<_>>(),
                [0, 1]
            );
            assert!(cards.items[0].short_answer.contains("15 días"));
            assert!(cards.items[1].short_answer.contains("Ciudad de México"));
            assert!(
                cards.items[1]
                    .short_answer
                    .contains("uno a dos días hábiles")
            );
            assert_eq!(
                cards.items[0].path_seccion.as_deref(),
                Some("/devoluciones")
            );
        }
    }
}

#[tokio::test]
async fn cards_keep_their_order_and_stay_in_their_store() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;
        let card = |ask: &str, position| NewReturnCard {
            ask: ask.into(),
            short_answer: "Respuesta.".into(),
            path_seccion: Some("/ayuda".into()),
            call_to_action: None,
            position,
        };
        let last = s
            .create_return_card(store, &card("Al final", None), at(3, 0))
            .await
            .unwrap();
        assert_eq!(last.position, 2, "{}", b.name);
        let first = s
            .create_return_card(store, &card("Primero", Some(0)), at(3, 0))
            .await
            .unwrap();
        let asks: Vec<String> = s
            .list_return_cards(store, PageRequest::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.ask)
            .collect();
        // Equal positions: the older card first.
        assert_eq!(asks[1], "Primero");
        assert_eq!(asks[3], "Al final");

        let changed = s
            .update_return_card(
                store,
                first.id,
                &ReturnCardChanges {
                    path_seccion: Some(None),
                    position: Some(9),
                    ..ReturnCardChanges::default()
                },
                at(4, 0),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(changed.path_seccion, None);
        assert_eq!(changed.ask, "Primero");
        // A position is a place: past the end is last, and the cards are numbered anew.
        assert_eq!(changed.position, 3, "{}", b.name);
        assert_eq!(changed.updated_at, at(4, 0));
        let order: Vec<(String, i64)> = s
            .list_return_cards(store, PageRequest::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|c| (c.ask, c.position))
            .collect();
        assert_eq!(order[2], ("Al final".to_owned(), 2), "{}", b.name);
        assert_eq!(order[3], ("Primero".to_owned(), 3), "{}", b.name);
        assert_eq!(
            order.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
            [0, 1, 2, 3],
            "{}",
            b.name
        );
        // Moves at once each see the order the one before left.
        let ids: Vec<i64> = s
            .list_return_cards(store, PageRequest::default())
            .await
            .unwrap()
            .items
            .iter()
            .map(|c| c.id)
            .collect();
        let tasks: Vec<_> = ids
            .iter()
            .rev()
            .map(|&id| {
                let storage = Arc::clone(&b.storage);
                tokio::spawn(async move {
                    let to_top = ReturnCardChanges {
                        position: Some(0),
                        ..ReturnCardChanges::default()
                    };
                    storage
                        .update_return_card(store, id, &to_top, at(4, 0))
                        .await
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap().unwrap();
        }
        let positions: Vec<i64> = s
            .list_return_cards(store, PageRequest::default())
            .await
            .unwrap()
            .items
            .iter()
            .map(|c| c.position)
            .collect();
        assert_eq!(positions, [0, 1, 2, 3], "{}", b.name);

        // The other store neither sees nor touches them.
        assert_eq!(s.return_card(other, first.id).await.unwrap(), None);
        assert_eq!(
            s.update_return_card(other, first.id, &ReturnCardChanges::default(), at(4, 0))
                .await
                .unwrap(),
            None
        );
        assert!(!s.delete_return_card(other, first.id).await.unwrap());
        assert_eq!(
            s.list_return_cards(other, PageRequest::default())
                .await
                .unwrap()
                .count,
            2
        );
        assert!(s.delete_return_card(store, first.id).await.unwrap());
        assert!(!s.delete_return_card(store, first.id).await.unwrap());
        assert_eq!(
            s.list_return_cards(store, PageRequest::default())
                .await
                .unwrap()
                .count,
            3
        );
    }
}

#[tokio::test]
async fn settings_default_to_fifteen_days_per_store() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;
        assert_eq!(s.return_settings(store).await.unwrap().window_days, 15);
        s.save_return_settings(store, &ReturnSettings { window_days: 30 }, at(3, 0))
            .await
            .unwrap();
        s.save_return_settings(store, &ReturnSettings { window_days: 7 }, at(3, 1))
            .await
            .unwrap();
        assert_eq!(s.return_settings(store).await.unwrap().window_days, 7);
        assert_eq!(
            s.return_settings(other).await.unwrap().window_days,
            15,
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn the_window_allows_day_fifteen_and_refuses_day_sixteen() {
    for b in backends().await {
        // Delivered on March 1 (late at night); now is early on March 16: day 15.
        let (enid, clock) = enid_at(&b.storage, ts(3, 16, 0, 30)).await;
        let returns = enid.returns();
        let request = returns
            .create_request(1, request_input("2026-03-01T23:50:00Z"), "10.0.0.1")
            .await
            .unwrap();
        assert_eq!(request.status, ReturnStatus::Requested);
        assert_eq!(request.customer_email, "cliente@example.mx");
        assert_eq!(request.delivered_at, ts(3, 1, 23, 50));
        assert_eq!(request.created_at, ts(3, 16, 0, 30));

        // The last minute of day 15 is still in; the first of day 16 is not.
        clock.set(ts(3, 16, 23, 59));
        returns
            .create_request(1, request_input("2026-03-01"), "10.0.0.1")
            .await
            .unwrap();
        clock.set(ts(3, 17, 0, 0));
        let err = returns
            .create_request(1, request_input("2026-03-01"), "10.0.0.1")
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict, "{}", b.name);
        assert_eq!(err.code, "return_window_closed");

        // A delivery in the future is invalid input.
        let err = returns
            .create_request(1, request_input("2026-03-17T00:01:00Z"), "10.0.0.1")
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::BadRequest);
        assert!(err.fields.contains_key("delivered_at"));

        // The store's own window applies.
        b.storage
            .save_return_settings(1, &ReturnSettings { window_days: 20 }, ts(3, 17, 0, 0))
            .await
            .unwrap();
        returns
            .create_request(1, request_input("2026-03-01"), "10.0.0.1")
            .await
            .unwrap();
        let stored = b
            .storage
            .list_return_requests(1, &ReturnFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(stored.count, 3);
    }
}

#[tokio::test]
async fn every_illegal_transition_is_refused_and_changes_nothing() {
    use ReturnStatus::*;
    for b in backends().await {
        let (enid, _clock) = enid_at(&b.storage, ts(3, 10, 12, 0)).await;
        let s = b.storage.as_ref();
        let staff = member_of(
            user(s, "staff.devoluciones@example.mx", Some((1, Role::Staff))).await,
            1,
            Role::Staff,
        );
        let returns = enid.returns();
        // The way to reach each status from requested.
        let paths: [(ReturnStatus, &[ReturnStatus]); 5] = [
            (Requested, &[]),
            (Approved, &[Approved]),
            (Rejected, &[Rejected]),
            (Received, &[Approved, Received]),
            (Refunded, &[Approved, Received, Refunded]),
        ];
        for (from, path) in paths {
            for to in ReturnStatus::ALL {
                if from.can_move_to(to) {
                    continue;
                }
                let request = returns
                    .create_request(1, request_input("2026-03-05"), "10.0.0.2")
                    .await
                    .unwrap();
                for step in path {
                    returns
                        .transition(
                            &staff,
                            1,
                            request.id,
                            ReturnTransitionInput {
                                status: step.as_str().into(),
                                note: None,
                            },
                        )
                        .await
                        .unwrap();
                }
                let err = returns
                    .transition(
                        &staff,
                        1,
                        request.id,
                        ReturnTransitionInput {
                            status: to.as_str().into(),
                            note: Some("no".into()),
                        },
                    )
                    .await
                    .unwrap_err();
                assert_eq!(err.kind, ErrorKind::Conflict, "{from} → {to} ({})", b.name);
                assert_eq!(err.code, "invalid_return_transition");
                let detail = s.return_request(1, request.id).await.unwrap().unwrap();
                assert_eq!(detail.request.status, from);
                assert_eq!(detail.history.len(), path.len());
            }
        }
    }
}

#[tokio::test]
async fn transitions_are_recorded_with_who_when_and_note() {
    for b in backends().await {
        let (enid, clock) = enid_at(&b.storage, ts(3, 10, 12, 0)).await;
        let s = b.storage.as_ref();
        let staff_user = user(s, "ana.staff@example.mx", Some((1, Role::Staff))).await;
        let staff = member_of(staff_user.clone(), 1, Role::Staff);
        let returns = enid.returns();
        let request = returns
            .create_request(1, request_input("2026-03-05"), "10.0.0.3")
            .await
            .unwrap();
        for (minute, status, note) in [
            (5, "approved", Some("  Aprobada, enviar guía.  ")),
            (10, "received", None),
            (15, "refunded", Some("Reembolso a la tarjeta.")),
        ] {
            clock.set(ts(3, 10, 12, minute));
            let detail = returns
                .transition(
                    &staff,
                    1,
                    request.id,
                    ReturnTransitionInput {
                        status: status.into(),
                        note: note.map(Into::into),
                    },
                )
                .await
                .unwrap();
            assert_eq!(detail.request.status.as_str(), status);
            assert_eq!(detail.request.updated_at, ts(3, 10, 12, minute));
        }
        let detail = s.return_request(1, request.id).await.unwrap().unwrap();
        let history: Vec<_> = detail
            .history
            .iter()
            .map(|c| {
                (
                    c.from_status,
                    c.to_status,
                    c.changed_by,
                    c.changed_by_email.clone(),
                    c.note.clone(),
                    c.changed_at,
                )
            })
            .collect();
        use ReturnStatus::*;
        let who = Some(staff_user.id);
        let email = Some("ana.staff@example.mx".to_owned());
        assert_eq!(
            history,
            [
                (
                    Requested,
                    Approved,
                    who,
                    email.clone(),
                    "Aprobada, enviar guía.".to_owned(),
                    ts(3, 10, 12, 5)
                ),
                (
                    Approved,
                    Received,
                    who,
                    email.clone(),
                    String::new(),
                    ts(3, 10, 12, 10)
                ),
                (
                    Received,
                    Refunded,
                    who,
                    email,
                    "Reembolso a la tarjeta.".to_owned(),
                    ts(3, 10, 12, 15)
                ),
            ],
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn racing_transitions_have_exactly_one_winner() {
    for b in backends().await {
        let s = b.storage.as_ref();
        default_store(s).await;
        let second = b.second_instance().await;
        for round in 0..10 {
            let request = s
                .create_return_request(1, &new_request("carrera@example.mx", at(5, 0)))
                .await
                .unwrap();
            let change = |to| ReturnTransition {
                from: ReturnStatus::Requested,
                to,
                changed_by: None,
                note: format!("ronda {round}"),
                at: at(5, 1),
            };
            let approve = change(ReturnStatus::Approved);
            let reject = change(ReturnStatus::Rejected);
            let (a, r) = tokio::join!(
                s.transition_return_request(1, request.id, &approve),
                second.transition_return_request(1, request.id, &reject),
            );
            let outcomes = [a, r];
            let winners: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
            assert_eq!(winners.len(), 1, "{} round {round}", b.name);
            let winner = winners[0].as_ref().unwrap();
            let loser = outcomes.iter().find_map(|o| o.as_ref().err()).unwrap();
            assert_eq!(loser.kind, ErrorKind::Conflict);
            assert_eq!(loser.code, "return_status_changed");
            let stored = s.return_request(1, request.id).await.unwrap().unwrap();
            assert_eq!(stored.request.status, winner.request.status);
            assert_eq!(stored.history.len(), 1);
            assert_eq!(stored.history[0].to_status, winner.request.status);
        }
    }
}

#[tokio::test]
async fn requests_are_listed_newest_first_filtered_and_per_store() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;
        let mut ids = Vec::new();
        for (day, email) in [
            (3, "uno@example.mx"),
            (4, "dos@example.mx"),
            (5, "uno@example.mx"),
        ] {
            let created = s
                .create_return_request(store, &new_request(email, at(day, 9)))
                .await
                .unwrap();
            assert_eq!(created.items.len(), 2);
            ids.push(created.id);
        }
        let foreign = s
            .create_return_request(other, &new_request("uno@example.mx", at(6, 9)))
            .await
            .unwrap();
        s.transition_return_request(
            store,
            ids[0],
            &ReturnTransition {
                from: ReturnStatus::Requested,
                to: ReturnStatus::Approved,
                changed_by: None,
                note: String::new(),
                at: at(7, 0),
            },
        )
        .await
        .unwrap()
        .unwrap();

        let list = |filter: ReturnFilter, page: PageRequest| async move {
            s.list_return_requests(store, &filter, page).await.unwrap()
        };
        let all = list(ReturnFilter::default(), PageRequest::default()).await;
        assert_eq!(all.count, 3, "{}", b.name);
        assert_eq!(
            all.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            [ids[2], ids[1], ids[0]]
        );
        let approved = list(
            ReturnFilter {
                status: Some(ReturnStatus::Approved),
                ..ReturnFilter::default()
            },
            PageRequest::default(),
        )
        .await;
        assert_eq!(
            approved.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            [ids[0]]
        );
        let since = list(
            ReturnFilter {
                since: Some(at(4, 9)),
                ..ReturnFilter::default()
            },
            PageRequest::default(),
        )
        .await;
        assert_eq!(
            since.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            [ids[2], ids[1]]
        );
        let own = list(
            ReturnFilter {
                customer_email: Some("uno@example.mx".into()),
                ..ReturnFilter::default()
            },
            PageRequest::default(),
        )
        .await;
        assert_eq!(
            own.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            [ids[2], ids[0]]
        );
        let second_page = list(
            ReturnFilter::default(),
            PageRequest::new(Some(2), Some(2)).unwrap(),
        )
        .await;
        assert_eq!(second_page.count, 3);
        assert_eq!(
            second_page.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            [ids[0]]
        );

        // No store reaches another's requests.
        assert_eq!(s.return_request(other, ids[0]).await.unwrap(), None);
        assert_eq!(s.return_request(store, foreign.id).await.unwrap(), None);
        assert_eq!(
            s.transition_return_request(
                other,
                ids[1],
                &ReturnTransition {
                    from: ReturnStatus::Requested,
                    to: ReturnStatus::Rejected,
                    changed_by: None,
                    note: String::new(),
                    at: at(7, 0),
                },
            )
            .await
            .unwrap(),
            None
        );
        assert_eq!(
            s.return_request(store, ids[1])
                .await
                .unwrap()
                .unwrap()
                .request
                .status,
            ReturnStatus::Requested
        );
        let other_list = s
            .list_return_requests(other, &ReturnFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(
            other_list.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            [foreign.id]
        );
    }
}
