//! The folder an export was last saved to, remembered per profile so the next save dialog
//! opens there (two people sharing the app keep their own folders).
//!
//! The value lives in the `settings` table, reached only through `crate::settings`.

use crate::error::{Error, Result};
use crate::profile;
use crate::store::Store;
use rusqlite::Connection;

/// Longer than any real path (Linux's PATH_MAX is 4096 bytes); a longer value is refused
/// rather than stored.
const MAX_FOLDER_BYTES: usize = 4096;

/// `export.folder.<profile id>`, or `export.folder` before anyone chose a profile.
fn key(conn: &Connection) -> Result<String> {
    Ok(match profile::current(conn)? {
        Some(p) => format!("export.folder.{}", p.id),
        None => "export.folder".to_string(),
    })
}

impl Store {
    /// The folder the current profile last exported to, as it was stored (the caller checks
    /// that it still exists before proposing it).
    pub fn export_folder(&self) -> Result<Option<String>> {
        self.db()
            .read(|conn| crate::settings::get(conn, &key(conn)?))
    }

    /// Remembers `folder` as the current profile's export folder.
    pub fn remember_export_folder(&self, folder: &str) -> Result<()> {
        if folder.trim().is_empty() || folder.contains('\0') {
            return Err(Error::Invalid("an export folder needs a path".into()));
        }
        if folder.len() > MAX_FOLDER_BYTES {
            return Err(Error::Invalid(format!(
                "an export folder path is at most {MAX_FOLDER_BYTES} bytes"
            )));
        }
        self.db()
            .write(|tx| crate::settings::put(tx, &key(tx)?, folder))
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Role;
    use crate::store::Store;

    #[test]
    fn each_profile_keeps_its_own_folder() {
        let store = Store::in_memory().expect("in-memory store");
        assert_eq!(
            store.export_folder().expect("read"),
            None,
            "nothing remembered yet"
        );
        let first = store
            .create_profile("Айгерим", Role::Journalist)
            .expect("first profile");
        store
            .remember_export_folder("/home/a/Статьи")
            .expect("remember");
        let second = store
            .create_profile("Марат", Role::Editor)
            .expect("second profile");
        store.switch_profile(second.id).expect("switch");
        assert_eq!(
            store.export_folder().expect("read"),
            None,
            "another person must not be offered the first one's folder"
        );
        store.remember_export_folder("/home/m").expect("remember");
        store.switch_profile(first.id).expect("switch back");
        assert_eq!(
            store.export_folder().expect("read").as_deref(),
            Some("/home/a/Статьи"),
            "the folder comes back for the person who chose it"
        );
    }

    #[test]
    fn an_empty_or_huge_folder_is_refused() {
        let store = Store::in_memory().expect("in-memory store");
        assert!(store.remember_export_folder("  ").is_err());
        assert!(store.remember_export_folder("/a\0b").is_err());
        assert!(store.remember_export_folder(&"/x".repeat(3000)).is_err());
        assert_eq!(store.export_folder().expect("read"), None);
    }
}
