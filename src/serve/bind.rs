//! Serve: the listening address. Binds the requested port or, when it is
//! busy, the next free one (up to [`PORT_TRIES`] ports), and derives the
//! site URL that the build uses as `base_url`.

use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};

use anyhow::{bail, Context as _};

/// How many consecutive ports are tried, the requested one included.
pub const PORT_TRIES: u16 = 10;

/// Listens on `ip:port`, or the next free port after a busy one. Port 0
/// lets the system pick.
pub fn bind(ip: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    let ports = candidate_ports(port);
    for (i, &p) in ports.iter().enumerate() {
        let addr = SocketAddr::new(ip, p);
        match TcpListener::bind(addr) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == ErrorKind::AddrInUse => match ports.get(i + 1) {
                Some(next) => eprintln!("port {p} is in use; trying {next}"),
                None => bail!(
                    "ports {port} to {p} are all in use; choose another with --port (0 picks a free one)"
                ),
            },
            Err(e) => return Err(e).with_context(|| format!("cannot listen on {addr}")),
        }
    }
    bail!("no port to try")
}

/// `port` and the ports after it, without wrapping past 65535.
pub fn candidate_ports(port: u16) -> Vec<u16> {
    if port == 0 {
        return vec![0];
    }
    (0..PORT_TRIES)
        .filter_map(|i| port.checked_add(i))
        .collect()
}

/// The URL the site is built for and printed as, `http://127.0.0.1:1111/`.
/// A wildcard address (`0.0.0.0`, `::`) is shown as loopback, the address
/// that works from this machine.
pub fn site_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Parses `--bind`: an IP address, or `localhost`.
pub fn parse_bind(s: &str) -> Result<IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    s.parse()
        .map_err(|_| format!("`{s}` is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_the_next_ports_without_wrapping() {
        assert_eq!(candidate_ports(1111), (1111..1121).collect::<Vec<_>>());
        assert_eq!(candidate_ports(65534), [65534, 65535]);
        assert_eq!(candidate_ports(0), [0]);
    }

    #[test]
    fn urls_for_v4_v6_and_wildcards() {
        let url = |s: &str| site_url(s.parse().unwrap());
        assert_eq!(url("127.0.0.1:1111"), "http://127.0.0.1:1111/");
        assert_eq!(url("0.0.0.0:8080"), "http://127.0.0.1:8080/");
        assert_eq!(url("[::1]:1111"), "http://[::1]:1111/");
        assert_eq!(url("[::]:1111"), "http://[::1]:1111/");
        assert_eq!(url("192.168.1.5:1111"), "http://192.168.1.5:1111/");
    }

    #[test]
    fn bind_accepts_localhost_and_addresses() {
        assert_eq!(parse_bind("localhost"), Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        assert_eq!(parse_bind("::1"), Ok(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert!(parse_bind("example.com").is_err());
    }

    #[test]
    fn busy_port_moves_on_to_the_next() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        if port == u16::MAX {
            return;
        }
        let got = bind(IpAddr::V4(Ipv4Addr::LOCALHOST), port).unwrap();
        assert_ne!(got.local_addr().unwrap().port(), port);
    }
}
