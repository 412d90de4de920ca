//! Progress on a terminal: a bar on stderr, hidden when stderr is not a terminal (pipes and logs
//! get no control sequences).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar for `n` inputs on stderr; hidden unless `enabled` and stderr is a terminal (so
/// pipes and logs get no control sequences). Shared by `clean` and `fetch`.
pub fn progress_bar(n: usize, enabled: bool) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(n as u64);
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {rate} eta {eta}",
        )
        .map(|style| {
            // indicatif's {per_sec} prints four decimals ("221.2794/s"): whole pages are enough.
            style.with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            )
        })
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb
}
