//! The desk shared through the site (issue 11): notes, history entries, checklist results and
//! the assignment, as the sync engine sends and receives them.
//!
//! Local notes and history entries stay where the workflow writes them (`article_notes`,
//! `article_transitions`); what still has to go out is every entry without a sent link in
//! `desk_links` — the desk's outbox, durable like the rows themselves, so an entry written
//! offline goes out whenever the site is back. The link (and its client id) is stored before
//! the first request ([`link`]), so a retry after a lost answer repeats the same id and the
//! site stores the entry once. Entries from the site are written with a link that marks them
//! as the site's ([`note_from_site`], [`history_from_site`]), so they never travel back.

use crate::clock::{from_millis, to_millis};
use crate::error::{Error, Result};
use crate::workflow::{Action, ArticleState};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

/// A local note or history entry the site does not have yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub article_id: String,
    /// `article_notes.id` or `article_transitions.id`.
    pub local_id: i64,
    /// Set once a send was tried: a retry must use it again.
    pub client_id: Option<String>,
    pub entry: OutgoingEntry,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutgoingEntry {
    Note {
        body: String,
        /// The client id of the history entry the note was written with, once it has one.
        transition_client_id: Option<String>,
        /// The note belongs to a transition that has not been linked yet: send that first.
        waits_for_transition: bool,
    },
    History {
        action: String,
        from: String,
        to: String,
        note: String,
        at: DateTime<Utc>,
    },
    /// The checklist as it stands, sent with a local approval (`local_id` is the approval's).
    Checklist,
}

impl OutgoingEntry {
    pub fn kind(&self) -> &'static str {
        match self {
            OutgoingEntry::Note { .. } => "note",
            OutgoingEntry::History { .. } => "history",
            OutgoingEntry::Checklist => "checklist",
        }
    }
}

/// Everything still to send, history first (a note names the entry it was written with),
/// then checklists of approvals, then notes; oldest first within each.
pub fn outgoing(conn: &Connection) -> Result<Vec<Outgoing>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT t.article_id, t.id, l.client_id, t.action, t.from_state, t.to_state, t.note, t.at
         FROM article_transitions t
         LEFT JOIN desk_links l ON l.kind = 'history' AND l.local_id = t.id
         WHERE l.sent_at IS NULL AND l.failure IS NULL ORDER BY t.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Outgoing {
            article_id: r.get(0)?,
            local_id: r.get(1)?,
            client_id: r.get(2)?,
            entry: OutgoingEntry::History {
                action: r.get(3)?,
                from: r.get(4)?,
                to: r.get(5)?,
                note: r.get(6)?,
                at: from_millis(r.get(7)?),
            },
        })
    })?;
    out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    // Approvals made here (not ones received from the site) carry the checklist they passed.
    let mut stmt = conn.prepare_cached(
        "SELECT t.article_id, t.id, l.client_id FROM article_transitions t
         LEFT JOIN desk_links l ON l.kind = 'checklist' AND l.local_id = t.id
         WHERE t.action = 'approve' AND l.sent_at IS NULL AND l.failure IS NULL
           AND NOT EXISTS (SELECT 1 FROM desk_links h WHERE h.kind = 'history' AND h.local_id = t.id AND h.origin = 'site')
         ORDER BY t.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Outgoing {
            article_id: r.get(0)?,
            local_id: r.get(1)?,
            client_id: r.get(2)?,
            entry: OutgoingEntry::Checklist,
        })
    })?;
    out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    let mut stmt = conn.prepare_cached(
        "SELECT n.article_id, n.id, l.client_id, n.body, n.transition_id, h.client_id
         FROM article_notes n
         LEFT JOIN desk_links l ON l.kind = 'note' AND l.local_id = n.id
         LEFT JOIN desk_links h ON h.kind = 'history' AND h.local_id = n.transition_id
         WHERE l.sent_at IS NULL AND l.failure IS NULL ORDER BY n.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let transition: Option<i64> = r.get(4)?;
        let transition_client_id: Option<String> = r.get(5)?;
        Ok(Outgoing {
            article_id: r.get(0)?,
            local_id: r.get(1)?,
            client_id: r.get(2)?,
            entry: OutgoingEntry::Note {
                body: r.get(3)?,
                waits_for_transition: transition.is_some() && transition_client_id.is_none(),
                transition_client_id,
            },
        })
    })?;
    out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    Ok(out)
}

/// Gives a local entry its client id before the first request (idempotent: an existing link
/// keeps its id, which is returned).
pub fn link(tx: &Transaction, item: &Outgoing, client_id: &str) -> Result<String> {
    tx.execute(
        "INSERT INTO desk_links (client_id, article_id, kind, local_id, origin)
         VALUES (?1, ?2, ?3, ?4, 'here') ON CONFLICT (kind, local_id) DO NOTHING",
        params![client_id, item.article_id, item.entry.kind(), item.local_id],
    )?;
    Ok(tx.query_row(
        "SELECT client_id FROM desk_links WHERE kind = ?1 AND local_id = ?2",
        params![item.entry.kind(), item.local_id],
        |r| r.get(0),
    )?)
}

/// The site has the entry.
pub fn mark_sent(tx: &Transaction, client_id: &str, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE desk_links SET sent_at = ?2 WHERE client_id = ?1 AND sent_at IS NULL",
        params![client_id, to_millis(now)],
    )?;
    Ok(())
}

/// The site refused the entry for good (e.g. the post is no longer the user's to edit): it
/// stays here, with the reason, and is not retried.
pub fn mark_refused(tx: &Transaction, client_id: &str, reason: &str) -> Result<()> {
    tx.execute(
        "UPDATE desk_links SET failure = ?2 WHERE client_id = ?1",
        params![client_id, reason],
    )?;
    Ok(())
}

/// Whether an entry with this client id is already here (written here, or received).
pub fn is_known(conn: &Connection, client_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM desk_links WHERE client_id = ?1")?
        .query_row([client_id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn link_from_site(
    tx: &Transaction,
    client_id: &str,
    article_id: &str,
    kind: &str,
    local_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO desk_links (client_id, article_id, kind, local_id, origin, sent_at)
         VALUES (?1, ?2, ?3, ?4, 'site', ?5)",
        params![client_id, article_id, kind, local_id, to_millis(now)],
    )?;
    Ok(())
}

fn local_id_of(tx: &Transaction, kind: &str, client_id: &str) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT local_id FROM desk_links WHERE kind = ?1 AND client_id = ?2")?
        .query_row(params![kind, client_id], |r| r.get(0))
        .optional()?)
}

/// A note written on another machine (or in WordPress's editorial comments) joins the thread.
#[allow(clippy::too_many_arguments)]
pub fn note_from_site(
    tx: &Transaction,
    article_id: &str,
    client_id: &str,
    author_name: &str,
    body: &str,
    transition_client_id: Option<&str>,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let transition = match transition_client_id {
        Some(c) => local_id_of(tx, "history", c)?,
        None => None,
    };
    tx.execute(
        "INSERT INTO article_notes (article_id, author_id, author_name, body, transition_id, created_at)
         VALUES (?1, NULL, ?2, ?3, ?4, ?5)",
        params![article_id, author_name, body, transition, to_millis(created_at)],
    )?;
    let id = tx.last_insert_rowid();
    link_from_site(tx, client_id, article_id, "note", id, now)
}

/// A transition made on another machine joins the history (the state itself arrives with the
/// post). Unknown actions or states (a newer app) are refused rather than stored unreadable.
#[allow(clippy::too_many_arguments)]
pub fn history_from_site(
    tx: &Transaction,
    article_id: &str,
    client_id: &str,
    action: &str,
    from: &str,
    to: &str,
    actor_name: &str,
    actor_role: &str,
    note: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    Action::parse(action)?;
    ArticleState::parse(from)?;
    ArticleState::parse(to)?;
    if !matches!(actor_role, "journalist" | "editor") {
        return Err(Error::Invalid(format!(
            "unknown role from the site: {actor_role}"
        )));
    }
    tx.execute(
        "INSERT INTO article_transitions (article_id, action, from_state, to_state, actor_id, actor_name, actor_role, note, at)
         VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7, ?8)",
        params![article_id, action, from, to, actor_name, actor_role, note, to_millis(at)],
    )?;
    let id = tx.last_insert_rowid();
    link_from_site(tx, client_id, article_id, "history", id, now)
}

/// Who an article is assigned to on the site: a WordPress user, the same person on every
/// machine of the newsroom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SiteAssignment {
    /// `null`: unassigned.
    #[ts(type = "number | null")]
    pub wp_user_id: Option<u64>,
    pub assignee_name: String,
    pub assigned_by: String,
    pub at: DateTime<Utc>,
    /// Made here and not yet on the site.
    pub pending: bool,
    /// The site refused the last assignment made here, and why (what is shown is the site's).
    pub refused: Option<String>,
}

/// Assigns the article on the site (to `None`: unassigns); goes out with the next round.
pub fn assign(
    tx: &Transaction,
    article_id: &str,
    wp_user_id: Option<u64>,
    assignee_name: &str,
    assigned_by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    put_assignment(
        tx,
        article_id,
        wp_user_id,
        assignee_name,
        assigned_by,
        now,
        &uuid::Uuid::now_v7().to_string(),
        false,
    )
}

#[allow(clippy::too_many_arguments)]
fn put_assignment(
    tx: &Transaction,
    article_id: &str,
    wp_user_id: Option<u64>,
    assignee_name: &str,
    assigned_by: &str,
    at: DateTime<Utc>,
    client_id: &str,
    sent: bool,
) -> Result<()> {
    tx.execute(
        "INSERT INTO desk_assignment (article_id, wp_user_id, assignee_name, assigned_by, at, client_id, sent)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (article_id) DO UPDATE SET wp_user_id = excluded.wp_user_id,
             assignee_name = excluded.assignee_name, assigned_by = excluded.assigned_by,
             at = excluded.at, client_id = excluded.client_id, sent = excluded.sent,
             refused = NULL",
        params![
            article_id,
            wp_user_id.map(|u| u as i64),
            assignee_name,
            assigned_by,
            to_millis(at),
            client_id,
            sent as i64
        ],
    )?;
    if !sent {
        crate::db::note_outgoing();
    }
    Ok(())
}

/// The site's assignment arrived. An assignment made here and not yet sent is newer than
/// anything the site had when this round began: it stays, and goes out next.
#[allow(clippy::too_many_arguments)]
pub fn assignment_from_site(
    tx: &Transaction,
    article_id: &str,
    client_id: &str,
    wp_user_id: Option<u64>,
    assignee_name: &str,
    assigned_by: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let unsent: Option<String> = tx
        .prepare_cached("SELECT client_id FROM desk_assignment WHERE article_id = ?1 AND sent = 0")?
        .query_row([article_id], |r| r.get(0))
        .optional()?;
    if unsent.is_some_and(|c| c != client_id) {
        return Ok(());
    }
    put_assignment(
        tx,
        article_id,
        wp_user_id,
        assignee_name,
        assigned_by,
        at,
        client_id,
        true,
    )
}

/// Assignments made here that the site does not have yet: (article id, client id, user id).
pub fn unsent_assignments(conn: &Connection) -> Result<Vec<(String, String, Option<u64>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, client_id, wp_user_id FROM desk_assignment WHERE sent = 0 ORDER BY at",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get::<_, Option<i64>>(2)?.map(|u| u as u64),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The site refused an assignment made here for good: whatever the row holds now (the site's
/// own assignment, put back by the caller) keeps the reason beside it, and nothing is resent.
pub fn mark_assignment_refused(tx: &Transaction, article_id: &str, reason: &str) -> Result<()> {
    tx.execute(
        "UPDATE desk_assignment SET sent = 1, refused = ?2 WHERE article_id = ?1",
        params![article_id, reason],
    )?;
    Ok(())
}

pub fn mark_assignment_sent(tx: &Transaction, article_id: &str, client_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE desk_assignment SET sent = 1 WHERE article_id = ?1 AND client_id = ?2",
        params![article_id, client_id],
    )?;
    Ok(())
}

pub fn assignment(conn: &Connection, article_id: &str) -> Result<Option<SiteAssignment>> {
    Ok(conn
        .prepare_cached(
            "SELECT wp_user_id, assignee_name, assigned_by, at, sent, refused FROM desk_assignment
             WHERE article_id = ?1",
        )?
        .query_row([article_id], |r| {
            Ok(SiteAssignment {
                wp_user_id: r.get::<_, Option<i64>>(0)?.map(|u| u as u64),
                assignee_name: r.get(1)?,
                assigned_by: r.get(2)?,
                at: from_millis(r.get(3)?),
                pending: r.get::<_, i64>(4)? == 0,
                refused: r.get(5)?,
            })
        })
        .optional()?)
}

/// Live articles assigned on the site to this WordPress user ("assigned to me" on any machine).
pub fn assigned_to(conn: &Connection, wp_user_id: u64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.article_id FROM desk_assignment d JOIN articles a ON a.id = d.article_id
         WHERE d.wp_user_id = ?1 AND a.trashed_at IS NULL ORDER BY d.at DESC",
    )?;
    let rows = stmt.query_map([wp_user_id as i64], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The checklist results the site holds for an article (the last ones sent by any machine).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SiteChecklist {
    pub results: Vec<SiteCheck>,
    pub checked_by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct SiteCheck {
    pub check: String,
    pub passed: bool,
    pub found: Option<u32>,
    pub min: Option<u32>,
    pub max: Option<u32>,
}

pub fn checklist_from_site(
    tx: &Transaction,
    article_id: &str,
    results: &[SiteCheck],
    checked_by: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let json = serde_json::to_string(results)
        .map_err(|e| Error::Invalid(format!("checklist results: {e}")))?;
    tx.execute(
        "INSERT INTO desk_checklist (article_id, results, checked_by, at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (article_id) DO UPDATE SET results = excluded.results,
             checked_by = excluded.checked_by, at = excluded.at
         WHERE excluded.at >= desk_checklist.at",
        params![article_id, json, checked_by, to_millis(at)],
    )?;
    Ok(())
}

pub fn checklist(conn: &Connection, article_id: &str) -> Result<Option<SiteChecklist>> {
    let row: Option<(String, String, i64)> = conn
        .prepare_cached("SELECT results, checked_by, at FROM desk_checklist WHERE article_id = ?1")?
        .query_row([article_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    row.map(|(json, checked_by, at)| -> Result<SiteChecklist> {
        Ok(SiteChecklist {
            results: serde_json::from_str(&json)
                .map_err(|e| Error::Invalid(format!("stored checklist results: {e}")))?,
            checked_by,
            at: from_millis(at),
        })
    })
    .transpose()
}

// ---------------------------------------------------------------- what the window shows

/// Where a note stands between this machine and the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NoteTravel {
    /// Written here, not on the site (yet: it goes out with the next round; on a site
    /// without the companion plugin it stays here).
    Here,
    /// Written here and on the site: colleagues on other machines see it.
    Sent,
    /// Written on another machine (or in WordPress's editorial comments).
    FromSite,
    /// The site refused it for good; the reason is kept and it is not retried.
    Refused,
}

/// One note's travel, beside the note itself (`workflow::Note`, by `note_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NoteDelivery {
    #[ts(type = "number")]
    pub note_id: i64,
    pub travel: NoteTravel,
    /// Why the site refused it.
    pub failure: Option<String>,
    /// Arrived from the site after the thread was last read on this machine, written by
    /// someone else (one's own note from another machine is not news).
    pub unread: bool,
}

/// Unread notes of one article (the badge on the list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UnreadNotes {
    pub article_id: String,
    pub count: u32,
}

/// `sync_state` key prefix: the highest note id of an article read here.
const NOTES_SEEN: &str = "desk.notes_seen.";

fn seen_note(conn: &Connection, article_id: &str) -> Result<i64> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([format!("{NOTES_SEEN}{article_id}")], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// The travel of each note of an article, oldest first. `own_name`: the account's name on
/// the site, whose notes from other machines are not unread.
pub fn note_deliveries(
    conn: &Connection,
    article_id: &str,
    own_name: &str,
) -> Result<Vec<NoteDelivery>> {
    let seen = seen_note(conn, article_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, l.origin, l.sent_at, l.failure, n.author_name FROM article_notes n
         LEFT JOIN desk_links l ON l.kind = 'note' AND l.local_id = n.id
         WHERE n.article_id = ?1 ORDER BY n.id",
    )?;
    let rows = stmt.query_map([article_id], |r| {
        let id: i64 = r.get(0)?;
        let origin: Option<String> = r.get(1)?;
        let sent: Option<i64> = r.get(2)?;
        let failure: Option<String> = r.get(3)?;
        let author: String = r.get(4)?;
        let travel = match (origin.as_deref(), sent, &failure) {
            (Some("site"), _, _) => NoteTravel::FromSite,
            (_, _, Some(_)) => NoteTravel::Refused,
            (Some(_), Some(_), None) => NoteTravel::Sent,
            _ => NoteTravel::Here,
        };
        Ok(NoteDelivery {
            note_id: id,
            unread: travel == NoteTravel::FromSite && id > seen && author != own_name,
            travel,
            failure,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Articles with notes from the site not read here yet, and how many (`own_name` as for
/// [`note_deliveries`]).
pub fn unread_notes(conn: &Connection, own_name: &str) -> Result<Vec<UnreadNotes>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.article_id, COUNT(*) FROM desk_links l
         JOIN articles a ON a.id = l.article_id AND a.trashed_at IS NULL
         JOIN article_notes n ON n.id = l.local_id AND n.author_name != ?2
         LEFT JOIN sync_state s ON s.key = ?1 || l.article_id
         WHERE l.kind = 'note' AND l.origin = 'site'
           AND l.local_id > COALESCE(CAST(s.value AS INTEGER), 0)
         GROUP BY l.article_id ORDER BY l.article_id",
    )?;
    let rows = stmt.query_map([NOTES_SEEN, own_name], |r| {
        Ok(UnreadNotes {
            article_id: r.get(0)?,
            count: r.get::<_, i64>(1)? as u32,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The article's thread was read here: every note it has now is no longer new.
pub fn mark_notes_seen(tx: &Transaction, article_id: &str) -> Result<()> {
    let last: Option<i64> = tx.query_row(
        "SELECT MAX(id) FROM article_notes WHERE article_id = ?1",
        [article_id],
        |r| r.get(0),
    )?;
    let Some(last) = last else { return Ok(()) };
    tx.execute(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![format!("{NOTES_SEEN}{article_id}"), last.to_string()],
    )?;
    Ok(())
}

/// A desk entry of the article the site refused for good; it stays here with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ParkedEntry {
    /// `note`, `history` or `checklist`.
    pub kind: String,
    pub reason: String,
}

/// Entries of an article the site refused for good, oldest first.
pub fn parked(conn: &Connection, article_id: &str) -> Result<Vec<ParkedEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, failure FROM desk_links WHERE article_id = ?1 AND failure IS NOT NULL
         ORDER BY rowid",
    )?;
    let rows = stmt.query_map([article_id], |r| {
        Ok(ParkedEntry {
            kind: r.get(0)?,
            reason: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleDraft;
    use crate::profile::Role;
    use crate::Store;

    fn store_with_article() -> (Store, String) {
        let store = Store::in_memory().expect("store");
        let me = store.create_profile("Айгуль", Role::Journalist).expect("p");
        store.switch_profile(me.id).expect("switch");
        let a = store
            .create_article(&ArticleDraft {
                headline: "Заметки".into(),
                ..ArticleDraft::default()
            })
            .expect("article");
        (store, a.id.to_string())
    }

    fn from_site(store: &Store, article: &str, client_id: &str, body: &str) {
        let now = store.now();
        store
            .db()
            .write(|tx| note_from_site(tx, article, client_id, "Редактор", body, None, now, now))
            .expect("note from the site");
    }

    #[test]
    fn notes_from_the_site_are_unread_until_the_thread_is_read() {
        let (store, id) = store_with_article();
        let article: crate::ArticleId = id.parse().expect("id");
        store.add_note(article, "моя заметка").expect("mine");
        from_site(&store, &id, "c-1", "уточните цитату");
        from_site(&store, &id, "c-2", "и заголовок");
        // The journalist's own reply, written on their laptop, is not news to them.
        let now = store.now();
        store
            .db()
            .write(|tx| note_from_site(tx, &id, "c-own", "Айгуль", "ответила", None, now, now))
            .expect("own note");

        let unread = store
            .db()
            .read(|c| unread_notes(c, "Айгуль"))
            .expect("unread");
        assert_eq!(
            unread,
            vec![UnreadNotes {
                article_id: id.clone(),
                count: 2
            }],
            "only the site's notes are new; one's own is not"
        );
        let travel: Vec<(NoteTravel, bool)> = store
            .db()
            .read(|c| note_deliveries(c, &id, "Айгуль"))
            .expect("deliveries")
            .iter()
            .map(|d| (d.travel, d.unread))
            .collect();
        assert_eq!(
            travel,
            vec![
                (NoteTravel::Here, false),
                (NoteTravel::FromSite, true),
                (NoteTravel::FromSite, true),
                (NoteTravel::FromSite, false)
            ]
        );

        store
            .db()
            .write(|tx| mark_notes_seen(tx, &id))
            .expect("seen");
        assert!(store
            .db()
            .read(|c| unread_notes(c, "Айгуль"))
            .expect("unread")
            .is_empty());
        from_site(&store, &id, "c-3", "готово?");
        assert_eq!(
            store
                .db()
                .read(|c| unread_notes(c, "Айгуль"))
                .expect("unread")[0]
                .count,
            1,
            "a note arriving after the reading is new again"
        );
    }

    #[test]
    fn a_refused_note_shows_its_reason_and_is_parked() {
        let (store, id) = store_with_article();
        let article: crate::ArticleId = id.parse().expect("id");
        store.add_note(article, "после публикации").expect("note");
        let item = store
            .db()
            .read(outgoing)
            .expect("outgoing")
            .into_iter()
            .find(|o| o.entry.kind() == "note")
            .expect("the note waits to go out");
        store
            .db()
            .write(|tx| {
                let client = link(tx, &item, "c-9")?;
                mark_refused(tx, &client, "the site does not allow this")
            })
            .expect("refused");
        let d = store
            .db()
            .read(|c| note_deliveries(c, &id, "Айгуль"))
            .expect("deliveries");
        assert_eq!(d[0].travel, NoteTravel::Refused);
        assert_eq!(
            d[0].failure.as_deref(),
            Some("the site does not allow this")
        );
        assert_eq!(
            store.db().read(|c| parked(c, &id)).expect("parked"),
            vec![ParkedEntry {
                kind: "note".into(),
                reason: "the site does not allow this".into()
            }]
        );
        assert!(
            store
                .db()
                .read(outgoing)
                .expect("outgoing")
                .iter()
                .all(|o| o.entry.kind() != "note"),
            "a refused note is not sent again"
        );
    }
}
