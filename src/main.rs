//! The `htmlsieve` command. Everything it does is in the `htmlsieve_cli` library (src/lib.rs), so
//! that tests and benches reach the same code.

fn main() -> std::process::ExitCode {
    htmlsieve_cli::cli::main()
}
