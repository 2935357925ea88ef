//! The reviewer's round trip. Verify finds what is wrong; the reviewer decides each
//! finding in the report workbook (承認, 条件付承認, 差戻し, 要確認); `kijun review`
//! reads her decisions back and writes the 照会書 to the vendor and the workbook of the
//! next round, in which the vendor answers again only what was asked. `verify
//! --previous` then checks the second answers against the first.

pub(crate) mod decisions;
pub(crate) mod plan;
pub(crate) mod run;

use crate::profile::Profile;

/// The days a vendor has to answer a 照会書 when the profile does not say.
pub(crate) const DEFAULT_INQUIRY_RESPONSE_DAYS: u32 = 10;

/// How many days the vendor has to answer a 照会書, counted from its date.
///
/// The one place the number comes from (the 照会書's deadline and its wording): the
/// profile's parameter `inquiry_response_days` (its `[parameters]` value, else the
/// catalog's default); [`DEFAULT_INQUIRY_RESPONSE_DAYS`] for a catalog edition that has
/// no such parameter.
pub(crate) fn inquiry_response_days(profile: &Profile) -> u32 {
    profile
        .params
        .get("inquiry_response_days")
        .and_then(|v| u32::try_from(*v).ok())
        .unwrap_or(DEFAULT_INQUIRY_RESPONSE_DAYS)
}
