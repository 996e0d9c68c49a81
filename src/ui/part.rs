//! A part of the page that a lazily loaded module builds.

use leptos::prelude::*;

/// Builds a part of the page from the module that holds it (a plain function pointer, so the
/// first module carries no code of the part).
pub type PartBuilder = fn() -> AnyView;
