//! `handbok serve`: the real binary on a free port, spoken to over plain TCP. Pages, reload
//! events, the error overlay's payload, recovery, and requests that try to leave the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::TestSite;

/// A running `handbok serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
    /// Every line read so far, and how many of them `wait_for` has passed.
    seen: Vec<String>,
    cursor: usize,
}

impl Server {
    fn start(site: &TestSite, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbok"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(site.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, lines) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let to_stdout = sender.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = to_stdout.send(line);
            }
        });
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(format!("stderr: {line}"));
            }
        });
        let mut server = Server {
            child,
            port: 0,
            lines,
            seen: Vec::new(),
            cursor: 0,
        };
        let line = server.wait_for("Serving the handbook on http://");
        let port = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ' ']).next())
            .and_then(|host| host.rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap();
        server.port = port;
        server
    }

    /// The next output line containing `text` (within 20 s).
    fn wait_for(&mut self, text: &str) -> String {
        loop {
            if let Some(found) = self.seen[self.cursor..]
                .iter()
                .position(|l| l.contains(text))
            {
                self.cursor += found + 1;
                return self.seen[self.cursor - 1].clone();
            }
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!("no line with {text:?} in:\n{}", self.seen.join("\n")),
            }
        }
    }

    /// Whether any line so far contains `text`.
    fn saw(&self, text: &str) -> bool {
        self.seen.iter().any(|l| l.contains(text))
    }

    /// Whether any line, already read or arriving within 20 s, contains `text`. Stdout and
    /// stderr are read by two threads, so a line written before another may arrive after it.
    fn saw_or_sees(&mut self, text: &str) -> bool {
        while !self.saw(text) {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => self.seen.push(line),
                Err(_) => return false,
            }
        }
        true
    }

    fn get(&self, target: &str) -> Response {
        request(self.port, target)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET /__handbok/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let mut line = String::new();
        events.reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event: (name, data); pings and headers are skipped. Fails after 30 s (pings
    /// every 15 s keep the connection alive, so a read timeout alone would never fire).
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            assert!(std::time::Instant::now() < deadline, "no event within 30 s");
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).expect("an event in time");
            assert!(read > 0, "event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = value.to_string();
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
    }
}

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// One raw HTTP/1.1 request: the target is sent exactly as given (no client normalises it).
fn request(port: u16, target: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 4 + size..];
    }
}

const INJECTED: &str = "<link rel=\"stylesheet\" href=\"/__handbok/reload.css\"><script src=\"/__handbok/reload.js\" defer></script>";

#[test]
fn serves_exactly_what_build_writes_under_the_sub_path() {
    let site = TestSite::new("basic");
    let server = Server::start(&site, &[]);
    // `handbok build` with the same base URL, for comparison.
    let base = format!("http://127.0.0.1:{}/handbok/", server.port);
    site.build(&["--base-url", &base]);
    for path in [
        "index.html",
        "2023-2026/plan/alfa/index.html",
        "2019-2022/index.html",
        "2023-2026/andringar/index.html",
    ] {
        let url = format!("/handbok/{}", path.trim_end_matches("index.html"));
        let got = server.get(&url);
        assert_eq!(got.status, 200, "{url}");
        assert_eq!(
            got.header("content-type").as_deref(),
            Some("text/html; charset=utf-8")
        );
        let served = got.text();
        assert_eq!(served.matches(INJECTED).count(), 1, "{url}");
        assert_eq!(
            served.replace(INJECTED, ""),
            site.read(&format!("public/{path}")),
            "{url}: same bytes as the build, apart from the reload tags"
        );
    }
    // Assets and data files, byte for byte, with their types.
    for (path, kind) in [
        ("sitemap.xml", "application/xml"),
        ("search/revisions.json", "application/json"),
    ] {
        let got = server.get(&format!("/handbok/{path}"));
        assert_eq!(
            got.body,
            std::fs::read(site.path(&format!("public/{path}"))).unwrap()
        );
        assert_eq!(got.header("content-type").as_deref(), Some(kind));
    }
    let css = std::fs::read_dir(site.path("public/assets/css"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("site."))
        .unwrap();
    let got = server.get(&format!("/handbok/assets/css/{css}"));
    assert_eq!(
        got.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        got.body,
        std::fs::read(site.path(&format!("public/assets/css/{css}"))).unwrap()
    );
    // A miss gets the 404 page; `/` and a folder without `/` redirect.
    let missing = server.get("/handbok/finns-inte/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<h1>"), "the 404 page");
    assert_eq!(
        server.get("/").header("location").as_deref(),
        Some("/handbok/")
    );
    assert_eq!(
        server
            .get("/handbok/2023-2026/plan")
            .header("location")
            .as_deref(),
        Some("/handbok/2023-2026/plan/")
    );
    // The reload script is serve's alone.
    let built = site.read("public/index.html");
    assert!(!built.contains("__handbok"));
}

#[test]
fn an_edit_reloads_an_error_shows_and_a_fix_recovers() {
    let site = TestSite::new("basic");
    let mut server = Server::start(&site, &[]);
    let mut events = server.events();
    // A Markdown edit: rebuilt, reloaded, new text served.
    site.edit(
        "content/2023-2026/plan/alfa.md",
        "## Hot mot dig",
        "Ny mening i live-förhandsvisningen.\n\n## Hot mot dig",
    );
    assert_eq!(events.next().0, "reload");
    let line = server.wait_for("plan/alfa.md changed: built");
    // Only the edited page is built again: the other pages of its revision, and the older
    // revision, are taken over as they were.
    assert!(
        line.ends_with(" ms (8 of 9 pages of 2023-2026 reused; 2019-2022 unchanged)"),
        "{line}"
    );
    assert!(server
        .get("/handbok/plan/alfa/")
        .text()
        .contains("Ny mening i live-förhandsvisningen."));
    // A new heading changes the revision's structure (ids other pages may link to): every
    // page of the revision is built again.
    site.edit(
        "content/2023-2026/plan/alfa.md",
        "Ny mening i live-förhandsvisningen.",
        "Ny mening i live-förhandsvisningen.\n\n## En ny rubrik",
    );
    assert_eq!(events.next().0, "reload");
    let line = server.wait_for("plan/alfa.md changed: built");
    assert!(line.ends_with(" ms (2019-2022 unchanged)"), "{line}");
    assert!(server
        .get("/handbok/plan/alfa/")
        .text()
        .contains("id=\"en-ny-rubrik\""));
    // A broken page: the event carries the error with file, line and the line itself; the
    // last good site is still served.
    site.edit(
        "content/2023-2026/plan/alfa.md",
        "title: Alfa",
        "title: [Alfa",
    );
    let (name, data) = events.next();
    assert_eq!(name, "build-error");
    let payload: serde_json::Value = serde_json::from_str(&data).unwrap();
    let text = payload["text"].as_str().unwrap();
    assert!(text.contains("content/2023-2026/plan/alfa.md:2:"), "{text}");
    assert!(text.contains("title: [Alfa"), "{text}");
    assert!(
        !text.contains("warning:"),
        "warnings stay in the terminal: {text}"
    );
    server.wait_for("build failed");
    assert!(server
        .get("/handbok/plan/alfa/")
        .text()
        .contains("Ny mening i live-förhandsvisningen."));
    // A page opened now learns of the error at once.
    let mut late = server.events();
    assert_eq!(late.next().0, "build-error");
    // Fixed: reload, and the overlay goes with the page reload.
    site.edit(
        "content/2023-2026/plan/alfa.md",
        "title: [Alfa",
        "title: Alfa",
    );
    assert_eq!(events.next().0, "reload");
    assert_eq!(late.next().0, "reload");
    // A template change rebuilds everything.
    let base = site.read("themes/default/templates/base.html");
    site.write(
        "themes/default/templates/base.html",
        &base.replace("<body", "<body data-mall=\"andrad\""),
    );
    assert_eq!(events.next().0, "reload");
    let line = server.wait_for("base.html changed: built");
    assert!(
        line.ends_with(" ms"),
        "a template change rebuilds everything: {line}"
    );
    assert!(server
        .get("/handbok/2019-2022/")
        .text()
        .contains("data-mall=andrad"));
}

#[test]
fn requests_that_try_to_leave_the_site_get_404() {
    let site = TestSite::new("basic");
    let server = Server::start(&site, &[]);
    for target in [
        "/handbok/../site.toml",
        "/handbok/../../etc/passwd",
        "/handbok/%2e%2e/site.toml",
        "/handbok/%2E%2E/%2E%2E/etc/passwd",
        "/handbok/2023-2026/..%2f..%2fsite.toml",
        "/handbok/..%5csite.toml",
        "//etc/passwd",
        "/handbok//etc/passwd",
        "/etc/passwd",
        "/handbok/%00",
    ] {
        let got = server.get(target);
        assert_eq!(got.status, 404, "{target}");
        assert!(!got.text().contains("root:"), "{target}");
    }
}

#[test]
fn a_symlink_out_of_the_site_is_refused_and_never_served() {
    let site = TestSite::new("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("hemlig.txt"), "HEMLIGT-UTANFOR").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("hemlig.txt"),
        site.path("content/2023-2026/plan/hemlig.txt"),
    )
    .unwrap();
    let mut server = Server::start(&site, &[]);
    assert!(
        server.saw_or_sees("content/2023-2026/plan/hemlig.txt is a symbolic link to"),
        "{}",
        server.seen.join("\n")
    );
    let got = server.get("/handbok/2023-2026/plan/hemlig.txt");
    assert_ne!(got.status, 200);
    assert!(!got.text().contains("HEMLIGT"));
}

#[test]
fn a_taken_port_is_named_with_a_free_one_to_try() {
    let site = TestSite::new("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = site.run(&["serve", "--port", &port]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot serve on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("try another port: handbok serve --port "),
        "{stderr}"
    );
}

#[test]
fn another_address_needs_bind_and_warns_and_ctrl_c_stops_cleanly() {
    let site = TestSite::new("basic");
    let mut server = Server::start(&site, &["--bind", "0.0.0.0"]);
    assert!(
        server.saw_or_sees("stderr: warning: serving on 0.0.0.0"),
        "{:?}",
        server.seen
    );
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    server.wait_for("Stopped.");
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    // It wrote nothing into the site's folder.
    assert!(!site.path("public").exists());
}
