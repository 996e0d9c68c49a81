//! The gallery: named share links for the classic cases and the questions convt-lab exists for.

/// One preset: a title, what it shows, and its query string (Contract 2: a key left out is the
/// framework's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub title: &'static str,
    pub shows: &'static str,
    pub query: &'static str,
}

/// In the order the gallery lists them.
pub const PRESETS: [Preset; 10] = [
    Preset { title: "Default: 3×3 → 6×6", shows: "uneven overlap and an output_padding row and column", query: "" },
    Preset {
        title: "conv_arithmetic: no padding, unit stride",
        shows: "2×2 → 4×4, every cell reached 1–4 times",
        query: "in=2",
    },
    Preset { title: "conv_arithmetic: strides, no padding", shows: "2×2 → 5×5 with stride 2", query: "in=2&s=2" },
    Preset {
        title: "conv_arithmetic: odd, padding and strides",
        shows: "3×3 → 6×6 via padding 1 and output_padding 1",
        query: "s=2&p=1&opad=1&view=overlap",
    },
    Preset {
        title: "Checkerboard: kernel 3, stride 2",
        shows: "overlap counts 1, 2, 4 alternate",
        query: "in=4&s=2&view=overlap",
    },
    Preset {
        title: "Holes: stride 3 > kernel 2",
        shows: "rows and columns no input reaches",
        query: "k=2&s=3&view=overlap",
    },
    Preset {
        title: "Caffe 28 → 56",
        shows: "num_output 256, kernel 4, pad 1, stride 2",
        query: "fw=caffe&in=28&k=4&s=2&p=1&cin=256&cout=256",
    },
    Preset {
        title: "Keras stride 10 'same' on 20×20 (at 4×4)",
        shows: "same gives n·stride; the same layer drawn small enough to see",
        query: "fw=keras&in=4&s=10&p=same",
    },
    Preset {
        title: "Keras stride 10 'same', 20×20 → 200×200",
        shows: "the seed question at full size (shapes and table)",
        query: "fw=keras&in=20&s=10&p=same",
    },
    Preset {
        title: "Conv1d by hand, dilation 2",
        shows: "sliding windows reading every other cell",
        query: "op=conv&rank=1&in=12&d=2",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::app::query::AppState;
    use crate::conv::resolve;

    /// Each preset's output size, as its title and `shows` say.
    const SIZES: [&[i64]; 10] =
        [&[6, 6], &[4, 4], &[5, 5], &[6, 6], &[9, 9], &[8, 8], &[56, 56], &[40, 40], &[200, 200], &[8]];

    #[test]
    fn every_preset_is_the_layer_it_names() {
        for (preset, size) in PRESETS.into_iter().zip(SIZES) {
            let (state, problems) = AppState::from_query(preset.query);
            assert!(problems.is_empty(), "{}: {problems:?}", preset.title);
            let layer = resolve(&state.request()).unwrap_or_else(|e| panic!("{}: {e}", preset.title));
            assert_eq!(layer.spatial_out(), size, "{}", preset.title);
            assert_eq!(state.to_query(), preset.query, "{} is written canonically", preset.title);
        }
    }
}
