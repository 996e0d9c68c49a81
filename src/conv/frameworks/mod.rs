//! One dialect per framework: its argument names, defaults, rules and messages, translated once
//! into the canonical geometry by its `resolve` function.

mod common;
pub mod pytorch;

use super::error::ConvResult;
use super::layer::{Layer, Request};

/// Every framework (and legacy API) convt-lab speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Framework {
    Pytorch,
}

impl Framework {
    /// In the order the UI and the framework table list them.
    pub const ALL: [Framework; 1] = [Framework::Pytorch];

    /// The identifier used in requests and URLs (`pytorch`, `keras2` …).
    pub fn id(self) -> &'static str {
        match self {
            Framework::Pytorch => "pytorch",
        }
    }

    /// The name people know it by.
    pub fn display_name(self) -> &'static str {
        match self {
            Framework::Pytorch => "PyTorch",
        }
    }

    /// Parse an identifier; `None` when it names no framework convt-lab knows.
    pub fn from_id(id: &str) -> Option<Framework> {
        Framework::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// Resolve a request with its framework's dialect.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    match request.framework {
        Framework::Pytorch => pytorch::resolve(request),
    }
}
