//! `folio demo` without `--db`: its database lives in a temporary folder of a name nobody can
//! guess beforehand, and the folder goes when the demo ends.
#![allow(clippy::unwrap_used)]

use std::process::{Command, Stdio};

#[test]
fn the_demo_database_folder_has_an_unguessable_name_and_is_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--config")
        .arg(&config)
        .args(["demo", "--no-tui"])
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let db = stdout
        .trim_end()
        .rsplit_once(" and stored in ")
        .map(|(_, path)| std::path::PathBuf::from(path))
        .unwrap_or_else(|| panic!("no database path in {stdout:?}"));
    let folder = db.parent().unwrap();
    assert_eq!(
        folder.parent(),
        Some(tmp.path()),
        "in the temporary folder: {stdout}"
    );
    let name = folder.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("folio-demo-"), "{name}");
    assert_ne!(
        name,
        format!("folio-demo-{pid}"),
        "the name is not the process id"
    );
    assert!(name.len() > "folio-demo-".len() + 4, "a random part: {name}");
    assert!(!folder.exists(), "the folder is removed when the demo ends");
}
