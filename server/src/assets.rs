//! The hashed static bundle written by `scripts/build-assets.sh`.

use std::path::Path;

use serde::Deserialize;

/// `target/site/manifest.json`: where the content-hashed WASM/JS bundle and the stylesheet are.
#[derive(Debug, Clone, Deserialize)]
pub struct AssetManifest {
    /// The bundle's folder under the site root, `pkg/<hash>`: the split loader and the lazy chunks
    /// refer to each other by fixed names, so the folder carries the hash instead of the files.
    pub site_pkg_dir: String,
    /// Base name shared by `{site_pkg_dir}/{output_name}.js` and `{output_name}_bg.wasm`.
    pub output_name: String,
    pub stylesheet: String,
}

impl AssetManifest {
    /// Reads the manifest; without one the pages still render but stay static, which is logged.
    pub fn load(site_root: &Path) -> Option<Self> {
        let path = site_root.join("manifest.json");
        match std::fs::read_to_string(&path).map(|text| serde_json::from_str::<AssetManifest>(&text)) {
            Ok(Ok(manifest)) => Some(manifest),
            Ok(Err(error)) => {
                tracing::warn!(path = %path.display(), %error, "the asset manifest is malformed; serving pages without the WASM bundle");
                None
            }
            Err(_) => {
                tracing::warn!(
                    path = %path.display(),
                    "no asset manifest: the WASM bundle is not built (run scripts/build-assets.sh); pages will not be interactive"
                );
                None
            }
        }
    }
}
