//! Whom an article can be assigned to: the site's users who may write posts, as WordPress
//! lists them to an editor (`/wp/v2/users?who=authors`). The list last read is kept here, so
//! an editor can assign offline; the assignment goes out with a later round.

use crate::error::{Result, SyncError};
use crate::mirror;
use crate::secrets::Secrets;
use crate::site::blocking;
use newsroom_core::Store;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;
use ts_rs::TS;

/// Where the list last read is kept (sync_state key).
const CACHE: &str = "desk.site_users";
const PAGE: u32 = 100;
/// A site that keeps answering with full pages is cut off here (a newsroom has dozens).
const MAX_USERS: usize = 2_000;
/// Longer names are cut: a name is a label in a menu, not a place for a colleague's essay.
const MAX_NAME_CHARS: usize = 120;

/// A WordPress user an article can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SiteUser {
    #[ts(type = "number")]
    pub id: u64,
    pub name: String,
}

/// The people the assignment menu offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SitePeople {
    /// A site account is set up.
    pub connected: bool,
    /// Whether assignments travel between machines at all (a site with the companion plugin).
    pub shared: bool,
    /// The account may assign (an editor's; the site refuses a contributor's).
    pub may_assign: bool,
    pub users: Vec<SiteUser>,
    /// Why the list could not be read afresh (it is the one last read), if so.
    pub stale: Option<String>,
}

/// The site's people: read afresh when the site answers, else the list last read.
pub async fn site_people(store: &Arc<Store>, secrets: &Secrets) -> Result<SitePeople> {
    let account = blocking(store, |s| s.db().read(crate::account::load)).await?;
    let Some(account) = account else {
        return Ok(SitePeople {
            connected: false,
            shared: false,
            may_assign: false,
            users: Vec::new(),
            stale: None,
        });
    };
    let shared = account.plugin_version.is_some();
    let may_assign = account.role == "editor";
    let fresh = match crate::engine::connect_site(store, secrets).await {
        Ok(site) => read_users(&site.client).await,
        Err(e) => Err(e),
    };
    match fresh {
        Ok(users) => {
            // A list of numbers and strings always serializes.
            let json = serde_json::to_string(&users).unwrap_or_else(|_| "[]".into());
            blocking(store, move |s| {
                s.db().write(|tx| mirror::set_value(tx, CACHE, &json))
            })
            .await?;
            Ok(SitePeople {
                connected: true,
                shared,
                may_assign,
                users,
                stale: None,
            })
        }
        Err(e @ SyncError::Store(_)) => Err(e),
        Err(e) => {
            let users = blocking(store, |s| s.db().read(|c| mirror::get_value(c, CACHE)))
                .await?
                .and_then(|v| serde_json::from_str::<Vec<SiteUser>>(&v).ok())
                .unwrap_or_default();
            Ok(SitePeople {
                connected: true,
                shared,
                may_assign,
                users,
                stale: Some(e.to_string()),
            })
        }
    }
}

async fn read_users(client: &crate::wp::WpClient) -> Result<Vec<SiteUser>> {
    let mut users = Vec::new();
    let mut page = 1u32;
    loop {
        let query = [
            ("who", "authors".to_string()),
            ("per_page", PAGE.to_string()),
            ("page", page.to_string()),
            ("orderby", "name".to_string()),
            ("_fields", "id,name".to_string()),
        ];
        let answer = client.get("/wp/v2/users", &query).await?;
        let items = answer
            .json
            .as_array()
            .ok_or_else(|| SyncError::BadResponse("the user list is not a list".into()))?;
        users.extend(items.iter().filter_map(user_from_json));
        let pages = answer.total_pages.unwrap_or(1);
        if page >= pages || items.len() < PAGE as usize || users.len() >= MAX_USERS {
            break;
        }
        page += 1;
    }
    users.truncate(MAX_USERS);
    let mut seen = std::collections::HashSet::new();
    users.retain(|u| seen.insert(u.id));
    users.sort_by_key(|u| u.name.to_lowercase());
    Ok(users)
}

/// One user of the list; an entry without a number or a name is left out, not the list.
fn user_from_json(v: &Value) -> Option<SiteUser> {
    let id = v.get("id")?.as_u64()?;
    let name = crate::wp::types::unescape_html(v.get("name")?.as_str()?.trim());
    if name.is_empty() {
        return None;
    }
    let name = if name.chars().count() > MAX_NAME_CHARS {
        let cut: String = name.chars().take(MAX_NAME_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        name
    };
    Some(SiteUser { id, name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_hostile_user_entry_is_left_out_or_cut_never_the_list() {
        assert_eq!(
            user_from_json(&json!({"id": 7, "name": "Айгерим &amp; Co"})),
            Some(SiteUser {
                id: 7,
                name: "Айгерим & Co".into()
            })
        );
        assert_eq!(user_from_json(&json!({"id": "7", "name": "x"})), None);
        assert_eq!(user_from_json(&json!({"id": 7, "name": "  "})), None);
        assert_eq!(user_from_json(&json!({"id": 7})), None);
        assert_eq!(user_from_json(&json!([1, 2])), None);
        let long = user_from_json(&json!({"id": 8, "name": "слово ".repeat(100)})).expect("cut");
        assert_eq!(long.name.chars().count(), MAX_NAME_CHARS);
        assert!(long.name.ends_with('…'));
    }
}
