//! The profile a page shows. Every page and every download reads it from its own URL
//! (the profile's fields, see [`super::form`]), never from the server: what she sees
//! is what she downloads, in every tab.

use super::form::{read, Errors, FormValues};
use crate::profile::schema::ProfileSchema;
use crate::profile::Profile;
use crate::verify::edition::ProfileText;

#[derive(Clone)]
pub(crate) struct Shown {
    /// The fields in canonical form (defaults filled in, as [`FormValues::from_profile`]).
    pub(crate) form: FormValues,
    pub(crate) profile: Profile,
    /// `form` as a query string: what every link of the page carries.
    pub(crate) query: String,
}

impl Shown {
    pub(crate) fn of(profile: Profile, schema: &ProfileSchema) -> Shown {
        let form = FormValues::from_profile(&profile, schema);
        Shown {
            query: form.query(),
            form,
            profile,
        }
    }

    /// The profile of a request's fields, or what is wrong with them.
    pub(crate) fn read(form: &FormValues, schema: &ProfileSchema) -> Result<Shown, Errors> {
        read(form, schema).map(|p| Shown::of(p, schema))
    }

    /// `path` with this profile (and `extra`, a query of the page's own, if any).
    pub(crate) fn link(&self, path: &str, extra: &str) -> String {
        match (self.query.is_empty(), extra.is_empty()) {
            (true, true) => path.to_string(),
            (true, false) => format!("{path}?{extra}"),
            (false, true) => format!("{path}?{}", self.query),
            (false, false) => format!("{path}?{}&{extra}", self.query),
        }
    }

    /// The profile as the text verify and review read (the form's TOML), under the
    /// name it came from.
    pub(crate) fn text(&self, schema: &ProfileSchema) -> ProfileText {
        ProfileText::of_the_browser(self.form.to_toml(schema), self.profile.source.clone())
    }

    pub(crate) fn system(&self) -> &str {
        &self.profile.system_name
    }
}
