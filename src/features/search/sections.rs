//! The text of a rendered page, split into sections at its `h2`/`h3` headings, so a search hit
//! can link to the heading it sits under instead of the top of the page.

use crate::markdown::html::collapse_whitespace as collapse;

/// One searchable piece of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// URL inside the revision, with the heading's anchor: `riktlinje/telefon/#ring-112`.
    pub url: String,
    pub title: String,
    /// Empty for the part above the first heading.
    pub heading: String,
    pub text: String,
}

/// Splits rendered page HTML (`content`) into sections. Term tooltips are left out: they repeat
/// a definition on every page that mentions the term.
pub fn split(url_path: &str, title: &str, html: &str) -> Vec<Section> {
    let mut sections = vec![Section {
        url: url_path.to_string(),
        title: title.to_string(),
        heading: String::new(),
        text: String::new(),
    }];
    let mut rest = html;
    let mut in_heading = false;
    let mut skip_depth = 0usize;
    while let Some(lt) = rest.find('<') {
        let (text, tag_start) = rest.split_at(lt);
        if skip_depth == 0 {
            push_text(sections.last_mut(), text, in_heading);
        }
        let Some(gt) = tag_start.find('>') else {
            break;
        };
        let tag = &tag_start[1..gt];
        rest = &tag_start[gt + 1..];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '>')
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        if skip_depth > 0 {
            match (name, closing) {
                ("span", false) => skip_depth += 1,
                ("span", true) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        match (name, closing) {
            ("span", false) if tag.contains("term__tip") => skip_depth = 1,
            ("h2" | "h3", false) => {
                let id = attribute(tag, "id").unwrap_or_default();
                sections.push(Section {
                    url: if id.is_empty() {
                        url_path.to_string()
                    } else {
                        format!("{url_path}#{id}")
                    },
                    title: title.to_string(),
                    heading: String::new(),
                    text: String::new(),
                });
                in_heading = true;
            }
            ("h2" | "h3", true) => in_heading = false,
            // Block boundaries separate words; inline tags (a, strong, em …) do not.
            (name, _) if is_block(name) => push_text(sections.last_mut(), " ", in_heading),
            _ => {}
        }
    }
    if skip_depth == 0 {
        push_text(sections.last_mut(), rest, in_heading);
    }
    for section in &mut sections {
        section.text = collapse(&section.text);
        section.heading = collapse(&section.heading);
    }
    // The first section stays even when empty: it carries the page title, so a title match
    // lands on the top of the page.
    let mut first = true;
    sections.retain(|s| std::mem::take(&mut first) || !s.text.is_empty() || !s.heading.is_empty());
    sections
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "ul"
            | "ol"
            | "div"
            | "br"
            | "td"
            | "th"
            | "tr"
            | "table"
            | "dd"
            | "dt"
            | "blockquote"
            | "details"
            | "summary"
            | "section"
            | "fieldset"
            | "legend"
            | "label"
            | "h1"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "form"
            | "input"
            | "hr"
    )
}

fn push_text(section: Option<&mut Section>, text: &str, in_heading: bool) {
    let Some(section) = section else {
        return;
    };
    let decoded = decode(text);
    if in_heading {
        section.heading.push_str(&decoded);
    } else {
        section.text.push_str(&decoded);
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')?;
    Some(tag[start..start + end].to_string())
}

fn decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_title_section_of_a_page_that_starts_with_a_heading() {
        let sections = split(
            "a/",
            "Hot per telefon",
            "<h2 id=\"x\">Ring</h2><p>Text.</p>",
        );
        assert_eq!(sections.len(), 2);
        assert_eq!(
            (sections[0].url.as_str(), sections[0].text.as_str()),
            ("a/", "")
        );
    }

    #[test]
    fn splits_at_headings_and_skips_tooltips() {
        let html = "<p>Inledning &amp; <a href=\"x\">mer</a>.</p>\n<h2 id=\"ring-112\">Ring 112</h2>\n<p>Vid <span class=\"term\"><a href=\"x\">hot</a><span class=\"term__tip\" role=\"tooltip\">Någon hotar.</span></span> ring.</p><h3 id=\"sen\">Sen</h3><p>Anmäl.</p>";
        let sections = split("riktlinje/telefon/", "Hot per telefon", html);
        assert_eq!(sections.len(), 3);
        assert_eq!(sections[0].text, "Inledning & mer.");
        assert_eq!(sections[1].url, "riktlinje/telefon/#ring-112");
        assert_eq!(sections[1].heading, "Ring 112");
        assert_eq!(sections[1].text, "Vid hot ring.");
        assert_eq!(sections[2].heading, "Sen");
    }
}
