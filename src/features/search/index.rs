//! The inverted index: stems with BM25 scores per section, word forms mapped to stems (exact
//! and folded), compounds of glossary terms ("dödshot" under "hot"), split into small shards
//! by the first letters of the folded word so the browser fetches only what a query needs.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use pagefind_stem::{Algorithm, Stemmer};
use rayon::prelude::*;

use super::normalize::{fold, is_stopword, normalize, words};
use super::sections::Section;

/// Field weights: a word in the page title counts three times, in a heading twice.
const TITLE_WEIGHT: f64 = 3.0;
const HEADING_WEIGHT: f64 = 2.0;
/// A compound ("dödshot") counts half toward the term it contains ("hot").
const COMPOUND_WEIGHT: f64 = 0.5;
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Postings kept per stem: the best-scoring sections. Search shows at most 30 results, and a
/// multi-word query adds up each word's best sections, so a few hundred keep the ranking.
pub const MAX_POSTINGS: usize = 400;
/// Shards above this many bytes are split by one more letter.
pub const SHARD_LIMIT: usize = 40_000;

/// A defined term, for glossary-aware indexing.
#[derive(Debug, Clone)]
pub struct GlossaryTerm {
    /// As written in running text: `hot`, `otillåten påverkan`.
    pub term: String,
    /// Every form the glossary links (`hotet`, `hoten` …), lower case.
    pub forms: Vec<String>,
    /// Index of its section on the glossary page.
    pub doc: usize,
}

/// The built index, before it is split into files.
#[derive(Debug, Default)]
pub struct Index {
    /// Word form (exact and folded) → stems.
    pub words: BTreeMap<String, BTreeSet<String>>,
    /// Stem → (doc, score × 100).
    pub postings: BTreeMap<String, Vec<(usize, u32)>>,
    /// Folded stem of each glossary term → its glossary doc.
    pub terms: BTreeMap<String, usize>,
}

/// What indexing needs to know about one distinct word, worked out once per word.
struct WordInfo {
    folded: String,
    stem: String,
    /// Stems of glossary terms this word is a compound of ("dödshot" → "hot").
    compound_of: Vec<String>,
}

/// A word's stem and the glossary stems it is a compound of, as ids into the stem list.
struct WordStems {
    stem: u32,
    compound_of: Vec<u32>,
}

pub fn build(sections: &[Section], glossary: &[GlossaryTerm]) -> Index {
    let glossary = Glossary::new(glossary);
    // 1. Normalised text, then words per section with their field weights, in parallel. The
    //    words borrow from the normalised text, so no word is allocated per section.
    let texts: Vec<[String; 3]> = sections
        .par_iter()
        .map(|s| {
            [
                normalize(&s.title),
                normalize(&s.heading),
                normalize(&s.text),
            ]
        })
        .collect();
    let weighted: Vec<Vec<(&str, f64)>> = texts.par_iter().map(section_words).collect();
    // 2. Stem, fold and split compounds once per distinct word, in parallel.
    let vocabulary: HashSet<&str> = weighted
        .par_iter()
        .fold(HashSet::default, |mut set, words| {
            set.extend(words.iter().map(|(word, _)| *word));
            set
        })
        .reduce(HashSet::default, |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            a.extend(b);
            a
        });
    let infos: Vec<(&str, WordInfo)> = vocabulary
        .par_iter()
        .map_init(
            || Stemmer::create(Algorithm::Swedish),
            |stemmer, word| (*word, glossary.describe(word, stemmer, &vocabulary)),
        )
        .collect();
    // 3. Stems get ids, so counting and scoring index vectors instead of hashing strings.
    let mut stems = StemIds::default();
    let mut word_stems: HashMap<&str, WordStems> = HashMap::default();
    word_stems.reserve(infos.len());
    for (word, info) in &infos {
        let stem = stems.id(&info.stem);
        let compound_of = info.compound_of.iter().map(|s| stems.id(s)).collect();
        word_stems.insert(word, WordStems { stem, compound_of });
    }
    // 4. Term frequencies by stem id, per section.
    let counts: Vec<Vec<(u32, f64)>> = weighted
        .par_iter()
        .map(|words| term_frequencies(words, &word_stems))
        .collect();
    let mut index = Index {
        terms: glossary.docs,
        ..Index::default()
    };
    let mut words: Vec<(String, &str)> = Vec::with_capacity(infos.len() * 2);
    for (word, info) in &infos {
        words.push((word.to_string(), &info.stem));
        words.push((info.folded.clone(), &info.stem));
    }
    for (word, stem) in words {
        index
            .words
            .entry(word)
            .or_default()
            .insert(stem.to_string());
    }
    index.postings = score(&counts, &stems.list);
    index
}

/// Stems numbered in order of first sight.
#[derive(Default)]
struct StemIds<'a> {
    list: Vec<&'a str>,
    ids: HashMap<&'a str, u32>,
}

impl<'a> StemIds<'a> {
    fn id(&mut self, stem: &'a str) -> u32 {
        if let Some(id) = self.ids.get(stem) {
            return *id;
        }
        self.list.push(stem);
        let id = (self.list.len() - 1) as u32;
        self.ids.insert(stem, id);
        id
    }
}

fn term_frequencies(
    words: &[(&str, f64)],
    word_stems: &HashMap<&str, WordStems>,
) -> Vec<(u32, f64)> {
    // Sized once: growing the table as it fills was a tenth of the indexing.
    let mut tf: HashMap<u32, f64> =
        HashMap::with_capacity_and_hasher(words.len(), Default::default());
    for (word, weight) in words {
        let Some(info) = word_stems.get(word) else {
            continue;
        };
        *tf.entry(info.stem).or_default() += weight;
        for base in &info.compound_of {
            *tf.entry(*base).or_default() += COMPOUND_WEIGHT * weight;
        }
    }
    tf.into_iter().collect()
}

/// The words of a section with their weight: title ×3 (on the part above the first heading),
/// heading ×2, text ×1. Stop words and single letters are left out.
fn section_words(texts: &[String; 3]) -> Vec<(&str, f64)> {
    let [title, heading, text] = texts;
    // A word is some seven bytes with its space: room for every distinct word at once.
    let room = (title.len() + heading.len() + text.len()) / 7;
    let mut found: HashMap<&str, f64> = HashMap::with_capacity_and_hasher(room, Default::default());
    let title_weight = if heading.is_empty() {
        TITLE_WEIGHT
    } else {
        1.0
    };
    for (text, weight) in [
        (title, title_weight),
        (heading, HEADING_WEIGHT),
        (text, 1.0),
    ] {
        for word in words(text) {
            let single_letter =
                word.chars().nth(1).is_none() && !word.chars().all(|c| c.is_ascii_digit());
            if single_letter || is_stopword(word) {
                continue;
            }
            *found.entry(word).or_default() += weight;
        }
    }
    found.into_iter().collect()
}

/// The glossary as indexing uses it.
struct Glossary {
    /// Inflected forms of a term → the term's stem ("våldet" → "våld"; Snowball leaves it).
    form_stem: HashMap<String, String>,
    /// (term, its stem) for compound detection; one-word terms only.
    bases: Vec<(String, String)>,
    docs: BTreeMap<String, usize>,
}

impl Glossary {
    fn new(terms: &[GlossaryTerm]) -> Self {
        let stemmer = Stemmer::create(Algorithm::Swedish);
        let mut glossary = Glossary {
            form_stem: HashMap::default(),
            bases: Vec::new(),
            docs: BTreeMap::new(),
        };
        for term in terms {
            let base = normalize(&term.term);
            if base.contains(' ') {
                continue;
            }
            let base_stem = stemmer.stem(&base).into_owned();
            for form in term.forms.iter().chain(std::iter::once(&base)) {
                glossary
                    .form_stem
                    .insert(normalize(form), base_stem.clone());
            }
            glossary.docs.insert(fold(&base_stem), term.doc);
            glossary.bases.push((base, base_stem));
        }
        glossary
    }

    fn describe(&self, word: &str, stemmer: &mut Stemmer, vocabulary: &HashSet<&str>) -> WordInfo {
        WordInfo {
            folded: fold(word),
            stem: self
                .form_stem
                .get(word)
                .cloned()
                .unwrap_or_else(|| stemmer.stem(word).into_owned()),
            compound_of: self
                .bases
                .iter()
                .filter(|(base, _)| {
                    // Too short to hold a base and more: no need to look (most words).
                    word.len() > base.len() + 2 && is_compound_of(word, base, vocabulary)
                })
                .map(|(_, stem)| stem.clone())
                .collect(),
        }
    }
}

/// Adds each glossary term to the sections whose words contain it as part of a compound:
/// "dödshot" and "hotbild" to "hot", "våldsbrott" to "våld". A word starting with the term
/// counts only when the rest is a word of its own ("hotell" is not about "hot").
fn is_compound_of(word: &str, base: &str, vocabulary: &HashSet<&str>) -> bool {
    let len = |s: &str| s.chars().count();
    if word == base || len(word) < len(base) + 3 {
        return false;
    }
    if let Some(head) = word.strip_suffix(base) {
        return len(head) >= 3;
    }
    if let Some(rest) = word.strip_prefix(base) {
        let rest = rest
            .strip_prefix('s')
            .filter(|r| len(r) >= 3)
            .unwrap_or(rest);
        return len(rest) >= 4 || vocabulary.contains(rest);
    }
    false
}

/// BM25 per (stem, section), ×100 and rounded so the browser only adds integers.
fn score(counts: &[Vec<(u32, f64)>], stems: &[&str]) -> BTreeMap<String, Vec<(usize, u32)>> {
    let docs = counts.len().max(1) as f64;
    let lengths: Vec<f64> = counts
        .iter()
        .map(|c| c.iter().map(|(_, n)| n).sum())
        .collect();
    let average = (lengths.iter().sum::<f64>() / docs).max(1.0);
    let mut df = vec![0usize; stems.len()];
    for tf in counts {
        for (stem, _) in tf {
            df[*stem as usize] += 1;
        }
    }
    let idf: Vec<f64> = df
        .iter()
        .map(|&n| (1.0 + (docs - n as f64 + 0.5) / (n as f64 + 0.5)).ln())
        .collect();
    let mut postings: Vec<Vec<(usize, u32)>> = df.iter().map(|&n| Vec::with_capacity(n)).collect();
    for (doc, tf) in counts.iter().enumerate() {
        let length_norm = K1 * (1.0 - B + B * lengths[doc] / average);
        for (stem, count) in tf {
            let norm = count * (K1 + 1.0) / (count + length_norm);
            let points = (idf[*stem as usize] * norm * 100.0).round().max(1.0) as u32;
            postings[*stem as usize].push((doc, points));
        }
    }
    // Docs were visited in order, so every list is already sorted by doc.
    stems
        .iter()
        .zip(postings)
        .map(|(stem, list)| (stem.to_string(), best_postings(list)))
        .collect()
}

/// A stem's postings, cut to the [`MAX_POSTINGS`] best-scoring sections (still sorted by doc).
/// A word found in nearly every section ("hot" on a 10,000-page site) would otherwise cost half
/// a megabyte to download, while the reader only ever sees the best few dozen results.
fn best_postings(mut list: Vec<(usize, u32)>) -> Vec<(usize, u32)> {
    if list.len() <= MAX_POSTINGS {
        return list;
    }
    list.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list.truncate(MAX_POSTINGS);
    list.sort_unstable_by_key(|(doc, _)| *doc);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(url: &str, heading: &str, text: &str) -> Section {
        Section {
            url: url.into(),
            title: "Sida".into(),
            heading: heading.into(),
            text: text.into(),
        }
    }

    #[test]
    fn stems_folds_and_maps_glossary_forms() {
        let sections = [
            section("a/", "", "Våldet ökar. Ett hotfullt sms är ett hot."),
            section("b/", "Säkerhet", "Tänk på din säkerhet."),
        ];
        let glossary = [GlossaryTerm {
            term: "våld".into(),
            forms: vec!["våldet".into()],
            doc: 0,
        }];
        let index = build(&sections, &glossary);
        assert!(
            index.words["våldet"].contains("våld"),
            "glossary form maps to the term"
        );
        assert!(index.words["valdet"].contains("våld"), "folded form too");
        assert!(index.words["sakerhet"].contains("säker"));
        assert!(index.postings.contains_key("hot"));
        assert!(
            !index.words.contains_key("är"),
            "stop words are not indexed"
        );
        assert_eq!(index.terms["vald"], 0);
    }

    #[test]
    fn heading_matches_rank_above_body_matches() {
        let sections = [
            section(
                "a/",
                "",
                "Säkerhet nämns här en gång bland många andra ord om annat.",
            ),
            section("b/", "Säkerhet", "Text om något annat helt och hållet."),
        ];
        let index = build(&sections, &[]);
        let list = &index.postings["säker"];
        let score = |doc| list.iter().find(|(d, _)| *d == doc).unwrap().1;
        assert!(score(1) > score(0), "{list:?}");
    }

    #[test]
    fn compounds_count_for_the_term_but_hotell_does_not() {
        let sections = [
            section("a/", "", "Han fick ett dödshot."),
            section("b/", "", "Vi bor på hotell nära stationen."),
            section("c/", "", "Hotbilden är hög och bild."),
        ];
        let glossary = [GlossaryTerm {
            term: "hot".into(),
            forms: vec![],
            doc: 0,
        }];
        let index = build(&sections, &glossary);
        let docs: Vec<usize> = index.postings["hot"].iter().map(|(d, _)| *d).collect();
        assert_eq!(docs, [0, 2]);
    }

    #[test]
    fn common_words_keep_only_their_best_sections() {
        let list: Vec<(usize, u32)> = (0..1000).map(|doc| (doc, (doc % 997) as u32)).collect();
        let kept = best_postings(list);
        assert_eq!(kept.len(), MAX_POSTINGS);
        assert!(kept.windows(2).all(|w| w[0].0 < w[1].0), "sorted by doc");
        let lowest = kept.iter().map(|(_, score)| *score).min().unwrap();
        assert!(
            lowest >= 996 - MAX_POSTINGS as u32,
            "the best scores: {lowest}"
        );
        let short = vec![(3, 10), (7, 5)];
        assert_eq!(best_postings(short.clone()), short);
    }
}
