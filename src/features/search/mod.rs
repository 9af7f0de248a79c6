//! Search in Swedish, built at build time: each revision's rendered pages are split into
//! sections, indexed with the Swedish Snowball stemmer (from `pagefind_stem`) and written as
//! small JSON shards that `search.js` fetches on demand. The format is described in
//! `docs/search-index.md`.

mod index;
mod normalize;
mod sections;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub use index::{build, GlossaryTerm, Index};
pub use normalize::{fold, normalize, words};
pub use sections::{split, Section};

/// Section records per chunk file: a hit downloads one small chunk for its excerpt.
pub const CHUNK_SIZE: usize = 8;
/// Characters of section text kept for excerpts.
const EXCERPT_CHARS: usize = 4000;

/// A file of the index: search is data here; rendering turns it into a file of the site.
#[derive(Debug, Clone)]
pub struct IndexFile {
    /// Path inside the output folder, with `/`.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl IndexFile {
    fn new(path: impl Into<String>, bytes: Vec<u8>) -> IndexFile {
        IndexFile {
            path: path.into(),
            bytes,
        }
    }
}

/// The list of revisions with an index, relative to the site's base path.
pub const REVISIONS_PATH: &str = "search/revisions.json";

/// `search/revisions.json`: every revision built, newest first, for "Sök i alla revisioner".
/// `revisions` are (id, title, is the latest adopted).
pub fn revisions_file(revisions: &[(String, String, bool)]) -> IndexFile {
    let list: Vec<Value> = revisions
        .iter()
        .rev()
        .map(|(id, title, latest)| {
            json!({ "id": id, "title": title, "latest": latest, "manifest": manifest_path(id) })
        })
        .collect();
    IndexFile::new(REVISIONS_PATH, to_json(&list))
}

/// Where a revision's index lives, relative to the site's base path.
pub fn manifest_path(revision: &str) -> String {
    format!("search/{revision}/manifest.json")
}

/// The files of one revision's index. File names carry no hash (so the manifest stays small
/// for 10,000 pages); the manifest's `build` hash, added as `?v=`, makes caches refetch.
pub fn files(revision: &str, sections: &[Section], index: &Index) -> Vec<IndexFile> {
    let dir = format!("search/{revision}/");
    let chunks: Vec<Vec<u8>> = sections
        .par_chunks(CHUNK_SIZE)
        .map(|chunk| {
            // Tuples serialise as the same JSON arrays, without copying each text into a Value.
            let records: Vec<(&str, &str, &str, Cow<str>)> = chunk
                .iter()
                .map(|s| (&*s.url, &*s.title, &*s.heading, excerpt(&s.text)))
                .collect();
            to_json(&records)
        })
        .collect();
    let shards = shard_files(index);
    // The build hash covers every file; each file is hashed on its own, in parallel.
    let digests: Vec<[u8; 32]> = chunks
        .par_iter()
        .chain(shards.par_iter().map(|(_, bytes)| bytes))
        .map(|bytes| Sha256::digest(bytes).into())
        .collect();
    let mut build_hash = Sha256::new();
    for digest in &digests {
        build_hash.update(digest);
    }
    let mut files: Vec<IndexFile> = chunks
        .into_iter()
        .enumerate()
        .map(|(n, bytes)| IndexFile::new(format!("{dir}d/{n}.json"), bytes))
        .collect();
    let mut keys = Vec::new();
    for (key, bytes) in shards {
        files.push(IndexFile::new(
            format!("{dir}s/{}.json", file_key(&key)),
            bytes,
        ));
        keys.push(key);
    }
    let digest = build_hash.finalize();
    let manifest = json!({
        "v": 2,
        "build": digest[..5].iter().map(|b| format!("{b:02x}")).collect::<String>(),
        "revision": revision,
        "docs": sections.len(),
        "chunk_size": CHUNK_SIZE,
        "shards": keys,
        "terms": index.terms,
        "stopwords": normalize::STOPWORDS,
    });
    files.push(IndexFile::new(manifest_path(revision), to_json(&manifest)));
    files
}

#[derive(Serialize, Default)]
struct Shard<'a> {
    w: BTreeMap<&'a str, Vec<&'a str>>,
    p: BTreeMap<&'a str, Vec<u32>>,
}

/// Groups words and postings by their first two folded letters and splits any shard larger
/// than [`index::SHARD_LIMIT`] by one more letter, again and again, so a word belongs to the
/// shard with the longest key that begins it. Each shard is serialised once, in parallel.
fn shard_files(index: &Index) -> Vec<(String, Vec<u8>)> {
    let words: Vec<WordEntry> = index
        .words
        .iter()
        .map(|(word, stems)| WordEntry {
            folded: fold(word),
            word,
            stems: stems.iter().map(String::as_str).collect(),
        })
        .collect();
    let posts: Vec<PostEntry> = index
        .postings
        .iter()
        .map(|(stem, list)| PostEntry {
            folded: fold(stem),
            stem,
            flat: list
                .iter()
                .flat_map(|(doc, score)| [*doc as u32, *score])
                .collect(),
        })
        .collect();
    let mut files = split_shards(
        words.iter().collect(),
        posts.iter().collect(),
        FIRST_SHARD_CHARS,
    );
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Shard keys start this long, and grow one character per split.
const FIRST_SHARD_CHARS: usize = 2;
/// No key grows longer than this; a shard of one very common word stays whole.
const LONGEST_SHARD_KEY: usize = 24;

struct WordEntry<'a> {
    folded: String,
    word: &'a str,
    stems: Vec<&'a str>,
}

struct PostEntry<'a> {
    folded: String,
    stem: &'a str,
    flat: Vec<u32>,
}

type Group<'a, 'b> = (Vec<&'b WordEntry<'a>>, Vec<&'b PostEntry<'a>>);

fn shard_bytes(words: &[&WordEntry], posts: &[&PostEntry]) -> Vec<u8> {
    let shard = Shard {
        w: words.iter().map(|e| (e.word, e.stems.clone())).collect(),
        p: posts.iter().map(|e| (e.stem, e.flat.clone())).collect(),
    };
    to_json(&shard)
}

fn split_shards<'a, 'b>(
    words: Vec<&'b WordEntry<'a>>,
    posts: Vec<&'b PostEntry<'a>>,
    n: usize,
) -> Vec<(String, Vec<u8>)> {
    let key = |folded: &str| folded.chars().take(n).collect::<String>();
    let mut groups: BTreeMap<String, Group<'a, 'b>> = BTreeMap::new();
    for entry in words {
        groups.entry(key(&entry.folded)).or_default().0.push(entry);
    }
    for entry in posts {
        groups.entry(key(&entry.folded)).or_default().1.push(entry);
    }
    groups
        .into_par_iter()
        .flat_map_iter(|(shard_key, (words, posts))| {
            let bytes = shard_bytes(&words, &posts);
            // Entries longer than the key can move to longer keys; the rest stay here.
            let longer = |folded: &str| folded.chars().nth(n).is_some();
            let can_split = n < LONGEST_SHARD_KEY
                && (words.iter().any(|e| longer(&e.folded))
                    || posts.iter().any(|e| longer(&e.folded)));
            if bytes.len() <= index::SHARD_LIMIT || !can_split {
                return vec![(shard_key, bytes)];
            }
            let (short_words, long_words): (Vec<_>, Vec<_>) =
                words.into_iter().partition(|e| !longer(&e.folded));
            let (short_posts, long_posts): (Vec<_>, Vec<_>) =
                posts.into_iter().partition(|e| !longer(&e.folded));
            let mut files = split_shards(long_words, long_posts, n + 1);
            if !short_words.is_empty() || !short_posts.is_empty() {
                files.push((shard_key, shard_bytes(&short_words, &short_posts)));
            }
            files
        })
        .collect()
}

/// A file-name-safe form of a shard key (keys may hold any letter or digit).
fn file_key(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

fn excerpt(text: &str) -> Cow<'_, str> {
    // No more bytes than the limit in characters: short enough without counting.
    if text.len() <= EXCERPT_CHARS {
        return Cow::Borrowed(text);
    }
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
        None => Cow::Borrowed(text),
    }
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(n: usize) -> Vec<Section> {
        (0..n)
            .map(|i| Section {
                url: format!("sida-{i}/"),
                title: format!("Sida {i}"),
                heading: String::new(),
                text: format!(
                    "Hot och våld på sida {i}. Ord{i} förföljelse säkerhet polisanmälan."
                ),
            })
            .collect()
    }

    fn manifest(files: &[IndexFile]) -> Value {
        let file = files
            .iter()
            .find(|f| f.path.ends_with("manifest.json"))
            .unwrap();
        serde_json::from_slice(&file.bytes).unwrap()
    }

    #[test]
    fn excerpts_keep_the_first_characters_whole() {
        assert_eq!(excerpt("Kort text."), "Kort text.");
        // 4,000 characters of two bytes each: over the limit in bytes, not in characters.
        let swedish = "å".repeat(EXCERPT_CHARS);
        assert_eq!(excerpt(&swedish), swedish);
        let long = format!("{swedish}ö och mer");
        assert_eq!(excerpt(&long), format!("{swedish}…"));
        let ascii = "a".repeat(EXCERPT_CHARS + 1);
        assert_eq!(excerpt(&ascii).chars().count(), EXCERPT_CHARS + 1);
        assert!(excerpt(&ascii).ends_with("a…"));
    }

    #[test]
    fn round_trip_through_the_files() {
        let sections = sections(40);
        let index = build(&sections, &[]);
        let files = files("r1", &sections, &index);
        let manifest = manifest(&files);
        assert_eq!(manifest["docs"], 40);
        assert_eq!(
            files.iter().filter(|f| f.path.contains("/d/")).count(),
            5,
            "40 docs in chunks of 8"
        );
        assert!(manifest["shards"]
            .as_array()
            .unwrap()
            .contains(&json!("va")));
        // The word "vald" (folded "våld") is in shard "va" and leads to postings of all docs.
        let shard = files
            .iter()
            .find(|f| f.path == "search/r1/s/va.json")
            .unwrap();
        let shard: Value = serde_json::from_slice(&shard.bytes).unwrap();
        assert_eq!(shard["w"]["vald"], json!(["våld"]));
        assert_eq!(
            shard["p"]["våld"].as_array().unwrap().len(),
            80,
            "40 docs × [doc, score]"
        );
    }

    #[test]
    fn big_shards_split_by_three_letters() {
        let mut many = sections(1);
        // 6,000 words starting with "or", spread over 26 three-letter prefixes.
        many[0].text = (0..6000)
            .map(|i| format!("or{}x{i} ", (b'a' + (i % 26) as u8) as char))
            .collect();
        let index = build(&many, &[]);
        let shards = shard_files(&index);
        let has = |key: &str| shards.iter().any(|(k, _)| k == key);
        assert!(!has("or"), "split");
        assert!(has("ord"));
        assert!(shards
            .iter()
            .all(|(_, bytes)| bytes.len() <= index::SHARD_LIMIT));
        // Every word is in exactly one shard: the one with the longest key that begins it.
        let keys: Vec<&str> = shards.iter().map(|(k, _)| k.as_str()).collect();
        for word in index.words.keys() {
            let longest = keys
                .iter()
                .filter(|k| word.starts_with(**k))
                .max_by_key(|k| k.len())
                .unwrap();
            let (_, bytes) = shards.iter().find(|(k, _)| k == longest).unwrap();
            let shard: Value = serde_json::from_slice(bytes).unwrap();
            assert!(shard["w"].get(word).is_some(), "{word} in {longest}");
        }
    }

    #[test]
    fn file_keys_are_safe() {
        assert_eq!(file_key("va"), "va");
        assert_eq!(file_key("ø1"), "_f81");
    }
}
