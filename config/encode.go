package config

import (
	"fmt"
	"io"

	"github.com/BurntSushi/toml"
)

// Encode writes c as TOML that Load reads back. Passwords are written as they are: pass
// c.Redacted() to print a config.
func Encode(w io.Writer, c *Config) error {
	if err := toml.NewEncoder(w).Encode(c); err != nil {
		return fmt.Errorf("encode config: %w", err)
	}
	return nil
}
