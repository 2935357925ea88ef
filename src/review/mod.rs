//! The reviewer's round trip. Verify finds what is wrong; the reviewer decides each
//! finding in the report workbook (承認, 条件付承認, 差戻し, 要確認); `kijun review`
//! reads her decisions back and writes the 照会書 to the vendor and the workbook of the
//! next round, in which the vendor answers again only what was asked. `verify
//! --previous` then checks the second answers against the first.

pub(crate) mod decisions;
pub(crate) mod plan;

use crate::profile::Profile;

/// The days a vendor has to answer a 照会書 when the profile does not say.
pub(crate) const DEFAULT_INQUIRY_RESPONSE_DAYS: u32 = 10;

/// How many days the vendor has to answer a 照会書, counted from its date.
///
/// The one place the number comes from (the 照会書's deadline and its wording). It is
/// to be the profile parameter `inquiry_response_days` once profiles carry parameters;
/// until then every profile gets [`DEFAULT_INQUIRY_RESPONSE_DAYS`]. Wiring it: return
/// the parameter's value when the profile sets it, else the default.
pub(crate) fn inquiry_response_days(_profile: &Profile) -> u32 {
    DEFAULT_INQUIRY_RESPONSE_DAYS
}
