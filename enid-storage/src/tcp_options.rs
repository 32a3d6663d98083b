//! The TCP options of this process's own sockets, read back by the tests of the clients that
//! set them.

/// Whether the TCP socket of this process bound to local port `port` (IPv4) has `TCP_NODELAY`
/// set; `None` when there is no such socket. With Nagle's algorithm on, the second segment of a
/// write (a TLS record boundary, a request larger than a segment) waits for the server's delayed
/// acknowledgement: 40 ms on Linux.
pub(crate) fn nodelay_of_local_port(port: u16) -> Option<bool> {
    let fd = std::fs::read_dir("/proc/self/fd").ok()?.find_map(|entry| {
        let fd: i32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
        let mut address: libc::sockaddr_in = unsafe { std::mem::zeroed() };
        let mut len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        // SAFETY: the buffer and its length describe `address`; a descriptor closed or reused
        // meanwhile makes the call fail or name another port, never write elsewhere.
        let named = unsafe { libc::getsockname(fd, (&raw mut address).cast(), &mut len) == 0 };
        let ipv4 = named && i32::from(address.sin_family) == libc::AF_INET;
        (ipv4 && u16::from_be(address.sin_port) == port).then_some(fd)
    })?;
    let mut nodelay: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: the buffer and its length describe `nodelay`; the caller holds the connection, so
    // the socket stays open.
    let read = unsafe {
        libc::getsockopt(
            fd,
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&raw mut nodelay).cast(),
            &mut len,
        )
    };
    assert_eq!(read, 0, "{}", std::io::Error::last_os_error());
    Some(nodelay != 0)
}
