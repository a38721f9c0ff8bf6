//! The pure planner: given the local article, its last-synced base and what the server holds
//! now, decide what to do. No I/O, no clock: table-driven tests cover every case.

use crate::mapping::{remote_body, status_from_remote, Field, LocalFields, RemoteFields};
use crate::merge::{merge_tags, merge_text, merge_value, Merged};
use newsroom_text::fold_for_match;

/// The last-synced copy: what the article held and what the server held at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub local: LocalFields,
    pub remote: RemoteFields,
}

/// What the server holds for a tracked post, as far as this round knows.
// One value per article in flight, never stored in bulk: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteView {
    /// Not fetched this round: assume it is as the base says (a push then checks).
    Unknown,
    Present(RemoteFields),
    /// In WordPress's trash, or deleted for good.
    Gone,
}

/// The local side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalView {
    pub fields: LocalFields,
    pub trashed: bool,
    /// An outbox row exists: something changed here since the last sync.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    pub field: Field,
    pub base: String,
    pub local: String,
    pub remote: String,
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing to do (maybe just clear the outbox row).
    Nothing,
    /// Never reached the server and was trashed: forget it.
    Discard,
    /// Never reached the server: create the post.
    Create,
    /// Trashed here: move the post to the site's trash.
    TrashRemote,
    /// The post is gone on the site: move the article to the local trash (text kept).
    /// `trashed` is the post as it sits in WordPress's trash, kept as the base so a restore
    /// there brings this article back; `None` when it was deleted for good.
    TrashLocal { trashed: Option<RemoteFields> },
    /// Restored here after the post went to the site's trash: bring that same post back out
    /// of the trash with the article's fields, never a second post.
    RestoreRemote,
    /// Restored on the site after it was trashed (here or there): take the article out of
    /// the local trash, then sync its fields as usual.
    RestoreLocal,
    /// Restored here, but the post was deleted for good on the site meanwhile: the only way
    /// to bring the article back online is a new post.
    Recreate,
    /// Write `merged` locally where it differs, send `push` fields to the site, record
    /// `conflicts` (both versions kept; those fields are left as they are locally).
    Sync {
        merged: LocalFields,
        /// The server's values in local terms (the new base for conflicted fields).
        remote_local: LocalFields,
        write_local: Vec<Field>,
        push: Vec<Field>,
        conflicts: Vec<FieldConflict>,
    },
}

/// Whether the server's copy of `field` changed since the base (in remote terms, so a field
/// the server rewrote when we pushed does not count).
pub fn remote_changed(field: Field, base: &RemoteFields, now: &RemoteFields) -> bool {
    match field {
        Field::Headline => base.title != now.title,
        Field::Dek => base.excerpt != now.excerpt,
        Field::Body => base.content != now.content || base.markdown != now.markdown,
        Field::Slug => base.slug != now.slug,
        Field::Status => base.status != now.status || base.workflow != now.workflow,
        Field::PublishAt => {
            now.status == "future" && (base.date_gmt != now.date_gmt || base.status != "future")
        }
        Field::Tags => base.tags != now.tags,
    }
}

fn value_of(f: Field, v: &LocalFields) -> String {
    match f {
        Field::Headline => v.headline.clone(),
        Field::Dek => v.dek.clone(),
        Field::Body => v.body.clone(),
        Field::Slug => v.slug.clone(),
        Field::Status => v.status.clone(),
        Field::PublishAt => v.publish_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        Field::Tags => v.tags.join(", "),
    }
}

fn local_changed(f: Field, base: &LocalFields, now: &LocalFields) -> bool {
    match f {
        Field::Tags => folded_set(&base.tags) != folded_set(&now.tags),
        _ => value_of(f, base) != value_of(f, now),
    }
}

fn folded_set(tags: &[String]) -> Vec<String> {
    let mut v: Vec<String> = tags.iter().map(|t| fold_for_match(t)).collect();
    v.sort();
    v.dedup();
    v
}

/// The server's post in local terms. `tag_names` maps term ids to names.
pub fn remote_as_local(
    remote: &RemoteFields,
    base: Option<&Base>,
    tag_names: &dyn Fn(u64) -> Option<String>,
) -> LocalFields {
    let base_status = base.map(|b| b.local.status.as_str());
    let status = match base {
        // Unchanged on the site: keep the local reading (a withdrawn article is a site draft).
        Some(b) if b.remote.status == remote.status && b.remote.workflow == remote.workflow => {
            b.local.status.clone()
        }
        _ => status_from_remote(&remote.status, remote.workflow.as_deref(), base_status),
    };
    let publish_at = if remote.status == "future" {
        remote
            .date_gmt
            .as_deref()
            .and_then(crate::mapping::parse_date_gmt)
    } else {
        base.and_then(|b| b.local.publish_at)
    };
    let tags = match base {
        Some(b) if b.remote.tags == remote.tags => b.local.tags.clone(),
        _ => remote.tags.iter().filter_map(|id| tag_names(*id)).collect(),
    };
    let text_or_base =
        |changed: bool, remote_value: &str, base_value: Option<&String>| match base_value {
            Some(v) if !changed => v.clone(),
            _ => remote_value.to_string(),
        };
    LocalFields {
        headline: text_or_base(
            base.is_some_and(|b| b.remote.title != remote.title),
            &crate::mapping::headline_from_site(&remote.title),
            base.map(|b| &b.local.headline),
        ),
        dek: text_or_base(
            base.is_some_and(|b| b.remote.excerpt != remote.excerpt),
            &strip_paragraph(&remote.excerpt),
            base.map(|b| &b.local.dek),
        ),
        body: remote_body(
            remote,
            base.map(|b| &b.remote),
            base.map(|b| b.local.body.as_str()),
        ),
        slug: text_or_base(
            base.is_some_and(|b| b.remote.slug != remote.slug),
            &remote.slug,
            base.map(|b| &b.local.slug),
        ),
        status,
        publish_at,
        tags,
    }
}

/// Excerpts typed in WordPress's editor may come wrapped in a paragraph.
fn strip_paragraph(s: &str) -> String {
    let t = s.trim();
    t.strip_prefix("<p>")
        .and_then(|x| x.strip_suffix("</p>"))
        .unwrap_or(t)
        .to_string()
}

/// Decides what to do with one article.
pub fn plan(
    local: &LocalView,
    base: Option<&Base>,
    remote: &RemoteView,
    tag_names: &dyn Fn(u64) -> Option<String>,
) -> Plan {
    let Some(base) = base else {
        return match (local.trashed, local.pending) {
            (true, _) => Plan::Discard,
            (false, true) => Plan::Create,
            (false, false) => Plan::Nothing,
        };
    };
    // The base remembers a post we know to be in the site's trash (we put it there, or we
    // followed the site): a change of either side out of that state is a restore.
    let base_trashed = base.remote.status == TRASH;
    let remote_now = match remote {
        RemoteView::Gone => {
            return if local.trashed {
                Plan::Nothing
            } else if base_trashed && local.pending {
                Plan::Recreate
            } else {
                Plan::TrashLocal { trashed: None }
            }
        }
        RemoteView::Unknown => base.remote.clone(),
        RemoteView::Present(r) => r.clone(),
    };
    match (local.trashed, remote_now.status == TRASH) {
        (true, true) => return Plan::Nothing,
        (true, false) if base_trashed => return Plan::RestoreLocal,
        (true, false) => {
            return if local.pending {
                Plan::TrashRemote
            } else {
                Plan::Nothing
            }
        }
        (false, true) if base_trashed && local.pending => return Plan::RestoreRemote,
        (false, true) => {
            return Plan::TrashLocal {
                trashed: Some(remote_now),
            }
        }
        (false, false) => {}
    }
    let remote_local = remote_as_local(&remote_now, Some(base), tag_names);
    let mut merged = local.fields.clone();
    let mut write_local = Vec::new();
    let mut push = Vec::new();
    let mut conflicts = Vec::new();
    for field in Field::ALL {
        let mine = local_changed(field, &base.local, &local.fields);
        // A schedule set on the site (by an editor in WordPress) is pulled like any field:
        // the local schedule row gets the site's instant, so the calendar shows it and the
        // local scheduler agrees; the base then holds it, so it never bounces back as a push.
        let theirs = remote_changed(field, &base.remote, &remote_now);
        match (mine, theirs) {
            (false, false) => {}
            (true, false) => push.push(field),
            (false, true) => {
                set(field, &mut merged, &remote_local);
                if local_changed(field, &local.fields, &remote_local) {
                    write_local.push(field);
                }
            }
            (true, true) => {
                let outcome = merge_field(field, &base.local, &local.fields, &remote_local);
                match outcome {
                    Some(value) => {
                        set(field, &mut merged, &value);
                        if local_changed(field, &local.fields, &value) {
                            write_local.push(field);
                        }
                        if local_changed(field, &remote_local, &value) {
                            push.push(field);
                        }
                    }
                    None => conflicts.push(FieldConflict {
                        field,
                        base: value_of(field, &base.local),
                        local: value_of(field, &local.fields),
                        remote: value_of(field, &remote_local),
                    }),
                }
            }
        }
    }
    if write_local.is_empty() && push.is_empty() && conflicts.is_empty() {
        return Plan::Nothing;
    }
    Plan::Sync {
        merged,
        remote_local,
        write_local,
        push,
        conflicts,
    }
}

/// WordPress's status for a post in its trash.
pub const TRASH: &str = "trash";

/// What a push sent whose answer never came (a timeout, a dropped connection): the site may
/// or may not hold it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sent {
    pub fields: Vec<Field>,
    pub values: LocalFields,
}

/// Takes our own unanswered pushes that did land on the site as agreed: a field the site
/// now holds exactly as one of `sent` had it is moved into the base (both sides), so it is
/// neither pulled back as "their" change nor, when the user kept typing meanwhile, mistaken
/// for a colleague's edit that conflicts with their own.
pub fn rebase_on_sent(
    base: &Base,
    sent: &[Sent],
    remote: &RemoteFields,
    tag_names: &dyn Fn(u64) -> Option<String>,
) -> Base {
    if sent.is_empty() {
        return base.clone();
    }
    let remote_local = remote_as_local(remote, Some(base), tag_names);
    let mut out = base.clone();
    for field in Field::ALL {
        if !remote_changed(field, &base.remote, remote) {
            continue;
        }
        let ours = sent
            .iter()
            .rev()
            .find(|s| s.fields.contains(&field) && !local_changed(field, &s.values, &remote_local));
        if let Some(s) = ours {
            set(field, &mut out.local, &s.values);
            copy_remote(field, &mut out.remote, remote);
        }
    }
    out
}

/// Copies the remote-side columns that carry `field`.
fn copy_remote(field: Field, into: &mut RemoteFields, from: &RemoteFields) {
    match field {
        Field::Headline => into.title = from.title.clone(),
        Field::Dek => into.excerpt = from.excerpt.clone(),
        Field::Body => {
            into.content = from.content.clone();
            into.markdown = from.markdown.clone();
            into.markdown_fresh = from.markdown_fresh;
        }
        Field::Slug => into.slug = from.slug.clone(),
        Field::Status => {
            into.status = from.status.clone();
            into.workflow = from.workflow.clone();
        }
        Field::PublishAt => into.date_gmt = from.date_gmt.clone(),
        Field::Tags => into.tags = from.tags.clone(),
    }
}

/// Copies one field from `from` into `into` (local terms).
pub(crate) fn set(field: Field, into: &mut LocalFields, from: &LocalFields) {
    match field {
        Field::Headline => into.headline = from.headline.clone(),
        Field::Dek => into.dek = from.dek.clone(),
        Field::Body => into.body = from.body.clone(),
        Field::Slug => into.slug = from.slug.clone(),
        Field::Status => into.status = from.status.clone(),
        Field::PublishAt => into.publish_at = from.publish_at,
        Field::Tags => into.tags = from.tags.clone(),
    }
}

/// A three-way merge of one field; `None` is a conflict. Returns the whole record with the
/// field set (other fields untouched), for [`set`].
fn merge_field(
    field: Field,
    base: &LocalFields,
    local: &LocalFields,
    remote: &LocalFields,
) -> Option<LocalFields> {
    let mut out = local.clone();
    match field {
        Field::Body => match merge_text(&base.body, &local.body, &remote.body) {
            Merged::Clean(b) => out.body = b,
            Merged::Conflict => return None,
        },
        Field::Tags => out.tags = merge_tags(&base.tags, &local.tags, &remote.tags),
        Field::PublishAt => {
            match merge_value(&base.publish_at, &local.publish_at, &remote.publish_at) {
                Merged::Clean(v) => out.publish_at = v,
                Merged::Conflict => return None,
            }
        }
        other => {
            let (b, l, r) = (
                value_of(other, base),
                value_of(other, local),
                value_of(other, remote),
            );
            match merge_value(&b, &l, &r) {
                Merged::Clean(v) => set_text(other, &mut out, v),
                Merged::Conflict => return None,
            }
        }
    }
    Some(out)
}

fn set_text(field: Field, into: &mut LocalFields, v: String) {
    match field {
        Field::Headline => into.headline = v,
        Field::Dek => into.dek = v,
        Field::Slug => into.slug = v,
        Field::Status => into.status = v,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(headline: &str, body: &str, status: &str) -> LocalFields {
        LocalFields {
            headline: headline.into(),
            dek: String::new(),
            body: body.into(),
            slug: "slug".into(),
            status: status.into(),
            publish_at: None,
            tags: vec!["Барыс".into()],
        }
    }

    fn remote(title: &str, content_md: &str, status: &str) -> RemoteFields {
        RemoteFields {
            remote_id: 10,
            title: title.into(),
            content: newsroom_text::render_markdown(content_md),
            markdown: Some(content_md.into()),
            slug: "slug".into(),
            status: status.into(),
            tags: vec![5],
            ..RemoteFields::default()
        }
    }

    fn base() -> Base {
        Base {
            local: fields("Заголовок", "А.\n\nБ.\n\nВ.", "in_review"),
            remote: remote("Заголовок", "А.\n\nБ.\n\nВ.", "pending"),
        }
    }

    fn names(id: u64) -> Option<String> {
        (id == 5).then(|| "Барыс".to_string())
    }

    fn view(f: LocalFields, pending: bool) -> LocalView {
        LocalView {
            fields: f,
            trashed: false,
            pending,
        }
    }

    fn kind(p: &Plan) -> String {
        match p {
            Plan::Sync {
                write_local,
                push,
                conflicts,
                ..
            } => format!(
                "sync write={:?} push={:?} conflicts={:?}",
                write_local,
                push,
                conflicts.iter().map(|c| c.field).collect::<Vec<_>>()
            ),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn table_of_plans() {
        let b = base();
        let edited_title = fields("Новый заголовок", "А.\n\nБ.\n\nВ.", "in_review");
        let cases: Vec<(&str, LocalView, Option<&Base>, RemoteView, &str)> = vec![
            (
                "new article",
                view(b.local.clone(), true),
                None,
                RemoteView::Unknown,
                "Create",
            ),
            (
                "new article trashed before it was sent",
                LocalView {
                    trashed: true,
                    ..view(b.local.clone(), true)
                },
                None,
                RemoteView::Unknown,
                "Discard",
            ),
            (
                "nothing changed",
                view(b.local.clone(), false),
                Some(&b),
                RemoteView::Present(b.remote.clone()),
                "Nothing",
            ),
            (
                "local edit, site unchanged",
                view(edited_title.clone(), true),
                Some(&b),
                RemoteView::Unknown,
                "sync write=[] push=[Headline] conflicts=[]",
            ),
            (
                "site edit, nothing local",
                view(b.local.clone(), false),
                Some(&b),
                RemoteView::Present(remote("Правка на сайте", "А.\n\nБ.\n\nВ.", "pending")),
                "sync write=[Headline] push=[] conflicts=[]",
            ),
            (
                "cron published it",
                view(b.local.clone(), false),
                Some(&b),
                RemoteView::Present(remote("Заголовок", "А.\n\nБ.\n\nВ.", "publish")),
                "sync write=[Status] push=[] conflicts=[]",
            ),
            (
                "different fields on each side merge",
                view(edited_title.clone(), true),
                Some(&b),
                RemoteView::Present(remote("Заголовок", "А.\n\nБ.\n\nВ — редактор.", "pending")),
                "sync write=[Body] push=[Headline] conflicts=[]",
            ),
            (
                "different paragraphs merge, both sides get the result",
                view(
                    fields("Заголовок", "А — автор.\n\nБ.\n\nВ.", "in_review"),
                    true,
                ),
                Some(&b),
                RemoteView::Present(remote("Заголовок", "А.\n\nБ.\n\nВ — редактор.", "pending")),
                "sync write=[Body] push=[Body] conflicts=[]",
            ),
            (
                "the same paragraph differently is a conflict",
                view(
                    fields("Заголовок", "А — автор.\n\nБ.\n\nВ.", "in_review"),
                    true,
                ),
                Some(&b),
                RemoteView::Present(remote("Заголовок", "А — редактор.\n\nБ.\n\nВ.", "pending")),
                "sync write=[] push=[] conflicts=[Body]",
            ),
            (
                "the same title both sides is a conflict",
                view(edited_title.clone(), true),
                Some(&b),
                RemoteView::Present(remote("Другой заголовок", "А.\n\nБ.\n\nВ.", "pending")),
                "sync write=[] push=[] conflicts=[Headline]",
            ),
            (
                "deleted on the site",
                view(b.local.clone(), false),
                Some(&b),
                RemoteView::Gone,
                "TrashLocal { trashed: None }",
            ),
            (
                "trashed here",
                LocalView {
                    trashed: true,
                    ..view(b.local.clone(), true)
                },
                Some(&b),
                RemoteView::Unknown,
                "TrashRemote",
            ),
        ];
        for (what, local, base, remote, expected) in cases {
            let got = plan(&local, base, &remote, &names);
            assert_eq!(kind(&got), expected, "{what}");
        }
    }

    #[test]
    fn a_merge_keeps_both_sides_changes() {
        let b = base();
        let local = view(
            fields("Новый заголовок", "А — автор.\n\nБ.\n\nВ.", "in_review"),
            true,
        );
        let r = remote("Заголовок", "А.\n\nБ.\n\nВ — редактор.", "pending");
        let Plan::Sync { merged, .. } = plan(&local, Some(&b), &RemoteView::Present(r), &names)
        else {
            panic!("expected a sync plan");
        };
        assert_eq!(merged.headline, "Новый заголовок");
        assert_eq!(
            merged.body, "А — автор.\n\nБ.\n\nВ — редактор.",
            "neither paragraph edit may be lost"
        );
    }

    #[test]
    fn a_server_rewritten_slug_is_not_a_local_edit() {
        let mut b = base();
        b.remote.slug = "slug-2".into(); // WordPress de-duplicated it on create
        let got = plan(
            &view(b.local.clone(), false),
            Some(&b),
            &RemoteView::Present(b.remote.clone()),
            &names,
        );
        assert_eq!(
            got,
            Plan::Nothing,
            "the slug WordPress chose is the base, not a change"
        );
    }

    #[test]
    fn an_editors_schedule_reaches_the_journalist_as_a_state() {
        let b = base();
        let mut r = remote("Заголовок", "А.\n\nБ.\n\nВ.", "future");
        r.date_gmt = Some("2026-01-16T04:00:00".into());
        let Plan::Sync {
            merged,
            write_local,
            push,
            ..
        } = plan(
            &view(b.local.clone(), false),
            Some(&b),
            &RemoteView::Present(r),
            &names,
        )
        else {
            panic!("expected a sync plan");
        };
        assert_eq!(merged.status, "scheduled");
        assert_eq!(
            merged.publish_at,
            crate::mapping::parse_date_gmt("2026-01-16T04:00:00"),
            "the site's instant becomes the local schedule"
        );
        assert_eq!(write_local, vec![Field::Status, Field::PublishAt]);
        assert!(
            push.is_empty(),
            "a schedule made on the site must not bounce back: {push:?}"
        );
    }

    fn trashed_base() -> Base {
        let mut b = base();
        b.remote.status = TRASH.into();
        b.remote.slug = "slug__trashed".into();
        b
    }

    #[test]
    fn trash_and_restore_on_either_side_keep_the_same_post() {
        let b = base();
        let tb = trashed_base();
        let trashed = |pending| LocalView {
            trashed: true,
            ..view(b.local.clone(), pending)
        };
        let mut in_trash = b.remote.clone();
        in_trash.status = TRASH.into();
        let mut restored_there = b.remote.clone();
        restored_there.status = "draft".into();
        let cases: Vec<(&str, LocalView, &Base, RemoteView, &str)> = vec![
            (
                "trashed in WordPress: follow it, keeping the post as the base",
                view(b.local.clone(), false),
                &b,
                RemoteView::Present(in_trash.clone()),
                "TrashLocal",
            ),
            (
                "restored here after we trashed it there: the same post comes back",
                view(b.local.clone(), true),
                &tb,
                RemoteView::Unknown,
                "RestoreRemote",
            ),
            (
                "restored here, still in the site's trash (read before writing)",
                view(b.local.clone(), true),
                &tb,
                RemoteView::Present(in_trash.clone()),
                "RestoreRemote",
            ),
            (
                "restored in WordPress: the article leaves the local trash",
                trashed(false),
                &tb,
                RemoteView::Present(restored_there.clone()),
                "RestoreLocal",
            ),
            (
                "both in the trash: nothing to do",
                trashed(false),
                &tb,
                RemoteView::Present(in_trash),
                "Nothing",
            ),
            (
                "restored here but deleted for good there: a new post",
                view(b.local.clone(), true),
                &tb,
                RemoteView::Gone,
                "Recreate",
            ),
            (
                "restored on both sides: an ordinary field sync",
                view(b.local.clone(), true),
                &tb,
                RemoteView::Present(restored_there),
                "sync write=[Status] push=[] conflicts=[]",
            ),
        ];
        for (what, local, base, remote, expected) in cases {
            let got = plan(&local, Some(base), &remote, &names);
            let got = match got {
                Plan::TrashLocal { trashed: Some(r) } => {
                    assert_eq!(r.status, TRASH, "{what}");
                    "TrashLocal".to_string()
                }
                other => kind(&other),
            };
            assert_eq!(got, expected, "{what}");
        }
    }

    #[test]
    fn our_own_unanswered_push_is_not_their_change() {
        let b = base();
        // We sent paragraph А edited; the answer never came, but it landed.
        let sent = Sent {
            fields: vec![Field::Body],
            values: fields("Заголовок", "А — первая правка.\n\nБ.\n\nВ.", "in_review"),
        };
        let landed = remote("Заголовок", "А — первая правка.\n\nБ.\n\nВ.", "pending");
        // Meanwhile the user kept typing in the same paragraph.
        let local = view(
            fields("Заголовок", "А — вторая правка.\n\nБ.\n\nВ.", "in_review"),
            true,
        );
        let without = plan(
            &local,
            Some(&b),
            &RemoteView::Present(landed.clone()),
            &names,
        );
        assert_eq!(
            kind(&without),
            "sync write=[] push=[] conflicts=[Body]",
            "without knowing what was sent it looks like a colleague's edit"
        );
        let rebased = rebase_on_sent(&b, &[sent], &landed, &names);
        assert_eq!(rebased.remote.content, landed.content);
        let got = plan(&local, Some(&rebased), &RemoteView::Present(landed), &names);
        assert_eq!(
            kind(&got),
            "sync write=[] push=[Body] conflicts=[]",
            "the newer local text simply goes out"
        );
    }

    #[test]
    fn a_colleagues_edit_is_still_theirs_after_a_lost_answer() {
        let b = base();
        let sent = Sent {
            fields: vec![Field::Body],
            values: fields("Заголовок", "А — моя правка.\n\nБ.\n\nВ.", "in_review"),
        };
        let theirs = remote("Заголовок", "А — правка коллеги.\n\nБ.\n\nВ.", "pending");
        let rebased = rebase_on_sent(&b, &[sent], &theirs, &names);
        assert_eq!(rebased, b, "only our own values are taken as agreed");
    }
}
