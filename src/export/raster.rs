//! How large an exported raster may be. A browser's canvas has limits (Chromium: 32 767 px a
//! side, 268 million pixels, and far less memory on a phone): past them `toBlob` gives nothing
//! and the download is silently empty. So a requested scale is lowered to what fits, and the
//! user is told the scale actually used.

/// No exported raster side is longer than this (half Chromium's limit, safe everywhere).
pub const MAX_SIDE: f64 = 16_384.0;
/// Nor has more pixels than this (about 256 MB of RGBA, once).
pub const MAX_PIXELS: f64 = 64_000_000.0;
/// A GIF frame is at most this wide or tall: a slide is 1 920 px wide, and every frame is
/// painted, read back and quantised.
pub const MAX_GIF_SIDE: f64 = 1_600.0;

/// The scale (pixels per unit) for a `width` × `height` picture at `wanted`, lowered to fit
/// [`MAX_SIDE`] and [`MAX_PIXELS`]; never more than `wanted`.
pub fn png_scale(width: f64, height: f64, wanted: f64) -> f64 {
    let (w, h) = (width.max(1.0), height.max(1.0));
    let by_side = MAX_SIDE / w.max(h);
    let by_area = (MAX_PIXELS / (w * h)).sqrt();
    wanted.min(by_side).min(by_area)
}

/// The scale for a GIF's frames: the picture's own size (one pixel per unit), smaller when a
/// side would pass [`MAX_GIF_SIDE`].
pub fn gif_scale(width: f64, height: f64) -> f64 {
    1.0f64.min(MAX_GIF_SIDE / width.max(height).max(1.0))
}

/// Pixels for `units` at `scale`: rounded, at least one.
pub fn pixels(units: f64, scale: f64) -> u32 {
    (units * scale).round().max(1.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_picture_gets_the_scale_asked_for() {
        assert_eq!(png_scale(680.0, 388.0, 4.0), 4.0);
        assert_eq!(png_scale(680.0, 388.0, 1.0), 1.0);
    }

    #[test]
    fn a_large_picture_is_lowered_to_fit_every_limit() {
        // 128 cells a side at 40 units: a scene about 10 000 units wide.
        for (w, h) in [(10_400.0, 5_300.0), (5_000.0, 5_000.0), (20_000.0, 120.0), (1.0, 90_000.0)] {
            for wanted in [1.0, 2.0, 4.0] {
                let scale = png_scale(w, h, wanted);
                assert!(scale <= wanted && scale > 0.0);
                let (pw, ph) = (f64::from(pixels(w, scale)), f64::from(pixels(h, scale)));
                assert!(pw <= MAX_SIDE + 1.0 && ph <= MAX_SIDE + 1.0, "{w}×{h} at {wanted}: {pw}×{ph}");
                assert!(pw * ph <= MAX_PIXELS * 1.001, "{w}×{h} at {wanted}: {pw}×{ph}");
            }
        }
    }

    #[test]
    fn gif_frames_keep_the_pictures_size_up_to_a_slides_width() {
        assert_eq!(gif_scale(680.0, 388.0), 1.0);
        assert_eq!(gif_scale(3_200.0, 900.0), 0.5);
        assert_eq!(pixels(3_200.0, gif_scale(3_200.0, 900.0)), 1_600);
        assert_eq!(pixels(0.2, 1.0), 1);
    }
}
