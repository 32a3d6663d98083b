use std::sync::Arc;

use bytes::Bytes;
use enid_core::pagination::PageRequest;
use enid_core::references::{
    BlobClaim, BlobInfo, BlobKey, BlobStore, BusinessChanges, ImageChanges, LocalDiskBlobStore,
    NewBusiness, NewImage, StoredBlob, Variant,
};
use enid_core::storage::Storage;
use enid_core::stores::StoreId;

use crate::support::{at, backends, default_store};

fn sha(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

fn blob(sha256: &str) -> BlobInfo {
    BlobInfo {
        sha256: sha256.to_owned(),
        content_type: "image/png".to_owned(),
        width: 40,
        height: 30,
        size_bytes: 1234,
        derived_content_type: "image/png".to_owned(),
    }
}

async fn business(s: &dyn Storage, store: StoreId, name: &str) -> enid_core::references::Business {
    s.create_business(
        store,
        &NewBusiness {
            name: name.to_owned(),
            slug: enid_core::text::slugify(name, 50),
            description: String::new(),
        },
        at(1, 2),
    )
    .await
    .expect("business created")
}

/// Claims the blob and commits an image with it, as an upload does.
async fn image(
    s: &dyn Storage,
    store: StoreId,
    business: Option<i64>,
    sha256: &str,
    is_main: bool,
) -> enid_core::references::Image {
    assert!(matches!(
        s.claim_blob(sha256, at(2, 0), at(1, 0)).await.unwrap(),
        BlobClaim::Claimed(_)
    ));
    s.create_image(
        store,
        &NewImage {
            business_id: business,
            title: "Foto".to_owned(),
            description: String::new(),
            is_main,
            blob: blob(sha256),
        },
        at(2, 0),
    )
    .await
    .expect("image created")
}

#[tokio::test]
async fn businesses_get_numbered_slugs_per_store_and_the_default_store_has_one() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let own = s.business(store, "enid-service").await.unwrap();
        assert_eq!(
            own.map(|b| b.name).as_deref(),
            Some("Enid Service"),
            "{}",
            b.name
        );
        assert_eq!(
            s.business(other, "enid-service").await.unwrap(),
            None,
            "{}",
            b.name
        );

        let first = business(s, store, "Gimnasio Ñandú").await;
        let second = business(s, store, "Gimnasio Ñandú").await;
        let third = business(s, store, "gimnasio nandu").await;
        assert_eq!(
            [
                first.slug.as_str(),
                second.slug.as_str(),
                third.slug.as_str()
            ],
            ["gimnasio-nandu", "gimnasio-nandu-2", "gimnasio-nandu-3"],
            "{}",
            b.name
        );
        assert_eq!(
            business(s, other, "Gimnasio Ñandú").await.slug,
            "gimnasio-nandu"
        );

        let renamed = s
            .update_business(
                store,
                "gimnasio-nandu-2",
                &BusinessChanges {
                    name: Some("Zumba Sur".to_owned()),
                    description: Some("Clases".to_owned()),
                },
                at(1, 3),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                renamed.name.as_str(),
                renamed.slug.as_str(),
                renamed.description.as_str()
            ),
            ("Zumba Sur", "gimnasio-nandu-2", "Clases"),
            "{}",
            b.name
        );
        let page = s
            .list_businesses(store, PageRequest::default())
            .await
            .unwrap();
        let names: Vec<&str> = page.items.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Enid Service",
                "Gimnasio Ñandú",
                "Zumba Sur",
                "gimnasio nandu"
            ],
            "{}",
            b.name
        );
        assert!(
            s.update_business(
                other,
                "gimnasio-nandu-2",
                &BusinessChanges::default(),
                at(1, 3)
            )
            .await
            .unwrap()
            .is_none(),
            "{}",
            b.name
        );
        assert_eq!(
            s.delete_business(other, "zumba-sur", at(1, 4))
                .await
                .unwrap(),
            None
        );
    }
}

#[tokio::test]
async fn images_list_main_first_and_a_business_keeps_one_main_image() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let gym = business(s, store, "Gym").await;
        let first = image(s, store, Some(gym.id), &sha(1), false).await;
        let second = image(s, store, Some(gym.id), &sha(2), true).await;
        let third = image(s, store, Some(gym.id), &sha(3), true).await;
        let loose = image(s, store, None, &sha(4), false).await;
        assert_eq!(third.business.as_deref(), Some("gym"), "{}", b.name);
        assert_eq!(third.blob, blob(&sha(3)), "{}", b.name);

        let page = s
            .list_images(store, Some(gym.id), PageRequest::default())
            .await
            .unwrap();
        let ids: Vec<i64> = page.items.iter().map(|i| i.id).collect();
        assert_eq!(ids, [third.id, first.id, second.id], "{}", b.name);
        assert_eq!(
            page.items.iter().filter(|i| i.is_main).count(),
            1,
            "{}",
            b.name
        );
        assert_eq!(
            s.business(store, "gym").await.unwrap().unwrap().image_count,
            3
        );
        let all = s
            .list_images(store, None, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(all.count, 4, "{}", b.name);
        assert!(all.items.iter().any(|i| i.id == loose.id));

        // Tenancy: another store sees none of them.
        assert_eq!(s.image(other, first.id).await.unwrap(), None, "{}", b.name);
        assert_eq!(
            s.list_images(other, None, PageRequest::default())
                .await
                .unwrap()
                .count,
            0
        );
        assert!(
            s.update_image(other, first.id, &ImageChanges::default(), at(2, 1))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            s.delete_image(other, first.id, at(2, 1)).await.unwrap(),
            None
        );

        let err = s
            .update_image(
                store,
                loose.id,
                &ImageChanges {
                    is_main: Some(true),
                    ..ImageChanges::default()
                },
                at(2, 1),
            )
            .await
            .unwrap_err();
        assert_eq!(
            err.fields.keys().collect::<Vec<_>>(),
            ["is_main"],
            "{}",
            b.name
        );

        // Racing "make main" requests leave exactly one main image.
        let storage: Arc<dyn Storage> = b.storage.clone();
        let racers: Vec<_> = [first.id, second.id, third.id, first.id, second.id]
            .into_iter()
            .map(|id| {
                let storage = storage.clone();
                tokio::spawn(async move {
                    storage
                        .update_image(
                            store,
                            id,
                            &ImageChanges {
                                is_main: Some(true),
                                ..ImageChanges::default()
                            },
                            at(2, 2),
                        )
                        .await
                })
            })
            .collect();
        for racer in racers {
            assert!(racer.await.unwrap().unwrap().unwrap().is_main, "{}", b.name);
        }
        let page = s
            .list_images(store, Some(gym.id), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(
            page.items.iter().filter(|i| i.is_main).count(),
            1,
            "{}",
            b.name
        );
        assert!(page.items[0].is_main, "{}", b.name);
    }
}

#[tokio::test]
async fn the_last_reference_to_a_blob_marks_it_for_deletion_and_uploads_wait_for_it() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let gym = business(s, store, "Gym").await;
        let shared = sha(7);
        let one = image(s, store, Some(gym.id), &shared, false).await;
        let two = image(s, store, None, &shared, false).await;
        // Known bytes come back described: the upload skips processing and writing.
        assert_eq!(
            s.claim_blob(&shared, at(2, 0), at(1, 0)).await.unwrap(),
            BlobClaim::Claimed(Some(blob(&shared))),
            "{}",
            b.name
        );
        assert!(!s.release_blob(&shared, at(2, 0)).await.unwrap());
        assert!(
            s.image_with_blob_exists(store, Some(gym.id), &shared)
                .await
                .unwrap()
        );
        assert!(
            s.image_with_blob_exists(store, None, &shared)
                .await
                .unwrap()
        );
        assert!(
            !s.image_with_blob_exists(store, Some(gym.id), &sha(8))
                .await
                .unwrap()
        );

        assert_eq!(
            s.delete_image(store, one.id, at(2, 1)).await.unwrap(),
            Some((Some("gym".to_owned()), None)),
            "{}",
            b.name
        );
        assert_eq!(
            s.delete_image(store, two.id, at(2, 1)).await.unwrap(),
            Some((None, Some(shared.clone()))),
            "{}",
            b.name
        );
        assert_eq!(s.delete_image(store, two.id, at(2, 1)).await.unwrap(), None);
        // While the files go, the same bytes cannot be claimed (unless the deletion was
        // abandoned long ago).
        assert_eq!(
            s.claim_blob(&shared, at(2, 2), at(2, 0)).await.unwrap(),
            BlobClaim::Deleting,
            "{}",
            b.name
        );
        s.finish_blob_deletion(&shared).await.unwrap();
        assert!(!s.known_blobs().await.unwrap().contains(&shared));
        assert_eq!(
            s.claim_blob(&shared, at(2, 3), at(2, 0)).await.unwrap(),
            BlobClaim::Claimed(None),
            "{}",
            b.name
        );
        // An upload that fails drops its claim and, being the last, marks the blob.
        assert!(
            s.release_blob(&shared, at(2, 3)).await.unwrap(),
            "{}",
            b.name
        );
        // An abandoned deletion is taken over, its description forgotten.
        assert_eq!(
            s.claim_blob(&shared, at(3, 0), at(2, 12)).await.unwrap(),
            BlobClaim::Claimed(None),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn deleting_a_business_deletes_its_images_and_frees_only_unused_blobs() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let gym = business(s, store, "Gym").await;
        let kept = business(s, store, "Kept").await;
        image(s, store, Some(gym.id), &sha(1), true).await;
        image(s, store, Some(gym.id), &sha(1), false).await;
        image(s, store, Some(gym.id), &sha(2), false).await;
        image(s, store, Some(kept.id), &sha(2), false).await;
        let doomed = s.delete_business(store, "gym", at(3, 0)).await.unwrap();
        assert_eq!(doomed, Some(vec![sha(1)]), "{}", b.name);
        assert_eq!(s.business(store, "gym").await.unwrap(), None);
        assert_eq!(
            s.list_images(store, None, PageRequest::default())
                .await
                .unwrap()
                .count,
            1
        );
        assert_eq!(
            s.claim_blob(&sha(1), at(3, 1), at(1, 0)).await.unwrap(),
            BlobClaim::Deleting
        );
        assert!(matches!(
            s.claim_blob(&sha(2), at(3, 1), at(1, 0)).await.unwrap(),
            BlobClaim::Claimed(Some(_))
        ));
    }
}

#[tokio::test]
async fn gc_settles_dead_claims_and_abandoned_deletions_and_adopts_orphans() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        image(s, store, None, &sha(1), false).await;
        // An upload that died after claiming (and one still running).
        s.claim_blob(&sha(2), at(2, 0), at(1, 0)).await.unwrap();
        s.claim_blob(&sha(1), at(2, 0), at(1, 0)).await.unwrap();
        s.claim_blob(&sha(3), at(5, 0), at(1, 0)).await.unwrap();
        // A deletion that died after marking.
        image(s, store, None, &sha(4), false).await;
        let id = s
            .list_images(store, None, PageRequest::default())
            .await
            .unwrap()
            .items[1]
            .id;
        assert_eq!(
            s.delete_image(store, id, at(2, 0))
                .await
                .unwrap()
                .unwrap()
                .1,
            Some(sha(4))
        );

        let mut settled = s.settle_blobs(at(4, 0), at(5, 1)).await.unwrap();
        settled.sort();
        assert_eq!(settled, [sha(2), sha(4)], "{}", b.name);
        for sha256 in &settled {
            s.finish_blob_deletion(sha256).await.unwrap();
        }
        let mut known = s.known_blobs().await.unwrap();
        known.sort();
        assert_eq!(known, [sha(1), sha(3)], "{}", b.name);
        // The dead claim on a used blob is gone: its one image is its one reference.
        assert!(matches!(
            s.claim_blob(&sha(1), at(5, 2), at(1, 0)).await.unwrap(),
            BlobClaim::Claimed(Some(_))
        ));

        assert!(
            s.adopt_orphan_blob(&sha(9), at(5, 3)).await.unwrap(),
            "{}",
            b.name
        );
        assert!(
            !s.adopt_orphan_blob(&sha(1), at(5, 3)).await.unwrap(),
            "{}",
            b.name
        );
        assert_eq!(
            s.claim_blob(&sha(9), at(5, 3), at(5, 0)).await.unwrap(),
            BlobClaim::Deleting
        );
    }
}

/// The blob stores under test: local disk always, S3 when `ENID_TEST_S3_URL` is set.
fn blob_stores(dir: &std::path::Path) -> Vec<(&'static str, Box<dyn BlobStore>)> {
    let mut stores: Vec<(&'static str, Box<dyn BlobStore>)> = vec![(
        "local disk",
        Box::new(LocalDiskBlobStore::new(dir.join("blobs"))),
    )];
    if let Some(s3) = enid_storage::testing::s3_blob_store() {
        stores.push(("s3", Box::new(s3)));
    }
    stores
}

#[tokio::test]
async fn blob_stores_write_read_list_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    for (name, store) in blob_stores(dir.path()) {
        let original = BlobKey::new(&sha(1), Variant::Original).unwrap();
        let thumb = BlobKey::new(&sha(1), Variant::Thumb).unwrap();
        assert_eq!(store.get(&original).await.unwrap(), None, "{name}");
        assert!(store.list().await.unwrap().is_empty(), "{name}");
        store
            .put(&original, Bytes::from_static(b"original bytes"))
            .await
            .unwrap();
        store
            .put(&thumb, Bytes::from_static(b"thumb"))
            .await
            .unwrap();
        // Same key, same bytes: writing again changes nothing.
        store
            .put(&thumb, Bytes::from_static(b"thumb"))
            .await
            .unwrap();
        assert_eq!(
            store.get(&original).await.unwrap().unwrap(),
            "original bytes",
            "{name}"
        );
        let mut listed = store.list().await.unwrap();
        listed.sort_by_key(|blob| blob.key.name());
        assert_eq!(
            listed,
            [
                StoredBlob {
                    key: original.clone(),
                    size_bytes: 14
                },
                StoredBlob {
                    key: thumb.clone(),
                    size_bytes: 5
                },
            ],
            "{name}"
        );
        store.delete(&original).await.unwrap();
        store.delete(&original).await.unwrap();
        assert_eq!(store.get(&original).await.unwrap(), None, "{name}");
        assert_eq!(store.list().await.unwrap().len(), 1, "{name}");
        store.delete(&thumb).await.unwrap();
        assert!(
            store
                .describe()
                .contains(if name == "s3" { "s3://" } else { "blobs" })
        );
    }
}
