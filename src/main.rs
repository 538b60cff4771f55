//! The `colead` binary: everything lives in the library's `cli` module.

fn main() {
    std::process::exit(colead::cli::main());
}
