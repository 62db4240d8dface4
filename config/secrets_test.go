package config

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretResolutionOrder(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, "imap.pw", "from-file\r\n")
	tests := []struct {
		name     string
		password string // imap.password in the file
		file     string // imap.password_file
		env      string // HELPDESK_IMAP_PASSWORD
		want     string
	}{
		{"explicit wins over file and env", "explicit", file, "from-env", "explicit"},
		{"file wins over env", "", file, "from-env", "from-file"},
		{"env when nothing else", "", "", "from-env", "from-env"},
		{"nothing", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			t.Setenv(EnvIMAPPassword, tt.env)
			text := strings.Replace(minimalTOML, "username =",
				fmt.Sprintf("password = %q\npassword_file = %q\nusername =", tt.password, tt.file), 1)
			c, err := Load(writeFile(t, "helpdesk.toml", text))
			if err != nil {
				t.Fatalf("Load = %v", err)
			}
			if c.IMAP.Password != tt.want {
				t.Errorf("imap password = %q, want %q", c.IMAP.Password, tt.want)
			}
			if c.SMTP.Password != "" {
				t.Errorf("smtp password = %q, want \"\" (imap settings must not leak into smtp)", c.SMTP.Password)
			}
		})
	}
	t.Run("smtp env", func(t *testing.T) {
		clearEnv(t)
		t.Setenv(EnvSMTPPassword, "smtp-env")
		c, err := Load(writeFile(t, "helpdesk.toml", minimalTOML))
		if err != nil {
			t.Fatal(err)
		}
		if c.SMTP.Password != "smtp-env" || c.IMAP.Password != "" {
			t.Errorf("passwords = imap %q smtp %q, want imap \"\" smtp \"smtp-env\"", c.IMAP.Password, c.SMTP.Password)
		}
	})
	t.Run("smtp file", func(t *testing.T) {
		clearEnv(t)
		pw := writeFile(t, "smtp.pw", "smtp-file\n")
		c, err := Load(writeFile(t, "helpdesk.toml", minimalTOML+fmt.Sprintf("password_file = %q\n", pw)))
		if err != nil {
			t.Fatal(err)
		}
		if c.SMTP.Password != "smtp-file" {
			t.Errorf("smtp password = %q, want \"smtp-file\"", c.SMTP.Password)
		}
	})
	for _, bad := range []struct{ name, path, msg string }{
		{"missing file", filepath.Join(dir, "nope"), "cannot read"},
		{"empty file", writeFile(t, "empty.pw", "\n"), "is empty"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			clearEnv(t)
			t.Setenv(EnvSMTPPassword, "from-env") // a broken file must not fall back silently
			_, err := Load(writeFile(t, "helpdesk.toml", minimalTOML+fmt.Sprintf("password_file = %q\n", bad.path)))
			ps := problemsOf(t, err)
			if _, ok := findProblem(ps, "smtp.password_file", bad.msg); !ok || len(ps) != 1 {
				t.Fatalf("Load() problems =\n%v\nwant exactly one smtp.password_file: ...%s...", ps, bad.msg)
			}
		})
	}
}

func TestRedacted(t *testing.T) {
	c := validConfig(t)
	c.IMAP.Password = "pw-imap-XYZ"
	c.SMTP.Password = "pw-smtp-XYZ"
	c.Policy.Allow = []string{"example.com"}
	c.Rules = []Rule{{Name: "r", Field: FieldBody, Regex: "x", Action: ActionTag, Tag: "t"}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	r := c.Redacted()
	if r.IMAP.Password != "***" || r.SMTP.Password != "***" {
		t.Errorf("Redacted passwords = %q, %q, want ***", r.IMAP.Password, r.SMTP.Password)
	}
	if c.IMAP.Password != "pw-imap-XYZ" || c.SMTP.Password != "pw-smtp-XYZ" {
		t.Errorf("Redacted changed the original: %q, %q", c.IMAP.Password, c.SMTP.Password)
	}
	r.Policy.Allow[0] = "changed"
	r.Rules[0].Name = "changed"
	if c.Policy.Allow[0] != "example.com" || c.Rules[0].Name != "r" {
		t.Errorf("Redacted shares slices with the original")
	}
	if r.Rules[0].Regexp() == nil {
		t.Errorf("Redacted dropped the compiled rule regexp")
	}
	var b strings.Builder
	if err := Encode(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{b.String(), c.String(), fmt.Sprint(c), fmt.Sprintf("%v", c)} {
		if strings.Contains(out, "XYZ") {
			t.Errorf("printed config leaks a password:\n%s", out)
		}
	}
	empty := validConfig(t).Redacted()
	if empty.IMAP.Password != "" {
		t.Errorf("Redacted unset password = %q, want \"\" (shows it is not set)", empty.IMAP.Password)
	}
}
