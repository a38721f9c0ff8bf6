//! Word stems, shared by search (word forms find each other) and the spell checker's
//! newsroom dictionary (an added name accepts its declined forms).
//!
//! - [`russian_stem`]: the Snowball Russian stemmer (frostem);
//! - [`kazakh::kazakh_stem`]: a suffix stripper for Kazakh's agglutinative endings.
//!
//! Both take a folded word (lower case, ё as е: see [`crate::fold_for_match`]).

pub mod kazakh;

use frostem::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// The Snowball Russian stem of a folded word. Always a prefix of it: the stemmer only
/// removes endings.
pub fn russian_stem(folded: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::new(Algorithm::Russian))
        .stem(folded)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_forms_share_a_stem() {
        assert_eq!(russian_stem("снега"), russian_stem("снег"));
        assert_eq!(russian_stem("барыса"), russian_stem("барыс"));
        assert_ne!(russian_stem("полиция"), russian_stem("политика"));
    }
}
