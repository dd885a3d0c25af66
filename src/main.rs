//! Answers a shell's completion request, or parses arguments, runs the command and maps the
//! outcome to an exit code. Nothing else.

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // `COMPLETE=bash backlog …`: answer the shell's completion request and exit.
    clap_complete::CompleteEnv::with_factory(backlog::cli::complete::command).complete();
    let cli = backlog::cli::Cli::parse();
    let result = backlog::run(cli);
    if let Err(e) = &result {
        let mut message = format!("error: {e}");
        for cause in e.chain().skip(1) {
            message.push_str(&format!(": {cause}"));
        }
        let mut err = std::io::stderr().lock();
        // One line per error, escaped, except the `hint:` lines we add: no text from the
        // repository can start a line of its own (a CI runner acts on `::` lines).
        let safe = backlog::sanitize::line(&message).replace("^Jhint: ", "\nhint: ");
        let _ = writeln!(err, "{safe}");
    }
    ExitCode::from(backlog::exit_code(&result))
}
