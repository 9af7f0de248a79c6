//! Content hashes: the keys the build caches compare ([`Key`]). Folders are hashed by the one
//! reader, [`crate::model::source_folder`], which the seal uses too (in its own recorded
//! format, since a seal is written into `revision.yaml` and must never change).

use std::path::Path;

use crate::model::source_folder::SourceFolder;
use crate::model::walk::SiteFence;

/// A SHA-256 of whatever a cached result was made from.
pub type Key = [u8; 32];

/// The key of a folder nobody has read yet (the theme): [`SourceFolder::key`] of it read now.
/// Symbolic links are followed as the loader follows them, so editing a linked file renders
/// its pages again; links the loader refuses fail the build anyway.
pub fn folder_digest(root: &Path, dir: &Path) -> Key {
    SourceFolder::read(&SiteFence::new(root), dir).key()
}

/// Lower-case hexadecimal, as keys and seals are written in files.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
