//! A progress line on stderr for long `report` runs: one line, rewritten with `\r` at each
//! phase (reading interactions, reading surveys, computing, writing), and cleared at the end.
//! Only when stderr is a terminal and the inputs are large; silent otherwise (pipes, files,
//! tests).

use std::io::{IsTerminal, Write};
use std::time::Instant;

/// Inputs larger than this (bytes, all files together) get a progress line.
pub const LARGE_INPUT_BYTES: u64 = 20_000_000;

/// The phases of a report, in order.
pub const PHASES: usize = 4;

pub struct Progress {
    on: bool,
    started: Instant,
    phase: usize,
    /// The characters on the line now (to blank it out when it gets shorter or is cleared).
    width: usize,
}

impl Progress {
    /// A progress line for inputs of `bytes` in all: shown when they are larger than
    /// [`LARGE_INPUT_BYTES`] and stderr is a terminal.
    pub fn new(bytes: u64) -> Progress {
        Progress {
            on: bytes > LARGE_INPUT_BYTES && std::io::stderr().is_terminal(),
            started: Instant::now(),
            phase: 0,
            width: 0,
        }
    }

    /// Starts phase `n` (1 to [`PHASES`]; a phase without work, such as reading surveys when
    /// there are none, is skipped): `what` replaces the line.
    pub fn phase(&mut self, n: usize, what: &str) {
        self.phase = n;
        if !self.on {
            return;
        }
        let text = line(self.phase, what, self.started.elapsed().as_secs_f64());
        self.width = draw(&mut std::io::stderr().lock(), &text, self.width);
    }

    /// Blanks the line out (before anything else goes to the terminal, and at the end).
    pub fn clear(&mut self) {
        if self.on && self.width > 0 {
            self.width = draw(&mut std::io::stderr().lock(), "", self.width);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

/// The text of phase `n`: `support-metrics report [2/4] reading surveys… 12.3 s`.
fn line(n: usize, what: &str, seconds: f64) -> String {
    format!("support-metrics report [{n}/{PHASES}] {what}… {seconds:.1} s")
}

/// Writes `\r`, `text`, and blanks over the rest of a line `width` characters long (then `\r`
/// again when the line is cleared); answers the new width. Errors are ignored: progress is a
/// courtesy.
fn draw(w: &mut impl Write, text: &str, width: usize) -> usize {
    let n = text.chars().count();
    let pad = width.saturating_sub(n);
    let tail = if text.is_empty() { "\r" } else { "" };
    let _ = write!(w, "\r{text}{:pad$}{tail}", "");
    let _ = w.flush();
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_rewritten_in_place_and_cleared() {
        let mut out = Vec::new();
        let w = draw(&mut out, &line(1, "reading interactions", 0.04), 0);
        let w = draw(&mut out, &line(3, "computing", 12.34), w);
        let w = draw(&mut out, "", w);
        assert_eq!(w, 0);
        let text = String::from_utf8(out).unwrap_or_default();
        // The second line is 10 characters shorter than the first: blanked over; clearing
        // blanks its 46 characters and returns to the start of the line.
        let want = format!(
            "\rsupport-metrics report [1/4] reading interactions… 0.0 s\
             \rsupport-metrics report [3/4] computing… 12.3 s{}\r{}\r",
            " ".repeat(10),
            " ".repeat(46)
        );
        assert_eq!(text, want);
        // Small inputs, or stderr not a terminal (as under `cargo test`): nothing is drawn.
        let mut p = Progress::new(LARGE_INPUT_BYTES);
        assert!(!p.on);
        p.phase(3, "computing");
        assert_eq!((p.phase, p.width), (3, 0));
    }
}
