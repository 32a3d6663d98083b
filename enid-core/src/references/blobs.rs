//! Where image bytes live: a content-addressed blob store. A key is the SHA-256 of an original and
//! which of its files it is, so a key's bytes never change: writing a key again writes the same
//! bytes, and a reader may keep what it read.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use bytes::Bytes;

use crate::error::{Error, Result};

/// One of the files stored for an original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    Original,
    Medium,
    Thumb,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Original, Variant::Medium, Variant::Thumb];

    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Original => "original",
            Variant::Medium => "medium",
            Variant::Thumb => "thumb",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobKey {
    sha256: String,
    variant: Variant,
}

fn is_sha256_hex(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl BlobKey {
    /// `sha256` must be 64 lowercase hex digits (as Enid computes them).
    pub fn new(sha256: &str, variant: Variant) -> Result<Self> {
        if !is_sha256_hex(sha256) {
            return Err(Error::internal(format!("not a SHA-256: {sha256:?}")));
        }
        Ok(Self {
            sha256: sha256.to_owned(),
            variant,
        })
    }

    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// The relative name: `ab/abcdef….thumb`, two hex digits fanning out the directory.
    pub fn name(&self) -> String {
        format!(
            "{}/{}.{}",
            &self.sha256[..2],
            self.sha256,
            self.variant.as_str()
        )
    }

    /// The key a [`name`](Self::name) names; `None` for anything else.
    pub fn from_name(name: &str) -> Option<Self> {
        let (dir, file) = name.split_once('/')?;
        let (sha256, variant) = file.split_once('.')?;
        (is_sha256_hex(sha256) && dir == &sha256[..2]).then_some(())?;
        Some(Self {
            sha256: sha256.to_owned(),
            variant: Variant::parse(variant)?,
        })
    }
}

/// A blob a store holds, as listed for garbage collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub key: BlobKey,
    pub size_bytes: u64,
}

#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` under `key` so that a reader sees all of them or nothing, also after a
    /// crash. Writing a key that exists is allowed (the bytes are the same).
    async fn put(&self, key: &BlobKey, bytes: Bytes) -> Result<()>;

    async fn get(&self, key: &BlobKey) -> Result<Option<Bytes>>;

    /// Removing a missing key is not an error.
    async fn delete(&self, key: &BlobKey) -> Result<()>;

    /// Every blob held.
    async fn list(&self) -> Result<Vec<StoredBlob>>;

    /// Removes what interrupted writes left that is older than `older_than`; returns the bytes
    /// freed. Stores whose writes cannot be interrupted halfway have nothing to remove.
    async fn sweep_unfinished(&self, _older_than: Duration) -> Result<u64> {
        Ok(0)
    }

    /// Where the blobs are, for messages (no secrets).
    fn describe(&self) -> String;
}

/// Blobs as files under a directory: `ROOT/ab/abcdef….thumb`. Each is written to a temporary
/// file in its directory, synced, then renamed into place (and the directory synced), so a crash
/// never leaves a partial file under a real name.
#[derive(Debug, Clone)]
pub struct LocalDiskBlobStore {
    root: PathBuf,
}

/// Temporary files start with this; no key does.
const TEMP_PREFIX: &str = ".tmp-";

impl LocalDiskBlobStore {
    /// Nothing is created until the first write.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, key: &BlobKey) -> PathBuf {
        self.root.join(key.name())
    }
}

fn io_failure(what: &str, path: &Path, err: std::io::Error) -> Error {
    Error::internal(format!("{what} {}: {err}", path.display()))
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(Error::internal)?
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().expect("a blob path has a directory");
    std::fs::create_dir_all(dir).map_err(|e| io_failure("cannot create", dir, e))?;
    let temp = dir.join(format!("{TEMP_PREFIX}{}", uuid::Uuid::new_v4().simple()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        // The rename is durable once the directory is.
        std::fs::File::open(dir)?.sync_all()
    })();
    if let Err(err) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io_failure("cannot write", path, err));
    }
    Ok(())
}

/// The files under `root` two levels down (`ab/file`), with their metadata.
fn walk(root: &Path) -> Result<Vec<(String, std::fs::Metadata, PathBuf)>> {
    let mut found = Vec::new();
    let dirs = match std::fs::read_dir(root) {
        Ok(dirs) => dirs,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(err) => return Err(io_failure("cannot list", root, err)),
    };
    for dir in dirs {
        let dir = dir.map_err(|e| io_failure("cannot list", root, e))?;
        if !dir.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir_name = dir.file_name().to_string_lossy().into_owned();
        let entries =
            std::fs::read_dir(dir.path()).map_err(|e| io_failure("cannot list", &dir.path(), e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_failure("cannot list", &dir.path(), e))?;
            let Ok(metadata) = entry.metadata() else {
                continue;
            };
            if metadata.is_file() {
                let name = format!("{dir_name}/{}", entry.file_name().to_string_lossy());
                found.push((name, metadata, entry.path()));
            }
        }
    }
    Ok(found)
}

#[async_trait]
impl BlobStore for LocalDiskBlobStore {
    async fn put(&self, key: &BlobKey, bytes: Bytes) -> Result<()> {
        let path = self.path(key);
        blocking(move || {
            // Same key, same bytes: a complete file is already the right one.
            if std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64) {
                return Ok(());
            }
            write_atomically(&path, &bytes)
        })
        .await
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<Bytes>> {
        let path = self.path(key);
        blocking(move || match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(Bytes::from(bytes))),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(io_failure("cannot read", &path, err)),
        })
        .await
    }

    async fn delete(&self, key: &BlobKey) -> Result<()> {
        let path = self.path(key);
        blocking(move || match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(io_failure("cannot remove", &path, err)),
        })
        .await
    }

    async fn list(&self) -> Result<Vec<StoredBlob>> {
        let root = self.root.clone();
        blocking(move || {
            Ok(walk(&root)?
                .into_iter()
                .filter_map(|(name, metadata, _)| {
                    BlobKey::from_name(&name).map(|key| StoredBlob {
                        key,
                        size_bytes: metadata.len(),
                    })
                })
                .collect())
        })
        .await
    }

    async fn sweep_unfinished(&self, older_than: Duration) -> Result<u64> {
        let root = self.root.clone();
        blocking(move || {
            let now = SystemTime::now();
            let mut freed = 0;
            for (name, metadata, path) in walk(&root)? {
                let file_name = name.split_once('/').map_or("", |(_, file)| file);
                let old = metadata
                    .modified()
                    .ok()
                    .and_then(|modified| now.duration_since(modified).ok())
                    .is_some_and(|age| age >= older_than);
                if file_name.starts_with(TEMP_PREFIX) && old && std::fs::remove_file(&path).is_ok()
                {
                    freed += metadata.len();
                }
            }
            Ok(freed)
        })
        .await
    }

    fn describe(&self) -> String {
        format!("local disk {}", self.root.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn keys_name_their_hash_and_variant() {
        let key = BlobKey::new(SHA, Variant::Thumb).unwrap();
        assert_eq!(key.name(), format!("9f/{SHA}.thumb"));
        assert_eq!(BlobKey::from_name(&key.name()), Some(key));
        for bad in [
            format!("9f/{SHA}.large"),
            format!("aa/{SHA}.thumb"),
            format!("9f/{TEMP_PREFIX}abc"),
            "9f/../etc.thumb".to_owned(),
        ] {
            assert_eq!(BlobKey::from_name(&bad), None, "{bad}");
        }
        assert!(BlobKey::new("../../etc/passwd", Variant::Original).is_err());
        assert!(BlobKey::new(&SHA.to_uppercase(), Variant::Original).is_err());
    }

    #[tokio::test]
    async fn local_disk_writes_reads_lists_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDiskBlobStore::new(dir.path().join("blobs"));
        let key = BlobKey::new(SHA, Variant::Original).unwrap();
        assert_eq!(store.get(&key).await.unwrap(), None);
        assert!(store.list().await.unwrap().is_empty());
        store.put(&key, Bytes::from_static(b"test")).await.unwrap();
        store.put(&key, Bytes::from_static(b"test")).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap().unwrap(), "test");
        assert_eq!(
            store.list().await.unwrap(),
            vec![StoredBlob {
                key: key.clone(),
                size_bytes: 4
            }]
        );
        // An interrupted write: a temporary file, which only a sweep removes.
        let temp = dir.path().join("blobs/9f").join(format!("{TEMP_PREFIX}x"));
        std::fs::write(&temp, b"half").unwrap();
        assert_eq!(store.list().await.unwrap().len(), 1);
        assert_eq!(
            store
                .sweep_unfinished(Duration::from_secs(3600))
                .await
                .unwrap(),
            0
        );
        assert_eq!(store.sweep_unfinished(Duration::ZERO).await.unwrap(), 4);
        assert!(!temp.exists());
        store.delete(&key).await.unwrap();
        store.delete(&key).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), None);
    }
}
