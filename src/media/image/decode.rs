//! From a picture's bytes to a picture the terminal can draw: the format sniffed from the bytes
//! (the server's content type is not trusted: HTML or SVG served as an image is refused), the
//! size read from the header and checked before anything is decoded (a decompression bomb is
//! refused from its header), the first frame decoded under an allocation limit, scaled to fit a
//! cell area, and encoded for the terminal's protocol. Pure CPU work, for a blocking thread.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use ratatui::layout::Size;

use super::{ImageLimits, Refusal};
use crate::media::picture::{Graphics, Picture};

/// Formats decoded here (the `image` crate is built with these decoders only).
const DRAWN: [ImageFormat; 4] = [
    ImageFormat::Png,
    ImageFormat::Jpeg,
    ImageFormat::Gif,
    ImageFormat::WebP,
];

/// A picture's size as its header states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimensions {
    pub width: u32,
    pub height: u32,
    pub format: ImageFormat,
}

/// The format and size of `bytes`, from the header alone, or why they are not decoded.
pub fn probe(bytes: &[u8], limits: &ImageLimits) -> Result<Dimensions, Refusal> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(Refusal::TooLarge(limits.max_bytes));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Refusal::Corrupt(e.to_string()))?;
    let Some(format) = reader.format().filter(|f| DRAWN.contains(f)) else {
        return Err(not_a_picture(bytes));
    };
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| Refusal::Corrupt(crate::sanitize::single_line(&e.to_string())))?;
    if width <= 2 || height <= 2 {
        return Err(Refusal::TrackingPixel(width, height));
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(Refusal::TooManyPixels {
            width,
            height,
            max: limits.max_pixels,
        });
    }
    Ok(Dimensions {
        width,
        height,
        format,
    })
}

/// What bytes that no decoder here reads are, for the refusal.
fn not_a_picture(bytes: &[u8]) -> Refusal {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.contains("<svg") {
        Refusal::Svg
    } else if head.contains("<html") || head.contains("<!doctype") || head.contains("<body") {
        Refusal::NotAPicture("an HTML page".into())
    } else {
        Refusal::NotAPicture("an unknown format".into())
    }
}

/// The first frame of `bytes`, decoded once [`probe`] has passed it. The decoder may allocate no
/// more than the checked size needs.
pub fn decode(bytes: &[u8], limits: &ImageLimits) -> Result<DynamicImage, Refusal> {
    let dimensions = probe(bytes, limits)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), dimensions.format);
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(dimensions.width);
    decoder_limits.max_image_height = Some(dimensions.height);
    // RGBA at 16 bits a channel, and room for the decoder's own buffers.
    decoder_limits.max_alloc =
        Some(u64::from(dimensions.width) * u64::from(dimensions.height) * 8 + (16 << 20));
    reader.limits(decoder_limits);
    reader
        .decode()
        .map_err(|e| Refusal::Corrupt(crate::sanitize::single_line(&e.to_string())))
}

/// The cells a `width` x `height` picture takes at most `max` cells, its shape kept (`font` is the
/// size of a cell in pixels); never more cells than its pixels fill.
pub fn cells_for(width: u32, height: u32, font: (u16, u16), max: Size) -> Size {
    let (font_w, font_h) = (f64::from(font.0.max(1)), f64::from(font.1.max(1)));
    let natural_w = f64::from(width) / font_w;
    let natural_h = f64::from(height) / font_h;
    let scale = (f64::from(max.width) / natural_w)
        .min(f64::from(max.height) / natural_h)
        .min(1.0);
    let cols = (natural_w * scale)
        .round()
        .clamp(1.0, f64::from(max.width.max(1)));
    let rows = (natural_h * scale)
        .round()
        .clamp(1.0, f64::from(max.height.max(1)));
    Size::new(cols as u16, rows as u16)
}

/// `bytes` decoded, scaled to fit `max` cells and encoded for `graphics`.
pub fn picture(
    bytes: &[u8],
    limits: &ImageLimits,
    graphics: &Graphics,
    max: Size,
) -> Result<Picture, Refusal> {
    let image = decode(bytes, limits)?;
    let font = graphics.font_size();
    let cells = cells_for(image.width(), image.height(), font, max);
    let pixels = (
        u32::from(cells.width) * u32::from(font.0),
        u32::from(cells.height) * u32::from(font.1),
    );
    // A fast reduction to the cells' pixels (the shape is kept); the protocol then has nothing
    // left to scale.
    let scaled = if image.width() > pixels.0 || image.height() > pixels.1 {
        image.thumbnail(pixels.0.max(1), pixels.1.max(1))
    } else {
        image
    };
    graphics
        .encode(scaled, cells)
        .map_err(|e| Refusal::Corrupt(crate::sanitize::single_line(&e)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([
                (x * 255 / width.max(1)) as u8,
                (y * 255 / height.max(1)) as u8,
                128,
            ])
        });
        let mut out = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn cells_keep_the_shape_and_never_grow_a_small_picture() {
        let max = Size::new(80, 24);
        assert_eq!(cells_for(1600, 1200, (10, 20), max), Size::new(64, 24));
        assert_eq!(cells_for(1600, 100, (10, 20), max), Size::new(80, 3));
        assert_eq!(cells_for(100, 40, (10, 20), max), Size::new(10, 2));
        assert_eq!(cells_for(3, 3, (10, 20), max), Size::new(1, 1));
    }

    #[test]
    fn a_real_png_is_probed_decoded_and_encoded_in_half_blocks() {
        let bytes = png(120, 60);
        let limits = ImageLimits::default();
        let seen = probe(&bytes, &limits).unwrap();
        assert_eq!(
            (seen.width, seen.height, seen.format),
            (120, 60, ImageFormat::Png)
        );
        let picture = picture(&bytes, &limits, &Graphics::halfblocks(), Size::new(40, 10)).unwrap();
        assert_eq!(picture.size(), Size::new(12, 3));
    }

    #[test]
    fn html_svg_and_garbage_are_refused_before_decoding() {
        let limits = ImageLimits::default();
        let html = b"<!DOCTYPE html><html><body>Not found</body></html>";
        assert_eq!(
            probe(html, &limits),
            Err(Refusal::NotAPicture("an HTML page".into()))
        );
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(probe(svg, &limits), Err(Refusal::Svg));
        assert!(matches!(probe(&[0u8; 64], &limits), Err(Refusal::NotAPicture(_))));
        let big = ImageLimits {
            max_bytes: 10,
            ..limits
        };
        assert_eq!(probe(&png(10, 10), &big), Err(Refusal::TooLarge(10)));
        assert_eq!(probe(&png(1, 1), &limits), Err(Refusal::TrackingPixel(1, 1)));
    }
}
