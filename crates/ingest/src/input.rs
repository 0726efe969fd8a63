//! Turning command-line paths into the list of inputs to read.

use std::fs;
use std::path::{Path, PathBuf};

/// One thing to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file, found directly or inside a directory.
    File(PathBuf),
}

impl Input {
    /// How the input is named in messages and derived ids.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// A command-line path that yields nothing to read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The path does not exist or cannot be inspected.
    #[error("{path}: cannot open ({reason}) — check the path and its permissions")]
    Missing {
        /// The path as given.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// A directory with no readable file anywhere below it.
    #[error("{path}: directory holds no readable files (hidden files are skipped) — point at the files to analyse")]
    NothingReadable {
        /// The directory as given.
        path: String,
    },
}

/// How deep directories are followed; guards against symlink cycles.
const MAX_DEPTH: usize = 32;

/// Expands command-line paths into inputs, in the order given: `-` is
/// standard input, a file is itself, a directory is every non-hidden file
/// below it in name order. A path that yields nothing is an error in its
/// place, so the caller can report it and go on with the others.
pub fn expand_inputs(paths: &[PathBuf]) -> Vec<Result<Input, InputError>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
            continue;
        }
        match fs::metadata(path) {
            Err(e) => out.push(Err(InputError::Missing {
                path: path.display().to_string(),
                reason: e.to_string(),
            })),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                collect_files(path, 0, &mut files);
                if files.is_empty() {
                    out.push(Err(InputError::NothingReadable {
                        path: path.display().to_string(),
                    }));
                }
                out.extend(files.into_iter().map(|f| Ok(Input::File(f))));
            }
            Ok(_) => out.push(Ok(Input::File(path.clone()))),
        }
    }
    out
}

/// Appends the readable, non-hidden files below `dir`, sorted by name so
/// that output order does not depend on the file system.
fn collect_files(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => collect_files(&path, depth + 1, files),
            Ok(meta) if meta.is_file() && fs::File::open(&path).is_ok() => files.push(path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_path_and_empty_directory_are_errors_in_place() {
        let dir =
            std::env::temp_dir().join(format!("lagebild-ingest-input-{}", std::process::id()));
        let empty = dir.join("empty");
        fs::create_dir_all(empty.join("sub")).unwrap();
        fs::write(empty.join(".hidden"), "x").unwrap();
        fs::write(dir.join("b.txt"), "b").unwrap();
        fs::write(dir.join("a.txt"), "a").unwrap();
        let got = expand_inputs(&[
            PathBuf::from("-"),
            dir.join("nope"),
            empty.clone(),
            dir.clone(),
        ]);
        assert_eq!(got[0], Ok(Input::Stdin));
        assert!(matches!(&got[1], Err(InputError::Missing { .. })));
        assert!(matches!(&got[2], Err(InputError::NothingReadable { .. })));
        assert_eq!(got[3], Ok(Input::File(dir.join("a.txt"))));
        assert_eq!(got[4], Ok(Input::File(dir.join("b.txt"))));
        assert_eq!(got.len(), 5);
        fs::remove_dir_all(&dir).unwrap();
    }
}
