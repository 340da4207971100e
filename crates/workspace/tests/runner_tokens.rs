//! A runner's token goes only to the runner it was given for. It is kept (here in the
//! secrets file; on a desktop in the keychain) bound to the origin of the runner's URL,
//! and a workspace whose runner was pointed elsewhere — edited by hand, or sent by
//! someone else — does not send it there: pushes wait, saying why, and the server at
//! the new URL never sees the token. Until this was enforced the binding was stored and
//! the token sent wherever the workspace's runner row pointed.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use parcours_model::Drain;
use parcours_workspace::secrets::LocalSecrets;
use parcours_workspace::{Actor, Role, Workspace};

/// A server on loopback that records each request's head, answers its health check, and
/// answers 503 to the rest (so pushes to it stay queued): its URL and what it saw.
fn server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            // Everything is read before answering: closing on unread bytes would reset
            // the connection before the client reads the answer.
            let mut request = Vec::new();
            let mut chunk = [0u8; 8192];
            loop {
                let text = String::from_utf8_lossy(&request).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().to_string())
                        })
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        record.lock().unwrap().push(text[..end].to_string());
                        break;
                    }
                }
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&chunk[..n]),
                }
            }
            let health = request.starts_with(b"GET /healthz ");
            let _ = stream.write_all(if health {
                b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
            } else {
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            });
        }
    });
    (url, seen)
}

#[test]
fn a_runner_pointed_elsewhere_is_not_sent_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    let mut ws = Workspace::open(&db, Actor::with_role("ada", Role::Administrator))
        .unwrap()
        .with_secrets(LocalSecrets::with_file(dir.path().join("secrets.enc")).without_keychain());
    ws.seed_samples_if_empty().unwrap();
    ws.unlock_secrets("correct horse battery staple").unwrap();
    let (trusted, _) = server();
    let (other, seen) = server();

    ws.add_runner("live", &trusted, Some("prt_given_for_live")).unwrap();
    assert_eq!(ws.runners().unwrap()[0].token, "secrets file");

    // Pointing the runner elsewhere without its token is refused, saying why.
    let refused = ws.add_runner("live", &other, None).unwrap_err();
    assert!(
        refused
            .message
            .contains(&format!("was given for {trusted}, not {other}")),
        "{}",
        refused.message
    );

    // The workspace file edited by hand: the runner now points elsewhere.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE runners SET url = ?1 WHERE name = 'live'", [&other])
        .unwrap();
    assert_eq!(ws.runners().unwrap()[0].token, "elsewhere");
    ws.new_version("cart_recovery").unwrap();
    ws.publish_to("cart_recovery", Drain::ClosePrevious, Some(vec!["live".into()]))
        .unwrap();
    let pushes = ws.deliver_pushes().unwrap();
    assert_eq!(pushes[0].state, "queued", "{pushes:?}");
    let why = pushes[0].last_error.clone().unwrap_or_default();
    assert!(
        why.contains("a token goes only to the runner it was given for"),
        "{why}"
    );
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent there");
    let check = ws.runner_check_job("live").unwrap().run();
    assert!(
        check.problems.iter().any(|p| p.contains("was given for")),
        "{:?}",
        check.problems
    );
    assert!(
        !seen.lock().unwrap().iter().any(|r| r.contains("prt_given_for_live")),
        "the check did not send it either"
    );

    // Given for the new URL, a token goes there.
    ws.add_runner("live", &other, Some("prt_given_for_other")).unwrap();
    ws.retry_pushes_now().unwrap();
    ws.deliver_pushes().unwrap();
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.iter().any(|r| r.contains("Bearer prt_given_for_other")),
        "{seen:?}"
    );
    assert!(!seen.iter().any(|r| r.contains("prt_given_for_live")), "{seen:?}");
}
