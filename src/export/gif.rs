//! The animation as a GIF, encoded a frame at a time so a browser can yield between frames.
//!
//! Frames: frame n shows the stage after step n, for n = 1 ..= steps, so a GIF has as many
//! frames as the stage counts steps (`data-steps`); step 0 (nothing done yet) is left out. A
//! view without steps (overlap, or a layer too large to draw) is one frame. Past
//! [`MAX_FRAMES`] steps, every k-th step is a frame (always the last): see [`frame_steps`].
//!
//! Each frame is quantised with the theme's fixed palette ([`super::palette`]) and only the
//! rectangle that changed since the previous frame is written (the rest is kept, disposal
//! "keep"), so a step that stamps a few cells costs a few cells. The last frame is held at least
//! [`LAST_FRAME_HOLD_CS`], so the finished output is readable before a loop starts over.

use std::borrow::Cow;

use gif::{DisposalMethod, Encoder, Frame, Repeat};

use super::palette::Palette;
use crate::scene::theme::Theme;

/// At most this many frames: a 32×32 input's 1 024 steps (a 64×64 output) are all frames.
pub const MAX_FRAMES: usize = 1024;
/// The last frame stays at least this long (hundredths of a second).
pub const LAST_FRAME_HOLD_CS: u16 = 150;
/// Browsers play delays under 2 hundredths as 10; the shortest honest delay is 2.
const MIN_DELAY_CS: u16 = 2;

/// How often the animation plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Looping {
    Once,
    Forever,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GifError {
    /// Width or height 0 or past GIF's 65 535.
    Dimensions {
        width: usize,
        height: usize,
    },
    /// A frame's byte count is not width × height × 4.
    FrameSize {
        expected: usize,
        got: usize,
    },
    Encoding(String),
}

impl std::fmt::Display for GifError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GifError::Dimensions { width, height } => write!(f, "a GIF cannot be {width} × {height} pixels"),
            GifError::FrameSize { expected, got } => write!(f, "a frame has {got} bytes, not {expected}"),
            GifError::Encoding(why) => write!(f, "GIF encoding failed: {why}"),
        }
    }
}

impl From<gif::EncodingError> for GifError {
    fn from(e: gif::EncodingError) -> Self {
        GifError::Encoding(e.to_string())
    }
}

/// The steps shown as frames for an animation of `steps` steps (see the module docs).
pub fn frame_steps(steps: usize) -> Vec<usize> {
    if steps == 0 {
        return vec![0];
    }
    let every = steps.div_ceil(MAX_FRAMES);
    let mut chosen: Vec<usize> = (every..=steps).step_by(every).collect();
    if chosen.last() != Some(&steps) {
        chosen.push(steps);
    }
    chosen
}

/// A frame's delay in hundredths of a second at `steps_per_second`.
pub fn delay_for_speed(steps_per_second: f64) -> u16 {
    let cs = (100.0 / steps_per_second.max(0.01)).round();
    cs.clamp(f64::from(MIN_DELAY_CS), f64::from(u16::MAX)) as u16
}

/// The part of a frame to write: its rectangle and palette indices.
struct Patch {
    left: u16,
    top: u16,
    width: u16,
    height: u16,
    indices: Vec<u8>,
}

/// Feed frames one by one with [`GifEncoder::push`], then [`GifEncoder::finish`].
pub struct GifEncoder {
    encoder: Encoder<Vec<u8>>,
    palette: Palette,
    width: usize,
    height: usize,
    delay_cs: u16,
    /// The previous frame's pixels (RGB packed in a u32), to find what changed.
    previous: Vec<u32>,
    /// The last frame pushed, written once the next one arrives (the last is held longer).
    pending: Option<Patch>,
    frames: usize,
}

impl GifEncoder {
    pub fn new(width: usize, height: usize, theme: &Theme, delay_cs: u16, looping: Looping) -> Result<Self, GifError> {
        let dimensions = GifError::Dimensions { width, height };
        let (w, h) = (
            u16::try_from(width).map_err(|_| dimensions.clone())?,
            u16::try_from(height).map_err(|_| dimensions.clone())?,
        );
        if w == 0 || h == 0 {
            return Err(dimensions);
        }
        let palette = Palette::for_theme(theme);
        let mut encoder = Encoder::new(Vec::new(), w, h, &palette.table())?;
        // No loop extension at all plays once; NETSCAPE's count 0 means forever.
        encoder.set_repeat(match looping {
            Looping::Once => Repeat::Finite(0),
            Looping::Forever => Repeat::Infinite,
        })?;
        Ok(GifEncoder {
            encoder,
            palette,
            width,
            height,
            delay_cs: delay_cs.max(MIN_DELAY_CS),
            previous: Vec::new(),
            pending: None,
            frames: 0,
        })
    }

    /// Frames pushed so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Add a frame: `rgba` is width × height pixels, 4 bytes each (alpha ignored: the stage is opaque).
    pub fn push(&mut self, rgba: &[u8]) -> Result<(), GifError> {
        let expected = self.width * self.height * 4;
        if rgba.len() != expected {
            return Err(GifError::FrameSize { expected, got: rgba.len() });
        }
        let pixels: Vec<u32> = rgba.chunks_exact(4).map(|p| u32::from_be_bytes([0, p[0], p[1], p[2]])).collect();
        let (left, top, right, bottom) = self.changed(&pixels);
        let mut indices = Vec::with_capacity((right - left) * (bottom - top));
        // Runs of one colour are the rule (cells are flat): look each run up once.
        let mut last = (u32::MAX, 0u8);
        for y in top..bottom {
            for &pixel in &pixels[y * self.width + left..y * self.width + right] {
                if pixel != last.0 {
                    let [_, r, g, b] = pixel.to_be_bytes();
                    last = (pixel, self.palette.index([r, g, b]));
                }
                indices.push(last.1);
            }
        }
        // The rectangle lies inside a width × height that fits u16, so these conversions hold.
        let patch = Patch {
            left: left as u16,
            top: top as u16,
            width: (right - left) as u16,
            height: (bottom - top) as u16,
            indices,
        };
        if let Some(previous) = self.pending.replace(patch) {
            self.write(previous, self.delay_cs)?;
        }
        self.previous = pixels;
        self.frames += 1;
        Ok(())
    }

    /// The GIF's bytes. An encoder given no frame writes one blank frame, so the file is valid.
    pub fn finish(mut self) -> Result<Vec<u8>, GifError> {
        if self.pending.is_none() {
            self.push(&vec![0; self.width * self.height * 4])?;
        }
        if let Some(last) = self.pending.take() {
            self.write(last, self.delay_cs.max(LAST_FRAME_HOLD_CS))?;
        }
        Ok(self.encoder.into_inner()?)
    }

    /// The bounding box (left, top, right, bottom; ends exclusive) of the pixels that differ from
    /// the previous frame: the whole frame first, one pixel when nothing changed (a frame must
    /// have a pixel, and this keeps one frame per step).
    fn changed(&self, pixels: &[u32]) -> (usize, usize, usize, usize) {
        if self.previous.len() != pixels.len() {
            return (0, 0, self.width, self.height);
        }
        let (mut left, mut top, mut right, mut bottom) = (self.width, self.height, 0, 0);
        for (y, (row, before)) in
            pixels.chunks_exact(self.width).zip(self.previous.chunks_exact(self.width)).enumerate()
        {
            if row == before {
                continue;
            }
            let first = row.iter().zip(before).position(|(a, b)| a != b).unwrap_or(0);
            let last = row.iter().zip(before).rposition(|(a, b)| a != b).unwrap_or(0);
            left = left.min(first);
            right = right.max(last + 1);
            top = top.min(y);
            bottom = y + 1;
        }
        if right == 0 {
            (0, 0, 1, 1)
        } else {
            (left, top, right, bottom)
        }
    }

    fn write(&mut self, patch: Patch, delay_cs: u16) -> Result<(), GifError> {
        let frame = Frame {
            delay: delay_cs,
            dispose: DisposalMethod::Keep,
            left: patch.left,
            top: patch.top,
            width: patch.width,
            height: patch.height,
            buffer: Cow::Owned(patch.indices),
            ..Frame::default()
        };
        Ok(self.encoder.write_frame(&frame)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_is_a_frame_up_to_the_cap_and_the_last_always() {
        assert_eq!(frame_steps(0), [0]);
        assert_eq!(frame_steps(9), (1..=9).collect::<Vec<_>>());
        assert_eq!(frame_steps(MAX_FRAMES).len(), MAX_FRAMES);
        let thinned = frame_steps(16_384);
        assert_eq!(thinned.len(), MAX_FRAMES);
        assert_eq!((thinned[0], thinned[1], *thinned.last().unwrap()), (16, 32, 16_384));
        let odd = frame_steps(MAX_FRAMES + 1);
        assert!(odd.len() <= MAX_FRAMES + 1 && odd.last() == Some(&(MAX_FRAMES + 1)));
    }

    #[test]
    fn speed_becomes_a_delay_browsers_honour() {
        assert_eq!(delay_for_speed(1.0), 100);
        assert_eq!(delay_for_speed(0.25), 400);
        assert_eq!(delay_for_speed(16.0), 6);
        assert_eq!(delay_for_speed(1000.0), 2);
        assert_eq!(delay_for_speed(0.0), 10_000);
    }

    #[test]
    fn bad_dimensions_and_frame_sizes_are_errors_not_panics() {
        let theme = &crate::scene::theme::LIGHT;
        assert!(matches!(GifEncoder::new(0, 10, theme, 10, Looping::Once), Err(GifError::Dimensions { .. })));
        assert!(matches!(GifEncoder::new(70_000, 10, theme, 10, Looping::Once), Err(GifError::Dimensions { .. })));
        let mut encoder = GifEncoder::new(4, 4, theme, 10, Looping::Once).unwrap();
        assert_eq!(encoder.push(&[0; 10]), Err(GifError::FrameSize { expected: 64, got: 10 }));
    }
}
