//! The local half of a plan, in one transaction: the article's own writes (through the
//! core, as one edit that is never queued back), the conflicts, the new base and the
//! outbox. Refused as a whole when the article changed since it was loaded.

use crate::fields;
use crate::mapping::RemoteFields;
use crate::mirror;
use crate::plan::{Base, LocalOp, NewBase, Outcome, Plan};
use crate::settle::LocalArticle;
use newsroom_core::remote::{self, Applied, Change, Origin};
use newsroom_core::{outbox, Store};

/// Commits the local effects of `plan` for `local` (as it was loaded and planned);
/// `answer` is the post as the site stored it after the plan's request, if there was one.
/// `Deferred` when the plan writes the article and an edit landed since it was loaded:
/// nothing is written, and the next round plans again (a request already made is
/// remembered as sent, so its effect on the site is recognised as ours).
pub fn commit(
    store: &Store,
    local: &LocalArticle,
    plan: Plan,
    answer: Option<RemoteFields>,
) -> newsroom_core::Result<Outcome> {
    let now = store.now();
    let guard = plan.writes_the_article();
    let mut change = Change::default();
    let mut conflicts = Vec::new();
    let mut sent = false;
    for op in plan.local_ops {
        match op {
            LocalOp::Write { fields, values } => {
                for f in fields {
                    (fields::spec(f).write)(&values, &mut change);
                }
            }
            LocalOp::Trash => change.trashed = Some(true),
            LocalOp::Restore => change.trashed = Some(false),
            LocalOp::Conflict(c) => conflicts.push(c),
            LocalOp::Sent => sent = true,
        }
    }
    store.db().write(|tx| {
        let key = local.id.to_string();
        if guard {
            let applied = remote::apply(
                tx,
                local.id,
                Some(local.version),
                &change,
                Origin::Site,
                "WordPress",
                now,
            )?;
            if applied == Applied::Stale {
                return Ok(Outcome::Deferred);
            }
        }
        for c in &conflicts {
            mirror::record_conflict(tx, &key, c, now)?;
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
        // Only as far as the plan saw: an edit made while it ran keeps the row.
        if let (true, Some(upto)) = (sent, local.upto()) {
            outbox::complete(tx, &key, upto)?;
        }
        Ok(plan.outcome)
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
            let outcome = commit(&store, &loaded, planned, None).unwrap();
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
            commit(&store, &loaded, planned, None).unwrap(),
            Outcome::Pulled
        );
        let now = load(&store, a.id);
        assert_eq!(now.view.fields.headline, "С сайта");
        assert_eq!(now.view.fields.status, "in_review");
        assert_eq!(now.version, loaded.version + 1, "one edit for both fields");
        assert!(now.outbox.is_none(), "nothing goes back to the site");
    }
}
