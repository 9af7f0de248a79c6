//! Nothing is loaded from elsewhere: every file of the bundled handbook's output (drafts
//! included) is scanned for resources on other hosts. Links (`<a href>`) may point elsewhere;
//! scripts, styles, images, fonts, frames and media may not.

use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};

fn foreign(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("//") || (url.contains("://") && !url.starts_with("http://127.0.0.1:8000/"))
}

#[test]
fn foreign_urls_are_told_apart() {
    assert!(foreign("https://cdn.example.com/x.js"));
    assert!(foreign("//fonts.example.com/a.woff2"));
    assert!(foreign(" HTTP://example.com/"));
    assert!(!foreign("/assets/js/site.0123456789.js"));
    assert!(!foreign("http://127.0.0.1:8000/assets/css/site.css"));
    assert!(!foreign("data:image/png;base64,AAAA"));
}

#[test]
fn the_built_site_loads_nothing_from_other_hosts() {
    let out = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let build = Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args(["build", "--drafts", "--root"])
        .arg(repo)
        .arg("--out")
        .arg(out.path().join("public"))
        .args(["--base-url", "http://127.0.0.1:8000/"])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let resources = Selector::parse(
        "script[src], link[href]:not([rel=canonical]), img, iframe, frame, source, video, audio, \
         track, embed, object, input[type=image], image, use",
    )
    .unwrap();
    let mut problems = Vec::new();
    let mut pages = 0;
    let mut stylesheets = 0;
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        let path = entry.path();
        let shown = path.strip_prefix(out.path()).unwrap().display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                pages += 1;
                let html = Html::parse_document(&std::fs::read_to_string(path).unwrap());
                for element in html.select(&resources) {
                    for attr in ["src", "href", "srcset", "data", "poster", "xlink:href"] {
                        if let Some(value) = element.value().attr(attr) {
                            let urls = value
                                .split(',')
                                .map(|c| c.split_whitespace().next().unwrap_or(""));
                            for url in urls.filter(|u| foreign(u)) {
                                problems.push(format!(
                                    "{shown}: <{} {attr}={url}>",
                                    element.value().name()
                                ));
                            }
                        }
                    }
                }
                // No inline style attributes or inline scripts either (the CSP forbids them).
                let text = std::fs::read_to_string(path).unwrap();
                if text.contains(" style=") || text.contains("<script>") {
                    problems.push(format!("{shown}: inline style or script"));
                }
            }
            Some("css") => {
                stylesheets += 1;
                let css = std::fs::read_to_string(path).unwrap();
                for part in css
                    .split("url(")
                    .skip(1)
                    .chain(css.split("@import").skip(1))
                {
                    let url = part.trim_start_matches(['"', '\'', ' ']);
                    if foreign(url.split([')', '"', '\'', ';']).next().unwrap_or("")) {
                        problems.push(format!("{shown}: {}", &url[..url.len().min(60)]));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(
        pages > 60 && stylesheets >= 2,
        "{pages} pages, {stylesheets} stylesheets"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
