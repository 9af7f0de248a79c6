//! Content hashes: the keys the build caches compare ([`Key`]) and the one folder hasher that
//! they and nothing else use ([`folder_digest`]). Seals have their own recorded format
//! ([`crate::model::seal`]), since a seal is written into `revision.yaml` and must never change.

use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::model::walk::{Hidden, SiteFence};

/// A SHA-256 of whatever a cached result was made from.
pub type Key = [u8; 32];

/// SHA-256 over the sorted relative paths and each file's own SHA-256 (files read and hashed
/// on every core). Symbolic links are followed as the loader follows them, so editing a linked
/// file renders its pages again; links the loader refuses fail the build anyway.
pub fn folder_digest(root: &Path, dir: &Path) -> Key {
    let (entries, _refused) = SiteFence::new(root).files(dir, Hidden::Keep);
    let files: Vec<std::path::PathBuf> = entries
        .into_iter()
        .map(walkdir::DirEntry::into_path)
        .collect();
    let own: Vec<Key> = files
        .par_iter()
        .map(|path| Sha256::digest(std::fs::read(path).unwrap_or_default()).into())
        .collect();
    let mut hash = Sha256::new();
    for (path, own) in files.iter().zip(own) {
        hash.update(crate::model::paths::slash_path(dir, path).as_bytes());
        hash.update([0]);
        hash.update(own);
    }
    hash.finalize().into()
}

/// Lower-case hexadecimal, as keys and seals are written in files.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
