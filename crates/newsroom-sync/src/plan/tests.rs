//! The planner, one situation a row: the local article, its base, what the site holds, and
//! the whole plan expected (requests, local writes, base, outcome).

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

const TEXT: &str = "А.\n\nБ.\n\nВ.";

fn base() -> Base {
    Base {
        local: fields("Заголовок", TEXT, "in_review"),
        remote: remote("Заголовок", TEXT, "pending"),
    }
}

fn trashed_base() -> Base {
    let mut b = base();
    b.remote.status = TRASH.into();
    b.remote.slug = "slug__trashed".into();
    b
}

fn editor() -> Context {
    Context {
        tag_names: HashMap::from([(5, "Барыс".to_string())]),
        may_publish: true,
    }
}

fn contributor() -> Context {
    Context {
        may_publish: false,
        ..editor()
    }
}

fn names(id: u64) -> Option<String> {
    (id == 5).then(|| "Барыс".to_string())
}

fn view(f: LocalFields, pending: bool) -> LocalView {
    LocalView {
        fields: f,
        pending,
        ..LocalView::default()
    }
}

fn trashed(f: LocalFields, pending: bool) -> LocalView {
    LocalView {
        trashed: true,
        ..view(f, pending)
    }
}

fn list(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The plan in one line: `Outcome: remote=… local=… base=…` (empty parts left out).
fn describe(p: &Plan) -> String {
    let remote: Vec<String> = p
        .remote_ops
        .iter()
        .map(|op| match op {
            RemoteOp::Create { .. } => "Create".into(),
            RemoteOp::Update { fields, .. } => format!("Update[{}]", list(fields)),
            RemoteOp::Trash { .. } => "Trash".into(),
            RemoteOp::Refuse { .. } => "Refuse".into(),
        })
        .collect();
    let local: Vec<String> = p
        .local_ops
        .iter()
        .map(|op| match op {
            LocalOp::Write { fields, .. } => format!("Write[{}]", list(fields)),
            LocalOp::Trash => "Trash".into(),
            LocalOp::Restore => "Restore".into(),
            LocalOp::Conflict(c) => format!("Conflict[{}]", c.field.as_str()),
            LocalOp::Sent => "Sent".into(),
        })
        .collect();
    let mut out = format!("{:?}:", p.outcome);
    if !remote.is_empty() {
        out += &format!(" remote={}", remote.join(","));
    }
    if !local.is_empty() {
        out += &format!(" local={}", local.join(","));
    }
    match &p.new_base {
        NewBase::Keep => {}
        NewBase::Forget => out += " base=forget",
        NewBase::Save {
            from_answer: true, ..
        } => out += " base=answer",
        NewBase::Save { .. } => out += " base=save",
    }
    out
}

struct Row {
    what: &'static str,
    local: LocalView,
    base: Option<Base>,
    remote: RemoteView,
    ctx: Context,
    expected: &'static str,
}

fn row(
    what: &'static str,
    local: LocalView,
    base: Option<Base>,
    remote: RemoteView,
    expected: &'static str,
) -> Row {
    Row {
        what,
        local,
        base,
        remote,
        ctx: editor(),
        expected,
    }
}

fn check(rows: Vec<Row>) {
    let mut wrong = Vec::new();
    for r in rows {
        let got = describe(&plan(&r.local, r.base.as_ref(), &r.remote, &r.ctx));
        if got != r.expected {
            wrong.push(format!(
                "{}\n    expected {}\n    got      {got}",
                r.what, r.expected
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn table_of_plans() {
    let b = base();
    let unchanged = || b.local.clone();
    let title = fields("Новый заголовок", TEXT, "in_review");
    let present = |r: RemoteFields| RemoteView::Present(r);
    let mut moved_on = b.remote.clone();
    moved_on.rev = Some("r2".into());
    // An editor's post holding an embed the app's Markdown cannot carry.
    let embed = Base {
        remote: RemoteFields {
            content: "<p>А.</p><iframe src=\"https://example.org/v\"></iframe>".into(),
            markdown: None,
            ..b.remote.clone()
        },
        ..b.clone()
    };
    check(vec![
        row(
            "new article",
            view(unchanged(), true),
            None,
            RemoteView::Unknown,
            "Created: remote=Create local=Sent base=answer",
        ),
        row(
            "new article trashed before it was sent",
            trashed(unchanged(), true),
            None,
            RemoteView::Unknown,
            "Discarded: local=Sent",
        ),
        row(
            "untracked and nothing to send",
            view(unchanged(), false),
            None,
            RemoteView::Unknown,
            "Nothing:",
        ),
        row(
            "an open conflict holds the article",
            LocalView {
                conflicted: true,
                ..view(title.clone(), true)
            },
            Some(b.clone()),
            present(remote("Другой", TEXT, "pending")),
            "Conflict:",
        ),
        row(
            "nothing changed",
            view(unchanged(), false),
            Some(b.clone()),
            present(b.remote.clone()),
            "Nothing:",
        ),
        row(
            "the site moved on in nothing we sync (a new revision): remember it",
            view(unchanged(), false),
            Some(b.clone()),
            present(moved_on.clone()),
            "Nothing: base=save",
        ),
        row(
            "a local edit undone: the row is done",
            view(unchanged(), true),
            Some(b.clone()),
            RemoteView::Unknown,
            "Nothing: local=Sent",
        ),
        row(
            "local edit, site unchanged",
            view(title.clone(), true),
            Some(b.clone()),
            RemoteView::Unknown,
            "Pushed: remote=Update[headline] local=Sent base=answer",
        ),
        row(
            "site edit, nothing local",
            view(unchanged(), false),
            Some(b.clone()),
            present(remote("Правка на сайте", TEXT, "pending")),
            "Pulled: local=Write[headline] base=save",
        ),
        row(
            "cron published it",
            view(unchanged(), false),
            Some(b.clone()),
            present(remote("Заголовок", TEXT, "publish")),
            "Pulled: local=Write[status] base=save",
        ),
        row(
            "the same edit on both sides is taken once",
            view(title.clone(), true),
            Some(b.clone()),
            present(remote("Новый заголовок", TEXT, "pending")),
            "Nothing: local=Sent base=save",
        ),
        row(
            "different fields on each side merge",
            view(title.clone(), true),
            Some(b.clone()),
            present(remote("Заголовок", "А.\n\nБ.\n\nВ — редактор.", "pending")),
            "Merged: remote=Update[headline] local=Write[body],Sent base=answer",
        ),
        row(
            "different paragraphs merge, both sides get the result",
            view(
                fields("Заголовок", "А — автор.\n\nБ.\n\nВ.", "in_review"),
                true,
            ),
            Some(b.clone()),
            present(remote("Заголовок", "А.\n\nБ.\n\nВ — редактор.", "pending")),
            "Merged: remote=Update[body] local=Write[body],Sent base=answer",
        ),
        row(
            "the same paragraph differently is a conflict",
            view(
                fields("Заголовок", "А — автор.\n\nБ.\n\nВ.", "in_review"),
                true,
            ),
            Some(b.clone()),
            present(remote("Заголовок", "А — редактор.\n\nБ.\n\nВ.", "pending")),
            "Conflict: local=Conflict[body],Sent base=save",
        ),
        row(
            "the same title both sides is a conflict; the rest still goes",
            view(
                fields("Новый заголовок", "А — автор.\n\nБ.\n\nВ.", "in_review"),
                true,
            ),
            Some(b.clone()),
            present(remote("Другой заголовок", TEXT, "pending")),
            "Conflict: remote=Update[body] local=Conflict[headline],Sent base=answer",
        ),
        row(
            "deleted on the site",
            view(unchanged(), false),
            Some(b.clone()),
            RemoteView::Gone,
            "TrashedLocal: local=Trash base=forget",
        ),
        row(
            "deleted on the site while edited here: trashed here, text kept",
            view(title.clone(), true),
            Some(b.clone()),
            RemoteView::Gone,
            "TrashedLocal: local=Trash,Sent base=forget",
        ),
        row(
            "deleted on the site, already in the local trash",
            trashed(unchanged(), false),
            Some(b.clone()),
            RemoteView::Gone,
            "Nothing:",
        ),
        row(
            "trashed here",
            trashed(unchanged(), true),
            Some(b.clone()),
            RemoteView::Unknown,
            "TrashedRemote: remote=Trash local=Sent base=answer",
        ),
        row(
            "in the local trash with nothing to send",
            trashed(unchanged(), false),
            Some(b.clone()),
            RemoteView::Unknown,
            "Nothing:",
        ),
        row(
            "an unrepresentable embed on the site refuses a body push",
            view(
                fields("Заголовок", "А.\n\nБ.\n\nВ — новое.", "in_review"),
                true,
            ),
            Some(embed.clone()),
            RemoteView::Unknown,
            "Nothing: remote=Refuse",
        ),
        row(
            "an unrepresentable embed does not stop a title push",
            view(title.clone(), true),
            Some(embed),
            RemoteView::Unknown,
            "Pushed: remote=Update[headline] local=Sent base=answer",
        ),
    ]);
}

#[test]
fn table_of_trash_and_restore() {
    let b = base();
    let tb = trashed_base();
    let mut in_trash = b.remote.clone();
    in_trash.status = TRASH.into();
    let mut restored_there = b.remote.clone();
    restored_there.status = "draft".into();
    let with_frame = |r: &RemoteFields| RemoteFields {
        content: format!(
            "{}<iframe src=\"https://example.org/v\"></iframe>",
            r.content
        ),
        ..r.clone()
    };
    let in_trash_as_trashed = RemoteFields {
        rev: Some("r2".into()),
        ..tb.remote.clone()
    };
    let dek_edited_in_trash = RemoteFields {
        excerpt: "Подзаголовок редактора".into(),
        rev: Some("r3".into()),
        ..tb.remote.clone()
    };
    check(vec![
        row(
            "trashed in WordPress: follow it, keeping the post as the base",
            view(b.local.clone(), false),
            Some(b.clone()),
            RemoteView::Present(in_trash.clone()),
            "TrashedLocal: local=Trash base=save",
        ),
        row(
            "restored here after we trashed it there: the same post comes back",
            view(b.local.clone(), true),
            Some(tb.clone()),
            RemoteView::Unknown,
            "Pushed: remote=Update[slug,status] local=Sent base=answer",
        ),
        row(
            "restored here, still in the site's trash (read before writing)",
            view(b.local.clone(), true),
            Some(tb.clone()),
            RemoteView::Present(in_trash_as_trashed.clone()),
            "Pushed: remote=Update[slug,status] local=Sent base=answer",
        ),
        row(
            "restored here, with an edit made before trashing it: sent with the restore",
            view(fields("Новый заголовок", TEXT, "in_review"), true),
            Some(tb.clone()),
            RemoteView::Present(in_trash_as_trashed.clone()),
            "Pushed: remote=Update[headline,slug,status] local=Sent base=answer",
        ),
        row(
            "restored here while the site edited the dek in its trash: the site's dek is kept",
            view(b.local.clone(), true),
            Some(tb.clone()),
            RemoteView::Present(dek_edited_in_trash.clone()),
            "Merged: remote=Update[slug,status] local=Write[dek],Sent base=answer",
        ),
        row(
            "restored here, the dek edited on both sides meanwhile: a conflict, still restored",
            view(
                LocalFields {
                    dek: "Подзаголовок журналиста".into(),
                    ..b.local.clone()
                },
                true,
            ),
            Some(tb.clone()),
            RemoteView::Present(dek_edited_in_trash),
            "Conflict: remote=Update[slug,status] local=Conflict[dek],Sent base=answer",
        ),
        row(
            "restored in WordPress: out of the local trash, the site's state taken",
            trashed(b.local.clone(), false),
            Some(tb.clone()),
            RemoteView::Present(restored_there.clone()),
            "Pulled: local=Restore,Write[status] base=save",
        ),
        row(
            "restored in WordPress over a frame the app cannot keep, the body edited here: \
             out of the local trash, the body refused",
            trashed(fields("Заголовок", "А.\n\nБ — правка.", "in_review"), false),
            Some(Base {
                remote: with_frame(&tb.remote),
                ..tb.clone()
            }),
            RemoteView::Present(with_frame(&restored_there)),
            "Nothing: remote=Refuse local=Restore base=save",
        ),
        row(
            "restored in WordPress, nothing else changed: out of the local trash, and the \
             base out of the site's trash (a later trash here is sent, not undone)",
            trashed(
                LocalFields {
                    status: "draft".into(),
                    ..b.local.clone()
                },
                false,
            ),
            Some(Base {
                local: LocalFields {
                    status: "draft".into(),
                    ..tb.local.clone()
                },
                ..tb.clone()
            }),
            RemoteView::Present(restored_there.clone()),
            "Pulled: local=Restore base=save",
        ),
        row(
            "trashed here again after following a restore: to the site's trash",
            trashed(b.local.clone(), true),
            Some(Base {
                local: b.local.clone(),
                remote: restored_there.clone(),
            }),
            RemoteView::Present(restored_there.clone()),
            "TrashedRemote: remote=Trash local=Sent base=answer",
        ),
        row(
            "both in the trash: nothing to do",
            trashed(b.local.clone(), false),
            Some(tb.clone()),
            RemoteView::Present(in_trash),
            "Nothing: base=save",
        ),
        row(
            "restored here but deleted for good there: a new post",
            view(b.local.clone(), true),
            Some(tb.clone()),
            RemoteView::Gone,
            "Created: remote=Create local=Sent base=answer",
        ),
        row(
            "restored on both sides: an ordinary field sync",
            view(b.local.clone(), true),
            Some(tb),
            RemoteView::Present(restored_there),
            "Pulled: local=Write[status],Sent base=save",
        ),
    ]);
}

/// A title longer than the app's headline limit (a colleague's, in wp-admin) is taken cut
/// at a word boundary, with `…`, instead of failing the article on every round.
#[test]
fn an_oversize_title_on_the_site_is_taken_cut() {
    let b = base();
    let word = "Оченьдлинноеслово ";
    let title = word.repeat(100);
    let p = plan(
        &view(b.local.clone(), false),
        Some(&b),
        &RemoteView::Present(remote(&title, TEXT, "pending")),
        &editor(),
    );
    assert_eq!(describe(&p), "Pulled: local=Write[headline] base=save");
    let Some(LocalOp::Write { values, .. }) = p.local_ops.first() else {
        panic!("no write: {p:?}");
    };
    let limit = newsroom_core::text_input::MAX_HEADLINE_CHARS;
    assert!(
        values.headline.chars().count() <= limit,
        "{}",
        values.headline
    );
    assert!(
        values.headline.ends_with("Оченьдлинноеслово…"),
        "cut between words: {}",
        values.headline
    );
    let kept = values.headline.trim_end_matches('…');
    assert!(title.starts_with(kept));
    assert!(kept.chars().count() > limit - word.chars().count());
}

#[test]
fn table_of_scheduled_publishing() {
    let at = crate::mapping::parse_date_gmt("2026-01-16T04:00:00");
    let scheduled = LocalFields {
        status: "scheduled".into(),
        publish_at: at,
        ..fields("Заголовок", TEXT, "scheduled")
    };
    let mut future = remote("Заголовок", TEXT, "future");
    future.date_gmt = Some("2026-01-16T04:00:00".into());
    let b = Base {
        local: scheduled.clone(),
        remote: future.clone(),
    };
    let published = LocalFields {
        status: "published".into(),
        ..scheduled.clone()
    };
    let published_and_edited = LocalFields {
        body: "А.\n\nБ.\n\nВ — правка.".into(),
        ..published.clone()
    };
    let journalist = |r: Row| Row {
        ctx: contributor(),
        ..r
    };
    check(vec![
        row(
            "an editor's app pushes the publish (the watchdog for a cron that never ran)",
            view(published.clone(), true),
            Some(b.clone()),
            RemoteView::Unknown,
            "Pushed: remote=Update[status] local=Sent base=answer",
        ),
        journalist(row(
            "a journalist's app leaves a scheduled publish to the site",
            view(published.clone(), true),
            Some(b.clone()),
            RemoteView::Unknown,
            "Nothing: local=Sent base=save",
        )),
        journalist(row(
            "the rest of the journalist's edit still goes out",
            view(published_and_edited, true),
            Some(b.clone()),
            RemoteView::Unknown,
            "Pushed: remote=Update[body] local=Sent base=answer",
        )),
        row(
            "an editor's schedule in WordPress reaches the journalist as a state and a time",
            view(fields("Заголовок", TEXT, "in_review"), false),
            Some(base()),
            RemoteView::Present(future),
            "Pulled: local=Write[status,publish_at] base=save",
        ),
    ]);
}

#[test]
fn a_merge_keeps_both_sides_changes() {
    let b = base();
    let local = view(
        fields("Новый заголовок", "А — автор.\n\nБ.\n\nВ.", "in_review"),
        true,
    );
    let r = remote("Заголовок", "А.\n\nБ.\n\nВ — редактор.", "pending");
    let p = plan(&local, Some(&b), &RemoteView::Present(r), &editor());
    let Some(RemoteOp::Update { values, .. }) = p.remote_ops.first() else {
        panic!("expected a push: {p:?}");
    };
    assert_eq!(values.headline, "Новый заголовок");
    assert_eq!(
        values.body, "А — автор.\n\nБ.\n\nВ — редактор.",
        "neither paragraph edit may be lost"
    );
    assert!(
        p.local_ops.contains(&LocalOp::Write {
            fields: vec![Field::Body],
            values: values.clone()
        }),
        "the same merged text is written here: {p:?}"
    );
}

#[test]
fn a_conflicted_field_keeps_the_sites_value_in_the_base() {
    let b = base();
    let local = view(fields("Мой заголовок", TEXT, "in_review"), true);
    let r = remote("Их заголовок", TEXT, "pending");
    let p = plan(&local, Some(&b), &RemoteView::Present(r), &editor());
    let NewBase::Save {
        local: base_local, ..
    } = &p.new_base
    else {
        panic!("{p:?}");
    };
    assert_eq!(
        base_local.headline, "Их заголовок",
        "the local headline reads as the change still to resolve"
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
        &editor(),
    );
    assert_eq!(
        describe(&got),
        "Nothing:",
        "the slug WordPress chose is the base, not a change"
    );
}

#[test]
fn an_editors_schedule_becomes_the_local_schedule() {
    let b = base();
    let mut r = remote("Заголовок", TEXT, "future");
    r.date_gmt = Some("2026-01-16T04:00:00".into());
    let p = plan(
        &view(b.local.clone(), false),
        Some(&b),
        &RemoteView::Present(r),
        &editor(),
    );
    let Some(LocalOp::Write { values, .. }) = p.local_ops.first() else {
        panic!("{p:?}");
    };
    assert_eq!(values.status, "scheduled");
    assert_eq!(
        values.publish_at,
        crate::mapping::parse_date_gmt("2026-01-16T04:00:00"),
        "the site's instant becomes the local schedule"
    );
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
        &editor(),
    );
    assert_eq!(
        describe(&without),
        "Conflict: local=Conflict[body],Sent base=save",
        "without knowing what was sent it looks like a colleague's edit"
    );
    let rebased = rebase_on_sent(&b, &[sent], &landed, &names);
    assert_eq!(rebased.remote.content, landed.content);
    let got = plan(
        &local,
        Some(&rebased),
        &RemoteView::Present(landed),
        &editor(),
    );
    assert_eq!(
        describe(&got),
        "Pushed: remote=Update[body] local=Sent base=answer",
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

/// The base a plan saves (panics on any other).
fn saved_base(p: &Plan) -> (&LocalFields, &RemoteFields) {
    match &p.new_base {
        NewBase::Save { local, remote, .. } => (local, remote),
        other => panic!("expected a saved base, got {other:?}"),
    }
}

#[test]
fn a_trash_on_both_sides_agrees_on_the_trash_and_nothing_else() {
    let b = base();
    let mut edited_here = b.local.clone();
    edited_here.headline = "Правка здесь".into();
    let mut edited_and_trashed_there = b.remote.clone();
    edited_and_trashed_there.title = "Правка там".into();
    edited_and_trashed_there.status = TRASH.into();
    edited_and_trashed_there.rev = Some("r9".into());
    let there = RemoteView::Present(edited_and_trashed_there.clone());

    // Trashed here (with an unsent edit) while the site edited the post and trashed it.
    let p = plan(&trashed(edited_here, true), Some(&b), &there, &editor());
    let (local, remote) = saved_base(&p);
    assert_eq!(
        local, &b.local,
        "the edit made here before trashing is still to send when it comes back"
    );
    assert_eq!(
        remote.title, b.remote.title,
        "the site's edit is still to pull when it comes back"
    );
    assert_eq!(remote.status, TRASH);

    // Followed the site's trash: the same.
    let p = plan(&view(b.local.clone(), false), Some(&b), &there, &editor());
    assert_eq!(p.outcome, Outcome::TrashedLocal);
    let (_, remote) = saved_base(&p);
    assert_eq!(remote.title, b.remote.title);
    assert_eq!(remote.status, TRASH);

    // Only a trash move, nothing else: the site's copy (its new revision) is taken whole.
    let mut only_trashed = b.remote.clone();
    only_trashed.status = TRASH.into();
    only_trashed.slug = "slug__trashed".into();
    only_trashed.rev = Some("r9".into());
    assert_eq!(in_the_trash(&b.remote, &only_trashed), only_trashed);
    let stale = in_the_trash(&b.remote, &edited_and_trashed_there);
    assert_eq!(
        (stale.rev.as_deref(), stale.status.as_str()),
        (None, TRASH),
        "a fresh revision over stale fields would let a push overwrite the site's edit"
    );
}
