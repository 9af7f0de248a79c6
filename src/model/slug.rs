//! Swedish slugs and sorting.
//!
//! Heading ids and URLs must survive copy-paste into e-mail and stay the same between builds, so
//! they are plain ASCII: `å` and `ä` become `a`, `ö` becomes `o`.

use std::collections::HashMap;

/// `"Ring 112 – om du är i fara!"` → `"ring-112-om-du-ar-i-fara"`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'å' | 'ä' | 'á' | 'à' | 'â' | 'æ' => Some('a'),
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => Some('o'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'ü' | 'ú' => Some('u'),
            'í' | 'ï' => Some('i'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        };
        match mapped {
            Some(c) => {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(c);
            }
            None => pending_dash = true,
        }
    }
    slug
}

/// Whether `s` is already a slug: lower-case a–z, digits and single inner hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A source folder as it appears in web addresses, each part slugged like a heading, because
/// staff name folders the way they write (`Möten och evenemang/Bilder` →
/// `moten-och-evenemang/bilder`). `Err` holds the first part that gives no address (`!!!`).
pub fn slug_folder(folder: &str) -> Result<String, &str> {
    let mut parts = Vec::new();
    for part in folder.split('/').filter(|p| !p.is_empty()) {
        let slug = slugify(part);
        if slug.is_empty() {
            return Err(part);
        }
        parts.push(slug);
    }
    Ok(parts.join("/"))
}

/// A file's name in its web address: the stem slugged, the extension kept in lower case so
/// the server still sends the right type (`Karta över.PNG` → `karta-over.png`); `None` when
/// the stem gives no address.
pub fn slug_file_name(name: &str) -> Option<String> {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, slugify(extension)),
        _ => (name, String::new()),
    };
    let stem = slugify(stem);
    match (stem.is_empty(), extension.is_empty()) {
        (true, _) => None,
        (false, true) => Some(stem),
        (false, false) => Some(format!("{stem}.{extension}")),
    }
}

/// Hands out unique ids on one page: the second "Exempel" becomes `exempel-1`.
#[derive(Default)]
pub struct UniqueIds {
    seen: HashMap<String, usize>,
}

impl UniqueIds {
    /// Reserves an id exactly as given (an explicit `{#id}`); returns false if it was taken.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.seen.insert(id.to_string(), 0).is_none()
    }

    /// Returns `base` if free, else the first free `base-N`.
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "rubrik" } else { base };
        if !self.seen.contains_key(base) {
            self.seen.insert(base.to_string(), 0);
            return base.to_string();
        }
        let mut n = self.seen[base];
        loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(base.to_string(), n);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

/// A key that sorts titles the Swedish way: a–z, then å, ä, ö; case does not matter.
pub fn swedish_sort_key(text: &str) -> Vec<u32> {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            'é' | 'è' => 'e' as u32,
            'ü' => 'y' as u32,
            c => c as u32,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_become_ascii() {
        assert_eq!(slugify("Våld och hot"), "vald-och-hot");
        assert_eq!(
            slugify("Ring 112 – om du är i fara!"),
            "ring-112-om-du-ar-i-fara"
        );
        assert_eq!(slugify("  Öppna möten  "), "oppna-moten");
        assert_eq!(slugify("Otillåten påverkan"), "otillaten-paverkan");
    }

    #[test]
    fn duplicates_get_numbers() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.unique("exempel"), "exempel");
        assert_eq!(ids.unique("exempel"), "exempel-1");
        assert!(ids.reserve("exempel-2"));
        assert_eq!(ids.unique("exempel"), "exempel-3");
        assert!(!ids.reserve("exempel"));
    }

    #[test]
    fn sorts_a_before_aa_ae_oe() {
        let mut words = vec!["Ö", "Ä", "Å", "Z", "a"];
        words.sort_by_key(|w| swedish_sort_key(w));
        assert_eq!(words, ["a", "Z", "Å", "Ä", "Ö"]);
    }

    #[test]
    fn folders_and_file_names_become_slugs() {
        assert_eq!(
            slug_folder("Möten och evenemang/Bilder"),
            Ok("moten-och-evenemang/bilder".to_string())
        );
        assert_eq!(slug_folder(""), Ok(String::new()));
        assert_eq!(slug_folder("plan/!!!/x"), Err("!!!"));
        assert_eq!(
            slug_file_name("Karta över.PNG").as_deref(),
            Some("karta-over.png")
        );
        assert_eq!(slug_file_name("bild.svg").as_deref(), Some("bild.svg"));
        assert_eq!(slug_file_name("LÄSMIG").as_deref(), Some("lasmig"));
        assert_eq!(slug_file_name("!!!.png"), None);
    }

    #[test]
    fn slug_check() {
        assert!(is_slug("vid-hot-2"));
        assert!(!is_slug("Vid hot"));
        assert!(!is_slug("-a"));
    }
}
