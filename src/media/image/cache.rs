//! Fetched pictures on disk, one file per address (named by its hash), under a size cap: past it
//! the files used longest ago go first (reading a picture marks it used). Blocking file I/O.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// The picture cache in one folder.
#[derive(Debug, Clone)]
pub struct ImageCache {
    dir: PathBuf,
    max_bytes: u64,
}

impl ImageCache {
    /// A cache in `dir` (made when first written) of at most `max_bytes`; 0 keeps nothing.
    pub fn new(dir: impl Into<PathBuf>, max_bytes: u64) -> ImageCache {
        ImageCache {
            dir: dir.into(),
            max_bytes,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, url: &str) -> PathBuf {
        let digest = Sha256::digest(url.as_bytes());
        let name: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        self.dir.join(name)
    }

    /// The cached bytes of `url`, marked as just used.
    pub fn get(&self, url: &str) -> Option<Vec<u8>> {
        let path = self.path(url);
        let bytes = std::fs::read(&path).ok()?;
        if let Ok(file) = std::fs::File::options().write(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(bytes)
    }

    /// Keeps `bytes` as `url`'s picture, then makes room under the cap.
    pub fn put(&self, url: &str, bytes: &[u8]) -> std::io::Result<()> {
        if self.max_bytes == 0 || bytes.len() as u64 > self.max_bytes {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path(url);
        // Written whole under another name first: a reader never sees half a picture.
        let mut partial = path.clone().into_os_string();
        partial.push(".tmp");
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, &path)?;
        self.evict()
    }

    /// Removes the files used longest ago until the folder holds at most the cap.
    fn evict(&self) -> std::io::Result<()> {
        let mut files: Vec<(SystemTime, u64, PathBuf)> = std::fs::read_dir(&self.dir)?
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let meta = entry.metadata().ok().filter(std::fs::Metadata::is_file)?;
                Some((meta.modified().ok()?, meta.len(), entry.path()))
            })
            .collect();
        let mut total: u64 = files.iter().map(|(_, len, _)| len).sum();
        files.sort();
        for (_, len, path) in files {
            if total <= self.max_bytes {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn pictures_come_back_and_the_oldest_go_past_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ImageCache::new(dir.path().join("images"), 250);
        assert_eq!(cache.get("https://x.example/a.png"), None);
        cache.put("https://x.example/a.png", &[1; 100]).unwrap();
        let old = SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(cache.path("https://x.example/a.png"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        cache.put("https://x.example/b.png", &[2; 100]).unwrap();
        assert_eq!(
            cache.get("https://x.example/a.png"),
            Some(vec![1; 100]),
            "read: now the newest"
        );
        std::fs::File::options()
            .write(true)
            .open(cache.path("https://x.example/b.png"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        cache.put("https://x.example/c.png", &[3; 100]).unwrap();
        assert_eq!(
            cache.get("https://x.example/b.png"),
            None,
            "the one used longest ago went"
        );
        assert!(cache.get("https://x.example/a.png").is_some());
        assert!(cache.get("https://x.example/c.png").is_some());
        cache.put("https://x.example/huge.png", &[4; 300]).unwrap();
        assert_eq!(
            cache.get("https://x.example/huge.png"),
            None,
            "larger than the cap: not kept"
        );
    }
}
