//! A host poem application that serves its own route at `/` and the whole of Enid under `/enid`.
//!
//! ```text
//! cargo run -p enid-examples --example embed_host -- 127.0.0.1:3000
//! curl http://127.0.0.1:3000/            # the host's page
//! curl http://127.0.0.1:3000/enid/health/ready
//! open http://127.0.0.1:3000/enid/docs    # Enid's docs, with /enid as the server URL
//! ```
//!
//! `DATABASE_URL` picks the database (default: an in-memory SQLite database).

use poem::listener::TcpListener;
use poem::{Route, Server, get, handler};

use enid_core::Enid;

#[handler]
fn home() -> &'static str {
    "Welcome to the shop. The store backend lives under /enid."
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let database = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".to_owned());

    let storage = enid_storage::connect(&database).await?;
    let enid = Enid::builder(storage).build().await?;

    let app = Route::new()
        .at("/", get(home))
        .nest("/enid", enid_server::endpoint(enid));

    println!("host listening on http://{addr} (Enid under /enid, docs at /enid/docs)");
    Server::new(TcpListener::bind(addr)).run(app).await?;
    Ok(())
}
