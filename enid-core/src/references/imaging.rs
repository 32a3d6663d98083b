//! What an upload is, from its bytes alone, and the sizes derived from it.
//!
//! [`inspect`] recognises the format from the content (never from a name or a declared type) and
//! reads the dimensions from the header, so a small file declaring an enormous image is refused
//! before anything is decoded. [`process`] decodes, applies the EXIF orientation, and encodes the
//! medium and thumb sizes afresh: nothing of the original's metadata (EXIF, GPS, comments) is
//! carried over. Decoding is CPU-bound: call [`process`] on a blocking thread.

use std::io::Cursor;

use bytes::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::error::{Error, ErrorKind, Result};

/// The most pixels an upload may have (a 50-megapixel camera's photo fits).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The longest side an upload may have.
pub const MAX_SIDE: u32 = 20_000;
/// The longest side of the medium size.
pub const MEDIUM_SIDE: u32 = 1024;
/// The longest side of the thumb size.
pub const THUMB_SIDE: u32 = 256;
/// Quality of the derived JPEGs.
const JPEG_QUALITY: u8 = 85;
/// Memory a decoder may allocate beyond the decoded pixels.
const DECODER_SLACK_BYTES: u64 = 64 * 1024 * 1024;

/// The formats Enid accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl ImageKind {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
        }
    }

    fn format(self) -> ImageFormat {
        match self {
            Self::Jpeg => ImageFormat::Jpeg,
            Self::Png => ImageFormat::Png,
            Self::Webp => ImageFormat::WebP,
            Self::Gif => ImageFormat::Gif,
        }
    }
}

/// What the header of an accepted upload says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspected {
    pub kind: ImageKind,
    /// As stored, before any EXIF orientation.
    pub width: u32,
    pub height: u32,
}

impl Inspected {
    /// Bytes of the decoded image at four bytes a pixel.
    pub fn decoded_bytes(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height) * 4
    }
}

/// The derived sizes of an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// As displayed: EXIF orientation applied.
    pub width: u32,
    pub height: u32,
    pub medium: Bytes,
    pub thumb: Bytes,
    /// `image/jpeg`, or `image/png` for an image with transparency.
    pub derived_content_type: &'static str,
}

fn unsupported() -> Error {
    Error::new(
        ErrorKind::UnsupportedMediaType,
        "unsupported_media_type",
        "Only JPEG, PNG, WebP and GIF images are accepted.",
    )
}

fn invalid_image() -> Error {
    Error::invalid("file", "The image is corrupt or truncated.")
}

/// The format and dimensions of `bytes`: 415 for anything but JPEG, PNG, WebP or GIF; 400 for an
/// unreadable header or an image over the pixel limits.
pub fn inspect(bytes: &[u8]) -> Result<Inspected> {
    let kind = match image::guess_format(bytes).map_err(|_| unsupported())? {
        ImageFormat::Jpeg => ImageKind::Jpeg,
        ImageFormat::Png => ImageKind::Png,
        ImageFormat::WebP => ImageKind::Webp,
        ImageFormat::Gif => ImageKind::Gif,
        _ => return Err(unsupported()),
    };
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), kind.format())
        .into_dimensions()
        .map_err(|_| invalid_image())?;
    if width == 0 || height == 0 {
        return Err(invalid_image());
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Error::invalid(
            "file",
            format!(
                "The image is {width} × {height} pixels; at most {MAX_PIXELS} pixels and \
                 {MAX_SIDE} on a side are accepted."
            ),
        ));
    }
    Ok(Inspected {
        kind,
        width,
        height,
    })
}

/// Decodes `bytes` (already [`inspect`]ed) and makes the medium and thumb sizes. 400 when the
/// image turns out corrupt or truncated.
pub fn process(bytes: &[u8], inspected: Inspected) -> Result<Processed> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), inspected.kind.format());
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(inspected.decoded_bytes() + DECODER_SLACK_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| invalid_image())?;
    // A damaged EXIF block only loses the rotation.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| invalid_image())?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let medium = shrink(&image, MEDIUM_SIDE);
    drop(image);
    let thumb = shrink(&medium, THUMB_SIDE);
    let transparent = medium.color().has_alpha();
    Ok(Processed {
        width,
        height,
        medium: encode(&medium, transparent)?,
        thumb: encode(&thumb, transparent)?,
        derived_content_type: if transparent {
            "image/png"
        } else {
            "image/jpeg"
        },
    })
}

/// `image` fitted within `side` × `side`, aspect kept; never enlarged. Each output pixel averages
/// the source pixels it covers: no ringing, and no full-size intermediate buffer (a filtered
/// resize of a large photo holds one of floats, several times the photo's own size).
fn shrink(image: &DynamicImage, side: u32) -> DynamicImage {
    if image.width() <= side && image.height() <= side {
        image.clone()
    } else {
        image.thumbnail(side, side)
    }
}

fn encode(image: &DynamicImage, transparent: bool) -> Result<Bytes> {
    let mut out = Vec::new();
    let written = if transparent {
        image
            .to_rgba8()
            .write_with_encoder(PngEncoder::new(&mut out))
    } else {
        image
            .to_rgb8()
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
    };
    written.map_err(Error::internal)?;
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        RgbaImage::from_pixel(width, height, Rgba([10, 20, 30, 128]))
            .write_with_encoder(PngEncoder::new(&mut out))
            .unwrap();
        out
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        })
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
        .unwrap();
        out
    }

    #[test]
    fn formats_are_recognised_by_content() {
        assert_eq!(inspect(&jpeg(30, 20)).unwrap().kind, ImageKind::Jpeg);
        let inspected = inspect(&png(30, 20)).unwrap();
        assert_eq!(
            (inspected.kind, inspected.width, inspected.height),
            (ImageKind::Png, 30, 20)
        );
        for other in [
            &b"<!doctype html><html><script>alert(1)</script></html>"[..],
            b"",
            b"BM\x00\x00",
        ] {
            assert_eq!(
                inspect(other).unwrap_err().kind,
                ErrorKind::UnsupportedMediaType
            );
        }
    }

    #[test]
    fn derived_sizes_keep_the_aspect_and_never_grow() {
        let processed = process(&jpeg(2000, 1000), inspect(&jpeg(2000, 1000)).unwrap()).unwrap();
        assert_eq!((processed.width, processed.height), (2000, 1000));
        assert_eq!(processed.derived_content_type, "image/jpeg");
        let medium = image::load_from_memory(&processed.medium).unwrap();
        assert_eq!((medium.width(), medium.height()), (1024, 512));
        let thumb = image::load_from_memory(&processed.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (256, 128));

        let small = png(40, 30);
        let processed = process(&small, inspect(&small).unwrap()).unwrap();
        assert_eq!(processed.derived_content_type, "image/png");
        let thumb = image::load_from_memory(&processed.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (40, 30));
    }

    #[test]
    fn truncated_images_are_refused() {
        let whole = png(300, 300);
        let cut = &whole[..whole.len() / 2];
        let err = inspect(cut).and_then(|inspected| process(cut, inspected));
        assert_eq!(err.unwrap_err().code, "validation_error");
    }
}
