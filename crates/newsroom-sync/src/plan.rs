//! The pure planner: given the local article, its last-synced base and what the site holds
//! now, decide everything that happens — the requests to the site, the local writes, the new
//! base and the outcome. No I/O, no clock: what needs either (tag names, a fresh copy of the
//! post, the rendered-only normalization, our own unanswered pushes) is settled before
//! (`crate::settle`), and `crate::apply` only carries the plan out. Table tests below cover
//! every situation.

use crate::fields::{remote_as_local, FIELDS};
use crate::mapping::{Field, LocalFields, RemoteFields};
use std::collections::HashMap;

mod sent;
mod trash;
pub use sent::{rebase_on_sent, Sent};
pub use trash::in_the_trash;
use trash::restore_remote;

/// The last-synced copy: what the article held and what the site held at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub local: LocalFields,
    pub remote: RemoteFields,
}

/// What the site holds for a tracked post, as far as this round knows.
// One value per article in flight, never stored in bulk: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteView {
    /// Not fetched this round: assume it is as the base says (a push then checks).
    Unknown,
    /// The post (in WordPress's trash it is here with status `trash`).
    Present(RemoteFields),
    /// Deleted for good.
    Gone,
}

/// The local side.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalView {
    pub fields: LocalFields,
    pub trashed: bool,
    /// An outbox row exists: something changed here since the last sync.
    pub pending: bool,
    /// A conflict waits for the user: nothing moves until they choose.
    pub conflicted: bool,
}

/// What the round knows besides the three versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Names of the post's term ids.
    pub tag_names: HashMap<u64, String>,
    /// The account may publish (an editor's). A Contributor's may not: WordPress refuses it.
    pub may_publish: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    pub field: Field,
    pub base: String,
    pub local: String,
    pub remote: String,
}

/// What happened to one article, for the round's report and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    Created,
    Adopted,
    Pushed,
    Pulled,
    Merged,
    Conflict,
    TrashedRemote,
    TrashedLocal,
    Discarded,
    /// The article changed locally while we worked; the next round picks it up.
    Deferred,
}

/// A request to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteOp {
    /// A first push: every field, the article id as the post's UUID (a create whose answer
    /// was lost is looked up before it is sent again).
    Create { values: LocalFields },
    /// Sends `fields` of `values`, if the post is still at `rev` (with the plugin).
    Update {
        remote_id: u64,
        rev: Option<String>,
        fields: Vec<Field>,
        values: LocalFields,
    },
    /// Moves the post to the site's trash.
    Trash { remote_id: u64 },
    /// The body would be sent over markup the app cannot represent: nothing is done and the
    /// article fails with this reason (edit that post in WordPress).
    Refuse { why: &'static str },
}

/// A write here, all committed in one transaction after the requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalOp {
    /// Writes `fields` of `values` into the article (pulled or merged).
    Write {
        fields: Vec<Field>,
        values: LocalFields,
    },
    /// Moves the article to the local trash (text kept): the site trashed or deleted it.
    Trash,
    /// Takes it out of the local trash: the site restored the post.
    Restore,
    /// Both versions kept for the user; the article keeps its own value.
    Conflict(FieldConflict),
    /// The outbox row is done as far as the article was loaded (later edits keep it).
    Sent,
}

/// The last-synced copy after the plan.
// One per plan, never stored in bulk: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewBase {
    Keep,
    /// The post is gone for good: the article is linked to nothing.
    Forget,
    /// `remote` is what the site is expected to hold; with `from_answer` the site's answer to
    /// the remote operation (the post as it stored it) takes its place.
    Save {
        local: LocalFields,
        remote: RemoteFields,
        from_answer: bool,
    },
}

/// Everything that happens to one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub remote_ops: Vec<RemoteOp>,
    pub local_ops: Vec<LocalOp>,
    pub new_base: NewBase,
    pub outcome: Outcome,
}

impl Plan {
    fn only(outcome: Outcome) -> Plan {
        Plan {
            remote_ops: Vec::new(),
            local_ops: Vec::new(),
            new_base: NewBase::Keep,
            outcome,
        }
    }

    /// Whether the plan writes the article itself (and so must not run over an edit made
    /// since it was loaded).
    pub fn writes_the_article(&self) -> bool {
        self.local_ops.iter().any(|op| !matches!(op, LocalOp::Sent))
    }
}

/// WordPress's status for a post in its trash.
pub const TRASH: &str = "trash";

/// Decides what to do with one article.
pub fn plan(local: &LocalView, base: Option<&Base>, remote: &RemoteView, ctx: &Context) -> Plan {
    if local.conflicted {
        // The user is choosing between two versions; other articles go on.
        return Plan::only(Outcome::Conflict);
    }
    let Some(base) = base else {
        return match (local.trashed, local.pending) {
            // Never reached the site and was trashed: forget it.
            (true, _) => Plan {
                local_ops: sent(local),
                ..Plan::only(Outcome::Discarded)
            },
            (false, true) => create(local),
            (false, false) => Plan::only(Outcome::Nothing),
        };
    };
    // The base remembers a post we know to be in the site's trash (we put it there, or we
    // followed the site): a change of either side out of that state is a restore.
    let base_trashed = base.remote.status == TRASH;
    let remote_now = match remote {
        RemoteView::Gone if local.trashed => return agreed(local, base, remote, false),
        // Restored here, but deleted for good on the site meanwhile: the only way back
        // online is a new post.
        RemoteView::Gone if base_trashed && local.pending => return create(local),
        RemoteView::Gone => {
            return Plan {
                remote_ops: Vec::new(),
                local_ops: [vec![LocalOp::Trash], sent(local)].concat(),
                new_base: NewBase::Forget,
                outcome: Outcome::TrashedLocal,
            }
        }
        RemoteView::Unknown => base.remote.clone(),
        RemoteView::Present(r) => r.clone(),
    };
    match (local.trashed, remote_now.status == TRASH) {
        (true, true) => agreed(local, base, remote, false),
        // Restored on the site after it was trashed (here or there): out of the local trash,
        // and the fields as usual.
        (true, false) if base_trashed => sync_fields(local, base, remote, remote_now, ctx, true),
        // Trashed here: to the site's trash. The post stays tracked, so restoring the
        // article later brings this same post back instead of creating a second one.
        (true, false) if local.pending => Plan {
            remote_ops: vec![RemoteOp::Trash {
                remote_id: base.remote.remote_id,
            }],
            local_ops: sent(local),
            new_base: NewBase::Save {
                local: base.local.clone(),
                remote: RemoteFields {
                    status: TRASH.into(),
                    ..base.remote.clone()
                },
                from_answer: true,
            },
            outcome: Outcome::TrashedRemote,
        },
        (true, false) => agreed(local, base, remote, false),
        (false, true) if base_trashed && local.pending => {
            restore_remote(local, base, remote, remote_now, ctx)
        }
        // Trashed in WordPress: follow it, keeping the trashed post as the base so a
        // restore there brings this article back. The base keeps the fields last agreed
        // (only the state moves): an edit the site made before trashing is still "theirs"
        // when the post comes back, and local edits still wait to be sent.
        (false, true) => Plan {
            remote_ops: Vec::new(),
            local_ops: [vec![LocalOp::Trash], sent(local)].concat(),
            new_base: NewBase::Save {
                local: base.local.clone(),
                remote: in_the_trash(&base.remote, &remote_now),
                from_answer: false,
            },
            outcome: Outcome::TrashedLocal,
        },
        (false, false) => sync_fields(local, base, remote, remote_now, ctx, false),
    }
}

fn sent(local: &LocalView) -> Vec<LocalOp> {
    if local.pending {
        vec![LocalOp::Sent]
    } else {
        Vec::new()
    }
}

fn create(local: &LocalView) -> Plan {
    Plan {
        remote_ops: vec![RemoteOp::Create {
            values: local.fields.clone(),
        }],
        local_ops: sent(local),
        new_base: NewBase::Save {
            local: local.fields.clone(),
            remote: RemoteFields::default(),
            from_answer: true,
        },
        outcome: Outcome::Created,
    }
}

fn refuse(why: &'static str) -> Plan {
    Plan {
        remote_ops: vec![RemoteOp::Refuse { why }],
        ..Plan::only(Outcome::Nothing)
    }
}

/// Both sides agree: the outbox row is done. The post may have moved on in ways that need
/// nothing here (a new revision number, a cron run): remember it, or the next write would
/// fail its If-Match. `settled`: a change was planned and then left to the site (see
/// [`left_to_the_site`]), so this side's fields are settled too.
fn agreed(local: &LocalView, base: &Base, remote: &RemoteView, settled: bool) -> Plan {
    if local.trashed {
        // Nothing is agreed about the fields of an article in the local trash: edits made
        // before trashing it, and the site's edits, are both still to sync when it comes
        // back. Only the post's move into the trash is remembered.
        let new_base = match remote {
            RemoteView::Present(r) if r.status == TRASH => {
                let remote = in_the_trash(&base.remote, r);
                if remote == base.remote {
                    NewBase::Keep
                } else {
                    NewBase::Save {
                        local: base.local.clone(),
                        remote,
                        from_answer: false,
                    }
                }
            }
            _ => NewBase::Keep,
        };
        return Plan {
            local_ops: sent(local),
            new_base,
            ..Plan::only(Outcome::Nothing)
        };
    }
    let new_base = match remote {
        RemoteView::Present(r) if *r != base.remote || base.local != local.fields => {
            NewBase::Save {
                local: local.fields.clone(),
                remote: r.clone(),
                from_answer: false,
            }
        }
        _ if settled => NewBase::Save {
            local: local.fields.clone(),
            remote: base.remote.clone(),
            from_answer: false,
        },
        _ => NewBase::Keep,
    };
    Plan {
        local_ops: sent(local),
        new_base,
        ..Plan::only(Outcome::Nothing)
    }
}

/// The three-way merge of every field, through the field table.
fn sync_fields(
    local: &LocalView,
    base: &Base,
    remote: &RemoteView,
    remote_now: RemoteFields,
    ctx: &Context,
    restore: bool,
) -> Plan {
    merge_fields(local, base, remote, remote_now, ctx, restore, &[])
}

/// [`sync_fields`], with `always_sent` pushed whatever the merge says (their merged values).
pub(super) fn merge_fields(
    local: &LocalView,
    base: &Base,
    remote: &RemoteView,
    remote_now: RemoteFields,
    ctx: &Context,
    restore: bool,
    always_sent: &[Field],
) -> Plan {
    let names = |id: u64| ctx.tag_names.get(&id).cloned();
    let remote_local = remote_as_local(&remote_now, Some(base), &names);
    let mut merged = local.fields.clone();
    let (mut write, mut push, mut conflicts) = (Vec::new(), Vec::new(), Vec::new());
    for spec in &FIELDS {
        let mine = !(spec.same)(&base.local, &local.fields);
        let theirs = (spec.remote_changed)(&base.remote, &remote_now);
        match (mine, theirs) {
            (false, false) => {}
            (true, false) => push.push(spec.field),
            (false, true) => {
                (spec.copy)(&mut merged, &remote_local);
                if !(spec.same)(&local.fields, &remote_local) {
                    write.push(spec.field);
                }
            }
            (true, true) => {
                let mut out = local.fields.clone();
                if (spec.merge)(&base.local, &local.fields, &remote_local, &mut out) {
                    (spec.copy)(&mut merged, &out);
                    if !(spec.same)(&local.fields, &out) {
                        write.push(spec.field);
                    }
                    if !(spec.same)(&remote_local, &out) {
                        push.push(spec.field);
                    }
                } else {
                    conflicts.push(FieldConflict {
                        field: spec.field,
                        base: (spec.text)(&base.local),
                        local: (spec.text)(&local.fields),
                        remote: (spec.text)(&remote_local),
                    });
                }
            }
        }
    }
    let planned = !(write.is_empty() && push.is_empty() && conflicts.is_empty());
    if !ctx.may_publish && left_to_the_site(&local.fields, &remote_now) {
        push.retain(|f| !matches!(f, Field::Status | Field::PublishAt));
    }
    for f in always_sent {
        if !push.contains(f) && !conflicts.iter().any(|c| c.field == *f) {
            push.push(*f);
        }
    }
    push.sort_by_key(|f| Field::ALL.iter().position(|a| a == f));
    let restored = restore.then_some(LocalOp::Restore);
    if write.is_empty() && push.is_empty() && conflicts.is_empty() {
        if restore {
            // Out of the trash on both sides and nothing else to merge: the base is the
            // live post now. Kept as "in the trash", a later trash here would read as the
            // site's restore and be undone (the long simulation left an editor's article
            // in the app's trash while its post was live).
            return Plan {
                local_ops: [vec![LocalOp::Restore], sent(local)].concat(),
                new_base: NewBase::Save {
                    local: merged,
                    remote: remote_now,
                    from_answer: false,
                },
                ..Plan::only(Outcome::Pulled)
            };
        }
        return agreed(local, base, remote, planned);
    }
    // Never overwrite what the app cannot represent: the site would lose it silently.
    if push.contains(&Field::Body) {
        if let Some(why) = crate::unrepresentable::unrepresentable(&remote_now) {
            // Restored on the site: the article still leaves the local trash (the state
            // agrees, and the base leaves it too); the body's edit stays refused, visibly,
            // on the rounds that follow.
            let mut p = refuse(why);
            if restore {
                p.local_ops.push(LocalOp::Restore);
                p.new_base = NewBase::Save {
                    local: base.local.clone(),
                    remote: trash::out_of_the_trash(&base.remote, &remote_now),
                    from_answer: false,
                };
            }
            return p;
        }
    }
    let outcome = match (conflicts.is_empty(), push.is_empty(), write.is_empty()) {
        (false, _, _) => Outcome::Conflict,
        (true, false, false) => Outcome::Merged,
        (true, false, true) => Outcome::Pushed,
        (true, true, _) => Outcome::Pulled,
    };
    // The new base: what was agreed; for conflicted fields the site's version, so the local
    // one (kept in the article) reads as the change still to resolve.
    let mut base_local = merged.clone();
    for c in &conflicts {
        (crate::fields::spec(c.field).copy)(&mut base_local, &remote_local);
    }
    let mut local_ops: Vec<LocalOp> = restored.into_iter().collect();
    if !write.is_empty() {
        local_ops.push(LocalOp::Write {
            fields: write,
            values: merged.clone(),
        });
    }
    local_ops.extend(conflicts.into_iter().map(LocalOp::Conflict));
    local_ops.extend(sent(local));
    let remote_ops = if push.is_empty() {
        Vec::new()
    } else {
        vec![RemoteOp::Update {
            remote_id: remote_now.remote_id,
            rev: remote_now.rev.clone(),
            fields: push,
            values: merged,
        }]
    };
    let from_answer = !remote_ops.is_empty();
    Plan {
        remote_ops,
        local_ops,
        new_base: NewBase::Save {
            local: base_local,
            remote: remote_now,
            from_answer,
        },
        outcome,
    }
}

/// A Contributor's app never pushes a publish the site holds as scheduled. The app's
/// scheduler follows the site's schedule and publishes the article here at its time;
/// pushing that would only earn a 403 (a Contributor may not publish) and show the article
/// as failed, while WP-Cron publishes it there. The next pull sees the site's publish and
/// both sides agree. The publish time goes with it: the site's schedule is what WP-Cron
/// follows. An editor's app does push it: that is the watchdog for a cron that never ran.
fn left_to_the_site(local: &LocalFields, remote: &RemoteFields) -> bool {
    local.status == "published" && remote.status == "future"
}

#[cfg(test)]
mod tests;
