//! Why the framework rejects the current settings, beside the stage (which keeps drawing the
//! last layer that worked), in the framework's own words.

use leptos::prelude::*;

use crate::ui::state::use_lab;

/// Why the framework rejects the current settings (the stage keeps the last valid frame).
#[component]
pub fn ParamError() -> impl IntoView {
    let lab = use_lab();
    move || {
        lab.layer.get().err().map(|error| {
            view! {
                <div class="error" data-testid="param-error" role="alert">
                    <strong>{move || lab.state.with(|s| s.framework.display_name())} " rejects this: "</strong>
                    {error.message}
                    <small>" The stage shows the last layer that worked."</small>
                </div>
            }
        })
    }
}
