//! `privscan-executor`: a Ballista executor that runs PrivScan's
//! functions (a stock executor cannot resolve them).

use ballista_executor::executor_process::{start_executor_process, ExecutorProcessConfig};
use clap::Parser;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "privscan-executor",
    version,
    about = "A Ballista executor with PrivScan's functions"
)]
struct Cli {
    /// The scheduler's host.
    #[arg(long, default_value = "127.0.0.1")]
    scheduler_host: String,
    /// The scheduler's port.
    #[arg(long, default_value_t = 50050)]
    scheduler_port: u16,
    /// The address to listen on (all interfaces: 0.0.0.0).
    #[arg(long, default_value = "127.0.0.1")]
    bind_host: String,
    /// The host name the scheduler and the other executors reach this one by.
    #[arg(long)]
    external_host: Option<String>,
    /// The port of the executor's data (Arrow Flight) service.
    #[arg(long, default_value_t = 50051)]
    port: u16,
    /// The port of its gRPC service.
    #[arg(long, default_value_t = 50052)]
    grpc_port: u16,
    /// Tasks run at once (default: the cores here).
    #[arg(long)]
    concurrent_tasks: Option<usize>,
    /// Where the executor keeps its shuffle files.
    #[arg(long)]
    work_dir: Option<String>,
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let config = ExecutorProcessConfig {
        scheduler_host: cli.scheduler_host,
        scheduler_port: cli.scheduler_port,
        bind_host: cli.bind_host,
        external_host: cli.external_host,
        port: cli.port,
        grpc_port: cli.grpc_port,
        vcores: cli
            .concurrent_tasks
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        work_dir: cli.work_dir,
        override_function_registry: Some(Arc::new(privscan_lake::cluster::executor_registry())),
        ..ExecutorProcessConfig::default()
    };
    if let Err(e) = start_executor_process(Arc::new(config)).await {
        eprintln!("privscan-executor: {e}");
        std::process::exit(2);
    }
}
