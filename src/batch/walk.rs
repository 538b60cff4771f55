//! Finding the transcripts under the paths `colead batch` is given.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::FileError;

/// A file to analyze.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where it is: the argument joined with the path below it. Rows are
    /// sorted by it and show it as text.
    pub path: PathBuf,
    /// Size in bytes when it was found.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch; 0 when the
    /// file system does not tell.
    pub modified_ns: u64,
}

/// What the walk turned up: files, or paths it could not read.
#[derive(Debug)]
pub enum Item {
    /// A file to analyze.
    File(Found),
    /// A path that could not be listed or read.
    Unreadable(FileError),
}

impl Found {
    /// The path as the tables show it.
    pub fn display(&self) -> Cow<'_, str> {
        self.path.to_string_lossy()
    }
}

impl Item {
    /// The path the item is sorted under.
    pub fn path(&self) -> &Path {
        match self {
            Item::File(f) => &f.path,
            Item::Unreadable(e) => Path::new(&e.path),
        }
    }

    /// The path the item is reported under.
    pub fn display(&self) -> Cow<'_, str> {
        self.path().to_string_lossy()
    }
}

/// The order of every table: by path, component by component (so a folder's
/// files stay together), whatever order the file system lists them in. The
/// walk sorts its paths so; this compares paths read back from a table.
pub fn path_order(a: &str, b: &str) -> Ordering {
    Path::new(a).cmp(Path::new(b))
}

/// Which files of a folder to take.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

fn glob_set(globs: &[String]) -> Result<Option<GlobSet>, globset::Error> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g)?);
    }
    b.build().map(Some)
}

impl Filter {
    /// `--include` and `--exclude` globs. A glob is matched against the path
    /// below the folder given (`*` also crosses `/`) and against the file
    /// name, so `*.vtt`, `2024/**` and `notes.txt` all do what they say.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, globset::Error> {
        Ok(Filter {
            include: glob_set(include)?,
            exclude: glob_set(exclude)?,
        })
    }

    fn matches(set: &GlobSet, relative: &Path) -> bool {
        set.is_match(relative) || relative.file_name().is_some_and(|n| set.is_match(n))
    }

    fn excluded(&self, relative: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|s| Self::matches(s, relative))
    }

    fn included(&self, relative: &Path) -> bool {
        self.include
            .as_ref()
            .is_none_or(|s| Self::matches(s, relative))
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn found(path: PathBuf, meta: &std::fs::Metadata) -> Found {
    let modified_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    Found {
        path,
        size: meta.len(),
        modified_ns,
    }
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> Item {
    Item::Unreadable(FileError {
        path: path.display().to_string(),
        line: None,
        kind: "io".into(),
        message: format!("cannot read: {e}"),
    })
}

/// Every file under `paths`, sorted by [`path_order`], each once.
///
/// Folders are searched recursively, following symbolic links; hidden files
/// and folders (names starting with `.`) are skipped, and so is what the
/// filter leaves out. A file named on the command line is always taken.
/// Paths that cannot be read are items of their own, so that the run goes on
/// and reports them.
pub fn walk(paths: &[PathBuf], filter: &Filter) -> Vec<Item> {
    let mut items = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                items.push(unreadable(root, e));
                continue;
            }
        };
        if !meta.is_dir() {
            items.push(Item::File(found(root.clone(), &meta)));
            continue;
        }
        let entries = walkdir::WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                let relative = e.path().strip_prefix(root).unwrap_or(e.path());
                !is_hidden(e.file_name()) && !filter.excluded(relative)
            });
        for entry in entries {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => {
                    let relative = e.path().strip_prefix(root).unwrap_or(e.path());
                    if !filter.included(relative) {
                        continue;
                    }
                    match e.metadata() {
                        Ok(m) => items.push(Item::File(found(e.into_path(), &m))),
                        Err(err) => items.push(unreadable(e.path(), err)),
                    }
                }
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    items.push(unreadable(&path, err));
                }
            }
        }
    }
    // Folder by folder, as `path_order` compares the paths the tables show.
    items.sort_by(|a, b| a.path().cmp(b.path()));
    items.dedup_by(|a, b| a.path() == b.path());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(items: &[Item]) -> Vec<String> {
        items.iter().map(|i| i.display().to_string()).collect()
    }

    #[test]
    fn recursive_sorted_without_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/deep")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in [
            "b/deep/z.vtt",
            "a.txt",
            ".hidden.txt",
            ".git/HEAD",
            "b/x.json",
        ] {
            std::fs::write(root.join(f), "A: hi\n").unwrap();
        }
        let items = walk(&[root.to_path_buf()], &Filter::default());
        let r = root.display();
        assert_eq!(
            names(&items),
            vec![
                format!("{r}/a.txt"),
                format!("{r}/b/deep/z.vtt"),
                format!("{r}/b/x.json"),
            ]
        );
        // Named on the command line: taken even though hidden; given twice: once.
        let items = walk(
            &[root.join(".hidden.txt"), root.join(".hidden.txt")],
            &Filter::default(),
        );
        assert_eq!(names(&items), vec![format!("{r}/.hidden.txt")]);
    }

    #[test]
    fn include_and_exclude_globs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("old")).unwrap();
        for f in ["a.vtt", "b.txt", "old/c.vtt", "old/d.txt"] {
            std::fs::write(root.join(f), "A: hi\n").unwrap();
        }
        let r = root.display();
        let only = |inc: &[&str], exc: &[&str]| {
            let inc: Vec<String> = inc.iter().map(|s| s.to_string()).collect();
            let exc: Vec<String> = exc.iter().map(|s| s.to_string()).collect();
            names(&walk(
                &[root.to_path_buf()],
                &Filter::new(&inc, &exc).unwrap(),
            ))
        };
        assert_eq!(
            only(&["*.vtt"], &[]),
            vec![format!("{r}/a.vtt"), format!("{r}/old/c.vtt")]
        );
        assert_eq!(
            only(&[], &["old"]),
            vec![format!("{r}/a.vtt"), format!("{r}/b.txt")]
        );
        assert_eq!(only(&["*.vtt"], &["old/**"]), vec![format!("{r}/a.vtt")]);
        assert_eq!(only(&["d.txt"], &[]), vec![format!("{r}/old/d.txt")]);
        assert!(Filter::new(&["a[".to_string()], &[]).is_err());
    }

    #[test]
    fn a_missing_path_is_an_item_not_a_stop() {
        let items = walk(
            &[PathBuf::from("/nonexistent/colead-test")],
            &Filter::default(),
        );
        assert_eq!(items.len(), 1);
        assert!(matches!(&items[0], Item::Unreadable(e) if e.kind == "io"));
    }

    #[test]
    fn order_is_by_component() {
        // A folder's files come before a sibling whose name extends the folder's.
        assert_eq!(path_order("a/b/z.txt", "a/b-c/a.txt"), Ordering::Less);
        assert_eq!(path_order("a/b.txt", "a/b.txt"), Ordering::Equal);
    }
}
