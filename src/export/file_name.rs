//! Download names after the configuration, so a folder of slides sorts and reads by layer:
//! `convt-lab_pytorch_convt_3x3_k3_s2_p1_op1_scatter_t4.png`.
//!
//! Parts are joined by `_`; values are written as in the share URL (`3x5`, `same`, `0-1`) and
//! lower-cased, and any character but a–z, 0–9, `x` and `-` becomes `-`, so the name is safe
//! on every file system and in every shell.

use crate::conv::app::query::{axis_text, padding_text, AppState};
use crate::conv::Op;

/// Names never grow past this many characters before the extension (sizes are capped far
/// below it already; this only bounds the worst case).
const MAX_STEM: usize = 160;

fn safe(value: &str) -> String {
    value
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' { c } else { '-' })
        .collect()
}

/// The download name for `state` showing `step` (`None`: the whole animation), with `extension`.
pub fn file_name(state: &AppState, step: Option<usize>, extension: &str) -> String {
    let sizes = state.size_in.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("x");
    let op = match state.op {
        Op::ConvTranspose => "convt",
        Op::Conv => "conv",
    };
    let mut parts: Vec<String> = vec!["convt-lab".into(), state.framework.id().into(), op.into(), sizes];
    parts.push(format!("k{}", axis_text(&state.kernel)));
    parts.push(format!("s{}", axis_text(&state.stride)));
    parts.push(format!("p{}", padding_text(&state.padding)));
    if state.dilation.iter().any(|d| *d != 1) {
        parts.push(format!("d{}", axis_text(&state.dilation)));
    }
    if let (Some(values), Op::ConvTranspose) = (&state.output_padding, state.op) {
        parts.push(format!("op{}", axis_text(values)));
    }
    if let Some(out) = &state.output_size {
        parts.push(format!("out{}", out.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("x")));
    }
    if state.groups != 1 {
        parts.push(format!("g{}", state.groups));
    }
    if let Some(backend) = state.backend {
        parts.push(backend.id().into());
    }
    parts.push(state.view.id().into());
    if let Some(step) = step {
        parts.push(format!("t{step}"));
    }
    let mut stem = parts.iter().map(|p| safe(p)).collect::<Vec<_>>().join("_");
    stem.truncate(MAX_STEM);
    format!("{stem}.{}", safe(extension))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(query: &str, step: Option<usize>, extension: &str) -> String {
        let (state, problems) = AppState::from_query(query);
        assert!(problems.is_empty(), "{query}: {problems:?}");
        file_name(&state, step, extension)
    }

    #[test]
    fn the_default_layer() {
        let state = AppState::default();
        assert_eq!(file_name(&state, Some(4), "png"), "convt-lab_pytorch_convt_3x3_k3_s2_p1_op1_scatter_t4.png");
        assert_eq!(file_name(&state, None, "gif"), "convt-lab_pytorch_convt_3x3_k3_s2_p1_op1_scatter.gif");
    }

    #[test]
    fn each_setting_shows_and_only_safe_characters_remain() {
        assert_eq!(
            name("fw=onnx&in=3&k=3x5&s=2&p=SAME_LOWER&d=2&opad=1&view=overlap", None, "svg"),
            "convt-lab_onnx_convt_3x3_k3x5_s2_psame-lower_d2_op1_overlap.svg"
        );
        assert_eq!(
            name("fw=tensorflow&in=5x7&k=3x5&s=2&p=0-1x1-0&opad=1&out=10x14", Some(0), "png"),
            "convt-lab_tensorflow_convt_5x7_k3x5_s2_p0-1x1-0_op1_out10x14_scatter_t0.png"
        );
        let conv = name("rank=1&in=8820&op=conv&s=1&p=0&opad=0&d=2&cin=16&cout=16&g=4", Some(3), "png");
        assert_eq!(conv, "convt-lab_pytorch_conv_8820_k3_s1_p0_d2_g4_scatter_t3.png");
        assert!(conv.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
        assert_eq!(
            name("fw=keras&in=3&k=3&s=2&p=same&opad=none", None, "GIF"),
            "convt-lab_keras_convt_3x3_k3_s2_psame_scatter.gif"
        );
    }

    #[test]
    fn a_hostile_extension_cannot_leave_the_name() {
        let state = AppState::default();
        let named = file_name(&state, None, "../../etc/passwd");
        assert!(!named.contains('/') && !named.contains(".."), "{named}");
    }
}
