//! The state file: the world between commands. Reading refuses what is not a state file (and
//! leaves it untouched); writing goes to a temporary file of this process, synced, then renamed
//! over the old one, so a process killed mid-save leaves the previous file whole. A lock file
//! serialises whole commands (read, run, write): two shells on one state file lose no update.

use ecs_sandbox_engine::World;
use std::io::Write;
use std::time::{Duration, Instant};

const STATE_FORMAT: &str = "ecs-sandbox-state";
/// 2: placement verdicts name their instance by index (version 1 files load without their
/// decisions).
const STATE_VERSION: u64 = 2;
/// How long a command waits for another one holding the lock.
const LOCK_WAIT: Duration = Duration::from_secs(30);
/// A lock older than this whose owner cannot be checked is taken to be left by a killed process.
const STALE_LOCK: Duration = Duration::from_secs(60);

fn seed() -> u64 {
    std::env::var("ECS_SANDBOX_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(42)
}

/// What is at the path: nothing, a state file, or something else (never to be replaced).
pub enum Found {
    Nothing,
    State,
    Other(String),
}

pub fn what_is(path: &str) -> Found {
    #[derive(serde::Deserialize)]
    struct Header {
        format: Option<String>,
    }
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Found::Nothing,
        Err(e) => Found::Other(format!("cannot read {path}: {e}")),
        Ok(bytes) => match serde_json::from_slice::<Header>(&bytes) {
            Ok(h) if h.format.as_deref() == Some(STATE_FORMAT) => Found::State,
            _ => Found::Other(format!(
                "{path} is not an ecs-sandbox state file; it was left untouched."
            )),
        },
    }
}

pub fn load(path: &str) -> Result<World, String> {
    // Read straight into the world (a serde_json::Value of a large world would take ten times its
    // size).
    #[derive(serde::Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u64>,
    }
    #[derive(serde::Deserialize)]
    struct Saved {
        world: World,
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(World::new(seed())),
        Err(e) => return Err(format!("cannot read the state file {path}: {e}")),
    };
    let corrupt = |e: serde_json::Error| {
        format!("the state file {path} is corrupt ({e}); it was left untouched. Move it away or use --state OTHER_FILE.")
    };
    serde_json::from_str::<serde::de::IgnoredAny>(&text).map_err(corrupt)?;
    let header = serde_json::from_str::<Header>(&text)
        .ok()
        .filter(|h| h.format.as_deref() == Some(STATE_FORMAT));
    let Some(header) = header else {
        return Err(format!(
            "{path} is not an ecs-sandbox state file; it was left untouched."
        ));
    };
    let version = header.version.unwrap_or(0);
    if version > STATE_VERSION {
        return Err(format!(
            "the state file {path} was written by a newer ecs-sandbox (state version {version}, this one reads {STATE_VERSION}); it was left untouched."
        ));
    }
    serde_json::from_str::<Saved>(&text)
        .map(|s| s.world)
        .map_err(corrupt)
}

pub fn save(path: &str, world: &World) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(m) if m.permissions().readonly() => {
            return Err(format!(
                "the state file {path} is read-only; it was left as it was (and this command's changes are not saved)."
            ))
        }
        _ => {}
    }
    if let Found::Other(why) = what_is(path) {
        return Err(why);
    }
    let v = serde_json::json!({"format": STATE_FORMAT, "version": STATE_VERSION, "world": world});
    let bytes = serde_json::to_vec(&v).map_err(|e| e.to_string())?;
    // This process's own temporary file: two writers never share one.
    let tmp = format!("{path}.tmp.{}", std::process::id());
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(&bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {tmp}: {e}"));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot replace {path}: {e}")
    })?;
    // The rename itself, on disk (where the platform lets a directory be synced).
    let dir = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The lock on a state file, held for a whole command; released when dropped, or by
/// `release_held` before the process exits (an exit runs no destructors).
pub struct Lock {
    path: String,
}

/// The locks this process holds.
static HELD: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        if let Ok(mut held) = HELD.lock() {
            held.retain(|p| p != &self.path);
        }
    }
}

/// Releases every lock this process holds (before `std::process::exit`).
pub fn release_held() {
    if let Ok(mut held) = HELD.lock() {
        for p in held.drain(..) {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Whether the process that wrote this lock is gone (or the lock is too old to trust).
fn stale(lock: &str) -> bool {
    let pid = std::fs::read_to_string(lock)
        .ok()
        .and_then(|t| t.trim().parse::<u32>().ok());
    let proc_fs = std::path::Path::new("/proc/self").exists();
    if let (Some(pid), true) = (pid, proc_fs) {
        return !std::path::Path::new(&format!("/proc/{pid}")).exists();
    }
    std::fs::metadata(lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_LOCK)
}

pub fn lock(path: &str) -> Result<Lock, String> {
    let lock = format!("{path}.lock");
    let start = Instant::now();
    loop {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(mut f) => {
                let _ = write!(f, "{}", std::process::id());
                if let Ok(mut held) = HELD.lock() {
                    held.push(lock.clone());
                }
                return Ok(Lock { path: lock });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if stale(&lock) {
                    let _ = std::fs::remove_file(&lock);
                    continue;
                }
                if start.elapsed() > LOCK_WAIT {
                    return Err(format!(
                        "another ecs-sandbox has held {lock} for {} s; if none is running, delete it.",
                        LOCK_WAIT.as_secs()
                    ));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            // A folder where no lock can be made (read-only): run unlocked, as before.
            Err(_) => {
                return Ok(Lock {
                    path: String::new(),
                })
            }
        }
    }
}
