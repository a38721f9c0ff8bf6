//! Where the app keeps its database: `--data-dir DIR`, else `NEWSROOM_DATA_DIR`, else a
//! `newsroom` folder in the platform's data directory (`~/.local/share/newsroom` on Linux).
//!
//! Tests start the app on a temporary directory through either the flag or the variable.

use std::ffi::OsString;
use std::path::PathBuf;

pub const ENV_VAR: &str = "NEWSROOM_DATA_DIR";
pub const FLAG: &str = "--data-dir";

/// The directory named on the command line or in the environment, if any. Unknown
/// arguments are ignored: WebDriver and desktop launchers add their own.
pub fn explicit(
    args: impl IntoIterator<Item = OsString>,
    env: Option<OsString>,
) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == FLAG {
            if let Some(value) = args.next() {
                return Some(PathBuf::from(value));
            }
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(value));
        }
    }
    env.filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The platform default, or `None` when the system has no notion of a data directory
/// (no HOME); the app then shows that instead of guessing.
pub fn platform_default() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("newsroom"))
}

/// The app's folder in the platform's config directory (`$XDG_CONFIG_HOME/newsroom`, else
/// `~/.config/newsroom` on Linux), where the key to the fallback password file lives apart
/// from the data. `None` without a HOME.
pub fn config_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("newsroom"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn flag_wins_over_environment() {
        let dir = explicit(args(&["--data-dir", "/tmp/a"]), Some("/tmp/b".into()));
        assert_eq!(
            dir,
            Some(PathBuf::from("/tmp/a")),
            "the flag is the more specific request"
        );
        let dir = explicit(args(&["--x", "--data-dir=/tmp/c"]), None);
        assert_eq!(dir, Some(PathBuf::from("/tmp/c")), "--data-dir=DIR form");
    }

    #[test]
    fn environment_is_used_without_flag_and_empty_means_unset() {
        assert_eq!(
            explicit(args(&["--other"]), Some("/tmp/e".into())),
            Some(PathBuf::from("/tmp/e"))
        );
        assert_eq!(
            explicit(args(&[]), Some("".into())),
            None,
            "an empty variable must not mean the current directory"
        );
        assert_eq!(
            explicit(args(&["--data-dir"]), None),
            None,
            "a dangling flag names nothing"
        );
    }
}
