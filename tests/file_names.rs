//! File and folder names as staff write them (å, ä, ö, spaces, capitals, names a Mac stores
//! decomposed) get addresses from the Swedish slug rules, and links name the real file.
//! Symbolic links are followed inside the site folder and refused outside it.

mod common;

use common::{attrs, TestSite};

const REV: &str = "content/2023-2026";

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n{body}\n")
}

/// The basic fixture with a guideline page, a meetings section with spaces in its name (its
/// own page and a picture) and a page whose name is stored decomposed, as macOS writes it.
fn swedish_site() -> TestSite {
    let site = TestSite::new("basic");
    site.write(
        &format!("{REV}/riktlinje/förföljelse.md"),
        &page("Förföljelse", "## Vad gör jag?\n\nRing 112."),
    );
    site.write(
        &format!("{REV}/Möten och evenemang/_index.md"),
        &page("Möten och evenemang", "Om möten."),
    );
    site.write(
        &format!("{REV}/Möten och evenemang/Öppna möten.md"),
        &page("Öppna möten", "Om öppna möten."),
    );
    site.write(
        &format!("{REV}/Möten och evenemang/Karta Över.SVG"),
        "<svg/>",
    );
    site.write(
        &format!("{REV}/plan/a\u{308}ndrad ordning.md"),
        &page("Ändrad ordning", "Text."),
    );
    site.edit(
        &format!("{REV}/plan/bravo.md"),
        "Text.",
        "Se [förföljelse](@/riktlinje/förföljelse.md#vad-gor-jag), \
         [möten](<@/Möten och evenemang/_index.md>), \
         [öppna](@/M%C3%B6ten%20och%20evenemang/%C3%96ppna%20m%C3%B6ten.md), \
         [kartan](<@/Möten och evenemang/Karta Över.SVG>) och \
         [ordningen](<@/plan/ändrad ordning.md>).",
    );
    site
}

#[test]
fn swedish_names_get_slugged_addresses_and_links_find_them() {
    let site = swedish_site();
    site.build(&[]);
    for published in [
        "riktlinje/forfoljelse/index.html",
        "moten-och-evenemang/index.html",
        "moten-och-evenemang/oppna-moten/index.html",
        "moten-och-evenemang/karta-over.svg",
        "plan/andrad-ordning/index.html",
    ] {
        let path = site.path(&format!("public/2023-2026/{published}"));
        assert!(path.exists(), "{published} was not published");
    }
    let hrefs = attrs(
        &site.html("2023-2026/plan/bravo/index.html"),
        ".prose a",
        "href",
    );
    for expected in [
        "/handbok/2023-2026/riktlinje/forfoljelse/#vad-gor-jag",
        "/handbok/2023-2026/moten-och-evenemang/",
        "/handbok/2023-2026/moten-och-evenemang/oppna-moten/",
        "/handbok/2023-2026/moten-och-evenemang/karta-over.svg",
    ] {
        assert!(
            hrefs.iter().any(|h| h == expected),
            "no link to {expected} in {hrefs:?}"
        );
    }
}

#[test]
fn a_decomposed_name_is_linked_in_composed_form() {
    let site = swedish_site();
    site.build(&[]);
    let hrefs = attrs(
        &site.html("2023-2026/plan/bravo/index.html"),
        ".prose a",
        "href",
    );
    // The link is typed composed (`ä`), the file is named decomposed (`a` + U+0308).
    assert!(
        hrefs.contains(&"/handbok/2023-2026/plan/andrad-ordning/".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn broken_links_to_swedish_names_name_the_link() {
    let site = swedish_site();
    site.write(
        &format!("{REV}/plan/fel.md"),
        &page("Fel", "Se [fel](<@/Möten och evenemang/Stängda möten.md>)."),
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "error: broken link: link to `@/Möten och evenemang/Stängda möten.md`, but there is no such page"
        ),
        "{stderr}"
    );
}

#[test]
fn two_names_with_one_address_are_an_error_naming_both() {
    let site = TestSite::new("basic");
    site.write(
        &format!("{REV}/plan/Bravo.md"),
        &page("Bravo igen", "Text."),
    );
    site.write(&format!("{REV}/riktlinje/Bild.svg"), "<svg/>");
    let stderr = site.build_fails();
    for expected in [
        "error: content/2023-2026/plan/Bravo.md and content/2023-2026/plan/bravo.md would both be published at /plan/bravo/",
        "error: content/2023-2026/riktlinje/Bild.svg and content/2023-2026/riktlinje/bild.svg would both be published at /riktlinje/bild.svg",
    ] {
        assert!(stderr.contains(expected), "{expected}\nnot in:\n{stderr}");
    }
}

#[test]
fn a_name_without_letters_is_an_error() {
    let site = TestSite::new("basic");
    site.write(&format!("{REV}/plan/!!!.md"), &page("Utrop", "Text."));
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error: `!!!.md` in content/2023-2026/plan/!!!.md has no letter or digit"),
        "{stderr}"
    );
}

#[test]
fn a_decomposed_name_seals_like_a_composed_one() {
    let seal_with = |name: &str| {
        let site = TestSite::new("basic");
        site.write(&format!("{REV}/plan/{name}"), &page("Förföljelse", "Text."));
        handbok::model::seal::compute(&site.path(REV)).expect("seal")
    };
    let composed = seal_with("förföljelse.md");
    let decomposed = seal_with("fo\u{308}rfo\u{308}ljelse.md");
    assert_eq!(composed, decomposed);
    assert!(composed.files.contains_key("plan/förföljelse.md"));
}

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_link_inside_the_site_is_published() {
        let site = TestSite::new("basic");
        site.write("delat/gemensam.md", &page("Gemensam", "Delad text."));
        site.write("delat/bilder/logga.svg", "<svg/>");
        symlink(
            site.path("delat/gemensam.md"),
            site.path(&format!("{REV}/plan/gemensam.md")),
        )
        .unwrap();
        symlink(
            "../../../delat/bilder",
            site.path(&format!("{REV}/plan/bilder")),
        )
        .unwrap();
        site.build(&[]);
        let published = site.read("public/2023-2026/plan/gemensam/index.html");
        assert!(published.contains("Delad text."));
        assert!(site.path("public/2023-2026/plan/bilder/logga.svg").exists());
    }

    #[test]
    fn a_link_out_of_the_site_is_refused_at_its_path() {
        let site = TestSite::new("basic");
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("hemlig.md"), page("Hemlig", "Privat.")).unwrap();
        symlink(
            outside.path().join("hemlig.md"),
            site.path(&format!("{REV}/plan/hemlig.md")),
        )
        .unwrap();
        let stderr = site.build_fails();
        assert!(
            stderr.contains("error: content/2023-2026/plan/hemlig.md is a symbolic link to /"),
            "{stderr}"
        );
        assert!(stderr.contains("outside the site folder"), "{stderr}");
        assert!(!site.path("public").exists(), "nothing may be published");
    }

    #[test]
    fn a_broken_link_is_an_error_naming_it() {
        let site = TestSite::new("basic");
        symlink("borta.md", site.path(&format!("{REV}/plan/trasig.md"))).unwrap();
        let stderr = site.build_fails();
        assert!(
            stderr.contains(
                "error: content/2023-2026/plan/trasig.md is a symbolic link to borta.md, which does not exist"
            ),
            "{stderr}"
        );
    }

    #[test]
    fn the_seal_follows_links_as_the_loader_does() {
        let site = TestSite::new("basic");
        site.write("delat/gemensam.md", &page("Gemensam", "Delad text."));
        symlink(
            site.path("delat/gemensam.md"),
            site.path(&format!("{REV}/plan/gemensam.md")),
        )
        .unwrap();
        let seal = handbok::model::seal::compute(&site.path(REV)).expect("seal");
        assert!(seal.files.contains_key("plan/gemensam.md"));
        site.write("delat/gemensam.md", &page("Gemensam", "Ändrad text."));
        let broken = handbok::model::seal::verify(&site.path(REV), &seal).expect("verify");
        assert_eq!(
            broken.map(|b| b.changed),
            Some(vec!["plan/gemensam.md".to_string()])
        );
    }

    #[test]
    fn a_theme_link_out_of_the_site_is_refused() {
        let site = TestSite::new("basic");
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.css"), "body{}").unwrap();
        symlink(
            outside.path().join("x.css"),
            site.path("themes/default/static/x.css"),
        )
        .unwrap();
        let stderr = site.build_fails();
        assert!(
            stderr.contains("error: themes/default/static/x.css is a symbolic link to /"),
            "{stderr}"
        );
    }

    #[test]
    fn a_revision_folder_that_leads_out_of_the_site_is_refused() {
        let site = TestSite::new("basic");
        let outside = tempfile::tempdir().unwrap();
        let moved = outside.path().join("2023-2026");
        std::fs::rename(site.path("content/2023-2026"), &moved).unwrap();
        symlink(&moved, site.path("content/2023-2026")).unwrap();
        let stderr = site.build_fails();
        assert!(
            stderr.contains("error: content/2023-2026 leads to /"),
            "{stderr}"
        );
        assert!(stderr.contains("outside the site folder"), "{stderr}");
    }
}
