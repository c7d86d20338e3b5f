//! The stages flow one way: every `crate::` path in the library's code
//! names a module on the same line of the order written at the top of
//! `src/lib.rs`, or an earlier one. Test modules (below `#[cfg(test)]`)
//! may use anything.

use std::collections::HashMap;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The order from lib.rs: `name: module module …` lines inside the
/// "Stages, in order" block; the rank is the line.
fn order() -> HashMap<String, usize> {
    let lib = std::fs::read_to_string(Path::new(ROOT).join("src/lib.rs")).unwrap();
    let block = lib
        .split("## Stages, in order")
        .nth(1)
        .expect("lib.rs has a 'Stages, in order' section");
    let fenced = block.split("//! ```").nth(1).expect("the order is fenced");
    let mut rank = HashMap::new();
    for (i, line) in fenced
        .lines()
        .map(|l| l.trim_start_matches("//!").trim())
        .filter(|l| !l.is_empty() && *l != "text")
        .enumerate()
    {
        let (_, mods) = line.split_once(':').expect("`stage: modules`");
        for m in mods.split_whitespace() {
            rank.insert(m.to_string(), i);
        }
    }
    rank
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `crate::name` paths in the code of a file (comments and tests left out).
fn uses(src: &str) -> Vec<String> {
    let code = src.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = Vec::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            let name: String = rest[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
            rest = &rest[i + 7..];
        }
    }
    out
}

#[test]
fn stages_flow_one_way() {
    let rank = order();
    assert!(rank.len() >= 15, "{rank:?}");
    let lib = std::fs::read_to_string(Path::new(ROOT).join("src/lib.rs")).unwrap();
    // Every module of the library has its place in the order.
    for line in lib.lines().filter(|l| l.starts_with("pub mod ")) {
        let m = line.trim_start_matches("pub mod ").trim_end_matches(';');
        assert!(
            rank.contains_key(m),
            "src/lib.rs declares {m} but the order does not place it"
        );
    }
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut back = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let Some(&from) = rank.get(&top) else {
            continue; // lib.rs, main.rs and the CLI are the shells
        };
        for used in uses(&std::fs::read_to_string(&f).unwrap()) {
            if let Some(&to) = rank.get(&used) {
                if to > from {
                    back.push(format!("{rel}: {top} uses {used}, a later stage"));
                }
            }
        }
    }
    back.sort();
    back.dedup();
    assert!(back.is_empty(), "back edges:\n{}", back.join("\n"));
}

#[test]
fn the_check_sees_a_back_edge() {
    let found = uses("use crate::pipeline::Scanner;\n// crate::mask in a comment\n#[cfg(test)]\nuse crate::report;");
    assert_eq!(found, ["pipeline"]);
}
