//! `convt`: the convt-lab core on the command line.
//!
//! `convt eval [FILE]` answers JSON Lines (Contract 1); `convt solve [FILE]` finds the layers
//! that reach a target size (Contract 5); `convt shape …` explains one layer.

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

    use convt_lab::cli::translate_command::translate_line;
    use convt_lab::cli::{eval_line, shape_command, solve_line};

    const USAGE: &str = "\
convt — exact shapes of (transposed) convolutions in every framework

usage:
  convt eval [FILE]     answer JSON Lines requests (stdin when no FILE), one answer line per line
  convt translate [FILE]
                        read pasted layers, one JSON line each: {\"text\": \"nn.ConvTranspose2d(512, 256, 4, 2, 1)\",
                        \"input_shape\": [1, 512, 28, 28]}, optionally \"from\", \"weight_shape\", \"backend\";
                        answers the request each reads as, its output shape, and every framework's equivalent
  convt solve [FILE]    every layer that reaches a target size, ranked; JSON Lines like eval
  convt shape ARGS      explain one layer: output shape, the formula with numbers, notes
  convt bench [RUNS]    time the engine on the benchmark layers (see scripts/bench-engine.sh)
  convt bench-solve [RUNS]  time convt solve on the issue's questions (see scripts/bench-solve.sh)
  convt help            this text

`convt shape --help` lists its arguments; `convt solve --help` its request.";

    const SOLVE_USAGE: &str = "\
convt solve [FILE] — every layer a framework accepts that reaches a target size

One JSON request per line (stdin when no FILE), one JSON answer per line:
  {\"framework\": \"keras\", \"op\": \"conv_transpose\", \"rank\": 2,
   \"input_size\": [20, 20], \"output_size\": [200, 200],
   \"limits\": {\"kernel_size\": 16, \"stride\": 16, \"dilation\": 4, \"padding\": 16},
   \"max_solutions\": 50}

  framework       pytorch tensorflow keras jax onnx caffe mxnet chainer paddle keras2 keras1
  backend         Keras 3: tensorflow (default), jax, torch; Keras 1: tensorflow, theano
  op              conv_transpose (default) or conv (then: what gives output_size from input_size)
  rank            1, 2 or 3 (default: the number of sizes)
  input_size      spatial sizes in, 1 to 2^40 each
  output_size     the target spatial sizes
  in_channels     input channels (default 1); out_channels: output channels (default 1)
  limits          per axis: kernel_size (default 16, at most 64), stride (16, at most 64),
                  dilation (4, at most 16), padding (16, at most 64; amounts and each side of a
                  begin/end pair), output_padding (max(stride, dilation) - 1, at most 63);
                  larger limits are lowered to the caps, with a note
  max_solutions   how many to list (default 50, at most 1000); count counts them all
  pair            true with op conv: each solution carries \"inverse\", the transposed layer
                  that gives the input size back from its output

Answer: {\"count\": N, \"solutions\": [{\"params\", \"code\", \"holes\", \"even_overlap\",
\"notes\", \"href\", \"request\"}, ...], \"explicit\": {\"argument\", \"params\", \"code\",
\"accepts\": [[low, high] per axis], ...} or null, \"notes\"}; with count 0 also \"nearest\":
[{\"below\", \"above\"} per axis]. Ranked: no holes and even overlap first, then the fewest
arguments beyond the defaults, then small kernels. Each \"request\" is a Contract 1 request
that convt eval resolves to the target.";

    /// The longest line `convt eval` reads (8 MiB): enough for a request carrying about a million
    /// values. A line is parsed into a JSON tree of about 80 bytes per number, so this keeps one
    /// line under a few hundred MB (64 MiB of `0,0,…` once took 2.5 GB); a longer line is answered
    /// with an error and skipped without being held in memory.
    const MAX_LINE: usize = 8 << 20;

    /// Write `text` to stdout. A reader that went away (`convt help | head`) ends the program
    /// quietly with 0; any other failure (`> /dev/full`) is reported and ends it with 1.
    fn emit(text: &str) -> Result<(), i32> {
        let mut out = io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(0),
            Err(e) => {
                eprintln!("convt: cannot write the output: {e}");
                Err(1)
            }
        }
    }

    pub fn run(args: Vec<String>) -> i32 {
        let wants_help = |rest: &[String]| rest.iter().any(|a| a == "--help" || a == "-h");
        let result = match args.first().map(String::as_str) {
            Some("eval") if wants_help(&args[1..]) => emit(&format!("{USAGE}\n")),
            Some("eval") => return answer_lines("eval", args.get(1).map(String::as_str), eval_line),
            Some("translate") if wants_help(&args[1..]) => emit(&format!("{USAGE}\n")),
            Some("translate") => return answer_lines("translate", args.get(1).map(String::as_str), translate_line),
            Some("solve") if wants_help(&args[1..]) => emit(&format!("{SOLVE_USAGE}\n")),
            Some("solve") => return answer_lines("solve", args.get(1).map(String::as_str), solve_line),
            Some("shape") if wants_help(&args[1..]) => emit(&format!("{}\n", shape_command::USAGE)),
            Some("shape") => {
                let (text, accepted) = shape_command::run(&args[1..]);
                emit(&text).and(if accepted { Ok(()) } else { Err(1) })
            }
            Some("bench") => match args.get(1).map(|r| r.parse::<usize>()) {
                None => emit(&convt_lab::cli::bench::run_all(15)),
                Some(Ok(runs)) if (1..=10_000).contains(&runs) => emit(&convt_lab::cli::bench::run_all(runs)),
                Some(_) => {
                    eprintln!("convt bench: RUNS must be a whole number from 1 to 10000 (got {:?})", args[1]);
                    Err(2)
                }
            },
            Some("bench-solve") => match args.get(1).map(|r| r.parse::<usize>()) {
                None => emit(&convt_lab::cli::bench_solve::run_all(15)),
                Some(Ok(runs)) if (1..=10_000).contains(&runs) => emit(&convt_lab::cli::bench_solve::run_all(runs)),
                Some(_) => {
                    eprintln!("convt bench-solve: RUNS must be a whole number from 1 to 10000 (got {:?})", args[1]);
                    Err(2)
                }
            },
            Some("help" | "--help" | "-h") => emit(&format!("{USAGE}\n")),
            Some(other) => {
                eprintln!("convt: unknown command {other:?}\n\n{USAGE}");
                Err(2)
            }
            None => {
                eprintln!("{USAGE}");
                Err(2)
            }
        };
        result.err().unwrap_or(0)
    }

    /// Read one line of at most [`MAX_LINE`] bytes into `line` (without its `\n`). Returns
    /// `Ok(None)` at the end of input, and `Ok(Some(len))` with the line's full length, which is
    /// more than `line` holds when the line was too long (the rest is read and dropped).
    fn read_bounded_line(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<Option<usize>> {
        line.clear();
        let mut total = 0usize;
        loop {
            let buffer = match reader.fill_buf() {
                Ok(buffer) => buffer,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buffer.is_empty() {
                return Ok((total > 0).then_some(total));
            }
            let (chunk, done) = match buffer.iter().position(|&b| b == b'\n') {
                Some(end) => (&buffer[..end], true),
                None => (buffer, false),
            };
            let room = MAX_LINE.saturating_sub(line.len());
            line.extend_from_slice(&chunk[..chunk.len().min(room)]);
            total = total.saturating_add(chunk.len());
            let used = chunk.len() + usize::from(done);
            reader.consume(used);
            if done {
                return Ok(Some(total));
            }
        }
    }

    /// Answer every line with `answer` (`convt eval`, `convt translate`, `convt solve`), flushing
    /// as it goes; a bad line gets an error answer, never an abort. Exits 0 when every answer was
    /// written (or the reader went away), 1 when writing failed.
    fn answer_lines(command: &str, path: Option<&str>, answer: fn(&str) -> String) -> i32 {
        let mut reader: Box<dyn BufRead> = match path {
            None | Some("-") => Box::new(BufReader::new(io::stdin())),
            Some(path) => match File::open(path) {
                Ok(file) => Box::new(BufReader::new(file)),
                Err(e) => {
                    eprintln!("convt {command}: cannot open {path}: {e}");
                    return 2;
                }
            },
        };
        let mut line = Vec::new();
        loop {
            let length = match read_bounded_line(reader.as_mut(), &mut line) {
                Ok(None) => return 0,
                Ok(Some(length)) => length,
                Err(e) => {
                    eprintln!("convt {command}: read error: {e}");
                    return 2;
                }
            };
            let answer = if length > MAX_LINE {
                let message = format!(
                    "the line is {length} bytes long; convt {command} reads lines of up to {MAX_LINE} bytes (8 MiB)"
                );
                serde_json::json!({ "error": message }).to_string()
            } else {
                // Invalid UTF-8 is answered like any other malformed line.
                let text = String::from_utf8_lossy(&line);
                answer(text.trim_end_matches('\r'))
            };
            // (The answer and its newline go out separately: an answer can be 100 MB.)
            if let Err(code) = emit(&answer).and_then(|_| emit("\n")) {
                return code;
            }
        }
    }
}
