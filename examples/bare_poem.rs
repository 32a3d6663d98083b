//! The yardstick of `bench/scale.sh`: a poem server with one trivial JSON endpoint and nothing
//! else (no database, no authentication, no middleware), built with the same compiler, profile
//! and poem as `enid`. The ratio of Enid's authenticated `GET /user/profile/` to this endpoint's
//! requests per second is what Enid's own work per request costs.
//!
//! ```text
//! cargo run --release -p enid-examples --example bare_poem -- 127.0.0.1:3001
//! curl http://127.0.0.1:3001/user/profile/
//! ```

use poem::listener::TcpListener;
use poem::web::Json;
use poem::{Route, Server, get, handler};

/// A body about the size of a profile's.
#[handler]
fn profile() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "id": 1,
        "email": "bench@enid.mx",
        "name": "",
        "is_superuser": true,
        "stores": [{"id": 1, "name": "Enid Service", "role": "admin"}],
        "profile": "admin",
    }))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3001".to_owned());
    let app = Route::new().at("/user/profile/", get(profile));
    println!("bare poem listening on http://{addr}");
    Server::new(TcpListener::bind(addr)).run(app).await?;
    Ok(())
}
