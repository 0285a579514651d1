//! Serve: which `Host` a request may name. A web page the author visits
//! can point a name of its own at 127.0.0.1 (DNS rebinding) and then read
//! the preview, drafts included, as a same-origin page; what gives it away
//! is the `Host` header, which carries the page's name. So, as Vite's
//! `server.allowedHosts` and webpack-dev-server's `allowedHosts`, only
//! names known to be this machine are answered:
//!
//! - `localhost` and `*.localhost` (browsers resolve them to loopback
//!   themselves), with or without a trailing dot;
//! - any IP address (the bound one, the machine's addresses when bound to
//!   `0.0.0.0`): rebinding needs a name, an address cannot be re-pointed;
//! - the names given with `--allow-host` (a leading dot allows every
//!   subdomain: `.example.test`).
//!
//! The port is not compared: `localhost:1111` and `localhost` are alike.
//! Pure: no I/O, so the rules are unit-tested.

use std::net::IpAddr;

/// The names allowed besides localhost and IP addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    /// From `--allow-host` values (letter case and a trailing dot ignored).
    pub fn new(names: &[String]) -> AllowedHosts {
        let names = names.iter().map(|n| normalise(n)).collect();
        AllowedHosts { names }
    }

    /// Whether a request naming `authority` (`host`, `host:port`,
    /// `[v6]:port`) may be answered.
    pub fn allows(&self, authority: &str) -> bool {
        let Some(host) = host_of(authority) else {
            return false;
        };
        let host = normalise(host);
        is_localhost(&host) || is_ip(&host) || self.names.iter().any(|n| matches(n, &host))
    }
}

/// The host part of an authority: the port and IPv6 brackets removed;
/// `None` for an empty one or one with user info (`a@b`).
fn host_of(authority: &str) -> Option<&str> {
    if authority.contains('@') {
        return None;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']')? {
            (host, "") => host,
            (host, port) => port.starts_with(':').then_some(host)?,
        },
        None => authority
            .rsplit_once(':')
            .map_or(authority, |(host, _port)| host),
    };
    (!host.is_empty()).then_some(host)
}

fn normalise(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

fn is_localhost(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

fn is_ip(host: &str) -> bool {
    host.parse::<IpAddr>().is_ok()
}

/// `name` allows `host` exactly, or every subdomain when it starts with `.`.
fn matches(name: &str, host: &str) -> bool {
    match name.strip_prefix('.') {
        Some(domain) => host == domain || host.ends_with(name),
        None => host == name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(authority: &str) -> bool {
        AllowedHosts::default().allows(authority)
    }

    #[test]
    fn localhost_in_any_form_is_allowed() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "localhost.",
            "localhost.:80",
            "notes.localhost:1111",
        ] {
            assert!(allowed(host), "{host}");
        }
    }

    #[test]
    fn ip_addresses_are_allowed() {
        for host in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[::1]",
            "192.168.1.5:1111",
            "[fe80::1]:8080",
        ] {
            assert!(allowed(host), "{host}");
        }
    }

    #[test]
    fn other_names_are_refused() {
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "0x7f.1",
            "",
            ":1111",
            "user@localhost",
            "[::1",
        ] {
            assert!(!allowed(host), "{host}");
        }
    }

    #[test]
    fn allow_host_adds_names_and_domains() {
        let hosts = AllowedHosts::new(&["Preview.Test.".into(), ".lan".into()]);
        assert!(hosts.allows("preview.test:1111"));
        assert!(hosts.allows("box.lan"));
        assert!(hosts.allows("lan"));
        assert!(!hosts.allows("other.test"));
        assert!(!hosts.allows("evillan"));
    }
}
