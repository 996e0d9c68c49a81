//! `convt bench-solve`: time `convt solve` on the questions in every framework (one JSON
//! line per case: median and slowest of the runs, the count, the layers resolved).
//!
//! scripts/bench-solve.sh prints them as a table. The time is the solve alone (the JSON answer
//! is not written), natively, in the build the script makes.

use std::time::Instant;

use crate::conv::app::solve::{solve, Query};
use crate::conv::{Framework, Op};

/// One timed question.
struct Case {
    name: String,
    query: Query,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for &framework in Framework::ALL {
        let transposed = Query::new(framework, Op::ConvTranspose, vec![20, 20], vec![200, 200]);
        out.push(Case { name: format!("{} convT 20x20 -> 200x200", framework.id()), query: transposed });
    }
    for framework in [Framework::Pytorch, Framework::Keras, Framework::Tensorflow, Framework::Onnx] {
        let forward = Query::new(framework, Op::Conv, vec![200, 200], vec![20, 20]);
        out.push(Case { name: format!("{} conv 200x200 -> 20x20", framework.id()), query: forward.clone() });
        let paired = Query { pair: true, ..forward };
        out.push(Case { name: format!("{} conv 200x200 -> 20x20, pair", framework.id()), query: paired });
    }
    let caffe = Query::new(Framework::Caffe, Op::ConvTranspose, vec![28, 28], vec![56, 56]);
    out.push(Case { name: "caffe convT 28x28 -> 56x56".into(), query: caffe });
    out
}

/// Run every case `runs` times after one warm-up; one JSON line each.
pub fn run_all(runs: usize) -> String {
    let mut out = String::new();
    for case in cases() {
        let warm = solve(&case.query);
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let _ = solve(&case.query);
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(|a, b| a.total_cmp(b));
        let (count, listed, resolved) = match &warm {
            Ok(answer) => (answer.count.to_string(), answer.solutions.len(), answer.resolved),
            Err(e) => (format!("\"error: {}\"", e.message.replace('"', "'")), 0, 0),
        };
        out.push_str(&format!(
            "{{\"case\": \"{}\", \"median_ms\": {:.2}, \"max_ms\": {:.2}, \"count\": {count}, \"listed\": {listed}, \"resolved\": {resolved}}}\n",
            case.name,
            times[times.len() / 2],
            times[times.len() - 1]
        ));
    }
    out
}
