//! Build script of the desktop package (the root `Cargo.toml` points here).
//!
//! `tauri.conf.json` sits at the repository root, next to the manifest, so the default
//! config lookup works; only the capabilities live under `src-tauri/`.

fn main() {
    // The built UI is embedded into the binary; without this a new or changed file in
    // ui/dist would not trigger a rebuild and the app would serve a stale UI.
    println!("cargo:rerun-if-changed=ui/dist");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    if let Err(error) = tauri_build::try_build(attributes) {
        // tauri-build's own message names the config key that is wrong; the note tells a
        // newcomer the usual cause.
        panic!("tauri-build failed: {error:#}\n(is ui/dist missing? build the UI first: npm --prefix ui run build)");
    }
}
