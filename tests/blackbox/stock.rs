use enid_tests::run_enid;

#[test]
fn stock_verify_catches_a_level_corrupted_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stock.db");
    let url = format!("sqlite://{}", path.display());
    let env = [("DATABASE_URL", url.as_str())];

    let seed = [
        "seed",
        "inventory",
        "--products",
        "40",
        "--warehouses",
        "3",
        "--movements",
        "3000",
        "--days",
        "90",
    ];
    let (ok, stdout, stderr) = run_enid(dir.path(), &seed, &env, "");
    assert!(ok, "{stderr}");
    assert!(stdout.contains("seeded 3000 movements"), "{stdout}");

    let (ok, stdout, stderr) = run_enid(dir.path(), &["stock", "verify"], &env, "");
    assert!(ok, "a fresh history verifies: {stdout} {stderr}");
    assert!(
        stdout.contains("checked 120 levels against 3000 movements: 0 mismatched"),
        "{stdout}"
    );

    // Someone edits a level behind Enid's back; the ledger itself refuses edits.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (warehouse, before): (i64, i64) = conn
        .query_row(
            "SELECT warehouse_id, quantity FROM stock_levels WHERE product_id = 7 \
             ORDER BY warehouse_id LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    conn.execute(
        "UPDATE stock_levels SET quantity = quantity + 5 WHERE product_id = 7 AND warehouse_id = ?1",
        [warehouse],
    )
    .unwrap();
    let refused = conn
        .execute(
            "UPDATE stock_movements SET quantity = 0 WHERE product_id = 7",
            [],
        )
        .unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    assert!(conn.execute("DELETE FROM stock_movements", []).is_err());
    drop(conn);

    let (ok, stdout, stderr) = run_enid(dir.path(), &["stock", "verify"], &env, "");
    assert!(!ok, "a mismatch fails the command: {stdout}");
    let expected = format!(
        "mismatch: store 1 product 7 warehouse {warehouse}: level {}, ledger sum {before} (off by 5)",
        before + 5
    );
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(stdout.contains("1 mismatched"), "{stdout}");
    assert!(stderr.contains("1 stock level(s) differ"), "{stderr}");

    let (ok, stdout, _) = run_enid(dir.path(), &["stock", "verify", "--store", "1"], &env, "");
    assert!(!ok && stdout.contains(&expected), "{stdout}");
    let (ok, _, stderr) = run_enid(dir.path(), &["stock", "verify", "--store", "99"], &env, "");
    assert!(!ok && stderr.contains("no store 99"), "{stderr}");
}
