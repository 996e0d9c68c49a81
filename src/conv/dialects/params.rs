//! Arguments exactly as a user passes them to a framework, and a reader that checks their types.
//!
//! The CLI builds [`Params`] from JSON and the app builds them from the share URL, so each
//! dialect parses its arguments in one place whatever the source. Values keep the user's form
//! (scalar or per-axis list, `"same"` or explicit pairs) until the dialect interprets them.

use crate::conv::error::{ConvError, ConvResult};

/// One argument value, in the shapes Python call sites use.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// A number that is not an `i64` (a fraction, or an integer beyond 2^63), as its source wrote
    /// it: no dialect takes one, so it is only ever reported (and the app never prints a float).
    Float(String),
    Str(String),
    List(Vec<Value>),
    /// A JSON object; no dialect takes one, so it is only ever reported.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// A short description for error messages: `2.5`, `"same"`, `a list of 3 values`.
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(x) => x.clone(),
            // Quoted as Python prints a str (`'same'`), not through Rust's Debug, whose escaping
            // tables would join the app's first module.
            Value::Str(s) => format!("'{}'", truncate(s, 40).replace('\\', "\\\\").replace('\'', "\\'")),
            Value::List(items) if items.len() <= 8 => {
                let parts: Vec<String> = items.iter().map(Value::describe).collect();
                format!("[{}]", parts.join(", "))
            }
            Value::List(items) => format!("a list of {} values", items.len()),
            Value::Map(_) => "an object".to_string(),
        }
    }

    /// The integers of a flat list of integers (or of a single integer), else `None`.
    pub fn as_ints(&self) -> Option<Vec<i64>> {
        match self {
            Value::Int(i) => Some(vec![*i]),
            Value::List(items) => items
                .iter()
                .map(|v| match v {
                    Value::Int(i) => Some(*i),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max).collect();
        format!("{head}…")
    }
}

/// The `params` of a request, in the order given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params {
    pub entries: Vec<(String, Value)>,
}

impl Params {
    pub fn new() -> Self {
        Params::default()
    }

    /// Builder form: `Params::new().with("stride", Value::Int(2))`.
    pub fn with(mut self, name: &str, value: Value) -> Self {
        self.set(name, value);
        self
    }

    /// Replace or append one argument.
    pub fn set(&mut self, name: &str, value: Value) {
        match self.entries.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name.to_string(), value)),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// How many entries a per-axis argument may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerAxis {
    /// A bare integer is broadcast to every axis.
    pub scalar: bool,
    /// A one-element list is broadcast to every axis.
    pub single: bool,
    /// A list of `rank + 2` with the batch/channel entries (TensorFlow's `strides`).
    pub with_batch_and_channels: bool,
}

impl PerAxis {
    /// An int or a list of one per spatial axis.
    pub const INT_OR_LIST: PerAxis = PerAxis { scalar: true, single: false, with_batch_and_channels: false };
    /// An int, a one-element list, or one per axis (PyTorch's C++ layer, Keras' `normalize_tuple`).
    pub const INT_OR_SINGLE_OR_LIST: PerAxis = PerAxis { scalar: true, single: true, with_batch_and_channels: false };
    /// Only a list of one per spatial axis (ONNX attributes).
    pub const LIST: PerAxis = PerAxis { scalar: false, single: false, with_batch_and_channels: false };
}

/// Reads one dialect's arguments, remembering which were used so the rest can be reported.
pub struct ArgReader<'a> {
    framework: &'static str,
    params: &'a Params,
    used: Vec<bool>,
}

impl<'a> ArgReader<'a> {
    pub fn new(framework: &'static str, params: &'a Params) -> Self {
        ArgReader { framework, params, used: vec![false; params.entries.len()] }
    }

    /// Whether the user passed `name` at all (a `null` counts as not passed).
    pub fn has(&self, name: &str) -> bool {
        matches!(self.params.get(name), Some(v) if *v != Value::Null)
    }

    /// Whether the user passed `name` as `null` (Python's `None`). Frameworks that take `None`
    /// as "use the default" read it as absent; those that raise on `None` (a `TypeError` in
    /// PyTorch) check this first.
    pub fn is_null(&self, name: &str) -> bool {
        matches!(self.params.get(name), Some(Value::Null))
    }

    /// The raw value of `name` (marks it as used); `null` reads as absent.
    pub fn value(&mut self, name: &str) -> Option<&'a Value> {
        let index = self.params.entries.iter().position(|(n, _)| n == name)?;
        self.used[index] = true;
        match &self.params.entries[index].1 {
            Value::Null => None,
            v => Some(v),
        }
    }

    fn wrong_type(&self, name: &str, wanted: &str, got: &Value) -> ConvError {
        ConvError::rejected(format!("`{name}` must be {wanted} in {} (got {})", self.framework, got.describe()))
    }

    /// An integer argument.
    pub fn int(&mut self, name: &str) -> ConvResult<Option<i64>> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Int(i)) => Ok(Some(*i)),
            Some(other) => Err(self.wrong_type(name, "an integer", other)),
        }
    }

    /// A boolean argument.
    pub fn boolean(&mut self, name: &str) -> ConvResult<Option<bool>> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong_type(name, "true or false", other)),
        }
    }

    /// A string argument.
    pub fn string(&mut self, name: &str) -> ConvResult<Option<String>> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.wrong_type(name, "a string", other)),
        }
    }

    /// A per-axis integer argument, expanded to `rank` values.
    pub fn per_axis(&mut self, name: &str, rank: usize, form: PerAxis) -> ConvResult<Option<Vec<i64>>> {
        let Some(value) = self.value(name) else {
            return Ok(None);
        };
        self.expand(name, value, rank, form).map(Some)
    }

    /// Expand an already-read value as a per-axis argument.
    pub fn expand(&self, name: &str, value: &Value, rank: usize, form: PerAxis) -> ConvResult<Vec<i64>> {
        let wanted = self.per_axis_wording(rank, form);
        match value {
            Value::Int(i) if form.scalar => Ok(vec![*i; rank]),
            Value::List(_) => {
                let Some(ints) = value.as_ints() else {
                    return Err(self.wrong_type(name, &wanted, value));
                };
                match ints.len() {
                    n if n == rank => Ok(ints),
                    1 if form.single => Ok(vec![ints[0]; rank]),
                    n if form.with_batch_and_channels && n == rank + 2 => Ok(ints),
                    _ => Err(self.wrong_type(name, &wanted, value)),
                }
            }
            other => Err(self.wrong_type(name, &wanted, other)),
        }
    }

    fn per_axis_wording(&self, rank: usize, form: PerAxis) -> String {
        let mut options = Vec::new();
        if form.scalar {
            options.push("an integer".to_string());
        }
        if form.single {
            options.push("a list of 1".to_string());
        }
        options.push(format!("a list of {rank} integers (one per spatial axis)"));
        if form.with_batch_and_channels {
            options.push(format!("a list of {}", rank + 2));
        }
        options.join(" or ")
    }

    /// Notes for arguments the dialect never read: ignored, as promised by Contract 1.
    pub fn unknown_notes(&self) -> Vec<String> {
        self.params
            .entries
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((name, _), _)| format!("unknown argument `{}` for {}, ignored", truncate(name, 40), self.framework))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_axis_forms() {
        let params = Params::new()
            .with("stride", Value::Int(2))
            .with("pads", Value::List(vec![Value::Int(1)]))
            .with("foo", Value::Int(1));
        let mut reader = ArgReader::new("PyTorch", &params);
        assert_eq!(reader.per_axis("stride", 2, PerAxis::INT_OR_LIST).unwrap(), Some(vec![2, 2]));
        assert!(reader.per_axis("pads", 2, PerAxis::LIST).is_err());
        assert_eq!(reader.unknown_notes(), vec!["unknown argument `foo` for PyTorch, ignored"]);
    }
}
