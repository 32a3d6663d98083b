use enid_core::assistant::{
    Answer, AssistantSettings, ConversationTarget, KnowledgeChanges, Link, MessageRole,
    NewAssistantMessage, NewKnowledge, Provider,
};
use enid_core::faqs::SearchTerms;
use enid_core::pagination::PageRequest;
use enid_core::storage::Storage;
use enid_core::stores::{Role, StoreId};
use uuid::Uuid;

use crate::support::{at, backends, default_store, user};

async fn second_store(s: &dyn Storage) -> StoreId {
    s.create_store("Sucursal Norte", "sucursal-norte", None, at(2, 0))
        .await
        .unwrap()
        .id
}

fn knowledge(title: &str, body: &str, tags: &[&str]) -> NewKnowledge {
    NewKnowledge {
        title: title.to_owned(),
        body: body.to_owned(),
        url: Some("https://tienda.example.mx/p/1".to_owned()),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    }
}

fn answer(content: &str) -> NewAssistantMessage {
    NewAssistantMessage {
        answer: Answer {
            content: content.to_owned(),
            provider: "gemini".to_owned(),
            model: "gemini-2.5-flash".to_owned(),
            latency_ms: 412,
            prompt_tokens: Some(120),
            completion_tokens: Some(33),
        },
        cached: false,
    }
}

#[tokio::test]
async fn settings_are_per_store_and_replaced_whole() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;
        assert_eq!(
            s.assistant_settings(store).await.unwrap(),
            None,
            "{}",
            b.name
        );
        let settings = AssistantSettings {
            persona: "Eres Enid, la asesora de la tienda.".into(),
            rules: vec!["No prometas descuentos.".into(), "Sé breve.".into()],
            links: vec![Link {
                title: "WhatsApp".into(),
                url: "https://wa.me/5255".into(),
            }],
            provider: Some(Provider::Gemini),
            model: Some("gemini-2.5-pro".into()),
            history_turns: 4,
        };
        s.save_assistant_settings(store, &settings, at(2, 1))
            .await
            .unwrap();
        assert_eq!(
            s.assistant_settings(store).await.unwrap().as_ref(),
            Some(&settings),
            "{}",
            b.name
        );
        assert_eq!(s.assistant_settings(other).await.unwrap(), None);
        let replaced = AssistantSettings {
            provider: None,
            model: None,
            rules: Vec::new(),
            ..settings
        };
        s.save_assistant_settings(store, &replaced, at(2, 2))
            .await
            .unwrap();
        assert_eq!(s.assistant_settings(store).await.unwrap(), Some(replaced));
    }
}

#[tokio::test]
async fn knowledge_is_kept_patched_searched_folded_and_per_store() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;
        let bench = s
            .create_knowledge(
                store,
                &knowledge(
                    "Banco plano",
                    "Soporta 300 kg. Acero reforzado.",
                    &["Pesas"],
                ),
                at(3, 1),
            )
            .await
            .unwrap();
        let mat = s
            .create_knowledge(
                store,
                &knowledge("Tapete de yoga", "Antiderrapante, 6 mm.", &["Yoga"]),
                at(3, 2),
            )
            .await
            .unwrap();
        s.create_knowledge(
            other,
            &knowledge("Banco de otra tienda", "No debe verse.", &[]),
            at(3, 3),
        )
        .await
        .unwrap();
        assert_eq!(bench.tags, ["Pesas"]);
        assert_eq!(bench.created_at, at(3, 1));
        let page = s
            .list_knowledge(store, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.count, 2, "{}", b.name);
        assert_eq!(page.items[0].id, bench.id);

        let found = s
            .search_knowledge(store, &SearchTerms::parse("ACERO yoga"), 10)
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|k| k.id).collect::<Vec<_>>(),
            [bench.id, mat.id],
            "{}",
            b.name
        );
        let found = s
            .search_knowledge(store, &SearchTerms::parse("pésas"), 10)
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "tags are searched, accents folded");
        assert!(
            s.search_knowledge(store, &SearchTerms::parse("cohete"), 10)
                .await
                .unwrap()
                .is_empty()
        );

        let changed = s
            .update_knowledge(
                store,
                mat.id,
                &KnowledgeChanges {
                    body: Some("Ahora de 8 mm y con correa.".into()),
                    url: Some(None),
                    ..KnowledgeChanges::default()
                },
                at(3, 4),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(changed.title, "Tapete de yoga");
        assert_eq!(changed.url, None);
        assert_eq!(changed.updated_at, at(3, 4));
        let by_new_body = s
            .search_knowledge(store, &SearchTerms::parse("correa"), 10)
            .await
            .unwrap();
        assert_eq!(by_new_body.len(), 1, "the search text follows the change");
        assert!(
            s.update_knowledge(other, mat.id, &KnowledgeChanges::default(), at(3, 5))
                .await
                .unwrap()
                .is_none()
        );
        assert!(!s.delete_knowledge(other, bench.id).await.unwrap());
        assert!(s.delete_knowledge(store, bench.id).await.unwrap());
        assert_eq!(s.knowledge(store, bench.id).await.unwrap(), None);
    }
}

#[tokio::test]
async fn conversations_count_their_messages_and_stay_in_their_store() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;
        let customer = user(s, "cliente@example.mx", Some((store, Role::Customer))).await;
        let id = Uuid::new_v4();
        let first = s
            .add_user_message(
                store,
                ConversationTarget::New {
                    id,
                    user_id: Some(customer.id),
                },
                "¿Hacen envíos?",
                at(4, 1),
            )
            .await
            .unwrap()
            .unwrap();
        let conversation = s.conversation(store, id).await.unwrap().unwrap();
        assert_eq!(conversation.id, id);
        assert_eq!(conversation.message_count, 1, "{}", b.name);
        assert_eq!(first.role, MessageRole::User);
        assert_eq!(first.provider, None);
        let reply = s
            .add_assistant_message(store, id, &answer("Sí, a todo el país."), at(4, 2))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(reply.role, MessageRole::Assistant);
        assert_eq!(reply.provider.as_deref(), Some("gemini"));
        assert_eq!(reply.latency_ms, Some(412));
        assert_eq!(reply.completion_tokens, Some(33));
        assert!(!reply.cached);
        s.add_user_message(
            store,
            ConversationTarget::Existing(id),
            "¿Cuánto cuesta?",
            at(4, 3),
        )
        .await
        .unwrap()
        .unwrap();
        let stored = s.conversation(store, id).await.unwrap().unwrap();
        assert_eq!(stored.message_count, 3);
        assert_eq!(stored.updated_at, at(4, 3));
        assert_eq!(stored.user_id, Some(customer.id));

        let recent = s.recent_messages(store, id, 2).await.unwrap();
        assert_eq!(
            recent
                .iter()
                .map(|m| m.content.as_str())
                .collect::<Vec<_>>(),
            ["Sí, a todo el país.", "¿Cuánto cuesta?"],
            "the latest, oldest first"
        );
        let page = s
            .conversation_messages(store, id, PageRequest::new(Some(1), Some(2)).unwrap())
            .await
            .unwrap();
        assert_eq!(page.count, 3);
        assert_eq!(page.items[0].content, "¿Hacen envíos?");

        // Another store neither sees nor extends nor deletes it.
        assert_eq!(s.conversation(other, id).await.unwrap(), None);
        assert!(
            s.add_user_message(other, ConversationTarget::Existing(id), "hola", at(4, 4))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            s.add_assistant_message(other, id, &answer("no"), at(4, 4))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            s.conversation_messages(other, id, PageRequest::default())
                .await
                .unwrap()
                .count,
            0
        );
        assert!(s.recent_messages(other, id, 10).await.unwrap().is_empty());
        assert!(!s.delete_conversation(other, id).await.unwrap());
        assert_eq!(
            s.conversation(store, id)
                .await
                .unwrap()
                .unwrap()
                .message_count,
            3
        );

        // Lists: all of the store's, or one user's.
        s.add_user_message(
            store,
            ConversationTarget::New {
                id: Uuid::new_v4(),
                user_id: None,
            },
            "Anónimo",
            at(4, 5),
        )
        .await
        .unwrap()
        .unwrap();
        let all = s
            .list_conversations(store, None, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(all.count, 2);
        assert_ne!(all.items[0].id, id, "most recently active first");
        let own = s
            .list_conversations(store, Some(customer.id), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(own.items.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
        assert_eq!(
            s.list_conversations(other, None, PageRequest::default())
                .await
                .unwrap()
                .count,
            0
        );

        assert!(s.delete_conversation(store, id).await.unwrap());
        assert_eq!(s.conversation(store, id).await.unwrap(), None);
        assert!(s.recent_messages(store, id, 10).await.unwrap().is_empty());
        assert!(
            s.add_assistant_message(store, id, &answer("tarde"), at(4, 6))
                .await
                .unwrap()
                .is_none(),
            "an answer to a deleted conversation is not stored"
        );
    }
}
