//! The public pages of regions.

mod landing;
mod region;

pub use landing::LandingPage;
pub use region::RegionPage;
