"""Network and query reliability: a misbehaving loopback server, SERVICE, deadlines."""
