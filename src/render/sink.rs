//! Where a revision's files go as soon as they are rendered: to disk for `handbok build`, into
//! memory for `handbok serve`, nowhere for `handbok check`. Rendering hands every file to a
//! [`Sink`] and keeps only what the sink gives back, so a build that writes never holds the
//! whole site in memory, and rendering never needs to know about folders or servers.

use crate::model::diagnostic::Diagnostic;
use crate::render::files::{Contents, OutputFile};

/// Takes the files rendering makes, as it makes them (from many threads at once).
pub trait Sink: Sync {
    /// Takes one file; returns what the build's list of files keeps of it.
    fn put(&self, file: OutputFile) -> Result<OutputFile, Diagnostic>;

    /// Takes many files at once (a sink that writes may write them in parallel).
    fn put_all(&self, files: Vec<OutputFile>) -> Result<Vec<OutputFile>, Diagnostic> {
        files.into_iter().map(|file| self.put(file)).collect()
    }
}

/// `serve`: every file stays in memory as it is; pages are minified when first served.
pub struct InMemory;

impl Sink for InMemory {
    fn put(&self, file: OutputFile) -> Result<OutputFile, Diagnostic> {
        Ok(file)
    }
}

/// `check`: every file is rendered, so every error is found, and then let go: nothing is
/// minified, written or kept.
pub struct Nowhere;

impl Sink for Nowhere {
    fn put(&self, file: OutputFile) -> Result<OutputFile, Diagnostic> {
        Ok(gone(file))
    }
}

/// What the list of files keeps of a file its sink has taken care of: its path.
pub fn gone(file: OutputFile) -> OutputFile {
    OutputFile {
        path: file.path,
        contents: Contents::Written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_keeps_files_and_nowhere_keeps_only_their_paths() {
        let file = || OutputFile::bytes("sok/index.json", b"{}".to_vec());
        let kept = InMemory.put(file()).unwrap();
        assert!(matches!(kept.contents, Contents::Bytes(ref b) if b == b"{}"));
        let dropped = Nowhere.put_all(vec![file(), file()]).unwrap();
        assert_eq!(dropped.len(), 2);
        assert!(dropped
            .iter()
            .all(|f| f.path == "sok/index.json" && matches!(f.contents, Contents::Written)));
    }
}
