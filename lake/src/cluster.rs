//! Where the queries run: a DataFusion session in this process on every
//! core, a Ballista cluster started in this process (scheduler and
//! executor, for tests and trials), or a Ballista scheduler elsewhere.
//! Ballista resolves functions by name on its scheduler and executors,
//! so ours are registered on each of them (the `privscan-scheduler` and
//! `privscan-executor` binaries) and again on the client after it
//! connects.

use ballista::prelude::SessionContextExt;
use ballista_core::registry::BallistaFunctionRegistry;
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};
use std::sync::Arc;

/// Where to run.
#[derive(Clone, Debug)]
pub enum Engine {
    /// DataFusion in this process.
    Local,
    /// A Ballista scheduler and executor started in this process.
    Standalone,
    /// A Ballista scheduler at `df://HOST:PORT`.
    Remote(String),
}

/// A session on `engine` with our functions, `partitions` the target
/// partitions of its plans (default: the cores here).
pub async fn session(engine: &Engine, partitions: Option<usize>) -> Result<SessionContext, String> {
    let parts =
        partitions.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let ctx = match engine {
        Engine::Local => {
            SessionContext::new_with_config(SessionConfig::new().with_target_partitions(parts))
        }
        Engine::Standalone | Engine::Remote(_) => {
            use ballista::prelude::SessionConfigExt;
            let config = SessionConfig::new_with_ballista()
                .with_target_partitions(parts)
                .with_ballista_standalone_parallelism(parts);
            let mut state = SessionStateBuilder::new()
                .with_default_features()
                .with_config(config)
                .build();
            crate::functions::register_state(&mut state).map_err(|e| e.to_string())?;
            let ctx = match engine {
                Engine::Remote(url) => SessionContext::remote_with_state(url, state).await,
                _ => SessionContext::standalone_with_state(state).await,
            }
            .map_err(|e| format!("cannot reach the Ballista cluster: {e}"))?;
            ctx
        }
    };
    // Registered before connecting, Ballista's client state loses them.
    crate::functions::register(&ctx);
    Ok(ctx)
}

/// The function registry of an executor: Ballista's own and ours.
pub fn executor_registry() -> BallistaFunctionRegistry {
    let mut r = BallistaFunctionRegistry::default();
    for f in crate::functions::scalar_functions() {
        r.scalar_functions.insert(f.name().to_string(), f);
    }
    for f in crate::functions::aggregate_functions() {
        r.aggregate_functions.insert(f.name().to_string(), f);
    }
    r
}

/// The session builder of a scheduler: Ballista's default, and our
/// functions.
pub fn scheduler_session(
    config: SessionConfig,
) -> datafusion::common::Result<datafusion::execution::SessionState> {
    let mut state = ballista_core::utils::default_session_builder(config)?;
    crate::functions::register_state(&mut state)?;
    Ok(state)
}

/// Shared for the binaries: a scheduler's session builder as Ballista
/// takes it.
pub fn scheduler_session_builder() -> ballista_scheduler::scheduler_server::SessionBuilder {
    Arc::new(scheduler_session)
}
