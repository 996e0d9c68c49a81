//! `convt translate` (Contract 4): one pasted layer per JSON line in, what it reads as and its
//! equivalent in every other framework out.
//!
//! ```text
//! {"text": "nn.ConvTranspose2d(512, 256, 4, 2, 1)", "input_shape": [1, 512, 28, 28]}
//! → {"framework": "pytorch", "request": {…}, "output_shape": [1, 256, 56, 56], "notes": [],
//!    "equivalents": [{"framework": "tensorflow", "code": "…", "request": {…}, "output_shape": […], "notes": []},
//!                    {"framework": "caffe", "error": "…", "nearest": {"code": "…", "request": {…}}}, …]}
//! ```

use serde_json::{json, Map, Value as Json};

use super::{bounded_notes, error_json, json_to_value, request_json};
use crate::conv::port::translate::{equivalents, on_backends, read, with_batch, Equivalent, Paste};
use crate::conv::port::weights::{layout_text, weight_port};
use crate::conv::{resolve, ConvError, Framework, Layer, Request, Value};

/// The keys a translate line may have.
const KEYS: [&str; 5] = ["text", "from", "input_shape", "weight_shape", "backend"];

fn malformed(message: impl Into<String>) -> String {
    error_json(&ConvError::malformed(message)).to_string()
}

/// A shape field: a list of integers, or absent.
fn shape(object: &Map<String, Json>, key: &str) -> Result<Option<Vec<i64>>, String> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(None),
        // (A batch written as Keras prints it, `null`, is taken as 1.)
        Some(Json::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| if i == 0 && v.is_null() { Some(1) } else { v.as_i64() })
            .collect::<Option<Vec<i64>>>()
            .map(Some)
            .ok_or_else(|| malformed(format!("\"{key}\" must be a list of integers (the batch may be null)"))),
        Some(other) => {
            Err(malformed(format!("\"{key}\" must be a list of integers (got {})", json_to_value(other).describe())))
        }
    }
}

/// Read the line's fields into a paste.
fn paste(object: &Map<String, Json>) -> Result<Paste<'_>, String> {
    let text = match object.get("text") {
        Some(Json::String(text)) => text.as_str(),
        _ => return Err(malformed("the line needs \"text\": the layer as pasted (a string)")),
    };
    let from = match object.get("from") {
        None | Some(Json::Null) => None,
        Some(Json::String(id)) => Some(Framework::from_id(id).ok_or_else(|| {
            let known: Vec<&str> = Framework::ALL.iter().map(|f| f.id()).collect();
            malformed(format!(
                "unknown framework {} in \"from\"; known: {}",
                Value::Str(id.clone()).describe(),
                known.join(", ")
            ))
        })?),
        Some(other) => {
            return Err(malformed(format!("\"from\" must be a framework id (got {})", json_to_value(other).describe())))
        }
    };
    let backend = match object.get("backend") {
        None | Some(Json::Null) => None,
        Some(Json::String(b)) => Some(b.clone()),
        Some(other) => {
            return Err(malformed(format!("\"backend\" must be a string (got {})", json_to_value(other).describe())))
        }
    };
    Ok(Paste {
        text,
        from,
        input_shape: shape(object, "input_shape")?,
        weight_shape: shape(object, "weight_shape")?,
        backend,
    })
}

/// How the pasted layer's weight becomes the equivalent's: both layouts and the one-liners.
fn weights_json(pasted: &Layer, equivalent: &Layer) -> Json {
    let port = weight_port(pasted, equivalent);
    json!({
        "from": layout_text(&port.source_labels, pasted.op),
        "to": layout_text(&port.target_labels, equivalent.op),
        "axes": port.axes,
        "flip": !port.reversed.is_empty(),
        "numpy": port.numpy(),
        "torch": port.torch(),
    })
}

/// One equivalent as Contract 4 writes it (plus how its weight is ported).
fn equivalent_json(pasted: &Layer, equivalent: &Equivalent) -> Json {
    match equivalent {
        Equivalent::Exact { framework, code, request, layer, notes } => json!({
            "framework": framework.id(),
            "code": code,
            "request": request_json(request),
            "output_shape": layer.output_shape,
            "notes": bounded_notes(notes.clone()),
            "weights": weights_json(pasted, layer),
        }),
        Equivalent::Impossible { framework, reason, nearest, by_hand } => {
            let nearest = nearest.as_ref().map(|state| {
                let request = with_batch(state.request(), pasted.batch.unwrap_or(1), pasted.axes.len());
                let output_shape = resolve(&request).map(|l| l.output_shape).unwrap_or_default();
                json!({ "code": state.code_line(), "request": request_json(&request), "output_shape": output_shape })
            });
            json!({ "framework": framework.id(), "error": reason, "nearest": nearest, "by_hand": by_hand.as_ref().map(|b| &b.text) })
        }
    }
}

/// `on_backends` as Contract 4 writes it.
fn backends_json(request: &Request) -> Vec<Json> {
    on_backends(request)
        .into_iter()
        .map(|(backend, layer)| match layer {
            Ok(layer) => json!({ "backend": backend.id(), "output_shape": layer.output_shape, "notes": bounded_notes(layer.notes) }),
            Err(error) => json!({ "backend": backend.id(), "error": error_json(&error)["error"] }),
        })
        .collect()
}

/// Answer one line of `convt translate` input. Never panics; every failure is an error answer.
pub fn translate_line(line: &str) -> String {
    let object = match serde_json::from_str::<Json>(line) {
        Ok(Json::Object(object)) => object,
        Ok(other) => {
            return malformed(format!("each line must be a JSON object (got {})", json_to_value(&other).describe()))
        }
        Err(e) => return malformed(format!("the line is not valid JSON: {e}")),
    };
    let paste = match paste(&object) {
        Ok(paste) => paste,
        Err(answer) => return answer,
    };
    let mut notes: Vec<String> = object
        .keys()
        .filter(|k| !KEYS.contains(&k.as_str()))
        .map(|k| format!("`{}` is not a translate field, ignored", Value::Str(k.clone()).describe().trim_matches('\'')))
        .collect();
    let reading = match read(&paste) {
        Ok(reading) => reading,
        Err(error) => return malformed(error.to_string()),
    };
    notes.extend(reading.notes.iter().cloned());
    let framework = reading.request.framework.id();
    let request = request_json(&reading.request);
    match resolve(&reading.request) {
        Err(error) => {
            let Json::Object(mut answer) = error_json(&error) else { unreachable!("error_json writes an object") };
            answer.insert("framework".into(), json!(framework));
            answer.insert("request".into(), request);
            Json::Object(answer).to_string()
        }
        Ok(layer) => {
            notes.extend(layer.notes.iter().cloned());
            let equivalents: Vec<Json> =
                equivalents(&reading.request, &layer).iter().map(|e| equivalent_json(&layer, e)).collect();
            let mut answer = json!({
                "framework": framework,
                "request": request,
                "output_shape": layer.output_shape,
                "notes": bounded_notes(notes),
                "equivalents": equivalents,
            });
            let backends = backends_json(&reading.request);
            if !backends.is_empty() {
                answer["backends"] = Json::Array(backends);
            }
            answer.to_string()
        }
    }
}
