//! The local half of a plan, in one transaction: the article's own writes (through the
//! core, as one edit), the conflicts, the new base and the outbox. Refused as a whole when
//! the article changed since it was loaded.
//!
//! One exception to "requests first, then one commit": a plan that writes the article *and*
//! sends writes the article first ([`commit_article_first`]). A merged value must be in the
//! article before it goes out: were the commit refused after the request (an edit landed
//! meanwhile), the site would hold a merge the article never had, and our own push — taken
//! back as agreed — would make the colleague's half of it read as removed here.

use crate::fields;
use crate::mapping::RemoteFields;
use crate::mirror;
use crate::plan::{Base, FieldConflict, LocalOp, NewBase, Outcome, Plan};
use crate::settle::LocalArticle;
use newsroom_core::remote::{self, Applied, Change, Origin};
use newsroom_core::{outbox, Store};
use rusqlite::Transaction;

/// The plan's writes to the article itself, gathered into one change.
struct ArticleOps {
    change: Change,
    conflicts: Vec<FieldConflict>,
    any: bool,
}

fn article_ops(ops: &[LocalOp]) -> ArticleOps {
    let mut out = ArticleOps {
        change: Change::default(),
        conflicts: Vec::new(),
        any: false,
    };
    for op in ops {
        match op {
            LocalOp::Write { fields, values } => {
                for f in fields {
                    (fields::spec(*f).write)(values, &mut out.change);
                }
            }
            LocalOp::Trash => out.change.trashed = Some(true),
            LocalOp::Restore => out.change.trashed = Some(false),
            LocalOp::Conflict(c) => out.conflicts.push(c.clone()),
            LocalOp::Sent => continue,
        }
        out.any = true;
    }
    out
}

/// Writes the article's part, guarded on the version it was loaded at (`false`: it moved
/// on; nothing was written).
fn write_article(
    tx: &Transaction,
    local: &LocalArticle,
    ops: &ArticleOps,
    origin: Origin,
    now: chrono::DateTime<chrono::Utc>,
) -> newsroom_core::Result<bool> {
    if !ops.any {
        return Ok(true);
    }
    // Conflicts alone change nothing in the article: only the guard applies.
    let origin = if ops.change == Change::default() {
        Origin::Site
    } else {
        origin
    };
    let applied = remote::apply(
        tx,
        local.id,
        Some(local.version),
        &ops.change,
        origin,
        "WordPress",
        now,
    )?;
    if applied == Applied::Stale {
        return Ok(false);
    }
    let key = local.id.to_string();
    for c in &ops.conflicts {
        mirror::record_conflict(tx, &key, c, now)?;
    }
    Ok(true)
}

/// Commits the local effects of `plan` for `local` (as it was loaded and planned);
/// `answer` is the post as the site stored it after the plan's request, if there was one;
/// `upto` the outbox position the plan covers (later edits keep the row). `Deferred` when
/// the plan writes the article and an edit landed since it was loaded: nothing is written,
/// and the next round plans again.
pub fn commit(
    store: &Store,
    local: &LocalArticle,
    plan: Plan,
    answer: Option<RemoteFields>,
    upto: Option<i64>,
) -> newsroom_core::Result<Outcome> {
    let now = store.now();
    let ops = article_ops(&plan.local_ops);
    let sent = plan.local_ops.contains(&LocalOp::Sent);
    store.db().write(|tx| {
        let key = local.id.to_string();
        // What the site holds already: recorded, never queued back.
        if !write_article(tx, local, &ops, Origin::Site, now)? {
            return Ok(Outcome::Deferred);
        }
        match plan.new_base {
            NewBase::Keep => {}
            NewBase::Forget => mirror::forget_base(tx, &key)?,
            NewBase::Save {
                local: base_local,
                remote: expected,
                from_answer,
            } => {
                let remote = match (&answer, from_answer) {
                    (Some(a), true) => a.clone(),
                    _ => expected,
                };
                let base = Base {
                    local: base_local,
                    remote,
                };
                mirror::save_base(tx, &key, &base, now)?;
            }
        }
        if let (true, Some(upto)) = (sent, upto) {
            outbox::complete(tx, &key, upto)?;
        }
        Ok(plan.outcome)
    })
}

/// The article's part of a plan that also sends (see the module's note), before the
/// request: queued, as the merged values are not on the site yet. Returns the outbox
/// position the request covers, or `None` when the article moved on (nothing written).
pub fn commit_article_first(
    store: &Store,
    local: &LocalArticle,
    plan: &Plan,
) -> newsroom_core::Result<Option<i64>> {
    let now = store.now();
    let ops = article_ops(&plan.local_ops);
    store.db().write(|tx| {
        if !write_article(tx, local, &ops, Origin::Here, now)? {
            return Ok(None);
        }
        Ok(outbox::item(tx, &local.id.to_string())?.map(|i| i.last_seq))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::RemoteView;
    use crate::settle::LocalArticle;
    use newsroom_core::workflow::{Action, Actor, Role};
    use newsroom_core::{ArticleDraft, ArticleId, ManualClock};
    use std::sync::Arc;

    fn load(store: &Store, id: ArticleId) -> LocalArticle {
        let snap = store
            .db()
            .read(|c| remote::snapshot(c, id))
            .unwrap()
            .unwrap();
        LocalArticle::from_snapshot(snap, false)
    }

    fn base_of(local: &LocalArticle) -> Base {
        Base {
            local: local.view.fields.clone(),
            remote: RemoteFields {
                remote_id: 1,
                title: local.view.fields.headline.clone(),
                status: "draft".into(),
                ..RemoteFields::default()
            },
        }
    }

    /// A round loads the article, talks to the site, then commits. An edit that lands in
    /// between — whatever its kind — must make the commit step back (the next round sees
    /// it); before, only text edits moved the version the commit checked, so a workflow
    /// transition or a tag change counted as sent and never went out.
    #[test]
    fn edits_made_during_a_round_are_never_counted_as_sent() {
        type Edit = fn(&Store, ArticleId);
        let edits: [(&str, Edit); 3] = [
            ("a text edit", |s, id| {
                let a = s.article(id).unwrap();
                let mut d = a.draft.clone();
                d.body.push_str(" Ещё.");
                s.save_revision(id, &d, a.version).unwrap();
            }),
            ("a workflow transition", |s, id| {
                let p = s.create_profile("Журналист", Role::Journalist).unwrap();
                s.apply_action(id, Action::Submit, &Actor::Profile(p.id), None)
                    .unwrap();
            }),
            ("a tag change", |s, id| {
                s.set_article_tags(id, &["Экономика".into()]).unwrap();
            }),
        ];
        for (what, edit) in edits {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open_dir(dir.path(), Arc::new(ManualClock::fixed())).unwrap();
            let a = store
                .create_article(&ArticleDraft {
                    headline: "Заголовок".into(),
                    body: "Текст.".into(),
                    ..ArticleDraft::default()
                })
                .unwrap();
            let loaded = load(&store, a.id);
            let base = base_of(&loaded);
            // The site changed the headline: the plan pulls it.
            let site_now = RemoteFields {
                title: "С сайта".into(),
                ..base.remote.clone()
            };
            let planned = crate::plan::plan(
                &loaded.view,
                Some(&base),
                &RemoteView::Present(site_now),
                &crate::plan::Context::default(),
            );
            assert!(planned.writes_the_article(), "{planned:?}");
            edit(&store, a.id);
            let outcome = commit(&store, &loaded, planned, None, loaded.upto()).unwrap();
            assert_eq!(
                outcome,
                Outcome::Deferred,
                "{what} made during the round must defer the commit"
            );
            let now = load(&store, a.id);
            assert_eq!(
                now.view.fields.headline, "Заголовок",
                "{what}: nothing written"
            );
            assert!(now.outbox.is_some(), "{what} is still waiting to be sent");
        }
    }

    /// Before, a pulled change went through the outbox (queued, then dropped again by the
    /// engine); now it is never queued, and the whole plan is one edit.
    #[test]
    fn a_pulled_change_is_one_edit_and_leaves_nothing_to_send() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path(), Arc::new(ManualClock::fixed())).unwrap();
        let a = store
            .create_article(&ArticleDraft {
                headline: "Заголовок".into(),
                ..ArticleDraft::default()
            })
            .unwrap();
        let loaded = load(&store, a.id);
        let base = base_of(&loaded);
        let site_now = RemoteFields {
            title: "С сайта".into(),
            status: "pending".into(),
            ..base.remote.clone()
        };
        let planned = crate::plan::plan(
            &loaded.view,
            Some(&base),
            &RemoteView::Present(site_now),
            &crate::plan::Context::default(),
        );
        assert_eq!(
            commit(&store, &loaded, planned, None, loaded.upto()).unwrap(),
            Outcome::Pulled
        );
        let now = load(&store, a.id);
        assert_eq!(now.view.fields.headline, "С сайта");
        assert_eq!(now.view.fields.status, "in_review");
        assert_eq!(now.version, loaded.version + 1, "one edit for both fields");
        assert!(now.outbox.is_none(), "nothing goes back to the site");
    }

    /// A merge that is sent must be in the article before it goes: an edit landing while the
    /// request is out must not leave the site holding a merge the article never had (our
    /// own push, taken back as agreed, would then make the colleague's paragraph read as
    /// removed here and the next push would delete it from the site).
    #[test]
    fn a_merged_value_is_in_the_article_before_it_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path(), Arc::new(ManualClock::fixed())).unwrap();
        let a = store
            .create_article(&ArticleDraft {
                headline: "Заголовок".into(),
                body: "А.\n\nБ.".into(),
                ..ArticleDraft::default()
            })
            .unwrap();
        let at_base = load(&store, a.id);
        let base = Base {
            remote: RemoteFields {
                content: newsroom_text::render_markdown("А.\n\nБ."),
                markdown: Some("А.\n\nБ.".into()),
                ..base_of(&at_base).remote
            },
            ..base_of(&at_base)
        };
        // The author edits paragraph А here; a colleague edits Б on the site.
        let mut d = store.article(a.id).unwrap().draft;
        d.body = "А — автор.\n\nБ.".into();
        store.save_revision(a.id, &d, at_base.version).unwrap();
        let loaded = load(&store, a.id);
        let site_now = RemoteFields {
            content: newsroom_text::render_markdown("А.\n\nБ — коллега."),
            markdown: Some("А.\n\nБ — коллега.".into()),
            ..base.remote.clone()
        };
        let planned = crate::plan::plan(
            &loaded.view,
            Some(&base),
            &RemoteView::Present(site_now),
            &crate::plan::Context::default(),
        );
        assert_eq!(planned.outcome, Outcome::Merged, "{planned:?}");
        let upto = commit_article_first(&store, &loaded, &planned)
            .unwrap()
            .expect("nothing landed yet");
        assert_eq!(
            load(&store, a.id).view.fields.body,
            "А — автор.\n\nБ — коллега.",
            "the merge is in the article before the request"
        );
        // The request is out; the author types on.
        let now = store.article(a.id).unwrap();
        let mut d = now.draft.clone();
        d.headline = "Новый заголовок".into();
        store.save_revision(a.id, &d, now.version).unwrap();
        let done = commit(
            &store,
            &loaded,
            Plan {
                local_ops: vec![LocalOp::Sent],
                ..planned
            },
            None,
            Some(upto),
        )
        .unwrap();
        assert_eq!(done, Outcome::Merged);
        let after = load(&store, a.id);
        assert_eq!(after.view.fields.body, "А — автор.\n\nБ — коллега.");
        assert!(
            after.outbox.is_some(),
            "the edit made during the request still goes out"
        );
    }
}
