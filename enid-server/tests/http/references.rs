//! References over HTTP: businesses, image uploads (validated by content, size and pixels, read as
//! they stream), derived sizes, file serving (ETag, 304, Range), one main image per business,
//! shared blobs and their removal (also racing uploads of the same bytes), the cached image list
//! of a business (invalidated on every instance through Redis), tenancy, and garbage collection;
//! on both databases, and on both blob stores.

use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{Rgb, RgbImage, Rgba, RgbaImage};
use poem::Body;
use serde_json::{Value, json};

use enid_core::config::EnidConfig;
use enid_core::references::{BlobKey, BlobStore, Variant};
use enid_core::stores::Role;

use crate::support::{App, Backend, Call, Reply, Setup, Tokens, on_every_backend};

on_every_backend!(
    businesses_get_slugs_and_the_default_store_starts_with_one,
    an_upload_is_listed_served_in_every_size_and_removed_with_its_files,
    bad_uploads_are_refused_and_store_nothing,
    an_oversized_upload_is_refused_while_it_streams,
    racing_uploads_and_deletes_of_the_same_bytes_never_lose_files,
    another_store_can_neither_see_nor_change_nor_serve_the_images,
    deleting_a_business_removes_its_images_and_their_files,
    gc_removes_orphan_files_and_says_what_it_freed,
    the_cached_image_list_follows_writes_on_every_instance,
    the_flow_works_on_s3,
);

const BOUNDARY: &str = "enid-test-boundary-7MA4YWxkTrZu0gW";

/// One part of a multipart body: name, file name, bytes.
type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

fn form(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(file_name) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

async fn upload(app: &App, tokens: &Tokens, parts: &[Part<'_>]) -> Reply {
    app.post("/image/upload/")
        .bearer(&tokens.access)
        .content_type(multipart_type())
        .body(form(parts))
        .reply()
        .await
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 7 % 256) as u8, (y * 5 % 256) as u8, 120])
    })
    .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
    .unwrap();
    out
}

/// A JPEG whose EXIF says "rotate 90° clockwise" (orientation 6) and carries a GPS marker text.
fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    // TIFF header (big endian), one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00".to_vec();
    tiff.extend_from_slice(b"GPS 19.4326N 99.1332W");
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let length = (app1.len() + 2) as u16;
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A JPEG of noise, which compresses badly: about as large as a photo of its size.
fn noisy_jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    let mut out = Vec::new();
    RgbImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [r, g, b, _] = state.to_le_bytes();
        Rgb([r, g, b])
    })
    .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
    .unwrap();
    out
}

fn png_with_alpha(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    RgbaImage::from_pixel(width, height, Rgba([200, 30, 30, 100]))
        .write_with_encoder(PngEncoder::new(&mut out))
        .unwrap();
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    chunk
}

/// A PNG of a few dozen bytes that declares 50,000 × 50,000 pixels.
fn pixel_bomb() -> Vec<u8> {
    let mut header = Vec::new();
    header.extend_from_slice(&50_000u32.to_be_bytes());
    header.extend_from_slice(&50_000u32.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &header));
    png.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

fn dimensions(bytes: &[u8]) -> (u32, u32) {
    let image = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .decode()
        .expect("a derived size decodes");
    (image.width(), image.height())
}

/// A raw GET: status, headers, body bytes.
async fn fetch(
    app: &App,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, poem::http::HeaderMap, Bytes) {
    let mut request = app.cli.get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.0;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().into_bytes().await.unwrap();
    (status, headers, body)
}

async fn staffed(app: &App) -> Tokens {
    let staff = app.user(Some((1, Role::Staff))).await;
    app.login(&staff).await
}

async fn create_business(app: &App, tokens: &Tokens, name: &str) -> Value {
    app.post("/business/")
        .bearer(&tokens.access)
        .body_json(&json!({"name": name}))
        .reply()
        .await
        .ok(201)
        .clone()
}

async fn stored_files(app: &App) -> usize {
    app.enid.blobs().list().await.unwrap().len()
}

async fn images_of(app: &App, slug: &str) -> Value {
    app.get(&format!("/business/{slug}/images/"))
        .reply()
        .await
        .ok(200)
        .clone()
}

async fn businesses_get_slugs_and_the_default_store_starts_with_one(backend: Backend) {
    let app = App::new(&backend).await;
    let tokens = staffed(&app).await;
    let listed = app.get("/business/").reply().await;
    assert_eq!(listed.ok(200)["count"], 1);
    assert_eq!(listed.body["results"][0]["slug"], "enid-service");
    assert_eq!(listed.body["results"][0]["name"], "Enid Service");
    assert_eq!(listed.body["results"][0]["image_count"], 0);

    let first = create_business(&app, &tokens, "Gimnasio Ñandú en Coyoacán").await;
    assert_eq!(first["slug"], "gimnasio-nandu-en-coyoacan");
    let second = create_business(&app, &tokens, "Gimnasio Ñandú en Coyoacán").await;
    assert_eq!(second["slug"], "gimnasio-nandu-en-coyoacan-2");
    let long = create_business(&app, &tokens, &"Zapatería ".repeat(10)).await;
    assert!(long["slug"].as_str().unwrap().len() <= 50, "{long}");

    let renamed = app
        .patch("/business/gimnasio-nandu-en-coyoacan-2/")
        .bearer(&tokens.access)
        .body_json(&json!({"name": "Otro nombre", "description": "Sucursal sur"}))
        .reply()
        .await;
    assert_eq!(renamed.ok(200)["slug"], "gimnasio-nandu-en-coyoacan-2");
    assert_eq!(renamed.body["name"], "Otro nombre");
    assert_eq!(
        app.get("/business/gimnasio-nandu-en-coyoacan-2/")
            .reply()
            .await
            .ok(200)["description"],
        "Sucursal sur"
    );

    app.post("/business/")
        .bearer(&tokens.access)
        .body_json(&json!({"name": "  "}))
        .reply()
        .await
        .invalid_fields(&["name"]);
    app.post("/business/")
        .body_json(&json!({"name": "Anónimo"}))
        .reply()
        .await
        .error(401, "not_authenticated");
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer = app.login(&customer).await;
    app.post("/business/")
        .bearer(&customer.access)
        .body_json(&json!({"name": "Cliente"}))
        .reply()
        .await
        .error(403, "permission_denied");
    app.get("/business/nope/")
        .reply()
        .await
        .error(404, "business_not_found");
    assert_eq!(app.get("/business/").reply().await.ok(200)["count"], 4);
}

async fn an_upload_is_listed_served_in_every_size_and_removed_with_its_files(backend: Backend) {
    let app = App::new(&backend).await;
    upload_serve_delete(&app).await;
}

/// The whole life of two images sharing bytes, checked on `app`'s blob store.
async fn upload_serve_delete(app: &App) {
    let tokens = staffed(app).await;
    let gym = create_business(app, &tokens, "Gym Roma").await;
    let slug = gym["slug"].as_str().unwrap();
    let photo = jpeg_with_exif(1600, 1200);

    let first = upload(
        app,
        &tokens,
        &[
            ("file", Some("../../etc/passwd.jpg"), &photo),
            ("business", None, slug.as_bytes()),
            ("description", None, "Fachada".as_bytes()),
        ],
    )
    .await;
    let first = first.ok(201).clone();
    assert_eq!(
        first["title"], "passwd.jpg",
        "the file name is only a label"
    );
    assert_eq!(first["business"], slug);
    assert_eq!(first["content_type"], "image/jpeg");
    // EXIF orientation 6: displayed upright, the sides swap.
    assert_eq!(
        (first["width"].as_i64(), first["height"].as_i64()),
        (Some(1200), Some(1600))
    );
    assert_eq!(first["size_bytes"], photo.len());
    assert_eq!(first["is_main"], false);
    let id = first["id"].as_i64().unwrap();
    assert_eq!(first["url"], format!("/image/{id}/file/?size=original"));
    assert_eq!(
        first["thumbnail_url"],
        format!("/image/{id}/file/?size=thumb")
    );
    assert_eq!(stored_files(app).await, 3);

    // The same bytes again: the same blob, no new files.
    let second = upload(
        app,
        &tokens,
        &[
            ("file", Some("copia.jpg"), &photo),
            ("business", None, slug.as_bytes()),
            ("is_main", None, b"true"),
            ("title", None, "Principal".as_bytes()),
        ],
    )
    .await
    .ok(201)
    .clone();
    assert_eq!(second["sha256"], first["sha256"]);
    assert_eq!(second["is_main"], true);
    assert_eq!(stored_files(app).await, 3);
    let second_id = second["id"].as_i64().unwrap();

    let listed = images_of(app, slug).await;
    assert_eq!(listed["count"], 2);
    assert_eq!(listed["results"][0]["id"], second_id, "main image first");
    assert_eq!(
        app.get(&format!("/business/{slug}/")).reply().await.ok(200)["image_count"],
        2
    );

    // Every size, with its type, a strong ETag and a long Cache-Control.
    let (status, headers, original) = fetch(app, &format!("/image/{id}/file/"), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(original.as_ref(), photo.as_slice());
    assert_eq!(headers["content-type"], "image/jpeg");
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    for (size, longest) in [("medium", 1024), ("thumb", 256)] {
        let (status, headers, bytes) =
            fetch(app, &format!("/image/{id}/file/?size={size}"), &[]).await;
        assert_eq!(status, 200, "{size}");
        assert_eq!(headers["content-type"], "image/jpeg");
        let (width, height) = dimensions(&bytes);
        assert_eq!(height, longest, "{size}: upright, longest side {longest}");
        assert_eq!(width, longest * 3 / 4, "{size}: aspect kept");
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif") && !bytes.windows(3).any(|w| w == b"GPS"),
            "{size}: no metadata carried over"
        );
        assert_ne!(headers["etag"].to_str().unwrap(), etag);
    }
    let (status, headers, body) = fetch(
        app,
        &format!("/image/{id}/file/"),
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!((status, body.len()), (304, 0));
    assert_eq!(headers["etag"].to_str().unwrap(), etag);
    let (status, headers, body) = fetch(
        app,
        &format!("/image/{id}/file/"),
        &[("range", "bytes=0-9")],
    )
    .await;
    assert_eq!(status, 206);
    assert_eq!(body.as_ref(), &photo[..10]);
    assert_eq!(
        headers["content-range"],
        format!("bytes 0-9/{}", photo.len()).as_str()
    );
    let (status, _, body) =
        fetch(app, &format!("/image/{id}/file/"), &[("range", "bytes=-5")]).await;
    assert_eq!((status, body.as_ref()), (206, &photo[photo.len() - 5..]));
    let (status, headers, _) = fetch(
        app,
        &format!("/image/{id}/file/"),
        &[("range", "bytes=99999999-")],
    )
    .await;
    assert_eq!(status, 416);
    assert_eq!(
        headers["content-range"],
        format!("bytes */{}", photo.len()).as_str()
    );
    app.get(&format!("/image/{id}/file/?size=huge"))
        .reply()
        .await
        .invalid_parameter("size");

    // Make the first one main: exactly one main image.
    let made_main = app
        .patch(&format!("/image/{id}/"))
        .bearer(&tokens.access)
        .body_json(&json!({"is_main": true}))
        .reply()
        .await;
    assert_eq!(made_main.ok(200)["is_main"], true);
    let listed = images_of(app, slug).await;
    assert_eq!(listed["results"][0]["id"], id);
    assert_eq!(listed["results"][1]["is_main"], false);

    // Deleting one image keeps the shared files; deleting the last removes them.
    app.cli
        .delete(format!("/image/{id}/"))
        .bearer(&tokens.access)
        .reply()
        .await
        .ok(204);
    assert_eq!(stored_files(app).await, 3);
    let (status, _, _) = fetch(app, &format!("/image/{id}/file/"), &[]).await;
    assert_eq!(status, 404);
    let (status, _, _) = fetch(app, &format!("/image/{second_id}/file/?size=thumb"), &[]).await;
    assert_eq!(status, 200);
    app.cli
        .delete(format!("/image/{second_id}/"))
        .bearer(&tokens.access)
        .reply()
        .await
        .ok(204);
    assert_eq!(
        stored_files(app).await,
        0,
        "the last image took its files along"
    );
    app.get(&format!("/image/{second_id}/file/?size=thumb"))
        .reply()
        .await
        .error(404, "image_not_found");
    assert_eq!(images_of(app, slug).await["count"], 0);

    // A PNG with transparency keeps it in its derived sizes.
    let png = png_with_alpha(300, 100);
    let transparent = upload(app, &tokens, &[("file", Some("logo.png"), &png)])
        .await
        .ok(201)
        .clone();
    assert_eq!(transparent["content_type"], "image/png");
    assert_eq!(transparent["business"], Value::Null);
    let (_, headers, thumb) = fetch(
        app,
        &format!("/image/{}/file/?size=thumb", transparent["id"]),
        &[],
    )
    .await;
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(dimensions(&thumb), (256, 85));
}

async fn bad_uploads_are_refused_and_store_nothing(backend: Backend) {
    let app = App::with(
        &backend,
        Setup {
            config: EnidConfig {
                max_upload_bytes: 200_000,
                ..Setup::default().config
            },
            ..Setup::default()
        },
    )
    .await;
    let tokens = staffed(&app).await;
    let photo = jpeg(64, 48);
    let html = b"<!doctype html><html><body><script>alert(1)</script></body></html>";
    upload(&app, &tokens, &[("file", Some("photo.jpg"), html)])
        .await
        .error(415, "unsupported_media_type");
    upload(&app, &tokens, &[("file", Some("x.gif"), b"GIF89a")])
        .await
        .invalid_fields(&["file"]);
    let bomb = upload(&app, &tokens, &[("file", Some("bomb.png"), &pixel_bomb())]).await;
    bomb.invalid_fields(&["file"]);
    assert!(bomb.text.contains("50000 × 50000"), "{}", bomb.text);
    let whole = png_with_alpha(200, 200);
    upload(
        &app,
        &tokens,
        &[("file", Some("cut.png"), &whole[..whole.len() / 2])],
    )
    .await
    .invalid_fields(&["file"]);
    let big = noisy_jpeg(400, 400);
    assert!(big.len() > 200_000, "the test image must pass the limit");
    upload(&app, &tokens, &[("file", Some("big.jpg"), &big)])
        .await
        .error(413, "payload_too_large");
    upload(&app, &tokens, &[("title", None, b"Sin archivo")])
        .await
        .invalid_fields(&["file"]);
    upload(
        &app,
        &tokens,
        &[("file", None, &photo), ("is_main", None, b"true")],
    )
    .await
    .invalid_fields(&["is_main"]);
    upload(
        &app,
        &tokens,
        &[("file", None, &photo), ("is_main", None, b"maybe")],
    )
    .await
    .invalid_fields(&["is_main"]);
    upload(
        &app,
        &tokens,
        &[("file", None, &photo), ("business", None, b"nope")],
    )
    .await
    .invalid_fields(&["business"]);
    upload(
        &app,
        &tokens,
        &[("file", None, &photo), ("file", None, &photo)],
    )
    .await
    .invalid_fields(&["file"]);
    upload(
        &app,
        &tokens,
        &[("file", None, &photo), ("path", None, b"/etc")],
    )
    .await
    .invalid_fields(&["path"]);
    let long_title = "t".repeat(201);
    upload(
        &app,
        &tokens,
        &[
            ("file", None, &photo),
            ("title", None, long_title.as_bytes()),
        ],
    )
    .await
    .invalid_fields(&["title"]);
    app.post("/image/upload/")
        .bearer(&tokens.access)
        .body_json(&json!({"file": "x"}))
        .reply()
        .await
        .error(415, "unsupported_media_type");
    app.post("/image/upload/")
        .content_type(multipart_type())
        .body(form(&[("file", None, &photo)]))
        .reply()
        .await
        .error(401, "not_authenticated");
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer = app.login(&customer).await;
    upload(&app, &customer, &[("file", None, &photo)])
        .await
        .error(403, "permission_denied");

    assert_eq!(app.get("/image/").reply().await.ok(200)["count"], 0);
    assert_eq!(stored_files(&app).await, 0);
    assert!(app.enid.storage().known_blobs().await.unwrap().is_empty());

    // A control character in a part's headers makes them unreadable.
    upload(&app, &tokens, &[("file", Some("a\u{7}b.jpg"), &photo)])
        .await
        .error(400, "invalid_body");
    assert_eq!(stored_files(&app).await, 0);
    // A 10 KB file name with path separators is only a title, cut to length.
    let name = format!("..\\..\\/etc/{}.jpg", "n".repeat(10_000));
    let stored = upload(&app, &tokens, &[("file", Some(&name), &photo)]).await;
    let title = stored.ok(201)["title"].as_str().unwrap();
    assert_eq!(title.chars().count(), 200);
    assert!(
        title.chars().all(|c| c == 'n'),
        "no separator is left: {title}"
    );
    assert_eq!(stored_files(&app).await, 3);
}

async fn an_oversized_upload_is_refused_while_it_streams(backend: Backend) {
    let limit = 100_000;
    let app = App::with(
        &backend,
        Setup {
            config: EnidConfig {
                max_upload_bytes: limit,
                ..Setup::default().config
            },
            ..Setup::default()
        },
    )
    .await;
    let tokens = staffed(&app).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.jpg\"\r\n\r\n"
    );
    // 160 MB if read to the end; no Content-Length announces it.
    let chunks = std::iter::once(Bytes::from(head.into_bytes()))
        .chain(std::iter::repeat_n(
            Bytes::from(vec![0xFFu8; 16 * 1024]),
            10_000,
        ))
        .map(move |chunk| {
            counter.fetch_add(chunk.len(), Ordering::Relaxed);
            Ok::<_, std::io::Error>(chunk)
        });
    let reply = app
        .post("/image/upload/")
        .bearer(&tokens.access)
        .content_type(multipart_type())
        .body(Body::from_bytes_stream(futures::stream::iter(chunks)))
        .reply()
        .await;
    let read = sent.load(Ordering::Relaxed);
    reply.error(413, "payload_too_large");
    assert!(
        read < 4 * limit,
        "only {read} bytes should have been pulled"
    );
    assert_eq!(stored_files(&app).await, 0);
}

async fn racing_uploads_and_deletes_of_the_same_bytes_never_lose_files(backend: Backend) {
    let app = Arc::new(App::new(&backend).await);
    let tokens = Arc::new(staffed(&app).await);
    let photo = Arc::new(jpeg(320, 240));
    let upload_once = |app: Arc<App>, tokens: Arc<Tokens>, photo: Arc<Vec<u8>>| async move {
        let reply = upload(&app, &tokens, &[("file", Some("mismo.jpg"), &photo)]).await;
        reply.ok(201)["id"].as_i64().unwrap()
    };
    let racers: Vec<_> = (0..6)
        .map(|_| tokio::spawn(upload_once(app.clone(), tokens.clone(), photo.clone())))
        .collect();
    let mut ids = Vec::new();
    for racer in racers {
        ids.push(racer.await.unwrap());
    }
    assert_eq!(stored_files(&app).await, 3, "six uploads, one blob");

    // Deletes of every image race new uploads of the same bytes.
    let mut deletes = Vec::new();
    for id in ids {
        let (app, tokens) = (app.clone(), tokens.clone());
        deletes.push(tokio::spawn(async move {
            app.cli
                .delete(format!("/image/{id}/"))
                .bearer(&tokens.access)
                .reply()
                .await
                .ok(204);
        }));
    }
    let uploads: Vec<_> = (0..4)
        .map(|_| tokio::spawn(upload_once(app.clone(), tokens.clone(), photo.clone())))
        .collect();
    for delete in deletes {
        delete.await.unwrap();
    }
    let mut survivors = Vec::new();
    for upload in uploads {
        survivors.push(upload.await.unwrap());
    }
    for id in &survivors {
        for size in ["original", "medium", "thumb"] {
            let (status, _, _) = fetch(&app, &format!("/image/{id}/file/?size={size}"), &[]).await;
            assert_eq!(status, 200, "image {id} lost its {size} file");
        }
    }
    assert_eq!(stored_files(&app).await, 3);
    for id in survivors {
        app.cli
            .delete(format!("/image/{id}/"))
            .bearer(&tokens.access)
            .reply()
            .await
            .ok(204);
    }
    assert_eq!(stored_files(&app).await, 0);
}

async fn another_store_can_neither_see_nor_change_nor_serve_the_images(backend: Backend) {
    let app = App::new(&backend).await;
    let tokens = staffed(&app).await;
    let gym = create_business(&app, &tokens, "Gym Norte").await;
    let slug = gym["slug"].as_str().unwrap();
    let photo = jpeg(64, 48);
    let image = upload(
        &app,
        &tokens,
        &[("file", None, &photo), ("business", None, slug.as_bytes())],
    )
    .await
    .ok(201)
    .clone();
    let id = image["id"].as_i64().unwrap();

    let other = app.store("Otra tienda", None).await;
    let outsider = app.user(Some((other.id, Role::Staff))).await;
    let outsider = app.login(&outsider).await;
    for path in [
        format!("/image/{id}/"),
        format!("/image/{id}/file/"),
        format!("/image/{id}/file/?size=thumb"),
        format!("/business/{slug}/"),
        format!("/business/{slug}/images/"),
    ] {
        let reply = app.get(&path).store(other.id).reply().await;
        assert_eq!(reply.status.as_u16(), 404, "{path}: {}", reply.text);
    }
    assert_eq!(
        app.get("/image/").store(other.id).reply().await.ok(200)["count"],
        0
    );
    // In its own store the outsider finds nothing to change...
    app.patch(&format!("/image/{id}/"))
        .bearer(&outsider.access)
        .store(other.id)
        .body_json(&json!({"title": "Mío"}))
        .reply()
        .await
        .error(404, "image_not_found");
    app.cli
        .delete(format!("/image/{id}/"))
        .bearer(&outsider.access)
        .header("X-Store-Id", other.id.to_string())
        .reply()
        .await
        .error(404, "image_not_found");
    // ...and in the image's store it may not.
    app.patch(&format!("/image/{id}/"))
        .bearer(&outsider.access)
        .body_json(&json!({"title": "Mío"}))
        .reply()
        .await
        .error(403, "permission_denied");
    app.cli
        .delete(format!("/business/{slug}/"))
        .bearer(&outsider.access)
        .reply()
        .await
        .error(403, "permission_denied");
    upload(&app, &outsider, &[("file", None, &photo)])
        .await
        .error(403, "permission_denied");
    let unchanged = app.get(&format!("/image/{id}/")).reply().await;
    assert_eq!(unchanged.ok(200)["title"], image["title"]);
    assert_eq!(stored_files(&app).await, 3);
}

async fn deleting_a_business_removes_its_images_and_their_files(backend: Backend) {
    let app = App::new(&backend).await;
    let tokens = staffed(&app).await;
    let closing = create_business(&app, &tokens, "Cierra").await;
    let staying = create_business(&app, &tokens, "Sigue").await;
    let own = jpeg(64, 48);
    let shared = jpeg(48, 64);
    for (bytes, business) in [(&own, &closing), (&shared, &closing), (&shared, &staying)] {
        upload(
            &app,
            &tokens,
            &[
                ("file", None, bytes),
                (
                    "business",
                    None,
                    business["slug"].as_str().unwrap().as_bytes(),
                ),
            ],
        )
        .await
        .ok(201);
    }
    assert_eq!(stored_files(&app).await, 6);
    app.cli
        .delete("/business/cierra/")
        .bearer(&tokens.access)
        .reply()
        .await
        .ok(204);
    app.get("/business/cierra/")
        .reply()
        .await
        .error(404, "business_not_found");
    assert_eq!(app.get("/image/").reply().await.ok(200)["count"], 1);
    assert_eq!(stored_files(&app).await, 3, "only the shared blob is left");
    let left = images_of(&app, "sigue").await;
    let (status, _, bytes) = fetch(&app, left["results"][0]["url"].as_str().unwrap(), &[]).await;
    assert_eq!((status, bytes.as_ref()), (200, shared.as_slice()));
}

async fn gc_removes_orphan_files_and_says_what_it_freed(backend: Backend) {
    let app = App::new(&backend).await;
    let tokens = staffed(&app).await;
    let photo = jpeg(64, 48);
    let kept = upload(&app, &tokens, &[("file", None, &photo)])
        .await
        .ok(201)
        .clone();
    // What a crash between writing a blob and committing its row leaves: files, no row.
    let orphan = "ab".repeat(32);
    for (variant, bytes) in [
        (Variant::Original, &b"orphan original"[..]),
        (Variant::Thumb, b"thumb"),
    ] {
        app.enid
            .blobs()
            .put(
                &BlobKey::new(&orphan, variant).unwrap(),
                Bytes::from_static(bytes),
            )
            .await
            .unwrap();
    }
    assert_eq!(stored_files(&app).await, 5);
    let report = app.enid.references().gc().await.unwrap();
    assert_eq!(report.orphan_files, 2);
    assert_eq!(report.bytes_freed, 20);
    assert_eq!(stored_files(&app).await, 3);
    let (status, _, bytes) = fetch(&app, kept["url"].as_str().unwrap(), &[]).await;
    assert_eq!((status, bytes.as_ref()), (200, photo.as_slice()));
    assert_eq!(app.enid.references().gc().await.unwrap().bytes_freed, 0);
    // The orphan's bytes can be uploaded again afterwards.
    assert!(
        !app.enid
            .storage()
            .known_blobs()
            .await
            .unwrap()
            .contains(&orphan)
    );
}

async fn the_cached_image_list_follows_writes_on_every_instance(backend: Backend) {
    let Some(url) = enid_storage::testing::redis_url() else {
        return;
    };
    let redis = enid_storage::redis::RedisBackend::connect(&url)
        .await
        .expect("redis connects");
    let app = App::with(
        &backend,
        Setup {
            cache: Some(Arc::new(redis.cache())),
            ..Setup::default()
        },
    )
    .await;
    let other = app
        .second_instance_with(None, None, Some(Arc::new(redis.cache())))
        .await;
    let tokens = staffed(&app).await;
    // Redis is shared by test runs: a name of its own keeps this test's keys apart.
    let name = format!("Caché {}", uuid::Uuid::new_v4().simple());
    let slug = create_business(&app, &tokens, &name).await["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(images_of(&other, &slug).await["count"], 0);
    let photo = jpeg(64, 48);
    let first = upload(
        &app,
        &tokens,
        &[("file", None, &photo), ("business", None, slug.as_bytes())],
    )
    .await
    .ok(201)["id"]
        .clone();
    assert_eq!(
        images_of(&other, &slug).await["count"],
        1,
        "the upload refreshed the other instance"
    );
    let second = upload(
        &app,
        &tokens,
        &[
            ("file", None, &jpeg(32, 32)),
            ("business", None, slug.as_bytes()),
        ],
    )
    .await
    .ok(201)["id"]
        .clone();
    assert_eq!(images_of(&other, &slug).await["results"][0]["id"], first);
    app.patch(&format!("/image/{second}/"))
        .bearer(&tokens.access)
        .body_json(&json!({"is_main": true}))
        .reply()
        .await
        .ok(200);
    assert_eq!(
        images_of(&other, &slug).await["results"][0]["id"],
        second,
        "the new main image leads"
    );
    app.cli
        .delete(format!("/image/{second}/"))
        .bearer(&tokens.access)
        .reply()
        .await
        .ok(204);
    assert_eq!(images_of(&other, &slug).await["count"], 1);
    app.cli
        .delete(format!("/business/{slug}/"))
        .bearer(&tokens.access)
        .reply()
        .await
        .ok(204);
    other
        .get(&format!("/business/{slug}/images/"))
        .reply()
        .await
        .error(404, "business_not_found");
}

async fn the_flow_works_on_s3(backend: Backend) {
    let Some(s3) = enid_storage::testing::s3_blob_store() else {
        return;
    };
    let blobs: Arc<dyn BlobStore> = Arc::new(s3);
    let app = App::with(
        &backend,
        Setup {
            blobs: Some(blobs.clone()),
            ..Setup::default()
        },
    )
    .await;
    upload_serve_delete(&app).await;
    // A second instance on the same bucket serves what the first stored.
    let tokens = staffed(&app).await;
    let photo = jpeg(64, 48);
    let stored = upload(&app, &tokens, &[("file", None, &photo)])
        .await
        .ok(201)
        .clone();
    let other = app.second_instance_with(None, Some(blobs), None).await;
    let (status, _, bytes) = fetch(&other, stored["url"].as_str().unwrap(), &[]).await;
    assert_eq!((status, bytes.as_ref()), (200, photo.as_slice()));
}
