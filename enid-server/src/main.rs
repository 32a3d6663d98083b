fn main() -> std::process::ExitCode {
    enid_server::cli::main()
}
