//! The profile: a description of the system being procured (its 格付け and the traits
//! that change what applies), read from TOML and checked against the catalog's schema.
//! Every problem names the key, its line and the allowed values.

use std::collections::BTreeMap;
use std::path::Path;

pub(crate) mod facts;
mod parameters;
mod presets;
mod reader;
pub(crate) mod schema;
mod value;

pub(crate) use value::PARAM_PREFIX;
pub use value::{Profile, Value};

use crate::error::{Error, Result};
use crate::tomlfile::{parse_spanned, repair_ime};
use reader::Reader;
use schema::ProfileSchema;

impl Profile {
    pub fn load(path: &Path, schema: &ProfileSchema) -> Result<Profile> {
        let text = Profile::read_text(path)?;
        Profile::parse(&text, &path.display().to_string(), schema)
    }

    /// A profile file's text, not yet read against a schema (verify chooses the catalog,
    /// and so the schema, from the workbook).
    pub(crate) fn read_text(path: &Path) -> Result<String> {
        let bytes = crate::input::read_file(path, crate::input::MAX_PROFILE_BYTES)?;
        String::from_utf8(bytes).map_err(|_| Error::Profile {
            location: path.display().to_string(),
            message: "UTF-8 のテキストではありません。プロファイルは UTF-8 で保存してください"
                .into(),
        })
    }

    pub fn parse(text: &str, source: &str, schema: &ProfileSchema) -> Result<Profile> {
        let fail = |message: String| Error::Profile {
            location: source.to_string(),
            message,
        };
        // What an input method typed (３, TRUE) is made TOML first; the rest is a problem.
        let text = repair_ime(text)
            .map_err(|problems| fail(format!("\n  - {}", problems.join("\n  - "))))?;
        let text = text.as_str();
        let table = parse_spanned(text).map_err(fail)?;
        let mut reader = Reader {
            text,
            problems: Vec::new(),
            written: BTreeMap::new(),
            presets: Vec::new(),
        };
        let profile = reader.profile(&table, source, schema);
        if reader.problems.is_empty() {
            Ok(profile)
        } else {
            Err(fail(format!("\n  - {}", reader.problems.join("\n  - "))))
        }
    }
}
