#![no_main]
// See crates/newsroom-fuzz/src/lib.rs for what this target asserts.
libfuzzer_sys::fuzz_target!(|data: &[u8]| newsroom_fuzz::handover(data));
