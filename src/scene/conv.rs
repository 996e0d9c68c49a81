//! The conv view: a forward convolution by hand, 1-D or 2-D, with dilation and any padding mode:
//! the padded input with the window of the current output cell, the kernel, the output so far.

use super::{arrange, caption, cell_count, drawable, push_titles, CELL};
use super::{cell_name, grid, number, position, rc, size_text, too_large, Cell, Place, Scene, Tone};
use crate::conv::geometry::axis::Axis;
use crate::conv::geometry::padding::PaddingMode;

/// Steps of the forward-conv animation: one per output cell; none when too large to draw.
pub fn conv_steps(axes: &[Axis]) -> usize {
    if fits(axes) {
        cell_count(axes.iter().map(|a| a.size_out)) as usize
    } else {
        0
    }
}

/// Whether the padded input and the output are both small enough to draw.
fn fits(axes: &[Axis]) -> bool {
    drawable(axes.iter().map(|a| a.size_in.saturating_add(a.pad_before).saturating_add(a.pad_after)))
        && drawable(axes.iter().map(|a| a.size_out))
}

/// The forward convolution at `step`: the padded input with the window of output cell `step - 1`,
/// the kernel, and the output filled so far. Padding cells read what the padding mode puts there.
/// `aspect` is the room's (`WIDE`: the grids in a row).
pub fn conv_scene(
    axes: &[Axis],
    input: &[i64],
    kernel: &[i64],
    mode: PaddingMode,
    step: usize,
    numbers: bool,
    aspect: f64,
) -> Scene {
    if !fits(axes) {
        return Scene { summary: too_large(axes), width: 800.0, height: 120.0, ..Scene::default() };
    }
    let padded: Vec<(i64, i64)> = axes.iter().map(|a| (-a.pad_before, a.size_in + a.pad_after)).collect();
    let two_d = axes.len() == 2;
    let (pr, pc) = grid(&padded.iter().map(|(a, b)| b - a).collect::<Vec<_>>());
    let (kr, kc) = grid(&axes.iter().map(|a| a.kernel_size).collect::<Vec<_>>());
    let (or, oc) = grid(&axes.iter().map(|a| a.size_out).collect::<Vec<_>>());
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let sizes_in: Vec<i64> = axes.iter().map(|a| a.size_in).collect();
    let sizes_out: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
    let titles = [
        format!("padded input ({} inside)", size_text(&sizes_in)),
        "kernel".to_string(),
        format!("output {}", size_text(&sizes_out)),
    ]
    .map(crate::i18n::tr);
    let l = arrange([(pr, pc), (kr, kc), (or, oc)], &titles, aspect);
    let (origin, kernel_at, out_at) = (l.input, l.kernel, l.canvas);
    let steps = conv_steps(axes);
    let step = step.min(steps);
    let active = step.checked_sub(1).map(|o| rc(o, oc));
    let to_axes = |cell: (i64, i64)| position(two_d, cell);
    let mut scene = Scene { width: l.width, height: l.height, ..Scene::default() };
    push_titles(&mut scene, &l, titles);
    // The cells the active window reads.
    let window: Vec<Vec<i64>> = match active {
        Some(o) => {
            let o = to_axes(o);
            (0..kernel.len())
                .map(|t| {
                    let k = to_axes(rc(t, kc));
                    (0..axes.len())
                        .map(|a| o[a] * axes[a].stride + k[a] * axes[a].dilation - axes[a].pad_before)
                        .collect()
                })
                .collect()
        }
        None => Vec::new(),
    };
    let value_at = |pos: &[i64]| -> Option<i64> {
        let source: Option<Vec<i64>> = (0..axes.len()).map(|a| mode.source(pos[a], axes[a].size_in)).collect();
        source.map(|s| input[(if two_d { s[0] * ic + s[1] } else { s[0] }) as usize])
    };
    for r in 0..pr {
        for c in 0..pc {
            let pos = if two_d { vec![r + padded[0].0, c + padded[1].0] } else { vec![c + padded[0].0] };
            let inside = pos.iter().zip(axes).all(|(&p, a)| (0..a.size_in).contains(&p));
            let value = value_at(&pos);
            scene.cells.push(Cell {
                x: origin.0 + c as f64 * CELL,
                y: origin.1 + r as f64 * CELL,
                size: CELL,
                tone: if inside { Tone::Input } else { Tone::AddedZero },
                place: Place::ConvInput(if two_d { pos[0] } else { 0 }, *pos.last().unwrap_or(&0)),
                number: numbers.then_some(value.unwrap_or(0)),
                ring: window.contains(&pos),
            });
        }
    }
    for (t, w) in kernel.iter().enumerate() {
        let (r, c) = rc(t, kc);
        scene.cells.push(Cell {
            x: kernel_at.0 + c as f64 * CELL,
            y: kernel_at.1 + r as f64 * CELL,
            size: CELL,
            tone: Tone::Kernel,
            place: Place::Kernel(r, c),
            number: numbers.then_some(*w),
            ring: active.is_some(),
        });
    }
    let mut active_sum = 0;
    for index in 0..steps {
        let (r, c) = rc(index, oc);
        let o = to_axes((r, c));
        let done = index < step;
        let sum: i64 = (0..kernel.len())
            .map(|t| {
                let k = to_axes(rc(t, kc));
                let pos: Vec<i64> = (0..axes.len())
                    .map(|a| o[a] * axes[a].stride + k[a] * axes[a].dilation - axes[a].pad_before)
                    .collect();
                value_at(&pos).unwrap_or(0) * kernel[t]
            })
            .sum();
        if Some((r, c)) == active {
            active_sum = sum;
        }
        scene.cells.push(Cell {
            x: out_at.0 + c as f64 * CELL,
            y: out_at.1 + r as f64 * CELL,
            size: CELL,
            tone: if Some((r, c)) == active { Tone::InputActive } else { Tone::Output },
            place: Place::ConvOutput(r, c),
            number: (numbers && done).then_some(sum),
            ring: Some((r, c)) == active,
        });
    }
    scene.caption = match active {
        None => caption::conv_start(axes),
        Some(o) => {
            let o = to_axes(o);
            let mut addends = Vec::new();
            for (t, w) in kernel.iter().enumerate() {
                let k = to_axes(rc(t, kc));
                let pos: Vec<i64> = (0..axes.len())
                    .map(|a| o[a] * axes[a].stride + k[a] * axes[a].dilation - axes[a].pad_before)
                    .collect();
                // Zero padding adds nothing; other modes' padding repeats an input value.
                if let Some(x) = value_at(&pos) {
                    addends.push(x * w);
                }
            }
            let on_padding =
                window.iter().filter(|pos| pos.iter().zip(axes).any(|(p, a)| !(0..a.size_in).contains(p))).count();
            let holds = caption::Holds { cell: &o, sum: active_sum, addends: &addends, noun: "products" };
            let words = caption::conv_step(&window_spans(axes, &o), on_padding, kernel.len(), holds);
            if step == steps {
                format!("{words} {}", caption::conv_result(axes, mode))
            } else {
                words
            }
        }
    };
    scene
}

/// Per axis, the input positions (negative or past the input = padding) output cell `o` reads.
fn window_spans(axes: &[Axis], o: &[i64]) -> Vec<caption::Span> {
    o.iter()
        .zip(axes)
        .map(|(&o, a)| {
            let first = o * a.stride - a.pad_before;
            caption::Span { first, last: first + (a.kernel_size - 1) * a.dilation, every: a.dilation }
        })
        .collect()
}

/// What a hovered cell of the conv view is: an input or padding cell, or an output's sum.
pub(super) fn explain_conv(axes: &[Axis], input: &[i64], kernel: &[i64], mode: PaddingMode, place: Place) -> String {
    let two_d = axes.len() == 2;
    let to_axes = |cell: (i64, i64)| position(two_d, cell);
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let (_, kc) = grid(&axes.iter().map(|a| a.kernel_size).collect::<Vec<_>>());
    let value_at = |pos: &[i64]| -> Option<(Vec<i64>, i64)> {
        let source: Option<Vec<i64>> = (0..axes.len()).map(|a| mode.source(pos[a], axes[a].size_in)).collect();
        source.map(|s| {
            let v = input[(if two_d { s[0] * ic + s[1] } else { s[0] }) as usize];
            (s, v)
        })
    };
    match place {
        Place::ConvInput(r, c) => {
            let pos = to_axes((r, c));
            let inside = pos.iter().zip(axes).all(|(&p, a)| (0..a.size_in).contains(&p));
            match value_at(&pos) {
                Some((_, v)) if inside => format!("input {} = {}", cell_name(&pos), number(v)),
                Some((s, v)) => {
                    format!("padding {} ({mode:?}) repeats input {} = {}", cell_name(&pos), cell_name(&s), number(v))
                }
                None => format!("padding {} = 0 (zero padding)", cell_name(&pos)),
            }
        }
        Place::ConvOutput(r, c) => {
            let o = to_axes((r, c));
            let mut terms = Vec::new();
            let mut sum = 0i64;
            for (t, w) in kernel.iter().enumerate() {
                let k = to_axes(rc(t, kc));
                let pos: Vec<i64> = (0..axes.len())
                    .map(|a| o[a] * axes[a].stride + k[a] * axes[a].dilation - axes[a].pad_before)
                    .collect();
                let x = value_at(&pos).map(|(_, v)| v).unwrap_or(0);
                terms.push(format!("x{}·{}", cell_name(&pos), number(*w)));
                sum += x * w;
            }
            format!("output {} = {} = {}", cell_name(&o), terms.join(" + "), number(sum))
        }
        _ => String::new(),
    }
}
