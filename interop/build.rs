//! Finds the C peers with pkg-config; a missing one stops the build with a
//! single line naming the Debian package that provides it.

fn main() {
    for (lib, package) in [("spandsp", "libspandsp-dev"), ("libtiff-4", "libtiff-dev")] {
        if let Err(e) = pkg_config::Config::new().probe(lib) {
            let first = e.to_string();
            let first = first.lines().next().unwrap_or_default();
            eprintln!("missive-interop: {lib} not found ({first}); install it: apt-get install -y {package} pkg-config");
            std::process::exit(1);
        }
    }
}
