//! Masking: operators ([`operators`], one file each), the partial masks
//! used for report examples ([`ops`]), plans and suggestions ([`plan`],
//! [`suggest`]), policy presets ([`policy`]), the generalisation search ([`optimize`]) and the streaming
//! apply ([`apply`]).

pub mod apply;
pub mod operators;
pub mod ops;
pub mod optimize;
pub mod plan;
pub mod policy;
pub mod purpose;
pub mod suggest;
