//! The Newsroom desktop shell: wires the domain core to a Tauri window.
//!
//! Everything a newsroom does lives in `newsroom-core`; this crate only opens the store,
//! registers the commands (`commands/`) and starts the window.

pub mod clock;
pub mod commands;
pub mod data_dir;
pub mod error;
pub mod navigation;
pub mod services;
pub mod startup;
pub mod state;

use state::AppState;

pub fn run() {
    let dir = data_dir::explicit(
        std::env::args_os().skip(1),
        std::env::var_os(data_dir::ENV_VAR),
    )
    .or_else(data_dir::platform_default);
    // The store is opened before the window so the first command already finds it; a
    // failure is kept in the state and shown by the UI instead of aborting.
    let state = AppState::open(dir);
    let result = tauri::Builder::default()
        .plugin(navigation::guard())
        // The save dialog for exports, opened from Rust only (commands/export.rs); the
        // capability file grants the page none of the plugin's commands.
        .plugin(tauri_plugin_dialog::init())
        // Stored images for the preview and the media panel: read-only, by hash
        // (commands/media.rs); the CSP's img-src allows this scheme and nothing new else.
        .register_asynchronous_uri_scheme_protocol(
            commands::media::PROTOCOL,
            |ctx, request, responder| {
                let app = ctx.app_handle().clone();
                tauri::async_runtime::spawn_blocking(move || {
                    use tauri::Manager;
                    let state = app.state::<AppState>();
                    responder.respond(commands::media::serve(&state, &request));
                });
            },
        )
        .manage(state)
        .manage(services::Services::default())
        .manage(commands::export::ExportState::default())
        // The scheduler, the sync engine and the search index wait for the window's first
        // paint (services.rs).
        .setup(|app| {
            services::start_after_first_paint(app.handle());
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("newsroom: the window could not be started: {err}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod layers {
    /// The shell's lower modules (what every command needs) never reach up into a command
    /// module: the state once opened the store on a clock kept in `commands/schedule.rs`,
    /// which called into `commands/sync.rs`, which needs the state — a circle.
    #[test]
    fn lower_modules_never_import_the_commands() {
        let lower = [
            ("clock.rs", include_str!("clock.rs")),
            ("data_dir.rs", include_str!("data_dir.rs")),
            ("error.rs", include_str!("error.rs")),
            ("navigation.rs", include_str!("navigation.rs")),
            ("services.rs", include_str!("services.rs")),
            ("startup.rs", include_str!("startup.rs")),
            ("state.rs", include_str!("state.rs")),
        ];
        for (name, source) in lower {
            assert!(
                !source.contains("crate::commands") && !source.contains("super::commands"),
                "{name} imports a command module"
            );
        }
    }
}
