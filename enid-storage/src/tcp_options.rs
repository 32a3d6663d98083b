//! The TCP options of this process's own sockets, read back by the tests of the clients that
//! set them.

/// Whether this process's IPv4 TCP connection from local port `local` to remote port `remote`
/// has `TCP_NODELAY` set; `None` when there is no such connection. With Nagle's algorithm on,
/// the last part of a write made in parts (TLS records) waits for the server's delayed
/// acknowledgement: 40 ms on Linux.
pub(crate) fn nodelay_of_connection(local: u16, remote: u16) -> Option<bool> {
    // Both ports: one local port may serve connections to different servers.
    let fd = std::fs::read_dir("/proc/self/fd").ok()?.find_map(|entry| {
        let fd: i32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
        let ports = (
            port_of(fd, libc::getsockname)?,
            port_of(fd, libc::getpeername)?,
        );
        (ports == (local, remote)).then_some(fd)
    })?;
    let mut nodelay: libc::c_int = 0;
    let mut len = size_of::<libc::c_int>() as libc::socklen_t;
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

type AddressOf =
    unsafe extern "C" fn(libc::c_int, *mut libc::sockaddr, *mut libc::socklen_t) -> libc::c_int;

/// The IPv4 port that `address_of` (`getsockname` or `getpeername`) gives for descriptor `fd`.
fn port_of(fd: i32, address_of: AddressOf) -> Option<u16> {
    // SAFETY: all zeroes is a valid `sockaddr_in`.
    let mut address: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    let mut len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: the buffer and its length describe `address`; a descriptor closed or reused
    // meanwhile makes the call fail or name another socket, never write elsewhere.
    let named = unsafe { address_of(fd, (&raw mut address).cast(), &mut len) } == 0;
    let ipv4 = named && i32::from(address.sin_family) == libc::AF_INET;
    ipv4.then(|| u16::from_be(address.sin_port))
}
