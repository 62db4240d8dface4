package directory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// Import and export formats.
const (
	FormatTOML = "toml"
	FormatYAML = "yaml"
	FormatJSON = "json"
)

// maxFileSize bounds what Load reads; a directory file of a Systemhaus is far smaller.
const maxFileSize = 64 << 20

// FormatOf returns the format for a file name: .toml, .yaml/.yml or .json.
func FormatOf(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		return FormatTOML, nil
	case ".yaml", ".yml":
		return FormatYAML, nil
	case ".json":
		return FormatJSON, nil
	}
	return "", fmt.Errorf("%s: unknown file type, want .toml, .yaml, .yml or .json", path)
}

// Load reads a directory file, choosing the format by extension, and returns it normalised,
// sorted and validated as a whole.
func Load(path string) (*Directory, error) {
	format, err := FormatOf(path)
	if err != nil {
		return nil, fmt.Errorf("load directory: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load directory: %w", err)
	}
	defer f.Close()
	d, err := Read(io.LimitReader(f, maxFileSize), format)
	if err != nil {
		return nil, fmt.Errorf("load directory %s: %w", path, err)
	}
	return d, nil
}

// Read decodes a directory in format ("toml", "yaml", "yml" or "json"), rejecting unknown
// fields, then normalises, sorts and validates it. Validation failures are Problems.
func Read(r io.Reader, format string) (*Directory, error) {
	d := &Directory{}
	if err := decode(r, format, d); err != nil {
		return nil, err
	}
	d.normalize()
	d.sortRecords()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

func decode(r io.Reader, format string, d *Directory) error {
	switch format {
	case FormatTOML:
		md, err := toml.NewDecoder(r).Decode(d)
		if err != nil {
			return fmt.Errorf("decode toml: %w", err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			var ps Problems
			for _, k := range und {
				ps = append(ps, Problem{Setting: k.String(), Message: "unknown setting"})
			}
			return ps
		}
	case FormatYAML, "yml":
		dec := yaml.NewDecoder(r)
		dec.KnownFields(true)
		if err := dec.Decode(d); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("decode yaml: %w", err)
		}
	case FormatJSON:
		dec := json.NewDecoder(r)
		dec.DisallowUnknownFields()
		if err := dec.Decode(d); err != nil {
			return fmt.Errorf("decode json: %w", err)
		}
	default:
		return fmt.Errorf("unknown format %q, want toml, yaml or json", format)
	}
	return nil
}

// Write encodes the directory in format ("toml", "yaml", "yml" or "json") with records sorted
// by number and ID. It does not validate and does not change d. Writing what Load returned
// and loading it again gives the same bytes on the next Write.
func (d *Directory) Write(w io.Writer, format string) error {
	out := Directory{
		Customers: slices.Clone(d.Customers),
		Contacts:  slices.Clone(d.Contacts),
		Contracts: slices.Clone(d.Contracts),
	}
	out.sortRecords()
	var buf bytes.Buffer
	switch format {
	case FormatTOML:
		enc := toml.NewEncoder(&buf)
		enc.Indent = ""
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("encode toml: %w", err)
		}
	case FormatYAML, "yml":
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("encode yaml: %w", err)
		}
		if err := enc.Close(); err != nil {
			return fmt.Errorf("encode yaml: %w", err)
		}
	case FormatJSON:
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return fmt.Errorf("encode json: %w", err)
		}
		buf.Write(append(b, '\n'))
	default:
		return fmt.Errorf("unknown format %q, want toml, yaml or json", format)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write directory: %w", err)
	}
	return nil
}
