//! The local half of applying a plan: each write in one transaction with the new base and
//! the outbox bookkeeping, refused when the article changed since it was loaded.

use super::*;

pub(crate) struct LocalWrite {
    pub(crate) id: ArticleId,
    pub(crate) version: i64,
    /// The outbox's last change number when the article was loaded (`None`: no row). Every
    /// edit that reaches the site moves it — a workflow transition, a tag or schedule change
    /// as much as a text edit — so it is what tells whether the article changed meanwhile.
    pub(crate) change_seq: Option<i64>,
    pub(crate) byline: String,
    pub(crate) merged: LocalFields,
    pub(crate) fields: Vec<Field>,
    pub(crate) conflicts: Vec<plan::FieldConflict>,
}

/// Writes pulled/merged fields and conflicts in one transaction, refusing if the article
/// changed since it was read (`None`: try again next round). With `final_base` (nothing to
/// push) the base is saved and the outbox row dropped in the same transaction. Returns the
/// outbox position a following push covers.
pub(super) async fn local_write(
    site: &Site,
    w: LocalWrite,
    final_base: Option<Base>,
) -> Result<Option<i64>> {
    blocking(&site.store, move |s| commit_local(s, w, final_base)).await
}

/// Whether the article is still as it was loaded: the same version and no change recorded
/// for it since (see [`LocalWrite::change_seq`]).
fn unchanged_since_load(
    tx: &rusqlite::Transaction,
    id: ArticleId,
    version: i64,
    change_seq: Option<i64>,
) -> newsroom_core::Result<bool> {
    let key = id.to_string();
    let now: i64 = tx.query_row("SELECT version FROM articles WHERE id = ?1", [&key], |r| {
        r.get(0)
    })?;
    let seq = outbox::item(tx, &key)?.map(|i| i.last_seq);
    Ok(now == version && seq == change_seq)
}

/// The transaction of [`local_write`].
pub(crate) fn commit_local(
    s: &newsroom_core::Store,
    w: LocalWrite,
    final_base: Option<Base>,
) -> newsroom_core::Result<Option<i64>> {
    {
        let now = s.now();
        let result = s.db().write(|tx| {
            let key = w.id.to_string();
            if !unchanged_since_load(tx, w.id, w.version, w.change_seq)? {
                return Err(Error::Conflict("changed while syncing".into()));
            }
            let text_fields = [Field::Headline, Field::Dek, Field::Body, Field::Slug];
            if w.fields.iter().any(|f| text_fields.contains(f)) {
                let draft = ArticleDraft {
                    headline: w.merged.headline.clone(),
                    dek: w.merged.dek.clone(),
                    byline: w.byline.clone(),
                    slug: w.merged.slug.clone(),
                    body: w.merged.body.clone(),
                };
                newsroom_core::remote::write_remote_fields(tx, w.id, &draft, now)?;
            }
            if w.fields.contains(&Field::Status) {
                newsroom_core::remote::write_remote_status(tx, w.id, &w.merged.status, now)?;
            }
            if w.fields.contains(&Field::Tags) {
                newsroom_core::remote::write_remote_tags(tx, w.id, &w.merged.tags, now)?;
            }
            if w.fields.contains(&Field::PublishAt) {
                if let Some(at) = w.merged.publish_at {
                    newsroom_core::schedule::entry::put_remote(tx, w.id, at, "WordPress", now)?;
                    newsroom_core::changes::record(
                        tx,
                        &key,
                        newsroom_core::changes::ChangeKind::Scheduled,
                        now,
                    )?;
                }
            }
            for c in &w.conflicts {
                mirror::record_conflict(tx, &key, c, now)?;
            }
            if let Some(base) = &final_base {
                mirror::save_base(tx, &key, base, now)?;
                outbox::discard(tx, &key)?;
            }
            Ok(outbox::item(tx, &key)?.map(|i| i.last_seq).unwrap_or(0))
        });
        match result {
            Ok(seq) => Ok(Some(seq)),
            Err(Error::Conflict(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

pub(super) async fn save_pushed(
    site: &Site,
    id: ArticleId,
    base_local: LocalFields,
    post: &WpPost,
    upto: i64,
) -> Result<()> {
    let remote = RemoteFields::from_post(post);
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let key = id.to_string();
            mirror::save_base(
                tx,
                &key,
                &Base {
                    local: base_local,
                    remote,
                },
                now,
            )?;
            outbox::complete(tx, &key, upto)
        })
    })
    .await
}

/// Clears the outbox row when the planner found nothing to send (the local change was
/// undone, or the site already had it), and saves a refreshed base.
pub(super) async fn finish_nothing(
    site: &Site,
    local: &LocalArticle,
    refreshed: Option<Base>,
) -> Result<()> {
    let upto = local.outbox.as_ref().map(|i| i.last_seq);
    if upto.is_none() && refreshed.is_none() {
        return Ok(());
    }
    let key = local.id.to_string();
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            if let Some(base) = &refreshed {
                mirror::save_base(tx, &key, base, now)?;
            }
            match upto {
                Some(seq) => outbox::complete(tx, &key, seq),
                None => Ok(()),
            }
        })
    })
    .await
}

/// Remembers what an update is about to send, in case its answer never comes.
pub(super) async fn remember_sent(
    site: &Site,
    id: ArticleId,
    values: &LocalFields,
    fields: &[Field],
) -> Result<()> {
    let sent = plan::Sent {
        fields: fields.to_vec(),
        values: values.clone(),
    };
    blocking(&site.store, move |s| {
        s.db()
            .write(|tx| mirror::add_sent(tx, &id.to_string(), sent))
    })
    .await
}

/// The article and its post are both in a trash now (we trashed the post, or followed the
/// site): keep the trashed post as the base so either side's restore is recognised, and
/// clear the outbox row. With `trash_local`, the article goes to the local trash, text kept
/// — unless it changed since it was loaded (`false`: the next round looks again).
pub(super) async fn keep_trashed(
    site: &Site,
    local: &LocalArticle,
    base_local: LocalFields,
    trashed: RemoteFields,
    trash_local: bool,
) -> Result<bool> {
    let (id, version) = (local.id, local.version);
    let upto = local.outbox.as_ref().map(|i| i.last_seq);
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let key = id.to_string();
            if trash_local {
                if !unchanged_since_load(tx, id, version, upto)? {
                    return Ok(false);
                }
                newsroom_core::remote::write_remote_trashed(tx, id, now)?;
            }
            mirror::save_base(
                tx,
                &key,
                &Base {
                    local: base_local,
                    remote: trashed,
                },
                now,
            )?;
            if trash_local {
                // Following the site: the trashing itself is not a change to send back.
                outbox::discard(tx, &key)?;
            } else if let Some(seq) = upto {
                outbox::complete(tx, &key, seq)?;
            }
            Ok(true)
        })
    })
    .await
}

/// Takes the article out of the local trash because the site restored its post. `false`
/// when the article changed meanwhile (the next round looks again).
pub(super) async fn restore_local(site: &Site, local: &LocalArticle) -> Result<bool> {
    let (id, version) = (local.id, local.version);
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db()
            .write(|tx| newsroom_core::remote::write_remote_restored(tx, id, version, now))
    })
    .await
}

/// The post is gone from the site (deleted for good): drop the mirror; with
/// `trash_local`, move the article to the local trash, its text kept.
pub(super) async fn forget(site: &Site, id: ArticleId, trash_local: bool) -> Result<()> {
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let key = id.to_string();
            if trash_local {
                newsroom_core::remote::write_remote_trashed(tx, id, now)?;
            }
            tx.execute("DELETE FROM sync_mirror WHERE article_id = ?1", [&key])?;
            mirror::clear_sent(tx, &key)?;
            outbox::discard(tx, &key)
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsroom_core::workflow::{Action, Actor, Role};
    use newsroom_core::{ManualClock, Store};
    use std::sync::Arc;

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
            let loaded = store
                .db()
                .read(|c| mirror::local_article(c, a.id))
                .unwrap()
                .unwrap();
            edit(&store, a.id);
            let write = LocalWrite {
                id: a.id,
                version: loaded.version,
                change_seq: loaded.outbox.as_ref().map(|i| i.last_seq),
                byline: loaded.byline.clone(),
                merged: loaded.view.fields.clone(),
                fields: Vec::new(),
                conflicts: Vec::new(),
            };
            let upto = commit_local(&store, write, None).unwrap();
            assert_eq!(
                upto, None,
                "{what} made during the round must defer the commit, not be covered by a push of the old copy"
            );
            let row = store
                .db()
                .read(|c| outbox::item(c, &a.id.to_string()))
                .unwrap();
            assert!(row.is_some(), "{what} is still waiting to be sent");
        }
    }
}
