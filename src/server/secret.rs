//! The server's secret key and the keyed digests made with it.
//!
//! Resident registration numbers, card numbers and PINs are small enough to search: an unkeyed
//! digest of them gives them all up to whoever copies the database. Keyed with a secret that is
//! not in the database (HMAC-SHA-256), a copy of the database alone gives up nothing.
//!
//! The key comes from `OKRYU_SECRET_KEY`. On the embedded SQLite database it may be left out: it
//! is then made once and kept in a file beside the database, readable by its owner only. Several
//! app servers share one PostgreSQL database and must share the key, so there it must be set.

use super::config::{ConfigError, DatabaseUrl};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice, SecretString};
use sha2::Sha256;
use std::{fmt, sync::Arc};

/// At least this many bytes (a 256-bit key as 64 hex digits fits well above).
pub const MIN_KEY_BYTES: usize = 32;

#[derive(Clone)]
pub struct SecretKey(Arc<SecretSlice<u8>>);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

impl SecretKey {
    /// A key from its configured text.
    pub fn new(text: &str) -> Result<SecretKey, ConfigError> {
        let text = text.trim();
        if text.len() < MIN_KEY_BYTES {
            return Err(ConfigError::new(
                "OKRYU_SECRET_KEY",
                format!(
                    "too short: at least {MIN_KEY_BYTES} characters (e.g. `openssl rand -hex 32`)"
                ),
            ));
        }
        Ok(SecretKey(Arc::new(text.as_bytes().to_vec().into())))
    }

    /// The configured key; else, for SQLite, the one kept beside the database (made now if
    /// there is none yet); PostgreSQL deployments must configure one.
    pub fn load(
        configured: Option<&SecretString>,
        database: &DatabaseUrl,
    ) -> Result<SecretKey, ConfigError> {
        if let Some(text) = configured {
            return SecretKey::new(text.expose_secret());
        }
        let Some(db_path) = database.sqlite_path() else {
            return Err(ConfigError::new(
                "OKRYU_SECRET_KEY",
                "must be set with PostgreSQL: every app server of the deployment needs the same key",
            ));
        };
        let path = std::path::PathBuf::from(format!("{}.key", db_path.display()));
        let io = |e: std::io::Error| {
            ConfigError::new(
                "OKRYU_SECRET_KEY",
                format!("cannot keep a key in {}: {e}", path.display()),
            )
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        match read_key_file(&path) {
            Ok(text) => return SecretKey::new(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e)),
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| ConfigError::new("OKRYU_SECRET_KEY", format!("no randomness: {e}")))?;
        let text = hex::encode(bytes);
        match write_key_file(&path, &text) {
            Ok(()) => {
                tracing::info!(file = %path.display(), "made a new secret key (OKRYU_SECRET_KEY not set)");
                SecretKey::new(&text)
            }
            // Another server made it meanwhile: use that one.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                SecretKey::new(&read_key_file(&path).map_err(io)?)
            }
            Err(e) => Err(io(e)),
        }
    }

    /// HMAC-SHA-256 of `value` for `purpose` (`resident`, `card`, `pin`), hex.
    fn keyed(&self, purpose: &str, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose_secret())
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(purpose.as_bytes());
        mac.update(b":");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The 64-bit keyed hash a visitor (or an account) is counted by in the day's sketches
    /// (`domain::traffic::Sketch`); never stored.
    pub fn visitor(&self, purpose: &str, value: &[u8]) -> u64 {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose_secret())
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(purpose.as_bytes());
        mac.update(b":");
        mac.update(value);
        let digest = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    }

    /// The stored stand-in for a resident registration number (its digits).
    pub fn resident(&self, digits: &str) -> String {
        self.keyed("resident", digits)
    }

    /// The stored stand-in for a card number (its digits).
    pub fn card(&self, digits: &str) -> String {
        self.keyed("card", digits)
    }

    /// The stored form of a code sent to a phone number.
    pub fn phone_code(&self, phone: &str, code: &str) -> String {
        self.keyed("phone-code", &format!("{phone}:{code}"))
    }

    /// The stored form of a PIN, with the instrument's salt.
    pub fn pin(&self, salt: &str, pin: &str) -> String {
        self.keyed("pin", &format!("{salt}:{pin}"))
    }
}

fn read_key_file(path: &std::path::Path) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}

/// Writes a new key file that only its owner may read (never over an existing one).
fn write_key_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_depend_on_the_key_and_the_purpose() {
        let a = SecretKey::new(&"a".repeat(32)).expect("key");
        let b = SecretKey::new(&"b".repeat(32)).expect("key");
        assert_eq!(a.resident("9203042123458"), a.resident("9203042123458"));
        assert_ne!(a.resident("9203042123458"), b.resident("9203042123458"));
        assert_ne!(a.resident("1234"), a.card("1234"));
        assert_eq!(a.pin("s", "1234").len(), 64);
        assert!(SecretKey::new("short").is_err());
        assert_eq!(format!("{a:?}"), "SecretKey(…)", "never printed");
    }

    #[test]
    fn the_embedded_database_keeps_its_key_in_a_private_file_and_postgres_needs_one() {
        let dir = std::env::temp_dir().join(format!("okryu-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let url = DatabaseUrl::parse(&format!("sqlite://{}/okryu.db", dir.display())).expect("url");
        let first = SecretKey::load(None, &url).expect("made");
        let again = SecretKey::load(None, &url).expect("read");
        assert_eq!(
            first.card("1"),
            again.card("1"),
            "the same key on the next start"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("okryu.db.key"))
                .expect("the key file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
        let pg = DatabaseUrl::parse("postgres://db/okryu").expect("url");
        let err = SecretKey::load(None, &pg).expect_err("must be set");
        assert!(
            err.to_string().starts_with("OKRYU_SECRET_KEY: must be set"),
            "{err}"
        );
        let given = SecretString::from("k".repeat(40));
        assert!(SecretKey::load(Some(&given), &pg).is_ok());
    }
}
