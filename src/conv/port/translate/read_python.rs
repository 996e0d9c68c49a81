//! A layer as pasted Python: a constructor or functional call, an assignment
//! (`self.up = nn.ConvTranspose2d(…)`), a layer applied to a tensor (`x = layers.Conv2DTranspose(…)(x)`),
//! `model.add(…)`, or a module followed by its forward call (`up(x, output_size=…)`). Names the text
//! binds first (`h = 14`, `x = torch.randn(1, 512, h, h)`) are read too.

use super::recognise::{self, Found};
use super::{did_you_mean, Paste, Reading};
use crate::conv::dialects::params::{Params, Value};
use crate::conv::dialects::{Framework, Request};
use crate::conv::geometry::axis::Op;
use crate::conv::port::python::{self, evaluate, short, Argument, Call, Expr, Names, Place, SyntaxError};

fn error(place: Place, message: impl Into<String>) -> SyntaxError {
    SyntaxError { place, message: message.into() }
}

/// A layer call found in the text, with the call that applies it, if any.
struct Found1<'a> {
    found: Found,
    call: &'a Call,
    /// The name the layer was assigned to (`self.up`), to find its forward call later.
    target: Option<String>,
    applied: Option<&'a Call>,
}

/// What the text bound before the layer.
#[derive(Default)]
struct Scope {
    names: Names,
    /// Tensors made in the text (`x = torch.randn(1, 3, 8, 8)`), by name, with their shapes.
    tensors: Vec<(String, Vec<i64>)>,
    /// Assignments read once the input's shape is known (`batch = tf.shape(x)[0]`), in order.
    deferred: Vec<(String, Expr)>,
}

impl Scope {
    /// The layer's input is `name`, of `shape`: read the assignments that needed it.
    fn know_input(&mut self, name: String, shape: Vec<i64>) {
        self.tensors.push((name, shape));
        for (target, expr) in std::mem::take(&mut self.deferred) {
            let value = evaluate(&expr, &self.names).ok().or_else(|| shape_value(&expr, self));
            if let Some(value) = value {
                self.names.push((target, value));
            }
        }
    }
}

/// `tf.shape(x)`, `x.shape`, `tf.shape(x)[0]`, `x.shape[-1]` of a tensor whose shape is known.
fn shape_value(expr: &Expr, scope: &Scope) -> Option<Value> {
    let shape_of = |expr: &Expr| -> Option<Vec<i64>> {
        let tensor = match expr {
            Expr::Attribute(base, name, _) if name == "shape" => base,
            Expr::Call(call) if call.callee.dotted_name()?.rsplit('.').next() == Some("shape") => {
                &call.arguments.first()?.value
            }
            _ => return None,
        };
        let name = tensor.dotted_name()?;
        scope.tensors.iter().rev().find(|(n, _)| *n == name).map(|(_, shape)| shape.clone())
    };
    match expr {
        Expr::Index(base, index, _) => {
            let shape = shape_of(base)?;
            let Value::Int(i) = evaluate(index, &scope.names).ok()? else { return None };
            let i = if i < 0 { i.checked_add(i64::try_from(shape.len()).ok()?)? } else { i };
            shape.get(usize::try_from(i).ok()?).map(|&d| Value::Int(d))
        }
        _ => shape_of(expr).map(|shape| Value::List(shape.into_iter().map(Value::Int).collect())),
    }
}

/// Every call in `expr`, outermost first.
fn calls_in<'a>(expr: &'a Expr, out: &mut Vec<&'a Call>) {
    match expr {
        Expr::Call(call) => {
            out.push(call);
            calls_in(&call.callee, out);
            for argument in &call.arguments {
                calls_in(&argument.value, out);
            }
        }
        Expr::Attribute(base, _, _) | Expr::Negate(base, _) => calls_in(base, out),
        Expr::Tuple(items, _) | Expr::List(items, _) => items.iter().for_each(|item| calls_in(item, out)),
        Expr::Dict(entries, _) => entries.iter().for_each(|(k, v)| {
            calls_in(k, out);
            calls_in(v, out);
        }),
        Expr::Index(base, index, _) | Expr::Binary(_, base, index, _) => {
            calls_in(base, out);
            calls_in(index, out);
        }
        Expr::Int(..) | Expr::Float(..) | Expr::Str(..) | Expr::Name(..) => {}
    }
}

/// `nn.ConvTranspose2d` → (`nn`, `ConvTranspose2d`); `None` when the callee is not a dotted name.
fn split_name(callee: &Expr) -> Option<(String, String)> {
    let dotted = callee.dotted_name()?;
    Some(match dotted.rsplit_once('.') {
        Some((prefix, last)) => (prefix.to_string(), last.to_string()),
        None => (String::new(), dotted),
    })
}

/// Calls that make a tensor of a given shape: `torch.randn(1, 3, 8, 8)`, `np.zeros((1, 8, 8, 3))`,
/// `tf.random.normal([…])`, `keras.Input(shape=(8, 8, 3))` (its batch left out).
const TENSOR_MAKERS: [&str; 12] = [
    "zeros",
    "ones",
    "randn",
    "rand",
    "empty",
    "normal",
    "uniform",
    "full",
    "placeholder",
    "Input",
    "Variable",
    "Parameter",
];

/// The shape of a tensor-making call, when its arguments say it.
fn tensor_shape(call: &Call, scope: &Scope) -> Option<Vec<i64>> {
    let (_, name) = split_name(&call.callee)?;
    if !TENSOR_MAKERS.contains(&name.as_str()) {
        return None;
    }
    let ints = |value: Value| -> Option<Vec<i64>> {
        match value {
            Value::List(items) => items
                .iter()
                .map(|v| match v {
                    Value::Int(i) => Some(*i),
                    Value::Null => Some(1),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    };
    let keyword = |names: &[&str]| {
        call.arguments.iter().find(|a| a.keyword.as_ref().is_some_and(|(k, _)| names.contains(&k.as_str())))
    };
    if name == "Input" {
        let shape = ints(evaluate(&keyword(&["shape"])?.value, &scope.names).ok()?)?;
        return Some([vec![1], shape].concat());
    }
    if let Some(argument) = keyword(&["shape", "size"]) {
        return ints(evaluate(&argument.value, &scope.names).ok()?);
    }
    let positional: Vec<&Argument> = call.arguments.iter().filter(|a| a.keyword.is_none() && !a.unpacked).collect();
    // `tf.Variable(tf.zeros(…))`, `nn.Parameter(torch.randn(…))`.
    if let Some(Expr::Call(inner)) = positional.first().map(|a| &a.value) {
        return tensor_shape(inner, scope);
    }
    let values: Vec<Value> = positional.iter().filter_map(|a| evaluate(&a.value, &scope.names).ok()).collect();
    if !values.is_empty() && values.iter().all(|v| matches!(v, Value::Int(_))) {
        return ints(Value::List(values));
    }
    // `jax.random.normal(key, (1, 8, 8, 3))`: the first list of integers.
    values.into_iter().find_map(ints)
}

/// The shape of a tensor argument, when the text makes it.
fn operand_shape(expr: &Expr, scope: &Scope) -> Option<Vec<i64>> {
    match expr {
        Expr::Call(call) => tensor_shape(call, scope),
        _ => {
            let name = expr.dotted_name()?;
            scope.tensors.iter().rev().find(|(n, _)| *n == name).map(|(_, shape)| shape.clone())
        }
    }
}

/// Read the layers in the text; the first is the one translated.
fn find_layers<'a>(
    statements: &'a [python::Statement],
    paste: &Paste,
    scope: &mut Scope,
) -> Result<Vec<Found1<'a>>, SyntaxError> {
    let mut layers: Vec<Found1<'a>> = Vec::new();
    let mut unknown: Option<(String, Place)> = None;
    for statement in statements {
        let mut calls = Vec::new();
        calls_in(&statement.value, &mut calls);
        let first_new = layers.len();
        for call in &calls {
            let Some((prefix, name)) = split_name(&call.callee) else { continue };
            let candidates = recognise::named(&name, &call.arguments, paste.from);
            if let Some(found) = recognise::choose(&candidates, &prefix, &call.arguments, paste.text) {
                let whole = matches!(&statement.value, Expr::Call(c) if std::ptr::eq(&**c, *call));
                let target = statement.target.as_ref().filter(|_| whole).map(|(t, _)| t.clone());
                layers.push(Found1 { found, call, target, applied: None });
            } else if let Some(layer) =
                layers.iter_mut().find(|l| l.target.as_deref() == Some(prefix_name(&prefix, &name).as_str()))
            {
                layer.applied.get_or_insert(call);
            } else if unknown.is_none() && name.to_ascii_lowercase().contains("conv") {
                unknown = Some((name, call.place));
            }
        }
        // `Conv2DTranspose(…)(x)`: the outer call applies the layer.
        for call in &calls {
            if let Expr::Call(inner) = &call.callee {
                if let Some(layer) = layers[first_new..].iter_mut().find(|l| std::ptr::eq(l.call, &**inner)) {
                    layer.applied = Some(call);
                }
            }
        }
        if let Some((target, _)) = &statement.target {
            let value = &statement.value;
            let is_layer =
                matches!(value, Expr::Call(c) if layers[first_new..].iter().any(|l| std::ptr::eq(l.call, &**c)));
            let made = match value {
                Expr::Call(call) if !is_layer => tensor_shape(call, scope),
                _ => None,
            };
            if let Some(shape) = made {
                scope.tensors.push((target.clone(), shape));
            } else if !is_layer {
                match (evaluate(value, &scope.names), target.contains(", ")) {
                    // `h, w = 28, 28`
                    (Ok(Value::List(items)), true) if items.len() == target.split(", ").count() => {
                        scope.names.extend(target.split(", ").map(str::to_string).zip(items));
                    }
                    (Ok(value), false) => scope.names.push((target.clone(), value)),
                    _ => scope.deferred.push((target.clone(), value.clone())),
                }
            }
        }
    }
    if layers.is_empty() {
        let from = paste.from.map(|f| format!("{}'s ", f.display_name())).unwrap_or_default();
        return Err(match unknown {
            Some((name, place)) => {
                let hint = did_you_mean(&name, recognise::all_names(paste.from).into_iter());
                error(place, format!("`{}` is not a {from}convolution call convt-lab knows{hint}", short(&name)))
            }
            None => error(
                Place { line: 1, column: 1, ..Place::default() },
                format!(
                    "no {from}convolution layer found: paste one call such as nn.ConvTranspose2d(256, 128, 4, stride=2, \
                     padding=1) or layers.Conv2DTranspose(128, 4, strides=2, padding='same')"
                ),
            ),
        });
    }
    Ok(layers)
}

/// The name a forward call is written with: `up(x)` → `up`, `self.up(x)` → `self.up`.
fn prefix_name(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Arguments bound to the signature's parameter names, each with the expression written.
fn bind<'a>(
    parameters: &[&'static str],
    positional: usize,
    call: &'a Call,
    what: &str,
) -> Result<Vec<(&'static str, &'a Expr)>, SyntaxError> {
    let mut bound: Vec<(&'static str, &'a Expr)> = Vec::new();
    let mut position = 0;
    for argument in &call.arguments {
        if argument.unpacked {
            return Err(error(
                argument.value.place(),
                "`*args` and `**kwargs` cannot be read here: write the arguments out",
            ));
        }
        let name = match &argument.keyword {
            None => {
                position += 1;
                match parameters.get(position - 1).filter(|_| position <= positional) {
                    Some(name) => *name,
                    None => {
                        return Err(error(
                            argument.value.place(),
                            format!(
                                "{what} takes at most {positional} arguments by position; this is argument {position}"
                            ),
                        ))
                    }
                }
            }
            Some((keyword, place)) => match parameters.iter().find(|p| **p == keyword.as_str()) {
                Some(name) => *name,
                None => {
                    let hint = did_you_mean(keyword, parameters.iter().copied());
                    let hint =
                        if hint.is_empty() { format!("; its arguments are {}", parameters.join(", ")) } else { hint };
                    return Err(error(
                        *place,
                        format!("`{}=…`: {what} has no argument `{}`{hint}", short(keyword), short(keyword)),
                    ));
                }
            },
        };
        if bound.iter().any(|(n, _)| *n == name) {
            return Err(error(
                argument.value.place(),
                format!("{what} got two values for `{name}` (by position and by keyword)"),
            ));
        }
        bound.push((name, &argument.value));
    }
    Ok(bound)
}

/// Read a pasted Python layer.
pub fn read(paste: &Paste) -> Result<Reading, SyntaxError> {
    let text = without_prompts(paste.text);
    let statements = python::parse(&text)?;
    let mut scope = Scope::default();
    let layers = find_layers(&statements, paste, &mut scope)?;
    let mut notes = Vec::new();
    // The layer people paste a model for here is its transposed one (the first, in a decoder).
    let chosen = layers.iter().position(|l| l.found.signature.op == Op::ConvTranspose).unwrap_or(0);
    let layer = &layers[chosen];
    if layers.len() > 1 {
        let kind = if layer.found.signature.op == Op::ConvTranspose { "the first transposed one" } else { "the first" };
        notes.push(format!(
            "the text has {} convolution layers; this is {kind}, {} on line {}",
            layers.len(),
            layer.found.signature.name,
            layer.call.place.line
        ));
    }
    let (framework, signature) = (layer.found.framework, layer.found.signature);
    let what = format!("{}'s {}", framework.display_name(), signature.name);
    let mut params = Params::new();
    let mut input_shape = None;
    let mut weight_shape = None;
    let mut read = vec![layer.call.place];
    let tensors = signature.tensors;
    // The weight as written (`w`, `filter`): a variable whose shape must come with the request.
    let mut weight_written: Option<&str> = None;
    let mut tensors_given: Vec<&[&str]> = Vec::new();
    let bound = bind(signature.parameters, signature.positional, layer.call, &what)?;
    let missing: Vec<&str> = signature.parameters[..signature.required.min(signature.parameters.len())]
        .iter()
        .copied()
        .filter(|p| !bound.iter().any(|(name, _)| name == p))
        .collect();
    if !missing.is_empty() {
        return Err(error(
            layer.call.place,
            format!("{what} needs `{}` (Python refuses the call without it)", missing.join("`, `")),
        ));
    }
    // `tf.stack([tf.shape(x)[0], 56, 56, 256])`: the text may size things by the input.
    if let Some((_, input)) = bound.iter().find(|(name, _)| tensors.input.contains(name)) {
        let shape = paste.input_shape.clone().or_else(|| operand_shape(input, &scope));
        if let (Some(name), Some(shape)) = (input.dotted_name(), shape) {
            scope.know_input(name, shape);
        }
    }
    for (name, expr) in bound {
        let tensor = [tensors.input, tensors.weight, tensors.bias].into_iter().find(|names| names.contains(&name));
        if let Some(names) = tensor {
            // TF 1's `value=` and `input=` are one tensor: TensorFlow refuses both.
            if tensors_given.iter().any(|given| std::ptr::eq(*given, names)) {
                return Err(error(
                    expr.place(),
                    format!("{what} takes `{}` once: {} are one argument", name, names.join(" and ")),
                ));
            }
            tensors_given.push(names);
            if is_literal(expr) {
                return Err(error(
                    expr.place(),
                    format!("`{name}=…`: {what} takes a tensor as `{name}`, not a number, string or truth value"),
                ));
            }
        }
        if tensors.input.contains(&name) {
            input_shape = operand_shape(expr, &scope);
        } else if tensors.weight.contains(&name) {
            weight_shape = operand_shape(expr, &scope);
            weight_written = Some(name);
        } else if tensors.bias.contains(&name) {
            params.set("bias", Value::Bool(!matches!(expr, Expr::Name(n, _) if n == "None")));
        } else if name == tensors.operands {
            let (weight, bias) = operand_names(expr, &scope, name)?;
            weight_written = weight.then_some(name);
            params.set("bias", Value::Bool(bias));
        } else if !signature.ignored.contains(&name) {
            params.set(name, argument_value(expr, &scope, paste.text)?);
        }
    }
    if let Some(applied) = layer.applied {
        read.push(applied.place);
        let what = format!("calling {}'s {}", framework.display_name(), signature.name);
        for (name, expr) in bind(signature.applied, signature.applied.len(), applied, &what)? {
            if Some(&name) == signature.applied.first() {
                input_shape = input_shape.or_else(|| operand_shape(expr, &scope));
            } else {
                params.set(name, argument_value(expr, &scope, paste.text)?);
            }
        }
    }
    if let Some(backend) = &paste.backend {
        params.set("backend", Value::Str(backend.clone()));
    }
    let input_shape = match (&paste.input_shape, input_shape) {
        (Some(given), Some(text)) if *given != text => {
            notes.push(format!("the input shape given with the request, {given:?}, is used; the text's is {text:?}"));
            given.clone()
        }
        (Some(given), _) => given.clone(),
        (None, Some(text)) => text,
        (None, None) => declared_input(&params, &mut notes).ok_or_else(|| {
            error(
                layer.call.place,
                format!(
                    "the text does not say the input's shape: give input_shape with it ({})",
                    example_shape(framework)
                ),
            )
        })?,
    };
    let weight_shape = paste.weight_shape.clone().or(weight_shape);
    if let (Some(written), None) = (weight_written, &weight_shape) {
        return Err(error(
            layer.call.place,
            format!("`{written}` names the weight here: give weight_shape with the text (the kernel's full shape)"),
        ));
    }
    let rank = match signature.rank {
        0 => match input_shape.len().checked_sub(2).filter(|r| (1..=3).contains(r)) {
            Some(rank) => rank,
            None => {
                return Err(error(
                    layer.call.place,
                    format!(
                        "an input shape of {} dimensions: {} needs batch, channels and 1 to 3 spatial axes",
                        input_shape.len(),
                        signature.name
                    ),
                ))
            }
        },
        rank => rank,
    };
    let request = Request {
        framework,
        op: signature.op,
        rank,
        layout: None,
        api: Some(signature.api.to_string()),
        input_shape,
        weight_shape,
        params,
    };
    Ok(Reading { request, read, notes })
}

/// An argument's value; an object (`initializers.Normal(0.02)`, `tf.nn.relu`, or a name the text
/// bound to one) as the text writes it, for the dialect to take or refuse like any string.
fn argument_value(expr: &Expr, scope: &Scope, text: &str) -> Result<Value, SyntaxError> {
    let evaluated = evaluate(expr, &scope.names);
    let object = |expr: &Expr| match expr {
        Expr::Call(call) => call
            .callee
            .dotted_name()
            .and_then(|name| name.rsplit('.').next().map(|last| last.starts_with(|c: char| c.is_ascii_uppercase())))
            .unwrap_or(false),
        Expr::Attribute(..) => expr.dotted_name().is_some(),
        _ => false,
    };
    let is_object = object(expr)
        || matches!(expr, Expr::Name(name, _) if scope.deferred.iter().any(|(n, value)| n == name && object(value)));
    match evaluated {
        Err(_) if is_object => {
            let place = expr.place();
            let written = text.get(place.start..place.end).unwrap_or("an object");
            Ok(Value::Str(written.chars().take(80).collect()))
        }
        other => other,
    }
}

/// A number, string or `True`/`False` written where a tensor belongs.
fn is_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Int(..) | Expr::Float(..) | Expr::Str(..) => true,
        Expr::Negate(inner, _) => is_literal(inner),
        Expr::Name(name, _) => name == "True" || name == "False",
        _ => false,
    }
}

/// ONNX's `inputs=["X", "W", "B"]`: whether a weight and a bias are named (an empty name is an
/// input left out).
fn operand_names(expr: &Expr, scope: &Scope, name: &str) -> Result<(bool, bool), SyntaxError> {
    let named = |value: Option<&Value>| matches!(value, Some(Value::Str(s)) if !s.is_empty());
    match evaluate(expr, &scope.names)? {
        Value::List(items) if items.iter().all(|v| matches!(v, Value::Str(_))) => {
            Ok((named(items.get(1)), named(items.get(2))))
        }
        _ => Err(error(expr.place(), format!("`{name}` must list the operands' names, e.g. [\"X\", \"W\"]"))),
    }
}

/// The text with the interpreter's prompts (`>>> `, `... `, as the docs print examples) blanked
/// to spaces: same length, so every place still points into the pasted text.
fn without_prompts(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.lines().any(|l| l.trim_start().starts_with(">>>")) {
        return std::borrow::Cow::Borrowed(text);
    }
    let blank = |line: &str| {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        match [">>> ", "... ", ">>>", "..."].iter().find(|p| rest.starts_with(**p)) {
            Some(prompt) => format!("{}{}{}", &line[..indent], " ".repeat(prompt.len()), &rest[prompt.len()..]),
            None => line.to_string(),
        }
    };
    std::borrow::Cow::Owned(text.split('\n').map(blank).collect::<Vec<_>>().join("\n"))
}

/// Keras's `input_shape=(28, 28, 3)` (batch left out) or `batch_input_shape=(None, 28, 28, 3)`.
fn declared_input(params: &Params, notes: &mut Vec<String>) -> Option<Vec<i64>> {
    let ints = |value: &Value| -> Option<Vec<i64>> {
        let Value::List(items) = value else { return None };
        items
            .iter()
            .map(|v| match v {
                Value::Int(i) => Some(*i),
                Value::Null => Some(1),
                _ => None,
            })
            .collect()
    };
    if let Some(shape) = params.get("batch_input_shape").and_then(ints) {
        return Some(shape);
    }
    let shape = params.get("input_shape").and_then(ints)?;
    notes.push("the batch is taken as 1 (input_shape leaves it out)".to_string());
    Some([vec![1], shape].concat())
}

/// An example input shape in the framework's layout, for the message asking for one.
fn example_shape(framework: Framework) -> &'static str {
    match framework {
        Framework::Tensorflow | Framework::Keras | Framework::Keras2 | Framework::Jax => {
            "(N, H, W, C), e.g. [1, 28, 28, 512]"
        }
        _ => "(N, C, H, W), e.g. [1, 512, 28, 28]",
    }
}
