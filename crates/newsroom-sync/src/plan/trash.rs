//! Planning around the site's trash: what the base keeps when the site trashes a post, and
//! how a restore made here while the post sits in the site's trash is merged.

use super::{merge_fields, Base, Context, LocalView, Plan, RemoteView, TRASH};
use crate::mapping::{Field, RemoteFields};

/// The base's post as it is after the site moved it into its trash: the agreed fields stay
/// the base's (what the site changed besides the state is still to be pulled), and the
/// site's revision is taken only when nothing else changed — a stale one costs a 412 and a
/// fresh read, a fresh one over stale fields would let a push overwrite the site's edit.
pub fn in_the_trash(base: &RemoteFields, trashed: &RemoteFields) -> RemoteFields {
    let same_fields = RemoteFields {
        status: base.status.clone(),
        slug: base.slug.clone(),
        rev: base.rev.clone(),
        modified_gmt: base.modified_gmt.clone(),
        markdown_fresh: base.markdown_fresh,
        workflow: base.workflow.clone(),
        ..trashed.clone()
    } == *base;
    if same_fields {
        trashed.clone()
    } else {
        RemoteFields {
            status: TRASH.into(),
            ..base.clone()
        }
    }
}

/// The base's post after the site took it out of its trash, where nothing else is agreed
/// yet: only the state and the slug move, so the site's other edits still read as theirs.
pub fn out_of_the_trash(base: &RemoteFields, restored: &RemoteFields) -> RemoteFields {
    RemoteFields {
        status: restored.status.clone(),
        slug: restored.slug.clone(),
        ..base.clone()
    }
}

/// Restored here while the post is in the site's trash: a three-way merge like any round
/// (the site's edits made meanwhile are pulled, both sides' edits of one field conflict),
/// and the post comes out of the trash. The trash itself is no edit of the site's: its
/// state and its renamed slug (`…__trashed`) are compared as the base had them, and the
/// state and the slug are always sent (the time too, for a scheduled article).
pub(super) fn restore_remote(
    local: &LocalView,
    base: &Base,
    remote: &RemoteView,
    remote_now: RemoteFields,
    ctx: &Context,
) -> Plan {
    let before_the_trash = RemoteFields {
        status: base.remote.status.clone(),
        slug: base.remote.slug.clone(),
        ..remote_now
    };
    let mut untrash = vec![Field::Slug, Field::Status];
    if local.fields.publish_at.is_some() {
        untrash.push(Field::PublishAt);
    }
    merge_fields(local, base, remote, before_the_trash, ctx, false, &untrash)
}
