//! The revision page (`/<id>/om-revisionen/`): what an official cites. Status, the decision
//! (or plainly "not known"), the seal, when the next revision is due, and every revision of the
//! plan side by side.

use serde::Serialize;

use crate::model::content::{is_not_known, Revision, Site, Status};
use crate::model::election::{self, Date};

pub use crate::model::routes::about_revision::{CHANGES_SOURCE, CHANGES_URL, SOURCE, URL};

/// The template's `about` variable.
#[derive(Debug, Serialize)]
pub struct About {
    pub id: String,
    pub title: String,
    /// `in_force`, `adopted` (no longer in force) or `draft`.
    pub state: &'static str,
    /// Empty when not known (the template then says so).
    pub adopted: String,
    pub decided_by: String,
    pub reference: String,
    pub summary: String,
    /// The seal's SHA-256 and how many files it covers; empty when not sealed.
    pub seal: String,
    pub sealed_files: usize,
    /// `31 december 2029`, for the revision in force with a known date.
    pub next_due: String,
    pub next_due_iso: String,
    /// The election the due date comes before: `13 september 2026`.
    pub next_election: String,
    /// True when the due date has passed and no newer revision is adopted.
    pub overdue: bool,
    /// The revision this one is compared with on its change page.
    pub previous: Option<String>,
    pub revisions: Vec<Row>,
}

/// One revision in the list of all revisions.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub state: &'static str,
    pub adopted: String,
    pub decided_by: String,
    pub reference: String,
    pub current: bool,
}

pub fn about(site: &Site, revision: &Revision, today: Date) -> About {
    let in_force = site
        .root_revision()
        .filter(|r| r.meta.status == Status::Adopted)
        .map(|r| r.id.as_str());
    let meta = &revision.meta;
    let is_in_force = in_force == Some(revision.id.as_str());
    let due = meta
        .adopted_date()
        .and_then(Date::parse)
        .filter(|_| is_in_force)
        .map(election::next_revision_due);
    About {
        id: revision.id.clone(),
        title: revision.title().to_string(),
        state: state(revision, in_force),
        adopted: known(meta.adopted.as_deref().unwrap_or("")),
        decided_by: known(&meta.decided_by),
        reference: known(&meta.reference),
        summary: meta.summary.clone(),
        seal: meta
            .seal
            .as_ref()
            .map(|s| s.sha256.clone())
            .unwrap_or_default(),
        sealed_files: meta.seal.as_ref().map_or(0, |s| s.files.len()),
        next_due: due.map(|d| d.swedish()).unwrap_or_default(),
        next_due_iso: due.map(|d| d.iso()).unwrap_or_default(),
        next_election: due
            .map(|d| election::election_day(d.year + 1).swedish())
            .unwrap_or_default(),
        overdue: due.is_some_and(|d| today > d),
        previous: site.previous_revision(&revision.id).map(|r| r.id.clone()),
        revisions: site
            .revisions
            .iter()
            .rev()
            .map(|r| Row {
                id: r.id.clone(),
                title: r.title().to_string(),
                state: state(r, in_force),
                adopted: known(r.meta.adopted.as_deref().unwrap_or("")),
                decided_by: known(&r.meta.decided_by),
                reference: known(&r.meta.reference),
                current: r.id == revision.id,
            })
            .collect(),
    }
}

fn state(revision: &Revision, in_force: Option<&str>) -> &'static str {
    match revision.meta.status {
        Status::Draft => "draft",
        Status::Adopted if in_force == Some(revision.id.as_str()) => "in_force",
        Status::Adopted => "adopted",
    }
}

fn known(value: &str) -> String {
    if is_not_known(value) {
        String::new()
    } else {
        value.to_string()
    }
}
