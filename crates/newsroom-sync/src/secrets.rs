//! Where the application password lives: the OS secret store (Secret Service over D-Bus) when
//! one answers, otherwise a file encrypted with ChaCha20-Poly1305 whose key is kept in a
//! separate 0600 file — with a warning the user sees, because anyone who can read both files
//! can read the password. Never the database, never a log line.

use crate::error::{Result, SyncError};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SERVICE: &str = "newsroom-wordpress";
const NONCE_LEN: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SecretStore {
    Keyring,
    File,
}

impl SecretStore {
    pub fn as_str(self) -> &'static str {
        match self {
            SecretStore::Keyring => "keyring",
            SecretStore::File => "file",
        }
    }

    pub fn parse(s: &str) -> SecretStore {
        if s == "keyring" {
            SecretStore::Keyring
        } else {
            SecretStore::File
        }
    }

    /// What the user is told about where the password is.
    pub fn warning(self) -> Option<&'static str> {
        match self {
            SecretStore::Keyring => None,
            SecretStore::File => Some(
                "No system password store (Secret Service) is running, so the application password is kept in an \
                 encrypted file next to the app's data; its key is in a separate file only you can read. Anyone with \
                 access to your user account can still read it — start a keyring (GNOME Keyring, KWallet) to store it \
                 properly.",
            ),
        }
    }
}

/// Where the fallback files go. The key lives apart from the data directory (the config
/// directory), so a copied data folder alone does not reveal the password.
#[derive(Debug, Clone)]
pub struct Secrets {
    pub key_path: PathBuf,
    pub file_path: PathBuf,
    /// Tests turn the OS store off to exercise the fallback.
    pub use_keyring: bool,
}

impl Secrets {
    pub fn new(key_path: PathBuf, file_path: PathBuf) -> Secrets {
        Secrets {
            key_path,
            file_path,
            use_keyring: true,
        }
    }

    /// Stores the password under `account` ("login@site"); returns where it went.
    pub fn store(&self, account: &str, password: &str) -> Result<SecretStore> {
        if self.use_keyring && keyring_store(account, password).is_ok() {
            // A stale file copy from an earlier fallback must not linger.
            let _ = self.file_remove(account);
            return Ok(SecretStore::Keyring);
        }
        self.file_store(account, password)?;
        tracing::warn!("{}", SecretStore::File.warning().unwrap_or_default());
        Ok(SecretStore::File)
    }

    pub fn load(&self, account: &str, from: SecretStore) -> Result<String> {
        match from {
            SecretStore::Keyring => keyring_load(account),
            SecretStore::File => self.file_load(account),
        }
    }

    pub fn remove(&self, account: &str) -> Result<()> {
        if self.use_keyring {
            if let Ok(entry) = keyring::Entry::new(SERVICE, account) {
                let _ = entry.delete_credential();
            }
        }
        self.file_remove(account)
    }

    /// The fallback file's key. Only a key file that does not exist yet is created: any
    /// other failure to read it (permissions, a disk error, a damaged file) is an error that
    /// leaves the file alone, because a new key would orphan every password sealed with
    /// the old one.
    fn key(&self) -> Result<Key> {
        let bytes = match std::fs::read(&self.key_path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = ChaCha20Poly1305::generate_key(&mut OsRng);
                write_private(&self.key_path, key.as_slice())?;
                return Ok(key);
            }
            Err(e) => {
                return Err(SyncError::Secret(format!(
                    "the key file {} cannot be read ({e}); make it readable by your user (it should be \
                     mode 0600) and try again — it was left untouched, so the stored password is not lost",
                    self.key_path.display()
                )))
            }
        };
        if bytes.len() == 32 {
            return Ok(*Key::from_slice(&bytes));
        }
        Err(SyncError::Secret(format!(
            "the key file {} is damaged ({} bytes, not 32); it was left untouched — restore it from a \
             backup, or remove it and enter the application password again",
            self.key_path.display(),
            bytes.len()
        )))
    }

    fn read_all(&self) -> Result<BTreeMap<String, String>> {
        match self.read_sealed()? {
            Sealed::Missing => Ok(BTreeMap::new()),
            Sealed::Opened(map) => Ok(map),
            Sealed::Unopenable(e) => Err(e),
        }
    }

    /// Reads the password file. Failing to read it at all (permissions, a disk error) or a
    /// damaged key is an error; a file its key cannot open is reported as `Unopenable`, so
    /// that a new password can be stored without destroying it (see `file_store`).
    fn read_sealed(&self) -> Result<Sealed> {
        let data = match std::fs::read(&self.file_path) {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Sealed::Missing),
            Err(e) => {
                return Err(SyncError::Secret(format!(
                    "cannot read {}: {e}",
                    self.file_path.display()
                )))
            }
        };
        if data.len() < NONCE_LEN {
            return Ok(Sealed::Unopenable(SyncError::Secret(
                "the password file is damaged".into(),
            )));
        }
        let cipher = ChaCha20Poly1305::new(&self.key()?);
        let Ok(plain) = cipher.decrypt(Nonce::from_slice(&data[..NONCE_LEN]), &data[NONCE_LEN..])
        else {
            return Ok(Sealed::Unopenable(SyncError::Secret(
                "the password file cannot be decrypted with its key; enter the password again"
                    .into(),
            )));
        };
        Ok(match serde_json::from_slice(&plain) {
            Ok(map) => Sealed::Opened(map),
            Err(_) => Sealed::Unopenable(SyncError::Secret("the password file is damaged".into())),
        })
    }

    /// Moves a password file its key cannot open out of the way, under a name that says so,
    /// and returns where it went. It is kept, not deleted: with the old key restored from a
    /// backup, the other accounts' passwords in it can still be recovered.
    fn set_aside_unopenable(&self) -> Result<PathBuf> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut aside = self.file_path.clone();
        aside.set_extension(format!("unreadable-{stamp}"));
        std::fs::rename(&self.file_path, &aside).map_err(|e| {
            SyncError::Secret(format!(
                "cannot move the unreadable password file {} aside: {e}",
                self.file_path.display()
            ))
        })?;
        Ok(aside)
    }

    fn write_all(&self, map: &BTreeMap<String, String>) -> Result<()> {
        let cipher = ChaCha20Poly1305::new(&self.key()?);
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let plain = serde_json::to_vec(map).map_err(|e| SyncError::Secret(e.to_string()))?;
        let sealed = cipher
            .encrypt(&nonce, plain.as_slice())
            .map_err(|_| SyncError::Secret("encryption failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        write_private(&self.file_path, &out)
    }

    /// Adds or replaces one account's password. A file its key cannot open is set aside,
    /// never overwritten: writing a fresh file over it would silently drop every other
    /// account's password sealed in it.
    fn file_store(&self, account: &str, password: &str) -> Result<()> {
        let mut map = match self.read_sealed()? {
            Sealed::Missing => BTreeMap::new(),
            Sealed::Opened(map) => map,
            Sealed::Unopenable(why) => {
                let aside = self.set_aside_unopenable()?;
                tracing::warn!("{why}; the old file was kept as {}", aside.display());
                BTreeMap::new()
            }
        };
        map.insert(account.to_string(), password.to_string());
        self.write_all(&map)
    }

    fn file_load(&self, account: &str) -> Result<String> {
        self.read_all()?.remove(account).ok_or_else(|| {
            SyncError::Secret(format!(
                "no password is stored for {account}; enter it again"
            ))
        })
    }

    fn file_remove(&self, account: &str) -> Result<()> {
        if !self.file_path.exists() {
            return Ok(());
        }
        let mut map = self.read_all()?;
        if map.remove(account).is_some() {
            self.write_all(&map)?;
        }
        Ok(())
    }
}

fn keyring_store(account: &str, password: &str) -> Result<()> {
    let entry =
        keyring::Entry::new(SERVICE, account).map_err(|e| SyncError::Secret(e.to_string()))?;
    entry
        .set_password(password)
        .map_err(|e| SyncError::Secret(e.to_string()))?;
    // Read back: some stores accept a write they cannot keep (a locked collection).
    match entry.get_password() {
        Ok(back) if back == password => Ok(()),
        _ => Err(SyncError::Secret(
            "the system password store did not keep the password".into(),
        )),
    }
}

fn keyring_load(account: &str) -> Result<String> {
    keyring::Entry::new(SERVICE, account)
        .and_then(|e| e.get_password())
        .map_err(|e| {
            SyncError::Secret(format!(
                "the system password store has no password for {account}: {e}"
            ))
        })
}

/// Writes a file only the user can read (0600 from the start, then renamed into place).
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let err =
        |e: std::io::Error| SyncError::Secret(format!("cannot write {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let tmp = path.with_extension("tmp");
    {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options.open(&tmp).map_err(err)?;
        f.write_all(bytes).map_err(err)?;
        f.sync_all().map_err(err)?;
    }
    std::fs::rename(&tmp, path).map_err(err)
}

/// What the password file holds, as far as this machine can tell.
enum Sealed {
    Missing,
    Opened(BTreeMap<String, String>),
    /// Present, but its key cannot open it (sealed with another key, or damaged).
    Unopenable(SyncError),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_only(dir: &Path) -> Secrets {
        Secrets {
            key_path: dir.join("config/sync.key"),
            file_path: dir.join("data/sync-secrets.bin"),
            use_keyring: false,
        }
    }

    #[test]
    fn the_fallback_file_keeps_the_password_encrypted() {
        let dir = tempfile::tempdir().unwrap();
        let s = file_only(dir.path());
        let password = "abcd EFGH ijkl MNOP qrst UVWX";
        assert_eq!(s.store("j@site", password).unwrap(), SecretStore::File);
        assert_eq!(s.load("j@site", SecretStore::File).unwrap(), password);
        let raw = std::fs::read(&s.file_path).unwrap();
        assert!(
            !raw.windows(4).any(|w| w == b"abcd")
                && !String::from_utf8_lossy(&raw).contains("EFGH"),
            "the password must not be readable in the file"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&s.key_path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "the key file must be private to the user");
        }
        s.remove("j@site").unwrap();
        assert!(
            s.load("j@site", SecretStore::File).is_err(),
            "a removed password is gone"
        );
    }

    #[test]
    fn an_unreadable_or_damaged_key_is_an_error_never_a_new_key() {
        let dir = tempfile::tempdir().unwrap();
        let s = file_only(dir.path());
        s.store("a", "secret-1").unwrap();
        let key = std::fs::read(&s.key_path).unwrap();
        // A key path that cannot be read as a file (here: a directory, which fails even
        // for root) must not be replaced by a fresh key.
        std::fs::remove_file(&s.key_path).unwrap();
        std::fs::create_dir(&s.key_path).unwrap();
        let err = s.store("b", "secret-2").unwrap_err();
        assert!(err.to_string().contains("cannot be read"), "{err}");
        assert!(
            s.key_path.is_dir(),
            "the unreadable key path is left as it was"
        );
        std::fs::remove_dir(&s.key_path).unwrap();
        std::fs::write(&s.key_path, &key).unwrap();
        assert_eq!(
            s.load("a", SecretStore::File).unwrap(),
            "secret-1",
            "with its key back, the stored password is still there"
        );
        // A key file without read permission (the common real case) is kept as well. Root
        // reads it anyway, so this part only runs where permissions bite.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&s.key_path, std::fs::Permissions::from_mode(0o000)).unwrap();
            if std::fs::read(&s.key_path).is_err() {
                let err = s.store("b", "secret-2").unwrap_err();
                assert!(err.to_string().contains("cannot be read"), "{err}");
                std::fs::set_permissions(&s.key_path, std::fs::Permissions::from_mode(0o600))
                    .unwrap();
                assert_eq!(std::fs::read(&s.key_path).unwrap(), key, "the key is kept");
            }
            std::fs::set_permissions(&s.key_path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        // A damaged key file stays byte for byte as it was.
        std::fs::write(&s.key_path, b"short").unwrap();
        let err = s.load("a", SecretStore::File).unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
        s.store("c", "secret-3").unwrap_err();
        assert_eq!(std::fs::read(&s.key_path).unwrap(), b"short");
        std::fs::write(&s.key_path, &key).unwrap();
        assert_eq!(s.load("a", SecretStore::File).unwrap(), "secret-1");
    }

    #[test]
    fn storing_over_a_file_its_key_cannot_open_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let s = file_only(dir.path());
        s.store("a@site-one", "secret-1").unwrap();
        let sealed = std::fs::read(&s.file_path).unwrap();
        let key = std::fs::read(&s.key_path).unwrap();
        // The key was replaced (a restored backup of the config folder, say): the file no
        // longer opens. Storing another account's password must not destroy it.
        std::fs::write(&s.key_path, [7u8; 32]).unwrap();
        s.store("b@site-two", "secret-2").unwrap();
        assert_eq!(s.load("b@site-two", SecretStore::File).unwrap(), "secret-2");
        let kept: Vec<_> = std::fs::read_dir(s.file_path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains("unreadable"))
            .collect();
        assert_eq!(
            kept.len(),
            1,
            "the unopenable file is kept beside the new one"
        );
        assert_eq!(
            std::fs::read(&kept[0]).unwrap(),
            sealed,
            "the kept file is byte for byte the old one"
        );
        // With the old key back, the kept file still yields the first password.
        let old = Secrets {
            key_path: dir.path().join("old.key"),
            file_path: kept[0].clone(),
            use_keyring: false,
        };
        std::fs::write(&old.key_path, &key).unwrap();
        assert_eq!(
            old.load("a@site-one", SecretStore::File).unwrap(),
            "secret-1"
        );
    }

    #[test]
    fn a_wrong_key_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let s = file_only(dir.path());
        s.store("a", "secret-1").unwrap();
        std::fs::write(&s.key_path, [7u8; 32]).unwrap();
        let err = s.load("a", SecretStore::File).unwrap_err();
        assert!(err.to_string().contains("cannot be decrypted"), "{err}");
        assert!(!err.to_string().contains("secret-1"));
    }
}
