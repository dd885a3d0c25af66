//! `backlog serve`'s server: the board live on a local port, where a Product Owner re-ranks
//! with a reason and changes an item's state and owner. One thread answers one request at a
//! time (tiny_http: small, synchronous, no async runtime for a one-person local tool). Every
//! request passes `guard` first; every page and data request reads the backlog afresh, so edits
//! made on disk show at the next request; writes go through `actions`. It never commits.

pub mod actions;
pub mod guard;
pub mod live;

use crate::load::Location;
use crate::store::{Refused, Stale};
use anyhow::{Result, anyhow};
use guard::{Denied, Guard, MAX_BODY};
use serde::Serialize;
use std::collections::BTreeSet;
use std::io::Read as _;
use std::net::{IpAddr, SocketAddr};
use tiny_http::{Header, Method, Request, Response, Server};

/// A bound server, before it answers anything.
pub struct Board {
    server: Server,
    location: Location,
    guard: Guard,
    pub addr: SocketAddr,
    edited: BTreeSet<String>,
}

impl Board {
    /// Binds `bind:port` (port 0 picks a free one).
    pub fn bind(location: Location, ip: IpAddr, port: u16, explicit_bind: bool) -> Result<Board> {
        let server = Server::http(SocketAddr::new(ip, port))
            .map_err(|e| anyhow!("cannot listen on {}: {e}", SocketAddr::new(ip, port)))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| anyhow!("the server has no IP address"))?;
        let token = crate::board::html::random_hex(24);
        let guard = Guard::new(addr.port(), explicit_bind.then_some(ip), token);
        Ok(Board {
            server,
            location,
            guard,
            addr,
            edited: BTreeSet::new(),
        })
    }

    /// The address a browser on this machine opens.
    pub fn url(&self) -> String {
        format!("http://{}/", self.guard.hosts[0])
    }

    /// Answers requests until the process is stopped.
    pub fn run(mut self) -> Result<()> {
        loop {
            let request = match self.server.recv() {
                Ok(r) => r,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(anyhow!("the server stopped: {e}")),
            };
            let answer = self.answer(request);
            // A browser that went away is not the server's problem.
            let _ = answer;
        }
    }

    fn answer(&mut self, mut request: Request) -> std::io::Result<()> {
        let header = |name: &str| -> Option<String> {
            request
                .headers()
                .iter()
                .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
                .map(|h| h.value.as_str().to_owned())
        };
        if let Err(denied) = self.guard.host(header("Host").as_deref()) {
            return request.respond(denial(&denied));
        }
        let path = request.url().split('?').next().unwrap_or("").to_owned();
        let method = request.method().clone();
        let checks = |g: &Guard| -> Result<(), Denied> {
            g.token(header("X-Backlog-Token").as_deref())?;
            if method == Method::Post {
                g.same_origin(
                    header("Origin").as_deref(),
                    header("Sec-Fetch-Site").as_deref(),
                    header("Content-Type").as_deref(),
                )?;
            }
            Ok(())
        };
        match (&method, path.as_str()) {
            (Method::Get | Method::Head, "/") => {
                let response =
                    match live::view(&self.location, &self.guard.token, &self.edited, None) {
                        Ok(view) => {
                            let nonce = crate::board::html::random_hex(16);
                            let page = crate::board::page(&view, &nonce);
                            with_headers(
                                Response::from_string(page),
                                "text/html; charset=utf-8",
                                &nonce,
                            )
                        }
                        Err(e) => json(500, false, &format!("{e:#}")),
                    };
                request.respond(response)
            }
            (Method::Get, "/data.json") => {
                if let Err(denied) = checks(&self.guard) {
                    return request.respond(denial(&denied));
                }
                request.respond(self.data(None))
            }
            (Method::Post, "/api/move" | "/api/field") => {
                if let Err(denied) =
                    checks(&self.guard).and_then(|()| self.guard.length(request.body_length()))
                {
                    return request.respond(denial(&denied));
                }
                let mut body = Vec::new();
                let read = request
                    .as_reader()
                    .take(MAX_BODY as u64 + 1)
                    .read_to_end(&mut body);
                if read.is_err() || body.len() > MAX_BODY {
                    return request.respond(denial(&Denied(
                        413,
                        format!("request body refused: at most {MAX_BODY} bytes"),
                    )));
                }
                let response = self.write(&path, &body);
                request.respond(response)
            }
            (_, "/" | "/data.json" | "/api/move" | "/api/field") => {
                request.respond(json(405, false, "method not allowed"))
            }
            _ => request.respond(json(404, false, "not found")),
        }
    }

    /// Carries out a write and answers with its message; a stale page gets 409.
    fn write(&mut self, path: &str, body: &[u8]) -> Response<std::io::Cursor<Vec<u8>>> {
        let result = if path == "/api/move" {
            serde_json::from_slice(body)
                .map_err(|e| anyhow::Error::new(Refused(format!("bad move request: {e}"))))
                .and_then(|r| actions::move_item(&self.location, &r))
        } else {
            serde_json::from_slice(body)
                .map_err(|e| anyhow::Error::new(Refused(format!("bad field request: {e}"))))
                .and_then(|r| actions::set_field(&self.location, &r))
        };
        match result {
            Ok(done) => {
                self.edited.extend(done.edited);
                json(200, true, &done.message)
            }
            Err(e) if e.is::<Stale>() => json(409, false, &e.to_string()),
            Err(e) if e.is::<Refused>() => json(422, false, &e.to_string()),
            Err(e) if e.is::<crate::lock::Contention>() => json(423, false, &format!("{e:#}")),
            Err(e) => json(500, false, &format!("{e:#}")),
        }
    }

    fn data(&self, notice: Option<String>) -> Response<std::io::Cursor<Vec<u8>>> {
        match live::view(&self.location, &self.guard.token, &self.edited, notice) {
            Ok(view) => {
                let body = serde_json::to_string(&view).unwrap_or_else(|_| "{}".into());
                with_headers(Response::from_string(body), "application/json", "")
            }
            Err(e) => json(500, false, &format!("{e:#}")),
        }
    }
}

#[derive(Serialize)]
struct Answer<'a> {
    ok: bool,
    message: &'a str,
}

fn json(status: u16, ok: bool, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = serde_json::to_string(&Answer { ok, message }).unwrap_or_default();
    with_headers(Response::from_string(body), "application/json", "").with_status_code(status)
}

fn denial(denied: &Denied) -> Response<std::io::Cursor<Vec<u8>>> {
    json(denied.0, false, &denied.1)
}

/// The headers of every answer: its type, no caching, no framing, no sniffing, and a policy
/// that lets only the page's own script (with `nonce`) run and talk only to this server.
fn with_headers(
    response: Response<std::io::Cursor<Vec<u8>>>,
    content_type: &str,
    nonce: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let script = if nonce.is_empty() {
        "'none'".to_owned()
    } else {
        format!("'nonce-{nonce}'")
    };
    let csp = format!(
        "default-src 'none'; script-src {script}; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
    );
    let headers = [
        ("Content-Type", content_type.to_owned()),
        ("Cache-Control", "no-store".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("X-Frame-Options", "DENY".into()),
        ("Referrer-Policy", "no-referrer".into()),
        ("Cross-Origin-Resource-Policy", "same-origin".into()),
        ("Content-Security-Policy", csp),
    ];
    headers.iter().fold(response, |r, (k, v)| {
        match Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            Ok(h) => r.with_header(h),
            Err(()) => r,
        }
    })
}

#[cfg(test)]
mod tests;
