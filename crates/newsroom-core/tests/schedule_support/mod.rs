//! Set-up for the schedule tests: a store on a real SQLite file with a hand-moved clock,
//! an editor and a journalist, and approved articles ready to schedule.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use newsroom_core::schedule::{ScheduleRequest, WallClockInput};
use newsroom_core::workflow::{Action, Actor, Checklist, Role};
use newsroom_core::{ArticleDraft, ArticleId, ManualClock, Store};
use std::sync::Arc;
use tempfile::TempDir;

pub struct Desk {
    pub store: Arc<Store>,
    pub clock: Arc<ManualClock>,
    pub dir: TempDir,
    pub editor: Actor,
    pub journalist: Actor,
}

pub fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// A desk whose clock reads `now`.
pub fn desk_at(now: DateTime<Utc>) -> Desk {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(ManualClock::new(now));
    let store = Store::open_dir(dir.path(), clock.clone()).expect("open store");
    let editor = Actor::Profile(store.create_profile("Борис", Role::Editor).unwrap().id);
    let journalist = Actor::Profile(
        store
            .create_profile("Айгерим", Role::Journalist)
            .unwrap()
            .id,
    );
    // Tags are the workflow's business; these tests only need articles to reach `approved`.
    store
        .set_checklist(&Checklist {
            min_tags: 0,
            ..Checklist::default()
        })
        .unwrap();
    Desk {
        store: Arc::new(store),
        clock,
        dir,
        editor,
        journalist,
    }
}

impl Desk {
    /// Reopens the database file, as the app does on its next start.
    pub fn reopen(&mut self) {
        let store = Store::open_dir(self.dir.path(), self.clock.clone()).expect("reopen store");
        self.store = Arc::new(store);
    }

    pub fn approved(&self, headline: &str) -> ArticleId {
        let a = self
            .store
            .create_article(&ArticleDraft {
                headline: headline.into(),
                body: "Текст статьи.".into(),
                ..ArticleDraft::default()
            })
            .unwrap();
        self.store
            .apply_action(a.id, Action::Submit, &self.editor, None)
            .unwrap();
        self.store
            .apply_action(a.id, Action::Approve, &self.editor, None)
            .unwrap();
        a.id
    }

    pub fn status(&self, id: ArticleId) -> String {
        self.store.article(id).unwrap().status
    }
}

pub fn at(zone: &str, local: &str) -> ScheduleRequest {
    ScheduleRequest {
        time: WallClockInput {
            zone: zone.into(),
            local: local.into(),
            fold: None,
        },
        lead: false,
        user_zone: None,
    }
}

pub fn wall(zone: &str, local: &str) -> WallClockInput {
    WallClockInput {
        zone: zone.into(),
        local: local.into(),
        fold: None,
    }
}
