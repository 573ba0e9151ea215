//! A 2-megapixel JPEG (1920x1080, a photo-like gradient with noise) checked, decoded, scaled and
//! encoded in half blocks for an 80x24 area: the work `i` puts on the blocking pool. Allocations
//! are counted (divan's allocation profiler): the bytes allocated per picture bound its peak
//! memory from above. `cargo bench --bench media`.
#![allow(clippy::unwrap_used)]

use folio::media::image::ImageLimits;
use folio::media::image::decode::picture;
use folio::media::picture::Graphics;
use ratatui::layout::Size;

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

fn two_megapixel_jpeg() -> Vec<u8> {
    let (width, height) = (1920u32, 1080u32);
    let mut noise = 0x2545_f491_u32;
    let photo = image::RgbImage::from_fn(width, height, |x, y| {
        noise ^= noise << 13;
        noise ^= noise >> 17;
        noise ^= noise << 5;
        let grain = (noise & 31) as u8;
        image::Rgb([
            ((x * 200 / width) as u8).saturating_add(grain),
            ((y * 200 / height) as u8).saturating_add(grain),
            (((x + y) * 100 / (width + height)) as u8).saturating_add(grain),
        ])
    });
    let mut out = Vec::new();
    photo
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

#[divan::bench(sample_count = 20)]
fn jpeg_2_megapixels_to_80x24_half_blocks(bencher: divan::Bencher) {
    let jpeg = two_megapixel_jpeg();
    let (limits, graphics) = (ImageLimits::default(), Graphics::halfblocks());
    bencher.bench(|| picture(divan::black_box(&jpeg), &limits, &graphics, Size::new(80, 24)).unwrap());
}
