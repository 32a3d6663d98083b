//! Image blobs in S3-compatible object storage (`ENID_BLOBS=s3://bucket/prefix`), for several
//! instances sharing one set of images. Credentials, region and endpoint come from the usual
//! `AWS_*` variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`,
//! `AWS_ENDPOINT_URL`...). An object PUT is atomic: readers see the whole object or none.

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use futures::TryStreamExt;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use enid_core::references::{BlobKey, BlobStore, StoredBlob};
use enid_core::{Error, Result};

pub struct S3BlobStore {
    store: Arc<dyn ObjectStore>,
    bucket: String,
    /// Object names start with this (and a `/`), unless it is empty.
    prefix: String,
}

fn s3_failure(err: object_store::Error) -> Error {
    Error::internal(format!("object storage: {err}"))
}

/// `s3://bucket/some/prefix` → (`bucket`, `some/prefix`).
pub fn parse_s3_url(url: &str) -> Result<(String, String)> {
    let invalid = || {
        Error::bad_request(
            "invalid_blobs_url",
            "Expected s3://bucket or s3://bucket/prefix.",
        )
    };
    let rest = url.strip_prefix("s3://").ok_or_else(invalid)?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() || bucket.contains(['?', '#', '@']) {
        return Err(invalid());
    }
    Ok((bucket.to_owned(), prefix.trim_matches('/').to_owned()))
}

impl S3BlobStore {
    /// The bucket and prefix of `url` (`s3://bucket/prefix`), configured from the `AWS_*`
    /// environment. Plain-HTTP endpoints (a local S3 server) are allowed.
    pub fn from_env(url: &str) -> Result<Self> {
        let (bucket, prefix) = parse_s3_url(url)?;
        Self::build(AmazonS3Builder::from_env(), bucket, prefix)
    }

    /// Like [`from_env`](Self::from_env) with the endpoint and keys given.
    pub fn with_endpoint(
        url: &str,
        endpoint: &str,
        access_key_id: &str,
        secret_access_key: &str,
    ) -> Result<Self> {
        let (bucket, prefix) = parse_s3_url(url)?;
        let builder = AmazonS3Builder::new()
            .with_endpoint(endpoint)
            .with_region("us-east-1")
            .with_config(AmazonS3ConfigKey::AccessKeyId, access_key_id)
            .with_config(AmazonS3ConfigKey::SecretAccessKey, secret_access_key);
        Self::build(builder, bucket, prefix)
    }

    fn build(builder: AmazonS3Builder, bucket: String, prefix: String) -> Result<Self> {
        let plain_http = builder
            .get_config_value(&AmazonS3ConfigKey::Endpoint)
            .is_some_and(|endpoint| endpoint.starts_with("http://"));
        let mut builder = builder.with_bucket_name(&bucket);
        if plain_http {
            builder = builder.with_allow_http(true);
        }
        let store = builder
            .build()
            .map_err(|e| Error::bad_request("invalid_blobs_url", format!("Cannot use S3: {e}")))?;
        Ok(Self {
            store: Arc::new(store),
            bucket,
            prefix,
        })
    }

    fn path(&self, key: &BlobKey) -> Path {
        if self.prefix.is_empty() {
            Path::from(key.name())
        } else {
            Path::from(format!("{}/{}", self.prefix, key.name()))
        }
    }
}

#[async_trait]
impl BlobStore for S3BlobStore {
    async fn put(&self, key: &BlobKey, bytes: Bytes) -> Result<()> {
        self.store
            .put(&self.path(key), PutPayload::from(bytes))
            .await
            .map_err(s3_failure)?;
        Ok(())
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<Bytes>> {
        match self.store.get(&self.path(key)).await {
            Ok(result) => result.bytes().await.map(Some).map_err(s3_failure),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(err) => Err(s3_failure(err)),
        }
    }

    async fn delete(&self, key: &BlobKey) -> Result<()> {
        match self.store.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(err) => Err(s3_failure(err)),
        }
    }

    async fn list(&self) -> Result<Vec<StoredBlob>> {
        let prefix = (!self.prefix.is_empty()).then(|| Path::from(self.prefix.as_str()));
        let objects: Vec<_> = self
            .store
            .list(prefix.as_ref())
            .try_collect()
            .await
            .map_err(s3_failure)?;
        let strip = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        Ok(objects
            .into_iter()
            .filter_map(|object| {
                let name = object.location.as_ref().strip_prefix(&strip)?.to_owned();
                BlobKey::from_name(&name).map(|key| StoredBlob {
                    key,
                    size_bytes: object.size,
                })
            })
            .collect())
    }

    fn describe(&self) -> String {
        if self.prefix.is_empty() {
            format!("s3://{}", self.bucket)
        } else {
            format!("s3://{}/{}", self.bucket, self.prefix)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_bucket_and_a_prefix() {
        assert_eq!(
            parse_s3_url("s3://photos/enid/prod/").unwrap(),
            ("photos".to_owned(), "enid/prod".to_owned())
        );
        assert_eq!(
            parse_s3_url("s3://photos").unwrap(),
            ("photos".to_owned(), String::new())
        );
        for bad in ["photos", "s3://", "s3:///prefix", "http://photos/x"] {
            assert!(parse_s3_url(bad).is_err(), "{bad}");
        }
    }
}
