//! Helpers shared by the `analyze_*` integration tests: run the built
//! binary, find `../shared`, make scratch directories.
#![allow(dead_code)] // each test crate uses a different subset

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root, where the CLI is run from (paths in messages and
/// ids are then relative to it, as a user would see them).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `lagebild` with `args` from the repository root, feeding `stdin`.
pub fn lagebild(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lagebild"))
        .args(args)
        .current_dir(repo_root())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the lagebild binary runs");
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(input).expect("stdin accepts the input");
    }
    child.wait_with_output().expect("lagebild finishes")
}

/// The JSON documents printed by `analyze --json`, one per line.
pub fn documents(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("every output line is a JSON document"))
        .collect()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A file or directory under `../shared`, or `None` (with a note) when the
/// shared data is not beside the repository.
pub fn shared(relative: &str) -> Option<String> {
    let path = repo_root().join("../shared").join(relative);
    if path.exists() {
        Some(format!("../shared/{relative}"))
    } else {
        eprintln!("note: {} is missing; test skipped", path.display());
        None
    }
}

/// An empty scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lagebild-analyze-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    dir
}

/// A code-point slice of a string, as the JSON contract counts offsets.
pub fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}
