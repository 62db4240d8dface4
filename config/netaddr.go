package config

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// Security is how a mail connection is protected.
type Security string

// Connection security modes.
const (
	SecurityTLS      Security = "tls"      // TLS from the first byte (IMAPS 993, SMTPS 465)
	SecurityStartTLS Security = "starttls" // plain connect, then STARTTLS (required to succeed)
	SecurityNone     Security = "none"     // no TLS; only allowed to loopback hosts
)

// Valid reports whether s is one of the known modes.
func (s Security) Valid() bool {
	switch s {
	case SecurityTLS, SecurityStartTLS, SecurityNone:
		return true
	}
	return false
}

// UsesTLS reports whether the connection is encrypted, at once or after STARTTLS.
func (s Security) UsesTLS() bool { return s == SecurityTLS || s == SecurityStartTLS }

// IsLoopback reports whether the host of hostport ("host:port", or a bare host) is a loopback
// host: an address in 127.0.0.0/8, ::1 (also IPv4-mapped), or the name "localhost".
func IsLoopback(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	return ip.Unmap().IsLoopback()
}

// checkHostPort validates "host:port" with a numeric port in [minPort, 65535]; the host may be
// empty only when allowEmptyHost is set (listen on all interfaces).
func checkHostPort(hostport string, minPort int, allowEmptyHost bool) error {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return fmt.Errorf("%q is not host:port (%v)", hostport, trimAddrErr(err))
	}
	if host == "" && !allowEmptyHost {
		return fmt.Errorf("%q has no host", hostport)
	}
	if strings.ContainsAny(host, " \t\r\n/") {
		return fmt.Errorf("%q has an invalid host", hostport)
	}
	if port == "" {
		return fmt.Errorf("%q has no port", hostport)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < minPort || n > 65535 {
		return fmt.Errorf("%q has an invalid port %q, want a number %d..65535", hostport, port, minPort)
	}
	return nil
}

// trimAddrErr drops the repeated address from a net.AddrError.
func trimAddrErr(err error) string {
	if ae, ok := err.(*net.AddrError); ok {
		return ae.Err
	}
	return err.Error()
}

// hostOf returns the host part of hostport, or "" when it has none.
func hostOf(hostport string) string {
	h, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return ""
	}
	return h
}
