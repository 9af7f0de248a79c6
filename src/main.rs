#![warn(clippy::too_many_lines)]

/// The system allocator spent a fifth of a 1,000-page build in malloc and free (perf); mimalloc
/// handles the many short-lived strings of parallel rendering with much less contention. Its
/// `no_thp` feature (Cargo.toml) keeps the peak memory down.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    handbok::cli::main()
}
