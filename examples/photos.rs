//! Writes JPEG photos for the image benchmarks: each a different picture (a gradient with
//! camera-like noise, so it compresses like a photo), so no two share bytes.
//!
//! ```text
//! cargo run --release -p enid-examples --example photos -- --dir /tmp/photos --count 300 \
//!     --width 2400 --height 1680
//! ```
//! `bench/images.sh` uses it.

use std::path::PathBuf;

use clap::Parser;
use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

#[derive(Parser)]
struct Args {
    /// Folder to write into (created if missing).
    #[arg(long)]
    dir: PathBuf,
    #[arg(long, default_value_t = 10)]
    count: u32,
    #[arg(long, default_value_t = 2400)]
    width: u32,
    #[arg(long, default_value_t = 1680)]
    height: u32,
    /// Noise amplitude, 0–255: more noise, larger files.
    #[arg(long, default_value_t = 24)]
    noise: u32,
    /// JPEG quality, 1–100.
    #[arg(long, default_value_t = 90)]
    quality: u8,
    /// Names start with this.
    #[arg(long, default_value = "photo")]
    prefix: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.dir)?;
    let amplitude = args.noise.clamp(1, 255);
    for index in 0..args.count {
        // xorshift, seeded per photo.
        let mut state = 0x9E37_79B9_u32 ^ (index.wrapping_mul(0x85EB_CA6B) | 1);
        let mut noise = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state % amplitude
        };
        let (width, height) = (args.width, args.height);
        let photo = RgbImage::from_fn(width, height, |x, y| {
            let base = [
                (x * 255 / width) as u8,
                (y * 255 / height) as u8,
                ((index * 37) % 256) as u8,
            ];
            Rgb(base.map(|channel| channel.saturating_add(noise() as u8)))
        });
        let mut out = Vec::new();
        photo.write_with_encoder(JpegEncoder::new_with_quality(&mut out, args.quality))?;
        std::fs::write(
            args.dir.join(format!("{}-{index:04}.jpg", args.prefix)),
            out,
        )?;
    }
    Ok(())
}
