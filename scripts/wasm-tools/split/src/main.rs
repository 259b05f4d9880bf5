//! `rost-wasm-split <input.wasm> <out-dir> <main-out.wasm>`: splits the frontend's raw rustc
//! WASM (linked with `--emit-relocs`) before wasm-bindgen runs on the main module.
//!
//! Writes into `<out-dir>` the chunks (`<split>.wasm`), the loader
//! `__wasm_split.______________________.js` that imports `./rost.js` (wasm-bindgen's glue, written
//! next to it later), and `__wasm_split_manifest.json`, the chunks each split needs, from which
//! Leptos' `HydrationScripts` preloads the chunks of a lazily rendered page.

use std::path::PathBuf;

use eyre::{bail, Result, WrapErr};

/// The loader's name is fixed because Leptos looks it up by this name (with file hashing off).
const LINK_NAME: &str = "./__wasm_split.______________________.js";
/// wasm-bindgen's JS for the main module, as `--out-name rost` writes it.
const MAIN_MODULE: &str = "./rost.js";
const MANIFEST: &str = "__wasm_split_manifest.json";
/// Chunks with less code than this (bytes of function bodies before wasm-opt) are merged into a
/// larger chunk loaded with them, or the main module (the vendored crate's patch). Measured
/// (docs/benchmarks.md): 2,000 B cuts the cabinet's 136 files to 17 and its first load by 7 %,
/// with the main module 1 % larger; larger values load more unneeded code per page.
const MERGE_CHUNKS_BELOW: usize = 2_000;
/// Code needed by this many split points or more (of 25, one per lazy route) goes to the main
/// module: in one module with the framework it compresses better than in chunks, so the lazy
/// pages' first loads shrink by 3-4 % while the landing's grows by about 40 KB
/// (docs/benchmarks.md).
const MAIN_FROM_SPLITS: usize = 12;

/// A setting from the environment, for measuring others without rebuilding.
fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() -> Result<()> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [input, out_dir, main_out] = args.as_slice() else {
        bail!("usage: rost-wasm-split <input.wasm> <out-dir> <main-out.wasm>");
    };
    let wasm = std::fs::read(input).wrap_err_with(|| format!("reading {}", input.display()))?;
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = out_dir;
    options.main_out_path = main_out;
    options.link_name = LINK_NAME;
    options.main_module = MAIN_MODULE;
    options.merge_chunks_below = env_or("ROST_SPLIT_MERGE_BELOW", MERGE_CHUNKS_BELOW);
    options.main_from_splits = env_or("ROST_SPLIT_MAIN_FROM", MAIN_FROM_SPLITS);
    let split = wasm_split_cli_support::transform(options)?;
    let manifest = out_dir.join(MANIFEST);
    std::fs::write(&manifest, serde_json::to_string_pretty(&split.prefetch_map)?)
        .wrap_err_with(|| format!("writing {}", manifest.display()))?;
    println!("split: {} chunk(s)", split.split_modules.len());
    Ok(())
}
