//! [`SearchIndex`]: the tantivy index beside the database, kept exactly as current as the
//! database through the change log.
//!
//! The index records, in each commit's payload, the last change-log `seq` it applied.
//! Before every search it applies whatever the log holds beyond that, so an edit the
//! database committed before the search started is always found, and its old text never
//! is. An index that is missing, damaged, from another schema version, or ahead of the
//! database (a database restored from a backup) is rebuilt from the database.

use crate::analysis;
use crate::error::{Error, Result};
use crate::schema::{Fields, SCHEMA_VERSION};
use newsroom_core::changes;
use newsroom_core::search_doc::{self, SearchDoc};
use newsroom_core::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, MutexGuard};
use tantivy::schema::Term;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

/// Changes read from the log per round trip while catching up.
const CHANGE_BATCH: usize = 2_000;
/// Articles read per round trip while rebuilding.
const REBUILD_PAGE: usize = 500;

/// How much the index writer may use; the defaults suit the desktop app.
#[derive(Debug, Clone, Copy)]
pub struct IndexOptions {
    pub threads: usize,
    pub memory_bytes: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            threads: 1,
            memory_bytes: 64 * 1024 * 1024,
        }
    }
}

/// What each commit records about itself.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
struct Payload {
    schema: u32,
    seq: i64,
}

/// How [`SearchIndex::open`] found the index, for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenState {
    /// The index was current or was caught up by replaying `replayed` changes.
    Reused { replayed: usize },
    /// The index was (re)built from the database, for the reason given.
    Rebuilt { reason: String },
}

struct Writer {
    inner: IndexWriter<TantivyDocument>,
    /// The last change-log seq applied and committed.
    applied: i64,
}

pub struct SearchIndex {
    dir: PathBuf,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    writer: Mutex<Writer>,
    /// A copy of `Writer::applied` readable without the lock, so a search with nothing to
    /// catch up never waits for a writer.
    applied: AtomicI64,
    opened: OpenState,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .field("applied", &self.applied.load(Ordering::Acquire))
            .finish()
    }
}

impl SearchIndex {
    /// Opens the index in `dir` (a folder of its own, beside the database), rebuilding it
    /// from `store` if needed, and catches it up with the change log.
    pub fn open(dir: &Path, store: &Store) -> Result<SearchIndex> {
        Self::open_with(dir, store, IndexOptions::default())
    }

    pub fn open_with(dir: &Path, store: &Store, options: IndexOptions) -> Result<SearchIndex> {
        let fields = Fields::new();
        let latest = store.db().read(changes::latest_seq)?;
        // tantivy panics (rather than erring) on some truncated files; a damaged index
        // is derived data, so it is caught here and rebuilt like any other damage.
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            try_open(dir, &fields, options)
        }))
        .unwrap_or_else(|_| Err(Reopen::Unusable("its files are damaged".into())));
        let reused = match opened {
            Ok((index, reader, writer)) if writer.applied <= latest => Ok((index, reader, writer)),
            Ok(_) => Err("it is ahead of the database, which was replaced or restored".to_string()),
            Err(Reopen::Busy) => return Err(Error::Busy),
            Err(Reopen::Unusable(reason)) => Err(reason),
        };
        let (search, state) = match reused {
            Ok((_index, reader, writer)) => {
                let search = Self::assemble(dir, fields, reader, writer);
                let replayed = search.catch_up(store)?;
                (search, OpenState::Reused { replayed })
            }
            Err(reason) => {
                tracing::warn!("rebuilding the search index in {}: {reason}", dir.display());
                clear_dir(dir)?;
                let index = Index::create_in_dir(dir, fields.schema.clone())?;
                let (reader, writer) = start(&index, options, 0)?;
                let search = Self::assemble(dir, fields, reader, writer);
                search.rebuild(store)?;
                (search, OpenState::Rebuilt { reason })
            }
        };
        Ok(SearchIndex {
            opened: state,
            ..search
        })
    }

    fn assemble(dir: &Path, fields: Fields, reader: IndexReader, writer: Writer) -> SearchIndex {
        SearchIndex {
            dir: dir.to_path_buf(),
            fields,
            reader,
            applied: AtomicI64::new(writer.applied),
            writer: Mutex::new(writer),
            opened: OpenState::Reused { replayed: 0 },
        }
    }

    pub fn opened(&self) -> &OpenState {
        &self.opened
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The last change-log seq the index reflects.
    pub fn applied_seq(&self) -> i64 {
        self.applied.load(Ordering::Acquire)
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn lock(&self) -> MutexGuard<'_, Writer> {
        // A panic mid-update leaves uncommitted work in the writer; the next catch-up
        // rolls it back (see `apply`), so the poisoned state is safe to take over.
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies every change the database committed since the index last did; returns how
    /// many changes were applied. Cheap when there are none.
    pub fn catch_up(&self, store: &Store) -> Result<usize> {
        let latest = store.db().read(changes::latest_seq)?;
        if latest == self.applied_seq() {
            return Ok(0);
        }
        let mut writer = self.lock();
        if latest < writer.applied {
            drop(writer);
            tracing::warn!("the change log is behind the search index; rebuilding it");
            self.rebuild(store)?;
            return Ok(0);
        }
        self.apply(&mut writer, store)
    }

    fn apply(&self, writer: &mut Writer, store: &Store) -> Result<usize> {
        let result = self.apply_pending(writer, store);
        if result.is_err() {
            // Leave nothing half-applied behind: the next call starts again from the
            // last commit, which the payload describes exactly.
            let _ = writer.inner.rollback();
        }
        result
    }

    fn apply_pending(&self, writer: &mut Writer, store: &Store) -> Result<usize> {
        let mut cursor = writer.applied;
        let mut applied = 0;
        loop {
            let batch = store
                .db()
                .read(|c| changes::since(c, cursor, CHANGE_BATCH))?;
            let Some(last) = batch.last() else { break };
            cursor = last.seq;
            applied += batch.len();
            let ids: BTreeSet<String> = batch.into_iter().map(|c| c.article_id).collect();
            // Re-read each article as it is now; a newer state than the change being
            // replayed is fine, since its own change comes later and is idempotent.
            let docs = store.db().read(|c| {
                ids.iter()
                    .map(|id| Ok((id.clone(), search_doc::load(c, id)?)))
                    .collect::<newsroom_core::Result<Vec<_>>>()
            })?;
            for (id, doc) in docs {
                self.replace(&writer.inner, &id, doc.as_ref())?;
            }
        }
        if cursor != writer.applied {
            self.commit(writer, cursor)?;
        }
        Ok(applied)
    }

    fn replace(
        &self,
        writer: &IndexWriter<TantivyDocument>,
        id: &str,
        doc: Option<&SearchDoc>,
    ) -> Result<()> {
        writer.delete_term(Term::from_field_text(self.fields.id, id));
        if let Some(doc) = doc {
            writer.add_document(self.fields.document(doc))?;
        }
        Ok(())
    }

    fn commit(&self, writer: &mut Writer, seq: i64) -> Result<()> {
        let payload = serde_json::to_string(&Payload {
            schema: SCHEMA_VERSION,
            seq,
        })
        .map_err(|e| Error::Index(tantivy::TantivyError::InternalError(e.to_string())))?;
        let mut prepared = writer.inner.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        writer.applied = seq;
        self.reader.reload()?;
        self.applied.store(seq, Ordering::Release);
        Ok(())
    }

    /// Re-indexes every article from the database. Searches keep seeing the old index
    /// until the rebuild commits.
    pub fn rebuild(&self, store: &Store) -> Result<()> {
        let mut writer = self.lock();
        let result = self.rebuild_locked(&mut writer, store);
        if result.is_err() {
            let _ = writer.inner.rollback();
        }
        result
    }

    fn rebuild_locked(&self, writer: &mut Writer, store: &Store) -> Result<()> {
        // Everything the log holds up to here is covered by reading the articles after
        // it; changes committed during the rebuild are replayed afterwards.
        let start_seq = store.db().read(changes::latest_seq)?;
        writer.inner.delete_all_documents()?;
        let mut after: Option<String> = None;
        loop {
            let page = store
                .db()
                .read(|c| search_doc::page_after(c, after.as_deref(), REBUILD_PAGE))?;
            let Some(last) = page.last() else { break };
            after = Some(last.id.clone());
            for doc in &page {
                writer.inner.add_document(self.fields.document(doc))?;
            }
        }
        self.commit(writer, start_seq)?;
        self.apply_pending(writer, store)?;
        Ok(())
    }

    /// Bytes the index takes on disk.
    pub fn size_on_disk(&self) -> Result<u64> {
        let mut total = 0;
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                total += entry.metadata()?.len();
            }
        }
        Ok(total)
    }

    /// Waits for background merges to finish; for benchmarks and orderly shutdown.
    pub fn close(self) -> Result<()> {
        let writer = self.writer.into_inner().unwrap_or_else(|p| p.into_inner());
        writer.inner.wait_merging_threads()?;
        Ok(())
    }
}

enum Reopen {
    Busy,
    Unusable(String),
}

/// Opens an existing index and checks that it can be trusted.
fn try_open(
    dir: &Path,
    fields: &Fields,
    options: IndexOptions,
) -> std::result::Result<(Index, IndexReader, Writer), Reopen> {
    if !dir.join("meta.json").exists() {
        return Err(Reopen::Unusable("there is no index yet".into()));
    }
    let unusable = |what: &str, e: &dyn std::fmt::Display| Reopen::Unusable(format!("{what}: {e}"));
    let index = Index::open_in_dir(dir).map_err(|e| unusable("it cannot be opened", &e))?;
    if index.schema() != fields.schema {
        return Err(Reopen::Unusable(
            "its fields differ from this version's".into(),
        ));
    }
    let metas = index
        .load_metas()
        .map_err(|e| unusable("its metadata is unreadable", &e))?;
    let payload: Payload = metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .ok_or_else(|| Reopen::Unusable("it does not say which changes it holds".into()))?;
    if payload.schema != SCHEMA_VERSION {
        return Err(Reopen::Unusable(format!(
            "it was written with search schema {}, this version uses {SCHEMA_VERSION}",
            payload.schema
        )));
    }
    match start(&index, options, payload.seq) {
        Ok((reader, writer)) => {
            // Touch every segment once, so a damaged file is found now, not mid-search.
            let searcher = reader.searcher();
            for segment in searcher.segment_readers() {
                segment
                    .inverted_index(fields.body.stemmed)
                    .map_err(|e| unusable("a segment is damaged", &e))?;
            }
            Ok((index, reader, writer))
        }
        Err(Error::Busy) => Err(Reopen::Busy),
        Err(e) => Err(unusable("it cannot be read", &e)),
    }
}

/// More threads than this gain little on a desktop and take cores from the editor.
const MAX_SEARCH_THREADS: usize = 4;

fn start(index: &Index, options: IndexOptions, applied: i64) -> Result<(IndexReader, Writer)> {
    analysis::register(index);
    // Searches visit the segments in parallel: on a large archive a query scores hundreds of
    // thousands of matches (the total is exact), and spreading the segments over the cores
    // is what keeps the p99 under 20 ms at a million articles (see BENCHMARKS.md). The
    // reader keeps its own copy of the index, so the executor is set on that copy.
    let mut searched = index.clone();
    let search_threads = std::thread::available_parallelism()
        .map(|n| n.get().min(MAX_SEARCH_THREADS))
        .unwrap_or(1);
    if search_threads > 1 {
        searched.set_multithread_executor(search_threads)?;
    }
    let reader = searched
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let threads = options.threads.max(1);
    let inner = index
        .writer_with_num_threads(
            threads,
            options.memory_bytes.max(threads * 16 * 1024 * 1024),
        )
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Busy,
            other => Error::Index(other),
        })?;
    Ok((reader, Writer { inner, applied }))
}

/// Empties the index folder before a rebuild, refusing if it holds anything that is not
/// an index (a mistyped path must never cost someone their files).
fn clear_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
        let looks_like_index = entries.is_empty()
            || entries.iter().any(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name == "meta.json" || name == ".managed.json" || name.starts_with(".tantivy")
            });
        if !looks_like_index {
            return Err(Error::ForeignDir {
                path: dir.display().to_string(),
            });
        }
        for entry in entries.drain(..) {
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                std::fs::remove_dir_all(&path)?;
            } else {
                std::fs::remove_file(&path)?;
            }
        }
    }
    std::fs::create_dir_all(dir)?;
    Ok(())
}
