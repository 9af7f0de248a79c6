//! Content hashes: the keys the build caches compare ([`Key`]). Folders are hashed by the one
//! reader ([`crate::model::source_folder::folder_digest`]), which the seal uses too, in its own
//! recorded format, since a seal is written into `revision.yaml` and must never change.

/// A SHA-256 of whatever a cached result was made from.
pub type Key = [u8; 32];

/// Lower-case hexadecimal, as keys and seals are written in files.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
