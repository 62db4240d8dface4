package intake

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

const dialTimeout = 30 * time.Second

// Dial connects to cfg.Address with cfg.Security, waits for the greeting and logs in with
// cfg.Username and cfg.Password. The returned client is authenticated, no mailbox selected.
func Dial(ctx context.Context, cfg Config) (*imapclient.Client, error) {
	return dial(ctx, cfg.withDefaults(), nil)
}

// dial is Dial with client options (the session's unilateral data handler). cfg has defaults.
func dial(ctx context.Context, cfg Config, opts *imapclient.Options) (*imapclient.Client, error) {
	if opts == nil {
		opts = &imapclient.Options{}
	}
	host, _, err := net.SplitHostPort(cfg.Address)
	if err != nil {
		return nil, fmt.Errorf("imap address %q: %w", cfg.Address, err)
	}
	tlsConfig := &tls.Config{}
	if cfg.TLSConfig != nil {
		tlsConfig = cfg.TLSConfig.Clone()
	}
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = host
	}
	o := *opts
	o.TLSConfig = tlsConfig

	nd := &net.Dialer{Timeout: dialTimeout}
	var conn net.Conn
	switch cfg.Security {
	case SecurityTLS:
		conn, err = (&tls.Dialer{NetDialer: nd, Config: tlsConfig}).DialContext(ctx, "tcp", cfg.Address)
	case SecurityStartTLS, SecurityNone:
		conn, err = nd.DialContext(ctx, "tcp", cfg.Address)
	default:
		return nil, fmt.Errorf("imap security %q: want tls, starttls or none", cfg.Security)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", cfg.Address, err)
	}

	// The handshake below does not take a context: closing the connection unblocks it.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	c, err := handshake(conn, cfg, &o)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = fmt.Errorf("%w (%v)", ctxErr, err)
		}
		return nil, err
	}
	return c, nil
}

// handshake runs greeting, optional STARTTLS and LOGIN on conn. It closes conn on failure.
func handshake(conn net.Conn, cfg Config, opts *imapclient.Options) (*imapclient.Client, error) {
	var c *imapclient.Client
	if cfg.Security == SecurityStartTLS {
		var err error
		if c, err = imapclient.NewStartTLS(conn, opts); err != nil {
			return nil, fmt.Errorf("starttls with %s: %w", cfg.Address, err)
		}
	} else {
		c = imapclient.New(conn, opts)
		if err := c.WaitGreeting(); err != nil {
			c.Close()
			return nil, fmt.Errorf("greeting from %s: %w", cfg.Address, err)
		}
	}
	if c.State() == imap.ConnStateAuthenticated {
		return c, nil // PREAUTH (refused by NewStartTLS on STARTTLS connections)
	}
	if c.Caps().Has(imap.CapLoginDisabled) {
		c.Close()
		return nil, errors.New("login: server disables LOGIN on this connection (use tls or starttls)")
	}
	if err := c.Login(cfg.Username, cfg.Password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("login as %q: %w", cfg.Username, err)
	}
	return c, nil
}
