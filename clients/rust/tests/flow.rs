//! The generated client against a real Enid served in-process on a free port, on SQLite and on
//! PostgreSQL: sign in, create a lead type and a lead, take a public intake, record stock
//! movements and read the level, upload an image, and get Enid's errors back typed. Every write is checked in
//! storage too.

use enid_client::{Client, Error, ImageUpload, types};
use enid_core::Enid;
use enid_core::auth::NewMemberInput;
use enid_core::config::EnidConfig;
use enid_core::stores::Role;
use poem::Server;
use poem::listener::{Acceptor, Listener, TcpListener};

const STORE: i64 = 1;
const ADMIN_EMAIL: &str = "gerente@tienda.mx";
const ADMIN_PASSWORD: &str = "ventas-2024-cdmx";

#[tokio::test]
async fn flow_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("enid.db").display());
    flow(&url, dir.path()).await;
}

#[tokio::test]
async fn flow_on_postgres() {
    let Some(base) = enid_storage::testing::postgres_url() else {
        return;
    };
    let url = enid_storage::postgres::testing::fresh_schema_url(&base)
        .await
        .expect("fresh postgres schema");
    let dir = tempfile::tempdir().expect("temp dir");
    flow(&url, dir.path()).await;
}

/// An Enid on `database_url` with an admin of the default store, served on 127.0.0.1:0; its
/// base URL.
async fn serve(database_url: &str, data_dir: &std::path::Path) -> (Enid, String) {
    let storage = enid_storage::connect(database_url)
        .await
        .expect("storage connects");
    let enid = Enid::builder(storage)
        .config(EnidConfig {
            data_dir: data_dir.to_owned(),
            rate_login: None,
            rate_public_write: None,
            ..EnidConfig::default()
        })
        .build()
        .await
        .expect("enid builds");
    enid.accounts()
        .create_user(NewMemberInput {
            email: ADMIN_EMAIL.to_owned(),
            name: "Gerente de Tienda".to_owned(),
            password: ADMIN_PASSWORD.to_owned(),
            is_superuser: false,
            membership: Some((STORE, Role::Admin)),
        })
        .await
        .expect("admin created");
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .expect("a free port");
    let addr = acceptor.local_addr()[0]
        .as_socket_addr()
        .copied()
        .expect("a TCP address");
    tokio::spawn(Server::new_with_acceptor(acceptor).run(enid_server::endpoint(enid.clone())));
    (enid, format!("http://{addr}"))
}

/// The typed error of a refused request.
fn error_body<T: std::fmt::Debug>(
    result: Result<T, Error<types::ErrorBody>>,
) -> (u16, types::ErrorBody) {
    match result {
        Err(Error::ErrorResponse(reply)) => (reply.status().as_u16(), reply.into_inner()),
        other => panic!("expected an error response, got {other:?}"),
    }
}

async fn flow(database_url: &str, data_dir: &std::path::Path) {
    let (enid, base) = serve(database_url, data_dir).await;
    let storage = enid.storage();
    let anonymous = Client::new(&base);

    // Wrong credentials: a typed 401.
    let refused = anonymous
        .login()
        .body(
            types::LoginIn::builder()
                .email(ADMIN_EMAIL)
                .password("no-es-la-clave"),
        )
        .send()
        .await;
    let (status, body) = error_body(refused);
    assert_eq!(status, 401);
    assert_eq!(body.code, "invalid_credentials");
    assert!(body.fields.is_none(), "{body:?}");

    let tokens = anonymous
        .login()
        .body(
            types::LoginIn::builder()
                .email(ADMIN_EMAIL)
                .password(ADMIN_PASSWORD),
        )
        .send()
        .await
        .expect("login");
    assert_eq!(tokens.status().as_u16(), 200);
    assert_eq!(tokens.token_type, "Bearer");
    assert_eq!(tokens.user.email, ADMIN_EMAIL);
    let staff = Client::with_bearer_token(&base, &tokens.access_token).expect("client");

    // A lead type and a lead, by staff.
    let lead_type = staff
        .create_lead_type()
        .x_store_id(STORE)
        .body(types::LeadTypeIn::builder().name("Cotización por WhatsApp"))
        .send()
        .await
        .expect("lead type created");
    assert_eq!(lead_type.status().as_u16(), 201);
    let lead_type = lead_type.into_inner();
    assert_eq!(lead_type.name, "Cotización por WhatsApp");
    assert!(lead_type.is_active);
    let stored_type = storage
        .lead_type(STORE, lead_type.id)
        .await
        .unwrap()
        .expect("lead type stored");
    assert_eq!(stored_type.name, "Cotización por WhatsApp");

    let lead = staff
        .create_lead()
        .x_store_id(STORE)
        .body(
            types::LeadIn::builder()
                .name("María Fernanda López")
                .email("Maria.Lopez@Correo.mx")
                .phone_number(Some("+52 55 1234 5678".to_owned()))
                .lead_type(lead_type.id),
        )
        .send()
        .await
        .expect("lead created");
    assert_eq!(lead.status().as_u16(), 201);
    let lead = lead.into_inner();
    assert_eq!(lead.email, "maria.lopez@correo.mx");
    assert_eq!(lead.lead_type, lead_type.id);
    assert_eq!(lead.tryet, 1);
    assert!(lead.converted_at.is_none());

    // The public intake of the same email and type counts a second try.
    let intake = anonymous
        .lead_intake()
        .x_store_id(STORE)
        .body(
            types::LeadIntakeIn::builder()
                .name("María Fernanda López")
                .email("maria.lopez@correo.mx")
                .lead_type(lead_type.id),
        )
        .send()
        .await
        .expect("intake");
    assert_eq!(intake.status().as_u16(), 200);
    assert_eq!(intake.id, lead.id);
    assert_eq!(intake.tryet, 2);
    let stored_lead = storage
        .lead(STORE, lead.id)
        .await
        .unwrap()
        .expect("lead stored");
    assert_eq!(stored_lead.tryet, 2);
    assert_eq!(stored_lead.lead_type_id, lead_type.id);

    // An intake for a type the store does not have: a typed validation error naming the field,
    // and no lead.
    let refused = anonymous
        .lead_intake()
        .x_store_id(STORE)
        .body(
            types::LeadIntakeIn::builder()
                .name("Jorge Ramírez")
                .email("jorge.ramirez@correo.mx")
                .lead_type(lead_type.id + 1000),
        )
        .send()
        .await;
    let (status, body) = error_body(refused);
    assert_eq!(status, 400);
    assert_eq!(body.code, "validation_error");
    let fields = body.fields.expect("the invalid fields");
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["lead_type"]);
    assert!(!fields["lead_type"].is_empty());
    let leads = staff
        .list_leads()
        .x_store_id(STORE)
        .send()
        .await
        .expect("leads");
    assert_eq!(leads.count, 1);
    let by_status = storage.lead_counts_by_status(STORE).await.unwrap();
    assert_eq!(by_status.iter().map(|(_, n)| n).sum::<i64>(), 1);

    // Stock: 12 in, 5 out, then the level.
    let warehouse = staff
        .create_warehouse()
        .x_store_id(STORE)
        .body(types::WarehouseIn::builder().name("Bodega Iztapalapa"))
        .send()
        .await
        .expect("warehouse created")
        .into_inner();
    let product = 4_012;
    let movement = |kind: &'static str, quantity: i64| {
        staff.create_movement().x_store_id(STORE).body(
            types::MovementIn::builder()
                .product_id(product)
                .warehouse_id(warehouse.id)
                .movement_type(kind)
                .quantity(quantity)
                .reference(Some("OC-2024-118".to_owned())),
        )
    };
    let received = movement("in", 12).send().await.expect("movement in");
    assert_eq!(received.status().as_u16(), 201);
    assert_eq!(received.level, 12);
    let shipped = movement("out", 5).send().await.expect("movement out");
    assert_eq!(shipped.level, 7);
    assert_eq!(shipped.movement.level_after, 7);

    // More than there is: a typed 409, and nothing booked.
    let (status, body) = error_body(movement("out", 100).send().await);
    assert_eq!(status, 409);
    assert_eq!(body.code, "insufficient_stock");

    let level = staff
        .get_product_stock()
        .x_store_id(STORE)
        .product_id(product)
        .send()
        .await
        .expect("level")
        .into_inner();
    assert_eq!(level.total, 7);
    assert_eq!(level.by_warehouse.len(), 1);
    assert_eq!(level.by_warehouse[0].warehouse_id, warehouse.id);
    assert_eq!(level.by_warehouse[0].quantity, 7);
    let stored = storage.product_stock(STORE, product).await.unwrap();
    assert_eq!(stored.total, 7);
    let verified = storage.verify_levels(Some(STORE)).await.unwrap();
    assert_eq!(verified.movements_checked, 2);
    assert!(verified.mismatches.is_empty(), "{verified:?}");

    // An image for the default store's business, and bytes that are no image.
    let photo = png(64, 48);
    let uploaded = staff
        .upload_image(ImageUpload {
            file: photo.clone(),
            file_name: "playera-roja.png".to_owned(),
            description: Some("Playera roja de algodón, talla M".to_owned()),
            is_main: Some(true),
            business: Some("enid-service".to_owned()),
            store_id: Some(STORE),
            ..ImageUpload::default()
        })
        .await
        .expect("image uploaded");
    assert_eq!(uploaded.status().as_u16(), 201);
    let uploaded = uploaded.into_inner();
    assert_eq!(uploaded.title, "playera-roja.png");
    assert_eq!(uploaded.business.as_deref(), Some("enid-service"));
    assert!(uploaded.is_main);
    assert_eq!(uploaded.content_type, "image/png");
    assert_eq!((uploaded.width, uploaded.height), (64, 48));
    assert_eq!(uploaded.size_bytes, photo.len() as i64);
    let stored = storage
        .image(STORE, uploaded.id)
        .await
        .unwrap()
        .expect("image stored");
    assert_eq!(stored.description, "Playera roja de algodón, talla M");
    assert_eq!(stored.blob.sha256, uploaded.sha256);

    let refused = staff
        .upload_image(ImageUpload {
            file: b"no es una imagen".to_vec(),
            file_name: "notas.txt".to_owned(),
            store_id: Some(STORE),
            ..ImageUpload::default()
        })
        .await;
    let (status, body) = error_body(refused);
    assert_eq!(status, 415);
    assert_eq!(body.code, "unsupported_media_type");
    let images = anonymous
        .list_images()
        .x_store_id(STORE)
        .send()
        .await
        .expect("images");
    assert_eq!(images.count, 1);
}

/// A PNG of a colour gradient.
fn png(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 128])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    pixels
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("PNG encodes");
    bytes.into_inner()
}
