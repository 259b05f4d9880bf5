//! User-facing text. Russian is the default locale; every string a user reads lives here so that
//! a second locale can be added by mirroring `ru`. Nothing here imports a domain: labels of
//! domain enums are methods on the enums, which return these texts.

pub mod ru;
