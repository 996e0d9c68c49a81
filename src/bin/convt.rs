//! `convt`: the convt-lab core on the command line.
//!
//! `convt eval [FILE]` answers JSON Lines (Contract 1); `convt shape …` explains one layer.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(native::run(std::env::args().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::fs::File;
    use std::io::{self, BufRead, BufReader, Write};

    use convt_lab::cli::{eval_line, shape_command};

    const USAGE: &str = "\
convt — exact shapes of (transposed) convolutions in every framework

usage:
  convt eval [FILE]     answer JSON Lines requests (stdin when no FILE), one answer line per line
  convt shape ARGS      explain one layer: output shape, the formula with numbers, notes
  convt bench [RUNS]    time the engine on the benchmark layers (see scripts/bench-engine.sh)
  convt help            this text

`convt shape --help` lists its arguments.";

    pub fn run(args: Vec<String>) -> i32 {
        match args.first().map(String::as_str) {
            Some("eval") => eval(args.get(1).map(String::as_str)),
            Some("shape") => {
                if args.iter().any(|a| a == "--help" || a == "-h") {
                    println!("{}", shape_command::USAGE);
                    return 0;
                }
                let (text, accepted) = shape_command::run(&args[1..]);
                print!("{text}");
                if accepted {
                    0
                } else {
                    1
                }
            }
            Some("bench") => {
                let runs = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(15);
                print!("{}", convt_lab::cli::bench::run_all(runs));
                0
            }
            Some("help" | "--help" | "-h") => {
                println!("{USAGE}");
                0
            }
            _ => {
                eprintln!("{USAGE}");
                2
            }
        }
    }

    /// Answer every line, flushing as it goes; a bad line gets an error answer, never an abort.
    fn eval(path: Option<&str>) -> i32 {
        let reader: Box<dyn BufRead> = match path {
            None | Some("-") => Box::new(BufReader::new(io::stdin())),
            Some(path) => match File::open(path) {
                Ok(file) => Box::new(BufReader::new(file)),
                Err(e) => {
                    eprintln!("convt eval: cannot open {path}: {e}");
                    return 2;
                }
            },
        };
        let stdout = io::stdout();
        let mut out = stdout.lock();
        for line in reader.split(b'\n') {
            let line = match line {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("convt eval: read error: {e}");
                    return 2;
                }
            };
            // Invalid UTF-8 is answered like any other malformed line.
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches('\r');
            let answer = eval_line(text);
            if writeln!(out, "{answer}").and_then(|_| out.flush()).is_err() {
                return 0; // the reader went away
            }
        }
        0
    }
}
