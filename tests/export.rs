#![cfg(not(target_arch = "wasm32"))]
//! Exports checked by reading them back: the SVG parsed as XML (every digit the stage draws is
//! a `<text>`, the patterns are there, the header names the grids, the call and the caption),
//! and the GIF decoded (one frame per step, the loop setting, the size, the pixels).

use std::collections::BTreeMap;

use convt_lab::conv::geometry::axis::{Axis, AxisSpec, Op};
use convt_lab::export::gif::{delay_for_speed, frame_steps, GifEncoder, Looping, LAST_FRAME_HOLD_CS};
use convt_lab::scene::display::{display_list, DisplayList, Draw, Rect};
use convt_lab::scene::header::{with_header, Header};
use convt_lab::scene::svg::svg;
use convt_lab::scene::theme::Style;
use convt_lab::scene::{self, Scene};

fn axes(size_in: i64, kernel: i64, stride: i64, pad: i64, output_padding: i64, dilation: i64) -> Vec<Axis> {
    let spec =
        AxisSpec { size_in, kernel_size: kernel, stride, dilation, pad_before: pad, pad_after: pad, output_padding };
    let axis = spec.resolve(Op::ConvTranspose).unwrap();
    vec![axis, axis]
}

/// Small integers that are not symmetric, so every view's digits differ from cell to cell.
fn values(n: usize, seed: i64) -> Vec<i64> {
    (0..n as i64).map(|i| (i * 7 + seed) % 11 - 4).collect()
}

/// Every scene of a layer at a middle and the last step, in each transposed view.
fn scenes(axes: &[Axis]) -> Vec<(&'static str, Scene)> {
    let x = values(axes.iter().map(|a| a.size_in as usize).product(), 3);
    let w = values(axes.iter().map(|a| a.kernel_size as usize).product(), 5);
    let mut out = vec![("overlap", scene::overlap_scene(axes))];
    for step in [scene::scatter_steps(axes) / 2, scene::scatter_steps(axes)] {
        out.push(("scatter", scene::scatter_scene(axes, &x, &w, step, true)));
        out.push(("matrix", scene::matrix_scene(axes, &x, &w, step, true)));
    }
    for step in [1, scene::gather_steps(axes)] {
        out.push(("gather", scene::gather_scene(axes, &x, &w, step, true, scene::WIDE)));
    }
    out
}

/// The multiset of texts under elements of `class` in an SVG.
fn texts_of(document: &roxmltree::Document, class: &str) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for node in document.descendants().filter(|n| n.has_tag_name("text")) {
        let classes = node.ancestors().filter_map(|a| a.attribute("class")).collect::<Vec<_>>();
        if classes.contains(&class) {
            *found.entry(node.text().unwrap_or("").to_string()).or_default() += 1;
        }
    }
    found
}

#[test]
fn every_digit_the_scene_holds_is_svg_text_and_every_pattern_is_there() {
    let layers = [
        axes(3, 3, 2, 1, 1, 1), // the default: cropped and re-added cells
        axes(3, 2, 3, 0, 1, 1), // holes and added zeros
        axes(4, 3, 1, 0, 0, 2), // dilation 2
    ];
    for axes in &layers {
        for (view, scene) in scenes(axes) {
            let list = display_list(&scene, &Style::LIGHT, f64::INFINITY);
            let text = svg(&list, view);
            let document = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{view}: {e}\n{text}"));
            let mut expected = BTreeMap::new();
            for number in scene.cells.iter().filter_map(|c| c.number) {
                *expected.entry(number.to_string()).or_insert(0usize) += 1;
            }
            assert_eq!(texts_of(&document, "number"), expected, "{view} of {axes:?}");
            let labels = texts_of(&document, "label");
            for label in &scene.labels {
                assert!(labels.contains_key(&label.text), "{view}: label {:?} missing", label.text);
            }
            // Each kind of marked cell has its pattern, as a path of that class.
            let paths = |class: &str| {
                document.descendants().filter(|n| n.has_tag_name("path") && n.attribute("class") == Some(class)).count()
            };
            for (tone, class) in [
                (scene::Tone::Cropped, "cropped"),
                (scene::Tone::Readded, "readded"),
                (scene::Tone::AddedZero, "added-zero"),
                (scene::Tone::Hole, "hole"),
            ] {
                let present = scene.cells.iter().any(|c| c.tone == tone);
                assert_eq!(paths(class), usize::from(present), "{view}: {class}");
            }
            assert_eq!(
                document.root_element().attribute("viewBox"),
                Some(format!("0 0 {} {}", list.width, list.height).as_str())
            );
        }
    }
}

/// What the canvas draws at a scale where cells are readable is what the SVG says.
#[test]
fn the_canvas_and_the_svg_draw_the_same_digits() {
    let axes = axes(3, 3, 2, 1, 1, 1);
    let scene = scene::scatter_scene(&axes, &values(9, 1), &values(9, 2), 5, true);
    let on_canvas = display_list(&scene, &Style::DARK, 1.0);
    let in_svg = display_list(&scene, &Style::DARK, f64::INFINITY);
    assert_eq!(on_canvas, in_svg, "at one pixel per unit every 40-unit cell shows its digits");
}

#[test]
fn the_exported_svg_carries_the_header_and_escapes_what_it_quotes() {
    let axes = axes(3, 3, 2, 1, 1, 1);
    let scene = scene::scatter_scene(&axes, &values(9, 1), &values(9, 2), 4, true);
    let call = "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)";
    let caption = "input (1, 0) = 4 <stamps> & adds \"the\" kernel's taps";
    let header = Header { sizes_in: &[3, 3], sizes_out: &[6, 6], view: "scatter", step: 4, steps: 9, call, caption };
    let list = with_header(display_list(&scene, &Style::PRESENT, f64::INFINITY), &header, &Style::PRESENT);
    let text = svg(&list, &header.title());
    let document = roxmltree::Document::parse(&text).unwrap();
    let header_text: Vec<String> = texts_of(&document, "header").into_keys().collect();
    let joined = header_text.join(" ");
    assert!(joined.contains("input 3×3 → output 6×6 · scatter, step 4 of 9"), "{joined}");
    assert!(joined.contains("kernel_size=3,") && joined.contains("output_padding=1)"), "{joined}");
    assert!(joined.contains("<stamps> & adds \"the\" kernel's"), "{joined}");
    assert!(text.contains("&lt;stamps&gt; &amp; adds &quot;the&quot; kernel&apos;s"));
    let title = document.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
    assert_eq!(title, Some("input 3×3 → output 6×6 · scatter, step 4 of 9"));
    // The grids keep their own names under the header.
    let labels = texts_of(&document, "label");
    assert!(labels.keys().any(|l| l.starts_with("input 3×3")) && labels.keys().any(|l| l.starts_with("output 6×6")));
}

/// A plain rasteriser for the cell fills only (exact theme colours, no antialiasing): enough to
/// give the GIF encoder frames whose every pixel must come back exactly.
fn raster(list: &DisplayList, scale: f64) -> (usize, usize, Vec<u8>) {
    let (w, h) = ((list.width * scale).round() as usize, (list.height * scale).round() as usize);
    let rgb = |hex: &str| [1, 3, 5].map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
    let mut pixels = vec![0u8; w * h * 4];
    let mut paint = |x0: f64, y0: f64, x1: f64, y1: f64, colour: [u8; 3]| {
        let clamp = |v: f64, max: usize| (v * scale).round().clamp(0.0, max as f64) as usize;
        for y in clamp(y0, h)..clamp(y1, h) {
            for x in clamp(x0, w)..clamp(x1, w) {
                pixels[(y * w + x) * 4..(y * w + x) * 4 + 4].copy_from_slice(&[colour[0], colour[1], colour[2], 255]);
            }
        }
    };
    paint(0.0, 0.0, list.width, list.height, rgb(list.background));
    let mut path: Vec<Rect> = Vec::new();
    for draw in &list.draws {
        match draw {
            Draw::Rect(r) => path.push(*r),
            Draw::Fill { colour, .. } => {
                path.drain(..).for_each(|r| paint(r.x, r.y, r.x + r.w, r.y + r.h, rgb(colour)))
            }
            Draw::Stroke { .. } => path.clear(),
            _ => {}
        }
    }
    (w, h, pixels)
}

/// The frames of the default layer's scatter animation, one per step, as the export makes them.
fn default_frames(style: &Style) -> Vec<(usize, usize, Vec<u8>)> {
    let axes = axes(3, 3, 2, 1, 1, 1);
    let steps = scene::scatter_steps(&axes);
    frame_steps(steps)
        .into_iter()
        .map(|step| {
            let scene = scene::scatter_scene(&axes, &values(9, 1), &values(9, 2), step, true);
            raster(&display_list(&scene, style, 0.5), 0.5)
        })
        .collect()
}

/// A decoded frame: left, top, width, height, delay (hundredths), RGBA pixels.
type Decoded = (u16, u16, u16, u16, u16, Vec<u8>);

fn decode(bytes: &[u8]) -> (gif::Decoder<&[u8]>, Vec<Decoded>) {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes).expect("a GIF");
    let mut frames = Vec::new();
    while let Some(frame) = decoder.read_next_frame().expect("a frame") {
        frames.push((frame.left, frame.top, frame.width, frame.height, frame.delay, frame.buffer.to_vec()));
    }
    (decoder, frames)
}

#[test]
fn the_gif_has_a_frame_per_step_its_loop_size_and_speed_and_the_pixels_come_back() {
    let frames = default_frames(&Style::LIGHT);
    assert_eq!(frames.len(), 9, "the default layer's 9 steps");
    let (w, h) = (frames[0].0, frames[0].1);
    for (looping, repeat) in [(Looping::Once, gif::Repeat::Finite(0)), (Looping::Forever, gif::Repeat::Infinite)] {
        let delay = delay_for_speed(2.0);
        let mut encoder = GifEncoder::new(w, h, Style::LIGHT.theme, delay, looping).unwrap();
        for (_, _, rgba) in &frames {
            encoder.push(rgba).unwrap();
        }
        assert_eq!(encoder.frames(), 9);
        let bytes = encoder.finish().unwrap();
        assert_eq!(&bytes[..6], b"GIF89a");
        let (decoder, decoded) = decode(&bytes);
        assert_eq!((decoder.width() as usize, decoder.height() as usize), (w, h));
        assert_eq!(decoder.repeat(), repeat);
        assert_eq!(decoded.len(), 9);
        let delays: Vec<u16> = decoded.iter().map(|f| f.4).collect();
        assert_eq!(delays[..8], [50; 8]);
        assert_eq!(delays[8], LAST_FRAME_HOLD_CS);
        // Composite the frames (each kept under the next) and compare with what was pushed.
        let mut canvas = vec![0u8; w * h * 4];
        for (index, (left, top, fw, fh, _, buffer)) in decoded.iter().enumerate() {
            let (left, top, fw, fh) = (*left as usize, *top as usize, *fw as usize, *fh as usize);
            for y in 0..fh {
                let row = &buffer[y * fw * 4..(y + 1) * fw * 4];
                canvas[((top + y) * w + left) * 4..((top + y) * w + left + fw) * 4].copy_from_slice(row);
            }
            assert!(canvas == frames[index].2, "frame {index} differs once composited");
            if index > 0 {
                assert!(fw * fh < w * h, "frame {index} rewrote the whole picture");
            }
        }
    }
}

#[test]
fn a_view_without_steps_is_one_frame_and_the_frame_count_follows_the_steps() {
    assert_eq!(frame_steps(0).len(), 1);
    let axes = axes(32, 4, 2, 1, 0, 1);
    assert_eq!(frame_steps(scene::scatter_steps(&axes)).len(), 1024, "64×64 output: a frame per input cell");
    let overlap = scene::overlap_scene(&axes);
    let (w, h, rgba) = raster(&display_list(&overlap, &Style::DARK, 0.1), 0.1);
    let mut encoder = GifEncoder::new(w, h, Style::DARK.theme, 10, Looping::Forever).unwrap();
    encoder.push(&rgba).unwrap();
    let (_, decoded) = decode(&encoder.finish().unwrap());
    assert_eq!(decoded.len(), 1);
}
