fn main() -> std::process::ExitCode {
    handbok::cli::main()
}
