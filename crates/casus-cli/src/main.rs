//! The `casus` binary: a thin layer that reads files, parses the command
//! line, and hands the work to the libraries.
//!
//! Exit codes (INTERFACE.md): 0 done; 1 the input was bad; 2 the command
//! line was wrong; 3 an internal error.

mod cli;
mod commands;

use std::process::ExitCode;

/// What went wrong, and which exit code it earns.
#[derive(Debug)]
pub enum Failure {
    /// The input was bad (exit 1); the message says where and why.
    Input(String),
    /// The command line was wrong (exit 2).
    Usage(String),
    /// A bug or an I/O failure on output (exit 3).
    Internal(String),
}

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
    // A panic is a bug in casus, never the user's fault: report it as such.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "casus: internal error: {info}\nThis is a bug in casus; please report it with the command and file that caused it."
        );
    }));
    match std::panic::catch_unwind(|| commands::dispatch(args)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(Failure::Input(msg))) => {
            eprint!("{msg}");
            if !msg.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(1)
        }
        Ok(Err(Failure::Usage(msg))) => {
            eprintln!("casus: {msg}");
            ExitCode::from(2)
        }
        Ok(Err(Failure::Internal(msg))) => {
            eprintln!("casus: internal error: {msg}");
            ExitCode::from(3)
        }
        Err(_) => ExitCode::from(3),
    }
}
