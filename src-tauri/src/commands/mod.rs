//! Tauri commands: one file per domain, each command a few lines over the core.
//!
//! Pattern for a new domain (see `articles.rs`):
//! - `#[tauri::command] pub async fn verb_noun(state: State<'_, AppState>, ...) -> IpcResult<T>`
//!   whose body is `state.run(move |store| store.some_call(...)).await` (the store runs on
//!   the blocking pool; errors become `{code, message}`);
//! - arguments arrive in camelCase from the UI (`expectedVersion` → `expected_version`);
//! - return types come from the core and derive `ts_rs::TS`, so the UI gets them from
//!   `ui/src/lib/bindings/`;
//! - add the command to [`handler`] under its domain's comment, run `cargo test -p newsroom
//!   --lib` (it regenerates `ui/src/lib/ipc/commands.ts` from the signatures, see
//!   `typescript.rs`), and add a wrapper in `ui/src/lib/ipc/<domain>.ts` over `call`, which
//!   the generated table types: a command or argument the Rust side does not have fails
//!   `npm run typecheck`. A shell type a command returns derives `ts_rs::TS` like the core's.

pub mod app;
pub mod articles;
pub mod desk;
pub mod documents;
pub mod export;
pub mod media;
pub mod revisions;
pub mod schedule;
pub mod search;
pub mod sync;
pub mod tags;
pub mod text;
#[cfg(test)]
mod typescript;
pub mod workflow;

/// Every command the UI may invoke. Grouped by domain; keep each group in its own lines
/// so parallel additions merge cleanly.
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        // app
        app::app_status,
        app::startup_mark,
        app::remember_open_article,
        // workflow: profiles, actions, history, notes, assignment, views, checklist
        workflow::list_profiles,
        workflow::current_profile,
        workflow::create_profile,
        workflow::switch_profile,
        workflow::apply_action,
        workflow::available_actions,
        workflow::edit_rights,
        workflow::article_history,
        workflow::article_notes,
        workflow::add_note,
        workflow::assign_article,
        workflow::article_assignee,
        workflow::list_view,
        workflow::view_counts,
        workflow::get_checklist,
        workflow::set_checklist,
        workflow::check_article,
        // tags
        tags::autocomplete_tags,
        tags::check_tag_name,
        tags::create_tag,
        tags::article_tags,
        tags::set_article_tags,
        tags::list_tags,
        tags::tag_cloud,
        tags::set_tag_flag,
        tags::rename_tag,
        tags::merge_tags,
        tags::undo_tag_operation,
        tags::tag_operations,
        // articles
        articles::list_articles,
        articles::create_article,
        articles::get_article,
        articles::save_draft,
        articles::save_revision,
        articles::trash_article,
        articles::restore_article,
        articles::get_word_target,
        articles::set_word_target,
        // media: images of an article
        media::insert_image,
        media::pick_and_insert_image,
        media::article_images,
        media::describe_image,
        media::set_featured_image,
        media::remove_image_from_article,
        media::get_image_settings,
        media::set_image_settings,
        // revisions
        revisions::list_revisions,
        revisions::get_revision,
        revisions::diff_revisions,
        revisions::restore_revision,
        // documents: preview, counts, import
        documents::render_preview,
        documents::text_stats,
        documents::import_document,
        // text: typography, slugs, HTML paste
        text::apply_typography,
        text::apply_typography_plain,
        text::suggest_slug,
        text::html_to_markdown,
        // export: to a file chosen in the save dialog
        export::export_proposal,
        export::save_export,
        export::open_export_folder,
        text::slug_scheme,
        text::set_slug_scheme,
        // spelling: check, suggestions, the newsroom dictionary, the language choice
        text::check_spelling,
        text::spelling_suggestions,
        text::newsroom_words,
        text::add_newsroom_word,
        text::remove_newsroom_word,
        text::spell_language,
        text::set_spell_language,
        // sync: site account, status, sync now, conflicts
        sync::sync_connect,
        sync::sync_disconnect,
        sync::sync_status,
        sync::sync_article_states,
        sync::sync_now,
        sync::sync_retry_failed,
        sync::sync_conflicts,
        sync::sync_resolve_conflict,
        // desk: notes' travel and unread badges, assigned to me, the post lock
        desk::desk_note_deliveries,
        desk::desk_unread_notes,
        desk::desk_mark_notes_seen,
        desk::desk_assigned_to_me,
        desk::desk_site_assignment,
        desk::desk_site_people,
        desk::desk_parked,
        desk::desk_assign,
        desk::desk_lock_open,
        desk::desk_lock_close,
        // search
        search::search_articles,
        // schedule: schedules, embargo, calendar, notices, test clock
        schedule::schedule_zone_info,
        schedule::set_newsroom_zone,
        schedule::preview_schedule,
        schedule::schedule_article,
        schedule::unschedule_article,
        schedule::get_schedule,
        schedule::set_embargo,
        schedule::clear_embargo,
        schedule::get_embargo,
        schedule::schedule_calendar,
        schedule::schedule_notices,
        schedule::acknowledge_notice,
        schedule::acknowledge_all_notices,
        schedule::advance_test_clock,
    ]
}
