//go:build !linux

package sentlog

import "os"

func fdatasync(f *os.File) error { return f.Sync() }
