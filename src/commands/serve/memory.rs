//! The built site held in memory, as the bytes `handbok build` would write.
//!
//! Minification is about half of a build, so pages whose rendered HTML did not change since the
//! last build reuse their minified bytes: after a one-page edit only that page (and the pages
//! whose navigation or links changed with it) is minified again.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::http::Files;
use crate::model::diagnostic::Diagnostic;
use crate::render::files::{Contents, OutputFile};

/// The pages of the last build: output path → (rendered HTML, minified bytes), and the build
/// cache (compiled theme, unchanged revisions).
#[derive(Default)]
pub struct Memory {
    pages: HashMap<String, (Vec<u8>, Arc<Vec<u8>>)>,
    pub cache: crate::build::memory_cache::Cache,
}

impl Memory {
    /// The files of a build, minified where needed.
    pub fn update(&mut self, files: Vec<OutputFile>) -> Result<Files, Vec<Diagnostic>> {
        let previous = &self.pages;
        type Converted = (String, Option<Vec<u8>>, Arc<Vec<u8>>);
        let converted: Vec<Result<Converted, Diagnostic>> = files
            .into_par_iter()
            .map(|file| {
                let (html, bytes) = match file.contents {
                    Contents::Html(page) => {
                        let identity = page.identity();
                        let bytes = match previous.get(&file.path) {
                            Some((before, bytes)) if *before == identity => Arc::clone(bytes),
                            _ => Arc::new(page.minified_bytes().to_vec()),
                        };
                        (Some(identity), bytes)
                    }
                    // Compared by the page before placing: the prefix of a path never changes.
                    Contents::Tree(page, prefix) => {
                        let identity = page.identity();
                        let bytes = match previous.get(&file.path) {
                            Some((before, bytes)) if *before == identity => Arc::clone(bytes),
                            _ => Arc::new(page.placed(&prefix)),
                        };
                        (Some(identity), bytes)
                    }
                    Contents::Bytes(bytes) => (None, Arc::new(bytes)),
                    // Only a build that writes streams pages to disk; serve keeps them here.
                    Contents::Written => {
                        return Err(Diagnostic::global(format!(
                            "{} was written to disk instead of kept in memory",
                            file.path
                        )))
                    }
                    Contents::Source(bytes) => (None, Arc::new(bytes.to_vec())),
                };
                Ok((file.path, html, bytes))
            })
            .collect();
        let mut files = Files::with_capacity(converted.len());
        let mut pages = HashMap::with_capacity(converted.len());
        let mut problems = Vec::new();
        for result in converted {
            match result {
                Ok((path, html, bytes)) => {
                    if let Some(html) = html {
                        pages.insert(path.clone(), (html, Arc::clone(&bytes)));
                    }
                    files.insert(path, bytes);
                }
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        self.pages = pages;
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::files::{minify_alone, TreePage};

    #[test]
    fn unchanged_pages_reuse_their_minified_bytes() {
        let mut memory = Memory::default();
        let page = |text: &str| {
            let html = format!("<p>  {text}  </p>").into_bytes();
            OutputFile::page(
                "index.html",
                TreePage::new("index".into(), html, Vec::new()),
            )
        };
        let first = memory.update(vec![page("Hej")]).unwrap();
        let again = memory.update(vec![page("Hej")]).unwrap();
        assert!(Arc::ptr_eq(&first["index.html"], &again["index.html"]));
        let changed = memory.update(vec![page("Hej då")]).unwrap();
        assert_eq!(
            changed["index.html"].as_slice(),
            minify_alone("<p>  Hej då  </p>".as_bytes()).as_slice()
        );
    }
}
