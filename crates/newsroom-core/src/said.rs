//! A sentence for the user that the interface translates: a message key of the UI's
//! catalog with its arguments, and the English sentence as the fallback (shown when the UI
//! does not know the key, and written to logs).
//!
//! The core speaks English in its errors; what reaches the user in another language goes
//! through here: workflow refusals, schedule problems and warnings.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Said {
    /// A key of the UI's message catalog, e.g. `refusal.role_cannot`.
    pub key: String,
    pub args: BTreeMap<String, SaidArg>,
    /// The English sentence.
    pub text: String,
}

/// An argument: a number (the UI picks plural forms by it), text shown as it is (a
/// headline, a zone, a time), another message key the UI translates first (a state, a
/// role, an action), or a duration the UI writes its own way ("47 минут", "50 ч 35 мин").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum SaidArg {
    Count(#[ts(type = "number")] i64),
    Text(String),
    Key {
        key: String,
    },
    Duration {
        #[ts(type = "number")]
        minutes: i64,
    },
}

impl Said {
    pub fn new(key: &str, text: impl Into<String>) -> Said {
        Said {
            key: key.to_string(),
            args: BTreeMap::new(),
            text: text.into(),
        }
    }

    /// A sentence with no translation: the UI shows `text` as it is.
    pub fn plain(text: impl Into<String>) -> Said {
        Said::new("", text)
    }

    pub fn count(mut self, name: &str, n: i64) -> Said {
        self.args.insert(name.to_string(), SaidArg::Count(n));
        self
    }

    pub fn text(mut self, name: &str, value: impl Into<String>) -> Said {
        self.args
            .insert(name.to_string(), SaidArg::Text(value.into()));
        self
    }

    pub fn duration(mut self, name: &str, d: chrono::Duration) -> Said {
        self.args.insert(
            name.to_string(),
            SaidArg::Duration {
                minutes: d.num_minutes(),
            },
        );
        self
    }

    pub fn key(mut self, name: &str, key: impl Into<String>) -> Said {
        self.args
            .insert(name.to_string(), SaidArg::Key { key: key.into() });
        self
    }

    /// The form kept in a text column (a failed publish's reason), so the UI can word it
    /// in its own language when it is shown days later.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| self.text.clone())
    }

    /// Reads [`Said::to_stored`]'s form back. A column written before sentences were kept
    /// this way holds plain English, which comes back as a plain sentence.
    pub fn from_stored(stored: &str) -> Said {
        serde_json::from_str(stored)
            .ok()
            .filter(|said: &Said| !said.text.is_empty())
            .unwrap_or_else(|| Said::plain(stored))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_serialize_as_the_ui_reads_them() {
        let said = Said::new("refusal.role_cannot", "journalists cannot approve articles")
            .key("role", "refusal.role.journalist")
            .count("count", 5)
            .duration("ago", chrono::Duration::minutes(125))
            .text("headline", "«Барыс»");
        let json = serde_json::to_value(&said).expect("serialize");
        assert_eq!(
            json,
            serde_json::json!({
                "key": "refusal.role_cannot",
                "args": {
                    "ago": {"minutes": 125},
                    "count": 5,
                    "headline": "«Барыс»",
                    "role": {"key": "refusal.role.journalist"}
                },
                "text": "journalists cannot approve articles"
            }),
            "the UI tells a key argument from text by its shape, and picks plurals by numbers"
        );
    }

    #[test]
    fn a_stored_sentence_comes_back_whole_and_old_plain_text_stays_readable() {
        let said = Said::new("refusal.embargo", "under embargo until 10:00")
            .text("until", "10:00")
            .count("n", 3)
            .key("state", "status.draft")
            .duration("late", chrono::Duration::minutes(7));
        assert_eq!(Said::from_stored(&said.to_stored()), said);
        let old = "the scheduler could not publish it: article 1 was not found";
        assert_eq!(Said::from_stored(old), Said::plain(old));
        assert_eq!(
            Said::from_stored("{}"),
            Said::plain("{}"),
            "JSON that is not a sentence"
        );
    }
}
