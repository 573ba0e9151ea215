//! The `folio` binary: the command line (`cli`) does everything.

use std::process::ExitCode;

fn main() -> ExitCode {
    folio::cli::main()
}
