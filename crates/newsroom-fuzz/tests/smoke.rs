//! The stable-toolchain smoke run of the fuzz targets (`crates/newsroom-fuzz/src/lib.rs`):
//! a fixed list of seeds per target, then every hostile input of issue 10 as a regression
//! case. Each call must finish within [`BUDGET`] — generous, a guard against super-linear
//! blow-ups (which took tens of seconds to minutes), not a benchmark.
//!
//! The full fuzzers: `cargo +nightly fuzz run <target>` in `fuzz/` (see the README).

use newsroom_fuzz::{docx, gen, TARGETS};
use std::time::{Duration, Instant};

/// Per call, in a debug build of our crates. The blow-ups this guards against took 7–180 s.
const BUDGET: Duration = Duration::from_secs(2);
/// Generated inputs per target, and their largest size.
const SEEDS: u64 = 300;
const MAX_GENERATED_LEN: usize = 4096;

fn target(name: &str) -> fn(&[u8]) {
    TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("no target {name}"))
}

/// Runs one call and fails if it takes longer than `budget`.
fn timed(what: &str, budget: Duration, f: impl FnOnce()) -> Duration {
    let started = Instant::now();
    f();
    let took = started.elapsed();
    assert!(
        took <= budget,
        "{what} took {took:?}, more than {budget:?}: a super-linear blow-up is back"
    );
    took
}

#[test]
fn every_target_survives_its_seeds() {
    let started = Instant::now();
    let mut runs = 0u64;
    for (name, run) in TARGETS {
        for seed in 0..SEEDS {
            let mut rng = gen::Rng::new(seed ^ fnv(name));
            let input = gen::input(&mut rng, name, MAX_GENERATED_LEN);
            timed(&format!("{name} seed {seed}"), BUDGET, || run(&input));
            runs += 1;
        }
    }
    eprintln!(
        "fuzz smoke: {runs} executions over {} targets in {:?}, 0 crashes",
        TARGETS.len(),
        started.elapsed()
    );
}

/// The target name mixed into its seeds, so targets do not all see the same inputs.
fn fnv(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// (defect, target, input, budget) of every hostile input reported in issue 10 that this
/// branch fixes; sizes are those reported or scaled to keep the run short while the old
/// code would still take far past the budget.
fn regressions() -> Vec<(&'static str, &'static str, Vec<u8>, Duration)> {
    let mut cases: Vec<(&'static str, &'static str, Vec<u8>, Duration)> = Vec::new();
    let mut add = |what, target, input: Vec<u8>| cases.push((what, target, input, BUDGET));
    add(
        "1: Word list level 99999999999 (abort)",
        "paste_html",
        br#"<p style="mso-list:l0 level99999999999">x</p>"#.to_vec(),
    );
    add(
        "1: Word list level u64::MAX (capacity overflow)",
        "paste_html",
        br#"<p style="mso-list:l0 level18446744073709551615">x</p>"#.to_vec(),
    );
    // 3,000 nested tables: 1,952 bytes of .docx, 46 s and 22.5 MB before.
    let depth = 3_000;
    let nested = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a|b</w:t></w:r></w:p>".repeat(depth)
        + &"</w:tc></w:tr></w:tbl>".repeat(depth);
    add(
        "2: 3,000 nested docx tables",
        "import_docx_xml",
        doc_and_numbering(&nested, ""),
    );
    // Many lists: 60,000 took 33 s; 12,000 keep the quadratic join past the budget.
    let lists = 12_000;
    let mut numbering = String::from("<w:numbering xmlns:w=\"w\">");
    for i in 0..lists {
        numbering.push_str(&format!(
            "<w:abstractNum w:abstractNumId=\"{i}\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/></w:lvl></w:abstractNum>"
        ));
    }
    for i in 0..lists {
        numbering.push_str(&format!(
            "<w:num w:numId=\"{i}\"><w:abstractNumId w:val=\"{i}\"/></w:num>"
        ));
    }
    numbering.push_str("</w:numbering>");
    add(
        "3: 12,000 lists in numbering.xml",
        "import_docx_xml",
        doc_and_numbering("<w:p><w:r><w:t>x</w:t></w:r></w:p>", &numbering),
    );
    // 200 nested blockquotes + 100,000 <br>: 500 KB, 7.7 s and 40 MB before.
    let html = "<blockquote>".repeat(200) + &"<br>".repeat(100_000) + &"</blockquote>".repeat(200);
    add(
        "6: deep quotes and 100,000 breaks (paste)",
        "paste_html",
        html.clone().into_bytes(),
    );
    add(
        "6: the same as an .html file",
        "import_html",
        html.into_bytes(),
    );
    // A 15 KB query over a large article: 52 s at 10 MB before.
    let query = "полиция суд* \"северо запад\" ".repeat(500);
    let article = "В полиции сообщили, что суд рассмотрит дело северо запад. ".repeat(10_000);
    add(
        "7: 15 KB query over a 600 KB article",
        "search",
        [query.as_bytes(), &[0], article.as_bytes()].concat(),
    );
    add(
        "8: <ol start=4294967295>",
        "paste_html",
        br#"<ol start="4294967295"><li>a</li><li>b</li></ol>"#.to_vec(),
    );
    // Two different bodies: 10 MB each took 180 s; the diff now stops at its deadline.
    let old: String = (0..60_000).map(|i| format!("old line {i}\n")).collect();
    let new: String = (0..60_000)
        .map(|i| format!("new line {}\n", i * 7))
        .collect();
    cases.push((
        "5: two wholly different 1 MB bodies",
        "diff",
        [old.as_bytes(), &[0], new.as_bytes()].concat(),
        BUDGET + newsroom_core::revision::DIFF_DEADLINE,
    ));
    cases
}

fn doc_and_numbering(body: &str, numbering: &str) -> Vec<u8> {
    let document = format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>");
    [document.as_bytes(), &[0], numbering.as_bytes()].concat()
}

#[test]
fn every_reported_hostile_input_is_handled_in_time() {
    for (what, name, input, budget) in regressions() {
        let took = timed(what, budget, || target(name)(&input));
        eprintln!("regression {what}: {} bytes in {took:?}", input.len());
    }
}

/// The `docx` helper builds what the importer reads (so the docx cases test the XML, not
/// a broken zip).
#[test]
fn docx_helper_builds_a_real_docx() {
    let bytes = docx("<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>привет</w:t></w:r></w:p></w:body></w:document>", "");
    let doc =
        newsroom_text::import::import_bytes(&bytes, newsroom_text::import::SourceFormat::Docx, "x")
            .expect("a docx");
    assert_eq!(doc.body_markdown, "привет");
}

/// Defect 4: the preview render of deep nesting was super-quadratic in the sanitizer's parse.
#[test]
fn render_of_deep_nesting_is_handled_in_time() {
    let cases = [
        ("4: \"> - \" x 20,000", "> - ".repeat(20_000)),
        ("4: <ul><li> x 30,000", "<ul><li>".repeat(30_000)),
        ("4: 2.3 MB of &amp;", "&amp;".repeat(460_000)),
    ];
    for (what, input) in cases {
        timed(what, BUDGET, || target("render")(input.as_bytes()));
    }
}

/// The cargo-fuzz targets and this smoke run cover the same entry points.
#[test]
fn fuzz_targets_match_the_entry_points() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/fuzz_targets");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("fuzz/fuzz_targets")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".rs").map(str::to_string))
        .collect();
    files.sort();
    let mut names: Vec<String> = TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    assert_eq!(
        files, names,
        "every entry point has a cargo-fuzz target and back"
    );
    let manifest = std::fs::read_to_string(dir.join("../Cargo.toml")).expect("fuzz/Cargo.toml");
    for name in &names {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml lists {name}"
        );
    }
}
