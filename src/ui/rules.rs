//! The frameworks' rules as the app has them: PyTorch's plain states from the first module,
//! every dialect once its module (about 120 KB gzipped) has loaded. A link in PyTorch's terms
//! never fetches the others.

#[cfg(feature = "split")]
use leptos::prelude::lazy;

use crate::conv::app::query::AppState;
use crate::conv::dialects::settings::Field;
use crate::conv::dialects::{pytorch, resolve_pytorch, resolve_with, Dialect};
use crate::conv::{ConvError, Framework, Layer, Op};

/// The registry of every framework's dialect (`Framework::dialect`), as a plain function
/// pointer: once loaded, layers resolve synchronously.
pub type Dialects = fn(Framework) -> &'static Dialect;

/// Every dialect, loaded before the first frame that names a framework besides PyTorch.
#[cfg_attr(feature = "split", lazy)]
pub async fn load_dialects() -> Dialects {
    let dialects: Dialects = Framework::dialect;
    dialects
}

/// What the state resolves to.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Layer(Layer),
    /// The framework rejects the settings: its rule, in its words.
    Rejected(ConvError),
    /// The framework's rules are still loading: neither a layer nor an error yet.
    Loading,
}

impl Resolved {
    pub fn ok(self) -> Option<Layer> {
        match self {
            Resolved::Layer(layer) => Some(layer),
            _ => None,
        }
    }

    pub fn err(self) -> Option<ConvError> {
        match self {
            Resolved::Rejected(error) => Some(error),
            _ => None,
        }
    }
}

/// A PyTorch state the first module's `pytorch::resolve_form` answers.
fn is_plain_torch(state: &AppState) -> bool {
    state.framework == Framework::Pytorch && pytorch::is_plain(&state.settings())
}

/// Another framework, or a PyTorch state with a zero or negative number somewhere, which only
/// the full dialect answers.
pub fn needs_dialects(state: &AppState) -> bool {
    !is_plain_torch(state)
}

/// The state's layer with what is loaded: any framework once the dialects are, PyTorch before.
pub fn resolve(dialects: Option<Dialects>, state: &AppState) -> Resolved {
    let answer = match dialects {
        Some(dialects) => {
            let dialect = dialects(state.framework);
            resolve_with(dialect, &(dialect.request)(&state.settings()))
        }
        None if is_plain_torch(state) => resolve_pytorch(&pytorch::request(&state.settings())),
        None => return Resolved::Loading,
    };
    match answer {
        Ok(layer) => Resolved::Layer(layer),
        Err(error) => Resolved::Rejected(error),
    }
}

/// The parameter panel's fields for the state's framework and op (none while loading).
pub fn fields(dialects: Option<Dialects>, framework: Framework, op: Op, rank: usize) -> Vec<Field> {
    match dialects {
        Some(dialects) => (dialects(framework).fields)(op, rank),
        None if framework == Framework::Pytorch => pytorch::fields(op, rank),
        None => Vec::new(),
    }
}

/// The state's layer as a line of code in its framework (empty while loading).
pub fn code_line(dialects: Option<Dialects>, state: &AppState) -> String {
    match dialects {
        Some(dialects) => (dialects(state.framework).code_line)(&state.settings()),
        None if state.framework == Framework::Pytorch => pytorch::code_line(&state.settings()),
        None => String::new(),
    }
}
