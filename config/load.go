package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/BurntSushi/toml"
)

// Load reads the TOML file at path, applies the defaults, resolves the passwords (explicit
// password, then password_file, then HELPDESK_IMAP_PASSWORD / HELPDESK_SMTP_PASSWORD) and
// validates. A file that cannot be read is a plain error; everything wrong with its content
// is returned as Problems, all at once. The config is returned with Problems unless the file
// is not valid TOML at all.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return parse(data, os.Getenv)
}

// parse is Load after reading the file, with the environment passed in.
func parse(data []byte, getenv func(string) string) (*Config, error) {
	c := base()
	ps, err := decode(data, c)
	if err != nil {
		return nil, err
	}
	c.applyDerived()
	ps = append(ps, c.resolveSecrets(getenv)...)
	var vps Problems
	if errors.As(c.Validate(), &vps) {
		// A value dropped for its type or format is reported once, not again as missing.
		reported := make(map[string]bool, len(ps))
		for _, p := range ps {
			reported[p.Setting] = true
		}
		for _, p := range vps {
			if !reported[p.Setting] {
				ps = append(ps, p)
			}
		}
	}
	return c, ps.Err()
}

// decode decodes data on top of the defaults in c. Values of the wrong type or format and
// unknown keys become problems; a TOML syntax error is returned as a single problem and no
// config.
func decode(data []byte, c *Config) (Problems, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, Problems{syntaxProblem(err, false)}
	}
	// Check every value against its field first so that all bad values are reported, not only
	// the first one the decoder trips over, and drop them so the rest decodes.
	var ps Problems
	if precheck(raw, configType, "", &ps) {
		var buf bytes.Buffer
		if err := toml.NewEncoder(&buf).Encode(raw); err != nil {
			return nil, fmt.Errorf("re-encode config: %w", err)
		}
		data = buf.Bytes()
	}
	md, err := toml.Decode(string(data), c)
	if err != nil {
		return nil, append(ps, syntaxProblem(err, true))
	}
	return append(ps, unknownKeys(md.Undecoded())...), nil
}

// unknownKeys reports each undecoded key, but not the keys inside an unknown table.
func unknownKeys(keys []toml.Key) Problems {
	unknown := make(map[string]bool, len(keys))
	for _, k := range keys {
		unknown[k.String()] = true
	}
	var ps Problems
next:
	for _, k := range keys {
		for i := 1; i < len(k); i++ {
			if unknown[k[:i].String()] {
				continue next
			}
		}
		ps.Add(k.String(), "unknown setting")
	}
	return ps
}

// syntaxProblem turns a decoder error into a problem. withKey names the decoder's last key as
// the setting: right for value errors, misleading for syntax errors (it is the key before).
func syntaxProblem(err error, withKey bool) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		p := Problem{Message: fmt.Sprintf("line %d: %s", pe.Position.Line, pe.Message)}
		if withKey {
			p.Setting = pe.LastKey
		}
		return p
	}
	return Problem{Message: err.Error()}
}
