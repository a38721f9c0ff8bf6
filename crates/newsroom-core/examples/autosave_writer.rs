//! Autosaves an article in a tight loop and reports each committed revision on stdout.
//!
//! The crash-safety test runs this as a child process and kills it with SIGKILL in the
//! middle of a save; it then checks that every revision reported here is in the database.
//! Usage: `autosave_writer DATABASE_FILE`

use newsroom_core::{ArticleDraft, Store, SystemClock};
use std::io::Write;
use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: autosave_writer DATABASE_FILE")?;
    let store = Store::open_file(std::path::Path::new(&path), Arc::new(SystemClock))?;
    let mut draft = ArticleDraft {
        headline: "Статья, которую пишут до последней секунды".into(),
        ..ArticleDraft::default()
    };
    let article = store.create_article(&draft)?;
    let mut version = article.version;
    let stdout = std::io::stdout();
    for i in 0u64.. {
        // Paragraphs of a few kilobytes make each transaction span several pages.
        draft.body.push_str(&format!(
            "Абзац номер {i}: «полиция» сообщает о ходе работы. {}\n\n",
            "текст ".repeat(300)
        ));
        let outcome = if i % 2 == 0 {
            store.save_revision(article.id, &draft, version)?
        } else {
            store.save_draft(article.id, &draft, version)?
        };
        version = outcome.version;
        let mut out = stdout.lock();
        writeln!(
            out,
            "{} {} {}",
            article.id,
            outcome.revision_id,
            draft.body.len()
        )?;
        out.flush()?;
    }
    Ok(())
}
