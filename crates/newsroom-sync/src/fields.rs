//! The one table of synced fields: for each, how it reads locally and on the site, how it
//! merges, how it goes to the site and how it is written here. The planner, the request
//! body, conflict resolution and the local write all walk this table; nothing else matches
//! on [`Field`], so a new field is one new row.

use crate::mapping::{
    format_date_gmt, headline_from_site, parse_date_gmt, remote_body, status_from_remote,
    status_to_remote, title_for_site, Field, LocalFields, RemoteFields,
};
use crate::merge::{merge_tags, merge_text, merge_value, Merged};
use crate::plan::Base;
use newsroom_core::remote::Change;
use newsroom_text::fold_for_match;
use serde_json::{json, Map, Value};

/// Term ids to names, for reading a post's tags (settled before planning).
pub type Names<'a> = &'a dyn Fn(u64) -> Option<String>;

/// A request body being built: the post's fields, the plugin's meta, and the term ids of
/// the article's tags (resolved on the site before the body is built).
#[derive(Debug, Default)]
pub struct Body {
    pub fields: Map<String, Value>,
    pub meta: Map<String, Value>,
    pub tag_ids: Vec<u64>,
    /// The newsroom's slug scheme, for an article that has no slug of its own yet.
    pub slug_scheme: newsroom_text::SlugScheme,
}

/// One row of the table.
pub struct Spec {
    pub field: Field,
    /// The name in conflicts, plans and the UI.
    pub name: &'static str,
    /// The local value as text: what a conflict shows and a resolution types.
    pub text: fn(&LocalFields) -> String,
    /// Sets the local value from such text (a resolution); the error says why it is none.
    pub parse: fn(&str, &mut LocalFields) -> Result<(), String>,
    /// Copies the local value from one record to another.
    pub copy: fn(&mut LocalFields, &LocalFields),
    /// Whether two local values are the same (tags: as folded sets).
    pub same: fn(&LocalFields, &LocalFields) -> bool,
    /// Reads the value from the site's post into `out`. With a base, a site value that did
    /// not change keeps the base's local reading (the site rewrites what it stores).
    pub read_remote: fn(&mut LocalFields, &RemoteFields, Option<&Base>, Names),
    /// Whether the site's copy changed since the base, in the site's terms (so a value the
    /// site rewrote when we sent it is no change).
    pub remote_changed: fn(&RemoteFields, &RemoteFields) -> bool,
    /// Copies the site-side columns that carry the value.
    pub copy_remote: fn(&mut RemoteFields, &RemoteFields),
    /// A three-way merge into `out` (which holds the local record); `false` is a conflict.
    pub merge: fn(&LocalFields, &LocalFields, &LocalFields, &mut LocalFields) -> bool,
    /// Puts the value into a request body.
    pub send: fn(&LocalFields, &mut Body),
    /// Puts the value into a local write.
    pub write: fn(&LocalFields, &mut Change),
}

/// Every synced field, in the order plans list them.
pub static FIELDS: [Spec; 7] = [
    Spec {
        field: Field::Headline,
        name: "headline",
        text: |v| v.headline.clone(),
        parse: |s, v| {
            v.headline = s.to_string();
            Ok(())
        },
        copy: |to, from| to.headline = from.headline.clone(),
        same: |a, b| a.headline == b.headline,
        read_remote: |out, r, base, _| {
            out.headline = unless_unchanged(
                base.filter(|b| b.remote.title == r.title)
                    .map(|b| &b.local.headline),
                || headline_from_site(&r.title),
            )
        },
        remote_changed: |b, n| b.title != n.title,
        copy_remote: |to, from| to.title = from.title.clone(),
        merge: |b, l, r, out| {
            merge_string(&b.headline, &l.headline, &r.headline, &mut out.headline)
        },
        send: |v, body| {
            body.fields
                .insert("title".into(), json!(title_for_site(&v.headline)));
        },
        write: |v, c| c.headline = Some(v.headline.clone()),
    },
    Spec {
        field: Field::Dek,
        name: "dek",
        text: |v| v.dek.clone(),
        parse: |s, v| {
            v.dek = s.to_string();
            Ok(())
        },
        copy: |to, from| to.dek = from.dek.clone(),
        same: |a, b| a.dek == b.dek,
        read_remote: |out, r, base, _| {
            out.dek = unless_unchanged(
                base.filter(|b| b.remote.excerpt == r.excerpt)
                    .map(|b| &b.local.dek),
                || strip_paragraph(&r.excerpt),
            )
        },
        remote_changed: |b, n| b.excerpt != n.excerpt,
        copy_remote: |to, from| to.excerpt = from.excerpt.clone(),
        merge: |b, l, r, out| merge_string(&b.dek, &l.dek, &r.dek, &mut out.dek),
        send: |v, body| {
            body.fields.insert("excerpt".into(), json!(v.dek));
        },
        write: |v, c| c.dek = Some(v.dek.clone()),
    },
    Spec {
        field: Field::Body,
        name: "body",
        text: |v| v.body.clone(),
        parse: |s, v| {
            v.body = s.to_string();
            Ok(())
        },
        copy: |to, from| to.body = from.body.clone(),
        same: |a, b| a.body == b.body,
        read_remote: |out, r, base, _| {
            out.body = remote_body(
                r,
                base.map(|b| &b.remote),
                base.map(|b| b.local.body.as_str()),
            )
        },
        remote_changed: |b, n| b.content != n.content || b.markdown != n.markdown,
        copy_remote: |to, from| {
            to.content = from.content.clone();
            to.markdown = from.markdown.clone();
            to.markdown_fresh = from.markdown_fresh;
        },
        merge: |b, l, r, out| match merge_text(&b.body, &l.body, &r.body) {
            Merged::Clean(text) => {
                out.body = text;
                true
            }
            Merged::Conflict => false,
        },
        send: |v, body| {
            body.fields
                .insert("content".into(), json!(crate::images::render_body(&v.body)));
            body.meta.insert("newsroom_markdown".into(), json!(v.body));
        },
        write: |v, c| c.body = Some(v.body.clone()),
    },
    Spec {
        field: Field::Slug,
        name: "slug",
        text: |v| v.slug.clone(),
        parse: |s, v| {
            v.slug = s.to_string();
            Ok(())
        },
        copy: |to, from| to.slug = from.slug.clone(),
        same: |a, b| a.slug == b.slug,
        read_remote: |out, r, base, _| {
            out.slug = unless_unchanged(
                base.filter(|b| b.remote.slug == r.slug)
                    .map(|b| &b.local.slug),
                || r.slug.clone(),
            )
        },
        remote_changed: |b, n| b.slug != n.slug,
        copy_remote: |to, from| to.slug = from.slug.clone(),
        merge: |b, l, r, out| merge_string(&b.slug, &l.slug, &r.slug, &mut out.slug),
        send: |v, body| {
            // No slug yet: the site gets one from the headline, in the newsroom's scheme (the
            // slug the app would suggest).
            let slug = crate::mapping::slug_for_site(v, body.slug_scheme);
            if !slug.is_empty() {
                body.fields.insert("slug".into(), json!(slug));
            }
        },
        write: |v, c| c.slug = Some(v.slug.clone()),
    },
    Spec {
        field: Field::Status,
        name: "status",
        text: |v| v.status.clone(),
        parse: |s, v| {
            v.status = s.to_string();
            Ok(())
        },
        copy: |to, from| to.status = from.status.clone(),
        same: |a, b| a.status == b.status,
        read_remote: |out, r, base, _| {
            out.status = match base {
                // Unchanged on the site: keep the local reading (a withdrawn article is a
                // site draft).
                Some(b) if b.remote.status == r.status && b.remote.workflow == r.workflow => {
                    b.local.status.clone()
                }
                _ => status_from_remote(
                    &r.status,
                    r.workflow.as_deref(),
                    base.map(|b| b.local.status.as_str()),
                ),
            }
        },
        remote_changed: |b, n| b.status != n.status || b.workflow != n.workflow,
        copy_remote: |to, from| {
            to.status = from.status.clone();
            to.workflow = from.workflow.clone();
        },
        merge: |b, l, r, out| merge_string(&b.status, &l.status, &r.status, &mut out.status),
        send: send_status,
        write: |v, c| c.status = Some(v.status.clone()),
    },
    Spec {
        field: Field::PublishAt,
        name: "publish_at",
        // RFC 3339; empty when not scheduled.
        text: |v| v.publish_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        parse: |s, v| {
            // Empty means "not scheduled": the schedule is left as it is.
            if !s.trim().is_empty() {
                let at = chrono::DateTime::parse_from_rfc3339(s.trim())
                    .map_err(|e| format!("{s:?} is not a date and time ({e})"))?;
                v.publish_at = Some(at.with_timezone(&chrono::Utc));
            }
            Ok(())
        },
        copy: |to, from| to.publish_at = from.publish_at,
        same: |a, b| a.publish_at == b.publish_at,
        read_remote: |out, r, base, _| {
            // Only a scheduled post says when; otherwise the last agreed instant stands.
            out.publish_at = if r.status == "future" {
                r.date_gmt.as_deref().and_then(parse_date_gmt)
            } else {
                base.and_then(|b| b.local.publish_at)
            }
        },
        // A schedule set on the site (by an editor in WordPress) is pulled like any field:
        // the local schedule gets the site's instant, so the calendar shows it and the local
        // scheduler agrees; the base then holds it, so it never bounces back as a push.
        remote_changed: |b, n| {
            n.status == "future" && (b.date_gmt != n.date_gmt || b.status != "future")
        },
        copy_remote: |to, from| to.date_gmt = from.date_gmt.clone(),
        merge: |b, l, r, out| match merge_value(&b.publish_at, &l.publish_at, &r.publish_at) {
            Merged::Clean(v) => {
                out.publish_at = v;
                true
            }
            Merged::Conflict => false,
        },
        send: send_status,
        // No instant leaves the local schedule as it is.
        write: |v, c| c.publish_at = v.publish_at,
    },
    Spec {
        field: Field::Tags,
        name: "tags",
        text: |v| v.tags.join(", "),
        parse: |s, v| {
            v.tags = s
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            Ok(())
        },
        copy: |to, from| to.tags = from.tags.clone(),
        same: |a, b| folded_set(&a.tags) == folded_set(&b.tags),
        read_remote: |out, r, base, names| {
            out.tags = match base {
                Some(b) if b.remote.tags == r.tags => b.local.tags.clone(),
                _ => r.tags.iter().filter_map(|id| names(*id)).collect(),
            }
        },
        remote_changed: |b, n| b.tags != n.tags,
        copy_remote: |to, from| to.tags = from.tags.clone(),
        // Additions and removals from both sides all apply: tags never conflict.
        merge: |b, l, r, out| {
            out.tags = merge_tags(&b.tags, &l.tags, &r.tags);
            true
        },
        send: |_, body| {
            body.fields.insert("tags".into(), json!(body.tag_ids));
        },
        write: |v, c| c.tags = Some(v.tags.clone()),
    },
];

/// The row of `field`.
pub fn spec(field: Field) -> &'static Spec {
    FIELDS
        .iter()
        .find(|s| s.field == field)
        .expect("every field has a row")
}

/// The status travels with the schedule: WordPress schedules by status `future` + date.
fn send_status(v: &LocalFields, body: &mut Body) {
    body.fields
        .insert("status".into(), json!(status_to_remote(&v.status)));
    body.meta
        .insert("newsroom_workflow_state".into(), json!(v.status));
    if v.status == "scheduled" {
        if let Some(at) = v.publish_at {
            body.fields
                .insert("date_gmt".into(), json!(format_date_gmt(at)));
        }
    }
}

fn unless_unchanged(base: Option<&String>, read: impl FnOnce() -> String) -> String {
    match base {
        Some(v) => v.clone(),
        None => read(),
    }
}

fn merge_string(base: &str, local: &str, remote: &str, out: &mut String) -> bool {
    match merge_value(&base, &local, &remote) {
        Merged::Clean(v) => {
            *out = v.to_string();
            true
        }
        Merged::Conflict => false,
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

fn folded_set(tags: &[String]) -> Vec<String> {
    let mut v: Vec<String> = tags.iter().map(|t| fold_for_match(t)).collect();
    v.sort();
    v.dedup();
    v
}

/// The site's post in local terms. `names` maps term ids to names.
pub fn remote_as_local(remote: &RemoteFields, base: Option<&Base>, names: Names) -> LocalFields {
    let mut out = LocalFields::default();
    for spec in &FIELDS {
        (spec.read_remote)(&mut out, remote, base, names);
    }
    out
}

/// The request body that sends `fields` of `values` (`tag_ids`: the term ids of its tags,
/// needed only when tags go). Meta only where the plugin registers it: a stock site drops
/// unregistered meta silently, but a meta permission failure there would be a partial write.
pub fn request_body(
    values: &LocalFields,
    fields: &[Field],
    tag_ids: Vec<u64>,
    uuid: Option<&str>,
    plugin: bool,
    slug_scheme: newsroom_text::SlugScheme,
) -> Value {
    let mut body = Body {
        tag_ids,
        slug_scheme,
        ..Body::default()
    };
    for field in fields {
        (spec(*field).send)(values, &mut body);
    }
    if let Some(uuid) = uuid {
        body.meta.insert("newsroom_uuid".into(), json!(uuid));
    }
    if plugin && !body.meta.is_empty() {
        body.fields.insert("meta".into(), Value::Object(body.meta));
    }
    Value::Object(body.fields)
}

/// The local write of `fields` of `values`.
pub fn local_change(values: &LocalFields, fields: &[Field]) -> Change {
    let mut change = Change::default();
    for field in fields {
        (spec(*field).write)(values, &mut change);
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_one_row_per_field_in_order() {
        assert_eq!(
            FIELDS.iter().map(|s| s.field).collect::<Vec<_>>(),
            Field::ALL.to_vec()
        );
        for f in Field::ALL {
            assert_eq!(Field::parse(spec(f).name), Some(f));
        }
    }

    #[test]
    fn every_field_survives_text_and_back() {
        let v = LocalFields {
            headline: "Заголовок".into(),
            dek: "Подзаголовок".into(),
            body: "А.\n\nБ.".into(),
            slug: "slug".into(),
            status: "approved".into(),
            publish_at: parse_date_gmt("2026-01-16T04:00:00"),
            tags: vec!["Барыс".into(), "КХЛ".into()],
        };
        for s in &FIELDS {
            let mut out = LocalFields::default();
            (s.parse)(&(s.text)(&v), &mut out).expect("parses");
            assert!((s.same)(&v, &out), "{}", s.name);
        }
        let mut bad = LocalFields::default();
        assert!((spec(Field::PublishAt).parse)("завтра", &mut bad).is_err());
    }

    #[test]
    fn the_body_sends_the_fields_it_names_and_meta_only_with_the_plugin() {
        let v = LocalFields {
            headline: "<b>Жирный</b>".into(),
            status: "scheduled".into(),
            publish_at: parse_date_gmt("2026-01-16T04:00:00"),
            ..LocalFields::default()
        };
        let body = request_body(
            &v,
            &[Field::Headline, Field::PublishAt],
            vec![],
            None,
            true,
            Default::default(),
        );
        assert_eq!(body["title"], "&lt;b&gt;Жирный&lt;/b&gt;");
        assert_eq!(body["status"], "future");
        assert_eq!(body["date_gmt"], "2026-01-16T04:00:00");
        assert_eq!(body["meta"]["newsroom_workflow_state"], "scheduled");
        assert!(body.get("content").is_none(), "only what was named goes");
        let stock = request_body(
            &v,
            &[Field::Tags],
            vec![7],
            Some("u"),
            false,
            Default::default(),
        );
        assert_eq!(stock, json!({"tags": [7]}), "no meta on a stock site");
    }
}
