//! The share URL (Contract 2): the app's whole state as short query pairs, and back.
//!
//! ```text
//! fw=pytorch  op=convt|conv  rank=1|2  in=3 | 5x7  k s d = 3 | 3x5  p = 1 | 1x2 | same | SAME_LOWER | 0-1 | 0-1x1-0
//! opad=1 | 1x0  out=6x6  cin cout g = integers  view=scatter|gather|matrix|overlap|conv  t=step  lang=en|zh
//! mode=present|embed|practice  seed=0…2^64-1  be=tensorflow|jax|torch|theano  xv wv = stage values
//! ```
//! No query is the landing example; in a link with one, a key left out is its framework's default
//! (link_defaults.rs), and writing leaves out exactly those. Unknown keys are ignored; a bad value
//! falls back to its default and is reported, so a URL can never blank the page.

use super::link_defaults::omitted;
use crate::conv::dialects::settings::Settings;
pub use crate::conv::dialects::settings::{Backend, Padding};
use crate::conv::dialects::{Framework, Request};
use crate::conv::geometry::axis::Op;

/// The stage's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    #[default]
    Scatter,
    Gather,
    Matrix,
    Overlap,
    Conv,
}

impl View {
    pub const ALL: [View; 5] = [View::Scatter, View::Gather, View::Overlap, View::Matrix, View::Conv];

    pub fn id(self) -> &'static str {
        match self {
            View::Scatter => "scatter",
            View::Gather => "gather",
            View::Matrix => "matrix",
            View::Overlap => "overlap",
            View::Conv => "conv",
        }
    }

    pub fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
    }
}

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// How the page shows the state (`mode`); without one, the whole page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The stage alone, large, for a projector.
    Present,
    /// The stage and compact controls, for an `<iframe>` in a course page.
    Embed,
    /// Exercises (their questions drawn from `seed`).
    Practice,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Present, Mode::Embed, Mode::Practice];

    pub fn id(self) -> &'static str {
        match self {
            Mode::Present => "present",
            Mode::Embed => "embed",
            Mode::Practice => "practice",
        }
    }

    pub fn from_id(id: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.id() == id)
    }
}

/// The keys a share link may carry: a query with none of them (only someone else's, such as a
/// tracker's) opens the landing example like no query at all.
const KEYS: [&str; 21] = [
    "fw", "op", "rank", "in", "k", "s", "d", "p", "opad", "out", "cin", "cout", "g", "view", "t", "lang", "xv", "wv",
    "be", "mode", "seed",
];

/// Everything a share link holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AppState {
    pub framework: Framework,
    pub op: Op,
    pub rank: usize,
    pub size_in: Vec<i64>,
    pub kernel: Vec<i64>,
    pub stride: Vec<i64>,
    pub dilation: Vec<i64>,
    pub padding: Padding,
    /// `None` = not given (Keras distinguishes None from 0).
    pub output_padding: Option<Vec<i64>>,
    pub output_size: Option<Vec<i64>>,
    pub channels_in: i64,
    pub channels_out: i64,
    pub groups: i64,
    pub view: View,
    pub step: usize,
    pub lang: Lang,
    /// The stage's input values (one channel, row-major); empty = the default 1, 2, 3 ….
    /// Used only when the count matches the input, so a size change falls back to the default.
    pub input_values: Vec<i64>,
    /// The stage's kernel values, as applied; empty = the default 3, 2, 1, 2 … (conv::compute::defaults).
    pub kernel_values: Vec<i64>,
    /// The Keras backend (`be`): Keras 3 runs on `tensorflow` (its default), `jax` or `torch`;
    /// Keras 1 on `tensorflow` (its default) or `theano`. `None` = the framework's default.
    pub backend: Option<Backend>,
    /// `None` = the whole page.
    pub mode: Option<Mode>,
    /// The exercises' seed: everyone who opens the link gets the same questions. `None` = not given.
    pub seed: Option<u64>,
}

impl Default for AppState {
    /// The default example: `nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)` on 3×3.
    fn default() -> Self {
        AppState {
            framework: Framework::Pytorch,
            op: Op::ConvTranspose,
            rank: 2,
            size_in: vec![3, 3],
            kernel: vec![3, 3],
            stride: vec![2, 2],
            dilation: vec![1, 1],
            padding: Padding::Amounts(vec![1, 1]),
            output_padding: Some(vec![1, 1]),
            output_size: None,
            channels_in: 1,
            channels_out: 1,
            groups: 1,
            view: View::Scatter,
            step: 0,
            lang: Lang::En,
            input_values: Vec::new(),
            kernel_values: Vec::new(),
            backend: None,
            mode: None,
            seed: None,
        }
    }
}

/// The most stage values a URL or the values field may carry (the stage draws at most 128×128,
/// but hand-checkable examples are far smaller).
pub const MAX_STAGE_VALUES: usize = 1024;
/// The largest magnitude of a stage value: sums stay readable in a cell.
pub const MAX_STAGE_VALUE: i64 = 999;

/// Stage values written as integers separated by commas or spaces (`1,2,-3`); `None` when any is bad.
pub fn stage_values(text: &str) -> Option<Vec<i64>> {
    let values: Option<Vec<i64>> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<i64>().ok().filter(|v| v.abs() <= MAX_STAGE_VALUE))
        .collect();
    values.filter(|v| v.len() <= MAX_STAGE_VALUES)
}

/// Stage values as the URL and the values field write them.
pub fn values_text(values: &[i64]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",")
}

/// The largest integer a URL may carry (the core checks the real limits; this only keeps parsing sane).
const MAX_URL_INT: i64 = 1 << 40;

fn int(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|v| v.abs() <= MAX_URL_INT)
}

/// `3` or `5x7`: one value broadcast to `rank` axes, or exactly `rank` values.
pub fn per_axis(text: &str, rank: usize) -> Option<Vec<i64>> {
    let parts: Option<Vec<i64>> = text.split('x').map(int).collect();
    let parts = parts?;
    match parts.len() {
        1 => Some(vec![parts[0]; rank]),
        n if n == rank => Some(parts),
        _ => None,
    }
}

pub fn axis_text(values: &[i64]) -> String {
    if values.iter().all(|v| *v == values[0]) {
        values[0].to_string()
    } else {
        values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("x")
    }
}

/// Where a begin/end pair's dash is: the first `-` after a digit, so either amount may be
/// negative (`-1-2` is begin -1, end 2; `1--2` is begin 1, end -2; `-1` is the amount -1).
fn pair_dash(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (1..bytes.len()).find(|&i| bytes[i] == b'-' && bytes[i - 1].is_ascii_digit())
}

/// A padding as a link or the form writes it: an amount per axis (`1`, `1x2`), begin/end pairs
/// (`0-1`, `0-1x1-0`) or a mode word (`same`).
pub fn parse_padding(text: &str, rank: usize) -> Option<Padding> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
        return (text.len() <= 16).then(|| Padding::Word(text.to_string()));
    }
    if text.split('x').any(|part| pair_dash(part).is_some()) {
        let pairs: Option<Vec<(i64, i64)>> = text
            .split('x')
            .map(|pair| {
                let at = pair_dash(pair)?;
                Some((int(&pair[..at])?, int(&pair[at + 1..])?))
            })
            .collect();
        let pairs = pairs?;
        return match pairs.len() {
            1 => Some(Padding::Pairs(vec![pairs[0]; rank])),
            n if n == rank => Some(Padding::Pairs(pairs)),
            _ => None,
        };
    }
    per_axis(text, rank).map(Padding::Amounts)
}

pub fn padding_text(padding: &Padding) -> String {
    match padding {
        Padding::Amounts(values) => axis_text(values),
        Padding::Word(word) => word.clone(),
        Padding::Pairs(pairs) => {
            if pairs.iter().all(|p| *p == pairs[0]) {
                format!("{}-{}", pairs[0].0, pairs[0].1)
            } else {
                pairs.iter().map(|(b, e)| format!("{b}-{e}")).collect::<Vec<_>>().join("x")
            }
        }
    }
}

/// Decode `%XX` and `+` in a query component.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A short, safe echo of a user value for a report.
fn shown(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).take(24).collect();
    if text.chars().count() > 24 {
        format!("{clean}…")
    } else {
        clean
    }
}

impl AppState {
    /// The layer part of the state, for the dialects (the backend only where the framework has it).
    pub fn settings(&self) -> Settings<'_> {
        Settings {
            op: self.op,
            rank: self.rank,
            size_in: &self.size_in,
            channels_in: self.channels_in,
            channels_out: self.channels_out,
            groups: self.groups,
            kernel: &self.kernel,
            stride: &self.stride,
            dilation: &self.dilation,
            padding: &self.padding,
            output_padding: self.output_padding.as_deref(),
            output_size: self.output_size.as_deref(),
            backend: self.backend.filter(|b| self.framework.backends().contains(b)),
        }
    }

    /// The request the state means in its framework (links every dialect: the app's first module
    /// asks PyTorch's directly, ui/lazy.rs).
    pub fn request(&self) -> Request {
        (self.framework.dialect().request)(&self.settings())
    }

    /// The line of code for the state's layer, in its framework's syntax.
    pub fn code_line(&self) -> String {
        (self.framework.dialect().code_line)(&self.settings())
    }

    /// The same settings in another framework: a backend it does not have is dropped.
    pub fn in_framework(&self, framework: Framework) -> AppState {
        AppState { framework, backend: self.backend.filter(|b| framework.backends().contains(b)), ..self.clone() }
    }

    /// The same layer with `rank` spatial axes (each per-axis value keeps its first entry).
    pub fn with_rank(&self, rank: usize) -> AppState {
        let first = |v: &[i64]| vec![v.first().copied().unwrap_or(1); rank];
        AppState {
            rank,
            size_in: first(&self.size_in),
            kernel: first(&self.kernel),
            stride: first(&self.stride),
            dilation: first(&self.dilation),
            padding: match &self.padding {
                Padding::Amounts(v) => Padding::Amounts(first(v)),
                Padding::Pairs(p) => Padding::Pairs(vec![p.first().copied().unwrap_or((0, 0)); rank]),
                Padding::Word(w) => Padding::Word(w.clone()),
            },
            output_padding: self.output_padding.as_deref().map(first),
            output_size: self.output_size.as_deref().map(first),
            step: 0,
            ..self.clone()
        }
    }

    /// Read a query string (with or without the leading `?`). Returns the state and one line per
    /// value that was bad and fell back to its default.
    pub fn from_query(query: &str) -> (AppState, Vec<String>) {
        let mut problems = Vec::new();
        let pairs: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (percent_decode(k), percent_decode(v)),
                None => (percent_decode(p), String::new()),
            })
            .collect();
        if !pairs.iter().any(|(k, _)| KEYS.contains(&k.as_str())) {
            return (AppState::default(), problems);
        }
        let get = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let mut bad = |key: &str, value: &str, why: &str| {
            problems.push(format!("{key}={} is not {why}; using the default", shown(value)));
        };

        // The framework, op and rank first: they decide what every key left out means.
        let mut framework = Framework::Pytorch;
        if let Some(v) = get("fw") {
            match Framework::from_id(v) {
                Some(f) => framework = f,
                None => bad("fw", v, "a framework convt-lab knows"),
            }
        }
        let mut op = Op::ConvTranspose;
        if let Some(v) = get("op") {
            match v {
                "convt" => op = Op::ConvTranspose,
                "conv" => op = Op::Conv,
                _ => bad("op", v, "convt or conv"),
            }
        }
        let mut rank = 2;
        if let Some(v) = get("rank") {
            match int(v) {
                Some(r @ 1..=2) => rank = r as usize,
                _ => bad("rank", v, "1 or 2"),
            }
        }
        let mut state = omitted(framework, op, rank);
        for (key, slot) in
            [("in", &mut state.size_in), ("k", &mut state.kernel), ("s", &mut state.stride), ("d", &mut state.dilation)]
        {
            if let Some(v) = get(key) {
                match per_axis(v, rank) {
                    Some(values) => *slot = values,
                    None => bad(key, v, &format!("an integer or {rank} integers joined by x")),
                }
            }
        }
        if let Some(v) = get("p") {
            match parse_padding(v, rank) {
                Some(p) => state.padding = p,
                None => bad("p", v, "a padding (1, 1x2, same, SAME_LOWER, 0-1)"),
            }
        }
        if let Some(v) = get("opad") {
            match v {
                "none" => state.output_padding = None,
                _ => match per_axis(v, rank) {
                    Some(values) => state.output_padding = Some(values),
                    None => bad("opad", v, "an integer, per-axis integers, or none"),
                },
            }
        }
        if let Some(v) = get("out") {
            match per_axis(v, rank) {
                Some(values) => state.output_size = Some(values),
                None => bad("out", v, "an output size like 6x6"),
            }
        }
        for (key, slot) in
            [("cin", &mut state.channels_in), ("cout", &mut state.channels_out), ("g", &mut state.groups)]
        {
            if let Some(v) = get(key) {
                match int(v) {
                    Some(n) => *slot = n,
                    None => bad(key, v, "an integer"),
                }
            }
        }
        if let Some(v) = get("view") {
            match View::from_id(v) {
                Some(view) => state.view = view,
                None => bad("view", v, "scatter, gather, matrix, overlap or conv"),
            }
        }
        if let Some(v) = get("t") {
            match v.trim().parse::<usize>() {
                Ok(t) => state.step = t,
                Err(_) => bad("t", v, "a step number"),
            }
        }
        for (key, slot) in [("xv", &mut state.input_values), ("wv", &mut state.kernel_values)] {
            if let Some(v) = get(key) {
                match stage_values(v) {
                    Some(values) => *slot = values,
                    None => bad(key, v, "up to 1024 integers from -999 to 999, separated by commas"),
                }
            }
        }
        if let Some(v) = get("be") {
            match Backend::from_id(v) {
                Some(b) if state.framework.backends().contains(&b) => state.backend = Some(b),
                _ => bad(
                    "be",
                    v,
                    "a backend of this framework (Keras: tensorflow, jax, torch; Keras 1: tensorflow, theano)",
                ),
            }
        }
        if let Some(v) = get("lang") {
            match v {
                "en" => state.lang = Lang::En,
                "zh" => state.lang = Lang::Zh,
                _ => bad("lang", v, "en or zh"),
            }
        }
        if let Some(v) = get("mode") {
            match Mode::from_id(v) {
                Some(mode) => state.mode = Some(mode),
                None => bad("mode", v, "present, embed or practice"),
            }
        }
        if let Some(v) = get("seed") {
            match v.trim().parse::<u64>() {
                Ok(seed) => state.seed = Some(seed),
                Err(_) => bad("seed", v, "a whole number below 2^64"),
            }
        }
        (state, problems)
    }

    /// The query string for this state: empty for the landing example, else the keys that differ
    /// from what the link would mean without them (link_defaults.rs), so `from_query` reads back
    /// exactly this state.
    pub fn to_query(&self) -> String {
        if *self == AppState::default() {
            return String::new();
        }
        let omitted = omitted(self.framework, self.op, self.rank);
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.framework != Framework::Pytorch {
            pairs.push(("fw", self.framework.id().to_string()));
        }
        if self.op != Op::ConvTranspose {
            pairs.push(("op", "conv".to_string()));
        }
        if self.rank != 2 {
            pairs.push(("rank", self.rank.to_string()));
        }
        for (key, values, left_out) in [
            ("in", &self.size_in, &omitted.size_in),
            ("k", &self.kernel, &omitted.kernel),
            ("s", &self.stride, &omitted.stride),
            ("d", &self.dilation, &omitted.dilation),
        ] {
            if values != left_out {
                pairs.push((key, axis_text(values)));
            }
        }
        if self.padding != omitted.padding {
            pairs.push(("p", padding_text(&self.padding)));
        }
        if self.output_padding != omitted.output_padding {
            pairs.push(("opad", self.output_padding.as_deref().map_or_else(|| "none".to_string(), axis_text)));
        }
        if let Some(out) = &self.output_size {
            pairs.push(("out", out.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("x")));
        }
        for (key, value) in [("cin", self.channels_in), ("cout", self.channels_out), ("g", self.groups)] {
            if value != 1 {
                pairs.push((key, value.to_string()));
            }
        }
        if self.view != View::Scatter {
            pairs.push(("view", self.view.id().to_string()));
        }
        if self.step != 0 {
            pairs.push(("t", self.step.to_string()));
        }
        // Written even when it is the framework's default backend: `be=tensorflow` is what was chosen.
        if let Some(backend) = self.backend.filter(|b| self.framework.backends().contains(b)) {
            pairs.push(("be", backend.id().to_string()));
        }
        if self.lang == Lang::Zh {
            pairs.push(("lang", "zh".to_string()));
        }
        if let Some(mode) = self.mode {
            pairs.push(("mode", mode.id().to_string()));
        }
        if let Some(seed) = self.seed {
            pairs.push(("seed", seed.to_string()));
        }
        for (key, values) in [("xv", &self.input_values), ("wv", &self.kernel_values)] {
            if !values.is_empty() {
                pairs.push((key, values_text(values)));
            }
        }
        // PyTorch's own defaults are not the landing example: the link must say it has a query.
        if pairs.is_empty() {
            pairs.push(("fw", self.framework.id().to_string()));
        }
        pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_example_is_the_empty_query() {
        assert_eq!(AppState::default().to_query(), "");
        assert_eq!(AppState::from_query(""), (AppState::default(), vec![]));
        // Keys the app does not know (a tracker's) leave the landing example as it is.
        assert_eq!(AppState::from_query("?utm_source=mail&fbclid=x"), (AppState::default(), vec![]));
    }

    #[test]
    fn a_key_left_out_is_the_frameworks_default() {
        // The issue's link: Keras's output_padding=None, not the landing example's 1.
        let (keras, problems) = AppState::from_query("?fw=keras&in=20&k=3&s=10&p=same");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(keras.output_padding, None);
        // PyTorch's stride=1, padding=0, output_padding=0, with the app's kernel 3 on 3×3.
        let (pytorch, _) = AppState::from_query("?view=gather");
        assert_eq!((pytorch.stride, pytorch.padding), (vec![1, 1], Padding::Amounts(vec![0, 0])));
        assert_eq!(pytorch.output_padding, Some(vec![0, 0]));
        assert_eq!((pytorch.kernel, pytorch.size_in), (vec![3, 3], vec![3, 3]));
        // PyTorch's own defaults are not the landing example, so their link says something.
        assert_eq!(omitted(Framework::Pytorch, Op::ConvTranspose, 2).to_query(), "fw=pytorch");
    }

    #[test]
    fn round_trips() {
        for query in [
            "fw=keras&in=20&s=10&p=same",
            "fw=keras&in=20&s=10&p=same&opad=0&be=tensorflow",
            "fw=onnx&p=SAME_LOWER&view=overlap&t=7",
            "op=conv&rank=1&in=8820&d=2&cin=16&cout=16",
            "fw=tensorflow&in=5x7&k=3x5&p=0-1x1-0&out=10x14",
            "fw=caffe&in=28&k=4&s=2&p=1&cin=256&cout=256",
            "s=2&p=1&opad=1&xv=1,-2,3,0,5,6,7,8,9&wv=1,0,-1,2,0,-2,1,0,-1",
            "s=2&p=1&opad=1&mode=present",
            "fw=keras&mode=practice&seed=18446744073709551615",
            "opad=none&mode=embed&seed=0",
            "fw=pytorch",
        ] {
            let (state, problems) = AppState::from_query(query);
            assert!(problems.is_empty(), "{query}: {problems:?}");
            assert_eq!(state.to_query(), query, "{query} is written as it was");
            let (again, _) = AppState::from_query(&state.to_query());
            assert_eq!(again, state, "{query} -> {}", state.to_query());
        }
    }

    #[test]
    fn bad_values_fall_back_and_are_reported() {
        let (state, problems) = AppState::from_query(
            "?fw=caffe2&k=abc&s=1x2x3&p=%3Cscript%3Ealert(1)%3C/script%3E&t=-4&view=3d&in=99999999999999999999&zzz=1",
        );
        assert_eq!(state.framework, Framework::Pytorch);
        assert_eq!(state.kernel, vec![3, 3]);
        assert_eq!(state.stride, vec![1, 1]);
        assert_eq!(state.view, View::Scatter);
        assert_eq!(problems.len(), 7, "{problems:?}");
        assert!(problems.iter().all(|p| p.chars().count() < 120));
        let (state, problems) = AppState::from_query("mode=slides&seed=-1&be=theano");
        assert_eq!((state.mode, state.seed, state.backend), (None, None, None));
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems.iter().any(|p| p.starts_with("mode=slides is not present, embed or practice")),
            "{problems:?}"
        );
    }

    /// The app's dialects map case in ASCII only (dialects::common::python_lower), which is
    /// exact because no other padding word gets past the parser.
    #[test]
    fn padding_words_are_ascii() {
        assert_eq!(parse_padding("same", 2), Some(Padding::Word("same".into())));
        assert_eq!(parse_padding("SAME_LOWER", 2), Some(Padding::Word("SAME_LOWER".into())));
        for word in ["ſame", "valıd", "sáme", "ＳＡＭＥ"] {
            assert_eq!(parse_padding(word, 2), None, "{word}");
        }
    }

    /// A negative amount is the framework's to refuse, so the link keeps it (`-1`, `-1-2`, `1--2`).
    #[test]
    fn paddings_keep_their_signs() {
        assert_eq!(parse_padding("-1", 2), Some(Padding::Amounts(vec![-1, -1])));
        assert_eq!(parse_padding("-1x2", 2), Some(Padding::Amounts(vec![-1, 2])));
        assert_eq!(parse_padding("-1-2", 1), Some(Padding::Pairs(vec![(-1, 2)])));
        assert_eq!(parse_padding("1--2x0-1", 2), Some(Padding::Pairs(vec![(1, -2), (0, 1)])));
        for text in ["1-", "-", "--1", "0-1x1", "1-2-3"] {
            assert_eq!(parse_padding(text, 2), None, "{text}");
        }
    }

    #[test]
    fn stage_values_parse_small_integers_only() {
        assert_eq!(stage_values("1, 2 -3,,4"), Some(vec![1, 2, -3, 4]));
        assert_eq!(stage_values("1,2.5"), None);
        assert_eq!(stage_values("1000"), None);
        assert_eq!(stage_values(&"1,".repeat(MAX_STAGE_VALUES + 1)), None);
        let (state, problems) = AppState::from_query("xv=1,x");
        assert!(state.input_values.is_empty() && problems.len() == 1, "{problems:?}");
    }
}
