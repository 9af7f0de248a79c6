//! The theme's static files, published under `assets/` with a content hash in each name
//! (`site.3f2a1b9c04.css`), so browsers may cache them forever and still see every change.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::diagnostic::Diagnostic;
use crate::model::source_folder::SourceFolder;
use crate::render::files::OutputFile;
use sha2::{Digest, Sha256};

/// Logical path (`css/site.css`) → output path (`assets/css/site.3f2a1b9c04.css`).
#[derive(Debug, Clone, Default)]
pub struct AssetMap(BTreeMap<String, String>);

impl AssetMap {
    pub fn get(&self, logical: &str) -> Option<&str> {
        self.0.get(logical).map(String::as_str)
    }

    pub fn known(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// Every file under `static_dir` (as the theme's folder was read), its contents hashed into
/// its name. Symbolic links are followed inside the site folder and refused outside it
/// ([`crate::model::walk::SiteFence`]).
pub fn fingerprint(
    folder: &SourceFolder,
    static_dir: &Path,
) -> Result<(AssetMap, Vec<OutputFile>), Diagnostic> {
    let mut map = BTreeMap::new();
    let mut files = Vec::new();
    if !static_dir.is_dir() {
        return Ok((AssetMap(map), files));
    }
    let (entries, problems) = folder.files_under(static_dir);
    if let Some(problem) = problems.into_iter().next() {
        return Err(problem);
    }
    for entry in entries {
        let bytes = entry.bytes_or_problem()?.to_vec();
        let logical = crate::model::paths::slash_path(static_dir, &entry.path);
        let hashed = format!("assets/{}", hashed_name(&logical, &bytes));
        map.insert(logical, hashed.clone());
        files.push(OutputFile::bytes(hashed, bytes));
    }
    Ok((AssetMap(map), files))
}

/// `css/site.css` + contents → `css/site.<10 hex digits>.css`.
fn hashed_name(logical: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    let (dir, file) = match logical.rsplit_once('/') {
        Some((dir, file)) => (format!("{dir}/"), file),
        None => (String::new(), logical),
    };
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}.{hash}.{ext}"),
        _ => format!("{dir}{file}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_changes_with_contents_and_keeps_extension() {
        let a = hashed_name("css/site.css", b"body{}");
        let b = hashed_name("css/site.css", b"body{color:red}");
        assert!(a.starts_with("css/site.") && a.ends_with(".css"), "{a}");
        assert_eq!(a.len(), "css/site.".len() + 10 + ".css".len());
        assert_ne!(a, b);
        assert_eq!(a, hashed_name("css/site.css", b"body{}"));
    }
}
