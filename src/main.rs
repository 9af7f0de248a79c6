/// The system allocator spent a fifth of a 1,000-page build in malloc and free (perf); mimalloc
/// handles the many short-lived strings of parallel rendering with much less contention.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    handbok::cli::main()
}
