//! `handbok serve`: live preview for the staff who edit the handbook.
//!
//! Builds the site into memory and serves it on 127.0.0.1 with tiny_http; notify (debounced)
//! watches `content/`, `themes/` and `site.toml`, rebuilds on every change and tells the open
//! pages over Server-Sent Events to reload, or to show the build error over the page. The last
//! good site stays served while the sources are broken. Nothing is written to disk: the pages
//! are the same bytes `handbok build` writes, plus one script and stylesheet tag.

mod http;
mod memory;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify_debouncer_full::{new_debouncer, notify::RecursiveMode, DebounceEventResult};

use crate::build::{self, Options as BuildOptions};
use crate::model::diagnostic::{render_all, render_warnings};

pub use http::{content_type, inject, reply, safe_path, Files, Reply};
pub use memory::Memory;

/// How long the watcher waits for more events after one: editors save in a burst of writes
/// and renames within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// `handbok serve`'s settings.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    /// Any address other than 127.0.0.1 must be asked for.
    pub bind: Option<IpAddr>,
    pub drafts: bool,
    pub internal: bool,
    pub open: bool,
    /// The day of the build, for every rebuild of this session.
    pub today: crate::model::election::Date,
}

/// A change pushed to the open pages.
#[derive(Debug, Clone)]
enum Event {
    Reload,
    BuildError(String),
}

/// What the request threads share with the rebuild loop.
#[derive(Default)]
struct LiveSite {
    files: RwLock<Option<Arc<Files>>>,
    base_path: RwLock<String>,
    error: RwLock<Option<String>>,
    clients: Mutex<Vec<mpsc::Sender<Event>>>,
}

impl LiveSite {
    fn broadcast(&self, event: &Event) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|client| client.send(event.clone()).is_ok());
        }
    }
}

pub fn run(options: Options) -> ExitCode {
    let address = options.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    if !address.is_loopback() {
        eprintln!(
            "warning: serving on {address}: anyone who can reach this machine can read the site{}",
            if options.drafts {
                ", drafts included"
            } else {
                ""
            }
        );
    }
    let server = match tiny_http::Server::http((address, options.port)) {
        Ok(server) => Arc::new(server),
        Err(error) => {
            eprintln!("error: cannot serve on {address}:{}: {error}", options.port);
            if let Some(free) = free_port(address, options.port) {
                eprintln!("  = try another port: handbok serve --port {free}");
            }
            return ExitCode::from(1);
        }
    };
    let port = server
        .server_addr()
        .to_ip()
        .map_or(options.port, |a| a.port());
    let host = match address {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    let origin = format!("http://{host}:{port}");
    let shared = Arc::new(LiveSite::default());
    let mut memory = Memory::default();
    let builder = Builder {
        // Absolute, so the watcher's paths can be told apart by folder.
        root: std::path::absolute(&options.root).unwrap_or_else(|_| options.root.clone()),
        drafts: options.drafts,
        internal: options.internal,
        origin: origin.clone(),
        today: options.today,
    };
    // Watching starts before the first build, so no change made from here on is missed.
    let Some(watching) = start_watching(&builder.root) else {
        return ExitCode::from(1);
    };
    builder.rebuild(&mut memory, &shared, "start");
    let base_path = read(&shared.base_path);
    println!("Serving the handbook on {origin}{base_path} (Ctrl-C stops)");
    if options.open {
        open_browser(&format!("{origin}{base_path}"));
    }
    let stopper = Arc::clone(&server);
    if let Err(error) = ctrlc::set_handler(move || stopper.unblock()) {
        eprintln!("warning: Ctrl-C will not stop the server cleanly: {error}");
    }
    let watched = Arc::clone(&shared);
    std::thread::spawn(move || builder.watch(memory, &watched, watching));
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || answer(request, &shared));
    }
    println!("Stopped.");
    ExitCode::SUCCESS
}

/// Rebuilds the site into memory.
struct Builder {
    root: PathBuf,
    drafts: bool,
    internal: bool,
    origin: String,
    today: crate::model::election::Date,
}

impl Builder {
    fn rebuild(&self, memory: &mut Memory, shared: &LiveSite, cause: &str) {
        let started = Instant::now();
        let base_path = crate::model::config::load(&self.root)
            .map(|c| c.base_path())
            .unwrap_or_else(|_| "/".to_string());
        let options = BuildOptions {
            root: self.root.clone(),
            out: None,
            drafts: self.drafts,
            internal: self.internal,
            base_url: Some(format!("{}{base_path}", self.origin)),
            write: false,
            force: false,
            today: self.today,
        };
        let built = build::files(
            &options,
            &indicatif::ProgressBar::hidden(),
            Some(&mut memory.cache),
        )
        .and_then(|(files, summary)| Ok((memory.update(files)?, summary)));
        let millis = started.elapsed().as_secs_f64() * 1000.0;
        match built {
            Ok((files, summary)) => {
                eprint!("{}", render_warnings(&summary.warnings));
                let mut notes: Vec<String> = memory
                    .cache
                    .pages_reused
                    .iter()
                    .filter(|(_, reused, _)| *reused > 0)
                    .map(|(id, reused, pages)| format!("{reused} of {pages} pages of {id} reused"))
                    .collect();
                if !memory.cache.reused.is_empty() {
                    notes.push(format!("{} unchanged", memory.cache.reused.join(", ")));
                }
                let reused = match notes.as_slice() {
                    [] => String::new(),
                    notes => format!(" ({})", notes.join("; ")),
                };
                println!(
                    "{cause}: built {} pages in {millis:.0} ms{reused}",
                    summary.pages
                );
                write(&shared.files, Some(Arc::new(files)));
                write(&shared.base_path, base_path);
                write(&shared.error, None);
                shared.broadcast(&Event::Reload);
            }
            Err(problems) => {
                eprint!("{}", render_all(&problems));
                // The page shows the errors; warnings stay in the terminal.
                let errors: Vec<_> = problems.into_iter().filter(|d| d.is_error()).collect();
                let text = render_all(&errors);
                println!(
                    "{cause}: build failed in {millis:.0} ms; still serving the last good site"
                );
                write(&shared.error, Some(text.clone()));
                shared.broadcast(&Event::BuildError(text));
            }
        }
    }

    /// Rebuilds after every change to the sources until the process ends.
    fn watch(self, mut memory: Memory, shared: &LiveSite, watching: Watching) {
        // The debouncer stops watching when dropped: keep it for as long as the loop runs.
        let (_debouncer, changes) = watching;
        for result in changes {
            let Ok(events) = result else { continue };
            // Reading files (the build itself does) is not a change.
            let mut changed: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| e.kind.is_create() || e.kind.is_modify() || e.kind.is_remove())
                .flat_map(|e| e.event.paths)
                .filter(|p| is_source(&self.root, p))
                .collect();
            changed.dedup();
            let Some(first) = changed.first() else {
                continue;
            };
            let shown = crate::model::paths::display_path(&self.root, first);
            let more = match changed.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            self.rebuild(
                &mut memory,
                shared,
                &format!("{}{more} changed", shown.display()),
            );
        }
    }
}

type Watching = (
    notify_debouncer_full::Debouncer<
        notify_debouncer_full::notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    mpsc::Receiver<DebounceEventResult>,
);

/// Watches `content/`, `themes/` and the root folder (for `site.toml`; editors often replace a
/// file, which a watch on the file itself would lose).
fn start_watching(root: &Path) -> Option<Watching> {
    let (sender, changes) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(DEBOUNCE, None, sender) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            eprintln!("error: cannot watch for changes: {error}");
            return None;
        }
    };
    for (path, mode) in [
        (root.join("content"), RecursiveMode::Recursive),
        (root.join("themes"), RecursiveMode::Recursive),
        (root.to_path_buf(), RecursiveMode::NonRecursive),
    ] {
        if let Err(error) = debouncer.watch(&path, mode) {
            eprintln!("warning: cannot watch {}: {error}", path.display());
        }
    }
    Some((debouncer, changes))
}

/// A file whose change should rebuild the site: under `content/` or `themes/`, or `site.toml`;
/// editors' hidden and backup files are left out.
fn is_source(root: &Path, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
        return false;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel == Path::new("site.toml") || rel.starts_with("content") || rel.starts_with("themes")
}

fn answer(request: tiny_http::Request, shared: &LiveSite) {
    let url = request.url().to_string();
    if url.split('?').next() == Some(http::EVENTS) {
        events(request, shared);
        return;
    }
    let files = read(&shared.files);
    let base_path = read(&shared.base_path);
    let reply = reply(&url, files.as_deref(), &base_path);
    let head = request.method() == &tiny_http::Method::Head;
    let mut response = tiny_http::Response::from_data(if head { Vec::new() } else { reply.body })
        .with_status_code(reply.status);
    for (name, value) in [
        ("Content-Type", reply.content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
    ]
    .into_iter()
    .chain(reply.location.map(|to| ("Location", to)))
    {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    let _ = request.respond(response);
}

/// A Server-Sent Events stream: the current build error at once, then every change.
fn events(request: tiny_http::Request, shared: &LiveSite) {
    let (sender, receiver) = mpsc::channel();
    let error = read(&shared.error);
    if let Ok(mut clients) = shared.clients.lock() {
        clients.push(sender);
    }
    let mut writer = request.into_writer();
    let mut send = |text: &str| {
        writer
            .write_all(text.as_bytes())
            .and_then(|_| writer.flush())
    };
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\nretry: 500\n\n";
    if send(head).is_err() {
        return;
    }
    if let Some(text) = error {
        if send(&event_text(&Event::BuildError(text))).is_err() {
            return;
        }
    }
    loop {
        let text = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event_text(&event),
            Err(mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if send(&text).is_err() {
            return;
        }
    }
}

fn event_text(event: &Event) -> String {
    match event {
        Event::Reload => "event: reload\ndata: {}\n\n".to_string(),
        Event::BuildError(text) => format!(
            "event: build-error\ndata: {}\n\n",
            serde_json::json!({ "text": text })
        ),
    }
}

/// The next port that can be bound, to suggest when the one asked for is taken.
fn free_port(address: IpAddr, taken: u16) -> Option<u16> {
    (taken.saturating_add(1)..taken.saturating_add(50))
        .find(|port| std::net::TcpListener::bind((address, *port)).is_ok())
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("note: could not open a browser; open {url} yourself");
    }
}

fn read<T: Clone + Default>(lock: &RwLock<T>) -> T {
    lock.read().map(|value| value.clone()).unwrap_or_default()
}

fn write<T>(lock: &RwLock<T>, value: T) {
    if let Ok(mut guard) = lock.write() {
        *guard = value;
    }
}
