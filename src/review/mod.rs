//! The reviewer's round trip. Verify finds what is wrong; the reviewer decides each
//! finding in the report workbook (承認, 条件付承認, 差戻し, 要確認); `kijun review`
//! reads her decisions back and writes the 照会書 to the vendor and the workbook of the
//! next round, in which the vendor answers again only what was asked. `verify
//! --previous` then checks the second answers against the first.

pub(crate) mod decisions;
pub(crate) mod plan;

use crate::profile::Profile;

/// How many days the vendor has to answer a 照会書, counted from its date.
///
/// The one place the number comes from. It is the profile parameter
/// `inquiry_response_days` once profiles carry parameters (a `[parameters]` table);
/// until then every profile gets the default, 10 days.
pub(crate) fn inquiry_response_days(_profile: &Profile) -> u32 {
    10
}
