//! Our own pushes whose answer never came: those that did land are taken as agreed, not as
//! a colleague's edit.

use super::Base;
use crate::fields::{remote_as_local, FIELDS};
use crate::mapping::{Field, LocalFields, RemoteFields};

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
    for spec in &FIELDS {
        if !(spec.remote_changed)(&base.remote, remote) {
            continue;
        }
        let ours = sent
            .iter()
            .rev()
            .find(|s| s.fields.contains(&spec.field) && (spec.same)(&s.values, &remote_local));
        if let Some(s) = ours {
            (spec.copy)(&mut out.local, &s.values);
            (spec.copy_remote)(&mut out.remote, remote);
        }
    }
    out
}
