//! The image files in the data directory, named by content.
//!
//! `images/ab/<hash>.jpg` is the web copy whose SHA-256 is `<hash>` (`ab` its first two
//! digits, so no folder grows huge), `<hash>.thumb.jpg` its thumbnail and
//! `<hash>.original.<ext>` the untouched original where one was kept. A file is written to
//! a temporary name and renamed, so a crash leaves either the whole file or none; writing
//! the same content twice is harmless, which is what makes the store safe to retry.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The lowercase hex SHA-256 of `bytes`: an image's name.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// Whether `text` has the shape of an image hash (so it can go into a path safely).
pub fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Which of an image's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Web,
    Thumb,
    Original,
}

/// The folder the image files live in (normally `images/` in the data directory).
#[derive(Debug, Clone)]
pub struct ImageFiles {
    root: PathBuf,
}

impl ImageFiles {
    pub fn new(root: impl Into<PathBuf>) -> ImageFiles {
        ImageFiles { root: root.into() }
    }

    /// The image folder of a data directory.
    pub fn in_data_dir(data_dir: &Path) -> ImageFiles {
        ImageFiles::new(data_dir.join("images"))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where one file of an image lives. `hash` must be a hash ([`is_hash`]) and `ext` one of
    /// ours; both come from the image's row.
    pub fn path(&self, hash: &str, variant: Variant, ext: &str) -> Result<PathBuf> {
        if !is_hash(hash) || !ext.bytes().all(|b| b.is_ascii_lowercase()) || ext.is_empty() {
            return Err(Error::Invalid(format!(
                "{hash:.80}.{ext:.10} is not an image file name"
            )));
        }
        let name = match variant {
            Variant::Web => format!("{hash}.{ext}"),
            Variant::Thumb => format!("{hash}.thumb.{ext}"),
            Variant::Original => format!("{hash}.original.{ext}"),
        };
        Ok(self.root.join(&hash[..2]).join(name))
    }

    /// Writes a file unless it is already there (same name, same content).
    pub fn put(&self, hash: &str, variant: Variant, ext: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.path(hash, variant, ext)?;
        if path.is_file() {
            return Ok(path);
        }
        let dir = path.parent().expect("an image path has a folder");
        fs::create_dir_all(dir).map_err(storage)?;
        let temporary = dir.join(format!(
            ".{}.{}.partial",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("image"),
            std::process::id()
        ));
        let written = (|| {
            let mut file = fs::File::create(&temporary)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            fs::rename(&temporary, &path)
        })();
        if let Err(err) = written {
            let _ = fs::remove_file(&temporary);
            return Err(storage(err));
        }
        Ok(path)
    }

    pub fn read(&self, hash: &str, variant: Variant, ext: &str) -> Result<Vec<u8>> {
        let path = self.path(hash, variant, ext)?;
        fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::not_found("image file", path.display()),
            _ => storage(e),
        })
    }

    /// Removes a file; one already gone is fine.
    pub fn remove(&self, hash: &str, variant: Variant, ext: &str) -> Result<()> {
        let path = self.path(hash, variant, ext)?;
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(storage(e)),
            _ => Ok(()),
        }
    }
}

fn storage(err: std::io::Error) -> Error {
    Error::Storage(format!(
        "the image could not be written to the data folder: {err}"
    ))
}
