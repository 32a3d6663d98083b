//! The `enid` command: `serve` (the default), `migrate`, `openapi`, `create-user`, and the seed and
//! maintenance commands (`seed`, `stock`, `analytics`, `images`).

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use poem::listener::TcpAcceptor;
use poem::{EndpointExt, Server};

use enid_core::auth::NewMemberInput;
use enid_core::references::{BlobStore, ImportOutcome};
use enid_core::storage::Storage;
use enid_core::stores::{Role, Store};
use enid_core::{Enid, ErrorKind};
use futures::StreamExt;
use sha2::Digest;

use crate::Service;
use crate::config::{LogFormat, ServerConfig, Settings, shown};
use crate::connection::{ConnectionTimeouts, NoDelayAcceptor, TimedAcceptor};

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
    /// Also serve each original service alone on its historical port (leads: 8086, accounts: 8087, inventory: 8088, assistant: 8089, references: 8090, faqs: 8091).
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
        /// admin, staff, viewer or customer (in --store, or the default store).
        #[arg(long)]
        role: Option<String>,
        #[command(flatten)]
        settings: Settings,
    },
    /// Fill the database with realistic demo or benchmark data.
    #[command(subcommand)]
    Seed(SeedCommand),
    /// Inventory maintenance.
    #[command(subcommand)]
    Stock(StockCommand),
    /// Page analytics maintenance.
    #[command(subcommand)]
    Analytics(AnalyticsCommand),
    /// Image imports and maintenance.
    #[command(subcommand)]
    Images(ImagesCommand),
    /// The AI sales assistant.
    #[command(subcommand)]
    Assistant(AssistantCommand),
}

#[derive(Subcommand)]
enum ImagesCommand {
    /// Load the image files of a folder (not its subfolders) into a business, skipping content
    /// the business already has; lists the files refused and why.
    Import {
        /// The folder to load.
        dir: PathBuf,
        /// The slug of the business the images join.
        #[arg(long)]
        business: String,
        /// The business's store [default: the default store]
        #[arg(long)]
        store: Option<i64>,
        /// Files processed at once [default: the number of CPUs]
        #[arg(long)]
        jobs: Option<usize>,
        #[command(flatten)]
        settings: Settings,
    },
    /// Remove what crashed uploads and deletions left: blob files no image uses, unfinished
    /// writes, stale claims. Says how many bytes it freed.
    Gc {
        #[command(flatten)]
        settings: Settings,
    },
}

#[derive(Subcommand)]
enum AssistantCommand {
    /// Ask the assistant a question as a visitor would, with the configured provider, and print
    /// the answer as it comes: a check of a provider's configuration. The turn is stored as a
    /// new conversation, like any other.
    Ask {
        /// The question, 2 to 1,000 characters.
        question: String,
        /// The store whose assistant answers [default: the default store]
        #[arg(long)]
        store: Option<i64>,
        #[command(flatten)]
        settings: Settings,
    },
}

#[derive(Subcommand)]
enum SeedCommand {
    /// Warehouses and a stock history: an opening stock of every product in every warehouse,
    /// then receipts, shipments, counts and transfers spread over the past days, written in
    /// batches; some products get thresholds.
    Inventory {
        #[arg(long, default_value_t = 10_000)]
        products: i64,
        #[arg(long, default_value_t = 5)]
        warehouses: i64,
        /// Ledger rows in all, opening stock included.
        #[arg(long, default_value_t = 1_000_000)]
        movements: i64,
        /// How far back the history starts.
        #[arg(long, default_value_t = 365)]
        days: i64,
        /// The store to fill [default: the default store]
        #[arg(long)]
        store: Option<i64>,
        /// Random seed; the same seed gives the same history.
        #[arg(long, default_value_t = 4)]
        seed: u64,
        #[command(flatten)]
        settings: Settings,
    },
    /// Page views and shop events of visitors of a Mexican home-fitness shop: sessions of
    /// several pages from Google, social networks, WhatsApp and newsletters, mostly on phones,
    /// with a product → cart → checkout → purchase funnel and load times, spread over the past
    /// days; plus a journey per session. Written in batches.
    PageAnalytics {
        /// Page accesses in all.
        #[arg(long, default_value_t = 100_000)]
        count: u64,
        /// How far back the traffic starts.
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// The store to fill [default: the default store]
        #[arg(long)]
        store: Option<i64>,
        /// Random seed; the same seed gives the same traffic.
        #[arg(long, default_value_t = 5)]
        seed: u64,
        #[command(flatten)]
        settings: Settings,
    },
    /// Leads with Mexican names, emails and phones, a realistic status mix and conversions,
    /// created evenly over the past days, written in batches.
    Leads {
        #[arg(long, default_value_t = 10_000)]
        count: u64,
        /// How far back the leads start.
        #[arg(long, default_value_t = 90)]
        days: u32,
        /// The store to fill [default: the default store]
        #[arg(long)]
        store: Option<i64>,
        /// Random seed; the same seed gives the same leads.
        #[arg(long, default_value_t = 3)]
        seed: u64,
        #[command(flatten)]
        settings: Settings,
    },
    /// FAQs in plain Spanish: a starter set (payment on delivery in Mexico City, shipping times,
    /// materials of the equipment, references, returns) with its categories; or, with `--count`,
    /// that many generated FAQs for benchmarks, written in batches.
    Faqs {
        /// Generate this many FAQs instead of loading the starter set.
        #[arg(long)]
        count: Option<u64>,
        /// The store to fill [default: the default store]
        #[arg(long)]
        store: Option<i64>,
        /// Random seed of `--count`; the same seed gives the same FAQs.
        #[arg(long, default_value_t = 6)]
        seed: u64,
        #[command(flatten)]
        settings: Settings,
    },
}

#[derive(Subcommand)]
enum AnalyticsCommand {
    /// Compute the daily page performance rows of a UTC date from its page accesses (and, for
    /// a complete day, recompute its summary rollup, which every write keeps: a repair).
    /// Idempotent: run it again after late events.
    Rollup {
        /// The (last) date to roll up, YYYY-MM-DD [default: yesterday]
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// How many days, ending at --date, to roll up.
        #[arg(long, default_value_t = 1)]
        days: u32,
        /// Only this store [default: every store]
        #[arg(long)]
        store: Option<i64>,
        #[command(flatten)]
        settings: Settings,
    },
}

#[derive(Subcommand)]
enum StockCommand {
    /// Recompute every stock level from the ledger; prints each level that differs and exits
    /// non-zero when one does.
    Verify {
        /// Check one store only.
        #[arg(long)]
        store: Option<i64>,
        #[command(flatten)]
        settings: Settings,
    },
}

/// Runs the command line; the `enid` binary's whole `main`.
pub fn main() -> std::process::ExitCode {
    limit_heap_retention();
    let matches = without_empty_env(Cli::command()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
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

/// `command` with the environment variables that are set but empty left out, as if unset:
/// compose files and `.env` files write `ENID_ADMIN_EMAIL=` for "no value".
fn without_empty_env(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| {
            let empty = arg
                .get_env()
                .and_then(std::env::var_os)
                .is_some_and(|value| value.is_empty());
            if empty { arg.env(None) } else { arg }
        })
        .mut_subcommands(without_empty_env)
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
            open_storage(&config).await?;
            announce(config.log_format, "migrations applied");
            Ok(())
        }
        Command::Openapi { out } => {
            let spec = crate::spec_json();
            match out {
                Some(path) => std::fs::write(&path, spec + "\n")
                    .map_err(|e| format!("cannot write {}: {e}", path.display())),
                // A reader that stops early (`enid openapi | head`) is no failure.
                None => match writeln!(std::io::stdout().lock(), "{spec}") {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(format!("cannot write the spec: {e}"))
                    }
                    _ => Ok(()),
                },
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
            let membership = match role {
                Some(role) => Some((
                    store.unwrap_or(config.core.default_store),
                    role.parse::<Role>().map_err(|_| {
                        format!("--role {role}: expected admin, staff, viewer or customer")
                    })?,
                )),
                None => None,
            };
            let password = read_password()?;
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
                .map_err(|err| match membership {
                    Some((store, _)) if err.code == "store_not_found" => no_store(store),
                    _ => describe(err),
                })?;
            println!("created user {} <{}>", user.id, user.email);
            Ok(())
        }
        Command::Seed(command) => seed(command).await,
        Command::Stock(command) => stock(command).await,
        Command::Analytics(command) => analytics(command).await,
        Command::Assistant(command) => assistant(command).await,
        Command::Images(command) => images(command).await,
    }
}

async fn images(command: ImagesCommand) -> Result<(), String> {
    match command {
        ImagesCommand::Import {
            dir,
            business,
            store,
            jobs,
            settings,
        } => {
            let jobs = jobs.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
            });
            if jobs == 0 {
                return Err("--jobs must be at least 1".to_owned());
            }
            let files = image_files(&dir)?;
            let config = resolve(settings)?;
            let enid = build_enid(&config).await?;
            let store = command_store(&enid, store).await?;
            let business = enid
                .references()
                .business(store.id, &business)
                .await
                .map_err(|err| match err.code {
                    "business_not_found" => {
                        format!("store {} has no business '{business}'", store.id)
                    }
                    _ => describe(err),
                })?;
            let bar = indicatif::ProgressBar::new(files.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} images  {per_sec}  eta {eta}",
                )
                .map_err(|e| e.to_string())?,
            );
            let started = std::time::Instant::now();
            let limit = enid.config().max_upload_bytes;
            // Files of this run with the same bytes as an earlier one are skipped here: the
            // check against the business's images cannot see imports still in flight.
            let seen = std::sync::Mutex::new(std::collections::HashSet::new());
            let outcomes: Vec<(PathBuf, Result<bool, String>)> = futures::stream::iter(files)
                .map(|path| {
                    let (enid, business, bar, seen) = (&enid, &business, &bar, &seen);
                    async move {
                        let outcome =
                            import_file(enid, store.id, business, &path, limit, seen).await;
                        bar.inc(1);
                        (path, outcome)
                    }
                })
                .buffer_unordered(jobs)
                .collect()
                .await;
            bar.finish_and_clear();
            let mut refused: Vec<(PathBuf, String)> = Vec::new();
            let (mut stored, mut skipped) = (0, 0);
            for (path, outcome) in outcomes {
                match outcome {
                    Ok(true) => stored += 1,
                    Ok(false) => skipped += 1,
                    Err(reason) => refused.push((path, reason)),
                }
            }
            refused.sort();
            for (path, reason) in &refused {
                println!("refused {}: {reason}", path.display());
            }
            println!(
                "imported {stored} images into '{}' of store {}, skipped {skipped} already \
                 stored, refused {} in {:.1} s",
                business.slug,
                store.id,
                refused.len(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        ImagesCommand::Gc { settings } => {
            let config = resolve(settings)?;
            let enid = build_enid(&config).await?;
            let report = enid.references().gc().await.map_err(describe)?;
            println!(
                "removed {} orphan files and {} unused blobs from {}: freed {} bytes",
                report.orphan_files,
                report.settled_blobs,
                enid.blobs().describe(),
                report.bytes_freed
            );
            Ok(())
        }
    }
}

/// The files directly in `dir`, by name.
fn image_files(dir: &std::path::Path) -> Result<Vec<PathBuf>, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", dir.display());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let entry = entry.map_err(cannot)?;
        if entry.file_type().map_err(cannot)?.is_file() {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// Imports one file: `Ok(true)` stored, `Ok(false)` already there, `Err` why it was refused.
async fn import_file(
    enid: &Enid,
    store: i64,
    business: &enid_core::references::Business,
    path: &std::path::Path,
    limit: usize,
    seen: &std::sync::Mutex<std::collections::HashSet<[u8; 32]>>,
) -> Result<bool, String> {
    let file = path.to_owned();
    let bytes = tokio::task::spawn_blocking(move || {
        let size = std::fs::metadata(&file)?.len();
        if size > limit as u64 {
            return Ok(None);
        }
        std::fs::read(&file).map(Some)
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| format!("cannot read it: {e}"))?;
    let Some(bytes) = bytes else {
        return Err(refusal(enid_core::references::upload_too_large(limit)));
    };
    let digest: [u8; 32] = sha2::Sha256::digest(&bytes).into();
    if !seen
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(digest)
    {
        return Ok(false);
    }
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    match enid
        .references()
        .import(store, business, &name, bytes.into())
        .await
    {
        Ok(ImportOutcome::Stored(_)) => Ok(true),
        Ok(ImportOutcome::AlreadyStored) => Ok(false),
        Err(err) if err.kind == ErrorKind::Internal => Err(describe(err)),
        Err(err) => Err(refusal(err)),
    }
}

/// Why a file was refused: the messages of a validation error, else its detail.
fn refusal(err: enid_core::Error) -> String {
    if err.fields.is_empty() {
        err.detail
    } else {
        err.fields
            .into_values()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

async fn seed(command: SeedCommand) -> Result<(), String> {
    match command {
        SeedCommand::PageAnalytics {
            count,
            days,
            store,
            seed,
            settings,
        } => {
            check_count(count)?;
            check_days(days)?;
            let config = resolve(settings)?;
            let enid = build_enid(&config).await?;
            let store = command_store(&enid, store).await?;
            let bar = indicatif::ProgressBar::new(count);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} page accesses  {per_sec}  eta {eta}",
                )
                .map_err(|e| e.to_string())?,
            );
            let started = std::time::Instant::now();
            let plan = enid_core::analytics::SeedPlan { count, days, seed };
            let report = enid
                .analytics()
                .seed(store.id, &plan, &|done| bar.set_position(done))
                .await
                .map_err(describe)?;
            bar.finish_and_clear();
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "seeded {} page accesses and {} journeys over {days} days into store {} in {seconds:.1} s ({:.0} page accesses/s); `enid analytics rollup --days {days}` computes their daily page performance rows",
                report.accesses,
                report.journeys,
                store.id,
                report.accesses as f64 / seconds.max(1e-9),
            );
            Ok(())
        }
        SeedCommand::Faqs {
            count,
            store,
            seed,
            settings,
        } => {
            if let Some(count) = count {
                check_count(count)?;
            }
            let config = resolve(settings)?;
            let enid = build_enid(&config).await?;
            let store = command_store(&enid, store).await?;
            let Some(count) = count else {
                let written = enid.faqs().seed_starter(store.id).await.map_err(describe)?;
                println!("seeded {written} starter FAQs into store {}", store.id);
                return Ok(());
            };
            let bar = indicatif::ProgressBar::new(count);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} FAQs  {per_sec}  eta {eta}",
                )
                .map_err(|e| e.to_string())?,
            );
            let started = std::time::Instant::now();
            let written = enid
                .faqs()
                .seed_generated(store.id, count, seed, &|done| bar.set_position(done))
                .await
                .map_err(describe)?;
            bar.finish_and_clear();
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "seeded {written} FAQs into store {} in {seconds:.1} s ({:.0} FAQs/s)",
                store.id,
                written as f64 / seconds.max(1e-9),
            );
            Ok(())
        }
        SeedCommand::Leads {
            count,
            days,
            store,
            seed,
            settings,
        } => {
            check_count(count)?;
            check_days(days)?;
            let config = resolve(settings)?;
            let enid = build_enid(&config).await?;
            let store = command_store(&enid, store).await?;
            let bar = indicatif::ProgressBar::new(count);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} leads  {per_sec}  eta {eta}",
                )
                .map_err(|e| e.to_string())?,
            );
            let started = std::time::Instant::now();
            let plan = enid_core::leads::LeadSeedPlan { count, days, seed };
            let written = enid
                .leads()
                .seed(store.id, &plan, &|done| bar.set_position(done))
                .await
                .map_err(describe)?;
            bar.finish_and_clear();
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "seeded {written} leads over {days} days into store {} in {seconds:.1} s ({:.0} leads/s){}",
                store.id,
                written as f64 / seconds.max(1e-9),
                if written < count {
                    format!("; {} skipped as duplicates", count - written)
                } else {
                    String::new()
                }
            );
            Ok(())
        }
        SeedCommand::Inventory {
            products,
            warehouses,
            movements,
            days,
            store,
            seed,
            settings,
        } => {
            let config = resolve(settings)?;
            let enid = build_enid(&config).await?;
            let store = command_store(&enid, store).await?;
            let plan = enid_core::stock::SeedPlan {
                products,
                warehouses,
                movements,
                days,
                seed,
            };
            let bar = indicatif::ProgressBar::new(movements.max(0) as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} movements  {per_sec}  eta {eta}",
                )
                .map_err(|e| e.to_string())?,
            );
            let started = std::time::Instant::now();
            let created = enid
                .stock()
                .seed(store.id, &plan, &|written| bar.set_position(written))
                .await
                .map_err(describe)?;
            bar.finish_and_clear();
            let names: Vec<String> = created
                .iter()
                .map(|w| format!("{} ({})", w.name, w.id))
                .collect();
            println!(
                "seeded {movements} movements of {products} products in store {} in {:.1} s; warehouses: {}",
                store.id,
                started.elapsed().as_secs_f64(),
                names.join(", ")
            );
            Ok(())
        }
    }
}

async fn analytics(command: AnalyticsCommand) -> Result<(), String> {
    match command {
        AnalyticsCommand::Rollup {
            date,
            days,
            store,
            settings,
        } => {
            check_days(days)?;
            let config = resolve(settings)?;
            let enid = build_enid(&config).await?;
            let last = match date {
                Some(date) => date,
                None => enid
                    .now()
                    .date_naive()
                    .pred_opt()
                    .expect("yesterday exists"),
            };
            let stores = match store {
                Some(id) => match enid.storage().store(id).await.map_err(describe)? {
                    Some(store) => vec![store.id],
                    None => return Err(no_store(id)),
                },
                None => {
                    let mut ids = Vec::new();
                    for page in 1.. {
                        let request =
                            enid_core::pagination::PageRequest::new(Some(page), Some(200))
                                .map_err(describe)?;
                        let stores = enid
                            .storage()
                            .list_stores(None, request)
                            .await
                            .map_err(describe)?;
                        ids.extend(stores.items.iter().map(|s| s.id));
                        if !stores.has_next() {
                            break;
                        }
                    }
                    ids
                }
            };
            let started = std::time::Instant::now();
            let first = last
                .checked_sub_days(chrono::Days::new(u64::from(days - 1)))
                .ok_or("--days reaches too far back")?;
            for date in first.iter_days().take(days as usize) {
                for &store in &stores {
                    let report = enid
                        .analytics()
                        .roll_up(store, date)
                        .await
                        .map_err(describe)?;
                    println!(
                        "{date} store {store}: {} page performance rows{}",
                        report.pages,
                        if report.summary_rolled_up {
                            ", summary rollup recomputed"
                        } else {
                            " (the day is not over: its summary rollup stays as the writes keep it)"
                        }
                    );
                }
            }
            println!(
                "rolled up {days} day(s) of {} store(s) in {:.1} s",
                stores.len(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
    }
}

async fn stock(command: StockCommand) -> Result<(), String> {
    match command {
        StockCommand::Verify { store, settings } => {
            let config = resolve(settings)?;
            let enid = build_enid(&config).await?;
            if let Some(id) = store
                && enid.storage().store(id).await.map_err(describe)?.is_none()
            {
                return Err(no_store(id));
            }
            let report = enid.stock().verify(store).await.map_err(describe)?;
            for m in &report.mismatches {
                println!(
                    "mismatch: store {} product {} warehouse {}: level {}, ledger sum {} (off by {})",
                    m.store_id,
                    m.product_id,
                    m.warehouse_id,
                    m.level,
                    m.ledger,
                    m.level - m.ledger
                );
            }
            println!(
                "checked {} levels against {} movements: {} mismatched",
                report.levels_checked,
                report.movements_checked,
                report.mismatches.len()
            );
            if report.mismatches.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{} stock level(s) differ from the ledger",
                    report.mismatches.len()
                ))
            }
        }
    }
}

async fn assistant(command: AssistantCommand) -> Result<(), String> {
    match command {
        AssistantCommand::Ask {
            question,
            store,
            settings,
        } => {
            let config = resolve(settings)?;
            // The answer goes to standard output; logs (why a model failed) to standard error.
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(&config.log))
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .try_init();
            let enid = build_enid(&config).await?;
            let store = command_store(&enid, store).await?;
            let input = enid_core::assistant::ChatInput {
                message: question,
                conversation_id: None,
            };
            let turn = enid
                .assistant()
                .start_turn(None, store.id, input, "command-line", true)
                .await
                .map_err(describe)?;
            let mut out = std::io::stdout();
            let reply = turn
                .run(&mut |piece: &str| {
                    let _ = out.write_all(piece.as_bytes());
                    let _ = out.flush();
                })
                .await
                .map_err(|failure| describe(failure.error))?;
            println!();
            let answer = &reply.ai_response;
            eprintln!(
                "provider {}, model {}, {} ms{}; conversation {}",
                answer.provider.as_deref().unwrap_or_default(),
                answer.model.as_deref().unwrap_or_default(),
                answer.latency_ms.unwrap_or_default(),
                if answer.cached {
                    ", from the cache"
                } else {
                    ""
                },
                reply.conversation_id
            );
            Ok(())
        }
    }
}

/// The longest window, in days, the seed and rollup commands take.
const MAX_DAYS: u32 = 3650;

/// `--days` of the seed and rollup commands, checked before the database is touched.
fn check_days(days: u32) -> Result<(), String> {
    if (1..=MAX_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(format!("--days must be between 1 and {MAX_DAYS}"))
    }
}

/// `--count` of the seed commands: seeding nothing is a mistake, not a success.
fn check_count(count: u64) -> Result<(), String> {
    if count == 0 {
        Err("--count must be at least 1".to_owned())
    } else {
        Ok(())
    }
}

fn resolve(flags: Settings) -> Result<ServerConfig, String> {
    flags.or(Settings::from_config_file()?).resolve()
}

fn no_store(id: i64) -> String {
    format!("there is no store {id}")
}

/// The store a command fills: `id`, or the default store.
async fn command_store(enid: &Enid, id: Option<i64>) -> Result<Store, String> {
    let id = id.unwrap_or(enid.config().default_store);
    enid.stores()
        .resolve(Some(id))
        .await
        .map_err(|err| match err.code {
            "store_not_found" => no_store(id),
            _ => describe(err),
        })
}

/// A core error as one line: the detail and each field's messages, or the cause of an internal
/// error, which the operator running a command needs (HTTP clients never see it).
fn describe(err: enid_core::Error) -> String {
    if err.kind == ErrorKind::Internal
        && let Some(cause) = err.cause()
    {
        return cause.to_string();
    }
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

/// Logs to standard output with the filter of `ENID_LOG` (checked when the settings were
/// resolved), then logs the settings at debug level (secrets masked).
fn init_logging(config: &ServerConfig) {
    let builder =
        tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::new(&config.log));
    let _ = match config.log_format {
        LogFormat::Json => builder.json().try_init(),
        // Colour codes are for a terminal: in a file or a log collector they are noise.
        LogFormat::Text => builder
            .with_ansi(std::io::stdout().is_terminal())
            .try_init(),
    };
    tracing::debug!(?config, "settings");
}

/// Prints a line for the operator on standard output: as is with text logs; with JSON logs as a
/// log line of the same shape, so that every line on standard output is JSON. Printed whatever
/// `ENID_LOG` lets through: scripts wait for these lines.
fn announce(format: LogFormat, line: &str) {
    match format {
        LogFormat::Text => println!("{line}"),
        LogFormat::Json => println!(
            "{}",
            serde_json::json!({
                "timestamp": chrono::Utc::now()
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                "level": "INFO",
                "fields": {"message": line.trim_start()},
                "target": module_path!(),
            })
        ),
    }
}

/// Opens the database and applies pending migrations; a failure names the URL, its password
/// masked.
async fn open_storage(config: &ServerConfig) -> Result<Arc<dyn Storage>, String> {
    let url = config.database_url.expose();
    enid_storage::connect(url)
        .await
        .map_err(|err| format!("{}: {}", shown("DATABASE_URL", url), describe(err)))
}

/// Connects Redis when configured, then storage, and builds the backend. Redis comes first so
/// that a Redis that cannot be used leaves no new database file behind.
pub async fn build_enid(config: &ServerConfig) -> Result<Enid, String> {
    let redis = match &config.redis_url {
        Some(url) => Some(
            enid_storage::redis::RedisBackend::connect(url.expose())
                .await
                .map_err(|err| {
                    format!(
                        "{}: {}",
                        shown("ENID_REDIS_URL", url.expose()),
                        describe(err)
                    )
                })?,
        ),
        None => None,
    };
    let blobs: Option<Arc<dyn BlobStore>> = match &config.blobs {
        Some(url) => Some(Arc::new(
            enid_storage::s3::S3BlobStore::from_env(url)
                .map_err(|err| format!("{}: {}", shown("ENID_BLOBS", url), describe(err)))?,
        )),
        None => None,
    };
    let storage = open_storage(config).await?;
    let mut builder = Enid::builder(storage).config(config.core.clone());
    if let Some(blobs) = blobs {
        builder = builder.blobs(blobs);
    }
    if let Some(redis) = redis {
        builder = builder
            .cache(Arc::new(redis.cache()))
            .rate_limiter(Arc::new(redis.rate_limiter()));
    }
    builder
        .build()
        .await
        .map_err(|err| format!("startup: {}", describe(err)))
}

async fn serve(config: ServerConfig, split_ports: bool) -> Result<(), String> {
    let enid = build_enid(&config).await?;
    // Every listener is bound before anything is announced, so "serving" means reachable.
    let main = bind(&config.bind).await?;
    let local = main.local_addr().map_err(|e| e.to_string())?;
    let mut listeners = vec![(main, crate::endpoint_with(enid.clone(), &config.http))];
    let mut split = Vec::new();
    if split_ports {
        for service in Service::ALL {
            let addr = SocketAddr::new(local.ip(), service.port()).to_string();
            let app = crate::service_endpoint(service, enid.clone(), &config.http);
            listeners.push((bind(&addr).await?, app));
            split.push(format!("  {} alone on http://{addr}", service.name()));
        }
    }
    announce(
        config.log_format,
        &format!(
            "Enid is serving on http://{local} (docs at http://{local}/docs, back office at \
             http://{local}/admin/)"
        ),
    );
    for line in split {
        announce(config.log_format, &line);
    }
    tracing::info!(addr = %local, backend = enid.storage().backend(), "serving");

    let purging = tokio::spawn(purge_sessions_hourly(enid.clone()));
    let servers: Vec<_> = listeners
        .into_iter()
        .map(|(listener, app)| tokio::spawn(run_server(listener, app, config.connection_timeouts)))
        .collect();
    for server in servers {
        server
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
    }
    purging.abort();
    tracing::info!("stopped");
    Ok(())
}

/// Deletes sessions that can no longer authenticate anyone, at start and then every hour. Every
/// instance may do it: the deletes are idempotent.
async fn purge_sessions_hourly(enid: Enid) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match enid.accounts().purge_sessions().await {
            Ok(purged) if purged.sessions > 0 || purged.refresh_tokens > 0 => tracing::info!(
                sessions = purged.sessions,
                refresh_tokens = purged.refresh_tokens,
                "purged sessions that can no longer authenticate"
            ),
            Ok(_) => tracing::debug!("no sessions to purge"),
            Err(err) => tracing::warn!(error = %err, "purging sessions failed"),
        }
    }
}

async fn bind(addr: &str) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))
}

/// Serves until SIGINT or SIGTERM, then lets requests in flight finish (up to 10 s). Connections
/// that keep it waiting are closed after `timeouts`.
async fn run_server(
    listener: tokio::net::TcpListener,
    app: poem::endpoint::BoxEndpoint<'static>,
    timeouts: ConnectionTimeouts,
) -> std::io::Result<()> {
    let acceptor = TimedAcceptor::new(
        NoDelayAcceptor(TcpAcceptor::from_tokio(listener)?),
        timeouts,
    );
    Server::new_with_acceptor(acceptor)
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
