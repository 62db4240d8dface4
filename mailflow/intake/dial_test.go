package intake

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"
)

// selfSigned returns a server config with a certificate for 127.0.0.1 and a client config
// that trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "intake test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, &tls.Config{RootCAs: pool}
}

func TestDialSecurityModes(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	tests := []struct {
		name     string
		security string
		implicit bool
		tls      bool
	}{
		{"none", SecurityNone, false, false},
		{"starttls", SecurityStartTLS, false, true},
		{"tls", SecurityTLS, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s *testServer
			if tt.tls {
				s = newServerTLS(t, fullCaps, serverTLS, tt.implicit)
			} else {
				s = newServer(t, fullCaps)
			}
			cfg := testConfig(t, s)
			cfg.Security = tt.security
			cfg.TLSConfig = clientTLS
			c, err := Dial(context.Background(), cfg)
			if err != nil {
				t.Fatalf("Dial(%s) = %v, want a logged-in client", tt.security, err)
			}
			defer c.Close()
			// (Client.State lags behind Login's completion in go-imap beta.8, so ask the server.)
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Errorf("SELECT after Dial(%s) = %v, want a logged-in session", tt.security, err)
			}
		})
	}
}

func TestDialErrors(t *testing.T) {
	s := newServer(t, fullCaps)
	serverTLS, _ := selfSigned(t)
	tlsSrv := newServerTLS(t, fullCaps, serverTLS, true)
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantErr string
	}{
		{"unknown security", func(c *Config) { c.Security = "ssl" }, "want tls, starttls or none"},
		{"bad address", func(c *Config) { c.Address = "localhost" }, "imap address"},
		{"wrong password", func(c *Config) { c.Password = "wrong" }, "login as"},
		{"starttls not offered", func(c *Config) { c.Security = SecurityStartTLS }, "starttls"},
		{"untrusted certificate", func(c *Config) { c.Address, c.Security = tlsSrv.addr, SecurityTLS }, "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, s)
			tt.mutate(&cfg)
			c, err := Dial(context.Background(), cfg)
			if err == nil {
				c.Close()
				t.Fatalf("Dial = nil error, want one containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Dial error = %q, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), cfg.Password) {
				t.Errorf("Dial error %q reveals the password", err)
			}
		})
	}
}

func TestDialHonoursCancelledContext(t *testing.T) {
	// A listener that accepts but never greets: only the context can end the wait.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	startAt := time.Now()
	_, err = Dial(ctx, Config{Address: ln.Addr().String(), Security: SecurityNone})
	if err == nil || time.Since(startAt) > 3*time.Second {
		t.Errorf("Dial to a silent server = %v after %v, want an error soon after the 100ms deadline", err, time.Since(startAt))
	}
}
