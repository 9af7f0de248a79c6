//! Writes a deterministic benchmark site: a complete handbok root with as many pages of Swedish
//! prose as asked for, in one or more adopted revisions.
//!
//! ```text
//! cargo run --release --example gen-corpus -- --pages N [--revisions R] [--seed S] [--force] OUT
//! ```
//!
//! `OUT` gets `site.toml` and `themes/` copied from this repository, and `content/<rev>/` for
//! each revision (`2015-2018`, `2019-2022`, `2023-2026`: the newest ends in 2026). A revision has
//! a start page, `N` pages in sections of 50 (`del-<k>/_index.md` + `del-<k>/<slug>.md`), the
//! bundled `definitions.yaml`, checklists and quiz (their links pointed at generated pages).
//!
//! Pages are about 800 words each: headings, paragraphs, lists, a table, internal links with and
//! without anchors, sometimes a callout, and the defined terms with their inflections. The text
//! comes from a built-in Swedish lexicon (nouns with all four forms, compounds, adjectives that
//! agree, verbs in six forms) and sentence patterns, driven by a seeded SplitMix64, so a search
//! index sees several thousand word forms. The same arguments give byte-identical output; older
//! revisions differ from the newest in about one block in seven, like a revised plan.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use rayon::prelude::*;

/// The repository this example belongs to: `site.toml`, `themes/` and the bundled content.
const REPO: &str = env!("CARGO_MANIFEST_DIR");
const PAGES_PER_SECTION: usize = 50;
/// The newest revision is `2023-2026`; each older one is the term before.
const NEWEST_TERM_START: usize = 2023;
/// Markdown paragraphs are wrapped like the bundled content.
const WRAP: usize = 100;

#[derive(Parser)]
#[command(
    name = "gen-corpus",
    about = "Writes a deterministic benchmark handbok site with N pages of Swedish prose"
)]
struct Args {
    /// Content pages per revision (the start page and one page per section come on top)
    #[arg(long)]
    pages: usize,
    /// Revisions to write, the newest `2023-2026`, each older one the term before
    #[arg(long, default_value_t = 1)]
    revisions: usize,
    /// Seed for the text; the same seed gives byte-identical output
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write into OUT even if it is not empty (its content/ and themes/ are replaced)
    #[arg(long)]
    force: bool,
    /// Folder to write the site into
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.pages == 0 || args.revisions == 0 {
        eprintln!("gen-corpus: --pages and --revisions must be at least 1");
        return ExitCode::from(2);
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen-corpus: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    prepare_out(&args.out, args.force)?;
    let lex = Lexicon::new();
    let plans = plan_pages(&lex, args.seed, args.pages);
    let bundled = Bundled::read(&plans)?;

    let site_toml = read(&Path::new(REPO).join("site.toml"))?;
    write(
        &args.out.join("site.toml"),
        &format!(
            "# Benchmark site written by examples/gen-corpus.rs (--pages {} --revisions {} --seed {}).\n{site_toml}",
            args.pages, args.revisions, args.seed
        ),
    )?;
    copy_dir(&Path::new(REPO).join("themes"), &args.out.join("themes"))?;

    let mut words = 0;
    for index in 0..args.revisions {
        let age = args.revisions - 1 - index;
        words += write_revision(&lex, &plans, &bundled, args, age)?;
    }
    let pages = args.pages * args.revisions;
    println!(
        "gen-corpus: wrote {} revision(s) × {} pages ({} sections) to {} in {:.2} s; {} words in content pages, {:.0} per page",
        args.revisions,
        args.pages,
        plans.last().map_or(0, |p| p.section),
        args.out.display(),
        started.elapsed().as_secs_f64(),
        words,
        words as f64 / pages as f64
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Files

fn prepare_out(out: &Path, force: bool) -> Result<(), String> {
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                if !force {
                    return Err(format!(
                        "{} exists and is not empty; pass --force to write into it anyway \
                         (its content/ and themes/ are replaced)",
                        out.display()
                    ));
                }
                for name in ["content", "themes"] {
                    let path = out.join(name);
                    if path.exists() {
                        std::fs::remove_dir_all(&path)
                            .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
                    }
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot read {}: {e}", out.display())),
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn create_dir(path: &Path) -> Result<(), String> {
    std::fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        let rel = entry
            .path()
            .strip_prefix(from)
            .expect("walkdir stays inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            create_dir(&target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| {
                format!(
                    "cannot copy {} to {}: {e}",
                    entry.path().display(),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}

/// The bundled definitions, checklists and quiz, with links pointed at generated pages.
struct Bundled {
    /// (file name, text) in `checklists/`.
    checklists: Vec<(String, String)>,
    /// (file name, text) in `quizzes/`.
    quizzes: Vec<(String, String)>,
    definitions: String,
    /// Checklist ids, for `{{ checklist(id=…) }}` in some pages.
    checklist_ids: Vec<String>,
}

impl Bundled {
    fn read(plans: &[PagePlan]) -> Result<Self, String> {
        let content = Path::new(REPO).join("content");
        let mut revisions: Vec<PathBuf> = std::fs::read_dir(&content)
            .map_err(|e| format!("cannot read {}: {e}", content.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.join("definitions.yaml").is_file()
                    && p.join("checklists").is_dir()
                    && p.join("quizzes").is_dir()
            })
            .collect();
        revisions.sort();
        let Some(source) = revisions.pop() else {
            return Err(format!(
                "no revision with definitions.yaml, checklists/ and quizzes/ in {}",
                content.display()
            ));
        };
        let yaml_files = |folder: &str| -> Result<Vec<(String, String)>, String> {
            let dir = source.join(folder);
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect();
            files.sort();
            files
                .iter()
                .map(|path| {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    Ok((name.into_owned(), rewrite_links(&read(path)?, plans)))
                })
                .collect()
        };
        let checklists = yaml_files("checklists")?;
        let quizzes = yaml_files("quizzes")?;
        let checklist_ids = checklists
            .iter()
            .filter_map(|(_, text)| {
                text.lines()
                    .find_map(|l| l.strip_prefix("id: "))
                    .map(|id| id.trim().trim_matches('"').to_string())
            })
            .collect();
        Ok(Bundled {
            checklists,
            quizzes,
            definitions: rewrite_links(&read(&source.join("definitions.yaml"))?, plans),
            checklist_ids,
        })
    }
}

/// Points every `@/…` link that is not to the glossary, a checklist or a quiz at a generated
/// page (chosen by a hash of the old path, so the same old link always lands on the same page),
/// and an anchor at one of that page's headings.
fn rewrite_links(text: &str, plans: &[PagePlan]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("@/") {
        out.push_str(&rest[..at + 2]);
        let after = &rest[at + 2..];
        let end = after
            .find(|c: char| c == '"' || c == '\'' || c == ')' || c == ']' || c.is_whitespace())
            .unwrap_or(after.len());
        let target = &after[..end];
        let (path, anchor) = match target.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (target, None),
        };
        if path == "definitions.yaml"
            || path.starts_with("checklists/")
            || path.starts_with("quizzes/")
        {
            out.push_str(target);
        } else {
            let plan = &plans[fnv(path) as usize % plans.len()];
            out.push_str(&plan.source);
            if let Some(anchor) = anchor {
                let heading = &plan.headings[fnv(anchor) as usize % plan.headings.len()];
                out.push('#');
                out.push_str(&heading.id);
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes one revision; returns the words in its content pages.
fn write_revision(
    lex: &Lexicon,
    plans: &[PagePlan],
    bundled: &Bundled,
    args: &Args,
    age: usize,
) -> Result<usize, String> {
    let start = NEWEST_TERM_START - 4 * age;
    let id = format!("{start}-{}", start + 3);
    let dir = args.out.join("content").join(&id);
    let sections = plans.last().map_or(0, |p| p.section);
    for section in 1..=sections {
        create_dir(&dir.join(format!("del-{section}")))?;
    }
    create_dir(&dir.join("checklists"))?;
    create_dir(&dir.join("quizzes"))?;

    write(&dir.join("definitions.yaml"), &bundled.definitions)?;
    for (name, text) in &bundled.checklists {
        write(&dir.join("checklists").join(name), text)?;
    }
    for (name, text) in &bundled.quizzes {
        write(&dir.join("quizzes").join(name), text)?;
    }
    write(
        &dir.join("_index.md"),
        &start_page(lex, plans, bundled, args.seed, age),
    )?;
    (1..=sections).into_par_iter().try_for_each(|section| {
        write(
            &dir.join(format!("del-{section}/_index.md")),
            &section_page(lex, plans, section, args.seed, age),
        )
    })?;
    let words: Vec<usize> = plans
        .par_iter()
        .enumerate()
        .map(|(index, plan)| {
            let (text, words) = page(lex, plans, index, age, &bundled.checklist_ids);
            write(&dir.join(&plan.source), &text).map(|()| words)
        })
        .collect::<Result<_, _>>()?;

    // Adopted and sealed, as `handbok revision adopt` leaves it. revision.yaml is not part of
    // the seal, so it is written last.
    let mut meta = Rng::new(mix(args.seed, 0x5245_5649 + start as u64));
    let decided_by = if age == 0 || meta.chance(50) {
        "Kommunstyrelsen"
    } else {
        "Kommunfullmäktige"
    };
    let seal = handbok::model::seal::compute(&dir).map_err(|d| d.message.clone())?;
    let mut yaml = format!(
        "# Genererad av examples/gen-corpus.rs.\nstatus: adopted\ntitle: \"Handlingsplan {start}–{}\"\n\
         adopted: {start}-{:02}-{:02}\ndecided_by: {decided_by}\nreference: \"KS {start}/{:05}\"\n\
         summary: {}\nseal:\n  sha256: {}\n  files:\n",
        start + 3,
        meta.range(2, 6),
        meta.range(1, 28),
        meta.range(100, 2999),
        yaml_str(&revision_summary(lex, &mut meta)),
        seal.sha256
    );
    for (path, hash) in &seal.files {
        yaml.push_str(&format!("    {path}: {hash}\n"));
    }
    write(&dir.join("revision.yaml"), &yaml)?;
    Ok(words.iter().sum())
}

/// A sentence or two on what the revision changes, for its revision page.
fn revision_summary(lex: &Lexicon, rng: &mut Rng) -> String {
    let a = lex.plural_np(rng, Cat::Doc);
    let b = lex.np_def(rng, Cat::Risk);
    let c = lex.plural_np(rng, Cat::Threat);
    format!(
        "Revisionen uppdaterar {a} och beskriver {b} tydligare. Den har också nya exempel på {c}."
    )
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n below 2³²).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// Like [`Rng::pick`], but the first items are the most likely: index `n·u²`.
    fn pick_skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let index = (u * u * items.len() as f64) as usize;
        &items[index.min(items.len() - 1)]
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn mix(a: u64, b: u64) -> u64 {
    Rng::new(a ^ b.wrapping_mul(0xd6e8_feb8_6659_fd93)).next()
}

// ---------------------------------------------------------------------------------------------
// Lexicon data

/// What a noun names; verbs and adjectives say which kinds they go with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cat {
    /// Something that happens to you: hot, hotbrev, kommentar.
    Threat,
    /// A document, routine or measure: rutin, riskbedömning.
    Doc,
    /// A situation or topic: hotbild, säkerhet, ansvar.
    Risk,
    Person,
    Org,
    Event,
    Place,
}

const CAT_COUNT: usize = 7;

fn cat(letter: char) -> Cat {
    match letter {
        'T' => Cat::Threat,
        'D' => Cat::Doc,
        'R' => Cat::Risk,
        'P' => Cat::Person,
        'O' => Cat::Org,
        'E' => Cat::Event,
        'L' => Cat::Place,
        _ => panic!("unknown category {letter}"),
    }
}

/// Nouns by category. `word/class`: `a` (fråga–frågor), `ar` (bedömning–bedömningar), `er`
/// (rutin–rutiner), `are` (samordnare), `n` (möte–möten), `t` (hot–hot); a trailing `-` means no
/// plural. Irregular nouns are spelled out: `sg;def;pl;def-pl;u|n` (`-` for no plural).
const NOUNS: &[(char, &str)] = &[
    (
        'T',
        "hot/t hotelse/er meddelande/n händelse/er incident/er kommentar/er mejl/t samtal/t \
         brev/t inlägg/t kränkning/ar förolämpning/ar påhopp/t skadegörelse/er förföljelse/er \
         utpressning/ar trakasseri;trakasseriet;trakasserier;trakasserierna;n hat/t- våld/t- \
         brott/t paket/t röstmeddelande/n kampanj/er budskap/t stalkning/ar- \
         misshandel;misshandeln;-;-;u muta/a erbjudande/n tillmäle/n glåpord/t ofredande/n \
         förtal/t- angrepp/t drev/t klotter;klottret;-;-;n rykte/n påtryckning/ar skärmbild/er \
         handling/ar affisch/er skada/a skällsord/t hån/t- lögn/er desinformation/er- \
         smutskastning/ar uthängning/ar doxning/ar \
         bedrägeri;bedrägeriet;bedrägerier;bedrägerierna;n intrång/t kapning/ar inbrott/t \
         stöld/er knuff/ar slag/t attack/er överfall/t spottloska/a försök/t",
    ),
    (
        'D',
        "rutin/er riktlinje/er handlingsplan/er checklista/a plan/er bedömning/ar rapport/er \
         anmälan;anmälan;anmälningar;anmälningarna;u dokumentation/er- sammanställning/ar \
         uppföljning/ar analys/er rekommendation/er beslut/t protokoll/t underlag/t åtgärd/er \
         insats/er instruktion/er utbildning/ar övning/ar genomgång/ar information/er- \
         policy;policyn;policyer;policyerna;u strategi/er logg/ar mall/ar lista/a avtal/t \
         program;programmet;program;programmen;n material/t skydd/t larm/t rådgivning/ar- \
         hantering/ar- samordning/ar- planering/ar- rapportering/ar- \
         diarium;diariet;diarier;diarierna;n ärende/n dokument/t blankett/er formulär/t \
         handbok;handboken;handböcker;handböckerna;u kontroll/er utredning/ar rubricering/ar \
         beskrivning/ar utrustning/ar uppgift/er nummer;numret;nummer;numren;n adress/er \
         anteckning/ar förslag/t system/t konto/n moment/t arkiv/t \
         sedel;sedeln;sedlar;sedlarna;u regel;regeln;regler;reglerna;u \
         exempel;exemplet;exempel;exemplen;n kommunikation/er- spridning/ar beredning/ar \
         funktion/er undersökning/ar process/er karta/a förteckning/ar sammanfattning/ar \
         redovisning/ar riktmärke/n nyckeltal/t enkät/er statistik/er- översyn/er",
    ),
    (
        'R',
        "risk/er situation/er läge;läget;lägen;lägena;n bild/er nivå/er fråga/a arbete/n \
         säkerhet/er- trygghet/er- utsatthet/er- oro;oron;-;-;u rädsla/a konsekvens/er behov/t \
         mönster;mönstret;mönster;mönstren;n förändring/ar utveckling/ar trend/er \
         demokrati/er- förtroende/n- integritet/er- yttrandefrihet/er- mandatperiod/er \
         valrörelse/er uppdrag/t roll/er ansvar/t- sårbarhet/er omständighet/er \
         faktor;faktorn;faktorer;faktorerna;u miljö/er område/n sammanhang/t aspekt/er \
         dialog/er samverkan;samverkan;-;-;u kontakt/er prioritering/ar perspektiv/t känsla/a \
         misstanke;misstanken;misstankar;misstankarna;u kultur/er form/er tid/er post/er väg/ar \
         sätt/t år/t beredskap/er- rörelse/er plikt/er värde/n stöd/t- del/ar vardag/ar \
         familj/er kunskap/er medvetenhet/er- bemötande/n tystnad/er- tillit/er- respekt/er- \
         ordning/ar öppenhet/er- yttrande/n klimat/t samhälle/n opinion/er engagemang/t \
         påverkan;påverkan;-;-;u frihet/er rättighet/er skyldighet/er befogenhet/er mandat/t \
         erfarenhet/er kompetens/er resurs/er hälsa;hälsan;-;-;u stress/er-",
    ),
    (
        'P',
        "ledamot;ledamoten;ledamöter;ledamöterna;u ersättare/are \
         ordförande;ordföranden;ordförande;ordförandena;u gruppledare/are samordnare/are \
         kontaktperson/er chef/er handläggare/are kommunalråd/t politiker/are medarbetare/are \
         sekreterare/are kollega/a polis/er väktare/are företrädare/are deltagare/are \
         invånare/are utredare/are jurist/er expert/er tjänsteperson/er talesperson/er ombud/t \
         vittne/n gärningsperson/er motpart/er mottagare/are avsändare/are person/er \
         offer;offret;offer;offren;n givare/are kamrat/er revisor;revisorn;revisorer;revisorerna;u \
         medlem;medlemmen;medlemmar;medlemmarna;u barn/t granne;grannen;grannar;grannarna;u \
         vän;vännen;vänner;vännerna;u förälder;föräldern;föräldrar;föräldrarna;u \
         kurator;kuratorn;kuratorer;kuratorerna;u målsägande;målsäganden;målsägande;målsägandena;u \
         åklagare/are journalist/er väljare/are medborgare/are kommundirektör/er konsult/er \
         psykolog/er partiledare/are",
    ),
    (
        'O',
        "förvaltning/ar nämnd/er styrelse/er avdelning/ar enhet/er \
         kansli;kansliet;kanslier;kanslierna;n organisation/er myndighet/er bolag/t \
         parti;partiet;partier;partierna;n ledning/ar koncern/er grupp/er panel/er part/er \
         ledningskontor/t nätverk/t råd/t förening/ar redaktion/er domstol/ar länsstyrelse/er \
         region/er valberedning/ar forum;forumet;forum;forumen;n",
    ),
    (
        'E',
        "möte/n sammanträde/n evenemang/t debatt/er träff/ar utfrågning/ar manifestation/er \
         demonstration/er presskonferens/er seminarium;seminariet;seminarier;seminarierna;n \
         konferens/er resa/a besök/t tillfälle/n pass/t dag/ar omröstning/ar vandring/ar \
         valvaka/a samråd/t invigning/ar ceremoni/er mottagning/ar",
    ),
    (
        'L',
        "hus/t bibliotek/t station/er stuga/a sal/ar plats/er lokal/er kontor/t \
         rum;rummet;rum;rummen;n hem;hemmet;hem;hemmen;n fält/t bil/ar dörr/ar brevlåda/a \
         fönster;fönstret;fönster;fönstren;n",
    ),
];

/// Compounds: a prefix as it is joined (`säkerhets`) and the heads it goes with. A head can take
/// another category than it has alone (`handling:T`).
const COMPOUNDS: &[(&str, &str)] = &[
    ("hot", "bild:R bedömning brev samtal meddelande situation nivå händelse fråga analys kommentar mejl kampanj inlägg utsatthet rapport"),
    ("döds", "hot"),
    ("hat", "brev brott kampanj meddelande kommentar budskap inlägg drev"),
    ("nät", "hat hot kränkning trakasseri drev angrepp"),
    ("vålds", "brott handling:T risk situation incident hot"),
    ("brotts", "anmälan offer misstanke utredning plats rubricering"),
    ("säkerhets", "samordnare rutin åtgärd fråga arbete plan analys bedömning skydd samtal nivå avdelning kultur ansvar kontroll läge rådgivning insats genomgång"),
    ("trygghets", "samordnare arbete fråga undersökning:D process:D åtgärd plan vandring:E"),
    ("risk", "bedömning analys nivå faktor bild grupp:R situation miljö område hantering"),
    ("incident", "rapport rapportering hantering logg rutin uppföljning"),
    ("kris", "stöd samtal plan grupp ledning situation hantering beredskap kommunikation"),
    ("mötes", "säkerhet plats lokal ordförande deltagare form anteckning tid rum"),
    ("nämnd", "sammanträde ledamot sekreterare ordförande beslut ärende möte arbete protokoll"),
    ("kommun", "styrelse invånare ledning organisation koncern bolag jurist"),
    ("stads", "ledning del hus jurist revisor ledningskontor bibliotek arkiv"),
    ("parti", "kansli ledning företrädare grupp kamrat organisation möte program sekreterare styrelse"),
    ("polis", "anmälan utredning insats kontakt station"),
    ("förtroende", "uppdrag post fråga"),
    ("uppdrags", "givare tid beskrivning"),
    ("demokrati", "brott:T fråga arbete utveckling dag"),
    ("skydds", "åtgärd plan nivå behov ombud utrustning"),
    ("kontakt", "person uppgift väg lista"),
    ("person", "uppgift skydd larm säkerhet"),
    ("telefon", "nummer samtal tid hot kontakt"),
    ("stöd", "samtal insats person funktion åtgärd material"),
    ("utbildnings", "tillfälle material dag insats plan pass moment"),
    ("arbets", "miljö plats givare grupp sätt uppgift dag tid rum"),
    ("hem", "adress larm besök miljö"),
    ("egendoms", "skada brott"),
    ("läges", "bild rapport bedömning"),
    ("beredskaps", "plan nivå arbete samordnare"),
    ("informations", "säkerhet insats material möte spridning"),
    ("val", "rörelse stuga kampanj möte affisch arbete år dag debatt sedel"),
    ("medborgar", "dialog:E möte kontor förslag panel dag"),
    ("press", "kontakt meddelande fråga träff bild"),
    ("samverkans", "möte rutin form avtal grupp part"),
    ("ärende", "hantering lista beredning system"),
    ("gärnings", "person"),
    ("mejl", "konto adress"),
    ("kommentars", "fält"),
    ("bevis", "material värde"),
    ("evenemangs", "säkerhet plats plan"),
    ("fullmäktige", "sammanträde sal ledamot ordförande möte beslut ärende grupp"),
    ("rapporterings", "rutin väg system"),
    ("familje", "medlem situation"),
    ("budget", "debatt arbete beslut möte"),
    ("anmälnings", "blankett rutin"),
    ("besöks", "adress tid"),
    ("mord", "hot försök"),
    ("bomb", "hot"),
    ("bluff", "mejl samtal"),
    ("folk", "möte omröstning"),
    ("torg", "möte"),
    ("studie", "besök dag"),
    ("tid", "plan"),
    ("samhälls", "klimat debatt utveckling fråga"),
    ("yttrande", "frihet"),
    ("mötes", "frihet"),
    ("debatt", "klimat"),
];

/// Topic prefixes that combine with every one of [`GENERIC_HEADS`]: krisövning,
/// säkerhetsutbildning, valnätverk.
const DOMAIN_PREFIXES: &str = "hot vålds säkerhets trygghets risk kris incident brotts skydds \
    beredskaps informations demokrati samverkans stöd polis mötes val press hat integritets \
    evenemangs arbetsmiljö kommunikations rapporterings";

const GENERIC_HEADS: &str = "rutin plan arbete fråga åtgärd insats analys bedömning utbildning \
    övning samordnare grupp möte rapport material policy strategi handbok checklista genomgång \
    uppföljning information kontroll samtal ansvar perspektiv kunskap medvetenhet dialog nätverk \
    forum expert handläggare uppdrag beslut ärende system process kultur område funktion chef";

/// Adjectives by the categories they go with (`*` all). Regular ones get `-t` and `-a` (with the
/// usual rules for `-ad`, `-d`, `-t`, `-ande`); irregular ones are spelled out `utr;neu;pl`.
const ADJECTIVES: &[(&str, &str)] = &[
    ("*", "ny;nytt;nya aktuell särskild viktig stor;stort;stora"),
    ("TRE", "allvarlig farlig"),
    ("T", "hotfull kränkande anonym upprepad otillbörlig straffbar brottslig misstänkt olaga hatisk hotande telefonisk anmäld polisanmäld kraftig grov lindrig"),
    ("TP", "aggressiv enskild"),
    ("TR", "vanlig ovanlig akut oroande svår"),
    ("TE", "våldsam;våldsamt;våldsamma obehaglig återkommande pågående"),
    ("TDE", "digital omfattande"),
    ("TD", "systematisk skriftlig muntlig privat personlig organiserad"),
    ("DR", "tydlig snabb konkret samlad långsiktig central övergripande rimlig kontinuerlig känslig proaktiv nationell egen;eget;egna"),
    ("DRE", "lokal säker;säkert;säkra gemensam;gemensamt;gemensamma kommunal"),
    ("D", "praktisk tillgänglig lämplig nödvändig enkel;enkelt;enkla förebyggande formell strukturerad stödjande skyddad sekretessbelagd noggrann;noggrant;noggranna fortlöpande elektronisk saklig respektfull ömsesidig kvalificerad ytterligare nuvarande"),
    ("DE", "offentlig öppen;öppet;öppna informell extern intern regelbunden;regelbundet;regelbundna"),
    ("RE", "trygg politisk fysisk"),
    ("R", "psykisk demokratisk tidig stark svag hög låg ökad minskad förhöjd upplevd verklig"),
    ("P", "utsatt ansvarig berörd erfaren;erfaret;erfarna orolig kränkt ledsen;ledset;ledsna trött ensam;ensamt;ensamma drabbad hotad trakasserad förföljd nyvald ung;ungt;unga äldre;äldre;äldre"),
    ("T", "sexistisk rasistisk antisemitisk nedsättande förnedrande skrämmande hånfull falsk vilseledande förtäckt indirekt subtil uttalad explicit samordnad"),
    ("TR", "direkt"),
    ("D", "anonymiserad detaljerad kortfattad digitaliserad begriplig anpassad standardiserad konfidentiell"),
    ("DE", "årlig obligatorisk frivillig"),
    ("DRE", "tillfällig permanent"),
    ("R", "allmän;allmänt;allmänna samhällelig ekonomisk juridisk social mänsklig grundläggande komplex begränsad otydlig osäker;osäkert;osäkra oklar"),
    ("E", "välbesökt inställd uppskjuten;uppskjutet;uppskjutna stökig högljudd;högljutt;högljudda"),
    ("PR", "aktiv sårbar"),
    ("PE", "förberedd;förberett;förberedda"),
    ("E", "lugn riskfylld kommande"),
];

/// Verbs by the categories of their objects. `inf/1` (dokumentera) and `inf/2` (anmäla) are
/// regular; irregular ones are spelled out `inf;pres;pret;sup;imp;pass`. `+upp` is a particle.
const VERBS: &[(&str, &str)] = &[
    ("T", "dokumentera/1 polisanmäla/2 spara/1 diarieföra/2 fotografera/1 anteckna/1 registrera/1 vidarebefordra/1 upptäcka/2 samla/1+in lämna/1+över skicka/1+vidare ta;tar;tog;tagit;ta;tas+bort ignorera/1 blockera/1 skärmdumpa/1 kopiera/1 besvara/1 bemöta;bemöter;bemötte;bemött;bemöt;bemöts avfärda/1 stoppa/1 förhindra/1"),
    ("TD", "anmäla/2 granska/1 utreda;utreder;utredde;utrett;utred;utreds läsa/2 följa/2+upp gå;går;gick;gått;gå;gås+igenom bevara/1 ta;tar;tog;tagit;ta;tas+emot"),
    ("TR", "bedöma/2 hantera/1 uppmärksamma/1 förebygga/2 motverka/1 rapportera/1 kartlägga;kartlägger;kartlade;kartlagt;kartlägg;kartläggs"),
    ("D", "följa/2 uppdatera/1 revidera/1 ta;tar;tog;tagit;ta;tas+fram fastställa;fastställer;fastställde;fastställt;fastställ;fastställs sammanställa;sammanställer;sammanställde;sammanställt;sammanställ;sammanställs använda;använder;använde;använt;använd;används se;ser;såg;sett;se;ses+över förankra/1 sprida;sprider;spred;spridit;sprid;sprids ändra/1 komplettera/1 tillämpa/1 godkänna;godkänner;godkände;godkänt;godkänn;godkänns skriva;skriver;skrev;skrivit;skriv;skrivs upprätta/1 arkivera/1 formulera/1 distribuera/1 publicera/1 förnya/1 förtydliga/1 anpassa/1 implementera/1 kommunicera/1 presentera/1 redovisa/1 beställa;beställer;beställde;beställt;beställ;beställs"),
    ("DR", "utvärdera/1 beskriva;beskriver;beskrev;beskrivit;beskriv;beskrivs"),
    ("DE", "planera/1 genomföra/2 förbereda;förbereder;förberedde;förberett;förbered;förbereds"),
    ("E", "leda;leder;ledde;lett;led;leds ställa/2+in avbryta;avbryter;avbröt;avbrutit;avbryt;avbryts flytta/1 boka/1 dokumentera/1 arrangera/1 anordna/1 skjuta;skjuter;sköt;skjutit;skjut;skjuts+upp hålla;håller;höll;hållit;håll;hålls"),
    ("R", "analysera/1 diskutera/1 prioritera/1 stärka/2 utveckla/1 belysa/2 minska/1 lyfta/2 förbättra/1 öka/1 synliggöra;synliggör;synliggjorde;synliggjort;synliggör;synliggörs begränsa/1 förstå;förstår;förstod;förstått;förstå;förstås känna;känner;kände;känt;känn;känns+till påverka/1 förklara/1 undersöka/2 bevaka/1 övervaka/1 identifiera/1 värna/1 främja/1 säkerställa;säkerställer;säkerställde;säkerställt;säkerställ;säkerställs tydliggöra;tydliggör;tydliggjorde;tydliggjort;tydliggör;tydliggörs"),
    ("RP", "skydda/1"),
    ("P", "stödja;stöder;stödde;stött;stöd;stöds hjälpa/2 utbilda/1 uppmana/1 avlasta/1 intervjua/1 lugna/1 trösta/1 uppmuntra/1 skjutsa/1 vägleda;vägleder;vägledde;väglett;vägled;vägleds följa/2+med"),
    ("PO", "kontakta/1 informera/1 ringa/2 träffa/1 underrätta/1 involvera/1 varna/1 meddela/1 fråga/1 tipsa/1 bjuda;bjuder;bjöd;bjudit;bjud;bjuds+in"),
    ("O", "larma/1"),
];

/// Verbs for "Om du får ett hotfullt mejl …".
const RECEIVE: &str = "få;får;fick;fått;få;fås ta;tar;tog;tagit;ta;tas+emot upptäcka/2 hitta/1 se;ser;såg;sett;se;ses";

const ORGS: &[&str] = &[
    "polisen",
    "staden",
    "kommunstyrelsen",
    "stadsledningskontoret",
    "förvaltningen",
    "nämnden",
    "partiet",
    "företagshälsovården",
    "kommunfullmäktige",
    "Brottsförebyggande rådet",
    "Säkerhetspolisen",
    "säkerhetsavdelningen",
    "Sveriges Kommuner och Regioner",
    "valnämnden",
    "trygghets- och säkerhetsprocessen",
];

const NAMNDER: &[&str] = &[
    "byggnadsnämnden",
    "individ- och familjenämnden",
    "kulturnämnden",
    "tekniska nämnden",
    "miljö- och konsumentnämnden",
    "grundskolenämnden",
    "förskolenämnden",
    "äldrenämnden",
    "idrotts- och fritidsnämnden",
    "valnämnden",
    "överförmyndarnämnden",
    "utbildningsnämnden",
    "kretsloppsnämnden",
    "fastighetsnämnden",
    "kommunstyrelsen",
    "kommunfullmäktige",
];

const PERSONS_FIXED: &[&str] = &[
    "den förtroendevalda",
    "de förtroendevalda",
    "alla förtroendevalda",
    "den som är utsatt",
    "den som har utsatts",
    "varje förtroendevald",
    "politiska sekreterare",
    "den politiska sekreteraren",
];

const PLACES: &[&str] = &[
    "i stadshuset",
    "i fullmäktigesalen",
    "på torget",
    "i sammanträdesrummet",
    "vid entrén",
    "på parkeringen",
    "utanför ditt hem",
    "i ditt hem",
    "på biblioteket",
    "i valstugan",
    "på kontoret",
    "på tåget",
    "i Västerås",
    "i Bäckby",
    "i Vallby",
    "på Hälla",
    "i Skultuna",
    "i Dingtuna",
    "på Råby",
    "i Hammarby",
    "i Barkarö",
    "i Tillberga",
    "på Kungsängen",
    "i Skiljebo",
    "på Malmaberg",
    "i Pettersberg",
    "i Viksäng",
    "på Gideonsberg",
    "i Bjurhovda",
    "i Erikslund",
    "i centrum",
    "på Öster Mälarstrand",
    "i Irsta",
    "i Kärrbo",
    "på Haga",
    "på Norrmalm",
    "i Kristiansborg",
    "på Djäkneberget",
    "i Önsta-Gryta",
    "i Vetterslund",
    "på Stenby",
    "i Lillhamra",
    "på Finnslätten",
    "i Rocklunda",
    "i Hökåsen",
    "på Brottberga",
    "i Nordanby",
];

const CHANNELS: &[&str] = &[
    "via telefon",
    "via mejl",
    "via sms",
    "i sociala medier",
    "i ett brev",
    "i kommentarsfältet",
    "på plats",
    "via en chattapp",
    "i ett röstmeddelande",
    "via e-post",
    "i ett paket",
    "på ett möte",
    "via ett anonymt konto",
    "i ett direktmeddelande",
];

const CHANNEL_NAMES: &[&str] = &[
    "Telefon",
    "Mejl",
    "Brev",
    "Sociala medier",
    "Sms",
    "På plats",
    "Hemma",
    "Paket",
    "Möten",
    "Chattappar",
];

const TIMES: &[&str] = &[
    "inom en vecka",
    "samma dag",
    "så snart som möjligt",
    "före nästa sammanträde",
    "efter varje sammanträde",
    "under valrörelsen",
    "på kvällstid",
    "varje år",
    "en gång per mandatperiod",
    "inom 24 timmar",
    "direkt",
    "i efterhand",
    "två gånger per år",
    "i början av mandatperioden",
    "under hela mandatperioden",
    "vid varje nytt uppdrag",
    "senast dagen efter",
    "i god tid före mötet",
    "under helger",
    "när faran är över",
    "efter en incident",
    "under våren",
    "under hösten",
    "under sommaren",
    "under vintern",
];

const MONTHS: &[&str] = &handbok::model::election::MONTHS;

const MANNER: &[&str] = &[
    "utan dröjsmål",
    "vid behov",
    "i första hand",
    "så snart som möjligt",
    "på ett säkert sätt",
    "i god tid",
    "skriftligt",
    "noggrant",
    "omgående",
    "regelbundet",
    "i tid",
    "för säkerhets skull",
];

const NAMES: &[&str] = &[
    "Anna", "Erik", "Fatima", "Johan", "Maria", "Ahmed", "Karin", "Lars", "Sara", "Mikael",
    "Leila", "Jonas", "Elin", "Hassan", "Emma", "Per", "Linnea", "Oskar", "Amira", "Magnus",
    "Helena", "Daniel", "Nora", "Yusuf", "Sofia", "Anders", "Ingrid", "Samir", "Cecilia", "Peter",
    "Zeynep", "Björn", "Åsa", "Örjan", "Märta", "Göran", "Ebba", "Tove", "Milan", "Aisha",
];

const MID_ADVERBS: &[&str] = &[
    "alltid", "också", "även", "ofta", "gärna", "först", "sedan", "dessutom", "helst", "normalt",
    "oftast",
];

const MODALS: &[&str] = &["ska", "kan", "bör", "behöver", "måste", "får"];

const OPENERS: &[&str] = &[
    "Därför",
    "Sedan",
    "Dessutom",
    "Vid behov",
    "I första hand",
    "I vissa fall",
    "Ofta",
    "Efter det",
    "Samtidigt",
    "I praktiken",
    "Enligt handlingsplanen",
    "Enligt riktlinjen",
    "För det mesta",
    "Till att börja med",
    "Vid akut fara",
    "Om möjligt",
    "I de flesta fall",
    "Efter ett hot",
    "Inför valet",
];

const DET_AR: &[&str] = &[
    "viktigt",
    "bra",
    "klokt",
    "nödvändigt",
    "lämpligt",
    "rimligt",
    "avgörande",
    "naturligt",
    "värdefullt",
    "tryggt",
    "svårt",
    "möjligt",
];

/// Sentences that use the defined terms in their many forms. `{org}`, `{pers}`, `{plats}`,
/// `{kanal}`, `{månad}`, `{namn}` and `{nämnd}` are filled in.
const FIXED: &[&str] = &[
    "Hotet kan komma {kanal}, men du hanterar det på samma sätt oavsett kanal.",
    "Ett dödshot ska alltid polisanmälas, även när det kommer från en anonym avsändare.",
    "Näthat drabbar många förtroendevalda, och hatet ökar ofta inför ett val.",
    "Våldet kan också riktas mot egendom, till exempel genom skadegörelse på bilen eller hemmet.",
    "Otillåten påverkan är inte ett eget brott, men många av handlingarna kan vara brott.",
    "Förföljelsen kan pågå länge innan den som är utsatt berättar om den.",
    "Hoten kommer oftast via sociala medier, men också via brev och telefon.",
    "Våldsbrott mot förtroendevalda ses som allvarligare än andra våldsbrott.",
    "Hatet riktas ofta mot egenskaper som personen har eller tros ha, till exempel ursprung eller tro.",
    "Trakasserierna behöver inte vara brott för att du ska dokumentera dem.",
    "Den som utsätts för hat, hot eller våld ska få stöd av {org}.",
    "Hotbilden mot förtroendevalda förändras över tid, särskilt under valrörelsen.",
    "{namn} är ledamot i {nämnd}. I {månad} låg ett hotfullt brev i hens brevlåda.",
    "Utpressning innebär att någon med våld eller hot tvingar dig att göra något som ger hen en vinning.",
    "Hatbrotten polisanmäls alltför sällan, visar Brås undersökningar.",
    "Många förtroendevalda har utsatts för otillåten påverkan någon gång under mandatperioden.",
    "Påverkan kan också vara indirekt, till exempel att du börjar censurera dig själv.",
    "Ett hot i ett sms räknas på samma sätt som ett hot som sägs rakt ut.",
    "Hoten mot förtroendevalda i {nämnd} har ökat de senaste åren.",
    "Hatiska kommentarer i kommentarsfältet ska sparas innan de tas bort.",
    "Våldsamma händelser {plats} ska rapporteras till {pers} samma dag.",
    "Stalkningen kan vara olaga förföljelse om samma person begår flera brott mot dig.",
    "Förföljelser som upprepas ska anmälas till polisen, även om varje händelse verkar liten.",
    "Dödshoten mot politiker har ökat, särskilt mot kommunalråd och gruppledare.",
    "Hatet på nätet sprids snabbt och kan vara svårt att stoppa.",
    "Näthatets följder syns ofta i att förtroendevalda lämnar sina uppdrag i förtid.",
    "Ring **112** om du eller någon annan är i fara.",
    "Ring polisen på 114 14 när det inte är akut och säg att du är förtroendevald.",
    "Du behöver inte själv avgöra om det som har hänt är ett brott.",
    "Spara allt som hotet kom i, till exempel sms, mejl, brev och skärmbilder.",
    "Skriv ner vad som hände, när och var, medan du fortfarande minns.",
    "Be polisen om åtkomstskydd för anmälan, så att färre personer kan läsa den.",
    "Ett brott ses som allvarligare om det riktas mot någon för att hen är förtroendevald.",
    "Korruption i form av otillbörliga erbjudanden är också en form av otillåten påverkan.",
    "Misshandel, ofredande och olaga hot är exempel på brott som förtroendevalda utsätts för.",
    "Hotelser via telefon är vanligare på kvällar och helger.",
    "Skadegörelsen upptäcktes {plats} en morgon i {månad}.",
    "Den otillåtna påverkan syftar till att påverka hur du fattar beslut i ditt uppdrag.",
    "Hoten och hatet mot förtroendevalda är ett hot mot demokratin.",
    "{namn} blev utsatt för förföljelse efter ett beslut i {nämnd}.",
    "Olaga hot kan ge fängelse, och straffet skärps när brottet riktas mot en förtroendevald.",
    "Förtal och förolämpning åtalas oftast av den som har utsatts, inte av åklagaren.",
    "Våld är när någon med avsikt ger en annan person kroppsskada, sjukdom eller smärta.",
    "Trakasserier är den vanligaste formen av otillåten påverkan mot förtroendevalda.",
    "Hatbrevet låg i brevlådan {plats} när {namn} kom hem från sammanträdet.",
    "Efter hotet mot {namn} gick {org} igenom rutinerna för mötessäkerhet.",
    "Hatkampanjer i sociala medier riktar sig ofta mot kvinnor och unga förtroendevalda.",
    "Hotfulla samtal ska antecknas med datum, tid och vad som sades.",
    "Våldsincidenter under valrörelsen ska rapporteras till partiets säkerhetsansvariga.",
    "Förföljarens beteende kan trappas upp, därför är det viktigt att anmäla tidigt.",
    "Ingen ska behöva avstå från sitt förtroendeuppdrag på grund av hot, hat eller våld.",
    "Hotbilden bedöms i samråd mellan {org} och {pers}.",
    "Om någon hotar dig {kanal} ska du spara det som skrevs eller sades.",
    "Personen som hotade {namn} hade tidigare trakasserat flera ledamöter i {nämnd}.",
    "Den som förföljer en förtroendevald gör det ofta under lång tid.",
    "Om någon hotar att skada din egendom är det också ett hot mot dig.",
    "Ingen ska behöva bli hotad, hatad eller trakasserad för sitt politiska uppdrag.",
    "Den som trakasserar dig i sociala medier kan göra sig skyldig till ofredande.",
    "När {namn} blev hotad {plats} ringde hen 112 direkt.",
    "Våldsbejakande grupper kan försöka skrämma förtroendevalda till tystnad.",
    "Hatbrott, hot och trakasserier mot politiker är brott mot demokratin.",
    "Hotade förtroendevalda ska alltid erbjudas samtalsstöd.",
    "Hoten följer ofta ett mönster, och därför ska varje hot dokumenteras för sig.",
    "Våldshandlingar mot förtroendevalda är ovanliga, men följderna är allvarliga.",
    "Hatet mot {pers} började med kommentarer {kanal} och blev sedan hot.",
    "Dödshotet mot {namn} kom {kanal} kvällen före omröstningen i {nämnd}.",
    "Utpressningen upphörde först när {namn} anmälde den till polisen.",
    "Skadegörelser på valstugor och affischer ökar under valrörelsen.",
    "Förföljelsen av {namn} pågick i flera månader innan polisen grep gärningspersonen.",
    "Näthatet mot unga förtroendevalda är ofta grövre än mot äldre kolleger.",
];

const SECTION_THEMES: &[&str] = &[
    "Före ett hot",
    "När hotet kommer",
    "Efter ett hot",
    "Sociala medier och näthat",
    "Möten och evenemang",
    "Hemmet och vardagen",
    "Roller och ansvar",
    "Stöd och uppföljning",
    "Samverkan med polisen",
    "Utbildning och övningar",
    "Valrörelsen",
    "Brev, paket och mejl",
    "Hot per telefon",
    "Dokumentation och anmälan",
    "Skydd av personuppgifter",
    "Otillåten påverkan",
    "Riskbedömning",
    "Krisstöd",
    "Nämndernas arbete",
    "Partiernas ansvar",
];

/// Rows for the table of terms: term, what it means, an example.
const TERM_ROWS: &[(&str, &str, &str)] = &[
    (
        "Hot",
        "Någon hotar att skada dig eller din egendom",
        "Ett dödshot i ett sms",
    ),
    (
        "Hat",
        "Kränkningar på grund av egenskaper som du har eller tros ha",
        "Näthat i ett kommentarsfält",
    ),
    (
        "Våld",
        "Någon skadar dig eller din egendom med avsikt",
        "Misshandel efter ett möte",
    ),
    (
        "Otillåten påverkan",
        "Samlingsnamn för handlingar som ska påverka dina beslut",
        "Trakasserier inför en omröstning",
    ),
    (
        "Förföljelse",
        "Någon söker upp eller kontaktar dig upprepade gånger",
        "Samma person väntar utanför ditt hem",
    ),
    (
        "Trakasserier",
        "Störande eller kränkande handlingar",
        "Upprepade elaka samtal",
    ),
    (
        "Utpressning",
        "Tvång med hot eller våld för att få en vinning",
        "Krav på pengar för att inte sprida bilder",
    ),
    (
        "Skadegörelse",
        "Någon förstör eller skadar din egendom",
        "Sönderskurna däck på bilen",
    ),
    (
        "Korruption",
        "Otillbörliga erbjudanden som ska påverka ditt uppdrag",
        "En gratis resa i utbyte mot en röst",
    ),
];

const CONTACTS: &[&str] = &[
    "akut",
    "polis",
    "sakerhet",
    "partiets-sakerhet",
    "forvaltning",
    "foretagshalsovard",
];

// ---------------------------------------------------------------------------------------------
// Lexicon

struct Noun {
    sg: String,
    def: String,
    pl: String,
    def_pl: String,
    neuter: bool,
    countable: bool,
    cat: Cat,
}

impl Noun {
    fn parse(spec: &str, cat: Cat) -> Noun {
        let (spec, mut countable) = match spec.strip_suffix('-') {
            Some(spec) => (spec, false),
            None => (spec, true),
        };
        if spec.contains(';') {
            let f: Vec<&str> = spec.split(';').collect();
            assert_eq!(f.len(), 5, "noun {spec}");
            countable &= f[2] != "-";
            let (pl, def_pl) = if countable {
                (f[2], f[3])
            } else {
                (f[0], f[1])
            };
            return Noun {
                sg: f[0].into(),
                def: f[1].into(),
                pl: pl.into(),
                def_pl: def_pl.into(),
                neuter: f[4] == "n",
                countable,
                cat,
            };
        }
        let (w, class) = spec
            .split_once('/')
            .unwrap_or_else(|| panic!("noun {spec}"));
        let ends_e = w.ends_with('e');
        let ends_vowel = w.ends_with(['a', 'e', 'i', 'o', 'u', 'y', 'å', 'ä', 'ö']);
        let drop_last = |s: &str| {
            let mut s = s.to_string();
            s.pop();
            s
        };
        let (def, pl, def_pl, neuter) = match class {
            "a" => {
                let stem = drop_last(w);
                (
                    format!("{w}n"),
                    format!("{stem}or"),
                    format!("{stem}orna"),
                    false,
                )
            }
            "ar" => {
                let stem = if ends_e { drop_last(w) } else { w.to_string() };
                let def = if ends_e {
                    format!("{w}n")
                } else {
                    format!("{w}en")
                };
                (def, format!("{stem}ar"), format!("{stem}arna"), false)
            }
            "er" if ends_e => (format!("{w}n"), format!("{w}r"), format!("{w}rna"), false),
            "er" if ends_vowel => (format!("{w}n"), format!("{w}er"), format!("{w}erna"), false),
            "er" => (
                format!("{w}en"),
                format!("{w}er"),
                format!("{w}erna"),
                false,
            ),
            "are" => {
                let stem = if ends_e { drop_last(w) } else { w.to_string() };
                (format!("{w}n"), w.to_string(), format!("{stem}na"), false)
            }
            "n" => (format!("{w}t"), format!("{w}n"), format!("{w}na"), true),
            "t" => (format!("{w}et"), w.to_string(), format!("{w}en"), true),
            _ => panic!("noun class {class}"),
        };
        let (pl, def_pl) = if countable {
            (pl, def_pl)
        } else {
            (w.to_string(), def.clone())
        };
        Noun {
            sg: w.into(),
            def,
            pl,
            def_pl,
            neuter,
            countable,
            cat,
        }
    }

    fn compound(prefix: &str, head: &Noun, cat: Cat) -> Noun {
        Noun {
            sg: format!("{prefix}{}", head.sg),
            def: format!("{prefix}{}", head.def),
            pl: format!("{prefix}{}", head.pl),
            def_pl: format!("{prefix}{}", head.def_pl),
            neuter: head.neuter,
            countable: head.countable,
            cat,
        }
    }

    fn article(&self) -> &'static str {
        if self.neuter {
            "ett"
        } else {
            "en"
        }
    }

    fn def_article(&self) -> &'static str {
        if self.neuter {
            "det"
        } else {
            "den"
        }
    }
}

struct Adj {
    utr: String,
    neu: String,
    /// Plural and definite.
    pl: String,
}

impl Adj {
    fn parse(spec: &str) -> Adj {
        if let Some((utr, rest)) = spec.split_once(';') {
            let (neu, pl) = rest.split_once(';').unwrap_or_else(|| panic!("adj {spec}"));
            return Adj {
                utr: utr.into(),
                neu: neu.into(),
                pl: pl.into(),
            };
        }
        let w = spec;
        let stem = &w[..w.len() - 1];
        let before_last = w.chars().rev().nth(1).unwrap_or('a');
        let (neu, pl) =
            if w.ends_with("ande") || w.ends_with("ende") || w.ends_with("are") || w == "olaga" {
                (w.to_string(), w.to_string())
            } else if w.ends_with("ad") {
                (format!("{stem}t"), format!("{w}e"))
            } else if w.ends_with('d') && !"aeiouyåäö".contains(before_last) {
                (format!("{stem}t"), format!("{w}a"))
            } else if w.ends_with('t') {
                (w.to_string(), format!("{w}a"))
            } else {
                (format!("{w}t"), format!("{w}a"))
            };
        Adj {
            utr: w.into(),
            neu,
            pl,
        }
    }

    /// After a genitive or `din`: the definite form (`nämndens nya rutin`), except `egen`,
    /// which keeps its indefinite singular (`nämndens egen rutin`, `ditt eget konto`).
    fn after_genitive(&self, noun: &Noun, plural: bool) -> &str {
        if self.utr == "egen" && !plural {
            self.indef(noun)
        } else {
            &self.pl
        }
    }

    fn indef(&self, noun: &Noun) -> &str {
        if noun.neuter {
            &self.neu
        } else {
            &self.utr
        }
    }
}

struct Verb {
    inf: String,
    pres: String,
    pret: String,
    sup: String,
    imp: String,
    pass: String,
    /// `upp` in `följa upp`, with a leading space; empty when none.
    particle: String,
    cats: Vec<Cat>,
}

impl Verb {
    fn parse(spec: &str, cats: &[Cat]) -> Verb {
        let (spec, particle) = match spec.split_once('+') {
            Some((spec, particle)) => (spec, format!(" {particle}")),
            None => (spec, String::new()),
        };
        let forms: [String; 6] = if spec.contains(';') {
            let f: Vec<&str> = spec.split(';').collect();
            assert_eq!(f.len(), 6, "verb {spec}");
            std::array::from_fn(|i| f[i].to_string())
        } else {
            let (inf, class) = spec
                .split_once('/')
                .unwrap_or_else(|| panic!("verb {spec}"));
            if class == "1" {
                [
                    inf.into(),
                    format!("{inf}r"),
                    format!("{inf}de"),
                    format!("{inf}t"),
                    inf.into(),
                    format!("{inf}s"),
                ]
            } else {
                let stem = &inf[..inf.len() - 1];
                let pres = if stem.ends_with('r') {
                    stem.to_string()
                } else {
                    format!("{stem}er")
                };
                let (pret, sup) = if stem.ends_with('t') {
                    (format!("{stem}e"), stem.to_string())
                } else if stem.ends_with(['p', 'k', 's', 'x']) {
                    (format!("{stem}te"), format!("{stem}t"))
                } else {
                    (format!("{stem}de"), format!("{stem}t"))
                };
                let pass = if stem.ends_with('s') {
                    format!("{stem}es")
                } else {
                    format!("{stem}s")
                };
                [inf.into(), pres, pret, sup, stem.into(), pass]
            }
        };
        let [inf, pres, pret, sup, imp, pass] = forms;
        Verb {
            inf,
            pres,
            pret,
            sup,
            imp,
            pass,
            particle,
            cats: cats.to_vec(),
        }
    }
}

struct Lexicon {
    nouns: Vec<Noun>,
    by_cat: [Vec<usize>; CAT_COUNT],
    adjs: Vec<Adj>,
    adjs_by_cat: [Vec<usize>; CAT_COUNT],
    verbs: Vec<Verb>,
    /// Verbs that take an object of the category.
    verbs_by_cat: [Vec<usize>; CAT_COUNT],
    receive: Vec<Verb>,
}

impl Lexicon {
    fn new() -> Lexicon {
        let mut nouns = Vec::new();
        for (letter, specs) in NOUNS {
            for spec in specs.split_whitespace() {
                nouns.push(Noun::parse(spec, cat(*letter)));
            }
        }
        let heads: HashMap<String, usize> = nouns
            .iter()
            .enumerate()
            .map(|(i, n)| (n.sg.clone(), i))
            .collect();
        let mut seen: std::collections::HashSet<String> = heads.keys().cloned().collect();
        for (prefix, list) in COMPOUNDS {
            for head in list.split_whitespace() {
                let (head, letter) = match head.split_once(':') {
                    Some((head, letter)) => (head, letter.chars().next()),
                    None => (head, None),
                };
                let &index = heads
                    .get(head)
                    .unwrap_or_else(|| panic!("compound head {head} is not a noun"));
                let cat = letter.map_or(nouns[index].cat, cat);
                let noun = Noun::compound(prefix, &nouns[index], cat);
                if seen.insert(noun.sg.clone()) {
                    nouns.push(noun);
                }
            }
        }
        for prefix in DOMAIN_PREFIXES.split_whitespace() {
            for head in GENERIC_HEADS.split_whitespace() {
                let &index = heads
                    .get(head)
                    .unwrap_or_else(|| panic!("generic head {head} is not a noun"));
                let noun = Noun::compound(prefix, &nouns[index], nouns[index].cat);
                if seen.insert(noun.sg.clone()) {
                    nouns.push(noun);
                }
            }
        }
        let mut by_cat: [Vec<usize>; CAT_COUNT] = Default::default();
        for (i, noun) in nouns.iter().enumerate() {
            by_cat[noun.cat as usize].push(i);
        }

        let mut verbs = Vec::new();
        for (letters, specs) in VERBS {
            let cats: Vec<Cat> = letters.chars().map(cat).collect();
            for spec in specs.split_whitespace() {
                verbs.push(Verb::parse(spec, &cats));
            }
        }
        let mut verbs_by_cat: [Vec<usize>; CAT_COUNT] = Default::default();
        for (i, verb) in verbs.iter().enumerate() {
            for c in &verb.cats {
                verbs_by_cat[*c as usize].push(i);
            }
        }

        let mut adjs = Vec::new();
        let mut adjs_by_cat: [Vec<usize>; CAT_COUNT] = Default::default();
        for (letters, specs) in ADJECTIVES {
            for spec in specs.split_whitespace() {
                add_adj(&mut adjs, &mut adjs_by_cat, Adj::parse(spec), letters);
            }
        }
        // Participles of regular verbs: ett dokumenterat hot, diarieförda handlingar.
        for verb in &verbs {
            let regular = verb.pret == format!("{}de", verb.inf) && verb.particle.is_empty();
            let letters: String = verb
                .cats
                .iter()
                .filter(|c| matches!(c, Cat::Threat | Cat::Doc))
                .map(|c| if *c == Cat::Threat { 'T' } else { 'D' })
                .collect();
            if regular && !letters.is_empty() {
                let stem = &verb.inf[..verb.inf.len() - 1];
                add_adj(
                    &mut adjs,
                    &mut adjs_by_cat,
                    Adj::parse(&format!("{stem}ad")),
                    &letters,
                );
            }
        }

        let receive = RECEIVE
            .split_whitespace()
            .map(|spec| Verb::parse(spec, &[Cat::Threat]))
            .collect();
        Lexicon {
            nouns,
            by_cat,
            adjs,
            adjs_by_cat,
            verbs,
            verbs_by_cat,
            receive,
        }
    }

    /// Base nouns come first in each category and are picked more often than the compounds
    /// after them, so frequencies fall off roughly like real text.
    fn noun(&self, rng: &mut Rng, cat: Cat) -> &Noun {
        &self.nouns[*rng.pick_skewed(&self.by_cat[cat as usize])]
    }

    fn adj(&self, rng: &mut Rng, cat: Cat) -> &Adj {
        &self.adjs[*rng.pick(&self.adjs_by_cat[cat as usize])]
    }

    fn verb(&self, rng: &mut Rng) -> &Verb {
        rng.pick(&self.verbs)
    }

    fn verb_for(&self, rng: &mut Rng, cat: Cat) -> &Verb {
        &self.verbs[*rng.pick(&self.verbs_by_cat[cat as usize])]
    }

    // --- Noun phrases --------------------------------------------------------------------------

    /// A noun phrase of the category in any of its forms: hotet, ett anonymt hotbrev, varje
    /// incident, flera allvarliga hot, de nya rutinerna, nämndens rutin, din säkerhet.
    fn np(&self, rng: &mut Rng, cat: Cat) -> String {
        let n = self.noun(rng, cat);
        let adj = if rng.chance(35) {
            Some(self.adj(rng, cat))
        } else {
            None
        };
        let roll = rng.below(100);
        if !n.countable {
            return match roll {
                0..=44 => match adj {
                    None => n.def.clone(),
                    Some(a) => format!("{} {} {}", n.def_article(), a.pl, n.def),
                },
                45..=79 => match adj {
                    None => n.sg.clone(),
                    Some(a) => format!("{} {}", a.indef(n), n.sg),
                },
                _ => self.possessed(rng, n, adj, false),
            };
        }
        match roll {
            0..=27 => match adj {
                None => n.def.clone(),
                Some(a) => format!("{} {} {}", n.def_article(), a.pl, n.def),
            },
            28..=47 => match adj {
                None => format!("{} {}", n.article(), n.sg),
                Some(a) => format!("{} {} {}", n.article(), a.indef(n), n.sg),
            },
            48..=52 => match adj {
                None => format!("varje {}", n.sg),
                Some(a) => format!("varje {} {}", a.indef(n), n.sg),
            },
            53..=67 => {
                let quantity =
                    rng.word(&["", "", "", "flera ", "alla ", "många ", "några ", "andra "]);
                match adj {
                    None => format!("{quantity}{}", n.pl),
                    Some(a) => format!("{quantity}{} {}", a.pl, n.pl),
                }
            }
            68..=79 => match adj {
                None => n.def_pl.clone(),
                Some(a) => format!("de {} {}", a.pl, n.def_pl),
            },
            80..=91 => {
                let plural = rng.chance(35);
                self.possessed(rng, n, adj, plural)
            }
            _ => {
                let plural = rng.chance(35);
                let (pronoun, noun) = match (plural, n.neuter) {
                    (true, _) => ("dina", &n.pl),
                    (false, true) => ("ditt", &n.sg),
                    (false, false) => ("din", &n.sg),
                };
                match adj {
                    None => format!("{pronoun} {noun}"),
                    Some(a) => format!("{pronoun} {} {noun}", a.after_genitive(n, plural)),
                }
            }
        }
    }

    /// A definite noun phrase: hotbrevet, de nya rutinerna, nämndens beslut.
    fn np_def(&self, rng: &mut Rng, cat: Cat) -> String {
        let n = self.noun(rng, cat);
        let adj = if rng.chance(30) {
            Some(self.adj(rng, cat))
        } else {
            None
        };
        let plural = n.countable && rng.chance(30);
        if rng.chance(15) {
            return self.possessed(rng, n, adj, plural);
        }
        let (article, noun) = if plural {
            ("de", &n.def_pl)
        } else {
            (n.def_article(), &n.def)
        };
        match adj {
            None => noun.clone(),
            Some(a) => format!("{article} {} {noun}", a.pl),
        }
    }

    /// `nämndens nya rutin`, `Annas hotbrev`.
    fn possessed(&self, rng: &mut Rng, n: &Noun, adj: Option<&Adj>, plural: bool) -> String {
        let owner = match n.cat {
            Cat::Threat | Cat::Risk if rng.chance(40) => genitive(rng.word(NAMES)),
            Cat::Threat | Cat::Risk => genitive(&self.noun(rng, Cat::Person).def),
            _ => genitive(&self.org(rng)),
        };
        let noun = if plural { &n.pl } else { &n.sg };
        match adj {
            None => format!("{owner} {noun}"),
            Some(a) => format!("{owner} {} {noun}", a.after_genitive(n, plural)),
        }
    }

    /// A noun phrase with an indefinite article (or none, for uncountables), and its noun.
    fn np_indef<'a>(&'a self, rng: &mut Rng, cat: Cat) -> (String, &'a Noun) {
        let n = self.noun(rng, cat);
        let adj = rng.chance(55).then(|| self.adj(rng, cat));
        let text = match (n.countable, adj) {
            (true, None) => format!("{} {}", n.article(), n.sg),
            (true, Some(a)) => format!("{} {} {}", n.article(), a.indef(n), n.sg),
            (false, None) => n.sg.clone(),
            (false, Some(a)) => format!("{} {}", a.indef(n), n.sg),
        };
        (text, n)
    }

    /// `anonyma hotbrev`, `rutiner`, `digitalt näthat` (uncountables stay singular).
    fn plural_np(&self, rng: &mut Rng, cat: Cat) -> String {
        let n = self.noun(rng, cat);
        if rng.chance(50) {
            let adj = self.adj(rng, cat);
            if n.countable {
                format!("{} {}", adj.pl, n.pl)
            } else {
                format!("{} {}", adj.indef(n), n.sg)
            }
        } else {
            n.pl.clone()
        }
    }

    fn org(&self, rng: &mut Rng) -> String {
        match rng.below(100) {
            0..=44 => rng.word(ORGS).to_string(),
            45..=64 => rng.word(NAMNDER).to_string(),
            _ => self.noun(rng, Cat::Org).def.clone(),
        }
    }

    fn person(&self, rng: &mut Rng) -> String {
        match rng.below(100) {
            0..=49 => self.noun(rng, Cat::Person).def.clone(),
            50..=64 => self.noun(rng, Cat::Person).def_pl.clone(),
            65..=79 => format!(
                "{} {}",
                genitive(&self.org(rng)),
                self.noun(rng, Cat::Person).sg
            ),
            _ => rng.word(PERSONS_FIXED).to_string(),
        }
    }

    /// The subject of a clause, and whether it is `du`.
    fn subject(&self, rng: &mut Rng) -> (String, bool) {
        match rng.below(100) {
            0..=29 => ("du".into(), true),
            30..=54 => (self.person(rng), false),
            55..=79 => (self.org(rng), false),
            80..=87 => (rng.word(NAMES).to_string(), false),
            _ => (self.np(rng, Cat::Person), false),
        }
    }

    fn object(&self, rng: &mut Rng, verb: &Verb, subject_is_du: bool) -> String {
        match *rng.pick(&verb.cats) {
            Cat::Person if !subject_is_du && rng.chance(20) => "dig".into(),
            Cat::Person if rng.chance(50) => self.person(rng),
            Cat::Org => self.org(rng),
            cat => self.np(rng, cat),
        }
    }

    fn adverbial(&self, rng: &mut Rng) -> String {
        match rng.below(20) {
            0..=3 => rng.word(PLACES).to_string(),
            4 => format!("vid {}", self.noun(rng, Cat::Place).def),
            5..=7 => rng.word(TIMES).to_string(),
            8 => format!("i {}", rng.word(MONTHS)),
            9 => format!(
                "{} {}",
                rng.word(&["under", "efter", "inför", "före"]),
                self.noun(rng, Cat::Event).def
            ),
            10 => format!("i samråd med {}", self.person(rng)),
            11 => format!("tillsammans med {}", self.org(rng)),
            12 => format!("enligt {}", self.np_def(rng, Cat::Doc)),
            13 | 14 => rng.word(CHANNELS).to_string(),
            15 => format!("i {}", rng.word(NAMNDER)),
            16 => format!("i {}", self.noun(rng, Cat::Doc).def),
            17 => format!("med hjälp av {}", self.np(rng, Cat::Doc)),
            _ => rng.word(MANNER).to_string(),
        }
    }

    // --- Sentences -----------------------------------------------------------------------------

    fn sentence(&self, rng: &mut Rng) -> String {
        match rng.below(100) {
            0..=12 => self.s_present(rng),
            13..=27 => self.s_modal(rng),
            28..=39 => self.s_inverted(rng),
            40..=46 => self.s_det_ar(rng),
            47..=55 => self.s_conditional(rng),
            56..=62 => self.s_passive(rng),
            63..=67 => self.s_perfect(rng),
            68..=72 => self.s_coordinated(rng),
            73..=78 => self.s_subordinate(rng),
            79..=81 => self.s_examples(rng),
            82..=85 => self.s_narrative(rng),
            _ => self.s_fixed(rng),
        }
    }

    /// `ledamoten dokumenterar alltid hotet i loggen` (no capital, no full stop).
    fn clause_present(&self, rng: &mut Rng) -> String {
        let (subject, du) = self.subject(rng);
        let verb = self.verb(rng);
        let mut s = format!("{subject} {}", verb.pres);
        if rng.chance(25) {
            push_word(&mut s, rng.word(MID_ADVERBS));
        }
        s.push_str(&verb.particle);
        push_word(&mut s, &self.object(rng, verb, du));
        s
    }

    fn s_present(&self, rng: &mut Rng) -> String {
        let mut s = self.clause_present(rng);
        if rng.chance(55) {
            push_word(&mut s, &self.adverbial(rng));
        }
        finish(&s)
    }

    fn s_modal(&self, rng: &mut Rng) -> String {
        let (subject, du) = self.subject(rng);
        let verb = self.verb(rng);
        let modal = rng.word(MODALS);
        let mut s = format!("{subject} {modal}");
        if (modal == "behöver" || modal == "ska") && rng.chance(12) {
            push_word(&mut s, "inte");
        } else if rng.chance(30) {
            push_word(&mut s, rng.word(MID_ADVERBS));
        }
        push_word(&mut s, &verb.inf);
        s.push_str(&verb.particle);
        push_word(&mut s, &self.object(rng, verb, du));
        if rng.chance(60) {
            push_word(&mut s, &self.adverbial(rng));
        }
        finish(&s)
    }

    fn s_inverted(&self, rng: &mut Rng) -> String {
        let opener = if rng.chance(50) {
            rng.word(OPENERS).to_string()
        } else {
            self.adverbial(rng)
        };
        let (subject, du) = self.subject(rng);
        let verb = self.verb(rng);
        let mut s = opener;
        if rng.chance(50) {
            push_word(&mut s, rng.word(MODALS));
            push_word(&mut s, &subject);
            if rng.chance(20) {
                push_word(&mut s, rng.word(MID_ADVERBS));
            }
            push_word(&mut s, &verb.inf);
        } else {
            push_word(&mut s, &verb.pres);
            push_word(&mut s, &subject);
            if rng.chance(20) {
                push_word(&mut s, rng.word(MID_ADVERBS));
            }
        }
        s.push_str(&verb.particle);
        push_word(&mut s, &self.object(rng, verb, du));
        finish(&s)
    }

    fn s_det_ar(&self, rng: &mut Rng) -> String {
        let mut s = format!("det är {} att", rng.word(DET_AR));
        let verb = self.verb(rng);
        if rng.chance(50) {
            let (subject, du) = self.subject(rng);
            push_word(&mut s, &subject);
            if rng.chance(25) {
                push_word(&mut s, rng.word(MID_ADVERBS));
            }
            push_word(&mut s, &verb.pres);
            s.push_str(&verb.particle);
            push_word(&mut s, &self.object(rng, verb, du));
        } else {
            push_word(&mut s, &verb.inf);
            s.push_str(&verb.particle);
            push_word(&mut s, &self.object(rng, verb, true));
        }
        if rng.chance(40) {
            push_word(&mut s, &self.adverbial(rng));
        }
        finish(&s)
    }

    fn s_conditional(&self, rng: &mut Rng) -> String {
        let conjunction = rng.word(&["om", "när", "om", "om"]);
        let modal = rng.word(&["ska", "bör", "kan", "ska", "behöver"]);
        let comma = if rng.chance(30) { "," } else { "" };
        if rng.chance(65) {
            // Om du får ett hotfullt mejl ska du spara mejlet.
            let (subject, pronoun) = if rng.chance(70) {
                ("du".to_string(), "du")
            } else {
                (rng.word(NAMES).to_string(), "hen")
            };
            let receive = rng.pick(&self.receive);
            let (thing, noun) = self.np_indef(rng, Cat::Threat);
            let verb = self.verb_for(rng, Cat::Threat);
            let mut s = format!(
                "{conjunction} {subject} {}{} {thing}{comma} {modal} {pronoun} {}{} {}",
                receive.pres, receive.particle, verb.inf, verb.particle, &noun.def
            );
            if rng.chance(40) {
                push_word(&mut s, &self.adverbial(rng));
            }
            finish(&s)
        } else {
            // Om du utsätts för hot ska du kontakta polisen.
            let how = *rng.pick(&[
                "utsätts för",
                "blir utsatt för",
                "drabbas av",
                "råkar ut för",
            ]);
            let (thing, _) = self.np_indef(rng, Cat::Threat);
            let cat = *rng.pick(&[Cat::Person, Cat::Org, Cat::Threat]);
            let verb = self.verb_for(rng, cat);
            let object = self.object(rng, verb, true);
            finish(&format!(
                "{conjunction} du {how} {thing}{comma} {modal} du {}{} {object}",
                verb.inf, verb.particle
            ))
        }
    }

    fn s_passive(&self, rng: &mut Rng) -> String {
        let cat = *rng.pick(&[Cat::Threat, Cat::Doc, Cat::Risk, Cat::Event]);
        let verb = self.verb_for(rng, cat);
        let object = self.np_def(rng, cat);
        let mut s = match rng.below(3) {
            0 => format!(
                "{object} {} {}s{}",
                rng.word(&["ska", "bör", "kan", "måste"]),
                verb.inf,
                verb.particle
            ),
            1 => format!(
                "{object} {}{} av {}",
                verb.pass,
                verb.particle,
                self.org(rng)
            ),
            _ => format!("{object} {}{}", verb.pass, verb.particle),
        };
        if rng.chance(60) {
            push_word(&mut s, &self.adverbial(rng));
        }
        finish(&s)
    }

    fn s_perfect(&self, rng: &mut Rng) -> String {
        let (subject, du) = self.subject(rng);
        let verb = self.verb(rng);
        let mut s = format!("{subject} har");
        if rng.chance(25) {
            push_word(
                &mut s,
                rng.word(&["redan", "alltid", "ofta", "också", "nyligen"]),
            );
        }
        push_word(&mut s, &verb.sup);
        s.push_str(&verb.particle);
        push_word(&mut s, &self.object(rng, verb, du));
        if rng.chance(50) {
            push_word(&mut s, &self.adverbial(rng));
        }
        finish(&s)
    }

    fn s_coordinated(&self, rng: &mut Rng) -> String {
        let (subject, du) = self.subject(rng);
        let first = self.verb(rng);
        let second = self.verb(rng);
        if rng.chance(65) {
            finish(&format!(
                "{subject} {}{} {} och {}{} {}",
                first.pres,
                first.particle,
                self.object(rng, first, du),
                second.pres,
                second.particle,
                self.object(rng, second, du)
            ))
        } else {
            let (other, other_du) = self.subject(rng);
            finish(&format!(
                "{subject} {}{} {}, men {other} {} inte {}{} {}",
                first.pres,
                first.particle,
                self.object(rng, first, du),
                rng.word(&["kan", "behöver", "ska", "får"]),
                second.inf,
                second.particle,
                self.object(rng, second, other_du)
            ))
        }
    }

    fn s_subordinate(&self, rng: &mut Rng) -> String {
        let mut s = self.clause_present(rng);
        let verb = self.verb(rng);
        match rng.below(3) {
            0 => {
                push_word(&mut s, "för att");
                push_word(&mut s, &verb.inf);
                s.push_str(&verb.particle);
                push_word(&mut s, &self.object(rng, verb, true));
            }
            1 => {
                let (subject, du) = self.subject(rng);
                push_word(&mut s, "så att");
                push_word(&mut s, &subject);
                push_word(&mut s, rng.word(&["kan", "ska", "hinner", "kan"]));
                push_word(&mut s, &verb.inf);
                s.push_str(&verb.particle);
                push_word(&mut s, &self.object(rng, verb, du));
            }
            _ => {
                let (subject, du) = self.subject(rng);
                push_word(
                    &mut s,
                    rng.word(&["eftersom", "när", "innan", "medan", "om", "även om"]),
                );
                push_word(&mut s, &subject);
                if rng.chance(30) {
                    push_word(&mut s, rng.word(&["inte", "alltid", "redan", "också"]));
                }
                push_word(&mut s, &verb.pres);
                s.push_str(&verb.particle);
                push_word(&mut s, &self.object(rng, verb, du));
            }
        }
        finish(&s)
    }

    fn s_examples(&self, rng: &mut Rng) -> String {
        let cat = *rng.pick(&[Cat::Threat, Cat::Threat, Cat::Doc, Cat::Risk]);
        let a = self.plural_np(rng, cat);
        let b = self.plural_np(rng, cat);
        let c = self.plural_np(rng, cat);
        let lead = *rng.pick(&[
            "det kan till exempel gälla",
            "hit hör",
            "exempel är",
            "det handlar ofta om",
        ]);
        finish(&format!("{lead} {a}, {b} och {c}"))
    }

    fn s_narrative(&self, rng: &mut Rng) -> String {
        let verb = self.verb(rng);
        let (subject, du) = self.subject(rng);
        let when = match rng.below(4) {
            0 => format!("i {}", rng.word(MONTHS)),
            1 => format!("efter {}", self.noun(rng, Cat::Event).def),
            2 => rng
                .pick(&[
                    "förra året",
                    "under förra mandatperioden",
                    "i våras",
                    "i höstas",
                    "under valrörelsen",
                ])
                .to_string(),
            _ => format!("i {} {}", rng.word(MONTHS), 2010 + rng.below(16)),
        };
        // The particle follows the subject: "I mars följde förvaltningen upp hotet".
        let mut s = format!("{when} {} {subject}{}", verb.pret, verb.particle);
        push_word(&mut s, &self.object(rng, verb, du));
        if rng.chance(40) {
            let list = if rng.chance(50) { PLACES } else { CHANNELS };
            let place = rng.word(list);
            push_word(&mut s, place);
        }
        finish(&s)
    }

    fn s_fixed(&self, rng: &mut Rng) -> String {
        let template = rng.word(FIXED);
        self.fill(rng, template)
    }

    fn fill(&self, rng: &mut Rng, template: &str) -> String {
        let mut s = template.to_string();
        while let Some(start) = s.find('{') {
            if s[start..].starts_with("{{") {
                break;
            }
            let end = start + s[start..].find('}').expect("closed placeholder");
            let value = match &s[start + 1..end] {
                "org" => self.org(rng),
                "pers" => self.noun(rng, Cat::Person).def.clone(),
                "plats" => rng.word(PLACES).to_string(),
                "kanal" => rng.word(CHANNELS).to_string(),
                "månad" => rng.word(MONTHS).to_string(),
                "namn" => rng.word(NAMES).to_string(),
                "nämnd" => rng.word(NAMNDER).to_string(),
                other => panic!("unknown placeholder {other}"),
            };
            s.replace_range(start..=end, &value);
        }
        s
    }

    /// `Spara hotbrevet i loggen.`
    fn imperative(&self, rng: &mut Rng) -> String {
        let verb = self.verb(rng);
        let mut s = format!("{}{}", verb.imp, verb.particle);
        push_word(&mut s, &self.object(rng, verb, true));
        if rng.chance(50) {
            push_word(&mut s, &self.adverbial(rng));
        }
        finish(&s)
    }

    /// `dokumentera hotbrevet` (for lists after "Du ska:").
    fn infinitive_phrase(&self, rng: &mut Rng) -> String {
        let verb = self.verb(rng);
        let mut s = format!("{}{}", verb.inf, verb.particle);
        push_word(&mut s, &self.object(rng, verb, true));
        if rng.chance(35) {
            push_word(&mut s, &self.adverbial(rng));
        }
        s
    }

    fn paragraph(&self, rng: &mut Rng, target_words: usize) -> String {
        let mut text = String::new();
        let mut words = 0;
        while words < target_words {
            let sentence = self.sentence(rng);
            words += count_words(&sentence);
            push_word(&mut text, &sentence);
        }
        text
    }

    // --- Headings and titles -------------------------------------------------------------------

    fn heading(&self, rng: &mut Rng) -> String {
        let text = match rng.below(11) {
            0 => {
                let first = *rng.pick(&[Cat::Doc, Cat::Risk, Cat::Threat]);
                let second = *rng.pick(&[Cat::Doc, Cat::Risk]);
                let a = self.noun(rng, first);
                let b = self.noun(rng, second);
                format!("{} och {}", a.sg, b.sg)
            }
            1 => {
                let cat = *rng.pick(&[Cat::Threat, Cat::Doc, Cat::Risk]);
                let verb = self.verb_for(rng, cat);
                format!(
                    "så {}{} du {}",
                    verb.pres,
                    verb.particle,
                    self.np_def(rng, cat)
                )
            }
            2 => format!(
                "när {} kommer {}",
                self.noun(rng, Cat::Threat).def,
                rng.word(CHANNELS)
            ),
            3 => format!(
                "{} {}",
                genitive(&self.noun(rng, Cat::Person).def),
                rng.word(&["ansvar", "roll", "uppgifter", "stöd", "säkerhet"])
            ),
            4 => format!("om {}", self.plural_np(rng, Cat::Threat)),
            5 => {
                let cat = *rng.pick(&[Cat::Doc, Cat::Risk, Cat::Event]);
                let n = self.noun(rng, cat);
                format!("{} {}", n.sg, rng.word(PLACES))
            }
            6 => {
                let cat = *rng.pick(&[Cat::Threat, Cat::Doc, Cat::Risk]);
                let verb = self.verb_for(rng, cat);
                format!(
                    "vem {}{} {}?",
                    verb.pres,
                    verb.particle,
                    self.np_def(rng, cat)
                )
            }
            7 => format!(
                "{} {}",
                rng.word(&["före", "under", "efter", "inför"]),
                self.noun(rng, Cat::Event).def
            ),
            8 => {
                let cat = *rng.pick(&[Cat::Doc, Cat::Risk, Cat::Threat]);
                self.plural_np(rng, cat)
            }
            9 => {
                let (thing, _) = self.np_indef(rng, Cat::Threat);
                format!(
                    "{} {thing}",
                    rng.word(&["stöd efter", "vad du gör vid", "att anmäla", "om du får"])
                )
            }
            _ => {
                let cat = *rng.pick(&[Cat::Doc, Cat::Risk]);
                let what = &self.noun(rng, cat).sg;
                format!("{what} för {}", self.noun(rng, Cat::Person).pl)
            }
        };
        cap(&text)
    }
}

/// Files an adjective under the categories it goes with (`*`: all).
fn add_adj(adjs: &mut Vec<Adj>, by_cat: &mut [Vec<usize>; CAT_COUNT], adj: Adj, letters: &str) {
    for (c, list) in by_cat.iter_mut().enumerate() {
        if letters == "*" || letters.chars().any(|l| cat(l) as usize == c) {
            list.push(adjs.len());
        }
    }
    adjs.push(adj);
}

fn genitive(word: &str) -> String {
    if word.ends_with(['s', 'x', 'z']) {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn push_word(s: &mut String, word: &str) {
    if word.is_empty() {
        return;
    }
    if !s.is_empty() {
        s.push(' ');
    }
    s.push_str(word);
}

fn cap(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Capital first letter and a full stop.
fn finish(s: &str) -> String {
    let mut s = cap(s);
    s.push('.');
    s
}

fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// Wraps `text` at [`WRAP`] columns, each line starting with `prefix`. A word that Markdown
/// would read as the start of a block (`- `, `# `, `> `, `1. `) never starts a line.
fn wrap(out: &mut String, text: &str, prefix: &str) {
    let mut line = String::from(prefix);
    let mut empty = true;
    for word in text.split_whitespace() {
        let risky = matches!(word, "-" | "+" | "*" | ">" | "|" | "=")
            || word.starts_with(['#', '>', '|'])
            || (word.len() > 1
                && word.ends_with(['.', ')'])
                && word[..word.len() - 1].chars().all(|c| c.is_ascii_digit()));
        if !empty && !risky && line.chars().count() + 1 + word.chars().count() > WRAP {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(prefix);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// YAML scalar for front matter: plain when safe, else double-quoted.
fn yaml_str(s: &str) -> String {
    let plain = !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

// ---------------------------------------------------------------------------------------------
// Pages

struct Heading {
    level: usize,
    text: String,
    /// Written as `{#id}`.
    explicit: bool,
    id: String,
}

/// What stays the same in every revision: where a page is, its title and its headings (so
/// links and anchors hold across revisions).
struct PagePlan {
    section: usize,
    weight: usize,
    /// `del-3/hotbrev-i-backby.md`.
    source: String,
    title: String,
    description: Option<String>,
    headings: Vec<Heading>,
    seed: u64,
}

fn plan_pages(lex: &Lexicon, seed: u64, pages: usize) -> Vec<PagePlan> {
    let mut plans = Vec::with_capacity(pages);
    let mut slugs = BTreeSet::new();
    for index in 0..pages {
        let section = index / PAGES_PER_SECTION + 1;
        let weight = index % PAGES_PER_SECTION + 1;
        if weight == 1 {
            slugs.clear();
        }
        let page_seed = mix(mix(seed, 0x7061_6765), index as u64);
        let mut rng = Rng::new(page_seed);
        let mut title = lex.heading(&mut rng);
        let mut slug = short_slug(&title);
        let mut tries = 0;
        while slugs.contains(&slug) || slug == "index" {
            tries += 1;
            title = lex.heading(&mut rng);
            slug = short_slug(&title);
            if tries > 20 {
                slug = format!("{slug}-{weight}");
            }
        }
        slugs.insert(slug.clone());
        let description = rng.chance(85).then(|| lex.sentence(&mut rng));

        let mut headings = Vec::new();
        let mut ids = BTreeSet::new();
        let h2_count = rng.range(3, 5);
        for _ in 0..h2_count {
            headings.push(plan_heading(lex, &mut rng, 2, &mut ids));
            if rng.chance(40) {
                for _ in 0..rng.range(1, 2) {
                    headings.push(plan_heading(lex, &mut rng, 3, &mut ids));
                }
            }
        }
        plans.push(PagePlan {
            section,
            weight,
            source: format!("del-{section}/{slug}.md"),
            title,
            description,
            headings,
            seed: page_seed,
        });
    }
    plans
}

/// At most six words of the title's slug, so file names stay short.
fn short_slug(title: &str) -> String {
    handbok::model::slug::slugify(title)
        .split('-')
        .take(6)
        .collect::<Vec<_>>()
        .join("-")
}

/// A heading whose id is unique on its page; a quarter get an explicit, shorter `{#id}`.
fn plan_heading(lex: &Lexicon, rng: &mut Rng, level: usize, ids: &mut BTreeSet<String>) -> Heading {
    loop {
        let text = if level == 3 && rng.chance(25) {
            rng.word(&[
                "Exempel",
                "Tänk på det här",
                "Bra att veta",
                "Så går det till",
                "Om du är osäker",
                "Vem gör vad?",
            ])
            .to_string()
        } else {
            lex.heading(rng)
        };
        let slug = handbok::model::slug::slugify(&text);
        let short: String = slug.split('-').take(3).collect::<Vec<_>>().join("-");
        let explicit = short != slug && rng.chance(25) && !ids.contains(&short);
        let id = if explicit { short } else { slug };
        if !id.is_empty() && ids.insert(id.clone()) {
            return Heading {
                level,
                text,
                explicit,
                id,
            };
        }
    }
}

/// Blocks of a page body, laid out the same in every revision.
enum Block {
    Heading(usize),
    Paragraph,
    Bullets,
    Numbered,
    Table,
    Callout,
    Contact,
    Checklist,
}

/// The Markdown of content page `index` in the revision `age` terms before the newest, and its
/// word count.
fn page(
    lex: &Lexicon,
    plans: &[PagePlan],
    index: usize,
    age: usize,
    checklists: &[String],
) -> (String, usize) {
    let plan = &plans[index];
    let mut layout = Rng::new(mix(plan.seed, 1));

    // Intro, then each heading with its paragraphs; lists, a table and the rest go into the
    // sections under the headings.
    let mut groups: Vec<Vec<Block>> = vec![vec![Block::Paragraph]];
    if layout.chance(50) {
        groups[0].push(Block::Paragraph);
    }
    for (i, heading) in plan.headings.iter().enumerate() {
        let mut group = vec![Block::Heading(i)];
        let has_sub = plan
            .headings
            .get(i + 1)
            .is_some_and(|h| h.level > heading.level);
        let paragraphs = if heading.level == 2 && !has_sub {
            layout.range(1, 2)
        } else {
            1
        };
        group.extend((0..paragraphs).map(|_| Block::Paragraph));
        groups.push(group);
    }
    let mut extras = vec![Block::Bullets, Block::Numbered, Block::Table];
    if layout.chance(45) {
        extras.push(Block::Callout);
    }
    if layout.chance(12) {
        extras.push(Block::Contact);
    }
    if layout.chance(3) && !checklists.is_empty() {
        extras.push(Block::Checklist);
    }
    for extra in extras {
        let group = layout.range(1, groups.len() - 1);
        let at = layout.range(2, groups[group].len());
        groups[group].insert(at, extra);
    }
    let blocks: Vec<Block> = groups.into_iter().flatten().collect();
    let paragraph_count = blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph))
        .count();
    let link_count = layout.range(2, 4);
    let mut link_in: Vec<usize> = (0..link_count)
        .map(|_| layout.below(paragraph_count))
        .collect();
    link_in.sort_unstable();
    let target_words = layout.range(715, 815);

    // The text of each block. Revisions form a chain back from the newest: at each step to
    // an older term about a third of the pages were revised, each in about a fifth of its
    // blocks. A block has the text of the newest step that revised it (or the newest text).
    let block_rng = |n: usize| {
        let base = mix(plan.seed, 100 + n as u64);
        let revised_at = |step: usize| {
            Rng::new(mix(plan.seed, 0x5245_5649 + step as u64)).chance(35)
                && Rng::new(mix(base, 0x0041_4745 + step as u64)).chance(20)
        };
        match (1..=age).rev().find(|&step| revised_at(step)) {
            Some(step) => Rng::new(mix(base, step as u64)),
            None => Rng::new(base),
        }
    };
    let mut rendered: Vec<Option<String>> = Vec::with_capacity(blocks.len());
    let mut fixed_words = 0;
    for (n, block) in blocks.iter().enumerate() {
        let mut rng = block_rng(n);
        let text = match block {
            Block::Heading(i) => {
                let h = &plan.headings[*i];
                let mut s = format!("{} {}", "#".repeat(h.level), h.text);
                if h.explicit {
                    s.push_str(&format!(" {{#{}}}", h.id));
                }
                s.push('\n');
                Some(s)
            }
            Block::Paragraph => None,
            Block::Bullets => Some(bullets(lex, &mut rng)),
            Block::Numbered => Some(numbered(lex, &mut rng)),
            Block::Table => Some(table(lex, &mut rng)),
            Block::Callout => Some(callout(lex, &mut rng)),
            Block::Contact => Some(format!(
                "{{{{ contact(id=\"{}\") }}}}\n",
                rng.word(CONTACTS)
            )),
            Block::Checklist => Some(format!(
                "{{{{ checklist(id=\"{}\") }}}}\n",
                rng.pick(checklists)
            )),
        };
        if let Some(text) = &text {
            fixed_words += count_words(text);
        }
        rendered.push(text);
    }
    let per_paragraph = (target_words.saturating_sub(fixed_words + 7 * link_count)
        / paragraph_count.max(1))
    .max(25);

    let mut body = String::new();
    let mut paragraph = 0;
    for (n, text) in rendered.into_iter().enumerate() {
        if !body.is_empty() {
            body.push('\n');
        }
        match text {
            Some(text) => body.push_str(&text),
            None => {
                let mut rng = block_rng(n);
                let mut p = lex.paragraph(&mut rng, per_paragraph);
                // Links are laid out per page, so they are the same in every revision.
                for (k, _) in link_in
                    .iter()
                    .enumerate()
                    .filter(|(_, &at)| at == paragraph)
                {
                    let mut link_rng = Rng::new(mix(plan.seed, 0x4c49_4e4b + k as u64));
                    push_word(&mut p, &link_sentence(lex, &mut link_rng, plans, index));
                }
                wrap(&mut body, &p, "");
                paragraph += 1;
            }
        }
    }

    let mut out = String::with_capacity(body.len() + 200);
    out.push_str("---\n");
    out.push_str(&format!("title: {}\n", yaml_str(&plan.title)));
    if let Some(description) = &plan.description {
        out.push_str(&format!("description: {}\n", yaml_str(description)));
    }
    out.push_str(&format!("weight: {}\n---\n\n", plan.weight));
    let words = count_words(&body);
    out.push_str(&body);
    (out, words)
}

fn bullets(lex: &Lexicon, rng: &mut Rng) -> String {
    let count = rng.range(4, 7);
    let (intro, items): (String, Vec<String>) = match rng.below(4) {
        0 => {
            let cat = *rng.pick(&[Cat::Threat, Cat::Threat, Cat::Doc]);
            let n = lex.noun(rng, cat);
            (
                format!("Exempel på {}:", n.pl),
                (0..count)
                    .map(|_| {
                        let (thing, _) = lex.np_indef(rng, cat);
                        let mut s = cap(&thing);
                        if rng.chance(50) {
                            push_word(&mut s, rng.word(CHANNELS));
                        }
                        s
                    })
                    .collect(),
            )
        }
        1 => (
            rng.word(&["Tänk på det här:", "Kom ihåg:", "Det här gäller:"])
                .to_string(),
            (0..count).map(|_| lex.imperative(rng)).collect(),
        ),
        2 => {
            let (subject, _) = lex.subject(rng);
            (
                format!("{} {}:", cap(&subject), rng.word(&["ska", "bör", "kan"])),
                (0..count).map(|_| lex.infinitive_phrase(rng)).collect(),
            )
        }
        _ => (
            format!("Det här gäller {}:", rng.word(PLACES)),
            (0..count).map(|_| lex.sentence(rng)).collect(),
        ),
    };
    let mut s = format!("{intro}\n\n");
    for item in items {
        s.push_str(&format!("- {item}\n"));
    }
    s
}

fn numbered(lex: &Lexicon, rng: &mut Rng) -> String {
    let intro = rng.word(&[
        "Gör så här:",
        "Så här går det till:",
        "Följ stegen i den här ordningen:",
        "Stegen i korthet:",
    ]);
    let mut s = format!("{intro}\n\n");
    for i in 1..=rng.range(3, 6) {
        s.push_str(&format!("{i}. {}\n", lex.imperative(rng)));
    }
    s
}

fn table(lex: &Lexicon, rng: &mut Rng) -> String {
    let rows = rng.range(3, 5);
    let mut s = String::new();
    match rng.below(4) {
        0 => {
            s.push_str("| Situation | Vem gör vad | När |\n|---|---|---|\n");
            for _ in 0..rows {
                let (thing, _) = lex.np_indef(rng, Cat::Threat);
                let who = cap(&lex.clause_present(rng));
                let when = cap(rng.word(TIMES));
                s.push_str(&format!("| {} | {who} | {when} |\n", cap(&thing)));
            }
        }
        1 => {
            s.push_str("| Kanal | Exempel | Vad du gör |\n|---|---|---|\n");
            let start = rng.below(CHANNEL_NAMES.len());
            for r in 0..rows {
                let (thing, _) = lex.np_indef(rng, Cat::Threat);
                let action = lex.imperative(rng);
                s.push_str(&format!(
                    "| {} | {} | {action} |\n",
                    CHANNEL_NAMES[(start + r) % CHANNEL_NAMES.len()],
                    cap(&thing)
                ));
            }
        }
        2 => {
            s.push_str("| Begrepp | Vad det betyder | Exempel |\n|---|---|---|\n");
            let start = rng.below(TERM_ROWS.len());
            for r in 0..rows {
                let (term, meaning, example) = TERM_ROWS[(start + r) % TERM_ROWS.len()];
                s.push_str(&format!("| {term} | {meaning} | {example} |\n"));
            }
        }
        _ => {
            s.push_str("| Roll | Ansvar |\n|---|---|\n");
            for _ in 0..rows {
                let who = cap(&lex.person(rng));
                let verb = lex.verb(rng);
                let what = format!(
                    "{}{} {}",
                    verb.pres,
                    verb.particle,
                    lex.object(rng, verb, false)
                );
                s.push_str(&format!("| {who} | {} |\n", cap(&what)));
            }
        }
    }
    s
}

fn callout(lex: &Lexicon, rng: &mut Rng) -> String {
    let kind = rng.word(&["VIKTIGT", "VIKTIGT", "VIKTIGT", "TIPS", "OBS", "INFO"]);
    let mut s = format!("> [!{kind}]");
    if rng.chance(40) {
        s.push(' ');
        s.push_str(rng.word(&[
            "Ring 112 vid fara",
            "Spara allt",
            "Du är inte ensam",
            "Anmäl alltid",
            "Bra att veta",
        ]));
    }
    s.push('\n');
    let mut text = String::new();
    for _ in 0..rng.range(1, 3) {
        let sentence = if rng.chance(50) {
            lex.imperative(rng)
        } else {
            lex.sentence(rng)
        };
        push_word(&mut text, &sentence);
    }
    wrap(&mut s, &text, "> ");
    s
}

/// A sentence with a link to another page, sometimes to one of its headings.
fn link_sentence(lex: &Lexicon, rng: &mut Rng, plans: &[PagePlan], from: usize) -> String {
    if plans.len() == 1 {
        return format!("Läs mer i [{}](@/del-1/_index.md).", section_title(1));
    }
    let section = from / PAGES_PER_SECTION;
    let target = loop {
        let candidate = if rng.chance(50) {
            let first = section * PAGES_PER_SECTION;
            let last = (first + PAGES_PER_SECTION).min(plans.len()) - 1;
            rng.range(first, last)
        } else {
            rng.below(plans.len())
        };
        if candidate != from {
            break &plans[candidate];
        }
    };
    if rng.chance(40) {
        let heading = rng.pick(&target.headings);
        let link = format!("[{}](@/{}#{})", heading.text, target.source, heading.id);
        match rng.below(3) {
            0 => format!("Hur du gör står under {link}."),
            1 => format!("Läs avsnittet {link}."),
            _ => format!(
                "Jämför med {link} på sidan om {}.",
                lowercase_first(&target.title)
            ),
        }
    } else {
        let link = format!("[{}](@/{})", target.title, target.source);
        match rng.below(4) {
            0 => format!("Läs mer i {link}."),
            1 => format!("Se också {link}."),
            2 => format!("Mer om {} står i {link}.", lex.np_def(rng, Cat::Risk)),
            _ => format!("Jämför med {link}."),
        }
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn section_title(section: usize) -> String {
    format!(
        "Del {section}: {}",
        SECTION_THEMES[(section - 1) % SECTION_THEMES.len()]
    )
}

fn section_page(
    lex: &Lexicon,
    plans: &[PagePlan],
    section: usize,
    seed: u64,
    age: usize,
) -> String {
    let mut rng = Rng::new(mix(mix(seed, 0x5345_4354), section as u64));
    let description = lex.sentence(&mut rng);
    let revised_at =
        |step: usize| Rng::new(mix(mix(seed, 0x5345_4354 + step as u64), section as u64));
    if let Some(step) = (1..=age).rev().find(|&step| revised_at(step).chance(15)) {
        rng = Rng::new(mix(revised_at(step).next(), 1));
    }
    let mut s = format!(
        "---\ntitle: {}\ndescription: {}\nweight: {section}\n---\n\n",
        yaml_str(&section_title(section)),
        yaml_str(&description)
    );
    for _ in 0..2 {
        let p = lex.paragraph(&mut rng, 60);
        wrap(&mut s, &p, "");
        s.push('\n');
    }
    let first = plans
        .iter()
        .find(|p| p.section == section)
        .expect("every section has pages");
    s.push_str(&format!(
        "Börja med [{}](@/{}).\n",
        first.title, first.source
    ));
    s
}

fn start_page(
    lex: &Lexicon,
    plans: &[PagePlan],
    bundled: &Bundled,
    seed: u64,
    age: usize,
) -> String {
    let mut rng = Rng::new(mix(seed, 0x5354_4152 + age as u64));
    let first = &plans[0];
    let mut s = String::from(
        "---\ntitle: Hot, hat och våld mot förtroendevalda\ndescription: Vad du gör om du blir hotad, och var du hittar handbokens delar, checklistorna och självtestet.\n---\n\n",
    );
    s.push_str("> [!AKUT] Ring 112 vid fara\n> Är någon i fara just nu? Ring **112**.\n\n");
    s.push_str("**Jag blir hotad – vad gör jag nu?**\n\n");
    s.push_str(&format!(
        "1. **Ring 112** vid fara. [De första stegen](@/{})\n",
        first.source
    ));
    s.push_str("2. **Spara allt:** sms, mejl, brev och skärmbilder.\n");
    s.push_str("3. **Anmäl** på 114 14. Säg att du är förtroendevald.\n");
    s.push_str("4. **Berätta** för staden och ditt parti.");
    if let Some((name, _)) = bundled.checklists.first() {
        s.push_str(&format!(" [Checklistan](@/checklists/{name})"));
    }
    s.push_str("\n\n## Hitta rätt i handboken\n\n");
    s.push_str("- [Begrepp](@/definitions.yaml): vad hot, hat och våld betyder.\n");
    if let Some((name, _)) = bundled.quizzes.first() {
        s.push_str(&format!(
            "- [Testa dig själv](@/quizzes/{name}) med ett kort självtest. Ingen ser dina svar.\n"
        ));
    }
    s.push('\n');
    let p = lex.paragraph(&mut rng, 80);
    wrap(&mut s, &p, "");
    s.push_str("\n## Handbokens delar\n\n");
    let sections = plans.last().map_or(0, |p| p.section);
    for section in 1..=sections {
        s.push_str(&format!(
            "- [{}](@/del-{section}/_index.md)\n",
            section_title(section)
        ));
    }
    s
}
