//! `support-metrics`: the command line of the support-metrics core.
//!
//! All file and terminal I/O of the project lives in this crate; every number comes from the
//! core (`support_metrics`): the command line parses its inputs, calls the core and formats the
//! answers. See docs/cli.md for the subcommands, their inputs and outputs, and the exit codes.

mod calendar;
mod call;
mod cli;
mod events;
mod fail;
mod generate;
mod html;
mod io;
mod kpi;
mod locate;
mod ops;
mod policies;
mod progress;
mod report;
mod sla;
mod staffing;
mod summary;
mod validate;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    // Usage errors exit with 2 and --help / --version with 0, both printed by clap.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ops(a) => ops::run(&a),
        Command::Call(a) => call::run(&a),
        Command::Calendar(a) => calendar::run(&a),
        Command::Staffing(a) => staffing::run(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Sla(a) => sla::run(&a),
        Command::Report(a) => report::run(&a),
        Command::KpiScorecard(a) => kpi::run(&a),
        Command::Generate(a) => generate::run(&a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) if f.code == "broken_pipe" => {
            // The reader went away (`| head`): nothing left to tell anyone.
            ExitCode::from(fail::EXIT_OK)
        }
        Err(f) => {
            eprintln!("{f}");
            f.exit_code()
        }
    }
}
