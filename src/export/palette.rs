//! A fixed GIF palette for one theme: its exact colours, then blends between each cell fill and
//! each colour drawn on fills (digits, grid, marks, rings), which is what antialiased edges are.
//!
//! Fixed rather than learnt per frame (NeuQuant): the stage has a few dozen colours, so the
//! exact ones stay exact and every frame maps the same colour to the same index (no flicker
//! between frames, deterministic files), and quantising is a cached lookup rather than a
//! training pass per frame (`scripts/bench-gif.sh` measures both).

use std::collections::HashMap;

use crate::scene::theme::Theme;

/// The GIF colour table's limit.
pub const MAX_COLOURS: usize = 256;
/// Colours already looked up are remembered; past this many distinct colours the memory is
/// cleared (it only saves time, so a pathological picture costs time, never unbounded memory).
const CACHE_LIMIT: usize = 1 << 16;

pub struct Palette {
    colours: Vec<[u8; 3]>,
    cache: HashMap<u32, u8>,
}

/// `#rrggbb` → [r, g, b]; the themes are constants, so anything else is a bug: black says so.
fn rgb(hex: &str) -> [u8; 3] {
    let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    [channel(1), channel(3), channel(5)]
}

fn blend(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    let mix = |i: usize| (f64::from(a[i]) * (1.0 - t) + f64::from(b[i]) * t).round() as u8;
    [mix(0), mix(1), mix(2)]
}

impl Palette {
    pub fn for_theme(theme: &Theme) -> Palette {
        let fills = [
            theme.background,
            theme.output,
            theme.input,
            theme.input_done,
            theme.active,
            theme.kernel,
            theme.cropped,
            theme.readded,
            theme.added,
            theme.zero,
        ]
        .into_iter()
        .chain(theme.heat)
        .map(rgb);
        let fills: Vec<[u8; 3]> = fills.collect();
        // Digits and words get quarter steps (their edges are most of the blends); lines and marks halves.
        let text = [theme.ink, theme.muted].map(rgb);
        let lines = [theme.grid, theme.hatch, theme.ruling, theme.ring, theme.heat_ink, theme.background].map(rgb);
        let mut colours: Vec<[u8; 3]> = Vec::new();
        let mut add = |c: [u8; 3]| {
            if !colours.contains(&c) && colours.len() < MAX_COLOURS {
                colours.push(c);
            }
        };
        fills.iter().chain(&text).chain(&lines).for_each(|&c| add(c));
        for &fill in &fills {
            for &ink in &text {
                [0.25, 0.5, 0.75].into_iter().for_each(|t| add(blend(fill, ink, t)));
            }
            lines.iter().for_each(|&line| add(blend(fill, line, 0.5)));
        }
        Palette { colours, cache: HashMap::new() }
    }

    /// The colour table as the GIF writes it: r, g, b, r, g, b …
    pub fn table(&self) -> Vec<u8> {
        self.colours.concat()
    }

    pub fn len(&self) -> usize {
        self.colours.len()
    }

    pub fn is_empty(&self) -> bool {
        self.colours.is_empty()
    }

    /// The index of the palette colour nearest to `c` (squared distance weighted 2:4:3, close to
    /// how the eye weighs red, green and blue; ties go to the earlier, exact colour).
    pub fn index(&mut self, c: [u8; 3]) -> u8 {
        let key = u32::from_be_bytes([0, c[0], c[1], c[2]]);
        if let Some(&index) = self.cache.get(&key) {
            return index;
        }
        let distance = |p: &[u8; 3]| {
            let d = |i: usize| i32::from(p[i]) - i32::from(c[i]);
            2 * d(0) * d(0) + 4 * d(1) * d(1) + 3 * d(2) * d(2)
        };
        let (index, _) = self.colours.iter().enumerate().min_by_key(|(_, p)| distance(p)).unwrap_or((0, &[0; 3]));
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(key, index as u8);
        index as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::theme::{DARK, LIGHT, PRESENT};

    #[test]
    fn every_theme_colour_is_exact_and_the_table_fits_a_gif() {
        for theme in [&LIGHT, &DARK, &PRESENT] {
            let mut palette = Palette::for_theme(theme);
            assert!(palette.len() <= MAX_COLOURS && palette.len() > 100, "{}", palette.len());
            assert_eq!(palette.table().len(), palette.len() * 3);
            for hex in [theme.ink, theme.muted, theme.cropped, theme.readded, theme.ruling, theme.hatch, theme.heat[5]]
            {
                let c = rgb(hex);
                let index = palette.index(c) as usize;
                assert_eq!(palette.colours[index], c, "{hex}");
            }
        }
    }

    #[test]
    fn an_antialiased_edge_maps_to_a_blend_not_to_either_end() {
        let mut palette = Palette::for_theme(&LIGHT);
        let (fill, ink) = (rgb(LIGHT.readded), rgb(LIGHT.ink));
        let half = blend(fill, ink, 0.5);
        let index = palette.index(half) as usize;
        assert_eq!(palette.colours[index], half);
        // Repeated lookups give the same answer (from the cache).
        assert_eq!(palette.index(half) as usize, index);
    }
}
