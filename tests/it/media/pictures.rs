//! Pictures from a loopback server through the real loader and decoder: what is refused before
//! decoding (HTML, SVG, a pixel bomb's header, a tracking pixel, an oversized file), a corrupt
//! file, an animated GIF (its first frame), and the disk cache sparing a second fetch.

use std::io::Cursor;
use std::sync::atomic::Ordering;

use folio::fetch::FetchLimits;
use folio::media::image::cache::ImageCache;
use folio::media::image::decode::{decode, picture, probe};
use folio::media::image::load::{ImageError, ImageLoader};
use folio::media::image::{ImageLimits, Refusal};
use folio::media::picture::Graphics;
use folio::serve::{Route, StaticServer};
use ratatui::layout::Size;

use super::png;

/// A PNG signature and header chunk claiming `width` x `height`, and nothing after: what a
/// decompression bomb shows before its data.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc32(&ihdr).to_be_bytes());
    // A data chunk (a zlib stream of zeros' beginning) that is never inflated, and the end.
    let idat: Vec<u8> = [
        b"IDAT".as_slice(),
        &[0x78, 0x9c, 0xed, 0xc1, 0x01, 0x0d, 0x00, 0x00],
    ]
    .concat();
    out.extend(8u32.to_be_bytes());
    out.extend(&idat);
    out.extend(crc32(&idat).to_be_bytes());
    out.extend(0u32.to_be_bytes());
    out.extend(b"IEND");
    out.extend(crc32(b"IEND").to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
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

/// A two-frame GIF: red, then blue.
fn animated_gif() -> Vec<u8> {
    use image::codecs::gif::GifEncoder;
    use image::{Delay, Frame, Rgba, RgbaImage};
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut out);
        for colour in [[255, 0, 0, 255], [0, 0, 255, 255]] {
            let frame = Frame::from_parts(
                RgbaImage::from_pixel(40, 20, Rgba(colour)),
                0,
                0,
                Delay::from_numer_denom_ms(100, 1),
            );
            encoder.encode_frame(frame).unwrap();
        }
    }
    out
}

fn loader(dir: &std::path::Path, limits: ImageLimits) -> ImageLoader {
    ImageLoader::new(
        FetchLimits::default(),
        limits,
        ImageCache::new(dir.join("images"), limits.cache_bytes),
    )
    .unwrap()
}

#[test]
fn what_is_not_a_drawable_picture_is_refused_with_a_reason() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
    let server = StaticServer::start(
        [
            (
                "/page.png".to_string(),
                Route::content("<!doctype html><html><body>Not found</body></html>", "text/html"),
            ),
            ("/logo".to_string(), Route::content(svg.clone(), "image/svg+xml")),
            ("/sneaky.png".to_string(), Route::content(svg, "image/png")),
            (
                "/corrupt.png".to_string(),
                Route::content(b"\x89PNG\r\n\x1a\nthis is not a png at all".to_vec(), "image/png"),
            ),
            (
                "/bomb.png".to_string(),
                Route::content(png_header(50_000, 50_000), "image/png"),
            ),
            ("/pixel.png".to_string(), Route::content(png(1, 1), "image/png")),
            (
                "/huge.png".to_string(),
                Route::content(vec![0u8; 3 * 1024 * 1024], "image/png"),
            ),
        ],
        false,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let limits = ImageLimits {
        max_bytes: 2 * 1024 * 1024,
        ..ImageLimits::default()
    };
    let loader = loader(dir.path(), limits);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let refused = |path: &str| match runtime.block_on(loader.bytes(&server.url(path))) {
        Err(ImageError::Refused(refusal)) => refusal,
        other => panic!("{path}: {other:?}"),
    };
    assert!(matches!(refused("/page.png"), Refusal::NotAPicture(_)));
    assert_eq!(refused("/logo"), Refusal::Svg);
    assert_eq!(
        refused("/sneaky.png"),
        Refusal::Svg,
        "an SVG under a PNG's name and type"
    );
    assert!(matches!(
        refused("/corrupt.png"),
        Refusal::Corrupt(_) | Refusal::NotAPicture(_)
    ));
    assert_eq!(
        refused("/bomb.png"),
        Refusal::TooManyPixels {
            width: 50_000,
            height: 50_000,
            max: limits.max_pixels
        }
    );
    assert_eq!(refused("/pixel.png"), Refusal::TrackingPixel(1, 1));
    assert_eq!(refused("/huge.png"), Refusal::TooLarge(2 * 1024 * 1024));
    // Nothing refused was kept.
    let cached = std::fs::read_dir(dir.path().join("images"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(cached, 0);
}

#[test]
fn a_pixel_bomb_is_refused_from_its_header_without_decoding() {
    let bomb = png_header(50_000, 50_000);
    let limits = ImageLimits::default();
    assert!(matches!(
        probe(&bomb, &limits),
        Err(Refusal::TooManyPixels { .. })
    ));
    assert!(matches!(
        decode(&bomb, &limits),
        Err(Refusal::TooManyPixels { .. })
    ));
    // Just under the cap in pixels, but the data is missing: a clear error, no huge allocation.
    let tall = png_header(100, 400_000);
    assert!(matches!(decode(&tall, &limits), Err(Refusal::Corrupt(_))));
}

#[test]
fn an_animated_gif_shows_its_first_frame() {
    let decoded = decode(&animated_gif(), &ImageLimits::default()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (40, 20));
    let pixel = decoded.to_rgba8().get_pixel(10, 10).0;
    assert_eq!(pixel, [255, 0, 0, 255], "the first frame, red");
    let drawn = picture(
        &animated_gif(),
        &ImageLimits::default(),
        &Graphics::halfblocks(),
        Size::new(80, 24),
    )
    .unwrap();
    assert!(drawn.size().width >= 1 && drawn.size().height >= 1);
}

#[test]
fn a_fetched_picture_comes_from_the_cache_the_second_time() {
    let server = StaticServer::start(
        [("/a.png".to_string(), Route::content(png(64, 32), "image/png"))],
        false,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let loader = loader(dir.path(), ImageLimits::default());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let first = runtime.block_on(loader.bytes(&server.url("/a.png"))).unwrap();
    let requests = server.stats().requests();
    let second = runtime.block_on(loader.bytes(&server.url("/a.png"))).unwrap();
    assert_eq!(first, second);
    assert_eq!(server.stats().requests(), requests, "no second request");
    let decoded = image::load(Cursor::new(&second), image::ImageFormat::Png).unwrap();
    assert_eq!(decoded.width(), 64);
    let _ = server.stats().partial.load(Ordering::Relaxed);
}
