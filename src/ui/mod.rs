//! The browser app (wasm32 only). This first version shows the default layer's output size,
//! computed by the same core the CLI uses, so the wasm build and the browser tests run from day one.

use leptos::prelude::*;

use crate::conv::{resolve, Framework, Layer, Op, Params, Request, Value};

/// The default example: `nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)`
/// on a 3×3 input.
pub fn default_request() -> Request {
    Request {
        framework: Framework::Pytorch,
        op: Op::ConvTranspose,
        rank: 2,
        layout: None,
        api: Some("torch.nn.ConvTranspose2d".to_string()),
        input_shape: vec![1, 1, 3, 3],
        weight_shape: None,
        params: Params::new()
            .with("in_channels", Value::Int(1))
            .with("out_channels", Value::Int(1))
            .with("kernel_size", Value::Int(3))
            .with("stride", Value::Int(2))
            .with("padding", Value::Int(1))
            .with("output_padding", Value::Int(1)),
    }
}

fn size_text(layer: &Layer) -> String {
    layer.spatial_out().iter().map(|s| s.to_string()).collect::<Vec<_>>().join("x")
}

/// The app root.
#[component]
pub fn App() -> impl IntoView {
    let request = default_request();
    let result = resolve(&request);
    let code = "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)";
    let body = match result {
        Ok(layer) => {
            let size = size_text(&layer);
            let derivations = layer
                .derivations
                .iter()
                .map(|d| view! { <li><code>{d.formula.clone()}</code><br/><code>{d.substituted.clone()}</code></li> })
                .collect_view();
            view! {
                <p class="result">
                    "3×3 input → "
                    <strong data-testid="output-size" data-size=size.clone()>{size.replace('x', "×")}</strong>
                    " output"
                </p>
                <ol class="derivations">{derivations}</ol>
            }
            .into_any()
        }
        Err(error) => view! { <p data-testid="param-error">{error.message}</p> }.into_any(),
    };
    view! {
        <main>
            <h1>"convt-lab"</h1>
            <p class="lede">"Transposed convolution, exact and visible."</p>
            <pre class="code"><code>{code}</code></pre>
            {body}
        </main>
    }
}
