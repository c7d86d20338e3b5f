//! `privscan-scheduler`: a Ballista scheduler whose sessions know
//! PrivScan's functions (a stock scheduler cannot plan them).

use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use clap::Parser;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "privscan-scheduler",
    version,
    about = "A Ballista scheduler with PrivScan's functions"
)]
struct Cli {
    /// The address to listen on (all interfaces: 0.0.0.0).
    #[arg(long, default_value = "127.0.0.1")]
    bind_host: String,
    /// The port executors and clients connect to.
    #[arg(long, default_value_t = 50050)]
    bind_port: u16,
    /// The host name executors and clients reach this scheduler by.
    #[arg(long)]
    external_host: Option<String>,
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let config = SchedulerConfig {
        bind_host: cli.bind_host.clone(),
        bind_port: cli.bind_port,
        external_host: cli.external_host.unwrap_or_else(|| cli.bind_host.clone()),
        override_session_builder: Some(privscan_lake::cluster::scheduler_session_builder()),
        ..SchedulerConfig::default()
    };
    let run = async {
        let addr = format!("{}:{}", config.bind_host, config.bind_port)
            .parse()
            .map_err(|e| format!("--bind-host/--bind-port: {e}"))?;
        let cluster = BallistaCluster::new_from_config(&config)
            .await
            .map_err(|e| e.to_string())?;
        eprintln!("privscan-scheduler: listening on {addr}");
        start_server(cluster, addr, Arc::new(config.clone()))
            .await
            .map_err(|e| e.to_string())
    };
    if let Err(e) = run.await {
        eprintln!("privscan-scheduler: {e}");
        std::process::exit(2);
    }
}
