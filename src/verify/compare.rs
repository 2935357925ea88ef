//! Compare several vendors side by side.
