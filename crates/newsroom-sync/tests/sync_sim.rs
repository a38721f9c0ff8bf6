//! The seeded randomized sync simulation against a real WordPress: a journalist's and an
//! editor's app (own databases, own WordPress accounts with their roles), each behind a
//! fault proxy, the site's own users editing over REST and inside WordPress, a hostile
//! colleague, offline periods, a skewed clock and rounds cut off mid-way. After the steps:
//! faults off, rounds until idle, every open conflict resolved; then the invariants
//! (`sim::invariants::check`).
//!
//! Run (needs root and WordPress, like tests/wordpress.rs):
//!   cargo test -p newsroom-sync --test sync_sim -- --ignored --nocapture
//! Short profile by default (three seeds × 70 steps, plugin site). Replay or go long:
//!   SIM_SEED=11 SIM_STEPS=2000 [SIM_SITE=stock] cargo test … (SIM_SEEDS=a,b,c for several).
//! On failure the seed and the whole step log are printed. A replay takes the same random
//! decisions as long as the site answers the same (post ids, timing of a cut-off round).
//! `SIM_WATCH=<step>` follows the article written at that step: every change of its state in
//! each app (trashed, linked post, the base's status, outbox row) is printed as it happens.

mod common;
mod sim;

use common::{serial, Wp};
use sim::rng::Rng;
use sim::{Stats, World};

const SHORT_SEEDS: [u64; 3] = [1, 2, 3];
const SHORT_STEPS: usize = 70;

fn seeds() -> Vec<u64> {
    if let Ok(s) = std::env::var("SIM_SEED") {
        return vec![s.trim().parse().expect("SIM_SEED is a number")];
    }
    if let Ok(s) = std::env::var("SIM_SEEDS") {
        return s
            .split(',')
            .map(|x| x.trim().parse().expect("SIM_SEEDS are numbers"))
            .collect();
    }
    SHORT_SEEDS.to_vec()
}

fn steps() -> usize {
    std::env::var("SIM_STEPS")
        .ok()
        .map(|s| s.trim().parse().expect("SIM_STEPS is a number"))
        .unwrap_or(SHORT_STEPS)
}

/// Runs one seed: its figures, and the violations with the step log if any.
async fn run(seed: u64, steps: usize, plugin: bool) -> (Stats, Option<String>) {
    let wp = Wp::start(plugin);
    let mut world = World::new(wp, plugin).await;
    let mut rng = Rng::new(seed);
    let mut watch = sim::watch::Watch::from_env();
    for i in 0..steps {
        world.step = i;
        world.stats.steps += 1;
        sim::steps::step(&mut world, &mut rng).await;
        watch.look(&mut world).await;
    }
    world.step = steps;
    let mut violations = sim::invariants::quiesce(&mut world, &mut rng).await;
    world.stats.violations += violations.len() as u64;
    violations.extend(sim::invariants::check(&mut world).await);
    if violations.is_empty() {
        (world.stats, None)
    } else {
        let report = format!(
            "seed {seed}, {steps} steps, site {}: {} violation(s)\n  {}\n\nstep log:\n{}\n\nreplay: SIM_SEED={seed} SIM_STEPS={steps}{} cargo test -p newsroom-sync --test sync_sim -- --ignored --nocapture",
            if plugin { "plugin" } else { "stock" },
            violations.len(),
            violations.join("\n  "),
            world.log.join("\n"),
            if plugin { "" } else { " SIM_SITE=stock" }
        );
        (world.stats, Some(report))
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn randomized_multi_client_sync_keeps_every_invariant() {
    let _g = serial().await;
    let plugin = std::env::var("SIM_SITE").map_or(true, |s| s != "stock");
    let steps = steps();
    let started = std::time::Instant::now();
    let mut total = Stats::default();
    let mut failures = Vec::new();
    for seed in seeds() {
        let (stats, failed) = run(seed, steps, plugin).await;
        println!("seed {seed}: {stats:?}");
        total.add(&stats);
        if let Some(report) = failed {
            println!("{report}");
            failures.push(seed);
        }
    }
    println!(
        "sync simulation ({} site): {total:?}, {:.0} s",
        if plugin { "plugin" } else { "stock" },
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "seeds {failures:?} broke an invariant (their step logs are above)"
    );
}
