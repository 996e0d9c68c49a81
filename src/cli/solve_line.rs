//! Contract 5: one solve request line in, one answer line out (`convt solve`).
//!
//! ```text
//! {"framework": "keras", "op": "conv_transpose", "rank": 2, "input_size": [20, 20],
//!  "output_size": [200, 200], "limits": {"kernel_size": 16, "stride": 16, "dilation": 4,
//!  "padding": 16, "output_padding": 15}, "max_solutions": 50,
//!  "backend": "jax", "in_channels": 1, "out_channels": 1, "pair": false}
//! → {"count": N, "solutions": [{"params": {…}, "request": {…}, "code": "…", "holes": 0,
//!    "even_overlap": true, "notes": [], "href": "?fw=keras&…"}, …],
//!    "explicit": {"argument": "…", "params": {…}, "code": "…", "accepts": [[lo, hi], …]} | null,
//!    "nearest": [{"below": 198, "above": 201}, …] (when count is 0), "notes": []}
//! ```

use serde_json::{json, Map, Value as Json};

use super::{error_json, json_to_value};
use crate::conv::app::query::Backend;
use crate::conv::app::solve::{solve, Answer, Inverse, Limits, Query, Solution};
use crate::conv::{ConvError, ConvResult, Framework, Op, Request, Value};

/// The keys a solve request may have; anything else gets a note.
const KEYS: [&str; 11] = [
    "framework",
    "backend",
    "op",
    "rank",
    "input_size",
    "output_size",
    "in_channels",
    "out_channels",
    "limits",
    "max_solutions",
    "pair",
];

/// A framework argument value as JSON (the inverse of `json_to_value`).
pub fn value_to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Float(text) => text.parse::<f64>().map_or(Json::String(text.clone()), |x| json!(x)),
        Value::Str(s) => Json::String(s.clone()),
        Value::List(items) => Json::Array(items.iter().map(value_to_json).collect()),
        Value::Map(entries) => Json::Object(entries.iter().map(|(k, v)| (k.clone(), value_to_json(v))).collect()),
    }
}

/// A request as Contract 1 writes it: `convt eval` answers it.
pub fn request_json(request: &Request) -> Json {
    let mut object = Map::new();
    object.insert("framework".into(), json!(request.framework.id()));
    object.insert("op".into(), json!(request.op.name()));
    object.insert("rank".into(), json!(request.rank));
    if let Some(api) = &request.api {
        object.insert("api".into(), json!(api));
    }
    if let Some(layout) = &request.layout {
        object.insert("layout".into(), json!(layout));
    }
    object.insert("input_shape".into(), json!(request.input_shape));
    if let Some(weight) = &request.weight_shape {
        object.insert("weight_shape".into(), json!(weight));
    }
    object.insert("params".into(), params_json(request));
    Json::Object(object)
}

fn params_json(request: &Request) -> Json {
    Json::Object(request.params.entries.iter().map(|(k, v)| (k.clone(), value_to_json(v))).collect())
}

/// A count as JSON: a number up to 2^64, else its digits as a string.
fn count_json(count: u128) -> Json {
    u64::try_from(count).map_or_else(|_| json!(count.to_string()), |c| json!(c))
}

fn solution_json(solution: &Solution) -> Json {
    let mut object = Map::new();
    object.insert("params".into(), params_json(&solution.request));
    object.insert("code".into(), json!(solution.code));
    object.insert("holes".into(), solution.holes.map_or(Json::Null, count_json));
    object.insert("even_overlap".into(), json!(solution.even_overlap));
    object.insert("wasted".into(), json!(solution.wasted as i64));
    object.insert("notes".into(), json!(solution.notes));
    object.insert("href".into(), solution.href().map_or(Json::Null, Json::String));
    object.insert("request".into(), request_json(&solution.request));
    match &solution.inverse {
        None => {}
        Some(Inverse::Restores(inverse)) => {
            object.insert("inverse".into(), solution_json(inverse));
        }
        Some(Inverse::Impossible(why)) => {
            object.insert("inverse".into(), json!({ "error": why }));
        }
    }
    Json::Object(object)
}

/// The answer as JSON.
pub fn answer_json(answer: &Answer) -> Json {
    let explicit = answer.explicit.as_ref().map_or(Json::Null, |e| {
        let mut object = match solution_json(&e.solution) {
            Json::Object(object) => object,
            _ => Map::new(),
        };
        object.insert("argument".into(), json!(e.argument));
        object.insert("accepts".into(), json!(e.accepts.iter().map(|&(low, high)| [low, high]).collect::<Vec<_>>()));
        Json::Object(object)
    });
    let mut object = Map::new();
    object.insert("count".into(), count_json(answer.count));
    object.insert("solutions".into(), Json::Array(answer.solutions.iter().map(solution_json).collect()));
    object.insert("explicit".into(), explicit);
    if answer.count == 0 {
        let nearest: Vec<Json> = answer.nearest.iter().map(|n| json!({ "below": n.below, "above": n.above })).collect();
        object.insert("nearest".into(), Json::Array(nearest));
    }
    object.insert("notes".into(), json!(answer.notes));
    Json::Object(object)
}

/// A whole number, or an error naming the key.
fn integer(json: &Json, name: &str) -> ConvResult<i64> {
    json.as_i64().ok_or_else(|| {
        ConvError::malformed(format!("\"{name}\" must be a whole number (got {})", json_to_value(json).describe()))
    })
}

fn sizes(object: &Map<String, Json>, name: &str) -> ConvResult<Vec<i64>> {
    match object.get(name) {
        Some(Json::Array(items)) if items.len() <= 3 => items.iter().map(|v| integer(v, name)).collect(),
        Some(Json::Array(items)) => {
            Err(ConvError::malformed(format!("\"{name}\" has {} sizes; a layer has 1 to 3 spatial axes", items.len())))
        }
        Some(other) => Err(ConvError::malformed(format!(
            "\"{name}\" must be a list of spatial sizes, like [20, 20] (got {})",
            json_to_value(other).describe()
        ))),
        None => Err(ConvError::malformed(format!("the request needs \"{name}\", the spatial sizes, like [20, 20]"))),
    }
}

/// Read a solve request.
pub fn parse_query(object: &Map<String, Json>) -> ConvResult<(Query, Vec<String>)> {
    let text = |name: &str| -> ConvResult<Option<&str>> {
        match object.get(name) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(ConvError::malformed(format!(
                "\"{name}\" must be a string (got {})",
                json_to_value(other).describe()
            ))),
        }
    };
    let id =
        text("framework")?.ok_or_else(|| ConvError::malformed("the request needs \"framework\" (e.g. \"keras\")"))?;
    let framework = Framework::from_id(id).ok_or_else(|| {
        let known: Vec<&str> = Framework::ALL.iter().map(|f| f.id()).collect();
        ConvError::malformed(format!(
            "unknown framework {}; known: {}",
            Value::Str(id.into()).describe(),
            known.join(", ")
        ))
    })?;
    let op = match text("op")? {
        None | Some("conv_transpose") => Op::ConvTranspose,
        Some("conv") => Op::Conv,
        Some(other) => {
            return Err(ConvError::malformed(format!(
                "\"op\" must be \"conv\" or \"conv_transpose\" (got {})",
                Value::Str(other.into()).describe()
            )))
        }
    };
    let backend = match text("backend")? {
        None => None,
        Some(id) => Some(
            Backend::from_id(id)
                .ok_or_else(|| ConvError::malformed(format!("unknown backend {}", Value::Str(id.into()).describe())))?,
        ),
    };
    let input_size = sizes(object, "input_size")?;
    let output_size = sizes(object, "output_size")?;
    let mut query = Query::new(framework, op, input_size, output_size);
    query.backend = backend;
    if let Some(rank) = object.get("rank").filter(|v| !v.is_null()) {
        query.rank = usize::try_from(integer(rank, "rank")?).unwrap_or(0);
    }
    for (name, slot) in [("in_channels", &mut query.channels_in), ("out_channels", &mut query.channels_out)] {
        if let Some(value) = object.get(name).filter(|v| !v.is_null()) {
            *slot = integer(value, name)?;
        }
    }
    if let Some(value) = object.get("max_solutions").filter(|v| !v.is_null()) {
        let wanted = integer(value, "max_solutions")?;
        query.max_solutions =
            usize::try_from(wanted).map_err(|_| ConvError::malformed("\"max_solutions\" must be 0 or more"))?;
    }
    match object.get("pair") {
        None | Some(Json::Null) => {}
        Some(Json::Bool(b)) => query.pair = *b,
        Some(other) => {
            return Err(ConvError::malformed(format!(
                "\"pair\" must be true or false (got {})",
                json_to_value(other).describe()
            )))
        }
    }
    let mut notes: Vec<String> = object
        .keys()
        .filter(|k| !KEYS.contains(&k.as_str()))
        .take(8)
        .map(|k| format!("`{}` is not a solve key, ignored", Value::Str(k.clone()).describe().trim_matches('\'')))
        .collect();
    match object.get("limits") {
        None | Some(Json::Null) => {}
        Some(Json::Object(limits)) => {
            let mut given_output_padding = false;
            for (name, value) in limits {
                let value = integer(value, &format!("limits.{name}"))?;
                let slot = match name.as_str() {
                    "kernel_size" => &mut query.limits.kernel_size,
                    "stride" => &mut query.limits.stride,
                    "dilation" => &mut query.limits.dilation,
                    "padding" => &mut query.limits.padding,
                    "output_padding" => {
                        given_output_padding = true;
                        &mut query.limits.output_padding
                    }
                    _ => {
                        notes.push(format!(
                            "limits.{} is not a limit (kernel_size, stride, dilation, padding, output_padding), ignored",
                            Value::Str(name.clone()).describe().trim_matches('\'')
                        ));
                        continue;
                    }
                };
                *slot = value;
            }
            if !given_output_padding {
                // No framework takes output_padding of max(stride, dilation) or more.
                let Limits { stride, dilation, .. } = query.limits;
                query.limits.output_padding = (stride.max(dilation) - 1).clamp(0, i64::MAX);
            }
        }
        Some(other) => {
            return Err(ConvError::malformed(format!(
                "\"limits\" must be an object like {{\"kernel_size\": 16}} (got {})",
                json_to_value(other).describe()
            )))
        }
    }
    Ok((query, notes))
}

/// Answer one line of `convt solve` input. Never panics; every failure is an error answer.
pub fn solve_line(line: &str) -> String {
    if line.trim().is_empty() {
        return error_json(&ConvError::malformed("an empty line: each line must be one JSON solve request"))
            .to_string();
    }
    let object = match serde_json::from_str::<Json>(line) {
        Ok(Json::Object(object)) => object,
        Ok(other) => {
            return error_json(&ConvError::malformed(format!(
                "each line must be a JSON object (got {})",
                json_to_value(&other).describe()
            )))
            .to_string()
        }
        Err(e) => return error_json(&ConvError::malformed(format!("the line is not valid JSON: {e}"))).to_string(),
    };
    let answered = parse_query(&object).and_then(|(query, notes)| {
        let mut answer = solve(&query)?;
        answer.notes.splice(0..0, notes);
        Ok(answer_json(&answer).to_string())
    });
    answered.unwrap_or_else(|error| error_json(&error).to_string())
}
