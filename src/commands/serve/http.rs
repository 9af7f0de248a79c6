//! Answering one request from the site held in memory: safe paths only, the right content
//! type, the 404 page on a miss, and the reload script added to every HTML page.

use std::collections::HashMap;
use std::sync::Arc;

/// Serve's own files live under `/__handbok/`, outside any base path a site can have.
pub const EVENTS: &str = "/__handbok/events";
const RELOAD_JS: &str = include_str!("reload.js");
const RELOAD_CSS: &str = include_str!("reload.css");
const INJECTED: &str = "<link rel=\"stylesheet\" href=\"/__handbok/reload.css\"><script src=\"/__handbok/reload.js\" defer></script>";

/// The site as `handbok build` would write it: output path → bytes.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// What to send back.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// For redirects.
    pub location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Reply {
            status,
            content_type,
            body,
            location: None,
        }
    }

    fn redirect(to: String) -> Self {
        Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            location: Some(to),
        }
    }
}

/// The reply for `url` (path and query, as sent). `files` is `None` before the first good build.
pub fn reply(url: &str, files: Option<&Files>, base_path: &str) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("");
    match path {
        "/__handbok/reload.js" => {
            return Reply::new(200, content_type("x.js"), RELOAD_JS.as_bytes().to_vec())
        }
        "/__handbok/reload.css" => {
            return Reply::new(200, content_type("x.css"), RELOAD_CSS.as_bytes().to_vec())
        }
        _ => {}
    }
    let Some(files) = files else {
        return Reply::new(503, content_type("x.html"), no_site_yet());
    };
    if safe_path(path).is_none() {
        return not_found(files);
    }
    if path == "/" && base_path != "/" {
        return Reply::redirect(base_path.to_string());
    }
    let Some(inside) = path.strip_prefix(base_path).or_else(|| {
        // `/handbok` for base path `/handbok/`.
        (format!("{path}/") == base_path).then_some("")
    }) else {
        return not_found(files);
    };
    let Some(inside) = safe_path(&format!("/{inside}")) else {
        return not_found(files);
    };
    let key = if inside.is_empty() || inside.ends_with('/') {
        format!("{inside}index.html")
    } else {
        inside.clone()
    };
    if let Some(bytes) = files.get(&key) {
        return page(200, &key, bytes);
    }
    if files.contains_key(&format!("{inside}/index.html")) {
        return Reply::redirect(format!("{base_path}{inside}/"));
    }
    not_found(files)
}

fn page(status: u16, key: &str, bytes: &[u8]) -> Reply {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        inject(bytes)
    } else {
        bytes.to_vec()
    };
    Reply::new(status, kind, body)
}

fn not_found(files: &Files) -> Reply {
    match files.get("404.html") {
        Some(bytes) => page(404, "404.html", bytes),
        None => Reply::new(404, content_type("x.txt"), b"404".to_vec()),
    }
}

/// The decoded path without its leading `/`, or `None` when it could leave the site: `..` or
/// `.` segments (also percent-encoded), back-slashes, NUL, or a target that is not a path.
pub fn safe_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    let bad = decoded
        .split('/')
        .any(|segment| segment == ".." || segment == "." || segment.contains(':'));
    (!bad).then_some(decoded)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Adds serve's stylesheet and reload script before `</head>`: the only difference from what
/// `handbok build` writes.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("</head>") {
        Some(at) => format!("{}{INJECTED}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{INJECTED}{text}").into_bytes(),
    }
}

fn no_site_yet() -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>handbok serve</title>{INJECTED}</head>\
         <body><main><h1>Webbplatsen är inte byggd ännu</h1><p lang=\"en\">The site has not been built yet.</p></main></body></html>"
    )
    .into_bytes()
}

pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Files {
        let mut files = Files::new();
        for (path, body) in [
            ("index.html", "<html><head></head><body>start</body></html>"),
            (
                "plan/index.html",
                "<html><head></head><body>plan</body></html>",
            ),
            ("404.html", "<html><head></head><body>saknas</body></html>"),
            ("assets/site.css", "body{}"),
        ] {
            files.insert(path.to_string(), Arc::new(body.as_bytes().to_vec()));
        }
        files
    }

    #[test]
    fn pages_get_the_reload_script_and_assets_stay_as_built() {
        let files = site();
        let page = reply("/handbok/plan/", Some(&files), "/handbok/");
        assert_eq!(page.status, 200);
        assert_eq!(page.content_type, "text/html; charset=utf-8");
        let body = String::from_utf8(page.body).unwrap();
        assert!(body.contains("<script src=\"/__handbok/reload.js\" defer></script></head>"));
        let css = reply("/handbok/assets/site.css?v=1", Some(&files), "/handbok/");
        assert_eq!((css.status, css.body), (200, b"body{}".to_vec()));
        assert_eq!(css.content_type, "text/css; charset=utf-8");
    }

    #[test]
    fn redirects_to_the_base_path_and_to_folders() {
        let files = site();
        let root = reply("/", Some(&files), "/handbok/");
        assert_eq!(
            (root.status, root.location),
            (301, Some("/handbok/".into()))
        );
        let folder = reply("/handbok/plan", Some(&files), "/handbok/");
        assert_eq!(folder.location, Some("/handbok/plan/".into()));
    }

    #[test]
    fn paths_that_leave_the_site_are_404() {
        let files = site();
        for url in [
            "/handbok/../Cargo.toml",
            "/handbok/%2e%2e/%2e%2e/etc/passwd",
            "/handbok/%2E%2E%2Fsite.toml",
            "/handbok/plan/..%5c..%5csite.toml",
            "//etc/passwd",
            "/handbok//etc/passwd",
            "/handbok/C:/windows",
            "http://evil.example/handbok/",
            "/handbok/%00",
            "/handbok/%zz",
            "/elsewhere/index.html",
        ] {
            let got = reply(url, Some(&files), "/handbok/");
            assert_eq!(got.status, 404, "{url}");
            assert!(
                String::from_utf8_lossy(&got.body).contains("saknas"),
                "{url}"
            );
        }
    }
}
