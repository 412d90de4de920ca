//! Embeds the rule files (`rules/*.toml`, `rules/sites/*.toml` at the repository's top) into the
//! library as defaults.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = &Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for dir in ["rules", "rules/sites"] {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
    }
    let mut files = Vec::new();
    for dir in ["rules", "rules/sites"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file() && p.extension().is_some_and(|x| x == "toml") {
                let name = format!("{dir}/{}", e.file_name().to_string_lossy());
                println!("cargo:rerun-if-changed={}", p.display());
                files.push((name, p));
            }
        }
    }
    files.sort();
    // A binary without its default rules would run and quietly extract worse: refuse to build.
    assert!(
        files
            .iter()
            .any(|(name, _)| !name.starts_with("rules/sites/")),
        "no rule files found in {}: the default rules (rules/*.toml) must be present to build",
        root.join("rules").display()
    );
    let mut code = String::from("/// Rule files compiled into the binary, as (name, contents).\n");
    code.push_str("pub const DEFAULT_RULES: &[(&str, &str)] = &[\n");
    for (name, path) in &files {
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_rules.rs");
    std::fs::write(out, code).expect("write default_rules.rs");
}
