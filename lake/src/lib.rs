//! PrivScan on Apache DataFusion and Apache Ballista: the same detectors,
//! verdicts, risk measures and masking as the `privscan` CLI, over tables
//! of CSV and Parquet files too large for one process.
//!
//! * [`functions`]: the SQL functions (profile state, verdict, risk value,
//!   masking step), registered in any DataFusion session;
//! * [`sources`]: the files of a table, checked and read as text;
//! * [`scan`]: the report of a table;
//! * [`mask`]: a masking plan applied by the engine;
//! * [`cluster`]: local, in-process Ballista, or a remote scheduler.

pub mod cluster;
pub mod functions;
pub mod mask;
pub mod scan;
pub mod sources;
