//! Stage 4, rendering: the theme's templates, navigation, menus, the version switcher and the
//! pages a revision publishes. Takes the model and the features' data; returns the site's
//! files as bytes in memory.

pub mod assets;
pub mod files;
pub mod fragments;
pub mod menu;
pub mod nav;
pub mod pages;
pub mod prose;
pub mod sink;
pub mod splice;
pub mod theme;
pub mod versions;
