//! The `enid` command: `serve` (the default), `migrate`, `openapi` and `create-user`.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use poem::listener::TcpListener;
use poem::{EndpointExt, Server};

use enid_core::Enid;
use enid_core::auth::NewMemberInput;
use enid_core::stores::Role;

use crate::Service;
use crate::config::{LogFormat, ServerConfig, Settings};

#[derive(Parser)]
#[command(
    name = "enid",
    version,
    about = "Enid: the backend of a small online store."
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Serve settings when no subcommand is given.
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(clap::Args, Clone, Default)]
struct ServeArgs {
    #[command(flatten)]
    settings: Settings,
    /// Also serve each original service alone on its historical port (accounts: 8087).
    #[arg(long)]
    split_ports: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API (the default).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        settings: Settings,
    },
    /// Write the OpenAPI spec (JSON) to a file or standard output.
    Openapi {
        /// File to write; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Create a user; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
        /// Make the user a superuser.
        #[arg(long)]
        superuser: bool,
        /// Store the user joins (with --role).
        #[arg(long, requires = "role")]
        store: Option<i64>,
        /// admin, staff or customer (in --store, or the default store).
        #[arg(long)]
        role: Option<String>,
        #[command(flatten)]
        settings: Settings,
    },
}

/// Runs the command line; the `enid` binary's whole `main`.
pub fn main() -> std::process::ExitCode {
    limit_heap_retention();
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("enid: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Each argon2id hash takes 19 MiB. glibc raises its mmap threshold after such a block is freed,
/// so later hashes would come from the heap and stay resident; a fixed threshold keeps returning
/// them to the system, which keeps the idle footprint small.
fn limit_heap_retention() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator and is called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => {
            let config = resolve(args.settings)?;
            init_logging(&config);
            serve(config, args.split_ports).await
        }
        Command::Migrate { settings } => {
            let config = resolve(settings)?;
            init_logging(&config);
            enid_storage::connect(config.database_url.expose())
                .await
                .map_err(|e| e.to_string())?;
            println!("migrations applied");
            Ok(())
        }
        Command::Openapi { out } => {
            let spec = crate::spec_json();
            match out {
                Some(path) => std::fs::write(&path, spec + "\n")
                    .map_err(|e| format!("cannot write {}: {e}", path.display())),
                None => {
                    println!("{spec}");
                    Ok(())
                }
            }
        }
        Command::CreateUser {
            email,
            name,
            password_stdin: _,
            superuser,
            store,
            role,
            settings,
        } => {
            let config = resolve(settings)?;
            let password = read_password()?;
            let membership = match role {
                Some(role) => Some((
                    store.unwrap_or(config.core.default_store),
                    role.parse::<Role>()
                        .map_err(|e| format!("--role: {}", e.detail))?,
                )),
                None => None,
            };
            let enid = build_enid(&config).await?;
            let user = enid
                .accounts()
                .create_user(NewMemberInput {
                    email,
                    name,
                    password,
                    is_superuser: superuser,
                    membership,
                })
                .await
                .map_err(describe)?;
            println!("created user {} <{}>", user.id, user.email);
            Ok(())
        }
    }
}

fn resolve(flags: Settings) -> Result<ServerConfig, String> {
    flags.or(Settings::from_config_file()?).resolve()
}

/// A core error as one line: the detail and each field's messages.
fn describe(err: enid_core::Error) -> String {
    let mut text = err.detail.clone();
    for (field, messages) in &err.fields {
        text.push_str(&format!("; {field}: {}", messages.join(" ")));
    }
    text
}

fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        eprintln!("Password (then Enter):");
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn init_logging(config: &ServerConfig) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Connects storage (and Redis when configured) and builds the backend.
pub async fn build_enid(config: &ServerConfig) -> Result<Enid, String> {
    let storage = enid_storage::connect(config.database_url.expose())
        .await
        .map_err(|e| format!("database: {e}"))?;
    let mut builder = Enid::builder(storage).config(config.core.clone());
    if let Some(url) = &config.redis_url {
        let redis = enid_storage::redis::RedisBackend::connect(url.expose())
            .await
            .map_err(|e| format!("redis: {e}"))?;
        builder = builder
            .cache(Arc::new(redis.cache()))
            .rate_limiter(Arc::new(redis.rate_limiter()));
    }
    builder.build().await.map_err(|e| format!("startup: {e}"))
}

async fn serve(config: ServerConfig, split_ports: bool) -> Result<(), String> {
    let enid = build_enid(&config).await?;
    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    drop(listener);
    println!("Enid is serving on http://{local} (docs at http://{local}/docs)");
    tracing::info!(addr = %local, backend = enid.storage().backend(), "serving");

    let app = crate::endpoint_with(enid.clone(), &config.http);
    let mut servers = vec![tokio::spawn(run_server(local, app))];
    if split_ports {
        for service in Service::ALL {
            let addr = SocketAddr::new(local.ip(), service.port());
            println!("  {} alone on http://{addr}", service.name());
            let app = crate::service_endpoint(service, enid.clone(), &config.http);
            servers.push(tokio::spawn(run_server(addr, app)));
        }
    }
    for server in servers {
        server
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
    }
    tracing::info!("stopped");
    Ok(())
}

/// Serves until SIGINT or SIGTERM, then lets requests in flight finish (up to 10 s).
async fn run_server(
    addr: SocketAddr,
    app: poem::endpoint::BoxEndpoint<'static>,
) -> std::io::Result<()> {
    Server::new(TcpListener::bind(addr))
        .run_with_graceful_shutdown(
            app.boxed(),
            shutdown_signal(),
            Some(Duration::from_secs(10)),
        )
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
