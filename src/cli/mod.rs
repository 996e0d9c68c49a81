//! Contract 1: one JSON request line in, one JSON answer line out, whatever the line holds.
//!
//! ```text
//! {"framework": "pytorch", "op": "conv_transpose", "rank": 2, "input_shape": [1, 2, 5, 5],
//!  "weight_shape": [2, 3, 3, 3], "params": {"stride": 2, "padding": 1, "output_padding": 1}}
//! → {"output_shape": [1, 3, 10, 10], "notes": [...]}   or   {"error": "the rule, with the numbers"}
//! With "input" and "weight" (flat, row-major, in the framework's layouts; "bias" optional) the
//! answer also carries "output", flat in the framework's output layout.
//! ```

pub mod bench;
pub mod bench_solve;
pub mod shape_command;
pub mod solve_line;
pub mod translate_command;

pub use solve_line::solve_line;

use serde_json::{json, Map, Value as Json};

use crate::conv::compute::values::compute;
use crate::conv::{resolve, ConvError, ConvResult, Framework, Layer, Op, Params, Request, Value};

/// The largest accepted `rank`.
const MAX_RANK: usize = 3;

/// The keys a request may have at its top level (Contract 1); anything else gets a note.
const REQUEST_KEYS: [&str; 11] =
    ["framework", "op", "rank", "layout", "api", "input_shape", "weight_shape", "params", "input", "weight", "bias"];

/// The longest error message an answer carries: a message that quotes a hostile value (a
/// 50 MB layout string) is cut here, so no answer grows with its request.
const MAX_MESSAGE_CHARS: usize = 600;

/// The most notes an answer carries (a request with a million unknown arguments gets the first
/// ones and a count).
const MAX_NOTES: usize = 24;

/// Convert a JSON value into a framework argument value, keeping its form.
pub fn json_to_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.to_string()),
        },
        Json::String(s) => Value::Str(s.clone()),
        Json::Array(items) => Value::List(items.iter().map(json_to_value).collect()),
        Json::Object(map) => Value::Map(map.iter().map(|(k, v)| (k.clone(), json_to_value(v))).collect()),
    }
}

fn field<'a>(object: &'a Map<String, Json>, name: &str) -> Option<&'a Json> {
    object.get(name).filter(|v| !v.is_null())
}

fn string_field(object: &Map<String, Json>, name: &str) -> ConvResult<Option<String>> {
    match field(object, name) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(other) => {
            Err(ConvError::malformed(format!("`{name}` must be a string (got {})", json_to_value(other).describe())))
        }
    }
}

fn shape_field(object: &Map<String, Json>, name: &str) -> ConvResult<Option<Vec<i64>>> {
    let Some(json) = field(object, name) else {
        return Ok(None);
    };
    let value = json_to_value(json);
    match (&value, value.as_ints()) {
        (Value::List(_), Some(ints)) => Ok(Some(ints)),
        _ => Err(ConvError::malformed(format!("`{name}` must be a list of integers (got {})", value.describe()))),
    }
}

/// A flat list of numbers (`input`, `weight`, `bias`), as `f32` like the frameworks compute.
fn numbers_field(object: &Map<String, Json>, name: &str) -> ConvResult<Option<Vec<f32>>> {
    let Some(json) = field(object, name) else { return Ok(None) };
    let Json::Array(items) = json else {
        return Err(ConvError::malformed(format!(
            "`{name}` must be a flat list of numbers, row-major in the framework's layout (got {})",
            json_to_value(json).describe()
        )));
    };
    items
        .iter()
        .map(|v| {
            v.as_f64().filter(|x| x.is_finite()).map(|x| x as f32).ok_or_else(|| {
                ConvError::malformed(format!(
                    "`{name}` must hold only finite numbers (found {})",
                    json_to_value(v).describe()
                ))
            })
        })
        .collect::<ConvResult<Vec<f32>>>()
        .map(Some)
}

/// The output values when the request carries `input` and `weight` (and optionally `bias`).
fn output_values(object: &Map<String, Json>, request: &Request, layer: &Layer) -> ConvResult<Option<Vec<f32>>> {
    let (Some(input), Some(weight)) = (numbers_field(object, "input")?, numbers_field(object, "weight")?) else {
        if field(object, "input").is_some() != field(object, "weight").is_some() {
            return Err(ConvError::malformed("values need both `input` and `weight`"));
        }
        return Ok(None);
    };
    let bias = numbers_field(object, "bias")?;
    compute(layer, &request.input_shape, &input, &weight, bias.as_deref()).map(Some)
}

/// The rank an `api` such as `torch.nn.Conv1d` or `F.conv_transpose3d` names (a digit 1–3 before
/// its final `d`/`D`), for requests that leave `rank` out.
fn rank_named_by_api(object: &Map<String, Json>) -> Option<usize> {
    let Some(Json::String(api)) = field(object, "api") else { return None };
    let last = api.rsplit('.').next()?;
    if !last.to_ascii_lowercase().starts_with("conv") {
        return None;
    }
    let bytes = last.as_bytes();
    let at = bytes.iter().rposition(|b| b.eq_ignore_ascii_case(&b'd'))?;
    match at.checked_sub(1).map(|i| bytes[i]) {
        Some(digit @ b'1'..=b'3') => Some((digit - b'0') as usize),
        _ => None,
    }
}

/// A framework argument value as JSON, in the form it was given.
pub fn value_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        // (A float that JSON cannot hold stays a string, as it was written.)
        Value::Float(text) => {
            text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or_else(|| json!(text), Json::Number)
        }
        Value::Str(text) => json!(text),
        Value::List(items) => Json::Array(items.iter().map(value_json).collect()),
        Value::Map(entries) => Json::Object(entries.iter().map(|(k, v)| (k.clone(), value_json(v))).collect()),
    }
}

/// A request as Contract 1 writes it (what `parse_request` reads back).
pub fn request_json(request: &Request) -> Json {
    let mut object = Map::new();
    object.insert("framework".into(), json!(request.framework.id()));
    object.insert(
        "op".into(),
        json!(match request.op {
            Op::Conv => "conv",
            Op::ConvTranspose => "conv_transpose",
        }),
    );
    object.insert("rank".into(), json!(request.rank));
    if let Some(layout) = &request.layout {
        object.insert("layout".into(), json!(layout));
    }
    if let Some(api) = &request.api {
        object.insert("api".into(), json!(api));
    }
    object.insert("input_shape".into(), json!(request.input_shape));
    if let Some(weight) = &request.weight_shape {
        object.insert("weight_shape".into(), json!(weight));
    }
    let params: Map<String, Json> = request.params.entries.iter().map(|(k, v)| (k.clone(), value_json(v))).collect();
    object.insert("params".into(), Json::Object(params));
    Json::Object(object)
}

/// Read a request object (Contract 1) into a [`Request`].
pub fn parse_request(object: &Map<String, Json>) -> ConvResult<Request> {
    let framework_id = string_field(object, "framework")?
        .ok_or_else(|| ConvError::malformed("the request needs \"framework\" (e.g. \"pytorch\")"))?;
    let framework = Framework::from_id(&framework_id).ok_or_else(|| {
        let known: Vec<&str> = Framework::ALL.iter().map(|f| f.id()).collect();
        ConvError::malformed(format!(
            "unknown framework {}; known: {}",
            Value::Str(framework_id.clone()).describe(),
            known.join(", ")
        ))
    })?;
    let op = match string_field(object, "op")?.as_deref() {
        None | Some("conv_transpose") => Op::ConvTranspose,
        Some("conv") => Op::Conv,
        Some(other) => {
            return Err(ConvError::malformed(format!(
                "\"op\" must be \"conv\" or \"conv_transpose\" (got {})",
                Value::Str(other.to_string()).describe()
            )))
        }
    };
    let input_shape = shape_field(object, "input_shape")?
        .ok_or_else(|| ConvError::malformed("the request needs \"input_shape\" (the full input shape)"))?;
    let rank = match field(object, "rank") {
        // An unbatched input (PyTorch's `(C, L)`) has too few dimensions to tell the rank; the
        // call named in `api` (`torch.nn.Conv1d`) may still tell it.
        None if !(1..=MAX_RANK).contains(&input_shape.len().saturating_sub(2)) => {
            rank_named_by_api(object).unwrap_or(input_shape.len().saturating_sub(2))
        }
        None => input_shape.len().saturating_sub(2),
        Some(Json::Number(n)) => match n.as_u64() {
            Some(r) if (1..=MAX_RANK as u64).contains(&r) => r as usize,
            _ => return Err(ConvError::malformed(format!("\"rank\" must be 1, 2 or 3 (got {n})"))),
        },
        Some(other) => {
            return Err(ConvError::malformed(format!(
                "\"rank\" must be 1, 2 or 3 (got {})",
                json_to_value(other).describe()
            )))
        }
    };
    if !(1..=MAX_RANK).contains(&rank) {
        return Err(ConvError::malformed(format!(
            "cannot tell the rank from an input_shape of {} dimensions; give \"rank\": 1, 2 or 3",
            input_shape.len()
        )));
    }
    let params = match field(object, "params") {
        None => Params::new(),
        Some(Json::Object(map)) => Params { entries: map.iter().map(|(k, v)| (k.clone(), json_to_value(v))).collect() },
        Some(other) => {
            return Err(ConvError::malformed(format!(
                "\"params\" must be an object of the framework's arguments (got {})",
                json_to_value(other).describe()
            )))
        }
    };
    let mut params = params;
    // `bias` may sit at the top level too; the dialect reads it from params. Any other key there
    // is not read, so it gets a note rather than vanishing (a `stride` written beside `params`
    // instead of inside it once changed the answer silently).
    if let Some(Json::Bool(b)) = field(object, "bias") {
        if params.get("bias").is_none() {
            params.set("bias", Value::Bool(*b));
        }
    }
    Ok(Request {
        framework,
        op,
        rank,
        layout: string_field(object, "layout")?,
        api: string_field(object, "api")?,
        input_shape,
        weight_shape: shape_field(object, "weight_shape")?,
        params,
    })
}

/// Notes for top-level keys Contract 1 does not have: they are not read.
fn top_level_notes(object: &Map<String, Json>) -> Vec<String> {
    object
        .keys()
        .filter(|key| !REQUEST_KEYS.contains(&key.as_str()))
        .map(|key| {
            format!(
                "`{}` at the top level is not read, ignored: a framework's arguments go inside \"params\"",
                Value::Str(key.clone()).describe().trim_matches('\'')
            )
        })
        .collect()
}

/// At most [`MAX_NOTES`] notes, the rest counted.
pub(crate) fn bounded_notes(mut notes: Vec<String>) -> Vec<String> {
    if notes.len() > MAX_NOTES {
        let more = notes.len() - (MAX_NOTES - 1);
        notes.truncate(MAX_NOTES - 1);
        notes.push(format!("… and {more} more notes"));
    }
    notes
}

/// One output value as Contract 1 writes it: the shortest decimal that reads back as the same
/// `f32`, or `"inf"`, `"-inf"`, `"nan"` for a value float32 cannot hold as a number.
fn push_value(text: &mut String, value: f32) {
    use std::fmt::Write;
    if value.is_nan() {
        text.push_str("\"nan\"");
    } else if value.is_infinite() {
        text.push_str(if value > 0.0 { "\"inf\"" } else { "\"-inf\"" });
    } else {
        // Rust's `Debug` for `f32` is the shortest decimal that reads back as the same value
        // (0.1 stays 0.1, not 0.10000000149011612; 1 is 1.0; 1e20 keeps its exponent): valid JSON.
        let _ = write!(text, "{value:?}");
    }
}

/// The answer for a resolved layer (with its output values when they were asked for), as text:
/// the values are written straight into it, one `f32` at a time, rather than through a JSON tree
/// of 10^7 nodes.
pub fn answer_text(layer: &Layer, output: Option<Vec<f32>>, extra_notes: Vec<String>) -> String {
    let mut notes = layer.notes.clone();
    notes.extend(extra_notes);
    if output.as_ref().is_some_and(|values| values.iter().any(|v| !v.is_finite())) {
        notes.push(
            "some output values are not finite in float32; they are written as the strings \"inf\", \"-inf\" and \"nan\""
                .to_string(),
        );
    }
    let head = json!({ "output_shape": layer.output_shape, "notes": bounded_notes(notes) }).to_string();
    let Some(values) = output else { return head };
    let mut text = String::with_capacity(head.len() + values.len() * 8 + 12);
    text.push_str(&head[..head.len() - 1]);
    text.push_str(",\"output\":[");
    for (index, value) in values.into_iter().enumerate() {
        if index > 0 {
            text.push(',');
        }
        push_value(&mut text, value);
    }
    text.push_str("]}");
    text
}

/// The answer for an error, its message cut to [`MAX_MESSAGE_CHARS`].
pub fn error_json(error: &ConvError) -> Json {
    let message = match error.message.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}… (message cut at {MAX_MESSAGE_CHARS} characters)", &error.message[..cut]),
        None => error.message.clone(),
    };
    json!({ "error": message })
}

/// Answer one line of `convt eval` input. Never panics; every failure is an error answer.
pub fn eval_line(line: &str) -> String {
    if line.trim().is_empty() {
        return error_json(&ConvError::malformed("an empty line: each line must be one JSON request object"))
            .to_string();
    }
    match serde_json::from_str::<Json>(line) {
        Err(e) => error_json(&ConvError::malformed(format!("the line is not valid JSON: {e}"))).to_string(),
        Ok(Json::Object(object)) => {
            let answered = parse_request(&object).and_then(|request| {
                let layer = resolve(&request)?;
                let output = output_values(&object, &request, &layer)?;
                Ok(answer_text(&layer, output, top_level_notes(&object)))
            });
            answered.unwrap_or_else(|error| error_json(&error).to_string())
        }
        Ok(other) => error_json(&ConvError::malformed(format!(
            "each line must be a JSON object (got {})",
            json_to_value(&other).describe()
        )))
        .to_string(),
    }
}
