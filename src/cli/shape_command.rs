//! `convt shape`: one layer from command-line flags, printed for a human.
//!
//! ```text
//! convt shape --framework pytorch --input-shape 1,1,3,3 kernel_size=3 stride=2 padding=1 output_padding=1
//! ```
//! Bare `name=value` words are the framework's own arguments, written as in Python:
//! `2`, `2,2`, `(2, 2)`, `[1, 1, 0, 0]`, `same`, `'SAME_LOWER'`, `True`, `None`.

use crate::conv::{resolve, ConvError, ConvResult, Framework, Layer, Op, Params, Request, Value};

/// The usage text of `convt shape`.
pub const USAGE: &str = "\
usage: convt shape --framework NAME [--op conv|conv_transpose] --input-shape N,C,H,W
                   [--rank R] [--layout L] [--api CALL] [--weight-shape ...] [name=value ...]

  --framework    pytorch (default), tensorflow, keras, jax, onnx, caffe, mxnet, chainer, paddle, keras2, keras1
  --op           conv_transpose (default) or conv
  --input-shape  the full input shape in the framework's layout, e.g. 1,1,28,28 (also 1x1x28x28)
  --rank         spatial axes (default: input dimensions - 2)
  name=value     the framework's own arguments: stride=2 padding=1 output_padding=1, padding=same,
                 pads=1,1,0,0, output_shape=1,200,200,1 …

example:
  convt shape --framework caffe --input-shape 1,256,28,28 num_output=256 kernel_size=4 pad=1 stride=2";

/// Parse a Python-like literal: ints, lists/tuples of ints, booleans, `None`, or a string.
pub fn parse_literal(text: &str) -> Value {
    let t = text.trim();
    match t {
        "True" | "true" => return Value::Bool(true),
        "False" | "false" => return Value::Bool(false),
        "None" | "null" => return Value::Null,
        _ => {}
    }
    if let Ok(i) = t.parse::<i64>() {
        return Value::Int(i);
    }
    let inner = t
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .or_else(|| t.strip_prefix('(').and_then(|s| s.strip_suffix(')')));
    let is_bracketed = inner.is_some();
    let body = inner.unwrap_or(t);
    if is_bracketed || body.contains(',') {
        let items: Vec<&str> = body.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        if items.iter().any(|s| s.starts_with('[') || s.starts_with('(')) {
            return parse_nested(body);
        }
        return Value::List(items.into_iter().map(parse_literal).collect());
    }
    Value::Str(t.trim_matches(|c| c == '\'' || c == '"').to_string())
}

/// `[0, 0], [1, 1]` → a list of lists (TensorFlow's explicit padding pairs).
fn parse_nested(body: &str) -> Value {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in body.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(parse_literal(&body[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    if !body[start..].trim().is_empty() {
        items.push(parse_literal(&body[start..]));
    }
    Value::List(items)
}

fn parse_shape(text: &str) -> ConvResult<Vec<i64>> {
    text.split([',', 'x'])
        .map(|s| {
            s.trim().parse::<i64>().map_err(|_| ConvError::malformed(format!("{text:?} is not a shape like 1,1,28,28")))
        })
        .collect()
}

/// Build a request from `convt shape` arguments (without the subcommand name).
pub fn request_from_args(args: &[String]) -> ConvResult<Request> {
    let mut framework = Framework::Pytorch;
    let mut op = Op::ConvTranspose;
    let mut rank = None;
    let mut layout = None;
    let mut api = None;
    let mut input_shape = None;
    let mut weight_shape = None;
    let mut params = Params::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let mut flag_value =
            |name: &str| words.next().cloned().ok_or_else(|| ConvError::malformed(format!("{name} needs a value")));
        match word.as_str() {
            "--framework" | "-f" => {
                let id = flag_value(word)?;
                framework =
                    Framework::from_id(&id).ok_or_else(|| ConvError::malformed(format!("unknown framework {id:?}")))?;
            }
            "--op" => {
                op = match flag_value(word)?.as_str() {
                    "conv" => Op::Conv,
                    "conv_transpose" | "convt" => Op::ConvTranspose,
                    other => {
                        return Err(ConvError::malformed(format!("--op must be conv or conv_transpose, not {other:?}")))
                    }
                }
            }
            "--rank" => {
                let r = flag_value(word)?;
                rank = Some(
                    r.parse::<usize>()
                        .ok()
                        .filter(|r| (1..=3).contains(r))
                        .ok_or_else(|| ConvError::malformed("--rank must be 1, 2 or 3"))?,
                );
            }
            "--layout" => layout = Some(flag_value(word)?),
            "--api" => api = Some(flag_value(word)?),
            "--input-shape" | "--in" => input_shape = Some(parse_shape(&flag_value(word)?)?),
            "--weight-shape" => weight_shape = Some(parse_shape(&flag_value(word)?)?),
            other => match other.split_once('=') {
                Some((name, value)) if !name.starts_with('-') => params.set(name, parse_literal(value)),
                _ => return Err(ConvError::malformed(format!("unexpected argument {other:?}\n\n{USAGE}"))),
            },
        }
    }
    let input_shape =
        input_shape.ok_or_else(|| ConvError::malformed(format!("--input-shape is required\n\n{USAGE}")))?;
    let rank = match rank {
        Some(r) => r,
        None => match input_shape.len() {
            3..=5 => input_shape.len() - 2,
            _ => return Err(ConvError::malformed("give --rank: it cannot be told from --input-shape")),
        },
    };
    Ok(Request { framework, op, rank, layout, api, input_shape, weight_shape, params })
}

/// The human-readable report of a resolved layer.
pub fn report(request: &Request, layer: &Layer) -> String {
    let mut out = format!(
        "{} {}: input {:?} -> output {:?}\n",
        request.framework.display_name(),
        request.op.name(),
        request.input_shape,
        layer.output_shape
    );
    for (axis, derivation) in layer.derivations.iter().enumerate() {
        out.push_str(&format!("axis {axis}: {}\n", derivation.formula));
        out.push_str(&format!("        = {}\n", derivation.substituted));
    }
    for note in &layer.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}

/// Run `convt shape`; returns the text to print and whether the framework accepts the layer.
pub fn run(args: &[String]) -> (String, bool) {
    match request_from_args(args).and_then(|request| resolve(&request).map(|layer| (request, layer))) {
        Ok((request, layer)) => (report(&request, &layer), true),
        Err(error) => (format!("rejected: {error}\n"), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(parse_literal("2"), Value::Int(2));
        assert_eq!(parse_literal("2,3"), Value::List(vec![Value::Int(2), Value::Int(3)]));
        assert_eq!(parse_literal("(2, 3)"), Value::List(vec![Value::Int(2), Value::Int(3)]));
        assert_eq!(parse_literal("'same'"), Value::Str("same".into()));
        assert_eq!(parse_literal("None"), Value::Null);
        assert_eq!(
            parse_literal("[[0,0],[1,1]]"),
            Value::List(vec![
                Value::List(vec![Value::Int(0), Value::Int(0)]),
                Value::List(vec![Value::Int(1), Value::Int(1)])
            ])
        );
    }
}
