//! `enid images import` and `enid images gc` on a real folder and the default local-disk blobs.

use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

use enid_tests::run_enid;

fn jpeg(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let mut out = Vec::new();
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, shade])
    })
    .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85))
    .unwrap();
    out
}

fn blob_files(data_dir: &Path) -> usize {
    let Ok(dirs) = std::fs::read_dir(data_dir.join("blobs")) else {
        return 0;
    };
    dirs.map(|dir| std::fs::read_dir(dir.unwrap().path()).unwrap().count())
        .sum()
}

#[test]
fn a_folder_is_imported_once_and_gc_removes_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("fotos");
    std::fs::create_dir(&photos).unwrap();
    let first = jpeg(640, 480, 10);
    std::fs::write(photos.join("a-fachada.jpg"), &first).unwrap();
    std::fs::write(photos.join("b-copia.jpg"), &first).unwrap();
    std::fs::write(photos.join("c-salon.jpg"), jpeg(480, 640, 90)).unwrap();
    std::fs::write(photos.join("d-notas.txt"), "no es una imagen").unwrap();
    std::fs::write(photos.join("e-cortada.jpg"), &first[..40]).unwrap();
    std::fs::create_dir(photos.join("subcarpeta")).unwrap();

    let args = ["images", "import", "fotos", "--business", "enid-service"];
    let (ok, stdout, stderr) = run_enid(dir.path(), &args, &[], "");
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains(
            "imported 2 images into 'enid-service' of store 1, skipped 1 already stored, refused 2"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "refused fotos/d-notas.txt: Only JPEG, PNG, WebP and GIF images are accepted."
        ),
        "{stdout}"
    );
    assert!(stdout.contains("refused fotos/e-cortada.jpg: "), "{stdout}");
    let data_dir = dir.path().join("enid-data");
    assert_eq!(blob_files(&data_dir), 6, "two images, three files each");

    // Again: everything is there already.
    let (ok, stdout, stderr) = run_enid(dir.path(), &args, &[], "");
    assert!(ok, "{stderr}");
    assert!(stdout.contains("imported 0 images"), "{stdout}");
    assert!(
        stdout.contains("skipped 3 already stored, refused 2"),
        "{stdout}"
    );

    let (ok, _, stderr) = run_enid(
        dir.path(),
        &["images", "import", "fotos", "--business", "nope"],
        &[],
        "",
    );
    assert!(!ok);
    assert_eq!(stderr, "enid: store 1 has no business 'nope'\n");

    // A crash between writing a blob and committing its row leaves files nothing uses.
    let orphan = "ab".repeat(32);
    std::fs::create_dir_all(data_dir.join("blobs/ab")).unwrap();
    std::fs::write(
        data_dir.join(format!("blobs/ab/{orphan}.original")),
        b"0123456789",
    )
    .unwrap();
    let (ok, stdout, stderr) = run_enid(dir.path(), &["images", "gc"], &[], "");
    assert!(ok, "{stderr}");
    assert!(
        stdout.starts_with("removed 1 orphan files and 0 unused blobs from local disk"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with("freed 10 bytes"), "{stdout}");
    assert_eq!(blob_files(&data_dir), 6);
}
