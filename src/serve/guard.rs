//! What every request must pass before the server looks at it: a Host naming this server
//! (no DNS rebinding), and for a write the page's token, a same-origin request, JSON, and a
//! body within the size limit. Pure checks on header values; `serve` applies them.

/// The largest request body read; a move or a field change is a few hundred bytes.
pub const MAX_BODY: usize = 16 * 1024;

/// Who may talk to the server.
pub struct Guard {
    /// `host:port` values a Host header may carry.
    pub hosts: Vec<String>,
    pub token: String,
}

/// A refused request: the status and a one-line reason.
#[derive(Debug, PartialEq, Eq)]
pub struct Denied(pub u16, pub String);

impl Guard {
    pub fn new(port: u16, bind: Option<std::net::IpAddr>, token: String) -> Guard {
        let mut hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        if let Some(ip) = bind.filter(|ip| !ip.is_unspecified()) {
            hosts.push(match ip {
                std::net::IpAddr::V4(v4) => format!("{v4}:{port}"),
                std::net::IpAddr::V6(v6) => format!("[{v6}]:{port}"),
            });
        }
        Guard { hosts, token }
    }

    /// Every request: the Host header must name this server by the address it serves on, so
    /// a page on a rebound DNS name cannot reach it.
    pub fn host(&self, host: Option<&str>) -> Result<(), Denied> {
        match host {
            Some(h)
                if self
                    .hosts
                    .iter()
                    .any(|ok| ok.eq_ignore_ascii_case(h.trim())) =>
            {
                Ok(())
            }
            Some(h) => Err(Denied(
                421,
                format!(
                    "Host `{}` is not this server; use http://{}/",
                    crate::sanitize::line(h),
                    self.hosts[0]
                ),
            )),
            None => Err(Denied(400, "a Host header is required".into())),
        }
    }

    /// A write, or a read of the data: the page's token, sent by the page's own script.
    pub fn token(&self, sent: Option<&str>) -> Result<(), Denied> {
        match sent {
            Some(t) if same(t.trim().as_bytes(), self.token.as_bytes()) => Ok(()),
            Some(_) => Err(Denied(403, "wrong token: reload the page".into())),
            None => Err(Denied(
                403,
                "missing X-Backlog-Token: writes come from the board page".into(),
            )),
        }
    }

    /// A write: from this server's own page (Origin and Sec-Fetch-Site, when the browser
    /// sends them, must say so), as JSON (which a cross-site form cannot send).
    pub fn same_origin(
        &self,
        origin: Option<&str>,
        fetch_site: Option<&str>,
        content_type: Option<&str>,
    ) -> Result<(), Denied> {
        if let Some(origin) = origin {
            let ok = origin
                .strip_prefix("http://")
                .is_some_and(|h| self.hosts.iter().any(|ok| ok.eq_ignore_ascii_case(h)));
            if !ok {
                return Err(Denied(
                    403,
                    format!(
                        "cross-origin request from `{}` refused",
                        crate::sanitize::line(origin)
                    ),
                ));
            }
        }
        if let Some(site) = fetch_site
            && !site.eq_ignore_ascii_case("same-origin")
        {
            return Err(Denied(
                403,
                format!(
                    "Sec-Fetch-Site `{}` refused: writes come from the board page",
                    crate::sanitize::line(site)
                ),
            ));
        }
        let json = content_type.is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
        if !json {
            return Err(Denied(
                415,
                "writes are JSON (Content-Type: application/json)".into(),
            ));
        }
        Ok(())
    }

    /// A declared body length over the limit is refused before reading it.
    pub fn length(&self, length: Option<usize>) -> Result<(), Denied> {
        match length {
            Some(n) if n > MAX_BODY => Err(Denied(
                413,
                format!("request body of {n} bytes refused: at most {MAX_BODY}"),
            )),
            _ => Ok(()),
        }
    }
}

/// Compares in time independent of where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
