//! Three-way merges against the last-synced base: per field, and per paragraph for the body.
//!
//! A change on one side only is taken; the same change on both sides is taken once; changes
//! to different paragraphs of the body are combined. Only where both sides changed the same
//! thing differently is there a conflict, and then the caller keeps both versions.

use newsroom_text::fold_for_match;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged<T> {
    Clean(T),
    Conflict,
}

/// A single value (title, slug, status…): equal changes agree, different changes conflict.
pub fn merge_value<T: PartialEq + Clone>(base: &T, local: &T, remote: &T) -> Merged<T> {
    if local == remote || remote == base {
        Merged::Clean(local.clone())
    } else if local == base {
        Merged::Clean(remote.clone())
    } else {
        Merged::Conflict
    }
}

/// Tags as sets of names (compared folded, so «Барыс» and «барыс» are one tag): additions and
/// removals from both sides are all applied; there is nothing to conflict about.
pub fn merge_tags(base: &[String], local: &[String], remote: &[String]) -> Vec<String> {
    let has = |set: &[String], t: &str| set.iter().any(|x| fold_for_match(x) == fold_for_match(t));
    let mut out: Vec<String> = Vec::new();
    for t in local.iter().chain(remote.iter()) {
        let removed_locally = has(base, t) && !has(local, t);
        let removed_remotely = has(base, t) && !has(remote, t);
        if !removed_locally && !removed_remotely && !has(&out, t) {
            out.push(t.clone());
        }
    }
    out
}

/// Splits Markdown into blocks separated by blank lines: the unit two editors rarely both
/// touch, and the unit a reader recognises in a side-by-side view.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

#[derive(Debug, Clone)]
struct Hunk {
    side: Side,
    base: Range<usize>,
    new: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Local,
    Remote,
}

fn hunks(base: &[String], other: &[String], side: Side) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    // Whether the previous op was a change too: a delete right before an insert is one hunk.
    let mut joined = false;
    for op in capture_diff_slices(Algorithm::Myers, base, other) {
        let (old, new) = match op {
            DiffOp::Equal { .. } => {
                joined = false;
                continue;
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        match out.last_mut() {
            Some(last) if joined && last.base.end == old.start => {
                last.base.end = old.end;
                last.new.extend(other[new].iter().cloned());
            }
            _ => out.push(Hunk {
                side,
                base: old,
                new: other[new].to_vec(),
            }),
        }
        joined = true;
    }
    out
}

/// Whether two hunks touch the same part of the base.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

fn apply(base: &[String], region: &Range<usize>, hunks: &[&Hunk]) -> Vec<String> {
    let mut out = Vec::new();
    let mut pos = region.start;
    for h in hunks {
        out.extend(base[pos..h.base.start].iter().cloned());
        out.extend(h.new.iter().cloned());
        pos = h.base.end;
    }
    out.extend(base[pos..region.end].iter().cloned());
    out
}

/// Merges a body per paragraph. `Conflict` when both sides changed the same paragraph (or
/// inserted at the same place) differently.
pub fn merge_text(base: &str, local: &str, remote: &str) -> Merged<String> {
    if local == remote || remote == base {
        return Merged::Clean(local.to_string());
    }
    if local == base {
        return Merged::Clean(remote.to_string());
    }
    let b = paragraphs(base);
    let l = paragraphs(local);
    let r = paragraphs(remote);
    let mut all: Vec<Hunk> = hunks(&b, &l, Side::Local);
    all.extend(hunks(&b, &r, Side::Remote));
    all.sort_by_key(|h| (h.base.start, h.base.end));

    let mut out: Vec<String> = Vec::new();
    let mut pos = 0;
    let mut i = 0;
    while i < all.len() {
        // A cluster: hunks that overlap one another, transitively.
        let mut region = all[i].base.clone();
        let mut members = vec![&all[i]];
        let mut j = i + 1;
        while j < all.len()
            && (overlaps(&all[j].base, &region)
                || members.iter().any(|m| overlaps(&all[j].base, &m.base)))
        {
            region = region.start.min(all[j].base.start)..region.end.max(all[j].base.end);
            members.push(&all[j]);
            j += 1;
        }
        let local_side: Vec<&Hunk> = members
            .iter()
            .copied()
            .filter(|h| h.side == Side::Local)
            .collect();
        let remote_side: Vec<&Hunk> = members
            .iter()
            .copied()
            .filter(|h| h.side == Side::Remote)
            .collect();
        out.extend(b[pos..region.start].iter().cloned());
        let replacement = if remote_side.is_empty() {
            apply(&b, &region, &local_side)
        } else if local_side.is_empty() {
            apply(&b, &region, &remote_side)
        } else {
            let mine = apply(&b, &region, &local_side);
            let theirs = apply(&b, &region, &remote_side);
            if mine != theirs {
                return Merged::Conflict;
            }
            mine
        };
        out.extend(replacement);
        pos = region.end;
        i = j;
    }
    out.extend(b[pos..].iter().cloned());
    Merged::Clean(out.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "Первый абзац.\n\nВторой абзац.\n\nТретий абзац.";

    #[test]
    fn table_of_text_merges() {
        // (what, local, remote, expected: Some(merged) or None for a conflict)
        let cases: [(&str, &str, &str, Option<&str>); 9] = [
            ("nobody changed", BASE, BASE, Some(BASE)),
            ("local only", "Первый абзац!\n\nВторой абзац.\n\nТретий абзац.", BASE, Some("Первый абзац!\n\nВторой абзац.\n\nТретий абзац.")),
            ("remote only", BASE, "Первый абзац.\n\nВторой абзац.\n\nТретий!", Some("Первый абзац.\n\nВторой абзац.\n\nТретий!")),
            (
                "different paragraphs",
                "Первый абзац (правка автора).\n\nВторой абзац.\n\nТретий абзац.",
                "Первый абзац.\n\nВторой абзац.\n\nТретий абзац (правка редактора).",
                Some("Первый абзац (правка автора).\n\nВторой абзац.\n\nТретий абзац (правка редактора)."),
            ),
            (
                "adjacent paragraphs",
                "Первый абзац.\n\nВторой — автор.\n\nТретий абзац.",
                "Первый абзац.\n\nВторой абзац.\n\nТретий — редактор.",
                Some("Первый абзац.\n\nВторой — автор.\n\nТретий — редактор."),
            ),
            (
                "the same paragraph differently",
                "Первый абзац.\n\nВторой — автор.\n\nТретий абзац.",
                "Первый абзац.\n\nВторой — редактор.\n\nТретий абзац.",
                None,
            ),
            (
                "the same paragraph identically",
                "Первый абзац.\n\nВторой — общий.\n\nТретий абзац.",
                "Первый абзац.\n\nВторой — общий.\n\nТретий абзац.",
                Some("Первый абзац.\n\nВторой — общий.\n\nТретий абзац."),
            ),
            (
                "insert at the end and edit at the start",
                "Первый абзац.\n\nВторой абзац.\n\nТретий абзац.\n\nЧетвёртый от автора.",
                "Первый — редактор.\n\nВторой абзац.\n\nТретий абзац.",
                Some("Первый — редактор.\n\nВторой абзац.\n\nТретий абзац.\n\nЧетвёртый от автора."),
            ),
            (
                "delete one paragraph, edit it on the other side",
                "Первый абзац.\n\nТретий абзац.",
                "Первый абзац.\n\nВторой — редактор.\n\nТретий абзац.",
                None,
            ),
        ];
        for (what, local, remote, expected) in cases {
            let got = merge_text(BASE, local, remote);
            match expected {
                Some(text) => assert_eq!(got, Merged::Clean(text.to_string()), "{what}"),
                None => assert_eq!(
                    got,
                    Merged::Conflict,
                    "{what}: both changed the same paragraph, the user must see both"
                ),
            }
        }
    }

    #[test]
    fn two_inserts_at_the_same_place_conflict() {
        let got = merge_text("А.\n\nБ.", "А.\n\nX.\n\nБ.", "А.\n\nY.\n\nБ.");
        assert_eq!(
            got,
            Merged::Conflict,
            "the order of two new paragraphs is the user's call"
        );
    }

    #[test]
    fn values_merge_three_way() {
        assert_eq!(merge_value(&"a", &"b", &"a"), Merged::Clean("b"));
        assert_eq!(merge_value(&"a", &"a", &"c"), Merged::Clean("c"));
        assert_eq!(merge_value(&"a", &"b", &"b"), Merged::Clean("b"));
        assert_eq!(merge_value(&"a", &"b", &"c"), Merged::Conflict);
    }

    #[test]
    fn tags_merge_as_sets_ignoring_case_and_yo() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let merged = merge_tags(
            &s(&["Барыс", "хоккей"]),
            &s(&["барыс", "хоккей", "КХЛ"]),
            &s(&["Барыс", "Ёлка"]),
        );
        assert_eq!(
            merged,
            s(&["барыс", "КХЛ", "Ёлка"]),
            "remote removed «хоккей», local added «КХЛ», remote added «Ёлка»"
        );
    }
}
