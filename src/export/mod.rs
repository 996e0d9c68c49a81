//! Exporting the stage: GIF encoding with a fixed palette, a frame at a time, and download names
//! after the configuration. The pictures themselves are display lists ([`crate::scene::display`]
//! with [`crate::scene::header`]): SVG is written by [`crate::scene::svg`], PNG and GIF frames are
//! painted by the browser's canvas at a scale that fits its limits ([`raster`]). Also the
//! `<iframe>` snippet that embeds the stage in a page ([`embed`]).

pub mod embed;
pub mod file_name;
pub mod gif;
pub mod palette;
pub mod raster;
